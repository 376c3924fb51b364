"""Loads the shared context cues and signals from rules/lexicon.yaml."""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from checkers.rule_yaml import load_yaml


def _rules_dir() -> Path:
    """rules/ beside the package in a checkout; the lawlint_rules package in an installed copy."""
    beside = Path(__file__).resolve().parents[1] / "rules"
    # Installed, "beside" is site-packages/rules, which another distribution (PyPI "rules") may own.
    if (beside / "lexicon.yaml").is_file():
        return beside
    spec = importlib.util.find_spec("lawlint_rules")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("lawlint's rule sets (rules/ or the lawlint_rules package) are missing")
    return Path(next(iter(spec.submodule_search_locations)))


RULES_DIR = _rules_dir()


@dataclass(frozen=True)
class Lexicon:
    negation_prefix: tuple[re.Pattern, ...]
    negation_sentence_prefix: tuple[re.Pattern, ...]
    quotation_prefix: tuple[re.Pattern, ...]
    quotation_suffix: tuple[re.Pattern, ...]
    negation_suffix: tuple[re.Pattern, ...]
    plan_prefix: tuple[re.Pattern, ...]
    plan_sentence_prefix: tuple[re.Pattern, ...]
    plan_suffix: tuple[re.Pattern, ...]
    unfinished_suffix: tuple[re.Pattern, ...]
    done_suffix: tuple[re.Pattern, ...]
    sentence_end: str
    clause_end: str
    signals: dict[str, tuple[re.Pattern, ...]]
    signal_excludes: dict[str, tuple[re.Pattern, ...]]
    signals_with_context: frozenset[str]
    procedure_signals: frozenset[str]
    comment_period: dict[str, re.Pattern]
    penalty_not_imposed: tuple[re.Pattern, ...]
    topic_around: str
    record_quotation_prefix: tuple[re.Pattern, ...]


def _compile_all(patterns: list[str]) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p) for p in patterns)


def _patterns(spec: list[str] | dict) -> list[str]:
    return spec["patterns"] if isinstance(spec, dict) else spec


@lru_cache(maxsize=4)
def load_lexicon(path: Path = RULES_DIR / "lexicon.yaml") -> Lexicon:
    data = load_yaml(path)
    context = data["context"]
    return Lexicon(
        negation_prefix=_compile_all(context["negation_prefix"]),
        negation_sentence_prefix=_compile_all(context.get("negation_sentence_prefix", [])),
        quotation_prefix=_compile_all(context["quotation_prefix"]),
        quotation_suffix=_compile_all(context.get("quotation_suffix", [])),
        negation_suffix=_compile_all(context.get("negation_suffix", [])),
        plan_prefix=_compile_all(context.get("plan_prefix", [])),
        plan_sentence_prefix=_compile_all(context.get("plan_sentence_prefix", [])),
        plan_suffix=_compile_all(context.get("plan_suffix", [])),
        unfinished_suffix=_compile_all(context.get("unfinished_suffix", [])),
        done_suffix=_compile_all(context.get("done_suffix", [])),
        sentence_end=context["sentence_end"],
        clause_end=context["clause_end"],
        signals={name: _compile_all(_patterns(spec)) for name, spec in data.get("signals", {}).items()},
        signal_excludes={name: _compile_all(spec.get("exclude", []) if isinstance(spec, dict) else [])
                         for name, spec in data.get("signals", {}).items()},
        signals_with_context=frozenset(data.get("signals_with_context", [])),
        procedure_signals=frozenset(data.get("procedure_signals", [])),
        penalty_not_imposed=_compile_all(data.get("penalty_not_imposed", [])),
        comment_period={name: re.compile(pattern) for name, pattern in (data.get("comment_period") or {}).items()},
        topic_around=data.get("topic_around", ""),
        record_quotation_prefix=_compile_all(context.get("record_quotation_prefix", [])),
    )
