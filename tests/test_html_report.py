"""The HTML report: one self-contained, escaped page over a real batch run."""

from __future__ import annotations

import copy
import re
import shutil
from collections import Counter
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from checkers.model import DocumentResult, Finding, Location
from checkers.parsing import parse_file
from checkers.registry.metadata import unit_of
from checkers.report.html_report import NO_UNIT, paragraph_texts, render, render_document_section, stylesheet
from checkers.runner import CASE_MARKER, RunResult, run
from checkers.triage import counts_against
from helpers import DEFECTIVE, REPO

CORPUS_DOCUMENTS = ["normative/d01-market-stalls.txt", "normative/d02-shop-signs.docx",
                    "contract/k08-office-equipment.docx", "contract/k09-enforcement-bureau-property.txt",
                    "enforcement/x03-price-tag-decision.txt"]
CASE_DOCUMENT = "enforcement/x11-night-market-casefile.txt"  # scored 92
HOSTILE_TEXT = '<script>alert(1)</script> & "引号" '
HOSTILE_NAME = 'inj<i>&"x".txt'
VOID = {"meta", "input", "br", "hr", "img", "link", "area", "base", "col", "embed", "source", "track", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict, parent: Node | None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    def iter(self, tag: str | None = None):
        for child in self.children:
            if isinstance(child, Node):
                if tag is None or child.tag == tag:
                    yield child
                yield from child.iter(tag)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def by_id(self, anchor: str) -> Node:
        return next(n for n in self.iter() if n.attrs.get("id") == anchor)


class TreeBuilder(HTMLParser):
    """A small DOM: it records every end tag that does not close the open element."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.current = self.root
        self.mismatches: list[str] = []

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self.current.tag != tag:
            self.mismatches.append(f"</{tag}> closes <{self.current.tag}>")
            return
        self.current = self.current.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html: str) -> Node:
    builder = TreeBuilder()
    builder.feed(html)
    builder.close()
    assert builder.mismatches == []
    assert builder.current is builder.root, f"unclosed <{builder.current.tag}>"
    return builder.root


@pytest.fixture(scope="module")
def checked(tmp_path_factory, checker) -> tuple[RunResult, Path]:
    """Real checks over corpus documents, a case folder, a hostile text, a corrupt .docx and an unsupported file."""
    root = tmp_path_factory.mktemp("html")
    docs = root / "docs"
    docs.mkdir()
    for corpus_path in CORPUS_DOCUMENTS:
        shutil.copy(REPO / "corpus" / corpus_path, docs)
    case = docs / "案卷 2022-015"
    case.mkdir()
    (case / CASE_MARKER).write_text("", encoding="utf-8")
    shutil.copy(REPO / "corpus" / CASE_DOCUMENT, case)
    hostile = DEFECTIVE.replace("违反前款规定的", HOSTILE_TEXT + "违反前款规定的")
    (docs / HOSTILE_NAME).write_text(hostile, encoding="utf-8")
    (docs / "broken.docx").write_bytes(b"PK\x03\x04 this is not a zip archive")
    (docs / "notes.md").write_text("# 说明\n", encoding="utf-8")
    return run([str(docs)], checker), root


@pytest.fixture(scope="module")
def report(checked, checker) -> tuple[str, Node]:
    result, root = checked
    texts = {d.path: paragraph_texts(d.path) for d in result.documents if not d.error}
    html = render(result, checker.rules, root, texts)
    return html, parse(html)


def table(tree: Node, name: str) -> Node:
    return next(t for t in tree.iter("table") if name in t.classes())


def section_of(tree: Node, result: RunResult, path_end: str) -> tuple[DocumentResult, Node]:
    number, document = next((n, d) for n, d in enumerate(result.documents, start=1) if d.path.endswith(path_end))
    return document, tree.by_id(f"doc-{number}")


def test_the_run_holds_every_kind_and_an_unreadable_file(checked):
    result, _ = checked
    assert {d.kind for d in result.documents} >= {"normative", "contract", "enforcement"}
    assert [d.path.rsplit("/", 1)[-1] for d in result.documents if d.error] == ["broken.docx"]
    assert any(d.score for d in result.documents) and any(d.facts.get("five_unified") for d in result.documents)


def test_the_page_is_self_contained(report):
    html, tree = report
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:[a-z]+:)?//""", html, re.IGNORECASE)
    assert "@import" not in html and "url(" not in html
    assert not list(tree.iter("link")) and not list(tree.iter("img")) and not list(tree.iter("iframe"))
    assert all(a.attrs["href"].startswith("#") for a in tree.iter("a"))
    style = "".join(s.text() for s in tree.iter("style"))
    for font in ('"Noto Sans CJK SC"', '"Microsoft YaHei"', '"WenQuanYi Micro Hei"', '"SimSun"'):
        assert font in style


