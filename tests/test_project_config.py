"""Project config for batch and CI runs: include/exclude, rule selection, severity, fail_on, and
the `rules` command, all through the CLI on real files."""

from __future__ import annotations

import json

import pytest

from cli import main
from helpers import CLEAN, DEFECTIVE

ALL_SIX = {"fmt.docno-brackets", "fmt.docno-padding", "fmt.date-style", "norm.sets-penalty",
           "norm.effective-too-soon", "norm.validity-too-long"}


def check_json(args: list[str], capsys) -> tuple[int, dict, str]:
    code = main(["check", "--format", "json", "--no-progress", *args])
    captured = capsys.readouterr()
    return code, (json.loads(captured.out) if captured.out.strip() else {}), captured.err


@pytest.fixture
def project(tmp_path):
    (tmp_path / "units" / "finance").mkdir(parents=True)
    (tmp_path / "drafts").mkdir()
    (tmp_path / "units" / "finance" / "bad.txt").write_text(DEFECTIVE, encoding="utf-8")
    (tmp_path / "units" / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "drafts" / "bad-draft.txt").write_text(DEFECTIVE, encoding="utf-8")
    return tmp_path


def write_config(folder, text: str) -> None:
    (folder / "lawlint.toml").write_text(text, encoding="utf-8")


def test_exclude_and_include_globs(project, capsys):
    write_config(project, 'exclude = ["drafts/**"]\n')
    _, report, _ = check_json([str(project)], capsys)
    assert sorted(d["path"].rsplit("/", 1)[-1] for d in report["documents"]) == ["bad.txt", "clean.txt"]
    write_config(project, 'include = ["units/finance/*.txt"]\n')
    _, report, _ = check_json([str(project)], capsys)
    assert [d["path"].rsplit("/", 1)[-1] for d in report["documents"]] == ["bad.txt"]
    # An excluded file given by name is left out too, as pre-commit passes every changed file.
    write_config(project, 'exclude = ["drafts/"]\n')
    _, report, _ = check_json([str(project / "drafts" / "bad-draft.txt")], capsys)
    assert report["documents"] == []


def test_disable_by_family_and_id_enable_and_severity(project, capsys):
    bad = str(project / "units" / "finance" / "bad.txt")
    write_config(project, '[rules]\ndisable = ["fmt.*", "norm.validity-too-long"]\n')
    _, report, _ = check_json([bad], capsys)
    assert {f["rule"] for f in report["documents"][0]["findings"]} == \
        {"norm.sets-penalty", "norm.effective-too-soon"}
    write_config(project, '[rules]\nenable = ["fmt"]\n')
    _, report, _ = check_json([bad], capsys)
    assert {f["rule"] for f in report["documents"][0]["findings"]} == \
        {"fmt.docno-brackets", "fmt.docno-padding", "fmt.date-style"}
    # Severity: the family goes to info, one rule of it back to error; the most specific wins.
    write_config(project, '[severity]\n"norm" = "info"\n"norm.sets-penalty" = "error"\n"fmt.*" = "info"\n')
    _, report, _ = check_json([bad], capsys)
    levels = {f["rule"]: f["severity"] for f in report["documents"][0]["findings"]}
    assert set(levels) == ALL_SIX
    assert levels["norm.sets-penalty"] == "error" and levels["norm.validity-too-long"] == "info"
    assert levels["fmt.date-style"] == "info"


def test_fail_on_from_config_and_the_command_line(project, capsys):
    bad = str(project / "units" / "finance" / "bad.txt")
    write_config(project, '[severity]\n"norm" = "info"\n"fmt" = "info"\n')
    code, _, _ = check_json([bad], capsys)
    assert code == 0  # only info findings; default fail_on is error
    write_config(project, 'fail_on = "info"\n[severity]\n"norm" = "info"\n"fmt" = "info"\n')
    code, _, _ = check_json([bad], capsys)
    assert code == 1
    code, _, _ = check_json([bad, "--fail-on", "never"], capsys)
    assert code == 0


