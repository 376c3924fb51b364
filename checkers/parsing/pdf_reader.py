"""Read the text layer of a PDF and rebuild the paragraphs that its layout wrapped."""

from __future__ import annotations

import re
import statistics
from collections import defaultdict

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from checkers.model import Document
from checkers.parsing.errors import ParseError
from checkers.parsing.line_joining import TextLine, paragraphs_from_lines
from checkers.parsing.pdf_text import PdfLineReader, RawLine

# The PDF spec wants the header in the first 1024 bytes and %%EOF in the last 1024 (readers
# tolerate some slack); a copy cut short loses the end marker, which pdfium may silently repair.
_ENVELOPE_WINDOW = 1024
# Indents and a ragged right edge are measured in character sizes: a body paragraph's first
# line is indented 2 characters; a wrapped line stops less than one character short of the margin.
_INDENT_CHARS = 1.5
_EARLY_END_CHARS = 3.0
_PAGE_NUMBER = re.compile(
    r"""^(?:
        [-—–－~·\s]*\d{1,4}[-—–－~·\s]*           # 3, - 3 -, — 3 —
      | 第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?
      | \d{1,4}\s*/\s*\d{1,4}
    )$""",
    re.VERBOSE,
)


def read_pdf(data: bytes, path: str) -> Document:
    """Parse the bytes of a PDF; paragraphs carry the 1-based page they start on."""
    _check_envelope(data)
    pdf = _open(data)
    reader = PdfLineReader(data, pdf)
    try:
        if len(pdf) == 0:
            raise ParseError("PDF 没有页面", "PDF has no pages")
        pages = [reader.page_lines(index) for index in range(len(pdf))]
    except pdfium.PdfiumError as exc:
        raise ParseError("PDF 文件已损坏，无法读取文字", f"corrupt PDF: {exc}") from exc
    finally:
        reader.close()
        pdf.close()
    lines = _classify(
        [(width, [line for line in lines if not _PAGE_NUMBER.match(line.text)]) for width, lines in pages]
    )
    if not lines:
        raise ParseError(
            "PDF 没有文字层（可能是扫描件），需要先 OCR",
            "image-only PDF: no text layer, OCR needed",
        )
    return Document(path=path, format="pdf", paragraphs=paragraphs_from_lines(lines))


# No real document comes near these; a file that does is built to exhaust the reader's memory.
MAX_OBJECTS = 500_000
_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")
_DECLARED = re.compile(rb"/(?:Size|N)\s+(\d{1,12})")


def _check_envelope(data: bytes) -> None:
    if b"%PDF-" not in data[:_ENVELOPE_WINDOW]:
        raise ParseError("不是有效的 PDF 文件（缺少 %PDF 文件头）", "not a PDF: no %PDF header")
    declared = max((int(m.group(1)) for m in _DECLARED.finditer(data)), default=0)
    if declared > MAX_OBJECTS or sum(1 for _ in _OBJECT.finditer(data)) > MAX_OBJECTS:
        raise ParseError("PDF 对象数量异常（超过50万个），已拒绝",
                         f"refused: the PDF declares or holds more than {MAX_OBJECTS} objects")
    if b"%%EOF" not in data.rstrip(b"\x00\t\n\r\f ")[-_ENVELOPE_WINDOW:]:
        raise ParseError(
            "PDF 文件不完整（结尾缺少 %%EOF，可能被截断）",
            "truncated PDF: no %%EOF marker at the end",
        )


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise ParseError(
                "PDF 有密码保护，请提供未加密的文件",
                "encrypted PDF: password-protected, provide an unprotected copy",
            ) from exc
        raise ParseError("PDF 文件已损坏或不完整", f"corrupt or truncated PDF: {exc}") from exc


def _classify(pages: list[tuple[float, list[RawLine]]]) -> list[TextLine]:
    """Mark each line as indented and/or ending early against the body margins of its page size.

    Margins come from all pages of the same width, so a sparse last page (落款 and date only)
    is measured against the body text, and a landscape attachment against its own kind.
    """
    measured_by_width: dict[int, list[RawLine]] = defaultdict(list)
    for width, lines in pages:
        measured_by_width[round(width)] += [line for line in lines if line.size]
    margins = {
        width: (
            min(line.left for line in measured),
            max(line.right for line in measured),
            statistics.median(line.size for line in measured),
        )
        for width, measured in measured_by_width.items()
        if measured
    }
    classified = []
    for page_number, (width, lines) in enumerate(pages, start=1):
        body_left, body_right, char_size = margins.get(round(width), (None, None, None))
        for line in lines:
            positioned = line.size is not None and body_left is not None
            classified.append(
                TextLine(
                    text=line.text,
                    page=page_number,
                    indented=line.leading_space
                    or (positioned and line.left > body_left + _INDENT_CHARS * char_size),
                    ends_early=line.right < body_right - _EARLY_END_CHARS * char_size if positioned else None,
                )
            )
    return classified