def test_document_text_is_escaped_never_live(report, checked):
    html, tree = report
    scripts = list(tree.iter("script"))
    assert len(scripts) == 1 and 'getElementById("filters")' in scripts[0].text()
    assert "<script>alert" not in html and not list(tree.iter("i"))
    _, section = section_of(tree, checked[0], HOSTILE_NAME)
    paragraph = next(p for p in section.iter("p") if "alert(1)" in p.text())
    assert HOSTILE_TEXT.strip() in paragraph.text()
    assert HOSTILE_NAME in next(section.iter("h2")).text()


def test_the_page_reads_without_javascript(report):
    _, tree = report
    hidden = [n for n in tree.iter() if "hidden" in n.attrs]
    assert [n.attrs.get("id") for n in hidden] == ["filters"]
    boxes = list(hidden[0].iter("input"))
    assert [b.attrs["value"] for b in boxes] == ["error", "warning", "info"]
    assert all("checked" in b.attrs for b in boxes)


def test_rule_chart_has_one_bar_per_rule_that_fired(report, checked):
    _, tree = report
    fired = Counter(f.rule for d in checked[0].documents for f in d.findings if counts_against(f))
    chart = next(svg for svg in tree.iter("svg") if "per rule" in svg.attrs["aria-label"])
    bars = [g for g in chart.iter("g") if "bar" in g.classes()]
    shown = {}
    for bar in bars:
        label, count = [t.text() for t in bar.iter("text")]
        shown[label] = int(count)
        assert list(bar.iter("rect"))
    assert len(bars) == len(fired) and shown == dict(fired)


def test_unit_table_and_chart_list_every_unit(report, checked):
    _, tree = report
    result, root = checked
    units = {unit_of(d, root) or NO_UNIT for d in result.documents}
    rows = {next(r.iter("td")).text().split()[0]: r for r in table(tree, "units").iter("tr") if "id" in r.attrs}
    assert set(rows) == units
    case = next(d for d in result.documents if d.score)
    assert case.score["score"] == 92
    assert [c.text() for c in rows[unit_of(case, root)].iter("td")][-1] == "92.0"
    chart = next(svg for svg in tree.iter("svg") if "per unit" in svg.attrs["aria-label"])
    labels = {next(g.iter("text")).text() for g in chart.iter("g")}
    assert labels == {unit_of(d, root) or NO_UNIT for d in result.documents if any(map(counts_against, d.findings))}


def test_every_finding_and_every_document_appear(report, checked):
    _, tree = report
    result, _ = checked
    for number, document in enumerate(result.documents, start=1):
        section = tree.by_id(f"doc-{number}")
        cards = [n for n in section.iter("div") if "card" in n.classes()]
        assert len(cards) == len(document.findings)
        for card, finding in zip(cards, document.findings, strict=True):
            text = card.text()
            assert finding.message in text and finding.basis in text and finding.suggestion in text
            assert finding.location.describe() in text and f"sev-{finding.severity}" in card.attrs["class"]
    index = table(tree, "documents")
    assert {a.attrs["href"] for a in index.iter("a")} == {f"#doc-{n}" for n in range(1, len(result.documents) + 1)}


def test_marks_sit_on_the_offending_text(report, checked):
    _, tree = report
    checked_phrases = 0
    for document in checked[0].documents:
        if document.error:
            continue
        paragraphs = paragraph_texts(document.path)
        _, section = section_of(tree, checked[0], document.path)
        marks = {(m.parent.parent.attrs["id"], m.text()) for m in section.iter("mark")}
        spans = [(f.location.paragraph, f.location.start, f.location.end) for f in document.findings]
        for paragraph, start, end in spans:
            if paragraph is None:
                continue
            overlapping = [s for s in spans if s[0] == paragraph and s[1] < end and start < s[2]]
            if any(s[1:] != (start, end) for s in overlapping):
                continue  # cut into pieces where another finding overlaps
            anchor = section.attrs["id"] + f"-p{paragraph + 1}"
            assert (anchor, paragraphs[paragraph][start:end]) in marks
            checked_phrases += 1
    assert checked_phrases >= 15
    _, d01 = section_of(tree, checked[0], "d01-market-stalls.txt")
    assert "经区市场监督管理局批准后方可" in {m.text() for m in d01.iter("mark")}


