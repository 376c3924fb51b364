"""The SARIF 2.1.0 report: findings in the format code-scanning services (e.g. GitHub) ingest."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from urllib.parse import quote

from checkers import __version__
from checkers.model import DocumentResult, Finding
from checkers.rulebook import PLACEHOLDER, Rule
from checkers.runner import RunResult

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "lawlint/v1"
BASELINE_STATES = ("new", "unchanged", "updated", "absent")


def document_uri(path: str) -> str:
    """The path as a URI reference: relative paths stay relative (percent-encoded), absolute ones become file URIs."""
    as_path = Path(path)
    if as_path.is_absolute():
        return as_path.as_uri()
    return quote(as_path.as_posix(), safe="/")


def document_line(result: DocumentResult, finding: Finding) -> int | None:
    """The 1-based line a CI annotation points at: the paragraph, counted from 1.

    A case folder has no lines of its own (its paragraphs run across several files), so none.
    """
    if result.format == "case" or finding.location.paragraph is None:
        return None
    return finding.location.paragraph + 1


def _rule_name(rule_id: str) -> str:
    """"norm.sets-license" → "NormSetsLicense": SARIF names are identifier-like."""
    return "".join(part.capitalize() for part in re.split(r"[^0-9A-Za-z]+", rule_id) if part)


def rule_summary(rule: Rule) -> str:
    """The rule's message with settings filled in and per-finding placeholders shown as "…"."""
    def replace(match: re.Match) -> str:
        scope, name = match.group(1), match.group(2)
        if scope == "settings" and name in rule.settings:
            return str(rule.settings[name])
        return "…"

    return PLACEHOLDER.sub(replace, rule.message)


def _descriptor(rule: Rule) -> dict:
    summary = rule_summary(rule)
    return {
        "id": rule.id,
        "name": _rule_name(rule.id),
        "shortDescription": {"text": summary},
        "fullDescription": {"text": f"{summary} 依据 basis: {rule.basis}"},
        "help": {
            "text": f"依据 basis: {rule.basis}\n建议 fix: {rule.suggestion}",
            "markdown": f"**依据 basis:** {rule.basis}\n\n**建议 fix:** {rule.suggestion}",
        },
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"kinds": list(rule.kinds), "basis": rule.basis, "tags": list(rule.kinds)},
    }


def _artifact_location(path: str, index: int | None = None) -> dict:
    location: dict = {"uri": document_uri(path)}
    if index is not None:
        location["index"] = index
    return location


def _message_text(finding: Finding) -> str:
    lines = [finding.message, f"位置 location: {finding.location.describe()}"]
    if finding.excerpt:
        lines.append(f"原文 excerpt: “{finding.excerpt}”")
    return "\n".join(lines)


def _suppression(suppressed: dict) -> dict:
    suppression = {"kind": "external", "status": "accepted",
                   "justification": str(suppressed.get("reason") or "")}
    details = {key: value for key, value in suppressed.items() if key != "reason" and value is not None}
    if details:
        suppression["properties"] = details
    return suppression


def _result(document: DocumentResult, artifact_index: int, finding: Finding, rule_indices: dict[str, int]) -> dict:
    physical: dict = {"artifactLocation": _artifact_location(document.path, artifact_index)}
    line = document_line(document, finding)
    if line is not None:
        region: dict = {"startLine": line}
        if finding.excerpt:
            region["snippet"] = {"text": finding.excerpt}
        physical["region"] = region
    result: dict = {
        "ruleId": finding.rule,
        "level": LEVELS[finding.severity],
        "message": {"text": _message_text(finding)},
        "locations": [{"physicalLocation": physical}],
        # SARIF regions count lines; the paragraph, page and clause are lawlint's own coordinates.
        "properties": {"location": asdict(finding.location), "locationDescription": finding.location.describe(),
                       "basis": finding.basis, "suggestion": finding.suggestion},
    }
    if finding.rule in rule_indices:
        result["ruleIndex"] = rule_indices[finding.rule]
    if finding.fingerprint:
        result["partialFingerprints"] = {FINGERPRINT_KEY: finding.fingerprint}
    if finding.suppressed is not None:
        result["suppressions"] = [_suppression(finding.suppressed)]
    if finding.baseline_state in BASELINE_STATES:
        result["baselineState"] = finding.baseline_state
    return result


def _notification(level: str, text: str, path: str | None = None, properties: dict | None = None) -> dict:
    notification: dict = {"level": level, "message": {"text": text}}
    if path is not None:
        notification["locations"] = [{"physicalLocation": {"artifactLocation": _artifact_location(path)}}]
    if properties:
        notification["properties"] = properties
    return notification


def report_dict(run: RunResult, rules: Iterable[Rule]) -> dict:
    descriptors = [_descriptor(rule) for rule in rules]
    rule_indices = {descriptor["id"]: index for index, descriptor in enumerate(descriptors)}
    artifacts = [{"location": _artifact_location(document.path), "roles": ["analysisTarget"],
                  "properties": {"kind": document.kind, "format": document.format}}
                 for document in run.documents]
    results = [_result(document, index, finding, rule_indices)
               for index, document in enumerate(run.documents) for finding in document.findings]
    execution = [_notification("error", document.error, document.path)
                 for document in run.documents if document.error]
    execution += [_notification("note", f"跳过 skipped: {skipped.reason}", skipped.path) for skipped in run.skipped]
    configuration = [_notification("warning", notice.get("message", ""),
                                   properties={k: v for k, v in notice.items() if k != "message" and v is not None})
                     for notice in run.notices]
    invocation = {
        # Unreadable documents are reported per document; the run itself still completed.
        "executionSuccessful": True,
        "toolExecutionNotifications": execution,
        "toolConfigurationNotifications": configuration,
    }
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "lawlint", "version": __version__, "semanticVersion": __version__,
                                "rules": descriptors}},
            "invocations": [invocation],
            "artifacts": artifacts,
            "results": results,
        }],
    }


def render(run: RunResult, rules: Iterable[Rule]) -> str:
    return json.dumps(report_dict(run, rules), ensure_ascii=False, indent=2) + "\n"
