"""The catalogue of major administrative decisions (重大行政决策目录) as .xlsx: each decision with its
five statutory procedures marked 已履行 / 未履行 by the live findings, and its comment period."""

from __future__ import annotations

from checkers.registry.exports.context import ExportContext, unit_name
from checkers.registry.exports.problems import live_rules, rule_catalogue
from checkers.registry.exports.sheets import Column, new_workbook, save, write_sheet

# 《重大行政决策程序暂行条例》's five procedures and the rule that finds each missing.
PROCEDURES = {
    "公众参与": "decision.participation-missing",
    "专家论证": "decision.expert-missing",
    "风险评估": "decision.risk-missing",
    "合法性审查": "decision.legality-missing",
    "集体讨论决定": "decision.collective-missing",
}
PERIOD_RULE = "decision.comment-period-short"
COLUMNS = [
    Column("决策名称", 44, wrap=True), Column("承办单位", 26, wrap=True), Column("日期", 12),
    *(Column(name, 12) for name in PROCEDURES), Column("征求意见期限", 18),
]


def procedure_status(row: dict, rule: str) -> str:
    if row.get("error"):
        return "无法读取"
    return "未履行" if rule in live_rules(row) else "已履行"


def comment_period(row: dict) -> str:
    """"31日", "20日（不足30日）", or 未载明 when the material gives no period."""
    days = (row["result"].get("facts") or {}).get("comment_period_days")
    if days is None:
        return "" if row.get("error") else "未载明"
    minimum = rule_catalogue()[PERIOD_RULE].settings["min_days"]
    short = days < minimum or PERIOD_RULE in live_rules(row)
    return f"{days}日（不足{minimum}日）" if short else f"{days}日"


def write_decisions(rows: list[dict], context: ExportContext) -> int:
    workbook = new_workbook()
    write_sheet(workbook, "重大行政决策目录", COLUMNS, (
        [row["title"], unit_name(row), row["day"], *(procedure_status(row, rule) for rule in PROCEDURES.values()),
         comment_period(row)]
        for row in rows))
    save(workbook, context.out)
    return len(rows)
