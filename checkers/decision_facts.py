"""重大行政决策 materials: the public-comment period, in days, from its stated length or date range."""

from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Doc

from checkers.extract.cn_numbers import parse_number
from checkers.extract.dates import find_dates

COMMENT_SENTENCE = re.compile(r"征求意见|公众参与|意见征集|公开征集")
# 2022年3月1日至3月31日: the second date leaves out the year
SHORT_RANGE = re.compile(
    r"(?P<y>\d{4})年(?P<m1>\d{1,2})月(?P<d1>\d{1,2})日(?:起)?至(?:(?P<m2>\d{1,2})月)?(?P<d2>\d{1,2})日")
QUOTED_MINIMUM = re.compile(r"(?:一般)?不(?:得)?少于\s*[\d一二三四五六七八九十]+\s*(?:个)?(?:自然日|工作日|日|天)")
STATED_LENGTH = re.compile(r"(?P<n>[\d一二三四五六七八九十]+)\s*(?:个)?(?:自然日|工作日|日|天)")


def decision_facts(doc: Doc, ctx, evidence: list[dict], summary: dict) -> None:
    """Adds a `comment_period` fact from the last comment sentence that states a length or range.

    The last one wins: a record often tells a first plan (原拟定为15日) before the period used.
    A length quoted from the law (不少于30日) is not a period.
    """
    found = None
    for sentence in doc.spans["sentences"]:
        text = QUOTED_MINIMUM.sub("", sentence.text)
        if COMMENT_SENTENCE.search(text) and (days := _days(text)) is not None:
            found = (sentence, days)
    if found:
        sentence, days = found
        evidence.append(ctx.fact(sentence, "comment_period", days=days, text=sentence.text.strip()[:80]))
        summary["comment_period_days"] = days


def _days(text: str) -> int | None:
    dates = find_dates(text)
    if len(dates) >= 2:  # 2022年3月1日至3月31日 counts both ends
        return (date.fromisoformat(dates[1].iso) - date.fromisoformat(dates[0].iso)).days + 1
    ranged = SHORT_RANGE.search(text)
    if ranged:
        year, month1, day1 = int(ranged["y"]), int(ranged["m1"]), int(ranged["d1"])
        month2 = int(ranged["m2"]) if ranged["m2"] else month1
        try:
            return (date(year, month2, int(ranged["d2"])) - date(year, month1, day1)).days + 1
        except ValueError:
            return None
    stated = STATED_LENGTH.search(text)
    if stated:
        number = stated["n"]
        return int(number) if number.isdigit() else parse_number(number)
    return None
