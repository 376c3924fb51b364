"""Render the corpus sources (corpus_src/*.txt) to the formats named in corpus_src/manifest.yaml.

Each source is UTF-8 text, one paragraph per line; lines starting with "|" are table rows
(cells separated by "|"). A manifest entry is a format (`name: docx`) or a mapping that also names
the output folder (`name: {format: docx, folder: contract}`); the folder defaults to normative.
Output goes to corpus/<folder>/<name>.<ext>, byte-for-byte the same on every run.
Usage: python scripts/build_corpus.py
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import yaml
from docx import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

REPO_ROOT = Path(__file__).resolve().parents[1]
SOURCE_DIR = REPO_ROOT / "corpus_src"
CORPUS_DIR = REPO_ROOT / "corpus"
DEFAULT_FOLDER = "normative"
MANIFEST = SOURCE_DIR / "manifest.yaml"

EXTENSIONS = {"txt": "txt", "gb18030": "txt", "docx": "docx", "pdf": "pdf"}
# Zip entries carry a timestamp; a fixed one keeps the .docx files reproducible.
FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)
FIXED_CORE_TIME = datetime(2024, 1, 1)

PDF_FONT = "STSong-Light"
# 公文 layout (GB/T 9704-2012, loosely): 三号 body, 二号 title, margins 37/35/28/26 mm.
BODY_SIZE = 16
TITLE_SIZE = 20
LEADING = 28
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 37 * mm, 35 * mm, 28 * mm, 26 * mm
# Closing punctuation may hang past the right margin rather than start a line.
NO_LINE_START = set("，。、；：？！）》」』”’")

DATE_LINE = re.compile(
    r"^(?:\d{2,4}年\d{1,2}月\d{1,2}日|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)$"
)
DOCNO_LINE = re.compile(r"^\S{1,12}[〔\[【(（][0-9]{4}[〕\]】)）]第?[0-9]+号$")
HEADING_LINE = re.compile(r"^第[一二三四五六七八九十]+章")
INNER_TITLE = re.compile(r"(?:办法|规定|细则|意见|通知|决定|规则|方案)(?:（(?:试行|暂行)）)?$")


@dataclass(frozen=True)
class Block:
    """One rendered unit: a paragraph with its layout role, or a table."""

    role: str  # title | centre | plain | body | signature | table
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()


def read_blocks(source: Path) -> list[Block]:
    """Split a source into paragraphs and tables and give each its layout role."""
    lines = [line.strip() for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    signature_from = len(lines) - 2 if lines and DATE_LINE.match(lines[-1]) else len(lines)
    title_index = 1 if DOCNO_LINE.match(lines[0]) else 0
    blocks: list[Block] = []
    table_rows: list[tuple[str, ...]] = []
    for index, line in enumerate(lines):
        if line.startswith("|"):
            table_rows.append(tuple(cell.strip() for cell in line.strip("|").split("|")))
            continue
        if table_rows:
            blocks.append(Block("table", rows=tuple(table_rows)))
            table_rows = []
        blocks.append(Block(_role(index, line, title_index, signature_from), line))
    if table_rows:
        blocks.append(Block("table", rows=tuple(table_rows)))
    return blocks


def _role(index: int, line: str, title_index: int, signature_from: int) -> str:
    if index == title_index:
        return "title"
    if index >= signature_from:
        return "signature"
    if DOCNO_LINE.match(line) or HEADING_LINE.match(line):
        return "centre"
    if len(line) <= 40 and not re.search(r"[。；，：]", line) and INNER_TITLE.search(line):
        return "centre"
    if line.endswith("：") and index <= title_index + 3:
        return "plain"  # 主送机关
    return "body"


def table_as_lines(rows: tuple[tuple[str, ...], ...]) -> list[str]:
    return ["　".join(row) for row in rows]


def write_text(blocks: list[Block], target: Path, encoding: str) -> None:
    lines: list[str] = []
    for block in blocks:
        lines.extend(table_as_lines(block.rows) if block.role == "table" else [block.text])
    target.write_bytes(("\n".join(lines) + "\n").encode(encoding))


def _set_run_font(run, size: float, bold: bool = False) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = "宋体"
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")


def write_docx(blocks: list[Block], target: Path) -> None:
    document = DocxDocument()
    core = document.core_properties
    core.author = core.last_modified_by = "瓯江区"
    core.created = core.modified = FIXED_CORE_TIME
    core.revision = 1
    for block in blocks:
        if block.role == "table":
            columns = max(len(row) for row in block.rows)
            table = document.add_table(rows=len(block.rows), cols=columns)
            table.style = "Table Grid"
            for row, cells in zip(table.rows, block.rows, strict=True):
                for cell, text in zip(row.cells, cells, strict=False):
                    cell.text = text
            continue
        paragraph = document.add_paragraph()
        run = paragraph.add_run(block.text)
        if block.role == "title":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _set_run_font(run, 22, bold=True)
        elif block.role == "centre":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _set_run_font(run, BODY_SIZE)
        elif block.role == "signature":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _set_run_font(run, BODY_SIZE)
        else:
            if block.role == "body":
                paragraph.paragraph_format.first_line_indent = Pt(BODY_SIZE * 2)
            _set_run_font(run, BODY_SIZE)
    buffer = io.BytesIO()
    document.save(buffer)
    target.write_bytes(_normalised_zip(buffer.getvalue()))


def _normalised_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry timestamps so repeated builds are identical."""
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(output, "w") as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry.filename))
    return output.getvalue()


