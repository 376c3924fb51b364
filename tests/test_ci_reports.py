"""The CI reporters (SARIF, JUnit XML, GitHub Actions commands) on a real run over corpus documents."""

from __future__ import annotations

import copy
import json
import re
import shutil
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jsonschema
import pytest
import yaml

from checkers.baseline import fingerprint
from checkers.model import DocumentResult, Finding
from checkers.report import github_report, junit_report, sarif_report
from checkers.runner import CASE_MARKER, RunResult, run
from checkers.triage import counts_against
from helpers import REPO

SARIF_SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"
# Defective documents whose sidecars name the rules they fire, one per checked kind and format.
CORPUS_DOCUMENTS = ["normative/d01-market-stalls.txt", "normative/d03-home-renovation.pdf",
                    "contract/k13-culture-centre-cleaning.txt"]
CASE_DOCUMENT = "enforcement/x12-salmonella-casefile.txt"
# A case folder whose name holds what URIs and GitHub properties must escape.
CASE_FOLDER = "docs/案卷 2021,第1%号:甲"
SUPPRESSION = {"reason": "经司法局备案审查认可，保留原文", "rule": "*", "path": "docs/d01-market-stalls.txt",
               "excerpt": None, "expires": "2099-12-31", "source": "lawlint.toml #1"}
NOTICE = {"code": "suppression-expired", "message": "忽略规则已过期（2020-01-01），不再生效，请复核",
          "source": "lawlint.toml #2"}


def expected_rules(corpus_path: str) -> set[str]:
    sidecar = (REPO / "corpus" / corpus_path).with_suffix(".expect.yaml")
    return set(yaml.safe_load(sidecar.read_text(encoding="utf-8"))["rules"])


@pytest.fixture(scope="module")
def checked(tmp_path_factory, checker) -> RunResult:
    """A real run over docs/: three corpus documents, a case folder, a corrupt .docx and an unsupported file."""
    root = tmp_path_factory.mktemp("ci")
    docs = root / "docs"
    docs.mkdir()
    for corpus_path in CORPUS_DOCUMENTS:
        shutil.copy(REPO / "corpus" / corpus_path, docs)
    case = root / CASE_FOLDER
    case.mkdir()
    (case / CASE_MARKER).write_text("", encoding="utf-8")
    shutil.copy(REPO / "corpus" / CASE_DOCUMENT, case)
    (docs / "broken.docx").write_bytes(b"PK\x03\x04 this is not a zip archive")
    (docs / "notes.md").write_text("# 说明\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)  # paths as a CI job gives them: relative to the repository root
        result = run(["docs"], checker)
    result.notices.append(dict(NOTICE))
    return result


def _document(run_result: RunResult, name: str) -> DocumentResult:
    return next(d for d in run_result.documents if d.path == f"docs/{name}" or d.path == name)


@pytest.fixture(scope="module")
def triaged(checked) -> RunResult:
    """The same run as triage leaves it: fingerprints everywhere, d01 fully suppressed, one d03 finding baselined."""
    marked = copy.deepcopy(checked)
    for result in marked.documents:
        result.findings = [replace(f, fingerprint=fingerprint(f.rule, result.path, f.excerpt)) for f in result.findings]
    d01 = _document(marked, "d01-market-stalls.txt")
    d01.findings = [replace(f, suppressed=dict(SUPPRESSION)) for f in d01.findings]
    d03 = _document(marked, "d03-home-renovation.pdf")
    d03.findings = [replace(f, baseline_state="unchanged" if i == 0 else "new") for i, f in enumerate(d03.findings)]
    return marked


def test_the_run_holds_what_the_reports_need(checked):
    assert [d.path for d in checked.documents] == [
        "docs/broken.docx", "docs/d01-market-stalls.txt", "docs/d03-home-renovation.pdf",
        "docs/k13-culture-centre-cleaning.txt", CASE_FOLDER]
    for corpus_path in CORPUS_DOCUMENTS:
        fired = {f.rule for f in _document(checked, Path(corpus_path).name).findings}
        assert expected_rules(corpus_path) <= fired
    case = _document(checked, CASE_FOLDER)
    assert case.format == "case" and expected_rules(CASE_DOCUMENT) <= {f.rule for f in case.findings}
    assert _document(checked, "broken.docx").error
    assert [s.path for s in checked.skipped] == ["docs/notes.md"]


# SARIF


def sarif(run_result: RunResult, checker) -> dict:
    return json.loads(sarif_report.render(run_result, checker.rules))


def _uri(result_or_notification: dict) -> str:
    return result_or_notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]


