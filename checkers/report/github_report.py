"""GitHub Actions workflow commands: each finding becomes an annotation on the document in the run's summary."""

from __future__ import annotations

from pathlib import Path

from checkers.model import DocumentResult, Finding
from checkers.report.sarif_report import document_line
from checkers.runner import RunResult
from checkers.triage import counts_against

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """The message after `::`, escaped as GitHub's runner unescapes it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A `key=value` property, which additionally cannot hold the `:` and `,` that delimit properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: str | int | None) -> str:
    given = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items() if value is not None)
    return f"::{name} {given}::{escape_data(message)}" if given else f"::{name}::{escape_data(message)}"


def _annotation(result: DocumentResult, finding: Finding) -> str:
    lines = [finding.message, f"位置 location: {finding.location.describe()}",
             f"依据 basis: {finding.basis}", f"建议 fix: {finding.suggestion}"]
    return command(COMMANDS[finding.severity], "\n".join(lines), file=Path(result.path).as_posix(),
                   line=document_line(result, finding), title=finding.rule)


def render(run: RunResult) -> str:
    lines: list[str] = []
    for result in run.documents:
        if result.error:
            lines.append(command("error", result.error, file=Path(result.path).as_posix(), title="lawlint"))
        lines.extend(_annotation(result, finding) for finding in result.findings if counts_against(finding))
    for notice in run.notices:
        code = f"[{notice['code']}] " if notice.get("code") else ""
        source = f"（{notice['source']}）" if notice.get("source") else ""
        lines.append(command("warning", f"{code}{notice.get('message', '')}{source}", title="lawlint config"))
    active = sum(1 for result in run.documents for finding in result.findings if counts_against(finding))
    quiet = sum(len(result.findings) for result in run.documents) - active
    unreadable = sum(1 for result in run.documents if result.error)
    lines.append(command("notice", f"lawlint: 检查 {len(run.documents)} 份文件，{active} 个问题，"
                                   f"{quiet} 个已抑制或基线已有，{unreadable} 份无法读取，跳过 {len(run.skipped)} 个 / "
                                   f"checked {len(run.documents)} files: {active} findings, {quiet} suppressed or "
                                   f"unchanged, {unreadable} unreadable, {len(run.skipped)} skipped",
                         title="lawlint"))
    return "\n".join(lines) + "\n"
