"""Plain data shared by parsing, extraction, the engine and the reporters."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a document; `index` counts from 0 in reading order."""

    index: int
    text: str
    page: int | None = None  # 1-based page number, known for PDFs only
    table: int | None = None  # index into Document.tables when the paragraph is a table cell row


@dataclass(frozen=True)
class Table:
    """A table as rows of cell texts (merged cells appear once)."""

    index: int
    rows: list[list[str]]
    page: int | None = None


@dataclass
class Document:
    """A parsed input file: paragraphs in reading order plus its tables."""

    path: str
    format: str  # "docx" | "pdf" | "txt"
    paragraphs: list[Paragraph] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    encoding: str | None = None  # for txt: the detected encoding

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


@dataclass(frozen=True)
class Location:
    page: int | None
    paragraph: int | None
    clause: str | None  # e.g. "第五条第二款"
    start: int | None  # character offsets inside the paragraph text
    end: int | None

    def describe(self) -> str:
        """"第2页 第13段 第五条第二款" — the place as a reader would look for it."""
        parts = []
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.paragraph is not None:
            parts.append(f"第{self.paragraph + 1}段")
        if self.clause:
            parts.append(self.clause)
        return " ".join(parts) or "全文"


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    message: str
    basis: str
    suggestion: str
    excerpt: str
    location: Location
    # Set after checking, never by rules: a matching suppression ({reason, expires, source}) and,
    # when the run has a baseline, "new" or "unchanged".
    suppressed: dict | None = None
    baseline_state: str | None = None
    fingerprint: str | None = None


@dataclass
class DocumentResult:
    """What one input produced: its kind and findings, or the error that stopped it."""

    path: str
    format: str | None
    kind: str | None = None
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    facts: dict = field(default_factory=dict)
    score: dict | None = None  # 案卷评查 score of an enforcement case file