def test_sarif_validates_against_the_official_schema(triaged, checker):
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    # The OASIS 2.1.0 schema (errata 01) declares JSON Schema draft-04.
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    jsonschema.Draft4Validator.check_schema(schema)
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    log = sarif(triaged, checker)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])
    broken = copy.deepcopy(log)
    broken["runs"][0]["results"][0]["level"] = "info"  # not a SARIF level: the validator must notice
    assert not validator.is_valid(broken)
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json" and log["version"] == "2.1.0"


def test_sarif_describes_every_rule_once_and_every_finding_once(checked, checker):
    log = sarif(checked, checker)
    (sarif_run,) = log["runs"]
    driver = sarif_run["tool"]["driver"]
    assert driver["name"] == "lawlint" and driver["version"]
    ids = [descriptor["id"] for descriptor in driver["rules"]]
    assert ids == [rule.id for rule in checker.rules]
    results = sarif_run["results"]
    findings = [(d, f) for d in checked.documents for f in d.findings]
    assert len(results) == len(findings) > 0
    for result, (document, finding) in zip(results, findings, strict=True):
        assert ids[result["ruleIndex"]] == result["ruleId"] == finding.rule
        assert result["level"] == {"error": "error", "warning": "warning", "info": "note"}[finding.severity]
        assert finding.message in result["message"]["text"]
        assert finding.excerpt in result["message"]["text"]
        assert unquote(_uri(result)) == document.path
    for corpus_path in CORPUS_DOCUMENTS:
        uri = f"docs/{Path(corpus_path).name}"
        fired = {r["ruleId"] for r in results if _uri(r) == uri}
        assert expected_rules(corpus_path) <= fired


def test_sarif_rule_descriptors_carry_basis_fix_and_level(checker, checked):
    descriptors = {d["id"]: d for d in sarif(checked, checker)["runs"][0]["tool"]["driver"]["rules"]}
    rule = checker.rules_by_id["norm.sets-license"]
    descriptor = descriptors[rule.id]
    assert descriptor["defaultConfiguration"]["level"] == "error"
    assert "{" not in descriptor["shortDescription"]["text"]
    assert descriptor["shortDescription"]["text"].startswith("文件自行设定了行政许可或审批条件")
    assert descriptor["help"]["text"] == f"依据 basis: {rule.basis}\n建议 fix: {rule.suggestion}"
    assert rule.basis in descriptor["help"]["markdown"]
    assert descriptor["properties"] == {"kinds": list(rule.kinds), "basis": rule.basis, "tags": list(rule.kinds)}
    levels = {d["defaultConfiguration"]["level"] for d in descriptors.values()}
    assert levels <= {"error", "warning", "note"}
    with_setting = next(r for r in checker.rules if "{settings." in r.message)
    name = re.search(r"\{settings\.(\w+)\}", with_setting.message).group(1)
    assert str(with_setting.settings[name]) in descriptors[with_setting.id]["shortDescription"]["text"]
    assert "{" not in descriptors[with_setting.id]["shortDescription"]["text"]


def test_sarif_locations_are_paragraph_lines_with_page_and_snippet(checked, checker):
    results = sarif(checked, checker)["runs"][0]["results"]
    pdf = _document(checked, "d03-home-renovation.pdf")
    pdf_results = [r for r in results if _uri(r) == "docs/d03-home-renovation.pdf"]
    for result, finding in zip(pdf_results, pdf.findings, strict=True):
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] == finding.location.paragraph + 1
        assert region["snippet"]["text"] == finding.excerpt
        assert finding.location.page is not None
        assert result["properties"]["location"]["page"] == finding.location.page
    case_uri = "docs/%E6%A1%88%E5%8D%B7%202021%2C%E7%AC%AC1%25%E5%8F%B7%3A%E7%94%B2"
    case_results = [r for r in results if _uri(r) == case_uri]
    assert len(case_results) == len(_document(checked, CASE_FOLDER).findings) > 0
    assert not urlsplit(case_uri).scheme  # a relative reference, not "docs/案卷 …:" read as a scheme
    for result in case_results:  # a folder has no lines: the paragraph stays in lawlint's own properties
        assert "region" not in result["locations"][0]["physicalLocation"]
        assert result["properties"]["location"]["paragraph"] is not None


