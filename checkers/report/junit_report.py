"""The JUnit XML report: one test case per document, one failure per finding, for CI test dashboards."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from checkers.model import DocumentResult, Finding
from checkers.runner import RunResult
from checkers.triage import counts_against

# XML 1.0 cannot carry most control characters, which PDF and Word text sometimes holds (e.g. form feeds).
NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: str) -> str:
    return NOT_XML.sub("\ufffd", text)


def _failure_body(finding: Finding) -> str:
    lines = [f"严重程度 severity: {finding.severity}", f"位置 location: {finding.location.describe()}"]
    if finding.excerpt:
        lines.append(f"原文 excerpt: “{finding.excerpt}”")
    lines.append(f"依据 basis: {finding.basis}")
    lines.append(f"建议 fix: {finding.suggestion}")
    return "\n".join(lines)


def _quiet_line(finding: Finding) -> str:
    if finding.suppressed is not None:
        why = f"已抑制 suppressed: {finding.suppressed.get('reason', '')}"
        if finding.suppressed.get("expires"):
            why += f"（至 expires {finding.suppressed['expires']}）"
    else:
        why = "基线已有 baseline: unchanged"
    return f"{finding.rule} {finding.location.describe()} {finding.message} — {why}"


def _testcase(result: DocumentResult) -> ET.Element:
    case = ET.Element("testcase", classname=_xml(result.kind or "unknown"), name=_xml(result.path))
    if result.error:
        ET.SubElement(case, "error", message=_xml(result.error), type="unreadable").text = _xml(result.error)
        return case
    for finding in filter(counts_against, result.findings):
        failure = ET.SubElement(case, "failure", type=_xml(finding.rule),
                                message=_xml(f"{finding.rule}: {finding.message}"))
        failure.text = _xml(_failure_body(finding))
    notes = [_quiet_line(f) for f in result.findings if not counts_against(f)]
    if result.kind == "unknown" and not result.findings:
        notes.append("未识别为可检查的文件类型，未适用规则 / kind unknown: no rules applied")
    if notes:
        ET.SubElement(case, "system-out").text = _xml("\n".join(notes))
    return case


def report_element(run: RunResult) -> ET.Element:
    cases = [_testcase(result) for result in run.documents]
    for skipped in run.skipped:
        case = ET.Element("testcase", classname="unknown", name=_xml(skipped.path))
        ET.SubElement(case, "skipped", message=_xml(skipped.reason))
        cases.append(case)
    counts = {
        "tests": str(len(cases)),
        "failures": str(sum(1 for case in cases if case.find("failure") is not None)),
        "errors": str(sum(1 for case in cases if case.find("error") is not None)),
        "skipped": str(len(run.skipped)),
    }
    suites = ET.Element("testsuites", name="lawlint", **counts)
    suite = ET.SubElement(suites, "testsuite", name="lawlint", **counts)
    suite.extend(cases)
    ET.indent(suites)
    return suites


def render(run: RunResult) -> str:
    return ET.tostring(report_element(run), encoding="utf-8", xml_declaration=True).decode("utf-8") + "\n"
