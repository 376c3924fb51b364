"""The HTML report: one self-contained page for a batch run, each document's text with its findings marked in place."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from checkers import __version__
from checkers.kind import KINDS
from checkers.model import DocumentResult, Finding
from checkers.parsing import ParseError, parse_file
from checkers.registry.metadata import unit_of
from checkers.report.text_report import KIND_NAMES, SEVERITY_NAMES, STATUS_NAMES
from checkers.rulebook import SEVERITIES, Rule
from checkers.runner import DEFAULT_MAX_BYTES, RunResult, read_case_folder
from checkers.triage import counts_against

NO_UNIT = "（未能确定单位）"
UNREADABLE_KIND = "无法读取"
# Bar charts: sizes in pixels; a CJK character is about one em wide, Latin text about 0.6 em.
FONT_SIZE = 13
BAR_HEIGHT = 18
ROW_HEIGHT = 26
BAR_AREA = 380
COUNT_AREA = 48
LABEL_LIMIT = 320


@dataclass(frozen=True)
class Card:
    """One finding as the page shows it: numbered within its document, dimmed when it no longer counts."""

    number: int
    anchor: str
    finding: Finding
    quiet_reason: str | None

    @property
    def severity_name(self) -> str:
        return SEVERITY_NAMES.get(self.finding.severity, self.finding.severity)


@dataclass(frozen=True)
class Segment:
    """A run of paragraph text covered by the same findings (none when `cards` is empty)."""

    text: str
    cards: tuple[Card, ...] = ()
    ends: tuple[Card, ...] = ()  # findings whose marked text ends here: their reference numbers follow

    @property
    def severity(self) -> str:
        live = [c.finding.severity for c in self.cards if c.quiet_reason is None]
        return min(live or [c.finding.severity for c in self.cards], key=SEVERITIES.index)

    @property
    def quiet(self) -> bool:
        return all(c.quiet_reason is not None for c in self.cards)

    @property
    def severities(self) -> str:
        return " ".join(sorted({c.finding.severity for c in self.cards}, key=SEVERITIES.index))

    @property
    def title(self) -> str:
        return "；".join(f"[{c.number}] {c.finding.rule}：{c.finding.message}" for c in self.cards)


@dataclass(frozen=True)
class ParagraphView:
    index: int
    anchor: str
    segments: list[Segment]
    cards: list[Card]


@dataclass
class DocumentView:
    anchor: str
    result: DocumentResult
    unit: str | None
    counts: Counter
    quiet: int
    cards: list[Card]
    unplaced: list[Card] = field(default_factory=list)  # with text: the findings no paragraph holds
    paragraphs: list[ParagraphView] | None = None  # None: no text to show, only the findings

    @property
    def kind_name(self) -> str:
        return KIND_NAMES.get(self.result.kind or "", "—")

    @property
    def five_unified(self) -> list[dict]:
        checklist = self.result.facts.get("five_unified") or {}
        return [{"label": item["label"], "status": STATUS_NAMES[item["status"]][0],
                 "colour": STATUS_NAMES[item["status"]][1], "value": _shown(item["value"])}
                for item in checklist.values()]

    @property
    def grade_colour(self) -> str:
        grade = (self.result.score or {}).get("grade")
        return "ok" if grade == "优秀" else "warning" if grade == "合格" else "error"


@dataclass(frozen=True)
class Bar:
    label: str
    title: str
    count: int
    y: int
    parts: list[tuple[str, float, float]]  # (severity, x, width)
    href: str | None = None


@dataclass(frozen=True)
class Chart:
    title: str
    width: int
    height: int
    label_width: int
    bars: list[Bar]
    bar_height: int = BAR_HEIGHT


@dataclass
class CountRow:
    """One row of a summary table: documents, live findings by severity and case-file scores."""

    name: str
    anchor: str = ""
    documents: list[DocumentView] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    unreadable: int = 0
    scores: list[int] = field(default_factory=list)

    def add(self, view: DocumentView) -> None:
        self.documents.append(view)
        self.counts.update(view.counts)
        self.unreadable += bool(view.result.error)
        if view.result.score:
            self.scores.append(view.result.score["score"])

    @property
    def average_score(self) -> str:
        return f"{sum(self.scores) / len(self.scores):.1f}" if self.scores else ""


def _shown(value) -> str:
    if value in (None, "", [], {}):
        return ""
    if isinstance(value, dict):
        value = [v for v in value.values() if v not in (None, "")]
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    return str(value)


def _quiet_reason(finding: Finding) -> str | None:
    if finding.suppressed:
        until = f"，至 {finding.suppressed['expires']}" if finding.suppressed.get("expires") else ""
        source = f"（{finding.suppressed['source']}）" if finding.suppressed.get("source") else ""
        return f"已忽略：{finding.suppressed['reason']}{until}{source}"
    if not counts_against(finding):
        return "基线中已有，未计入 / in the baseline"
    return None


def _place(finding: Finding, paragraphs: Sequence[str]) -> tuple[int, int, int] | None:
    """(paragraph, start, end) of the finding's text: its location, else where its excerpt occurs."""
    location, excerpt = finding.location, finding.excerpt
    if location.paragraph is not None and 0 <= location.paragraph < len(paragraphs):
        text = paragraphs[location.paragraph]
        if location.start is not None and location.end is not None and 0 <= location.start < location.end <= len(text):
            return location.paragraph, location.start, location.end
        if excerpt and excerpt in text:
            start = text.index(excerpt)
            return location.paragraph, start, start + len(excerpt)
    if excerpt:
        for index, text in enumerate(paragraphs):
            if excerpt in text:
                start = text.index(excerpt)
                return index, start, start + len(excerpt)
    return None


