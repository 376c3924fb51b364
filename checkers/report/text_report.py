"""The human report: one block per document, each finding with its sentence, place, basis and fix."""

from __future__ import annotations

from collections import Counter

from checkers.model import DocumentResult, Finding
from checkers.runner import RunResult
from checkers.triage import counts_against

KIND_NAMES = {"normative": "行政规范性文件", "contract": "合同", "enforcement": "行政执法文书",
              "decision": "重大行政决策", "unknown": "未识别类型",
              "registry": "登记库（跨文件）"}
SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}
COLOURS = {"error": "31", "warning": "33", "info": "36", "dim": "2", "bold": "1", "ok": "32"}


class _Style:
    def __init__(self, colour: bool):
        self.colour = colour

    def __call__(self, text: str, style: str) -> str:
        return f"\033[{COLOURS[style]}m{text}\033[0m" if self.colour else text


def _finding_block(finding: Finding, style: _Style) -> list[str]:
    head = style(f"{SEVERITY_NAMES[finding.severity]}[{finding.severity}]", finding.severity)
    lines = [f"  {head} {style(finding.rule, 'bold')}  {finding.message}",
             f"      位置 location: {finding.location.describe()}"]
    if finding.excerpt:
        lines.append(f"      原文 excerpt: “{finding.excerpt}”")
    lines.append(f"      依据 basis: {finding.basis}")
    lines.append(f"      建议 fix: {finding.suggestion}")
    return lines


STATUS_NAMES = {"present": ("✔ 有", "ok"), "missing": ("✖ 缺", "error"), "wrong": ("✖ 不规范", "warning")}


def _five_unified_block(result: DocumentResult, style: _Style) -> list[str]:
    checklist = result.facts.get("five_unified")
    if not checklist:
        return []
    lines = ["  “五统一”检查 / five-unified checklist:"]
    for item in checklist.values():
        name, colour = STATUS_NAMES[item["status"]]
        value = item["value"]
        shown = "" if value in (None, "", [], {}) else f"  {str(value)[:60]}"
        lines.append(f"    {item['label']}: {style(name, colour)}{shown}")
    return lines


def _score_block(result: DocumentResult, style: _Style) -> list[str]:
    if not result.score:
        return []
    score = result.score
    colour = "ok" if score["grade"] == "优秀" else "warning" if score["grade"] == "合格" else "error"
    lines = [f"  案卷评查 case-file score: {style(str(score['score']), 'bold')} 分，{style(score['grade'], colour)}"]
    if score["veto"]:
        lines.append(f"    一票否决 veto: {', '.join(score['veto'])}")
    for deduction in score["deductions"]:
        lines.append(f"    -{deduction['points']} {deduction['dimension']}：{deduction['rule']}"
                     f"（{deduction['location']}）{deduction['finding']}")
    return lines


def _quiet_block(result: DocumentResult, style: _Style) -> list[str]:
    """Suppressed and baselined findings are not listed in full, but never vanish."""
    lines = []
    for finding in result.findings:
        if finding.suppressed:
            until = f"，至 {finding.suppressed['expires']}" if finding.suppressed.get("expires") else ""
            lines.append(style(f"  已忽略 suppressed {finding.rule} {finding.location.describe()}："
                               f"{finding.suppressed['reason']}{until}", "dim"))
    unchanged = sum(1 for f in result.findings if f.suppressed is None and f.baseline_state == "unchanged")
    if unchanged:
        lines.append(style(f"  另有 {unchanged} 个基线中已有的问题未列出 / {unchanged} baseline findings not shown",
                           "dim"))
    return lines


def _document_block(result: DocumentResult, style: _Style) -> list[str]:
    kind = KIND_NAMES.get(result.kind or "", "—")
    header = f"{style(result.path, 'bold')}  [{kind} · {result.format or '?'}]"
    if result.error:
        return [header, "  " + style(f"无法检查 error: {result.error}", "error"), ""]
    if not result.findings and result.kind == "unknown":
        note = "未识别为可检查的文件类型，未适用规则（可用 --kind 指定）/ kind unknown: no rules applied"
        return [header, "  " + style(note, "dim"), ""]
    live = [f for f in result.findings if counts_against(f)]
    lines = [header, *_five_unified_block(result, style), *_score_block(result, style)]
    if not live:
        note = "未发现新问题 / no new findings" if result.findings else "未发现问题 / no findings"
        lines.append("  " + style(note, "ok"))
    for finding in live:
        lines.extend(_finding_block(finding, style))
    lines.extend(_quiet_block(result, style))
    lines.append("")
    return lines


def render(run: RunResult, colour: bool = False) -> str:
    style = _Style(colour)
    lines: list[str] = []
    for result in run.documents:
        lines.extend(_document_block(result, style))
    for skipped in run.skipped:
        lines.append(style(f"跳过 skipped: {skipped.path} — {skipped.reason}", "dim"))
    for notice in run.notices:
        lines.append(style(f"注意 notice [{notice['code']}] {notice['source']}: {notice['message']}", "warning"))
    counts = Counter(f.severity for d in run.documents for f in d.findings if counts_against(f))
    quiet = sum(1 for d in run.documents for f in d.findings if not counts_against(f))
    errors = sum(1 for d in run.documents if d.error)
    total = sum(counts.values())
    lines.append(
        f"共检查 {len(run.documents)} 份文件，发现 {total} 个问题（错误 {counts['error']}，警告 {counts['warning']}，"
        f"提示 {counts['info']}），{errors} 份无法读取，跳过 {len(run.skipped)} 个文件"
        + (f"；另有 {quiet} 个问题已忽略或在基线中。" if quiet else "。")
    )
    lines.append(
        f"Checked {len(run.documents)} files: {total} findings ({counts['error']} errors, "
        f"{counts['warning']} warnings, {counts['info']} info), {errors} unreadable, {len(run.skipped)} skipped"
        + (f"; {quiet} suppressed or in the baseline." if quiet else ".")
    )
    return "\n".join(lines) + "\n"
