"""How a document's review reads in a ledger: its result in a word and its live findings as lines,
with each rule's catalogue entry (basis, suggestion) at hand."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from checkers.report.sarif_report import rule_summary as general_message
from checkers.rulebook import Rule, load_rules


@lru_cache(maxsize=1)
def rule_catalogue() -> dict[str, Rule]:
    return {rule.id: rule for rule in load_rules()}


def rule_summary(rule_id: str) -> str:
    """The rule's message in general terms ("笔录中的执法人员“…”没有执法证号。")."""
    rule = rule_catalogue().get(rule_id)
    return general_message(rule) if rule else rule_id


def suggestion(rule_id: str) -> str:
    rule = rule_catalogue().get(rule_id)
    return rule.suggestion if rule else ""


def live_rules(row: dict) -> set[str]:
    return {finding["rule"] for finding in row["findings"]}


def review_result(row: dict) -> str:
    """通过 / 存在问题（N项）/ 无法读取."""
    if row.get("error"):
        return "无法读取"
    return f"存在问题（{len(row['findings'])}项）" if row["findings"] else "通过"


def problem_lines(row: dict) -> list[str]:
    if row.get("error"):
        return [row["error"]]
    return [f"{finding['rule']} {finding['message']}" for finding in row["findings"]]


def document_label(row: dict) -> str:
    """What a reader knows the document by: its 文号 or 案号, else its file name."""
    return row.get("case_number") or row.get("docno") or row.get("contract_number") or Path(row["path"]).name