def test_sarif_marks_suppressed_baselined_and_fingerprinted_findings(triaged, checker):
    results = sarif(triaged, checker)["runs"][0]["results"]
    findings = [f for d in triaged.documents for f in d.findings]
    suppressed = [r for r in results if "suppressions" in r]
    assert len(suppressed) == sum(1 for f in findings if f.suppressed) == 2
    for result in suppressed:
        (suppression,) = result["suppressions"]
        assert suppression["kind"] == "external"
        assert suppression["justification"] == SUPPRESSION["reason"]
        assert suppression["properties"]["expires"] == "2099-12-31"
        assert suppression["properties"]["source"] == "lawlint.toml #1"
    states = [r.get("baselineState") for r in results]
    assert states == [f.baseline_state for f in findings]
    assert states.count("unchanged") == 1
    for result, finding in zip(results, findings, strict=True):
        assert result["partialFingerprints"] == {"lawlint/v1": finding.fingerprint}


def test_sarif_reports_unreadable_skipped_and_configuration_problems(checked, checker):
    invocation = sarif(checked, checker)["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is True
    execution = invocation["toolExecutionNotifications"]
    (error,) = [n for n in execution if n["level"] == "error"]
    assert error["message"]["text"] == _document(checked, "broken.docx").error
    assert _uri(error) == "docs/broken.docx"
    assert [_uri(n) for n in execution if n["level"] == "note"] == ["docs/notes.md"]
    (configuration,) = invocation["toolConfigurationNotifications"]
    assert configuration["level"] == "warning"
    assert configuration["message"]["text"] == NOTICE["message"]
    assert configuration["properties"] == {"code": NOTICE["code"], "source": NOTICE["source"]}


def test_sarif_uris_of_absolute_paths_are_file_uris(tmp_path):
    path = tmp_path / "通知 1.txt"
    assert sarif_report.document_uri(str(path)) == path.as_uri()
    assert sarif_report.document_uri("docs/a b/通知.txt") == "docs/a%20b/%E9%80%9A%E7%9F%A5.txt"


# JUnit XML


def junit(run_result: RunResult) -> ET.Element:
    text = junit_report.render(run_result)
    assert text.startswith("<?xml version='1.0' encoding='utf-8'?>")
    return ET.fromstring(text.encode("utf-8"))


def test_junit_has_one_testcase_per_input_and_one_failure_per_live_finding(triaged):
    root = junit(triaged)
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [d.path for d in triaged.documents] + ["docs/notes.md"]
    live = [f for d in triaged.documents for f in d.findings if counts_against(f)]
    assert len(suite.findall("testcase/failure")) == len(live) > 0
    failing_cases = [c for c in cases if c.find("failure") is not None]
    for element in (root, suite):
        assert element.get("tests") == str(len(cases))
        assert element.get("failures") == str(len(failing_cases))
        assert element.get("errors") == "1" and element.get("skipped") == "1"
    by_name = {c.get("name"): c for c in cases}
    contract = by_name["docs/k13-culture-centre-cleaning.txt"]
    assert contract.get("classname") == "contract"
    for failure, finding in zip(contract.findall("failure"), _document(triaged, "k13-culture-centre-cleaning.txt")
                                .findings, strict=True):
        assert failure.get("type") == finding.rule
        assert failure.get("message") == f"{finding.rule}: {finding.message}"
        for part in (finding.location.describe(), finding.excerpt, finding.basis, finding.suggestion):
            assert part in failure.text
    assert by_name[CASE_FOLDER].get("classname") == "enforcement"


def test_junit_passes_documents_whose_findings_are_all_suppressed_or_baselined(triaged):
    by_name = {c.get("name"): c for c in junit(triaged).iter("testcase")}
    quiet = by_name["docs/d01-market-stalls.txt"]
    assert quiet.find("failure") is None and quiet.find("error") is None
    listed = quiet.find("system-out").text
    for finding in _document(triaged, "d01-market-stalls.txt").findings:
        assert finding.rule in listed
    assert SUPPRESSION["reason"] in listed
    pdf = by_name["docs/d03-home-renovation.pdf"]
    baselined = _document(triaged, "d03-home-renovation.pdf").findings[0]
    assert baselined.rule not in {f.get("type") for f in pdf.findall("failure")}
    assert baselined.rule in pdf.find("system-out").text


def test_junit_reports_unreadable_and_skipped_inputs(checked):
    by_name = {c.get("name"): c for c in junit(checked).iter("testcase")}
    error = by_name["docs/broken.docx"].find("error")
    assert error.get("message") == _document(checked, "broken.docx").error
    skipped = by_name["docs/notes.md"].find("skipped")
    assert skipped.get("message") == checked.skipped[0].reason


def test_junit_survives_control_characters_from_document_text(checked):
    damaged = copy.deepcopy(checked)
    contract = _document(damaged, "k13-culture-centre-cleaning.txt")
    contract.findings[0] = replace(contract.findings[0], excerpt="瓯江区\x0c文化中心\x00合同")
    failure = next(c for c in junit(damaged).iter("testcase") if c.get("name") == contract.path).find("failure")
    assert "瓯江区\ufffd文化中心\ufffd合同" in failure.text


# GitHub Actions workflow commands

COMMAND = re.compile(r"^::(error|warning|notice)(?: ([^:]*))?::(.*)$")


def unescape_data(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def unescape_property(text: str) -> str:
    return unescape_data(text.replace("%3A", ":").replace("%2C", ","))


def parse_commands(output: str) -> list[tuple[str, dict, str]]:
    commands = []
    for line in output.splitlines():
        match = COMMAND.match(line)
        assert match, f"not a workflow command: {line!r}"
        properties = dict(item.split("=", 1) for item in match.group(2).split(",")) if match.group(2) else {}
        commands.append((match.group(1), {k: unescape_property(v) for k, v in properties.items()},
                         unescape_data(match.group(3))))
    return commands


def test_github_annotates_live_findings_with_file_line_and_rule(triaged):
    commands = parse_commands(github_report.render(triaged))
    annotations = [c for c in commands if c[1].get("title") not in ("lawlint", "lawlint config")]
    live = [(d, f) for d in triaged.documents for f in d.findings if counts_against(f)]
    assert len(annotations) == len(live) > 0
    for (name, properties, message), (document, finding) in zip(annotations, live, strict=True):
        assert name == {"error": "error", "warning": "warning", "info": "notice"}[finding.severity]
        assert properties["file"] == document.path
        assert properties["title"] == finding.rule
        assert message.startswith(finding.message + "\n")
        assert finding.suggestion in message
        if document.format == "case":
            assert "line" not in properties
        else:
            assert properties["line"] == str(finding.location.paragraph + 1)
    assert "docs/d01-market-stalls.txt" not in {properties["file"] for _, properties, _ in annotations}


def test_github_escapes_paths_and_messages(checked):
    output = github_report.render(checked)
    case_lines = [line for line in output.splitlines() if "案卷" in line]
    assert case_lines and all("file=docs/案卷 2021%2C第1%25号%3A甲," in line for line in case_lines)
    damaged = copy.deepcopy(checked)
    contract = _document(damaged, "k13-culture-centre-cleaning.txt")
    tricky = "金额相差 100%\r\n第二行, 含逗号: 与冒号 %0A"
    contract.findings[0] = replace(contract.findings[0], message=tricky)
    line = next(line for line in github_report.render(damaged).splitlines()
                if "title=" + contract.findings[0].rule in line)
    assert "\n" not in line and "\r" not in line
    assert "::金额相差 100%25%0D%0A第二行, 含逗号: 与冒号 %250A%0A" in line
    [(_, _, message)] = parse_commands(line)
    assert message.split("\n位置")[0] == tricky


def test_github_reports_unreadable_documents_notices_and_a_summary(triaged):
    commands = parse_commands(github_report.render(triaged))
    unreadable = [c for c in commands if c[1].get("title") == "lawlint" and c[1].get("file")]
    assert unreadable == [("error", {"file": "docs/broken.docx", "title": "lawlint"},
                           _document(triaged, "broken.docx").error)]
    (notice,) = [c for c in commands if c[1].get("title") == "lawlint config"]
    assert notice[0] == "warning"
    assert NOTICE["code"] in notice[2] and NOTICE["message"] in notice[2] and NOTICE["source"] in notice[2]
    name, properties, summary = commands[-1]
    assert (name, properties) == ("notice", {"title": "lawlint"})
    assert "5 files" in summary and "3 suppressed or unchanged" in summary and "1 skipped" in summary


def test_reporters_accept_a_finding_of_a_rule_they_were_not_given(checked, checker):
    stray = Finding(rule="local.custom", severity="info", message="自定义规则", basis="本单位规定", suggestion="—",
                    excerpt="", location=_document(checked, "d01-market-stalls.txt").findings[0].location)
    extended = copy.deepcopy(checked)
    extended.documents[1].findings.append(stray)
    (result,) = [r for r in sarif(extended, checker)["runs"][0]["results"] if r["ruleId"] == "local.custom"]
    assert "ruleIndex" not in result and result["level"] == "note"
    assert github_report.render(extended).count("::notice file=docs/d01-market-stalls.txt") == 1
