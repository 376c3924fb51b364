"""重大行政决策 materials: the public-comment period, in days, from its stated length or date range."""

from __future__ import annotations

import re
from datetime import date

from checkers.extract.cn_numbers import parse_number
from checkers.extract.dates import find_dates
from checkers.lexicon import load_lexicon
from checkers.spacy_import import Doc

N = r"[\d一二三四五六七八九十〇○零]"
# 2022年3月1日至3月31日 / 二〇二四年三月十一日至四月二十四日: the second date may leave out the year
SHORT_RANGE = re.compile(
    rf"(?P<y>{N}{{4}})\s*年\s*(?P<m1>{N}{{1,3}})\s*月\s*(?P<d1>{N}{{1,3}})\s*日\s*(?:起)?\s*(?:至|到|—|－|-|～|~)\s*"
    rf"(?:(?P<y2>{N}{{4}})\s*年\s*)?(?:(?P<m2>{N}{{1,3}})\s*月\s*)?(?P<d2>{N}{{1,3}})\s*日")
MARKED_LENGTH = re.compile(
    rf"(?:期限|为期|时间|时长)(?:为|是|共)?\s*(?P<n>{N}{{1,3}})\s*(?:个)?(?P<unit>自然日|工作日|日|天)")
QUOTED_MINIMUM = re.compile(r"(?:一般)?不(?:得)?少于\s*[\d一二三四五六七八九十]+\s*(?:个)?(?:自然日|工作日|日|天)")
# "征求意见期限不足30日": the record says the period fell short of a length, so it was a day less at most.
SHORT_OF = re.compile(
    rf"(?<!不)(?:不足|少于|低于|未满|不满|不到|未达到?)\s*(?P<n>{N}{{1,3}})\s*(?:个)?(?P<unit>自然日|工作日|日|天)")
# A length, not the day of a date ("2018年5月10日" holds no period of 10 days).
STATED_LENGTH = re.compile(
    r"(?<![\d一二三四五六七八九十月])(?P<n>[\d一二三四五六七八九十]+)\s*(?:个)?(?P<unit>自然日|工作日|日|天)")


def decision_facts(doc: Doc, ctx, evidence: list[dict], summary: dict) -> None:
    """Adds a `comment_period` fact from the last comment sentence that states a length or range.

    The last one wins: a record often tells a first plan (原拟定为15日) before the period used.
    A length quoted from the law (不少于30日) is not a period. A table row is one matter of its own
    (a 目录执行情况表 lists several decisions), so every row's period is kept.
    """
    cues = load_lexicon().comment_period  # rules/lexicon.yaml `comment_period`
    soliciting, public_words = cues["soliciting"], cues["public"]
    found = None
    in_rows: list[tuple] = []
    previous = ""
    sentences = list(doc.spans["sentences"])
    for position, sentence in enumerate(sentences):
        text = QUOTED_MINIMUM.sub("", sentence.text)
        # "征求意见时间：2020年6月1日至6月15日。" after the sentence that says it was public.
        public = public_words.search(text) or (public_words.search(previous) and not cues["internal"].search(text))
        previous = text
        if cues["feedback"].search(text) and not SHORT_RANGE.search(text) and len(find_dates(text)) < 2:
            continue  # "征求意见结束后30日内公开反馈": a deadline for the feedback, not the period
        if cues["meeting"].search(text) and not soliciting.search(text):
            continue
        if not ((soliciting.search(text) or cues["comment"].search(text)) and public):
            continue
        days = _days(text)
        if days is None:
            days = _days_on_following_lines(sentences[position + 1:position + 4], cues["bound"])
        if days is not None and ctx.paragraph_of(sentence).table is not None:
            in_rows.append((sentence, days))
        elif days is not None:
            found = (sentence, days)
    periods = in_rows + ([found] if found else [])
    for sentence, days in periods:
        evidence.append(ctx.fact(sentence, "comment_period", days=days, text=sentence.text.strip()[:80]))
    if periods:
        summary["comment_period_days"] = min(days for _, days in periods)


def _days(text: str) -> int | None:
    """The period's length in days: a stated length (期限三十日), else a date range counting both
    ends (2022年3月1日至3月31日 is 31 days), else two dates, else any length in days. A period said to
    fall short of a length (不足30日) is taken as one day less."""
    short_of = SHORT_OF.search(text)
    if short_of:
        return _calendar_days(short_of) - 1
    marked = MARKED_LENGTH.search(text)
    if marked:
        return _calendar_days(marked)
    ranged = SHORT_RANGE.search(text)
    if ranged:
        try:
            year, month1, day1 = parse_number(ranged["y"]), parse_number(ranged["m1"]), parse_number(ranged["d1"])
            year2 = parse_number(ranged["y2"]) if ranged["y2"] else year
            month2 = parse_number(ranged["m2"]) if ranged["m2"] else month1
            return (date(year2, month2, parse_number(ranged["d2"])) - date(year, month1, day1)).days + 1
        except ValueError:
            return None
    dates = find_dates(text)
    if len(dates) >= 2:
        return (date.fromisoformat(dates[1].iso) - date.fromisoformat(dates[0].iso)).days + 1
    stated = STATED_LENGTH.search(text)
    if stated:
        return _calendar_days(stated)
    return None


def _calendar_days(match: re.Match) -> int:
    """A length in days; N 工作日 are N weeks' worth of five working days (22 工作日 ≈ 30 days)."""
    n = parse_number(match["n"])
    return n * 7 // 5 if match["unit"] == "工作日" else n


def _days_on_following_lines(following, bound: re.Pattern) -> int | None:
    """The period on the short lines after the sentence that names it: a range on the next line
    ("一、征求意见时间" / "2023年8月1日至2023年8月20日。"), or both ends one date a line."""
    if following and len(following[0].text.strip()) <= 40 and SHORT_RANGE.search(following[0].text):
        return _days(following[0].text)
    ends = []
    for sentence in following:
        text = sentence.text.strip()
        dates = find_dates(text)
        if len(text) > 40 or len(dates) != 1 or not bound.search(text.replace(dates[0].text, "")):
            break
        ends.append(date.fromisoformat(dates[0].iso))
    if len(ends) >= 2:
        return (ends[1] - ends[0]).days + 1
    return None
