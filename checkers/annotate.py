"""Annotated Word copy: each finding of a .docx becomes a Word comment (批注) on the text it is about."""

from __future__ import annotations

import copy
import io
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.oxml.text.run import CT_R
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from checkers.model import Finding
from checkers.parsing import DEFAULT_MAX_BYTES, ParseError, read_bytes
from checkers.parsing.docx_reader import CELL_SEPARATOR, cell_text, one_line, open_word
from checkers.report.text_report import SEVERITY_NAMES

AUTHOR = "lawlint"
INITIALS = "LL"

# The run children whose text python-docx counts in `Run.text` (w:br counts only as a line break).
_TEXT_TAGS = frozenset(qn(tag) for tag in ("w:t", "w:tab", "w:br", "w:cr", "w:noBreakHyphen", "w:ptab"))
_RUN_PROPERTIES = qn("w:rPr")
_XML_SPACE = qn("xml:space")


class AnnotationError(ValueError):
    """The annotated copy cannot be written where asked; `str()` gives "中文说明 / English explanation"."""

    def __init__(self, chinese: str, english: str) -> None:
        self.chinese, self.english = chinese, english
        super().__init__(f"{chinese} / {english}")


@dataclass(frozen=True)
class AnnotationReport:
    """How the comments were placed, one count per kind of anchor."""

    exact: int = 0  # on exactly the text the finding names
    paragraph: int = 0  # that text was not found in the Word runs: on its whole paragraph
    document: int = 0  # about the document as a whole: on the title, else the first paragraph

    @property
    def comments(self) -> int:
        return self.exact + self.paragraph + self.document

    def describe(self) -> str:
        return (f"已添加 {self.comments} 条批注（{self.exact} 条定位到原文，{self.paragraph} 条标在整段，"
                f"{self.document} 条针对全文）/ {self.comments} comments: {self.exact} on the offending text, "
                f"{self.paragraph} on its whole paragraph, {self.document} about the whole document")


def annotate_docx(source: str | Path, findings: Iterable[Finding], out: str | Path) -> AnnotationReport:
    """Write a copy of the .docx `source` to `out` with one comment per finding; `source` is only read.

    Raises ParseError when `source` is not a readable .docx, AnnotationError when `out` is `source`.
    """
    source, out = Path(source), Path(out)
    if source.suffix.lower() != ".docx":
        raise ParseError(
            f"只能为 Word（.docx）文件添加批注，不支持“{source.suffix or '无扩展名'}”；.doc 请先另存为 .docx",
            f"annotation needs a .docx file, not {source.suffix or '(no extension)'}: save .doc files as .docx",
        )
    if out.resolve() == source.resolve() or (out.exists() and source.exists() and os.path.samefile(out, source)):
        raise AnnotationError("批注副本不能覆盖原文件，请另指定输出路径",
                              f"refusing to overwrite the source {source}: give the annotated copy another path")
    annotated, report = _annotate(read_bytes(source, max_bytes=DEFAULT_MAX_BYTES), findings)
    _write_atomically(out, annotated, mode_of=source)
    return report


def annotated_bytes(data: bytes, findings: Iterable[Finding]) -> bytes:
    """The bytes of an annotated copy of the .docx `data` (for the web service); raises ParseError."""
    return _annotate(data, findings)[0]


def comment_text(finding: Finding) -> str:
    """What the reader sees in the margin: the problem, its legal basis, the fix and the rule."""
    lines = [finding.message]
    if finding.basis:
        lines.append(f"依据：{finding.basis}")
    if finding.suggestion:
        lines.append(f"建议：{finding.suggestion}")
    lines.append(f"规则：{finding.rule}（{SEVERITY_NAMES.get(finding.severity, finding.severity)}）")
    return "\n".join(lines)


@dataclass(frozen=True)
class _Piece:
    """A stretch of a parsed paragraph's raw text: a Word paragraph, or the separator put between two."""

    start: int
    length: int
    paragraph: DocxParagraph | None


@dataclass(frozen=True)
class _Target:
    """One paragraph as docx_reader parses it, with the Word paragraphs its text is read from."""

    text: str  # normalised: the text findings' offsets count in
    raw: str  # the Word text before normalising
    pieces: tuple[_Piece, ...]


def _annotate(data: bytes, findings: Iterable[Finding]) -> tuple[bytes, AnnotationReport]:
    word = open_word(data)
    targets = list(_targets(word))
    placed: Counter[str] = Counter()
    for finding in findings:
        index = finding.location.paragraph
        if index is None or not 0 <= index < len(targets):
            if not targets:
                raise ParseError("文件为空（没有文字内容），无法添加批注", "empty document: no text to comment on")
            placed["document"] += 1
            anchor = _whole_paragraph(targets[0])
        else:
            anchor = _exact_anchor(targets[index], finding)
            placed["exact" if anchor else "paragraph"] += 1
            anchor = anchor or _whole_paragraph(targets[index])
        word.add_comment(list(anchor), text=comment_text(finding), author=AUTHOR, initials=INITIALS)
    stream = io.BytesIO()
    word.save(stream)
    return stream.getvalue(), AnnotationReport(**placed)


def _targets(word: WordDocument) -> Iterator[_Target]:
    """The parsed paragraphs in docx_reader's order and with its skipping: non-empty body
    paragraphs, and each table row with a non-empty cell as one paragraph."""
    for block in word.iter_inner_content():
        if isinstance(block, DocxTable):
            for row in block.rows:
                cells = [cell for cell in _distinct_cells(row.cells) if cell_text(cell)]
                if cells:
                    yield _row_target(cells)
        elif text := one_line(block.text):
            yield _Target(text=text, raw=block.text, pieces=(_Piece(0, len(block.text), block),))


