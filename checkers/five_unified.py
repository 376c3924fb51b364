"""The "五统一" checklist of a contract (统一范本、编号、审查、备案、清理), read off its findings and facts."""

from __future__ import annotations

from checkers.model import Finding

# item -> (label, rule that reports it missing, rule that reports it wrong)
ITEMS = {
    "template": ("统一范本", "contract.template-missing", None),
    "number": ("统一编号", "contract.number-missing", "contract.number-format"),
    "review": ("统一审查", "contract.review-missing", None),
    "filing": ("统一备案", "contract.filing-missing", None),
    "cleanup": ("统一清理（合同期限）", "contract.term-missing", None),
}


def _value(item: str, contract: dict):
    if item == "template":
        return contract.get("template")
    if item == "number":
        return contract.get("contract_number")
    if item == "review":
        review = contract.get("review") or {}
        return review.get("number") or review.get("text")
    if item == "filing":
        return contract.get("filing")
    term = contract.get("term") or {}
    return term.get("dates") or term.get("text")


def five_unified(contract: dict, findings: list[Finding]) -> dict:
    """Each item: its label, status (present / missing / wrong) and the value found."""
    fired = {finding.rule for finding in findings}
    checklist = {}
    for item, (label, missing_rule, wrong_rule) in ITEMS.items():
        if missing_rule in fired:
            status = "missing"
        elif wrong_rule and wrong_rule in fired:
            status = "wrong"
        else:
            status = "present"
        checklist[item] = {"label": label, "status": status,
                           "value": None if status == "missing" else _value(item, contract)}
    return checklist
