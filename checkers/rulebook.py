"""Loads and validates the declarative rule sets in rules/*.yaml into Rule objects."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from checkers.kind import KINDS
from checkers.lexicon import RULES_DIR
from checkers.rule_yaml import load_yaml

SEVERITIES = ("error", "warning", "info")
SETTING_SLOT = re.compile(r"<<(\w+)>>")
PLACEHOLDER = re.compile(r"\{(\w+)\.(\w+)\}")  # {facts.name} / {settings.name} in a message
RULE_KEYS = {"id", "kinds", "severity", "message", "basis", "suggestion", "phrases", "when",
             "settings", "examples", "in_force_from", "locate"}
REQUIRED_KEYS = {"id", "kinds", "severity", "message", "basis", "suggestion", "when", "examples"}


class RuleError(ValueError):
    """A rule file that does not follow the vocabulary in rules/README.md."""


@dataclass(frozen=True)
class Rule:
    id: str
    kinds: tuple[str, ...]
    severity: str
    message: str
    basis: str
    suggestion: str
    when: list
    phrases: dict | None = None
    settings: dict = field(default_factory=dict)
    examples: dict = field(default_factory=dict)
    in_force_from: str | None = None
    locate: str | None = None  # alias of the fact whose position the finding reports
    source: str = ""

    def phrase_set(self, settings_override: dict | None = None) -> dict | None:
        """The rule's phrase patterns in the form the spaCy phrase component takes.

        A pattern may name a setting as ``<<name>>`` (e.g. the administrative parties of a
        contract); it is replaced by the setting's value, a regex fragment.
        """
        if not self.phrases:
            return None
        settings = {**self.settings, **(settings_override or {})}

        def fill(pattern: str) -> str:
            return SETTING_SLOT.sub(lambda m: str(settings[m.group(1)]), pattern)

        return {"key": self.id, "patterns": [fill(p) for p in self.phrases["patterns"]],
                "exclude": [fill(p) for p in self.phrases.get("exclude", [])], "context": True}


def _validate(raw: dict, source: str, kinds_allowed: tuple[str, ...] = KINDS) -> Rule:
    where = f"{source}: rule {raw.get('id', '?')}"
    unknown = set(raw) - RULE_KEYS
    if unknown:
        raise RuleError(f"{where}: unknown keys {sorted(unknown)}")
    missing = REQUIRED_KEYS - set(raw)
    if missing:
        raise RuleError(f"{where}: missing keys {sorted(missing)}")
    if raw["severity"] not in SEVERITIES:
        raise RuleError(f"{where}: severity must be one of {SEVERITIES}")
    kinds = tuple(raw["kinds"])
    if not kinds or any(k not in kinds_allowed for k in kinds):
        raise RuleError(f"{where}: kinds must be a non-empty list of {kinds_allowed}")
    examples = raw["examples"] or {}
    if not examples.get("fire") or not examples.get("quiet"):
        raise RuleError(f"{where}: examples need at least one 'fire' and one 'quiet' text")
    if not isinstance(raw["when"], list) or not raw["when"]:
        raise RuleError(f"{where}: 'when' must be a non-empty list of conditions")
    phrases = raw.get("phrases")
    if phrases is not None and not phrases.get("patterns"):
        raise RuleError(f"{where}: 'phrases' needs 'patterns'")
    for pattern in (phrases or {}).get("patterns", []) + (phrases or {}).get("exclude", []):
        for slot in SETTING_SLOT.findall(pattern):
            if slot not in (raw.get("settings") or {}):
                raise RuleError(f"{where}: pattern names setting <<{slot}>> that the rule does not define")
    return Rule(
        id=raw["id"], kinds=kinds, severity=raw["severity"], message=raw["message"].strip(),
        basis=raw["basis"].strip(), suggestion=raw["suggestion"].strip(), when=raw["when"],
        phrases=phrases, settings=dict(raw.get("settings") or {}), examples=examples,
        in_force_from=str(raw["in_force_from"]) if raw.get("in_force_from") else None,
        locate=raw.get("locate"), source=source,
    )


def load_rule_file(path: Path, kinds_allowed: tuple[str, ...] = KINDS) -> list[Rule]:
    data = load_yaml(path) or {}
    return [_validate(raw, path.name, kinds_allowed) for raw in data.get("rules", [])]


@lru_cache(maxsize=2)
def load_registry_rules(rules_dir: Path = RULES_DIR) -> tuple[Rule, ...]:
    """The cross-document rules in rules/registry/, run over the registry (kind `registry`)."""
    return tuple(replace(rule, source=f"registry/{rule.source}")
                 for path in sorted((rules_dir / "registry").glob("*.yaml"))
                 for rule in load_rule_file(path, ("registry",)))


@lru_cache(maxsize=4)
def load_rules(rules_dir: Path = RULES_DIR) -> tuple[Rule, ...]:
    """Every rule in rules/*.yaml except the lexicon and kind data, in file then file order."""
    rules: list[Rule] = []
    for path in sorted(rules_dir.glob("*.yaml")):
        if path.name in ("lexicon.yaml", "kinds.yaml"):
            continue
        rules.extend(load_rule_file(path))
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise RuleError(f"{rule.source}: duplicate rule id {rule.id}")
        seen.add(rule.id)
    return tuple(rules)
