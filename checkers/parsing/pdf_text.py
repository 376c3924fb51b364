"""Pull positioned text lines out of PDF pages: pypdfium2 first, pdfplumber for pages pdfium misreads."""

from __future__ import annotations

import ctypes
import io
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

if TYPE_CHECKING:
    import pdfplumber.pdf

_LINE_BREAK = re.compile(r"[^\r\n]+")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")


@dataclass(frozen=True)
class RawLine:
    """One line of a page as the PDF library returned it, with its horizontal extent."""

    text: str  # stripped, never empty
    leading_space: bool  # the line began with spaces (an indent typed as characters)
    left: float | None  # PDF units; None when the library gave no positions
    right: float | None
    size: float | None  # character height, the unit for indents and margins


class PdfLineReader:
    """Reads the lines of one open PDF page by page; call close() when done."""

    def __init__(self, data: bytes, pdf: pdfium.PdfDocument) -> None:
        self._data = data
        self._pdf = pdf
        self._plumber: pdfplumber.pdf.PDF | None = None

    def page_lines(self, page_index: int) -> tuple[float, list[RawLine]]:
        """Return the page width and the page's non-empty lines in reading order."""
        page = self._pdf[page_index]
        textpage = page.get_textpage()
        try:
            width = page.get_width()
            if _pdfium_dropped_text(page):
                return width, self._plumber_lines(page_index)
            return width, _pdfium_lines(textpage)
        finally:
            textpage.close()
            page.close()

    def close(self) -> None:
        if self._plumber is not None:
            self._plumber.close()

    def _plumber_lines(self, page_index: int) -> list[RawLine]:
        if self._plumber is None:
            # Imported here: pdfplumber is slow to load and most files never need it.
            import pdfplumber

            self._plumber = pdfplumber.open(io.BytesIO(self._data))
        lines = []
        for line in self._plumber.pages[page_index].extract_text_lines():
            text = _CONTROL_CHARS.sub("", line["text"]).strip()
            if text:
                size = max(char["size"] for char in line["chars"])
                lines.append(RawLine(text, line["text"][:1].isspace(), line["x0"], line["x1"], size))
        return lines


def _pdfium_dropped_text(page: pdfium.PdfPage) -> bool:
    # pdfium measures the last glyph of a non-embedded CID font (a common case for Chinese
    # PDFs on machines without the font) as zero wide, and a one-glyph text object, such as
    # a lone "）" or "责" wrapped onto its own line, then vanishes from the text page.
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for text_object in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT]):
        # The raw call works on pypdfium2 4 and 5, whose helpers differ (get_pos / get_bounds).
        pdfium_c.FPDFPageObj_GetBounds(text_object.raw, left, bottom, right, top)
        if right.value - left.value < 0.01:
            return True
    return False


def _pdfium_lines(textpage: pdfium.PdfTextPage) -> list[RawLine]:
    text = textpage.get_text_range()
    # Character boxes are addressed by char index; they match text offsets unless pdfium
    # inserted or dropped characters, in which case positions are left unknown.
    positioned = len(text) == textpage.count_chars()
    lines = []
    for match in _LINE_BREAK.finditer(text):
        raw = match.group()
        visible = _CONTROL_CHARS.sub("", raw).strip()
        if not visible:
            continue
        left = right = size = None
        if positioned:
            first = match.start() + len(raw) - len(raw.lstrip())
            last = match.end() - 1 - (len(raw) - len(raw.rstrip()))
            left, bottom, _, top = textpage.get_charbox(first, loose=True)
            right = textpage.get_charbox(last, loose=True)[2]
            size = top - bottom
        lines.append(RawLine(visible, raw[:1].isspace(), left, right, size))
    return lines
