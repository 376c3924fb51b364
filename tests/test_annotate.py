"""Tests for checkers.annotate: findings written as Word comments into a copy of real .docx files."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
import yaml
from docx.oxml.ns import qn
from docx.shared import Pt

from checkers.annotate import AUTHOR, AnnotationError, annotate_docx, annotated_bytes, comment_text
from checkers.model import Finding, Location
from checkers.parsing import ParseError, parse_file
from checkers.runner import check_file
from helpers import DEFECTIVE, REPO

CORPUS_DOCX = REPO / "corpus" / "normative" / "d02-shop-signs.docx"
LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")

# DEFECTIVE, one paragraph a line, with some lines cut into runs; a run marked "**" is bold. The
# penalty phrase 处以二千元以上一万元以下罚款 starts inside one run and ends inside another.
RUNS = {
    "瓯政办发[2021]08号": ["**瓯政办发", "[2021]", "08号"],
    "违反前款规定的，由区市场监管局处以二千元以上一万元以下罚款。":
        ["违反前款规定的，由区市场监管局处以二千元", "**以上一万元", "以下罚款。"],
}
# Indented with ideographic spaces and broken by a soft line break, both of which parsing drops.
SOFT_BROKEN = "第三条 本办法自印发之日起施行，有效期8年。"
TABLE_ROWS = [["事项", "罚则"], ["", ""], ["出售过期食品", "由区市场监管局处以五千元罚款"]]


def write_defective_docx(path: Path) -> None:
    word = docx.Document()
    for line in DEFECTIVE.strip().splitlines():
        if line == SOFT_BROKEN:
            paragraph = word.add_paragraph("\u3000\u3000第三条 本办法自印发之日起施行，")
            paragraph.runs[0].add_break()
            paragraph.add_run("有效期8年。").italic = True
            word.add_paragraph("")  # empty paragraphs are not parsed, so they must not shift indices
            table = word.add_table(rows=len(TABLE_ROWS), cols=2)
            for row, texts in zip(table.rows, TABLE_ROWS, strict=True):
                for cell, text in zip(row.cells, texts, strict=True):
                    cell.text = text
            table.rows[2].cells[1].paragraphs[0].runs[0].font.size = Pt(9)
            continue
        paragraph = word.add_paragraph()
        for piece in RUNS.get(line, [line]):
            run = paragraph.add_run(piece.removeprefix("**"))
            run.bold = piece.startswith("**") or None
    word.save(str(path))


@pytest.fixture(scope="module")
def defective(tmp_path_factory, checker):
    """(source path, its findings, annotated copy path, report)."""
    folder = tmp_path_factory.mktemp("annotate")
    source = folder / "defective.docx"
    write_defective_docx(source)
    result = check_file(str(source), checker)
    assert result.error is None
    out = folder / "defective.annotated.docx"
    original = hashlib.sha256(source.read_bytes()).hexdigest()
    report = annotate_docx(source, result.findings, out)
    assert hashlib.sha256(source.read_bytes()).hexdigest() == original
    return source, result.findings, out, report


def commented_texts(path: Path) -> dict[int, str]:
    """The text between each comment's commentRangeStart and commentRangeEnd, by comment id."""
    body = docx.Document(str(path)).element.body
    open_ranges: set[int] = set()
    texts: dict[int, str] = {}
    for element in body.iter(qn("w:commentRangeStart"), qn("w:commentRangeEnd"), qn("w:t")):
        if element.tag == qn("w:t"):
            for comment_id in open_ranges:
                texts[comment_id] += element.text or ""
            continue
        comment_id = int(element.get(qn("w:id")))
        if element.tag == qn("w:commentRangeStart"):
            open_ranges.add(comment_id)
            texts[comment_id] = ""
        else:
            open_ranges.remove(comment_id)
    assert not open_ranges
    return texts


def character_formats(path: Path) -> list[tuple[str, bool | None, bool | None, object]]:
    """Each character of every body and cell paragraph with its run's bold, italic and size."""
    word = docx.Document(str(path))
    paragraphs = list(word.paragraphs)
    for table in word.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)
    return [(char, run.bold, run.italic, run.font.size)
            for paragraph in paragraphs for run in paragraph.runs for char in run.text]


