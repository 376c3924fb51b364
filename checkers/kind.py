"""Document kind detection (normative / contract / enforcement / decision / unknown) from rules/kinds.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from checkers.lexicon import RULES_DIR
from checkers.rule_yaml import load_yaml

KINDS = ("normative", "contract", "enforcement", "decision", "unknown")


@dataclass(frozen=True)
class KindRules:
    order: tuple[str, ...]
    title: dict[str, re.Pattern]
    title_strip: re.Pattern
    body_hints: dict[str, tuple[int, tuple[re.Pattern, ...]]]
    body_overrides: dict[str, re.Pattern]
    body_claims: dict[str, tuple[re.Pattern, ...]]


@lru_cache(maxsize=2)
def load_kind_rules(path: Path = RULES_DIR / "kinds.yaml") -> KindRules:
    data = load_yaml(path)
    return KindRules(
        order=tuple(data["order"]),
        title={name: re.compile(pattern) for name, pattern in data["title"].items()},
        title_strip=re.compile(data["title_strip"]),
        body_overrides={name: re.compile(pattern, re.MULTILINE)
                        for name, pattern in (data.get("body_overrides") or {}).items()},
        body_claims={name: tuple(re.compile(p) for p in patterns)
                     for name, patterns in (data.get("body_claims") or {}).items()},
        body_hints={
            name: (hint["min"], tuple(re.compile(p, re.MULTILINE) for p in hint["patterns"]))
            for name, hint in data["body_hints"].items()
        },
    )


def detect_kind(title: str | None, text: str) -> str:
    """The kind named by the title; failing that, the kind the body claims or its hints point to; else unknown.

    A title naming only a work product (请示, 纪要, 报告 …) is unknown unless the body claims a kind.
    """
    rules = load_kind_rules()
    for name, pattern in rules.body_overrides.items():
        if pattern.search(text):
            return name
    work_product = False
    if title:
        bare = rules.title_strip.sub("", title.strip())
        for name in rules.order:
            if rules.title[name].search(bare):
                if name != "unknown_titles":
                    return name
                work_product = True
                break
    for name, patterns in rules.body_claims.items():
        if any(p.search(text) for p in patterns):
            return name
    if work_product:
        return "unknown"
    best, best_hits = "unknown", 0
    for name, (minimum, patterns) in rules.body_hints.items():
        hits = sum(1 for p in patterns if p.search(text))
        if hits >= minimum and hits > best_hits:
            best, best_hits = name, hits
    return best
