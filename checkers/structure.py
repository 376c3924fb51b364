"""Document layout: title, header lines, the 落款 (signing organ and 成文日期) and 条/款/项 positions."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from checkers.model import Paragraph

CN_NUM = "一二三四五六七八九十百零〇两"
ARTICLE_HEAD = re.compile(rf"^\s*第([{CN_NUM}\d]+)条(?:\s|　|$|[^款项])")
ITEM_HEAD = re.compile(rf"^\s*[（(]([{CN_NUM}\d]+)[)）]")
CHAPTER_HEAD = re.compile(rf"^\s*第[{CN_NUM}\d]+[章节编]")
META_LINE = re.compile(r"\||^(?:索引号|发布机构|生成日期|组配分类|公开方式|主题分类|成文日期|发布日期|签发人)")
TITLE_END = re.compile(
    r"(?:办法|规定|细则|意见|通知|决定|方案|规则|规范|通告|公告|措施|合同|合同书|协议|协议书|决定书|笔录"
    r"|告知书|回证|审批表|清单|报告|总结|思路|纪要|函|批复|请示|条例|制度|要点|计划|案卷|卷宗)(?:（[^）]{1,8}）)?$"
)
SENTENCE_FINAL = "。！？；"
# A 版头 that names the form of the paper, not its matter.
FORM_HEADER = re.compile(r"(?:报告|请示|纪要|简报|通报|函|文件|专报|快报|公告|通告)$")
TITLE_THEN_ADDRESSEE = re.compile(
    r"^(?P<title>关于.{2,80}?的(?:报告|请示|通知|意见|函|决定|方案|说明))"
    r"(?P<addressee>[\u4e00-\u9fa5、，,]{2,40}(?:人民政府|政府|局|委员会|办公室|部门|单位|街道|办事处))[：:]$")
# "题名：……案", "案由：……": a labelled field under a title, not the title's second line.
LABEL_LINE = re.compile(r"^[\u4e00-\u9fa5]{2,6}\s*[：:]")
# "（重大行政决策事项·决策方案）" in brackets under the title
DECISION_SUBTITLE = re.compile(r"^\s*(?:重大行政决策|决策)[^。！？；，]*(?:说明|报告|情况)\s*$"
                               r"|^\s*[（(][^（）()。]{0,20}(?:重大行政决策|决策草案|决策方案)[^（）()。]{0,20}[）)]\s*$")
ISSUER_HEAD = re.compile(r"^(?!.*关于)[\u4e00-\u9fa5]{2,30}(?:人民政府|政府|办公室|办公厅|局|委员会|办事处)(?:文件)?$"
                         r"|^(?!.*关于)[\u4e00-\u9fa5]{2,30}文件$")
DATE_DIGITS = "一二三四五六七八九十〇○零"
DATE_TEXT = (rf"(?:\d{{2,4}}|[{DATE_DIGITS}]{{2,4}})\s*[年.\-/]\s*[\d{DATE_DIGITS}]{{1,3}}\s*[月.\-/]"
             rf"\s*[\d{DATE_DIGITS}]{{1,3}}\s*日?")
DATE_ONLY = re.compile(rf"^[\s　]*{DATE_TEXT}[\s　]*(?:印发)?[\s　]*$")


@dataclass(frozen=True)
class Layout:
    title: str | None
    title_paragraph: int | None
    signature_organ: str | None
    signature_paragraph: int | None  # the paragraph holding the 成文日期
    clause_of: dict[int, str]  # paragraph index -> "第五条第二款第（三）项"
    title_paragraphs: tuple[int, ...] = ()  # the title's line and the lines joined to it


def _is_header_noise(text: str) -> bool:
    return bool(META_LINE.search(text)) or len(text.strip()) < 2


def find_title(paragraphs: list[Paragraph],
               docno_paragraphs: dict[int, str]) -> tuple[str | None, tuple[int, ...]]:
    """The first title-like line near the top; a title broken over two or three lines is joined.

    `docno_paragraphs` maps the paragraphs holding the document's own 文号 to that 文号; a line
    holding both a title and its 文号 still gives the title. A 版头 naming only the paper's form
    ("督 查 报 告", "XX督查室督查报告") gives way to a "关于……" title below it. Returns the title and
    the paragraphs it was read from, first to last (empty when there is none).
    """
    candidates = [p for p in paragraphs[:12] if p.table is None]
    first = None
    for position in range(len(candidates)):
        found = _title_at(candidates, position, docno_paragraphs)
        if found is None:
            continue
        title, joined = found
        read_from = tuple(p.index for p in candidates[position:position + 1 + joined])
        if first is None:
            first = (title, read_from)
            if "关于" in title or not FORM_HEADER.search(title):
                return first
        elif title.startswith("关于") and TITLE_END.search(title):
            return title, read_from
    return first or (None, ())


def _title_at(candidates: list[Paragraph], position: int,
              docno_paragraphs: dict[int, str]) -> tuple[str, int] | None:
    """The title starting at `position`, and how many following lines were joined to it."""
    paragraph = candidates[position]
    text = paragraph.text.replace(docno_paragraphs.get(paragraph.index, "\0"), "").strip()
    glued = TITLE_THEN_ADDRESSEE.match(text)
    if glued:  # a PDF line joined the 主送 ("……的报告筠江市人民政府：") to the title above it
        return re.sub(r"[\s　]+", "", glued["title"]), 0
    if (_is_header_noise(text) or DATE_ONLY.match(text)
            or text.endswith(("：", ":")) or text[-1] in SENTENCE_FINAL or len(text) > 90):
        return None
    if ISSUER_HEAD.match(re.sub(r"[\s　]+", "", text)):  # 红头 "XX人民政府文件" or the organ alone, spaced or not
        return None
    title, joined = text, 0
    for follower in candidates[position + 1:position + 3]:
        # "关于X的Y": a 关于 title without its 的 is not finished ("关于……调整方案 / ……的报告"); a
        # subtitle naming the decision procedure ("……实施方案 / 重大行政决策事项履行程序情况说明")
        # belongs to the title.
        unfinished = title.startswith("关于") and "的" not in title
        subtitle = DECISION_SUBTITLE.search(follower.text) and len(follower.text.strip()) <= 40
        if TITLE_END.search(title) and not unfinished and not subtitle:
            break
        nxt = follower.text.strip()
        if (follower.index in docno_paragraphs or not nxt or nxt[-1] in SENTENCE_FINAL or LABEL_LINE.match(nxt)
                or nxt.endswith(("：", ":")) or len(nxt) > 40 or DATE_ONLY.match(nxt)):
            break
        title += nxt
        joined += 1
    return re.sub(r"[\s　]+", "", title), joined


def find_signature(paragraphs: list[Paragraph], body_start: int) -> tuple[str | None, int | None]:
    """The 落款: a date-only line after the body, preferably right under a short organ line.

    A notice that 印发 an attached 办法 signs before the attachment, so the first signed date
    after the body start wins; a lone date line at the very end is the fallback.
    """
    fallback: int | None = None
    for position, paragraph in enumerate(paragraphs):
        if paragraph.index < body_start or not DATE_ONLY.match(paragraph.text):
            continue
        previous = paragraphs[position - 1].text.strip() if position else ""
        if previous and len(previous) <= 30 and previous[-1] not in SENTENCE_FINAL + "，,：:":
            return previous, paragraph.index
        fallback = paragraph.index
    if fallback is not None:
        return None, fallback
    return None, None


def clause_positions(paragraphs: list[Paragraph]) -> dict[int, str]:
    """Maps each paragraph inside a 第X条 to its 条/款/项 label."""
    labels: dict[int, str] = {}
    article: str | None = None
    paragraph_no = 0
    for paragraph in paragraphs:
        text = paragraph.text
        if CHAPTER_HEAD.match(text) and not ARTICLE_HEAD.match(text):
            article = None
            continue
        head = ARTICLE_HEAD.match(text)
        if head:
            article, paragraph_no = f"第{head.group(1)}条", 1
            labels[paragraph.index] = article
            continue
        if article is None or paragraph.table is not None:
            continue
        item = ITEM_HEAD.match(text)
        if item:
            label = f"{article}第（{item.group(1)}）项"
            if paragraph_no > 1:
                label = f"{article}第{_cn(paragraph_no)}款第（{item.group(1)}）项"
            labels[paragraph.index] = label
            continue
        paragraph_no += 1
        labels[paragraph.index] = f"{article}第{_cn(paragraph_no)}款"
    return labels


def _cn(number: int) -> str:
    digits = "零一二三四五六七八九"
    if number < 10:
        return digits[number]
    if number < 20:
        return "十" + (digits[number % 10] if number % 10 else "")
    return digits[number // 10] + "十" + (digits[number % 10] if number % 10 else "")


class OffsetIndex:
    """Maps offsets in the joined document text back to (paragraph position, offset inside it)."""

    def __init__(self, paragraphs: list[Paragraph]):
        self.starts: list[int] = []
        position = 0
        for paragraph in paragraphs:
            self.starts.append(position)
            position += len(paragraph.text) + 1  # the "\n" joining paragraphs

    def locate(self, offset: int) -> tuple[int, int]:
        position = bisect_right(self.starts, offset) - 1
        return position, offset - self.starts[position]