def test_defective_document_has_the_findings_the_test_needs(defective):
    source, findings, _, _ = defective
    parsed = parse_file(source)
    rules = {finding.rule for finding in findings}
    assert {"fmt.docno-brackets", "fmt.docno-padding", "norm.sets-penalty", "norm.effective-too-soon",
            "norm.validity-too-long", "fmt.date-style"} <= rules
    in_table = [f for f in findings if parsed.paragraphs[f.location.paragraph].table is not None]
    assert [f.rule for f in in_table] == ["norm.sets-penalty"]


def test_one_comment_per_finding_by_lawlint_with_message_and_basis(defective):
    _, findings, out, report = defective
    comments = list(docx.Document(str(out)).comments)
    assert len(comments) == len(findings) == report.comments
    for comment, finding in zip(comments, findings, strict=True):
        assert comment.author == AUTHOR == "lawlint"
        assert comment.initials == "LL"
        assert finding.message in comment.text and finding.basis in comment.text
        assert f"依据：{finding.basis}" in comment.text and f"建议：{finding.suggestion}" in comment.text
        assert finding.rule in comment.text
        assert comment.text == comment_text(finding)


def test_each_comment_covers_exactly_the_offending_text(defective):
    source, findings, out, report = defective
    parsed = parse_file(source)
    texts = commented_texts(out)
    assert report.exact == len(findings) and report.paragraph == report.document == 0
    for comment_id, finding in enumerate(findings):
        location = finding.location
        assert texts[comment_id] == parsed.paragraphs[location.paragraph].text[location.start:location.end], finding
    assert "处以二千元以上一万元以下罚款" in texts.values()  # across three runs
    assert "处以五千元罚款" in texts.values()  # in a table cell
    assert "有效期8年" in texts.values()  # after an indent and a soft line break


def test_findings_on_one_span_each_get_their_own_comment(defective):
    _, findings, out, _ = defective
    texts = commented_texts(out)
    on_docno = [i for i, f in enumerate(findings) if f.rule in ("fmt.docno-brackets", "fmt.docno-padding")]
    assert len(on_docno) == 2
    assert {texts[i] for i in on_docno} == {"瓯政办发[2021]08号"}


def test_text_and_run_formatting_survive_the_splits(defective):
    source, _, out, _ = defective
    assert character_formats(out) == character_formats(source)
    assert [p.text for p in parse_file(out).paragraphs] == [p.text for p in parse_file(source).paragraphs]
    penalty = next(p for p in docx.Document(str(out)).paragraphs if "处以二千元" in p.text)
    runs = [(run.text, run.bold) for run in penalty.runs if run.text]
    assert runs == [("违反前款规定的，由区市场监管局", None), ("处以二千元", None), ("以上一万元", True),
                    ("以下罚款", None), ("。", None)]


def test_fallbacks_to_excerpt_paragraph_and_document(tmp_path):
    source = tmp_path / "plain.docx"
    write_defective_docx(source)

    def finding(excerpt: str, paragraph: int | None, start: int | None = None, end: int | None = None) -> Finding:
        return Finding(rule="test.rule", severity="warning", message=f"问题：{excerpt}", basis="某法第一条",
                       suggestion="修改", excerpt=excerpt,
                       location=Location(page=None, paragraph=paragraph, clause=None, start=start, end=end))

    findings = [
        finding("市场开办者", 3),  # no offsets: found by its excerpt
        finding("不在文中的话", 4, start=90, end=99),  # offsets out of range, excerpt absent: whole paragraph
        finding("", None),  # about the whole document: the first paragraph
        finding("", 99),  # an index past the end cannot be placed, so it is treated as the document's
    ]
    out = tmp_path / "plain.annotated.docx"
    report = annotate_docx(source, findings, out)
    assert (report.exact, report.paragraph, report.document) == (1, 1, 2)
    assert "4 条批注" in report.describe()
    title = "瓯江区农贸市场管理办法"
    assert commented_texts(out) == {0: "市场开办者", 1: "经营户不得出售过期食品。", 2: title, 3: title}


def test_annotated_bytes_matches_the_file_version(defective, tmp_path):
    source, findings, _, _ = defective
    data = annotated_bytes(source.read_bytes(), findings)
    out = tmp_path / "from-bytes.docx"
    out.write_bytes(data)
    assert len(list(docx.Document(str(out)).comments)) == len(findings)
    assert commented_texts(out) == commented_texts(defective[2])


def test_no_findings_gives_an_unchanged_copy(tmp_path, defective):
    out = tmp_path / "copy.docx"
    report = annotate_docx(defective[0], [], out)
    assert report.comments == 0 and list(docx.Document(str(out)).comments) == []
    assert character_formats(out) == character_formats(defective[0])


