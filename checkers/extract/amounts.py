"""Find money amounts in Arabic figures (5,000元, ¥5000, 1.5亿元) or capital Chinese (伍仟元整)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from checkers.extract.cn_numbers import DIGITS, cn_to_int


@dataclass(frozen=True)
class AmountMatch:
    start: int
    end: int
    text: str
    value: Decimal  # in 元
    form: str  # "arabic" | "capital"


_UNIT_VALUE = {"千": Decimal(1000), "万": Decimal(10**4), "亿": Decimal(10**8), "万亿": Decimal(10**12)}

# A currency marker is required on at least one side, so a bare 5000 is not an amount.
_ARABIC = re.compile(
    r"(?P<prefix>(?:人民币|RMB|CNY)[ \t]*|[¥￥][ \t]*)?"
    r"(?<![0-9.,])(?<!港币)(?<!美金)"
    r"(?P<number>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)(?![0-9,])"
    r"(?P<suffix>[ \t]*(?P<unit>万亿|千|万|亿)?元(?:整|正)?)?"
)

_CAPITAL_DIGITS = "零壹贰貳叁參肆伍陆陸柒捌玖"
_CAPITAL_NONZERO = "壹贰貳叁參肆伍陆陸柒捌玖"
_CAPITAL_ONLY = _CAPITAL_NONZERO + "拾佰仟萬億"
_CAPITAL = re.compile(
    r"(?P<prefix>人民币[ \t]*|[¥￥][ \t]*)?"
    rf"(?<![{_CAPITAL_DIGITS}拾佰仟万萬亿億])(?P<yuan>[{_CAPITAL_DIGITS}拾佰仟万萬亿億]+)[元圆圓]"
    rf"(?:(?P<jiao>[{_CAPITAL_DIGITS}])角)?(?:零?(?P<fen>[{_CAPITAL_NONZERO}])分)?(?:[整正])?"
)


def _arabic_value(match: re.Match[str]) -> Decimal:
    unit = match["unit"]
    value = Decimal(match["number"].replace(",", ""))
    return value * _UNIT_VALUE[unit] if unit else value


def _capital_value(match: re.Match[str]) -> Decimal:
    yuan = cn_to_int(match["yuan"])
    jiao = DIGITS[match["jiao"]] if match["jiao"] else 0
    fen = DIGITS[match["fen"]] if match["fen"] else 0
    return Decimal(yuan) + Decimal(jiao) / 10 + Decimal(fen) / 100


def _is_capital(match: re.Match[str]) -> bool:
    # 零, 万 and 亿 are shared with lower-case numerals; only the others make it 大写,
    # except that a zero amount is written 零元 in either form.
    return match["yuan"] == "零" or any(ch in _CAPITAL_ONLY for ch in match["yuan"])


def find_amounts(text: str) -> list[AmountMatch]:
    """All money amounts in `text`, in order of position."""
    found: list[AmountMatch] = []
    for m in _ARABIC.finditer(text):
        if m["prefix"] or m["suffix"]:
            found.append(AmountMatch(m.start(), m.end(), m.group(), _arabic_value(m), "arabic"))
    for m in _CAPITAL.finditer(text):
        if not _is_capital(m):
            continue
        try:
            value = _capital_value(m)
        except ValueError:
            continue
        found.append(AmountMatch(m.start(), m.end(), m.group(), value, "capital"))
    return sorted(found, key=lambda a: a.start)


def parse_arabic_amount(s: str) -> Decimal:
    """Value in 元 of one Arabic amount such as "人民币1.5万元"; ValueError otherwise."""
    m = _ARABIC.fullmatch(s.strip())
    if m is None or not (m["prefix"] or m["suffix"]):
        raise ValueError(f"not an Arabic amount: {s!r}")
    return _arabic_value(m)


def parse_capital_amount(s: str) -> Decimal:
    """Value in 元 of one capital amount such as "伍拾叁万陆仟元整"; ValueError otherwise."""
    m = _CAPITAL.fullmatch(s.strip())
    if m is None or not _is_capital(m):
        raise ValueError(f"not a capital amount: {s!r}")
    return _capital_value(m)
