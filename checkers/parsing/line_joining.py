"""Rejoin lines that a page layout wrapped inside a paragraph (PDF text, soft line breaks)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce

from checkers.model import Paragraph

# A title, 文号 or 落款 line is short; a wrapped body line of an A4 official document is not
# (GB/T 9704 sets 28 characters a line).
SHORT_LINE_CHARS = 20

_NUMERAL = "一二三四五六七八九十百千零〇"
_SENTENCE_END = re.compile(r"[。！？；：…!?;:][”’』」）)】》〕\]\"']*$")
_HEADING_START = re.compile(
    rf"""^(?:
        第[{_NUMERAL}\d]+(?:条|章|节|编|部分)   # 第三条, 第二章
      | [{_NUMERAL}]+、                        # 一、
      | [（(][{_NUMERAL}]+[）)]                # （一）
      | \d{{1,3}}[.．、](?!\d)                 # 1.  but not 1.5万元
      | [（(]\d{{1,3}}[）)]                    # (1)
      | [①-⑳]
      | 附件
    )""",
    re.VERBOSE,
)
_DATE_DIGIT = r"[\d〇零○Ｏ一二三四五六七八九十]"
_DATE_LINE = re.compile(
    rf"^[（(]?{_DATE_DIGIT}{{2,4}}\s*年\s*{_DATE_DIGIT}{{1,2}}\s*月\s*{_DATE_DIGIT}{{1,3}}\s*日[）)]?$"
)


@dataclass(frozen=True)
class TextLine:
    """One visual line of text with what its position says about paragraph boundaries."""

    text: str  # stripped, never empty
    page: int  # 1-based
    indented: bool  # starts right of the body's left margin (first line, centred or right-aligned)
    ends_early: bool | None  # stops well short of the right margin; None when position is unknown


def join_fragments(left: str, right: str) -> str:
    """Join two pieces of one wrapped sentence: directly for Chinese, with a space between words."""
    # Only two Latin words get a space; a number a line break cut ("¥160,000,000.0" / "0") is rejoined.
    if left and right and left[-1].isascii() and left[-1].isalpha() and right[0].isascii() and right[0].isalpha():
        return f"{left} {right}"
    return left + right


def ends_sentence(text: str) -> bool:
    """True when the text ends with sentence-final punctuation, maybe followed by closing quotes."""
    return _SENTENCE_END.search(text) is not None


def is_date_line(text: str) -> bool:
    """True for a line holding only a date such as 2019年1月12日 or 二〇一九年一月十二日."""
    return _DATE_LINE.match(text.replace(" ", "")) is not None


def paragraphs_from_lines(lines: Sequence[TextLine]) -> list[Paragraph]:
    """Group lines into paragraphs in order; each paragraph carries the page it starts on."""
    blocks: list[list[TextLine]] = []
    for position, line in enumerate(lines):
        following = lines[position + 1] if position + 1 < len(lines) else None
        if not blocks or _starts_paragraph(blocks[-1], line, following):
            blocks.append([line])
        else:
            blocks[-1].append(line)
    return [
        Paragraph(index=index, text=reduce(join_fragments, (line.text for line in block)), page=block[0].page)
        for index, block in enumerate(blocks)
    ]


_SOFT_END = re.compile(r"[；：;:][”’』」）)】》〕\]\"']*$")


def _starts_paragraph(block: list[TextLine], line: TextLine, following: TextLine | None) -> bool:
    previous = block[-1]
    if line.indented or is_date_line(line.text) or is_date_line(previous.text):
        return True
    if _SOFT_END.search(previous.text) and previous.ends_early is False and not _HEADING_START.match(line.text):
        # A ；or ： that happens to fall at the right margin ends a clause, not the paragraph.
        return False
    if ends_sentence(previous.text):
        return True
    if previous.ends_early is not None:
        # Positions known: a line that stopped short of the margin closed its paragraph; one that
        # ran to the margin wraps into this line, even one that reads like a heading
        # ("依照本法" / "第三十二条规定处理。").
        return previous.ends_early
    # Without positions: a short unpunctuated line that opened a block is a title, 文号 or 落款
    # line; a short line directly above a date is the signing organ.
    return (
        (len(block) == 1 and _is_short(previous.text))
        or (following is not None and _is_short(line.text) and is_date_line(following.text))
        or _HEADING_START.match(line.text) is not None
    )


def _is_short(text: str) -> bool:
    return len(text.replace(" ", "")) < SHORT_LINE_CHARS and not ends_sentence(text)
