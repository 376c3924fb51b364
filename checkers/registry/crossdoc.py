"""Cross-document checks (`lawlint registry check`): facts about the registry as a whole, judged
by the rules in rules/registry/ with the same engine as the per-document rules.

Each kind of fact is built from the latest record of every document:
duplicate 文号 and contract numbers (counted over different contents, so the same file recorded
twice is one document), 有效期 ends, ended contract terms and their 清理 marks, and 文号 serials
missing for an organ and year (between the lowest and the highest recorded).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy.engine import Engine

from checkers.checker import fill_message
from checkers.engine import RuleEngine
from checkers.registry.queries import latest_documents
from checkers.rulebook import Rule, load_registry_rules

CLEANED = ("已清理", "清理", "cleaned", "done", "终止", "已终止", "履行完毕")


@dataclass(frozen=True)
class CrossFinding:
    rule: str
    severity: str
    message: str
    basis: str
    suggestion: str
    paths: tuple[str, ...]


def _listed(paths, limit: int = 5) -> str:
    names = sorted(paths)
    shown = "；".join(names[:limit])
    return shown + (f" 等 {len(names)} 份" if len(names) > limit else "")


def registry_facts(rows: list[dict], today: date, max_listed: int = 20) -> list[dict]:
    facts: list[dict] = []
    by_docno: dict[str, dict[str, str]] = defaultdict(dict)
    by_number: dict[str, dict[str, str]] = defaultdict(dict)
    serials: dict[tuple[str, int], set[int]] = defaultdict(set)
    for row in rows:
        if row["error"]:
            continue
        if row["docno"] and row["kind"] != "contract":
            by_docno[row["docno"]].setdefault(row["content_hash"], row["path"])
            if row["docno_organ"] and row["docno_year"] and row["docno_serial"] and \
                    row["kind"] in ("normative", "decision", "unknown"):
                serials[(row["docno_organ"], row["docno_year"])].add(row["docno_serial"])
        if row["kind"] == "contract" and row["contract_number"]:
            by_number[row["contract_number"]].setdefault(row["content_hash"], row["path"])
        if row["kind"] == "normative" and row["validity_end"]:
            facts.append({"t": "validity", "path": row["path"], "title": row["title"] or row["path"],
                          "docno": row["docno"] or "无文号", "ends": row["validity_end"].isoformat(),
                          "days_left": (row["validity_end"] - today).days, "paths": row["path"]})
        if row["kind"] == "contract" and row["term_end"]:
            cleanup = row["marks"].get("cleanup", "")
            facts.append({"t": "contract_term", "path": row["path"], "paths": row["path"],
                          "number": row["contract_number"] or row["title"] or row["path"],
                          "ends": row["term_end"].isoformat(), "days_since_end": (today - row["term_end"]).days,
                          "cleaned": any(word in cleanup for word in CLEANED)})
    for docno, documents in by_docno.items():
        facts.append({"t": "docno_group", "docno": docno, "count": len(documents),
                      "paths": _listed(documents.values())})
    for number, documents in by_number.items():
        facts.append({"t": "number_group", "number": number, "count": len(documents),
                      "paths": _listed(documents.values())})
    for (organ, year), seen in serials.items():
        # Between the lowest and highest serial recorded: numbers before the first one recorded may
        # predate the registry.
        missing = [n for n in range(min(seen), max(seen)) if n not in seen]
        if len(seen) >= 2 and missing:
            shown = "、".join(f"{n}号" for n in missing[:max_listed]) + (" 等" if len(missing) > max_listed else "")
            facts.append({"t": "serial_gap", "organ": organ, "year": year, "missing": shown,
                          "count": len(missing), "highest": max(seen), "paths": ""})
    return facts


def check_registry(engine: Engine, today: date | None = None, rules: tuple[Rule, ...] | None = None,
                   settings_override: dict | None = None) -> list[CrossFinding]:
    today = today or date.today()
    rules = rules if rules is not None else load_registry_rules()
    settings_override = settings_override or {}
    gap_rule = next((r for r in rules if r.id == "reg.docno-gap"), None)
    max_listed = {**(gap_rule.settings if gap_rule else {}), **settings_override.get("reg.docno-gap", {})}
    facts = registry_facts(latest_documents(engine), today, int(max_listed.get("max_listed", 20)))
    activations = RuleEngine(rules, settings_override).evaluate(
        facts, {"t": "doc", "kind": "registry", "as_of_day": today.toordinal()})
    by_id = {rule.id: rule for rule in rules}
    found = []
    for activation in activations:
        rule = by_id[activation.rule]
        settings = {**rule.settings, **settings_override.get(rule.id, {})}
        involved = tuple(p for fact in activation.facts.values() for p in str(fact.get("paths", "")).split("；") if p)
        found.append(CrossFinding(rule.id, rule.severity, fill_message(rule.message, activation.facts, settings),
                                  rule.basis, rule.suggestion, involved))
    return sorted(set(found), key=lambda f: (f.rule, f.message))
