"""The `check` command end to end: JSON contract, text report, exit codes, bad input in a batch."""

from __future__ import annotations

import json
import subprocess
import sys

import docx

from cli import main
from helpers import CLEAN, DEFECTIVE, REPO


def run_json(args: list[str], capsys) -> tuple[int, dict]:
    code = main(["check", "--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)


def test_json_contract_and_findings(tmp_path, capsys):
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "bad.txt").write_text(DEFECTIVE, encoding="gb18030")
    code, report = run_json([str(tmp_path)], capsys)
    assert code == 1
    assert report["tool"]["name"] == "lawlint"
    assert report["summary"] == {"documents": 2, "findings": report["summary"]["findings"], "errors": 0,
                                 "skipped": 0, "suppressed": 0, "unchanged": 0}
    assert report["notices"] == []
    bad, clean = report["documents"]  # ordered by path
    assert clean["path"].endswith("clean.txt") and clean["findings"] == [] and clean["kind"] == "normative"
    assert set(bad) >= {"path", "kind", "format", "findings", "error"}
    rules = {f["rule"] for f in bad["findings"]}
    assert rules == {"fmt.docno-brackets", "fmt.docno-padding", "fmt.date-style", "norm.sets-penalty",
                     "norm.effective-too-soon", "norm.validity-too-long"}
    penalty = next(f for f in bad["findings"] if f["rule"] == "norm.sets-penalty")
    assert penalty["location"]["clause"] == "第二条第三款"
    assert penalty["location"]["paragraph"] == 5
    assert "处以二千元以上一万元以下罚款" in penalty["excerpt"]
    assert "行政处罚法" in penalty["basis"] and penalty["suggestion"]
    line = DEFECTIVE.splitlines()[5]
    assert line[penalty["location"]["start"]:penalty["location"]["end"]].startswith("处以")


def test_fail_on_levels(tmp_path, capsys):
    path = tmp_path / "warn.txt"
    path.write_text(CLEAN.replace("有效期5年", "有效期6年"), encoding="utf-8")
    assert main(["check", str(path)]) == 0  # only a warning: the default fails on errors
    assert main(["check", "--fail-on", "warning", str(path)]) == 1
    assert main(["check", "--fail-on", "never", str(path)]) == 0
    out = capsys.readouterr().out
    assert "norm.validity-too-long" in out and "依据 basis" in out and "建议 fix" in out


def test_bad_files_do_not_stop_the_batch(tmp_path, capsys):
    (tmp_path / "a_empty.txt").write_bytes(b"")
    (tmp_path / "b_corrupt.docx").write_bytes(b"PK\x03\x04 this is not a zip")
    (tmp_path / "c_garbage.txt").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "d_good.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "e_notes.xlsx").write_bytes(b"whatever")
    word = docx.Document()
    for line in DEFECTIVE.splitlines():
        word.add_paragraph(line)
    word.save(tmp_path / "f_word.docx")
    code, report = run_json([str(tmp_path)], capsys)
    assert code == 2
    by_name = {d["path"].rsplit("/", 1)[-1]: d for d in report["documents"]}
    assert by_name["a_empty.txt"]["error"] and by_name["b_corrupt.docx"]["error"]
    assert by_name["c_garbage.txt"]["error"]
    assert by_name["d_good.txt"]["error"] is None and by_name["d_good.txt"]["findings"] == []
    assert "norm.sets-penalty" in {f["rule"] for f in by_name["f_word.docx"]["findings"]}
    assert report["skipped"] == [{"path": str(tmp_path / "e_notes.xlsx"), "reason": report["skipped"][0]["reason"]}]
    assert report["summary"]["errors"] == 3


def test_size_limit_and_missing_path(tmp_path, capsys):
    path = tmp_path / "big.txt"
    path.write_text(CLEAN * 200, encoding="utf-8")
    code, report = run_json(["--max-size", "0.01", str(path)], capsys)
    assert code == 2 and report["documents"][0]["error"]
    assert main(["check", str(tmp_path / "nope.txt")]) == 2


def test_kind_override_and_output_file(tmp_path, capsys):
    path = tmp_path / "report.txt"
    path.write_text("关于2021年度工作情况的总结\n今年我们制定了制度。\n", encoding="utf-8")
    code, report = run_json([str(path)], capsys)
    assert report["documents"][0]["kind"] == "unknown" and code == 0
    out = tmp_path / "out.json"
    code = main(["check", "--kind", "normative", "--format", "json", "--output", str(out), str(path)])
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["documents"][0]["kind"] == "normative"
    assert "norm.number-missing" in {f["rule"] for f in written["documents"][0]["findings"]}
    assert code == 1


def test_python_cli_entry_point(tmp_path):
    path = tmp_path / "clean.txt"
    path.write_text(CLEAN, encoding="utf-8")
    done = subprocess.run([sys.executable, str(REPO / "cli.py"), "check", "--format", "json", str(path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["summary"]["findings"] == 0


def test_text_beyond_the_character_limit_is_a_clear_error(tmp_path):
    from checkers.checker import Checker
    from checkers.runner import check_file

    path = tmp_path / "long.txt"
    path.write_text(CLEAN * 40, encoding="utf-8")
    result = check_file(str(path), Checker(max_chars=2000))
    assert result.error and "text too long" in result.error and result.findings == []


def test_html_report_and_annotate_commands(tmp_path, capsys):
    (tmp_path / "bad.txt").write_text(DEFECTIVE, encoding="utf-8")
    word = docx.Document()
    for line in DEFECTIVE.strip().splitlines():
        word.add_paragraph(line)
    word.save(tmp_path / "bad.docx")
    report = tmp_path / "report.html"
    assert main(["check", str(tmp_path), "--format", "html", "--output", str(report), "--no-progress"]) == 1
    html = report.read_text(encoding="utf-8")
    assert html.count("norm.sets-penalty") >= 2 and "<svg" in html and "bad.docx" in html
    assert "处以二千元以上一万元以下罚款</mark>" in html
    annotated = tmp_path / "bad-批注.docx"
    assert main(["annotate", str(tmp_path / "bad.docx"), "-o", str(annotated)]) == 1  # findings → 1
    assert "6 comments" in capsys.readouterr().err
    assert len(list(docx.Document(annotated).comments)) == 6
    assert main(["annotate", str(tmp_path / "bad.docx"), "-o", str(tmp_path / "bad.docx")]) == 2
    assert main(["annotate", str(tmp_path / "bad.txt"), "-o", str(tmp_path / "x.docx")]) == 2
