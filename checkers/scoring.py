"""案卷评查 scores: a case file's findings priced by the sheet in rules/scoring.yaml."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from checkers.lexicon import RULES_DIR
from checkers.model import Finding
from checkers.rule_yaml import load_yaml


@lru_cache(maxsize=2)
def load_sheet(path: Path = RULES_DIR / "scoring.yaml") -> dict:
    sheet = load_yaml(path)
    total = sum(d["points"] for d in sheet["dimensions"].values())
    if total != 100:
        raise ValueError(f"{path}: dimension points add up to {total}, not 100")
    for rule, deduction in sheet["deductions"].items():
        if deduction["dimension"] not in sheet["dimensions"]:
            raise ValueError(f"{path}: {rule} deducts from unknown dimension {deduction['dimension']}")
    return sheet


def score_case(findings: list[Finding], sheet: dict | None = None) -> dict:
    """Score, grade, per-dimension points and the deductions (each naming its finding)."""
    sheet = sheet or load_sheet()
    remaining = {key: d["points"] for key, d in sheet["dimensions"].items()}
    deductions = []
    for finding in findings:
        rule = sheet["deductions"].get(finding.rule)
        if rule is None:
            continue
        dimension = rule["dimension"]
        taken = min(rule["points"], remaining[dimension])  # a dimension never goes below zero
        remaining[dimension] -= taken
        deductions.append({"rule": finding.rule, "dimension": sheet["dimensions"][dimension]["name"],
                           "points": taken, "finding": finding.message,
                           "location": finding.location.describe()})
    score = sum(remaining.values())
    vetoed = sorted({f.rule for f in findings} & set(sheet["veto"]))
    grade = next(g["name"] for g in sheet["grades"] if score >= g["min"])
    if vetoed:
        grade = sheet["grades"][-1]["name"]
    return {"score": score, "grade": grade, "veto": vetoed,
            "dimensions": {sheet["dimensions"][k]["name"]: v for k, v in remaining.items()},
            "deductions": deductions}