def _distinct_cells(cells: list[_Cell]) -> Iterator[_Cell]:
    # python-docx repeats a horizontally merged cell once per grid column it spans.
    previous = None
    for cell in cells:
        if previous is None or cell._tc is not previous._tc:
            yield cell
        previous = cell


def _row_target(cells: list[_Cell]) -> _Target:
    """A table row joined as docx_reader joins it, keeping which cell paragraph each character is in."""
    pieces: list[_Piece] = []
    raw = ""
    for cell_number, cell in enumerate(cells):
        for paragraph_number, paragraph in enumerate(cell.paragraphs):
            separator = (CELL_SEPARATOR if cell_number else "") if paragraph_number == 0 else "\n"
            if separator:
                pieces.append(_Piece(len(raw), len(separator), None))
                raw += separator
            pieces.append(_Piece(len(raw), len(paragraph.text), paragraph))
            raw += paragraph.text
    text = CELL_SEPARATOR.join(one_line(cell_text(cell)) for cell in cells)
    return _Target(text=text, raw=raw, pieces=tuple(pieces))


def _exact_anchor(target: _Target, finding: Finding) -> tuple[Run, Run] | None:
    """The first and last run of exactly the finding's text, split out of their runs; None if not found."""
    start, end = finding.location.start, finding.location.end
    if start is None or end is None or not 0 <= start < end <= len(target.text):
        found = target.text.find(finding.excerpt) if finding.excerpt else -1
        if found < 0:
            return None
        start, end = found, found + len(finding.excerpt)
    positions = _raw_positions(target.text, target.raw)
    if positions is None:
        return None
    return _anchor(target, positions[start], positions[end - 1] + 1)


def _raw_positions(text: str, raw: str) -> list[int] | None:
    """Where each character of the normalised text is in the raw text, or None if they do not align.

    Normalising only drops whitespace and puts a space between two Latin words a line break
    joined, so every character is found in order by skipping whitespace; an added space sits
    where the next raw character is.
    """
    positions = []
    cursor = 0
    for char in text:
        while cursor < len(raw) and raw[cursor] != char and raw[cursor].isspace():
            cursor += 1
        if cursor < len(raw) and raw[cursor] == char:
            positions.append(cursor)
            cursor += 1
        elif char == " ":
            positions.append(cursor)
        else:
            return None
    return positions


def _anchor(target: _Target, raw_start: int, raw_end: int) -> tuple[Run, Run] | None:
    """Split runs so that the raw span [raw_start, raw_end) begins and ends on run boundaries;
    return its first and last run. Separators between cells or cell paragraphs carry no runs."""
    covered = [piece for piece in target.pieces if piece.paragraph is not None and piece.length
               and piece.start < raw_end and piece.start + piece.length > raw_start]
    if not covered:
        return None
    first_piece, last_piece = covered[0], covered[-1]
    first = _run_starting_at(first_piece.paragraph, max(raw_start - first_piece.start, 0))
    last = _run_ending_at(last_piece.paragraph, min(raw_end - last_piece.start, last_piece.length))
    return first, last


def _whole_paragraph(target: _Target) -> tuple[Run, Run]:
    anchor = _anchor(target, 0, len(target.raw))
    assert anchor is not None, "a parsed paragraph has text, so some run holds it"
    return anchor


def _text_runs(paragraph: DocxParagraph) -> list[tuple[int, Run]]:
    """The runs whose text makes up `paragraph.text`, each with the offset it starts at."""
    runs = []
    offset = 0
    for element in paragraph._p.xpath("./w:r | ./w:hyperlink/w:r"):
        runs.append((offset, Run(element, paragraph)))
        offset += len(element.text)
    return runs


def _run_starting_at(paragraph: DocxParagraph, offset: int) -> Run:
    _split_runs_at(paragraph, offset)
    return next(run for start, run in _text_runs(paragraph) if start == offset and run.text)


def _run_ending_at(paragraph: DocxParagraph, offset: int) -> Run:
    _split_runs_at(paragraph, offset)
    return next(run for start, run in _text_runs(paragraph) if start + len(run.text) == offset and run.text)


def _split_runs_at(paragraph: DocxParagraph, offset: int) -> None:
    for start, run in _text_runs(paragraph):
        if start < offset < start + len(run.text):
            _split_run(run._r, offset - start)
            return


def _split_run(head: CT_R, cut: int) -> None:
    """Cut a <w:r> in two at character `cut`; the second half is a copy, so both keep the run's w:rPr."""
    tail = copy.deepcopy(head)
    head.addnext(tail)
    position = 0
    for head_child, tail_child in zip(list(head), list(tail), strict=True):
        if head_child.tag == _RUN_PROPERTIES:
            continue
        length = len(str(head_child)) if head_child.tag in _TEXT_TAGS else 0
        in_head = position < cut
        in_tail = position + length > cut or (length == 0 and position >= cut)
        if not in_tail:
            tail.remove(tail_child)
        elif not in_head:
            head.remove(head_child)
        else:  # only a <w:t> holds more than one character
            head_child.text, tail_child.text = head_child.text[:cut - position], head_child.text[cut - position:]
            head_child.set(_XML_SPACE, "preserve")
            tail_child.set(_XML_SPACE, "preserve")
        position += length


def _write_atomically(out: Path, data: bytes, mode_of: Path) -> None:
    """Replace `out` in one step, so a failed write never leaves half a Word file behind; the copy
    gets the permissions of `mode_of` rather than mkstemp's owner-only ones."""
    descriptor, temporary = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
        shutil.copymode(mode_of, temporary)
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
