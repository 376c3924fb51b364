"""Find validity periods (有效期/试行期): a length such as 5年 or 6个月, or an end date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from checkers.extract.cn_numbers import parse_number
from checkers.extract.dates import DateMatch, find_dates


@dataclass(frozen=True)
class ValidityMatch:
    start: int
    end: int
    text: str
    years: Decimal | None
    months: int | None
    end_date_iso: str | None


_KEYWORD = re.compile(r"(?:有效期限|有效期|试行期限|试行期)(?:[ \t]*(?:为|是|[:：]))?[ \t]*")
_FROM = re.compile(r"(?:自|从)?[ \t]*")
_UNTIL = re.compile(r"[ \t]*起?[ \t]*(?:至|到|—|–|－|-|～|~)[ \t]*")
_UNTIL_ONLY = re.compile(r"(?:截至|截止(?:到|至)?|至|到)[ \t]*")
_STOP = re.compile(r"[ \t]*止")
# Lengths have at most three digits and no 〇, and the 年 may not start a month, so that
# "有效期为2019年5月…" or "有效期为二〇一九年" never reads as a number of years.
_LENGTH = re.compile(
    r"(?P<number>[0-9]{1,3}(?:\.[0-9]+)?(?![0-9])|[一二两三四五六七八九十百零]+)?[ \t]*"
    r"(?:年(?![ \t]*[0-9一二三四五六七八九十]{1,2}[ \t]*月)(?P<half_after>半)?"
    r"|(?P<half_year>半年)|个?(?P<month>月))"
)


def _date_at(dates: dict[int, DateMatch], text: str, pos: int, prefix: re.Pattern[str]) -> DateMatch | None:
    gap = prefix.match(text, pos)
    return dates.get(gap.end()) if gap else None


def _after_stop(text: str, pos: int) -> int:
    stop = _STOP.match(text, pos)
    return stop.end() if stop else pos


def _length(text: str, pos: int) -> tuple[int, Decimal | None, int | None] | None:
    m = _LENGTH.match(text, pos)
    if m is None or (m["number"] is None) == (m["half_year"] is None):
        return None
    if m["half_year"]:
        return m.end(), Decimal("0.5"), None
    try:
        number = Decimal(m["number"]) if m["number"][0].isdigit() else Decimal(parse_number(m["number"]))
    except ValueError:
        return None
    if m["month"]:
        return (m.end(), None, int(number)) if number == number.to_integral_value() else None
    return m.end(), number + (Decimal("0.5") if m["half_after"] else 0), None


def find_validity(text: str) -> list[ValidityMatch]:
    """All validity statements in `text`, in order of position."""
    dates = {d.start: d for d in find_dates(text)}
    found: list[ValidityMatch] = []
    for keyword in _KEYWORD.finditer(text):
        pos = keyword.end()
        years: Decimal | None = None
        months: int | None = None
        end_date: DateMatch | None = None
        first = _date_at(dates, text, pos, _FROM)
        if first is not None:
            end_date = _date_at(dates, text, first.end, _UNTIL)
        else:
            end_date = _date_at(dates, text, pos, _UNTIL_ONLY)
        if end_date is not None:
            end = _after_stop(text, end_date.end)
        else:
            length = _length(text, pos)
            if length is None:
                continue
            end, years, months = length
        end_date_iso = end_date.iso if end_date else None
        span = text[keyword.start() : end]
        found.append(ValidityMatch(keyword.start(), end, span, years, months, end_date_iso))
    return found
