"""Chinese numeral parsing (lower-case and 大写 capital forms) shared by the other finders."""

from __future__ import annotations

import unicodedata

DIGITS: dict[str, int] = {
    "〇": 0, "○": 0, "零": 0,
    "一": 1, "壹": 1,
    "二": 2, "两": 2, "贰": 2, "貳": 2,
    "三": 3, "叁": 3, "參": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}
SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS: dict[str, int] = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}


def cn_to_int(s: str) -> int:
    """Parse a Chinese numeral such as "一百零五", "叁仟零伍拾万" or the year form "二〇一九"."""
    s = s.strip()
    if not s or any(ch not in DIGITS and ch not in SMALL_UNITS and ch not in BIG_UNITS for ch in s):
        raise ValueError(f"not a Chinese numeral: {s!r}")
    if all(ch in DIGITS for ch in s):
        # Year style "二〇一九" reads digit by digit.
        return int("".join(str(DIGITS[ch]) for ch in s))
    return _positional(s)


def _positional(s: str) -> int:
    total = 0  # everything already closed by 万/亿
    section = 0  # the part below the next big unit
    pending: int | None = None  # a digit not yet followed by its unit
    last_small = 10**5  # small units must fall within a section
    last_unit = 1
    zero_since_unit = False
    seen_wan = False
    seen_yi = False
    for ch in s:
        if ch in DIGITS:
            value = DIGITS[ch]
            if value == 0:
                if pending:
                    raise ValueError(f"misplaced zero in {s!r}")
                zero_since_unit = True
                continue
            if pending is not None:
                raise ValueError(f"two digits without a unit in {s!r}")
            pending = value
        elif ch in SMALL_UNITS:
            unit = SMALL_UNITS[ch]
            if unit >= last_small:
                raise ValueError(f"units out of order in {s!r}")
            if pending is None:
                if unit != 10:
                    raise ValueError(f"{ch!r} without a digit in {s!r}")
                pending = 1  # "十二" means 12
            section += pending * unit
            pending, last_small, last_unit, zero_since_unit = None, unit, unit, False
        else:
            unit = BIG_UNITS[ch]
            amount = section + (pending or 0)
            if unit == 10**4:
                if seen_wan or amount == 0:
                    raise ValueError(f"misplaced 万 in {s!r}")
                total += amount * unit
                seen_wan = True
            else:
                if seen_yi or total + amount == 0:
                    raise ValueError(f"misplaced 亿 in {s!r}")
                total = (total + amount) * unit
                seen_yi, seen_wan = True, False
            section, pending, last_small, last_unit, zero_since_unit = 0, None, 10**5, unit, False
    if pending is not None and last_unit >= 100 and not zero_since_unit:
        # Colloquial abbreviation: "一百五" is 150, "三万五" is 35000.
        pending *= last_unit // 10
    return total + section + (pending or 0)


def parse_number(s: str) -> int:
    """Parse an integer written in Arabic (half- or full-width) or Chinese numerals."""
    normalised = unicodedata.normalize("NFKC", s).strip()
    if normalised.isascii() and normalised.isdigit():
        return int(normalised)
    return cn_to_int(normalised)