def _segments(text: str, spans: list[tuple[int, int, Card]]) -> list[Segment]:
    """Cuts the paragraph at every span edge, so overlapping findings never nest marks."""
    edges = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    segments = []
    for start, end in zip(edges, edges[1:], strict=False):
        covering = tuple(card for s, e, card in spans if s <= start and end <= e)
        ending = tuple(card for _, e, card in spans if e == end)
        segments.append(Segment(text[start:end], covering, ending))
    return segments


def _document_view(result: DocumentResult, paragraphs: Sequence[str] | None, anchor: str,
                   root: Path | None = None) -> DocumentView:
    cards = [Card(number, f"{anchor}-f{number}", finding, _quiet_reason(finding))
             for number, finding in enumerate(result.findings, start=1)]
    view = DocumentView(anchor=anchor, result=result, unit=unit_of(result, root),
                        counts=Counter(c.finding.severity for c in cards if c.quiet_reason is None),
                        quiet=sum(1 for c in cards if c.quiet_reason is not None), cards=cards)
    if not paragraphs or result.error:
        return view
    spans: dict[int, list[tuple[int, int, Card]]] = defaultdict(list)
    for card in cards:
        place = _place(card.finding, paragraphs)
        if place is None:
            view.unplaced.append(card)
        else:
            spans[place[0]].append((place[1], place[2], card))
    view.paragraphs = [
        ParagraphView(index, f"{anchor}-p{index + 1}", _segments(text, spans[index]),
                      sorted((card for _, _, card in spans[index]), key=lambda c: c.number))
        for index, text in enumerate(paragraphs)]
    return view


def _text_width(text: str) -> float:
    return sum(FONT_SIZE if ord(ch) > 0x2E80 else FONT_SIZE * 0.6 for ch in text)


def _shorten(text: str, limit: float) -> str:
    if _text_width(text) <= limit:
        return text
    while text and _text_width(text + "…") > limit:
        text = text[:-1]
    return text + "…"


def _bar_chart(title: str, rows: Iterable[tuple[str, str, Counter, str | None]]) -> Chart | None:
    """Horizontal bars, one per (label, tooltip, counts by severity, link), longest first; None when empty."""
    rows = sorted((r for r in rows if sum(r[2].values())), key=lambda r: (-sum(r[2].values()), r[0]))
    if not rows:
        return None
    label_width = int(min(LABEL_LIMIT, max(_text_width(label) for label, *_ in rows))) + 12
    largest = max(sum(counts.values()) for _, _, counts, _ in rows)
    bars = []
    for position, (label, tooltip, counts, href) in enumerate(rows):
        x = float(label_width)
        parts = []
        for severity in SEVERITIES:
            if counts[severity]:
                width = round(BAR_AREA * counts[severity] / largest, 1)
                parts.append((severity, x, width))
                x = round(x + width, 1)
        bars.append(Bar(_shorten(label, LABEL_LIMIT), tooltip, sum(counts.values()),
                        position * ROW_HEIGHT + 4, parts, href))
    return Chart(title, label_width + BAR_AREA + COUNT_AREA, len(rows) * ROW_HEIGHT + 8, label_width, bars)