@pytest.mark.parametrize("text, named", [
    ('exclude = "drafts"\n', "exclude"),
    ('colour = true\n', "colour"),
    ('[rules]\nskip = ["fmt"]\n', "rules.skip"),
    ('[rules]\ndisable = ["nosuch.rule"]\n', "nosuch.rule"),
    ('[severity]\n"fmt.*" = "fatal"\n', 'severity."fmt.*"'),
    ('fail_on = "sometimes"\n', "fail_on"),
    ('jobs = 0\n', "jobs"),
    ('timeout = "soon"\n', "timeout"),
    ('[[suppress]]\nrule = "fmt.date-style"\npath = "**"\n', "suppress[1].reason"),
    ('[[suppress]]\nrule = "fmt.date-style"\nreason = "x"\nexpires = "next year"\n', "suppress[1].expires"),
    ('[[suppress]]\nrule = "fmt.date-style"\nreason = "x"\nowner = "me"\n', "owner"),
])
def test_bad_config_is_an_error_naming_the_key(project, capsys, text, named):
    write_config(project, text)
    code, report, err = check_json([str(project)], capsys)
    assert code == 2 and report == {}
    assert "配置错误" in err and named in err


def test_pyproject_section_is_found_by_walking_up(project, capsys):
    (project / "pyproject.toml").write_text('[project]\nname = "docs"\n\n[tool.lawlint]\n'
                                           'exclude = ["drafts/**"]\n[tool.lawlint.rules]\n'
                                           'disable = ["fmt"]\n', encoding="utf-8")
    _, report, _ = check_json([str(project / "units")], capsys)
    assert [sorted(f["rule"] for f in d["findings"]) for d in report["documents"]] == \
        [[], sorted(ALL_SIX - {"fmt.docno-brackets", "fmt.docno-padding", "fmt.date-style"})]  # clean, finance/bad
    (project / "pyproject.toml").write_text('[tool.lawlint]\nrulez = 1\n', encoding="utf-8")
    code, _, err = check_json([str(project / "units")], capsys)
    assert code == 2 and "tool.lawlint.rulez" in err


def test_rules_lists_every_rule_and_explains_one(capsys):
    from checkers.rulebook import load_registry_rules, load_rules

    assert main(["rules"]) == 0
    listing = capsys.readouterr().out
    every = load_rules() + load_registry_rules()
    for rule in every:
        assert rule.id in listing
    assert f"{len(every)} rules" in listing
    assert main(["rules", "norm.sets-fee"]) == 0
    text = capsys.readouterr().out
    fee = next(r for r in every if r.id == "norm.sets-fee")
    assert fee.basis.split()[0] in text and fee.suggestion in text
    assert fee.examples["fire"][0] in text and fee.examples["quiet"][0] in text
    assert main(["rules", "norm.sets-fee", "--format", "json"]) == 0
    as_json = json.loads(capsys.readouterr().out)
    assert as_json["id"] == "norm.sets-fee" and as_json["examples"]["quiet"] == list(fee.examples["quiet"])
    assert main(["rules", "norm.sets"]) == 2
    assert "norm.sets-fee" in capsys.readouterr().err  # suggests the close IDs


def test_rules_listing_follows_the_config(project, capsys):
    write_config(project, '[rules]\ndisable = ["fmt"]\n[severity]\n"norm.sets-fee" = "info"\n')
    assert main(["rules", "--config", str(project / "lawlint.toml"), "--format", "json"]) == 0
    listed = {r["id"]: r["severity"] for r in json.loads(capsys.readouterr().out)}
    assert not any(rule.startswith("fmt.") for rule in listed)
    assert listed["norm.sets-fee"] == "info"


def test_the_readme_config_example_is_valid():
    import re
    import tomllib

    from checkers.config import parse_config
    from checkers.rulebook import load_rules
    from helpers import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    (example,) = [block for block in re.findall(r"```toml\n(.*?)```", readme, re.S) if "[[suppress]]" in block]
    known = {rule.id: set(rule.settings) for rule in load_rules()}
    config = parse_config(tomllib.loads(example), None, known)
    assert config.exclude and config.disable == ["fmt.*", "norm.validity-too-long"]
    assert config.suppressions[0].reason and config.suppressions[0].expires.year == 2027