def wrap(text: str, size: float, width: float) -> list[str]:
    """Break `text` into lines no wider than `width`, character by character as Chinese sets."""
    lines: list[str] = []
    current = ""
    for char in text:
        candidate = current + char
        too_wide = pdfmetrics.stringWidth(candidate, PDF_FONT, size) > width
        if current and char not in NO_LINE_START and too_wide:
            lines.append(current)
            current = char
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


class PdfWriter:
    """Lays blocks out on A4 pages with a "- n -" page number at the foot."""

    def __init__(self, target: Path) -> None:
        self.canvas = Canvas(str(target), pagesize=A4, invariant=1)
        self.canvas.setTitle(target.stem)
        self.page_width, self.page_height = A4
        self.text_width = self.page_width - MARGIN_LEFT - MARGIN_RIGHT
        self.page = 1
        self.y = self.page_height - MARGIN_TOP

    def line(self, text: str, size: float, x: float) -> None:
        if self.y < MARGIN_BOTTOM:
            self.new_page()
        self.canvas.setFont(PDF_FONT, size)
        self.canvas.drawString(x, self.y, text)
        self.y -= LEADING

    def new_page(self) -> None:
        self.footer()
        self.canvas.showPage()
        self.page += 1
        self.y = self.page_height - MARGIN_TOP

    def footer(self) -> None:
        self.canvas.setFont(PDF_FONT, 14)
        self.canvas.drawCentredString(self.page_width / 2, MARGIN_BOTTOM / 2, f"- {self.page} -")

    def centred(self, text: str, size: float) -> None:
        for piece in wrap(text, size, self.text_width):
            width = pdfmetrics.stringWidth(piece, PDF_FONT, size)
            self.line(piece, size, MARGIN_LEFT + (self.text_width - width) / 2)

    def paragraph(self, text: str, indent: float) -> None:
        first = wrap(text, BODY_SIZE, self.text_width - indent)[0]
        self.line(first, BODY_SIZE, MARGIN_LEFT + indent)
        for piece in wrap(text[len(first):], BODY_SIZE, self.text_width):
            self.line(piece, BODY_SIZE, MARGIN_LEFT)

    def signature(self, text: str) -> None:
        # 成文日期 and 署名 end four characters short of the right margin (GB/T 9704 7.3.5.1).
        width = pdfmetrics.stringWidth(text, PDF_FONT, BODY_SIZE)
        self.line(text, BODY_SIZE, self.page_width - MARGIN_RIGHT - 4 * BODY_SIZE - width)

    def close(self) -> None:
        self.footer()
        self.canvas.save()


def write_pdf(blocks: list[Block], target: Path) -> None:
    pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    writer = PdfWriter(target)
    for block in blocks:
        if block.role == "title":
            writer.centred(block.text, TITLE_SIZE)
            writer.y -= LEADING / 2
        elif block.role == "centre":
            writer.centred(block.text, BODY_SIZE)
        elif block.role == "signature":
            writer.signature(block.text)
        elif block.role == "table":
            for text in table_as_lines(block.rows):
                writer.paragraph(text, 0)
        else:
            writer.paragraph(block.text, BODY_SIZE * 2 if block.role == "body" else 0)
    writer.close()


def build(name: str, target_format: str, folder: str) -> Path:
    blocks = read_blocks(SOURCE_DIR / f"{name}.txt")
    output_dir = CORPUS_DIR / folder
    output_dir.mkdir(parents=True, exist_ok=True)
    target = output_dir / f"{name}.{EXTENSIONS[target_format]}"
    if target_format == "txt":
        write_text(blocks, target, "utf-8")
    elif target_format == "gb18030":
        write_text(blocks, target, "gb18030")
    elif target_format == "docx":
        write_docx(blocks, target)
    else:
        write_pdf(blocks, target)
    return target


def main() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    unknown = set(manifest) - {path.stem for path in SOURCE_DIR.glob("*.txt")}
    if unknown:
        raise SystemExit(f"manifest names sources that do not exist: {sorted(unknown)}")
    for name, entry in sorted(manifest.items()):
        target_format, folder = manifest_target(name, entry)
        print(build(name, target_format, folder).relative_to(REPO_ROOT))


def manifest_target(name: str, entry: str | dict) -> tuple[str, str]:
    """The format and output folder of one manifest entry, in either of its two forms."""
    fields = entry if isinstance(entry, dict) else {"format": entry}
    target_format = fields.get("format")
    folder = fields.get("folder", DEFAULT_FOLDER)
    if target_format not in EXTENSIONS:
        raise SystemExit(f"{name}: unknown format {target_format!r}")
    if not re.fullmatch(r"[a-z][a-z0-9_-]*", str(folder)):
        raise SystemExit(f"{name}: folder must be a plain folder name, not {folder!r}")
    return target_format, folder


if __name__ == "__main__":
    main()