def test_unreadable_file_checklist_and_score_are_shown(report, checked):
    _, tree = report
    broken, section = section_of(tree, checked[0], "broken.docx")
    assert broken.error in section.text()
    kinds = [[c.text() for c in row.iter("td")] for row in table(tree, "kinds").iter("tr")][1:]
    assert [row[0] for row in kinds] == ["行政规范性文件", "合同", "行政执法文书", "重大行政决策", "未识别类型",
                                         "无法读取"]
    assert kinds[-1][1] == "1"
    contract, section = section_of(tree, checked[0], "k08-office-equipment.docx")
    checklist = {row[0]: row[1] for row in ([c.text() for c in r.iter("td")]
                                             for r in next(section.iter("table")).iter("tr")) if row}
    assert checklist["统一审查"] == "✖ 缺" and checklist["统一编号"] == "✔ 有" and len(checklist) == 5
    case, section = section_of(tree, checked[0], "案卷 2022-015")
    assert "得分 92 分" in " ".join(section.text().split())
    deductions = [[c.text() for c in row.iter("td")] for row in section.iter("tr")
                  if "enf." in row.text()]
    assert {row[2] for row in deductions} == {d["rule"] for d in case.score["deductions"]}
    summary = tree.by_id("summary").text()
    assert "无法读取 1 份" in " ".join(summary.split()) and "跳过 1 个" in " ".join(summary.split())


def test_without_text_findings_stand_alone_and_quiet_ones_are_dimmed(checked):
    result = copy.deepcopy(checked[0])
    d01 = next(d for d in result.documents if d.path.endswith("d01-market-stalls.txt"))
    suppression = {"reason": "经司法局认可<保留>", "expires": "2099-12-31", "source": "lawlint.toml #1"}
    d01.findings = [replace(d01.findings[0], suppressed=suppression),
                    replace(d01.findings[1], baseline_state="unchanged")]
    result.notices.append({"code": "suppression-expired", "message": "忽略规则已过期", "source": "lawlint.toml #2"})
    tree = parse(render(result))
    assert not list(tree.iter("mark"))
    _, section = section_of(tree, result, "d01-market-stalls.txt")
    cards = [n for n in section.iter("div") if "card" in n.classes()]
    assert all("quiet" in card.classes() for card in cards) and len(cards) == 2
    assert "经司法局认可<保留>，至 2099-12-31" in cards[0].text() and "基线" in cards[1].text()
    summary = " ".join(tree.by_id("summary").text().split())
    assert "已忽略 1 个" in summary and "基线中已有 1 个" in summary
    assert "忽略规则已过期" in tree.text()


def _finding(rule: str, paragraph: int | None, start: int | None, end: int | None, excerpt: str,
             severity: str = "error") -> Finding:
    return Finding(rule=rule, severity=severity, message=f"{rule} 的说明", basis="依据", suggestion="建议",
                   excerpt=excerpt, location=Location(None, paragraph, None, start, end))


def test_one_section_renders_alone_with_fallbacks_and_overlaps():
    paragraphs = ["标题", "甲<b>乙</b>丙丁戊己庚", "罚款五百元。"]
    result = DocumentResult(path="a&b.txt", format="txt", kind="normative", findings=[
        _finding("r.whole", None, None, None, ""),
        _finding("r.outer", 1, 1, 9, "<b>乙</b>"),
        _finding("r.inner", 1, 4, 12, "乙</b>丙", severity="warning"),
        _finding("r.excerpt", 2, None, None, "五百元"),
        _finding("r.moved", 7, 0, 2, "罚款", severity="info"),
    ])
    html = render_document_section(result, paragraphs, anchor="doc-9")
    tree = parse(html)
    section = next(tree.iter("section"))
    assert section.attrs["id"] == "doc-9" and next(section.iter("h2")).text() == "a&b.txt"
    assert not list(tree.iter("b")) and "&lt;b&gt;" in html
    marks = [(m.parent.parent.attrs["id"], m.text(), m.attrs["class"]) for m in tree.iter("mark")]
    assert marks == [("doc-9-p2", "<b>", "sev-error"), ("doc-9-p2", "乙</b>", "sev-error"),
                     ("doc-9-p2", "丙丁戊", "sev-warning"), ("doc-9-p3", "罚款", "sev-info"),
                     ("doc-9-p3", "五百元", "sev-error")]
    assert not any(list(m.iter("mark")) for m in tree.iter("mark"))
    unplaced = [n for n in section.iter("div") if "cards" in n.classes()][0]
    assert "r.whole" in unplaced.text() and "r.outer" not in unplaced.text()
    refs = [a.attrs["href"] for a in section.iter("a")]
    assert refs == ["#doc-9-f2", "#doc-9-f3", "#doc-9-f5", "#doc-9-f4"]
    assert '"Noto Sans CJK SC"' in stylesheet()


def test_paragraph_texts_reads_files_and_case_folders(checked, tmp_path):
    result, root = checked
    case = next(d for d in result.documents if d.format == "case")
    assert paragraph_texts(case.path) == [p.text for p in parse_file(REPO / "corpus" / CASE_DOCUMENT).paragraphs]
    assert paragraph_texts(root / "docs" / "broken.docx") == []
    assert paragraph_texts(tmp_path / "missing.txt") == []
