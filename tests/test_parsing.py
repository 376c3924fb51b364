"""Tests for checkers.parsing on real files written into tmp_path (docx, PDF, txt and bad inputs)."""

from __future__ import annotations

import codecs
import os
import re
import zipfile
from pathlib import Path
from typing import NoReturn

import docx
import pytest
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

import checkers.parsing
from checkers.parsing import SUPPORTED_SUFFIXES, ParseError, parse_file, pdf_text
from checkers.parsing.line_joining import TextLine, paragraphs_from_lines
from checkers.parsing.txt_reader import decode_text

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GOVCN = SHARED / "real" / "govcn"
needs_shared = pytest.mark.skipif(not GOVCN.is_dir(), reason="../shared not present")

FONT = "STSong-Light"
FONT_SIZE = 12
LEFT, RIGHT = 72.0, 72.0 + 28 * FONT_SIZE  # 28 characters a line, as in GB/T 9704
LINE_HEIGHT = 20
TOP = 770.0

POLICY_TEXT = [
    "某某市人民政府办公室关于",
    "加强行政规范性文件管理的通知",
    "某政办发〔2024〕5号",
    "各区人民政府，市政府各部门：",
    "为进一步加强行政规范性文件制定和监督管理工作，维护国家法制统一，"
    "保护公民、法人和其他组织的合法权益，根据有关法律法规规定，结合本市实际，现就有关事项通知如下。",
    "一、严格制定程序",
    "行政规范性文件不得增加法律、法规规定之外的行政权力事项或者减少法定职责。",
    "某某市人民政府办公室",
    "2024年3月1日",
]


def _register_font() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _wrap(text: str, first_width: float, width: float) -> list[str]:
    """Fill lines up to the width, never splitting a run of Latin letters or digits."""
    lines, current, limit = [], "", first_width
    for token in re.findall(r"[A-Za-z0-9.]+|.", text):
        if current and pdfmetrics.stringWidth(current + token, FONT, FONT_SIZE) > limit:
            lines.append(current)
            current, limit = "", width
        current += token
    return [*lines, current]


def _layout(paragraphs: list[tuple[str, str]], lines_per_page: int = 34) -> list[list[tuple[str, str]]]:
    """Typeset (style, text) pairs into pages of (alignment, line) like a Word-made official document."""
    placed: list[tuple[str, str]] = []
    for style, text in paragraphs:
        if style == "body":
            body = _wrap(text, RIGHT - LEFT - 2 * FONT_SIZE, RIGHT - LEFT)
            placed += [("indent", body[0])] + [("left", line) for line in body[1:]]
        else:
            placed.append((style, text))
    return [placed[start : start + lines_per_page] for start in range(0, len(placed), lines_per_page)]


def _write_pdf(
    path: Path, paragraphs: list[tuple[str, str]], lines_per_page: int = 34, **options: object
) -> None:
    _register_font()
    pdf = canvas.Canvas(str(path), **options)
    for number, page in enumerate(_layout(paragraphs, lines_per_page), start=1):
        pdf.setFont(FONT, FONT_SIZE)
        for row, (alignment, text) in enumerate(page):
            y = TOP - row * LINE_HEIGHT
            if alignment == "centre":
                pdf.drawCentredString((LEFT + RIGHT) / 2, y, text)
            elif alignment == "right":
                pdf.drawRightString(RIGHT - 4 * FONT_SIZE, y, text)
            else:
                pdf.drawString(LEFT + (2 * FONT_SIZE if alignment == "indent" else 0), y, text)
        pdf.drawCentredString((LEFT + RIGHT) / 2, 50, f"- {number} -")
        pdf.showPage()
    pdf.save()


def _policy_layout() -> list[tuple[str, str]]:
    styles = ["centre", "centre", "centre", "left", "body", "body", "body", "right", "right"]
    return list(zip(styles, POLICY_TEXT, strict=True))


def _write_docx(path: Path, lines: list[str]) -> None:
    word = docx.Document()
    for line in lines:
        word.add_paragraph(line)
    word.save(str(path))


def _raises(path: Path, *fragments: str, max_bytes: int | None = None) -> str:
    with pytest.raises(ParseError) as caught:
        parse_file(path) if max_bytes is None else parse_file(path, max_bytes=max_bytes)
    message = str(caught.value)
    assert "\n" not in message and " / " in message
    for fragment in fragments:
        assert fragment in message
    return message