def test_refuses_to_overwrite_the_source(defective):
    source, findings, _, _ = defective
    before = source.read_bytes()
    with pytest.raises(AnnotationError, match="覆盖原文件.*overwrite"):
        annotate_docx(source, findings, source)
    with pytest.raises(AnnotationError):
        annotate_docx(source, findings, source.parent / "." / source.name)
    assert source.read_bytes() == before


@pytest.mark.parametrize(("name", "content"), [
    ("notice.pdf", b"%PDF-1.4\n"),
    ("notice.txt", "瓯江区农贸市场管理办法".encode()),
    ("notice.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64),
    ("corrupt.docx", b"PK\x03\x04 not really a zip"),
    ("renamed-pdf.docx", b"%PDF-1.4\n"),
])
def test_unsupported_or_corrupt_input_is_a_clear_error(tmp_path, name, content):
    source = tmp_path / name
    source.write_bytes(content)
    out = tmp_path / "out.docx"
    with pytest.raises(ParseError) as raised:
        annotate_docx(source, [], out)
    assert raised.value.chinese and raised.value.english
    assert not out.exists()


def test_annotated_bytes_rejects_non_word_data():
    with pytest.raises(ParseError, match="zip"):
        annotated_bytes(b"%PDF-1.4\n", [])


def test_corpus_document_with_known_findings(tmp_path, checker):
    expected = set(yaml.safe_load(CORPUS_DOCX.with_suffix("").with_suffix(".expect.yaml").read_text("utf-8"))["rules"])
    result = check_file(str(CORPUS_DOCX), checker)
    assert expected <= {finding.rule for finding in result.findings}
    before = CORPUS_DOCX.read_bytes()
    out = tmp_path / CORPUS_DOCX.name
    report = annotate_docx(CORPUS_DOCX, result.findings, out)
    assert CORPUS_DOCX.read_bytes() == before
    assert report.exact == len(result.findings) == len(list(docx.Document(str(out)).comments))
    parsed = parse_file(CORPUS_DOCX)
    texts = commented_texts(out)
    for comment_id, finding in enumerate(result.findings):
        location = finding.location
        assert texts[comment_id] == parsed.paragraphs[location.paragraph].text[location.start:location.end]
    assert [p.text for p in parse_file(out).paragraphs] == [p.text for p in parsed.paragraphs]


@pytest.mark.parametrize("path", sorted((REPO / "corpus").rglob("*.docx")), ids=lambda p: p.name)
def test_every_corpus_docx_annotates_whole_paragraphs_in_reader_order(tmp_path, path):
    """One whole-paragraph comment per parsed paragraph lands on that paragraph's text: the walk
    over the Word file stays in step with docx_reader, tables and skipped paragraphs included."""
    paragraphs = parse_file(path).paragraphs
    findings = [Finding(rule="test.rule", severity="info", message="段落", basis="", suggestion="", excerpt="",
                        location=Location(None, p.index, None, 0, len(p.text))) for p in paragraphs]
    out = tmp_path / path.name
    report = annotate_docx(path, findings, out)
    assert report.exact == len(paragraphs)
    texts = commented_texts(out)
    for comment_id, paragraph in enumerate(paragraphs):
        if paragraph.table is None:
            # A comment's range is contiguous in Word: where the reader folded a soft line break and
            # the indentation after it ("（文本另发）<br/>　　　2．…"), the range keeps that whitespace.
            commented = texts[comment_id]
            assert commented[0] == paragraph.text[0] and commented[-1] == paragraph.text[-1]
            assert "".join(commented.split()) == "".join(paragraph.text.split())
        else:  # a row's comment runs from its first cell's text to its last's, separators aside
            assert "".join(texts[comment_id].split()) == "".join(paragraph.text.replace(" | ", "").split())


@pytest.mark.skipif(not LIBREOFFICE, reason="LibreOffice (libreoffice/soffice) is not installed here")
def test_libreoffice_opens_the_annotated_copy(defective, tmp_path):
    _, _, out, _ = defective
    profile = (tmp_path / "lo-profile").as_uri()
    completed = subprocess.run(
        [LIBREOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(out)],
        capture_output=True, text=True, timeout=180, check=False,
    )
    assert completed.returncode == 0, completed.stderr
    pdf = tmp_path / out.with_suffix(".pdf").name
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
