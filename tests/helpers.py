"""Shared test helpers: building documents from text and locating ../shared."""

from __future__ import annotations

from pathlib import Path

from checkers.model import Document, Paragraph

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
GOVCN_DIR = SHARED / "real" / "govcn"


def document_from_text(text: str, path: str = "example.txt") -> Document:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return Document(path=path, format="txt", paragraphs=[Paragraph(i, line) for i, line in enumerate(lines)])


def fired_rules(result) -> set[str]:
    return {finding.rule for finding in result.findings}
