"""Compiles a rule's `when` conditions (rules/README.md) into durable_rules' JSON ruleset form.

Every rule becomes one durable rule whose first pattern is the document fact (alias ``doc``,
restricted to the rule's kinds), followed by the positive fact patterns and, last, the
negated ones: durable_rules only withdraws a ``$not`` activation correctly in that order.
Regex tests on facts are evaluated with Python ``re`` when facts are asserted (durable's own
``$mt`` dialect is not PCRE and misses some matches); the engine then tests the boolean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from checkers.rulebook import Rule, RuleError

COMPARISONS = {"eq": None, "ne": "$neq", "lt": "$lt", "le": "$lte", "gt": "$gt", "ge": "$gte"}
ALIAS = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass
class RegexProbe:
    """A regex test on one field of one fact type, stored on the fact as a boolean field."""

    fact_type: str
    field: str
    pattern: re.Pattern
    flag: str


@dataclass
class CompiledRules:
    ruleset: dict
    probes: list[RegexProbe] = field(default_factory=list)
    locate: dict[str, str] = field(default_factory=dict)  # rule id -> alias of the located fact


def day_number(iso: str) -> int:
    """Dates travel through the engine as proleptic ordinals so that day arithmetic is addition."""
    return date.fromisoformat(iso).toordinal()


class _Compiler:
    def __init__(self, settings_override: dict[str, dict] | None = None):
        self.probes: dict[tuple[str, str, str], RegexProbe] = {}
        self.settings_override = settings_override or {}

    def compile_rule(self, rule: Rule) -> tuple[dict, str | None]:
        settings = {**rule.settings, **self.settings_override.get(rule.id, {})}
        ctx = _RuleContext(rule, settings, self)
        doc_terms: list = [{"t": "doc"}, _kinds_term(rule.kinds)]
        if rule.in_force_from:
            doc_terms.append({"$gte": {"as_of_day": day_number(rule.in_force_from)}})
        positives: list[dict] = []
        negatives: list[dict] = []
        locate = rule.locate
        for index, condition in enumerate(rule.when):
            if not isinstance(condition, dict) or len(condition.keys() - {"as", "where"}) != 1:
                raise RuleError(f"{rule.id}: condition {index + 1} must have one of doc/phrase/has/lacks")
            if "doc" in condition:
                doc_terms.extend(ctx.constraints("doc", condition["doc"] or {}))
            elif "phrase" in condition:
                alias = condition.get("as", "phrase")
                terms = [{"t": "phrase"}, {"rule": rule.id}, *ctx.constraints("phrase", condition["phrase"] or {})]
                positives.append({alias: {"$and": terms}})
                locate = locate or alias
            elif "has" in condition:
                fact_type = condition["has"]
                alias = condition.get("as", fact_type)
                _check_alias(rule, alias)
                terms = [{"t": fact_type}, *ctx.constraints(fact_type, condition.get("where") or {})]
                positives.append({alias: _and(terms)})
                locate = locate or alias
            elif "lacks" in condition:
                fact_type = condition["lacks"]
                terms = [{"t": fact_type}, *ctx.constraints(fact_type, condition.get("where") or {})]
                negatives.append({f"none_{index}$not": _and(terms)})
            else:
                raise RuleError(f"{rule.id}: unknown condition {sorted(condition)}")
        return {"all": [{"doc": _and(doc_terms)}, *positives, *negatives], "run": rule.id}, locate


class _RuleContext:
    def __init__(self, rule: Rule, settings: dict, compiler: _Compiler):
        self.rule, self.settings, self.compiler = rule, settings, compiler

    def constraints(self, fact_type: str, where: dict) -> list:
        terms: list = []
        for field_name, spec in where.items():
            if field_name == "any":
                terms.append({"$or": [_and(self.constraints(fact_type, alt)) for alt in spec]})
            elif isinstance(spec, dict):
                terms.extend(self._field_terms(fact_type, field_name, spec))
            else:
                terms.append({field_name: spec})
        return terms

    def _field_terms(self, fact_type: str, field_name: str, spec: dict) -> list:
        terms = []
        for op, operand in spec.items():
            if op in ("matches", "not_matches"):
                pattern = self.operand(operand)
                terms.append({self._probe(fact_type, field_name, pattern): op == "matches"})
            elif op == "exists":
                terms.append({"$ex" if operand else "$nex": {field_name: 1}})
            elif op in COMPARISONS:
                value = self.operand(operand)
                terms.append({field_name: value} if op == "eq" else {COMPARISONS[op]: {field_name: value}})
            else:
                raise RuleError(f"{self.rule.id}: unknown operator '{op}' on {field_name}")
        return terms

    def operand(self, operand):
        if not isinstance(operand, dict):
            return operand
        if "setting" in operand:
            name = operand["setting"]
            if name not in self.settings:
                raise RuleError(f"{self.rule.id}: setting '{name}' has no value")
            return self.operand(self.settings[name])
        if "date" in operand:
            return day_number(str(operand["date"]))
        if "ref" in operand:
            alias, _, field_name = operand["ref"].partition(".")
            reference = {alias: field_name}
            if "plus" in operand:
                return {"$add": {"$l": reference, "$r": self.operand(operand["plus"])}}
            return reference
        raise RuleError(f"{self.rule.id}: cannot read operand {operand}")

    def _probe(self, fact_type: str, field_name: str, pattern: str) -> str:
        key = (fact_type, field_name, pattern)
        if key not in self.compiler.probes:
            flag = f"re_{len(self.compiler.probes)}"
            self.compiler.probes[key] = RegexProbe(fact_type, field_name, re.compile(pattern), flag)
        return self.compiler.probes[key].flag


def _kinds_term(kinds: tuple[str, ...]) -> dict:
    if len(kinds) == 1:
        return {"kind": kinds[0]}
    return {"$or": [{"kind": k} for k in kinds]}


def _and(terms: list) -> dict:
    return terms[0] if len(terms) == 1 else {"$and": terms}


def _check_alias(rule: Rule, alias: str) -> None:
    if not ALIAS.match(alias) or alias == "doc":
        raise RuleError(f"{rule.id}: alias '{alias}' must be lower-case letters/digits and not 'doc'")


def compile_rules(rules: list[Rule] | tuple[Rule, ...], settings_override: dict | None = None) -> CompiledRules:
    compiler = _Compiler(settings_override)
    ruleset: dict = {}
    locate: dict[str, str] = {}
    for rule in rules:
        ruleset[rule.id], located = compiler.compile_rule(rule)
        if located:
            locate[rule.id] = located
    # Every fact must match some rule, or durable_rules refuses the whole batch.
    ruleset["_sink"] = {"all": [{"m": {"$ex": {"t": 1}}}], "run": "_sink"}
    return CompiledRules(ruleset=ruleset, probes=list(compiler.probes.values()), locate=locate)
