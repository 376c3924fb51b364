"""The checker a project's configuration asks for: which rules run, at what severity, with which settings.

A configuration is reduced to a plain `spec` dict so that worker processes and Dask workers,
which cannot share the parent's checker, build the same one; each process builds it once.
"""

from __future__ import annotations

import json
from dataclasses import replace
from functools import lru_cache

from checkers.checker import Checker, default_checker
from checkers.config import Config
from checkers.rulebook import load_rules


def spec_of(config: Config) -> dict:
    return {"enable": list(config.enable), "disable": list(config.disable),
            "severity": dict(config.severity), "settings": config.rule_settings}


def checker_for_spec(spec: dict) -> Checker:
    return _checker(json.dumps(spec, sort_keys=True, ensure_ascii=False))


def selected_rules(spec: dict):
    config = Config(enable=spec.get("enable", []), disable=spec.get("disable", []),
                    severity=spec.get("severity", {}))
    return tuple(replace(rule, severity=config.severity_for(rule.id, rule.severity))
                 for rule in load_rules() if config.rule_is_on(rule.id))


@lru_cache(maxsize=4)
def _checker(key: str) -> Checker:
    spec = json.loads(key)
    if not any(spec.values()):
        return default_checker()
    return Checker(rules=selected_rules(spec), settings_override=spec.get("settings") or {})
