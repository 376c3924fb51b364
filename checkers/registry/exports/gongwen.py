"""A Word document in 公文 form (GB/T 9704-2012) with python-docx: A4 with the standard margins,
三号仿宋_GB2312 body on a 28-point line, 二号方正小标宋简体 title, and the organ and date (落款)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
TABLE_SIZE = Pt(12)  # 小四, so that a five-column table fits the 156 mm text width
LINE = Pt(28)
RED = RGBColor(0xD0, 0x00, 0x00)  # 版头 (issuing organ's name) is printed in red
DOCNO_PLACEHOLDER = "〔　　　　〕　　号"


def chinese_date(day: date) -> str:
    """成文日期 in Arabic numerals, without leading zeros (GB/T 9704 7.3.5.1): 2024年1月5日."""
    return f"{day.year}年{day.month}月{day.day}日"


def set_font(target, name: str, size: Pt | None = None, bold: bool | None = None) -> None:
    """`target` is a run or a style; Chinese text takes the East Asian font (w:eastAsia)."""
    target.font.name = name
    target.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if size is not None:
        target.font.size = size
    if bold is not None:
        target.font.bold = bold


def new_document() -> DocxDocument:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    set_font(normal, BODY_FONT, BODY_SIZE)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = LINE
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
    return document


def add_organ_header(document: DocxDocument, organ: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(organ)
    set_font(run, TITLE_FONT, Pt(26))
    run.font.color.rgb = RED


def add_docno_placeholder(document: DocxDocument) -> None:
    """The 发文字号 line, left for the registry office to fill in."""
    paragraph = document.add_paragraph(DOCNO_PLACEHOLDER)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = LINE


def add_title(document: DocxDocument, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.line_spacing = Pt(36)
    paragraph.paragraph_format.space_after = LINE
    set_font(paragraph.add_run(text), TITLE_FONT, TITLE_SIZE)


def add_addressee(document: DocxDocument, addressee: str) -> None:
    """主送机关, flush left with a full-width colon."""
    document.add_paragraph(f"{addressee}：")


def add_heading(document: DocxDocument, text: str) -> None:
    """A first-level heading (一、…) in 黑体, indented like the body."""
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.first_line_indent = Pt(32)
    set_font(paragraph.add_run(text), HEADING_FONT)


def add_body(document: DocxDocument, text: str) -> None:
    """A body paragraph, its first line indented two characters."""
    document.add_paragraph(text).paragraph_format.first_line_indent = Pt(32)


def add_table(document: DocxDocument, headers: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = header
    for values in rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    for position, row in enumerate(table.rows):
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.line_spacing = Pt(20)
                for run in paragraph.runs:
                    set_font(run, HEADING_FONT if position == 0 else BODY_FONT, TABLE_SIZE)


def add_signature(document: DocxDocument, organ: str, day: date) -> None:
    """落款: the organ over the date, both four characters in from the right margin."""
    document.add_paragraph()
    for text in (organ, chinese_date(day)):
        paragraph = document.add_paragraph(text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.right_indent = Pt(64)


def save(document: DocxDocument, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(out))


def chinese_numeral(number: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一: for the （一）（二） numbering of sections (up to 99)."""
    digits = "零一二三四五六七八九"
    tens, ones = divmod(number, 10)
    if tens == 0:
        return digits[ones]
    return f"{digits[tens] if tens > 1 else ''}十{digits[ones] if ones else ''}"
