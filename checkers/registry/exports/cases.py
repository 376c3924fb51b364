"""Case-review results (案卷评查结果) as .xlsx: per unit the number of cases, the average score, the
grades and the most frequent problems; then every enforcement document with its score and deductions.
Only a case file with a score counts as a case; a standalone decision is listed with its score blank."""

from __future__ import annotations

from collections import Counter, defaultdict

from checkers.registry.exports.context import ExportContext, unit_name
from checkers.registry.exports.problems import rule_summary
from checkers.registry.exports.sheets import SCORE_FORMAT, Column, new_workbook, save, write_sheet
from checkers.scoring import load_sheet

TOP_PROBLEMS = 3
DETAIL_COLUMNS = [
    Column("单位", 26, wrap=True), Column("文件", 50, wrap=True), Column("案号", 24), Column("得分", 8),
    Column("等级", 8), Column("扣分情况", 80, wrap=True),
]


def grade_names() -> list[str]:
    return [grade["name"] for grade in load_sheet()["grades"]]


def summary_columns() -> list[Column]:
    return [Column("单位", 26, wrap=True), Column("案卷数", 8), Column("平均分", 8, SCORE_FORMAT),
            *(Column(name, 8) for name in grade_names()), Column("主要问题", 80, wrap=True)]


def is_case(row: dict) -> bool:
    return row["score"] is not None


def average_score(cases: list[dict]) -> float | None:
    return sum(row["score"] for row in cases) / len(cases) if cases else None


def top_problems(rows: list[dict]) -> str:
    """The most frequent rules among the findings, each with how often it was found."""
    counts = Counter(finding["rule"] for row in rows for finding in row["findings"])
    return "\n".join(f"{rule} {rule_summary(rule)}（{count}处）" for rule, count in counts.most_common(TOP_PROBLEMS))


def deductions(row: dict) -> str:
    score = row["result"].get("score") or {}
    lines = [f"{item['dimension']} -{item['points']}：{item['finding']}" for item in score.get("deductions") or []]
    lines += [f"否决项：{rule} {rule_summary(rule)}" for rule in score.get("veto") or []]
    return "\n".join(lines)


def _summary_row(unit: str, cases: list[dict]) -> list:
    grades = Counter(row["grade"] for row in cases)
    return [unit, len(cases), average_score(cases), *(grades[name] for name in grade_names()), top_problems(cases)]


def write_cases(rows: list[dict], context: ExportContext) -> int:
    by_unit: dict[str, list[dict]] = defaultdict(list)
    for row in filter(is_case, rows):
        by_unit[unit_name(row)].append(row)
    summary = [_summary_row(unit, cases) for unit, cases in sorted(by_unit.items())]
    if len(by_unit) > 1:
        summary.append(_summary_row("合计", [row for cases in by_unit.values() for row in cases]))
    workbook = new_workbook()
    write_sheet(workbook, "按单位汇总", summary_columns(), summary)
    write_sheet(workbook, "案卷明细", DETAIL_COLUMNS, (
        [unit_name(row), row["path"], row["case_number"] or "", row["score"], row["grade"] or "", deductions(row)]
        for row in sorted(rows, key=lambda row: (unit_name(row), row["path"]))))
    save(workbook, context.out)
    return len(rows)
