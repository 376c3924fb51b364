"""Find calendar dates written as 年月日 (Arabic or Chinese numerals) or with - . / separators."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from checkers.extract.cn_numbers import cn_to_int


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    text: str
    iso: str
    style: str  # "arabic" | "chinese" | "dash" | "dot" | "slash"
    zero_padded: bool  # month or day written with a leading zero, e.g. 04月
    short_year: bool  # two-digit year such as 19年


_D = "[0-9０-９]"
_ARABIC = re.compile(
    rf"(?<![0-9０-９])(?P<y>{_D}{{4}}|{_D}{{2}})[ \t]*年[ \t]*(?P<m>{_D}{{1,2}})[ \t]*月"
    rf"[ \t]*(?P<d>{_D}{{1,2}})[ \t]*日"
)
_CN_DIGIT = "〇○零一二三四五六七八九"
_CHINESE = re.compile(
    rf"(?<![{_CN_DIGIT}十])(?P<y>[{_CN_DIGIT}]{{4}})年(?P<m>[一二三四五六七八九十]{{1,2}})月"
    r"(?P<d>[一二三四五六七八九十]{1,3})日"
)
# The separator is captured once and back-referenced so "2019-4.2" is not a date.
_SEPARATED = re.compile(
    rf"(?<![0-9０-９])(?<![0-9０-９][-－.．/／])(?P<y>{_D}{{4}})(?P<sep>[-－.．/／])(?P<m>{_D}{{1,2}})"
    rf"(?P=sep)(?P<d>{_D}{{1,2}})(?![0-9０-９])(?![-－.．/／][0-9０-９])"
)
_SEPARATOR_STYLE = {"-": "dash", "－": "dash", ".": "dot", "．": "dot", "/": "slash", "／": "slash"}
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def _arabic_int(digits: str) -> int:
    return int(digits.translate(_FULLWIDTH_DIGITS))


def _expand_short_year(year: int) -> int:
    # Two-digit years in government documents are recent: 00-49 → 20xx, 50-99 → 19xx.
    return 2000 + year if year < 50 else 1900 + year


def _make(
    match: re.Match[str], year: int, month: int, day: int, style: str, zero_padded: bool, short_year: bool
) -> DateMatch | None:
    try:
        parsed = date(year, month, day)
    except ValueError:
        return None
    iso = parsed.isoformat()
    return DateMatch(match.start(), match.end(), match.group(), iso, style, zero_padded, short_year)


def _padded(match: re.Match[str]) -> bool:
    return any(len(match[part]) == 2 and match[part][0] in "0０" for part in ("m", "d"))


def find_dates(text: str) -> list[DateMatch]:
    """All valid calendar dates in `text`, in order of position."""
    found: list[DateMatch | None] = []
    for m in _ARABIC.finditer(text):
        short = len(m["y"]) == 2
        year = _expand_short_year(_arabic_int(m["y"])) if short else _arabic_int(m["y"])
        found.append(_make(m, year, _arabic_int(m["m"]), _arabic_int(m["d"]), "arabic", _padded(m), short))
    for m in _CHINESE.finditer(text):
        try:
            parts = cn_to_int(m["y"]), cn_to_int(m["m"]), cn_to_int(m["d"])
        except ValueError:
            continue
        found.append(_make(m, *parts, "chinese", False, False))
    for m in _SEPARATED.finditer(text):
        style = _SEPARATOR_STYLE[m["sep"]]
        parts = _arabic_int(m["y"]), _arabic_int(m["m"]), _arabic_int(m["d"])
        found.append(_make(m, *parts, style, _padded(m), False))
    return sorted((d for d in found if d is not None), key=lambda d: d.start)


def parse_date(s: str) -> date | None:
    """The date written in `s` when `s` is exactly one date (surrounding spaces allowed), else None."""
    stripped = s.strip()
    matches = find_dates(stripped)
    if len(matches) != 1 or (matches[0].start, matches[0].end) != (0, len(stripped)):
        return None
    return date.fromisoformat(matches[0].iso)
