"""Checks one parsed document: extraction, the rule engine, and findings built from activations."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from checkers.engine import Activation, RuleEngine
from checkers.facts import ExtractedDocument, FactBuilder
from checkers.five_unified import five_unified
from checkers.laws import LawTable
from checkers.model import Document, DocumentResult, Finding, Location
from checkers.nlp import build_pipeline
from checkers.rulebook import PLACEHOLDER, Rule, load_rules
from checkers.scoring import score_case

# One spaCy token per character: five million characters is about 20 times the longest real
# normative document and keeps a check within a few hundred megabytes.
DEFAULT_MAX_CHARS = 5_000_000


class DocumentTooLong(ValueError):
    """The text is longer than the checker accepts."""
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


class Checker:
    """Holds the rules, the spaCy pipeline and the engine, built once per process."""

    def __init__(self, rules: tuple[Rule, ...] | None = None, settings_override: dict | None = None,
                 today: date | None = None, max_chars: int = DEFAULT_MAX_CHARS):
        self.rules = rules if rules is not None else load_rules()
        self.rules_by_id = {rule.id: rule for rule in self.rules}
        self.settings_override = settings_override or {}
        phrase_sets = [ps for rule in self.rules
                       if (ps := rule.phrase_set(self.settings_override.get(rule.id)))]
        nlp = build_pipeline(phrase_sets)
        nlp.max_length = max_chars + 1
        self.max_chars = max_chars
        self.facts = FactBuilder(nlp, LawTable.load(), today)
        self.engine = RuleEngine(self.rules, self.settings_override)

    def extract(self, document: Document, kind: str | None = None) -> ExtractedDocument:
        length = sum(len(p.text) + 1 for p in document.paragraphs)
        if length > self.max_chars:
            raise DocumentTooLong(f"文字过多（{length} 字，上限 {self.max_chars} 字）/ text too long: "
                                  f"{length} characters, limit {self.max_chars}")
        return self.facts.build(document, kind)

    def check(self, document: Document, kind: str | None = None) -> DocumentResult:
        extracted = self.extract(document, kind)
        activations = self.engine.evaluate(extracted.evidence, extracted.document_fact)
        findings = self._findings(extracted, activations)
        if "contract" in extracted.summary:
            extracted.summary["five_unified"] = five_unified(extracted.summary["contract"], findings)
        score = None
        if extracted.kind == "enforcement" and extracted.summary.get("enforcement", {}).get("case_file"):
            score = score_case(findings)
        return DocumentResult(path=document.path, format=document.format, kind=extracted.kind,
                              findings=findings, facts=extracted.summary, score=score)

    def _findings(self, extracted: ExtractedDocument, activations: list[Activation]) -> list[Finding]:
        findings: dict[tuple, Finding] = {}
        for activation in activations:
            rule = self.rules_by_id[activation.rule]
            settings = {**rule.settings, **self.settings_override.get(rule.id, {})}
            located = activation.facts.get(self.engine.compiled.locate.get(rule.id, ""), None)
            location, excerpt = self._location(extracted, located)
            finding = Finding(
                rule=rule.id, severity=rule.severity,
                message=fill_message(rule.message, activation.facts, settings),
                basis=rule.basis, suggestion=rule.suggestion, excerpt=excerpt, location=location,
            )
            # One finding per rule and sentence: two penalty phrases in one sentence are one problem.
            findings.setdefault((rule.id, location.paragraph, excerpt), finding)
        return sorted(findings.values(), key=lambda f: (
            f.location.paragraph if f.location.paragraph is not None else -1,
            f.location.start or 0, SEVERITY_ORDER[f.severity], f.rule))

    @staticmethod
    def _location(extracted: ExtractedDocument, fact: dict | None) -> tuple[Location, str]:
        if fact and "para" in fact:
            return (Location(page=fact.get("page"), paragraph=fact["para"], clause=fact.get("clause"),
                             start=fact.get("start"), end=fact.get("end")), fact.get("excerpt", ""))
        # Missing-element findings point at the title, the place a reader looks first.
        index = extracted.layout.title_paragraph
        if index is None:
            return Location(None, None, None, None, None), ""
        paragraph = extracted.document.paragraphs[index]
        return (Location(page=paragraph.page, paragraph=index, clause=None, start=0,
                         end=len(paragraph.text)), extracted.layout.title or paragraph.text)


def fill_message(template: str, facts: dict[str, dict], settings: dict) -> str:
    def replace(match: re.Match) -> str:
        scope, name = match.group(1), match.group(2)
        source = settings if scope == "settings" else facts.get(scope, {})
        value = source.get(name)
        return match.group(0) if value is None else str(value)

    return PLACEHOLDER.sub(replace, template)


@lru_cache(maxsize=1)
def default_checker() -> Checker:
    return Checker()
