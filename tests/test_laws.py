"""Law status table: title normalisation, repeal lookups, and the table build."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from checkers.laws import IN_FORCE, REPEALED, LawTable, normalise_law_name, read_tsv

REPO_ROOT = Path(__file__).resolve().parents[1]
BUILD_SCRIPT = REPO_ROOT / "scripts" / "build_law_table.py"
COMMITTED_TABLE = REPO_ROOT / "rules" / "laws" / "law_status.tsv"
CURATED = REPO_ROOT / "rules" / "laws" / "repealed_curated.tsv"
SHARED_LAWS = Path(__file__).resolve().parents[2] / "shared" / "data" / "laws"


@pytest.fixture(scope="module")
def table() -> LawTable:
    return LawTable.load()


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("《中华人民共和国行政处罚法》", "行政处罚法"),
        ("中华人民共和国合同法", "合同法"),
        ("《中华人民共和国行政处罚法（2021年修订）》", "行政处罚法"),
        ("《中华人民共和国行政处罚法》（2017修正）", "行政处罚法"),
        ("《行政复议法(2023年修订)》", "行政复议法"),
        ("《土地管理法（２０１９年修正）》", "土地管理法"),
        ("《 中华人民共和国 民法典 》", "民法典"),
        ("《企业破产法(试行)》", "企业破产法（试行）"),
        ("《人民检察院刑事诉讼规则（试行）》", "人民检察院刑事诉讼规则（试行）"),
        (
            "《最高人民法院关于适用〈中华人民共和国合同法〉若干问题的解释（一）》",
            "最高人民法院关于适用《合同法》若干问题的解释（一）",
        ),
        ("外国人在中华人民共和国收养子女登记办法", "外国人在中华人民共和国收养子女登记办法"),
        ("《行政处罚法》和《行政许可法》", "《行政处罚法》和《行政许可法》"),
    ],
)
def test_normalise_law_name(title: str, expected: str) -> None:
    assert normalise_law_name(title) == expected


@pytest.mark.parametrize("title", ["《中华人民共和国合同法》", "《合同法》", "合同法（1999年）"])
def test_contract_law_repealed_from_2021(table: LawTable, title: str) -> None:
    status = table.is_repealed(title, date(2021, 1, 1))
    assert status is not None
    assert status.name == "合同法"
    assert status.repealed_on == date(2021, 1, 1)
    assert status.replaced_by == "民法典"
    assert status.source == "curated"
    assert table.is_repealed(title, date(2020, 12, 31)) is None


@pytest.mark.parametrize(
    "title",
    ["《中华人民共和国行政处罚法》", "《行政复议法》", "《中华人民共和国民法典》", "《企业破产法》"],
)
def test_in_force_laws_not_repealed(table: LawTable, title: str) -> None:
    status = table.lookup(title)
    assert status is not None and status.status == IN_FORCE
    assert table.is_repealed(title, date(2026, 1, 1)) is None


def test_expired_old_version_does_not_repeal_the_law(table: LawTable) -> None:
    # The index marks 行政复议法 2017 expired but 2023 in force.
    assert table.lookup("行政复议法").source == "index"


def test_unknown_title(table: LawTable) -> None:
    assert table.lookup("《某某县不存在的管理办法》") is None
    assert table.is_repealed("《某某县不存在的管理办法》", date(2026, 1, 1)) is None


def test_trial_version_is_a_separate_law(table: LawTable) -> None:
    assert table.is_repealed("《企业破产法（试行）》", date(2007, 6, 1)).replaced_by == "企业破产法"
    assert table.is_repealed("《企业破产法（试行）》", date(2007, 5, 31)) is None


def test_replacement_chain_points_at_current_law(table: LawTable) -> None:
    # 经济合同法 gave way to 合同法 in 1999, which gave way to 民法典 in 2021.
    assert table.lookup("《中华人民共和国经济合同法》").replaced_by == "民法典"


def test_index_all_expired_is_repealed_at_any_date(table: LawTable) -> None:
    status = table.is_repealed("《人民检察院刑事诉讼规则（试行）》", date(1990, 1, 1))
    assert status is not None
    assert status.repealed_on is None and status.source == "index-all-expired"
    assert table.is_repealed("《人民检察院刑事诉讼规则》", date(2026, 1, 1)) is None


def test_default_table_loaded_once() -> None:
    assert LawTable.load() is LawTable.load()


def test_committed_table_holds_every_curated_repeal(table: LawTable) -> None:
    for row in read_tsv(CURATED):
        status = table.lookup(row["name"])
        assert status is not None and status.status == REPEALED, row["name"]
        assert status.repealed_on == date.fromisoformat(row["repealed_on"]), row["name"]


def run_build(laws_dir: Path, curated: Path, output: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(BUILD_SCRIPT), str(laws_dir)]
        + ["--curated", str(curated), "--output", str(output)],
        capture_output=True,
        text=True,
        check=True,
    )


def test_build_rules_on_a_small_index(tmp_path: Path) -> None:
    header = "level\tname\tsubtitle\tpublish\tvalid_from\texpired\n"
    (tmp_path / "national.tsv").write_text(
        header
        + "法律\t行政复议法\t\t2017-09-01\t2018-01-01\t1\n"
        + "法律\t行政复议法\t\t2023-09-01\t2024-01-01\t0\n"
        + "行政法规\t信访条例\t\t2005-01-10\t\t1\n"
        + "法律\t民法典 总则\t\t\t\t0\n"
        + "案例\t某案\t\t\t\t0\n",
        encoding="utf-8",
    )
    (tmp_path / "zhejiang.tsv").write_text(header, encoding="utf-8")
    curated = tmp_path / "curated.tsv"
    curated.write_text(
        "name\trepealed_on\treplaced_by\tnote\n合同法\t2021-01-01\t民法典\t民法典第一千二百六十条\n",
        encoding="utf-8",
    )
    output = tmp_path / "law_status.tsv"
    result = run_build(tmp_path, curated, output)
    assert "4 rows" in result.stdout and "2 repealed" in result.stdout
    rows = {row["name"]: row for row in read_tsv(output)}
    assert list(rows) == sorted(rows)
    assert rows["行政复议法"]["status"] == IN_FORCE
    assert rows["行政复议法"]["first_published"] == "2017-09-01"
    assert rows["行政复议法"]["latest_valid_from"] == "2024-01-01"
    assert (rows["信访条例"]["status"], rows["信访条例"]["source"]) == (REPEALED, "index-all-expired")
    assert rows["民法典"]["status"] == IN_FORCE
    assert (rows["合同法"]["repealed_on"], rows["合同法"]["source"]) == ("2021-01-01", "curated")
    assert "某案" not in rows


@pytest.mark.skipif(not SHARED_LAWS.is_dir(), reason="../shared/data/laws not present")
def test_rebuild_matches_committed_table(tmp_path: Path) -> None:
    output = tmp_path / "law_status.tsv"
    run_build(SHARED_LAWS, CURATED, output)
    assert output.read_bytes() == COMMITTED_TABLE.read_bytes()
