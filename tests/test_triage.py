"""Suppressions, baselines, --changed-since and several reports in one run, through the CLI."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date, timedelta

import pytest

from checkers.baseline import fingerprint
from cli import main
from helpers import CLEAN, DEFECTIVE

SIX = {"fmt.docno-brackets", "fmt.docno-padding", "fmt.date-style", "norm.sets-penalty",
       "norm.effective-too-soon", "norm.validity-too-long"}


def check(args: list[str], capsys) -> tuple[int, dict, str]:
    code = main(["check", "--format", "json", "--no-progress", *args])
    captured = capsys.readouterr()
    return code, json.loads(captured.out) if captured.out.strip() else {}, captured.err


@pytest.fixture
def project(tmp_path):
    (tmp_path / "finance").mkdir()
    (tmp_path / "finance" / "fees.txt").write_text(DEFECTIVE, encoding="utf-8")
    (tmp_path / "other.txt").write_text(DEFECTIVE, encoding="utf-8")
    (tmp_path / "lawlint.toml").write_text("", encoding="utf-8")
    return tmp_path


def test_suppression_silences_only_what_it_names_and_keeps_the_finding(project, capsys):
    (project / "lawlint.toml").write_text(
        '[[suppress]]\nrule = "norm.sets-penalty"\npath = "finance/**"\nexcerpt = "二千元以上"\n'
        'reason = "经区政府常务会议研究，上位法修订后清理"\n'
        f'expires = {(date.today() + timedelta(days=30)).isoformat()}\n'
        '[[suppress]]\nrule = "fmt.*"\npath = "finance/fees.txt"\nreason = "历史文件格式"\n', encoding="utf-8")
    code, report, _ = check([str(project)], capsys)
    fees, other = report["documents"]
    assert fees["path"].endswith("fees.txt")
    suppressed = {f["rule"]: f["suppressed"] for f in fees["findings"] if f["suppressed"]}
    assert set(suppressed) == {"norm.sets-penalty", "fmt.docno-brackets", "fmt.docno-padding", "fmt.date-style"}
    assert suppressed["norm.sets-penalty"]["reason"].startswith("经区政府常务会议")
    assert suppressed["norm.sets-penalty"]["expires"] == (date.today() + timedelta(days=30)).isoformat()
    assert {f["rule"] for f in fees["findings"]} == SIX  # nothing vanished
    assert not any(f["suppressed"] for f in other["findings"])  # other path: not covered
    assert report["summary"]["suppressed"] == 4
    assert code == 1  # other.txt still has live errors
    main(["check", "--no-progress", str(project / "finance")])
    text = capsys.readouterr().out
    assert "已忽略 suppressed norm.sets-penalty" in text and "norm.validity-too-long" in text


def test_excerpt_that_does_not_match_suppresses_nothing(project, capsys):
    (project / "lawlint.toml").write_text(
        '[[suppress]]\nrule = "norm.sets-penalty"\nexcerpt = "五万元以上"\nreason = "另一句"\n', encoding="utf-8")
    _, report, _ = check([str(project / "finance")], capsys)
    assert report["summary"]["suppressed"] == 0


def test_expired_suppression_stops_suppressing_and_is_reported(project, capsys):
    (project / "lawlint-ignore.toml").write_text(
        '[[suppress]]\nrule = "norm"\nreason = "整改期内"\nexpires = 2020-01-31\n', encoding="utf-8")
    code, report, _ = check([str(project / "finance")], capsys)
    assert report["summary"]["suppressed"] == 0 and code == 1
    (notice,) = report["notices"]
    assert notice["code"] == "suppression-expired" and "2020-01-31" in notice["message"]
    assert notice["source"].endswith("lawlint-ignore.toml #1")
    main(["check", "--no-progress", "--format", "github", str(project / "finance")])
    assert "suppression expired" in capsys.readouterr().out


def test_all_findings_suppressed_passes(project, capsys):
    (project / "lawlint.toml").write_text('[[suppress]]\nrule = "norm"\nreason = "r"\n'
                                          '[[suppress]]\nrule = "fmt"\nreason = "r"\n', encoding="utf-8")
    code, report, _ = check([str(project)], capsys)
    assert code == 0 and report["summary"]["suppressed"] == 12


def test_baseline_fails_only_on_new_findings(project, capsys):
    baseline = project / "baseline.json"
    code, _, err = check([str(project), "--write-baseline", str(baseline)], capsys)
    assert code == 1 and "baseline written" in err
    recorded = json.loads(baseline.read_text(encoding="utf-8"))
    assert len(recorded["findings"]) == 12
    assert {e["path"] for e in recorded["findings"]} == {"finance/fees.txt", "other.txt"}

    code, report, _ = check([str(project), "--baseline", str(baseline)], capsys)
    assert code == 0
    assert {f["baseline_state"] for d in report["documents"] for f in d["findings"]} == {"unchanged"}

    # Text added above moves every paragraph; the findings keep their fingerprints.
    moved = DEFECTIVE.replace("第一条", "为规范市场秩序，特制定本办法。\n第一条", 1)
    (project / "other.txt").write_text(moved, encoding="utf-8")
    code, report, _ = check([str(project), "--baseline", str(baseline)], capsys)
    assert code == 0

    # A new defect is the only finding that counts.
    seal = "对拒不整改的，区市场监管局可以查封其经营场所。"
    worse = moved.replace("经营户不得出售过期食品。", "经营户不得出售过期食品。\n" + seal)
    (project / "other.txt").write_text(worse, encoding="utf-8")
    code, report, _ = check([str(project), "--baseline", str(baseline)], capsys)
    assert code == 1
    new = [f["rule"] for d in report["documents"] for f in d["findings"] if f["baseline_state"] == "new"]
    assert new == ["norm.sets-compulsion"]
    main(["check", "--no-progress", str(project), "--baseline", str(baseline)])
    text = capsys.readouterr().out
    assert "norm.sets-compulsion" in text and "norm.sets-penalty" not in text
    assert "baseline findings not shown" in text


def test_baseline_counts_repeated_findings(tmp_path, capsys):
    (tmp_path / "lawlint.toml").write_text("", encoding="utf-8")
    seal = "对拒不整改的，可以查封其经营场所。"
    (tmp_path / "doc.txt").write_text(CLEAN.replace("第二条", "第二条 " + seal), encoding="utf-8")
    baseline = tmp_path / "b.json"
    check([str(tmp_path), "--write-baseline", str(baseline)], capsys)
    doubled = CLEAN.replace("第二条", f"第二条 {seal}\n第三条 {seal}")
    (tmp_path / "doc.txt").write_text(doubled, encoding="utf-8")
    code, report, _ = check([str(tmp_path), "--baseline", str(baseline)], capsys)
    states = sorted(f["baseline_state"] for f in report["documents"][0]["findings"]
                    if f["rule"] == "norm.sets-compulsion")
    assert states == ["new", "unchanged"] and code == 1


def test_fingerprint_ignores_spacing_and_punctuation_width():
    assert fingerprint("r", "a/b.txt", "处以二千元以上, 一万元以下罚款") == \
        fingerprint("r", "a/b.txt", "处以二千元以上，一万元以下罚款")
    assert fingerprint("r", "a/b.txt", "x") != fingerprint("r", "a/c.txt", "x")


def test_bad_baseline_file_is_a_clear_error(project, capsys):
    (project / "b.json").write_text("{not json", encoding="utf-8")
    code, _, err = check([str(project), "--baseline", str(project / "b.json")], capsys)
    assert code == 2 and "baseline" in err
    code, _, err = check([str(project), "--baseline", str(project / "missing.json")], capsys)
    assert code == 2 and "not found" in err


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_changed_since_checks_only_changed_files(tmp_path, capsys):
    def git(*args):
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "t@example.org")
    git("config", "user.name", "t")
    (tmp_path / "a.txt").write_text(DEFECTIVE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(DEFECTIVE, encoding="utf-8")
    (tmp_path / "中文 目录").mkdir()
    (tmp_path / "中文 目录" / "c.txt").write_text(CLEAN, encoding="utf-8")
    git("add", "-A")
    git("commit", "-qm", "first")
    _, report, _ = check([str(tmp_path), "--changed-since", "HEAD"], capsys)
    assert report["documents"] == []
    (tmp_path / "b.txt").write_text(DEFECTIVE + "\n", encoding="utf-8")
    (tmp_path / "中文 目录" / "c.txt").write_text(CLEAN + "\n", encoding="utf-8")
    (tmp_path / "new.txt").write_text(CLEAN, encoding="utf-8")  # untracked counts as changed
    _, report, _ = check([str(tmp_path), "--changed-since", "HEAD"], capsys)
    assert sorted(d["path"].rsplit("/", 1)[-1] for d in report["documents"]) == ["b.txt", "c.txt", "new.txt"]
    code, _, err = check([str(tmp_path), "--changed-since", "no-such-ref"], capsys)
    assert code == 2 and "no-such-ref" in err


def test_several_reports_in_one_run(project, capsys, tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    code = main(["check", "--no-progress", str(project), "--report", f"sarif:{out / 'r.sarif'}",
                 "--report", f"junit:{out / 'r.xml'}", "--output-format", f"json:{out / 'r.json'}"])
    text = capsys.readouterr().out
    assert code == 1 and "Checked 2 files" in text
    sarif = json.loads((out / "r.sarif").read_text(encoding="utf-8"))
    assert len(sarif["runs"][0]["results"]) == 12
    assert (out / "r.xml").read_text(encoding="utf-8").count("<failure") == 12
    assert json.loads((out / "r.json").read_text(encoding="utf-8"))["summary"]["findings"] == 12
    assert main(["check", str(project), "--report", "pdf:x.pdf"]) == 2
    assert "FORMAT:FILE" in capsys.readouterr().err
