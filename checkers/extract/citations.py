"""Find 《书名号》 citations of laws and documents with an optional 第…条第…款第…项 pinpoint."""

from __future__ import annotations

import re
from dataclasses import dataclass

from checkers.extract.cn_numbers import parse_number


@dataclass(frozen=True)
class Citation:
    start: int
    end: int
    text: str
    title: str  # everything between 《 and 》
    law_name: str  # title without 中华人民共和国 and without a version suffix such as （2021年修订）
    article: int | None  # 条
    paragraph: int | None  # 款
    item: int | None  # 项


_NUMBER = "[0-9０-９]+|[零〇一二两三四五六七八九十百千]+"
_VERSION = r"[（(][^（）()《》]{0,20}(?:修订|修正|修改|年版)[^（）()《》]{0,5}[)）]"
_CITATION = re.compile(
    rf"《(?P<title>[^《》\n]{{1,100}})》(?:{_VERSION})?"
    rf"(?:第(?P<article>{_NUMBER})条"
    rf"(?:第(?P<paragraph>{_NUMBER})款)?"
    rf"(?:(?:第?[（(](?P<bracketed_item>{_NUMBER})[)）]|第(?P<item>{_NUMBER}))项)?)?"
)
_TRAILING_VERSION = re.compile(rf"{_VERSION}$")
_STATE_NAME = "中华人民共和国"


def law_name_of(title: str) -> str:
    """The short name of a law: its title without 中华人民共和国 and without a version suffix."""
    name = _TRAILING_VERSION.sub("", title).strip()
    return name.removeprefix(_STATE_NAME).strip() or name


def _number(digits: str | None) -> int | None:
    return parse_number(digits) if digits else None


def find_citations(text: str) -> list[Citation]:
    """All 《…》 titles in `text` with the article, paragraph and item cited right after them."""
    return [
        Citation(
            start=m.start(),
            end=m.end(),
            text=m.group(),
            title=m["title"],
            law_name=law_name_of(m["title"]),
            article=_number(m["article"]),
            paragraph=_number(m["paragraph"]),
            item=_number(m["bracketed_item"] or m["item"]),
        )
        for m in _CITATION.finditer(text)
    ]
