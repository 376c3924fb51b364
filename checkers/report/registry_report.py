"""`lawlint registry check`: the cross-document findings as text or JSON."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict

from checkers import __version__
from checkers.registry.crossdoc import CrossFinding
from checkers.report.text_report import SEVERITY_NAMES


def render_text(found: list[CrossFinding], url: str, documents: int) -> str:
    lines = [f"登记库 registry: {url}（{documents} 份文件 / documents）", ""]
    for finding in found:
        lines.append(f"{SEVERITY_NAMES[finding.severity]}[{finding.severity}] {finding.rule}  {finding.message}")
        lines.append(f"    依据 basis: {finding.basis}")
        lines.append(f"    建议 fix: {finding.suggestion}")
    counts = Counter(f.rule for f in found)
    lines.append("")
    lines.append(f"跨文件检查发现 {len(found)} 个问题 / {len(found)} cross-document findings"
                 + ("：" + "，".join(f"{rule} {n}" for rule, n in sorted(counts.items())) if counts else "。"))
    return "\n".join(lines) + "\n"


def render_json(found: list[CrossFinding], url: str, documents: int) -> str:
    body = {"tool": {"name": "lawlint", "version": __version__}, "registry": url, "documents": documents,
            "findings": [{**asdict(f), "paths": list(f.paths)} for f in found]}
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"