# --- docx ---------------------------------------------------------------------------------


def test_docx_keeps_paragraphs_and_tables_in_reading_order(tmp_path: Path) -> None:
    word = docx.Document()
    title = word.add_paragraph("关于印发")
    title.add_run().add_break()
    title.add_run("收费标准的通知")
    word.add_paragraph("　　")  # an empty paragraph made of a full-width space
    word.add_paragraph("　　收费标准见下表：")
    table = word.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "项目"
    table.cell(0, 2).text = "标准"
    for row, values in enumerate([("甲", "一类", "100元"), ("乙", "二类", "")], start=1):
        for column, value in enumerate(values):
            table.cell(row, column).text = value
    word.add_paragraph("本通知自发布之日起施行。")
    path = tmp_path / "notice.DOCX"
    word.save(str(path))

    document = parse_file(path)

    assert document.format == "docx"
    assert document.tables[0].rows == [["项目", "标准"], ["甲", "一类", "100元"], ["乙", "二类", ""]]
    assert [(p.index, p.text, p.table, p.page) for p in document.paragraphs] == [
        (0, "关于印发收费标准的通知", None, None),
        (1, "收费标准见下表：", None, None),
        (2, "项目 | 标准", 0, None),
        (3, "甲 | 一类 | 100元", 0, None),
        (4, "乙 | 二类", 0, None),
        (5, "本通知自发布之日起施行。", None, None),
    ]


def test_corrupt_docx(tmp_path: Path) -> None:
    path = tmp_path / "bad.docx"
    path.write_bytes(b"this is not a zip archive at all")
    _raises(path, "zip", "corrupt docx")


def test_truncated_docx(tmp_path: Path) -> None:
    whole = tmp_path / "whole.docx"
    _write_docx(whole, POLICY_TEXT)
    half = tmp_path / "half.docx"
    half.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    _raises(half, "corrupt docx")


def test_zip_without_document_xml(tmp_path: Path) -> None:
    path = tmp_path / "fake.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not a word file")
    _raises(path, "word/document.xml")


def test_legacy_doc_renamed_docx(tmp_path: Path) -> None:
    path = tmp_path / "old.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    _raises(path, ".doc", "password-protected")


def test_docx_without_text(tmp_path: Path) -> None:
    path = tmp_path / "blank.docx"
    _write_docx(path, ["", "  "])
    _raises(path, "empty file")


# --- PDF ----------------------------------------------------------------------------------


def test_pdf_rejoins_wrapped_lines_within_a_page(tmp_path: Path) -> None:
    path = tmp_path / "notice.pdf"
    _write_pdf(path, _policy_layout())

    document = parse_file(path)

    assert document.format == "pdf"
    assert [p.text for p in document.paragraphs] == POLICY_TEXT
    assert {p.page for p in document.paragraphs} == {1}


