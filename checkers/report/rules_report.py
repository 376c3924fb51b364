"""`lawlint rules`: the rule catalogue as a table, one rule explained, or JSON."""

from __future__ import annotations

import json

from checkers.report.text_report import KIND_NAMES, SEVERITY_NAMES
from checkers.rulebook import Rule


def rule_to_dict(rule: Rule) -> dict:
    return {"id": rule.id, "kinds": list(rule.kinds), "severity": rule.severity, "message": rule.message,
            "basis": rule.basis, "suggestion": rule.suggestion, "settings": rule.settings,
            "in_force_from": rule.in_force_from, "source": rule.source,
            "examples": {"fire": list(rule.examples.get("fire", [])),
                         "quiet": list(rule.examples.get("quiet", []))}}


def render_list(rules: tuple[Rule, ...], as_json: bool = False) -> str:
    if as_json:
        return json.dumps([rule_to_dict(r) for r in rules], ensure_ascii=False, indent=2) + "\n"
    width = max(len(r.id) for r in rules) if rules else 0
    lines = [f"{'ID'.ljust(width)}  级别      适用类型 kinds                  依据 basis"]
    for rule in rules:
        kinds = "、".join(KIND_NAMES.get(k, k) for k in rule.kinds)
        level = f"{SEVERITY_NAMES[rule.severity]}/{rule.severity}"
        lines.append(f"{rule.id.ljust(width)}  {level.ljust(10)}{kinds[:20].ljust(22)}{_short(rule.basis, 60)}")
    lines.append(f"共 {len(rules)} 条规则 / {len(rules)} rules. 详情 details: lawlint rules ID")
    return "\n".join(lines) + "\n"


def render_one(rule: Rule, as_json: bool = False) -> str:
    if as_json:
        return json.dumps(rule_to_dict(rule), ensure_ascii=False, indent=2) + "\n"
    lines = [
        f"{rule.id}  [{SEVERITY_NAMES[rule.severity]}/{rule.severity}]  "
        f"适用 kinds: {'、'.join(KIND_NAMES.get(k, k) for k in rule.kinds)}",
        f"  提示 message:    {rule.message}",
        f"  依据 basis:      {rule.basis}",
        f"  建议 fix:        {rule.suggestion}",
    ]
    if rule.in_force_from:
        lines.append(f"  适用于 applies to documents dated on or after {rule.in_force_from}")
    if rule.settings:
        shown = "; ".join(f"{k} = {v}" for k, v in rule.settings.items())
        lines.append(f"  可配置 settings ([settings.\"{rule.id}\"]): {_short(shown, 200)}")
    lines.append("  会报告 fires on:")
    lines.extend(f"    ✖ {text}" for text in rule.examples.get("fire", [])[:3])
    lines.append("  不报告 stays quiet on:")
    lines.extend(f"    ✔ {text}" for text in rule.examples.get("quiet", [])[:3])
    lines.append(f"  规则文件 source: rules/{rule.source}")
    return "\n".join(lines) + "\n"


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
