"""Cross-document checks over a registry built by recording real documents."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest

from checkers.registry.crossdoc import check_registry
from checkers.registry.store import Registry, default_url
from cli import main
from helpers import CLEAN, REPO


def normative(docno: str, subject: str) -> str:
    return CLEAN.replace("瓯政办发〔2021〕8号", docno).replace("农贸市场", subject)


def record(folder) -> Registry:
    assert main(["check", str(folder), "--record", "--no-progress", "--fail-on", "never", "--format", "json",
                 "--output", str(folder.parent / "report.json")]) == 0
    return Registry(default_url(folder))


@pytest.fixture
def registry_folder(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "lawlint.toml").write_text("", encoding="utf-8")
    return folder


def rules_fired(found) -> dict[str, list[str]]:
    fired: dict[str, list[str]] = {}
    for finding in found:
        fired.setdefault(finding.rule, []).append(finding.message)
    return fired


def test_duplicate_docno_and_serial_gap(registry_folder):
    for serial, subject in ((1, "农贸市场"), (2, "早餐工程"), (5, "夜市摊点")):
        text = normative(f"瓯政办发〔2021〕{serial}号", subject)
        (registry_folder / f"n{serial}.txt").write_text(text, encoding="utf-8")
    (registry_folder / "again.txt").write_text(normative("瓯政办发〔2021〕2号", "菜篮子"), encoding="utf-8")
    shutil.copy(registry_folder / "n1.txt", registry_folder / "n1-copy.txt")  # the same document twice
    fired = rules_fired(check_registry(record(registry_folder).engine, today=date(2022, 1, 1)))
    (duplicate,) = fired["reg.docno-duplicate"]
    assert "瓯政办发〔2021〕2号" in duplicate and "2 份" in duplicate and "again.txt" in duplicate
    (gap,) = fired["reg.docno-gap"]
    assert "瓯政办发〔2021〕" in gap and "3号、4号" in gap and "2 个" in gap


def test_no_gap_and_no_duplicate_when_serials_run_on(registry_folder):
    for serial, subject in ((1, "农贸市场"), (2, "早餐工程"), (3, "夜市摊点")):
        text = normative(f"瓯政办发〔2021〕{serial}号", subject)
        (registry_folder / f"n{serial}.txt").write_text(text, encoding="utf-8")
    fired = rules_fired(check_registry(record(registry_folder).engine, today=date(2022, 1, 1)))
    assert "reg.docno-duplicate" not in fired and "reg.docno-gap" not in fired


def test_validity_reminders(registry_folder):
    (registry_folder / "n.txt").write_text(CLEAN, encoding="utf-8")  # 2021-07-01 起施行，有效期5年
    engine = record(registry_folder).engine
    assert rules_fired(check_registry(engine, today=date(2025, 1, 1))) == {}
    (ending,) = rules_fired(check_registry(engine, today=date(2026, 5, 1)))["reg.validity-ending"]
    assert "2026-06-30" in ending and "60 天" in ending
    assert "reg.validity-ending" not in rules_fired(
        check_registry(engine, today=date(2026, 5, 1), settings_override={"reg.validity-ending": {"remind_days": 30}}))
    (ended,) = rules_fired(check_registry(engine, today=date(2026, 7, 1)))["reg.validity-ended"]
    assert "2026-06-30" in ended


def test_duplicate_contract_numbers_and_cleanup(registry_folder, capsys):
    source = next(p for p in sorted((REPO / "corpus" / "contract").glob("*.txt"))
                  if "瓯财合〔2023〕22号" in p.read_bytes().decode("utf-8", errors="replace"))
    text = source.read_text(encoding="utf-8")
    (registry_folder / "a.txt").write_text(text, encoding="utf-8")
    (registry_folder / "b.txt").write_text(text + "\n附件：报价单", encoding="utf-8")
    registry = record(registry_folder)
    fired = rules_fired(check_registry(registry.engine, today=date(2026, 1, 1)))
    assert "瓯财合〔2023〕22号" in fired["reg.contract-number-duplicate"][0]
    assert len(fired["reg.contract-not-cleaned"]) == 2
    assert main(["registry", "mark", "瓯财合〔2023〕22号", "cleanup", "已清理",
                 "--config", str(registry_folder / "lawlint.toml")]) == 0
    assert "reg.contract-not-cleaned" not in rules_fired(check_registry(registry.engine, today=date(2026, 1, 1)))
    capsys.readouterr()
    code = main(["registry", "check", "--format", "json", "--config", str(registry_folder / "lawlint.toml")])
    report = json.loads(capsys.readouterr().out)
    assert code == 1 and report["documents"] == 2
    assert {f["rule"] for f in report["findings"]} >= {"reg.contract-number-duplicate"}
    duplicate = next(f for f in report["findings"] if f["rule"] == "reg.contract-number-duplicate")
    assert len(duplicate["paths"]) == 2 and duplicate["basis"]


def test_registry_commands_without_a_registry_say_so(tmp_path, capsys):
    (tmp_path / "lawlint.toml").write_text("", encoding="utf-8")
    assert main(["registry", "check", "--config", str(tmp_path / "lawlint.toml")]) == 2
    assert "lawlint check --record" in capsys.readouterr().err


def test_registry_export_through_the_cli(registry_folder, capsys):
    import openpyxl

    (registry_folder / "n.txt").write_text(CLEAN, encoding="utf-8")
    (registry_folder / "m.txt").write_text(normative("瓯政办发〔2021〕9号", "夜市摊点"), encoding="utf-8")
    record(registry_folder)
    config = str(registry_folder / "lawlint.toml")
    out = registry_folder.parent / "备案登记.xlsx"
    assert main(["registry", "export", "filing", "--period", "2021Q2", "--out", str(out), "--config", config]) == 0
    assert "2 documents" in capsys.readouterr().err
    sheet = openpyxl.load_workbook(out).active
    numbers = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert numbers == {"瓯政办发〔2021〕8号", "瓯政办发〔2021〕9号"}
    assert main(["registry", "export", "filing", "--period", "2021Q3", "--out", str(out), "--config", config]) == 0
    assert "0 documents" in capsys.readouterr().err
    assert main(["registry", "export", "filing", "--period", "2021Q5", "--out", str(out), "--config", config]) == 2
    assert "2019Q1" in capsys.readouterr().err