@pytest.fixture(params=["pypdfium2", "pdfplumber"])
def pdf_library(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a PDF test through pypdfium2 and again through the pdfplumber fallback."""
    if request.param == "pdfplumber":
        monkeypatch.setattr(pdf_text, "_pdfium_dropped_text", lambda page: True)
    return request.param


def test_pdf_joins_a_sentence_across_a_page_break(tmp_path: Path, pdf_library: str) -> None:
    path = tmp_path / "break.pdf"
    # Six lines a page put the three-line paragraph (index 4) on lines 5-7: across pages 1 and 2.
    _write_pdf(path, _policy_layout(), lines_per_page=6)

    document = parse_file(path)

    assert [p.text for p in document.paragraphs] == POLICY_TEXT
    assert [p.page for p in document.paragraphs] == [1, 1, 1, 1, 1, 2, 2, 2, 2]
    assert not any(re.fullmatch(r"-\s*\d+\s*-", p.text) for p in document.paragraphs)


def test_pdf_keeps_a_line_of_one_character(tmp_path: Path) -> None:
    # pdfium loses one-glyph text objects of non-embedded CID fonts; the reader must not.
    path = tmp_path / "lone.pdf"
    first = "违反本办法规定逾期不改正的，由县级以上人民政府有关部"  # 26 characters after a 2-character indent
    second = "门依照《行政处罚法》第三十二条的规定予以处罚并承担法律责"  # 28 characters: a full line
    _write_pdf(path, [("indent", first), ("left", second), ("left", "任"), ("indent", "下一段。")])
    assert [p.text for p in parse_file(path).paragraphs] == [first + second + "任", "下一段。"]


def test_pdf_headings_stay_separate_without_indentation(tmp_path: Path) -> None:
    path = tmp_path / "rules.pdf"
    _write_pdf(
        path,
        [
            ("centre", "第一章　总则"),
            ("left", "第一条　为了规范行政规范性文件管理，制定本办法。"),
            ("left", "第二条　本办法适用于本市各级行政机关"),
            ("left", "（一）起草"),
            ("left", "1.公开征求意见"),
        ],
    )
    texts = [p.text for p in parse_file(path).paragraphs]
    assert texts == [
        "第一章　总则",
        "第一条　为了规范行政规范性文件管理，制定本办法。",
        "第二条　本办法适用于本市各级行政机关",
        "（一）起草",
        "1.公开征求意见",
    ]


def test_pdf_drops_page_number_lines(tmp_path: Path) -> None:
    path = tmp_path / "numbers.pdf"
    _register_font()
    pdf = canvas.Canvas(str(path))
    for number, footer in enumerate(["— 1 —", "第 2 页", "3"], start=1):
        pdf.setFont(FONT, FONT_SIZE)
        pdf.drawString(LEFT, TOP, f"第{number}页的正文。")
        pdf.drawCentredString(300, 50, footer)
        pdf.showPage()
    pdf.save()
    texts = [p.text for p in parse_file(path).paragraphs]
    assert texts == ["第1页的正文。", "第2页的正文。", "第3页的正文。"]


def test_truncated_pdf(tmp_path: Path) -> None:
    whole = tmp_path / "whole.pdf"
    _write_pdf(whole, _policy_layout())
    half = tmp_path / "half.pdf"
    half.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    _raises(half, "truncated PDF")


def test_corrupt_pdf_body(tmp_path: Path) -> None:
    path = tmp_path / "junk.pdf"
    path.write_bytes(b"%PDF-1.4\n" + b"garbage " * 100 + b"\n%%EOF\n")
    _raises(path, "corrupt")


def test_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "letter.pdf"
    path.write_text("这是一个改了扩展名的文本文件。", encoding="utf-8")
    _raises(path, "%PDF")


@pytest.mark.parametrize(
    "encryption",
    [StandardEncryption("secret", canPrint=0), "secret"],
    ids=["StandardEncryption", "password-string"],
)
def test_encrypted_pdf(tmp_path: Path, encryption: object) -> None:
    path = tmp_path / "locked.pdf"
    _write_pdf(path, _policy_layout(), encrypt=encryption)
    _raises(path, "密码", "encrypted PDF", "password")


def test_image_only_pdf(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path))
    for _ in range(2):
        pdf.rect(100, 100, 300, 500, fill=1)
        pdf.circle(300, 400, 50)
        pdf.showPage()
    pdf.save()
    message = _raises(path)
    assert message == "PDF 没有文字层（可能是扫描件），需要先 OCR / image-only PDF: no text layer, OCR needed"


# --- txt ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16"),
        ("gb18030", "gb18030"),
        ("gbk", "gb18030"),
    ],
)
def test_txt_encodings(tmp_path: Path, encoding: str, expected: str) -> None:
    text = "\r\n".join(["　　" + line + "　" for line in POLICY_TEXT[:5]]) + "\r\n\r\n　　\r\n"
    if encoding == "gb18030":
        text += "姓名：𠮷某\r\n"  # U+20BB7 exists in GB18030 only, as a four-byte sequence
    path = tmp_path / f"policy-{encoding}.TXT"
    path.write_bytes(text.encode(encoding))

    document = parse_file(path)

    expected_lines = POLICY_TEXT[:5] + (["姓名：𠮷某"] if encoding == "gb18030" else [])
    assert (document.format, document.encoding) == ("txt", expected)
    assert [p.text for p in document.paragraphs] == expected_lines
    assert [p.index for p in document.paragraphs] == list(range(len(expected_lines)))


def test_txt_box_table_cell_wrapped_over_lines_is_one_text(tmp_path: Path) -> None:
    rows = [
        "┌────┬────────────┐",
        "│公众参与│未开展。未向社会公开征求意见，也未召开座谈会、│",
        "│　　　　│听证会。仅征求了区财政局的意见。　　　　│",
        "├────┼────────────┤",
        "│专家论证│已开展。　　　　　　　　　　　　　　　　│",
        "└────┴────────────┘",
    ]
    path = tmp_path / "record.txt"
    path.write_bytes("\r\n".join(rows).encode("gb18030"))

    texts = [p.text for p in parse_file(path).paragraphs]

    assert texts[1] == "│公众参与│未开展。未向社会公开征求意见，也未召开座谈会、听证会。仅征求了区财政局的意见。│"
    assert texts[2] == rows[3] and texts[3] == rows[4]  # a new row with its own first cell stays apart


def test_utf8_and_gbk_are_told_apart() -> None:
    text = "行政规范性文件应当自公布之日起三十日后施行。"
    assert decode_text(text.encode("utf-8")) == (text, "utf-8")
    assert decode_text(text.encode("gbk")) == (text, "gb18030")
    # "目 录" in GBK is valid UTF-8 too ("Ŀ ¼"); Latin-1 symbols in UTF-8 Chinese stay UTF-8.
    assert decode_text("目 录".encode("gbk")) == ("目 录", "gb18030")
    assert decode_text("温度：25°C，误差±0.5".encode()) == ("温度：25°C，误差±0.5", "utf-8")


def test_binary_garbage_txt(tmp_path: Path) -> None:
    path = tmp_path / "garbage.txt"
    path.write_bytes(bytes(range(256)) * 4 + os.urandom(512))
    _raises(path, "NUL")


def test_control_characters_txt(tmp_path: Path) -> None:
    path = tmp_path / "controls.txt"
    path.write_bytes(bytes(range(1, 9)) * 50 + "正文".encode())
    _raises(path, "control")


def test_undecodable_txt(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes(b"\xff\xfe\xfd" * 2 + b"abc\x80\xff")
    _raises(path, "cannot decode")


# --- files that cannot be read at all -----------------------------------------------------


@pytest.mark.parametrize("suffix", SUPPORTED_SUFFIXES)
def test_empty_file(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"")
    _raises(path, "文件为空", "empty file")


def test_whitespace_only_files(tmp_path: Path) -> None:
    spaces = tmp_path / "spaces.pdf"
    spaces.write_bytes(b" \r\n\t \n")
    _raises(spaces, "empty file", "whitespace")
    ideographic = tmp_path / "ideographic.txt"
    ideographic.write_text("\u3000\u3000\n \n\u3000", encoding="utf-8")
    _raises(ideographic, "empty file")


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes("条款。".encode() * 250)
    _raises(path, "2,250", "1,000", "too large", max_bytes=1000)


def test_unreadable_paths(tmp_path: Path) -> None:
    _raises(tmp_path / "missing.txt", "file not found")
    folder = tmp_path / "folder.docx"
    folder.mkdir()
    _raises(folder, "not a regular file")


def test_unsupported_suffix(tmp_path: Path) -> None:
    path = tmp_path / "table.xlsx"
    path.write_bytes(b"PK")
    _raises(path, "unsupported file type .xlsx")


def test_library_failures_become_parse_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_reader(data: bytes, path: str) -> NoReturn:
        raise ValueError("boom")

    monkeypatch.setitem(checkers.parsing._READERS, ".txt", broken_reader)
    path = tmp_path / "ok.txt"
    path.write_text("正文。", encoding="utf-8")
    _raises(path, "ValueError: boom")


# --- line joining without layout positions -----------------------------------------------


def _lines(*texts: str) -> list[TextLine]:
    return [TextLine(text, 1, indented=False, ends_early=None) for text in texts]


def test_text_only_joining_rules() -> None:
    lines = _lines(
        "国务院关于促进综合保税区",
        "高水平开放高质量发展的若干意见",
        "国发〔2019〕3号",
        "各省、自治区、直辖市人民政府，国务院各部委、各直属",
        "机构：",
        "一、指导思想",
        "以习近平新时代中国特色社会主义思想为指导，全面贯彻党的",
        "十九大精神",
        "1.拓展两个市场。积极稳妥地推广增值税一般纳税人资格试点。（税务总局负责）",
        "2.提前适用政策。",
        "国务院",
        "2019年1月12日",
    )
    assert [p.text for p in paragraphs_from_lines(lines)] == [
        "国务院关于促进综合保税区",
        "高水平开放高质量发展的若干意见",
        "国发〔2019〕3号",
        "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
        "一、指导思想",
        "以习近平新时代中国特色社会主义思想为指导，全面贯彻党的十九大精神",
        "1.拓展两个市场。积极稳妥地推广增值税一般纳税人资格试点。（税务总局负责）",
        "2.提前适用政策。",
        "国务院",
        "2019年1月12日",
    ]


def test_heading_words_after_a_full_line_continue_the_sentence() -> None:
    full = TextLine("违反本办法规定，逾期不改正的，由县级以上有关部门依照本法", 1, True, ends_early=False)
    rest = TextLine("第三十二条规定处理。", 1, indented=False, ends_early=True)
    assert [p.text for p in paragraphs_from_lines([full, rest])] == [full.text + rest.text]


def test_latin_words_keep_a_space_across_lines() -> None:
    lines = _lines("本办法所称数据接口采用 RESTful API 与", "JSON 格式交换数据。")
    assert paragraphs_from_lines(lines)[0].text == "本办法所称数据接口采用 RESTful API 与JSON 格式交换数据。"


# --- a real published document ------------------------------------------------------------


@needs_shared
def test_real_document_round_trips_through_docx_txt_and_pdf(tmp_path: Path) -> None:
    source = (GOVCN / "05.txt").read_text(encoding="utf-8")
    lines = [line.strip() for line in source.splitlines() if line.strip()]

    _write_docx(tmp_path / "05.docx", lines)
    (tmp_path / "05.txt").write_bytes(codecs.BOM_UTF8 + source.encode("utf-8"))
    (tmp_path / "05-gbk.txt").write_bytes(source.encode("gb18030"))
    styles = ["centre"] * 3 + ["left"] + ["body"] * (len(lines) - 7) + ["right", "right", "body"]
    _write_pdf(tmp_path / "05.pdf", list(zip(styles, lines, strict=True)))

    for name in ["05.docx", "05.txt", "05-gbk.txt", "05.pdf"]:
        assert [p.text for p in parse_file(tmp_path / name).paragraphs] == lines, name
    assert parse_file(tmp_path / "05-gbk.txt").encoding == "gb18030"


@needs_shared
def test_every_real_line_in_gbk_is_detected_as_gb18030() -> None:
    for path in sorted(GOVCN.glob("*.txt")):
        for line in filter(None, map(str.strip, path.read_text(encoding="utf-8").splitlines())):
            try:
                data = line.encode("gbk")
            except UnicodeEncodeError:
                continue
            if not line.isascii():
                assert decode_text(data) == (line, "gb18030"), line


def test_numbers_cut_by_a_line_break_are_rejoined_without_a_space():
    from checkers.parsing.line_joining import join_fragments

    assert join_fragments("合同总价为¥160,000,000.0", "0元") == "合同总价为¥160,000,000.00元"
    assert join_fragments("Dispute Resolution", "Clause") == "Dispute Resolution Clause"


def test_docx_zip_bomb_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.docx"
    word = docx.Document()
    word.add_paragraph("瓯江区关于加强管理的通知")
    word.save(bomb)
    with zipfile.ZipFile(bomb, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/filler.bin", b"\0" * (64 * 1024 * 1024))
    assert bomb.stat().st_size < 1024 * 1024  # small on disk, 64 MB inside
    with pytest.raises(ParseError) as caught:
        parse_file(bomb)
    assert "zip 炸弹" in caught.value.chinese and "zip bomb" in caught.value.english


def test_pdf_with_a_million_objects_is_refused(tmp_path: Path) -> None:
    body = b"".join(b"%d 0 obj\n<<>>\nendobj\n" % n for n in range(1, 1_000_001))
    trailer = b"trailer\n<< /Size 1000001 >>\nstartxref\n0\n%%EOF\n"
    path = tmp_path / "objects.pdf"
    path.write_bytes(b"%PDF-1.7\n" + body + trailer)
    with pytest.raises(ParseError) as caught:
        parse_file(path, max_bytes=100 * 1024 * 1024)
    assert "对象数量异常" in caught.value.chinese
