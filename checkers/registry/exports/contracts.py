"""The contract ledger (合同台账): number, parties, amount, term, and where each contract stands on
review, filing and cleanup (统一审查、备案、清理), as .xlsx."""

from __future__ import annotations

from datetime import date

from checkers.registry.exports.context import ExportContext
from checkers.registry.exports.problems import live_rules
from checkers.registry.exports.sheets import AMOUNT_FORMAT, Column, new_workbook, save, write_sheet

COLUMNS = [
    Column("合同编号", 24), Column("名称", 40, wrap=True), Column("相对方", 30, wrap=True),
    Column("金额（元）", 16, AMOUNT_FORMAT), Column("期限", 26), Column("审查", 28, wrap=True),
    Column("备案", 34, wrap=True), Column("清理状态", 12),
]


def _record_value(value) -> str:
    if isinstance(value, dict):  # a filing record: {"number": …, "date": …}
        return "，".join(str(v) for v in (value.get("number"), value.get("date")) if v)
    return str(value or "")


def record_status(row: dict, key: str, missing_rule: str) -> str:
    """有（its number）/ 缺失 / 不规范 for the 统一审查 or 统一备案 record; blank if the file was unreadable."""
    entry = ((row["result"].get("facts") or {}).get("five_unified") or {}).get(key) or {}
    if missing_rule in live_rules(row) or entry.get("status") == "missing":
        return "缺失"
    shown = _record_value(entry.get("value"))
    if entry.get("status") == "wrong":
        return f"不规范（{shown}）" if shown else "不规范"
    if entry.get("status") == "present":
        return f"有（{shown}）" if shown else "有"
    return ""


def cleanup_status(row: dict, today: date) -> str:
    """The recorded 清理 mark; else 未清理 once the term has ended, 履行中 before, 期限不明 without a term."""
    if row["marks"].get("cleanup"):
        return row["marks"]["cleanup"]
    if row["term_end"] is None:
        return "期限不明"
    return "未清理" if row["term_end"] < today else "履行中"


def term(row: dict) -> str:
    if row["term_start"] is None and row["term_end"] is None:
        return ""
    if row["term_start"] == row["term_end"]:
        return str(row["term_start"])
    return f"{row['term_start'] or ''}至{row['term_end'] or ''}"


def write_contracts(rows: list[dict], context: ExportContext) -> int:
    workbook = new_workbook()
    write_sheet(workbook, "合同台账", COLUMNS, (
        [row["contract_number"], row["title"], row["counterparty"], row["amount"], term(row),
         record_status(row, "review", "contract.review-missing"),
         record_status(row, "filing", "contract.filing-missing"), cleanup_status(row, context.today)]
        for row in rows))
    save(workbook, context.out)
    return len(rows)
