"""The filing register (备案登记表) of normative documents, one row per document, as .xlsx."""

from __future__ import annotations

from checkers.registry.exports.context import ExportContext, unit_name
from checkers.registry.exports.problems import problem_lines, review_result
from checkers.registry.exports.sheets import Column, new_workbook, save, write_sheet

COLUMNS = [
    Column("文件名称", 44, wrap=True), Column("文号", 22), Column("制定机关", 26, wrap=True),
    Column("公布日期", 12), Column("施行日期", 12), Column("有效期至", 12), Column("报备日期", 12),
    Column("审查结果", 16), Column("问题", 70, wrap=True),
]


def write_filing(rows: list[dict], context: ExportContext) -> int:
    workbook = new_workbook()
    write_sheet(workbook, "备案登记", COLUMNS, (
        [row["title"], row["docno"], unit_name(row), row["written_date"], row["effective_date"],
         row["validity_end"], row["checked_at"], review_result(row), "\n".join(problem_lines(row))]
        for row in rows))
    save(workbook, context.out)
    return len(rows)
