"""Read the body of a .docx file: paragraphs and tables in reading order."""

from __future__ import annotations

import io
import zipfile
from functools import reduce

import docx
from docx.document import Document as WordDocument
from docx.table import Table as DocxTable
from docx.table import _Cell

from checkers.model import Document, Paragraph, Table
from checkers.parsing.errors import ParseError
from checkers.parsing.line_joining import join_fragments

# Legacy .doc files and password-protected .docx files are both OLE compound files.
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAIN_PART = "word/document.xml"
CELL_SEPARATOR = " | "


def read_docx(data: bytes, path: str) -> Document:
    """Parse the bytes of a .docx file; each table row also becomes a paragraph tagged with its table."""
    word = open_word(data)
    paragraphs: list[Paragraph] = []
    tables: list[Table] = []
    for block in word.iter_inner_content():
        if isinstance(block, DocxTable):
            table = Table(index=len(tables), rows=_table_rows(block))
            tables.append(table)
            for row in table.rows:
                text = CELL_SEPARATOR.join(one_line(cell) for cell in row if cell)
                if text:
                    paragraphs.append(Paragraph(index=len(paragraphs), text=text, table=table.index))
        else:
            text = one_line(block.text)
            if text:
                paragraphs.append(Paragraph(index=len(paragraphs), text=text))
    return Document(path=path, format="docx", paragraphs=paragraphs, tables=tables)


# A .docx is a zip: refuse one that would unpack to far more than any real document (a zip bomb)
# before python-docx inflates it. The largest real .docx files with images are tens of MB.
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
MAX_MEMBERS = 20_000
MAX_RATIO = 200  # uncompressed / compressed for a member over a megabyte


def _check_archive(archive: zipfile.ZipFile) -> None:
    infos = archive.infolist()
    total = sum(info.file_size for info in infos)
    inflated = any(info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1)
                   for info in infos)
    if len(infos) > MAX_MEMBERS or total > MAX_UNPACKED_BYTES or inflated:
        raise ParseError("Word 文件解压后异常庞大（疑似 zip 炸弹），已拒绝",
                         f"refused: the docx would unpack to {total} bytes in {len(infos)} parts (zip bomb?)")


def open_word(data: bytes) -> WordDocument:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            has_main_part = _MAIN_PART in archive.namelist()
            _check_archive(archive)
    except zipfile.BadZipFile as exc:
        if data.startswith(_OLE_SIGNATURE):
            raise ParseError(
                "这是旧版 .doc 文件或加密的 Word 文件，请另存为未加密的 .docx",
                "legacy .doc or password-protected docx (OLE container): save as an unprotected .docx",
            ) from exc
        raise ParseError(
            "不是有效的 Word 文件（zip 损坏）", "corrupt docx: not a valid zip archive"
        ) from exc
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors… for broken packages
        if not has_main_part:
            raise ParseError(
                "不是 Word 文件（zip 中没有 word/document.xml）",
                "not a Word document: zip has no word/document.xml",
            ) from exc
        raise ParseError(
            "Word 文件已损坏，无法读取", f"corrupt docx: {type(exc).__name__}: {exc}"
        ) from exc


def _table_rows(table: DocxTable) -> list[list[str]]:
    rows = []
    for row in table.rows:
        cells: list[_Cell] = []
        for cell in row.cells:
            # python-docx repeats a horizontally merged cell once per grid column it spans;
            # comparing the underlying <w:tc> element is what identifies the repeat.
            if not cells or cell._tc is not cells[-1]._tc:
                cells.append(cell)
        rows.append([cell_text(cell) for cell in cells])
    return rows


def cell_text(cell: _Cell) -> str:
    return "\n".join(filter(None, (line.strip() for line in cell.text.splitlines())))


def one_line(text: str) -> str:
    """Fold soft line breaks (and a cell's paragraphs) into one line of text."""
    pieces = [piece.strip() for piece in text.splitlines()]
    return reduce(join_fragments, filter(None, pieces), "")