def _rule_chart(views: list[DocumentView], rules: Iterable[Rule] | None) -> Chart | None:
    bases = {rule.id: rule.basis for rule in rules or ()}
    by_rule: dict[str, Counter] = defaultdict(Counter)
    for view in views:
        for card in view.cards:
            if card.quiet_reason is None:
                by_rule[card.finding.rule][card.finding.severity] += 1
    return _bar_chart("各规则发现数 / findings per rule",
                      ((rule, f"{rule}：{bases[rule]}" if rule in bases else rule, counts, None)
                       for rule, counts in by_rule.items()))


def _summary(run: RunResult, views: list[DocumentView]) -> dict:
    findings = [f for d in run.documents for f in d.findings]
    return {
        "documents": len(run.documents),
        "counts": sum((v.counts for v in views), Counter()),
        "unreadable": sum(1 for d in run.documents if d.error),
        "skipped": run.skipped,
        "suppressed": sum(1 for f in findings if f.suppressed),
        "unchanged": sum(1 for f in findings if f.suppressed is None and f.baseline_state == "unchanged"),
        "notices": run.notices,
        "reused": run.reused,
    }


def _tables(views: list[DocumentView]) -> tuple[list[CountRow], list[CountRow]]:
    kinds: dict[str | None, CountRow] = {kind: CountRow(KIND_NAMES[kind]) for kind in KINDS}
    units: dict[str, CountRow] = {}
    for view in views:
        kind = view.result.kind if view.result.kind in kinds else None
        kinds.setdefault(kind, CountRow(UNREADABLE_KIND)).add(view)
        unit = view.unit or NO_UNIT
        units.setdefault(unit, CountRow(unit)).add(view)
    unit_rows = [units[name] for name in sorted(units, key=lambda name: (name == NO_UNIT, name))]
    for number, row in enumerate(unit_rows, start=1):
        row.anchor = f"unit-{number}"
    return list(kinds.values()), unit_rows


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=PackageLoader("checkers.report", "templates"), autoescape=True,
                       trim_blocks=True, lstrip_blocks=True, undefined=StrictUndefined, keep_trailing_newline=True)


def _common() -> dict:
    return {"severities": SEVERITIES, "severity_names": SEVERITY_NAMES}


def render(run: RunResult, rules: Iterable[Rule] | None = None, root: Path | None = None,
           documents_text: dict[str, list[str]] | None = None) -> str:
    """The whole report; `documents_text` maps a document's path to its paragraphs (see paragraph_texts)."""
    texts = documents_text or {}
    views = [_document_view(result, texts.get(result.path), f"doc-{number}", root)
             for number, result in enumerate(run.documents, start=1)]
    kind_rows, unit_rows = _tables(views)
    unit_chart = _bar_chart("各单位发现数 / findings per unit",
                            ((row.name, row.name, row.counts, f"#{row.anchor}") for row in unit_rows))
    return _environment().get_template("report.html.j2").render(
        **_common(), version=__version__, summary=_summary(run, views), views=views, kind_rows=kind_rows,
        unit_rows=unit_rows, charts=[c for c in (_rule_chart(views, rules), unit_chart) if c])


def render_document_section(result: DocumentResult, paragraphs: Sequence[str] | None, anchor: str = "doc-1",
                            root: Path | None = None) -> str:
    """One document's section as the report shows it (for pages that embed it; style it with stylesheet())."""
    view = _document_view(result, paragraphs, anchor, root)
    return _environment().get_template("document.html.j2").render(**_common(), view=view)


def stylesheet() -> str:
    """The report's CSS, for pages that embed document sections."""
    return _environment().get_template("styles.css.j2").render()


def paragraph_texts(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> list[str]:
    """The paragraphs of a file or case folder as the checker saw them; [] when it cannot be read."""
    target = Path(path)
    try:
        document = read_case_folder(target, max_bytes) if target.is_dir() else parse_file(target, max_bytes=max_bytes)
    except (ParseError, OSError):
        return []
    return [paragraph.text for paragraph in document.paragraphs]
