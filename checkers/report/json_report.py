"""The JSON report: the contract other tools rely on (documented in README.md)."""

from __future__ import annotations

import json
from dataclasses import asdict

from checkers import __version__
from checkers.model import DocumentResult, Finding
from checkers.runner import RunResult


def finding_to_dict(finding: Finding) -> dict:
    return {
        "rule": finding.rule, "severity": finding.severity, "message": finding.message,
        "basis": finding.basis, "suggestion": finding.suggestion, "excerpt": finding.excerpt,
        "location": asdict(finding.location), "fingerprint": finding.fingerprint,
        "suppressed": finding.suppressed, "baseline_state": finding.baseline_state,
    }


def document_to_dict(result: DocumentResult) -> dict:
    return {
        "path": result.path, "kind": result.kind, "format": result.format,
        "findings": [finding_to_dict(f) for f in result.findings],
        "facts": result.facts,
        "score": result.score,
        "error": result.error,
    }


def report_dict(run: RunResult) -> dict:
    documents = [document_to_dict(d) for d in run.documents]
    return {
        "tool": {"name": "lawlint", "version": __version__},
        "documents": documents,
        "skipped": [{"path": s.path, "reason": s.reason} for s in run.skipped],
        "notices": run.notices,
        "summary": {
            "documents": len(run.documents),
            "findings": sum(len(d.findings) for d in run.documents),
            "suppressed": sum(1 for d in run.documents for f in d.findings if f.suppressed),
            "unchanged": sum(1 for d in run.documents for f in d.findings if f.baseline_state == "unchanged"),
            "errors": sum(1 for d in run.documents if d.error),
            "skipped": len(run.skipped),
        },
    }


def render(run: RunResult) -> str:
    return json.dumps(report_dict(run), ensure_ascii=False, indent=2) + "\n"
