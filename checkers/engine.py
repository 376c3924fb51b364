"""Runs the compiled rules on durable_rules: one engine session (sid) per document.

Facts go in as one batch, evidence first and the document fact last (the ``$not`` patterns
depend on that order); the actions run synchronously inside the call; the session's state is
deleted afterwards so nothing leaks from one document to the next.
"""

from __future__ import annotations

import copy
import itertools
import threading
import time
from dataclasses import dataclass

from durable import engine as durable_engine

from checkers.compiler import CompiledRules, compile_rules
from checkers.rulebook import Rule

# durable_rules stamps every action with datetime.utcfromtimestamp, deprecated since 3.12;
# under warnings-as-errors that would stop every action.
durable_engine._unix_now = time.time

RULESET_NAMES = itertools.count()
ANCHOR_TYPES = {"as_of"}
ANCHOR_DATE_ROLES = {"written", "published", "filed"}


class EngineError(RuntimeError):
    """The rule engine failed on a document (an action raised, or the engine refused facts)."""


@dataclass(frozen=True)
class Activation:
    """One rule firing: the rule ID and the facts it matched, by alias."""

    rule: str
    facts: dict[str, dict]


class _SynchronousHost(durable_engine.Host):
    """A Host whose actions only record activations and which starts no background threads."""

    def __init__(self) -> None:
        self.activations: list[Activation] = []
        super().__init__()

    def _run(self) -> None:  # the polling threads would run pending actions behind our back
        return

    def get_action(self, action_name: str):
        if action_name == "_sink":
            return lambda closure: None

        def record(closure) -> None:
            matched = {alias: dict(fact) for alias, fact in closure._m.items()}
            self.activations.append(Activation(action_name, matched))

        return record


class RuleEngine:
    """A durable_rules ruleset built once from the rule files; `evaluate` checks one document."""

    def __init__(self, rules: tuple[Rule, ...] | list[Rule], settings_override: dict | None = None):
        self.rules = {rule.id: rule for rule in rules}
        self.compiled: CompiledRules = compile_rules(list(rules), settings_override)
        self.name = f"lawlint_{next(RULESET_NAMES)}"
        self._host = _SynchronousHost()
        # Ruleset() deletes the `run` keys of what it is given.
        self._host.register_rulesets({self.name: copy.deepcopy(self.compiled.ruleset)})
        self._lock = threading.Lock()
        self._sids = itertools.count()

    def add_probe_flags(self, facts: list[dict]) -> None:
        for probe in self.compiled.probes:
            for fact in facts:
                if fact.get("t") == probe.fact_type and isinstance(fact.get(probe.field), str):
                    fact[probe.flag] = bool(probe.pattern.search(fact[probe.field]))

    def evaluate(self, evidence: list[dict], document_fact: dict) -> list[Activation]:
        """Asserts the evidence then the document fact in a fresh session; returns activations."""
        with self._lock:
            sid = f"doc-{next(self._sids)}"
            # A fact that a rule refers to ({ref: written.day}) must be asserted before the fact that
            # refers to it: durable_rules 2.0.28 reads unbound join values otherwise and, depending on
            # memory layout, crashes (reproduced with PYTHONHASHSEED=0 on a 2019 document citing
            # 合同法). Anchors go first, in their original order.
            ordered = sorted(evidence, key=lambda fact: fact.get("t") not in ANCHOR_TYPES
                             and not (fact.get("t") == "date" and fact.get("role") in ANCHOR_DATE_ROLES))
            batch = [dict(fact, sid=sid, id=f"f{number}") for number, fact in enumerate(ordered)]
            batch.append(dict(document_fact, sid=sid, id="doc"))
            self.add_probe_flags(batch)
            self._host.activations = []
            try:
                self._host.assert_facts(self.name, batch)
                state = self._host.get_state(self.name, sid)
            except Exception as error:  # the C core reports refusals as plain exceptions
                # The session is left in place: deleting a sid with pending actions segfaults.
                raise EngineError(f"rule engine refused the facts: {error}") from error
            self._host.delete_state(self.name, sid)
            if "exception" in state:
                raise EngineError(f"a rule action failed: {state['exception']}")
            return list(self._host.activations)
