"""Find 发文字号 such as 国办发〔2018〕37号, recording the brackets and serial exactly as written."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class DocNoMatch:
    start: int
    end: int
    text: str
    organ: str  # 机关代字, e.g. "国办发"
    year: int
    serial: str  # digits as written, so "012" keeps its zero
    bracket: str  # opening and closing bracket as found; "〔〕" is the standard pair
    zero_padded: bool
    has_di: bool  # serial written with 第, as in 〔2018〕第12号


_OPEN = "〔［[【(（﹝"
_CLOSE = "〕］]】)）﹞"
# The organ is the run of CJK ideographs right before the bracket; punctuation, 《 or a
# space ends it. A serial followed by 号 is required so "（2019）年度" is not a 文号.
_DOCNO = re.compile(
    rf"(?P<organ>[\u4e00-\u9fff]{{1,10}})(?P<open>[{re.escape(_OPEN)}])(?P<year>[0-9]{{4}})"
    rf"(?P<close>[{re.escape(_CLOSE)}])(?P<di>第)?(?P<serial>[0-9]+)号"
)


def find_docnos(text: str) -> list[DocNoMatch]:
    """All 发文字号 in `text`, in order of position."""
    return [
        DocNoMatch(
            start=m.start(),
            end=m.end(),
            text=m.group(),
            organ=m["organ"],
            year=int(m["year"]),
            serial=m["serial"],
            bracket=m["open"] + m["close"],
            zero_padded=len(m["serial"]) > 1 and m["serial"].startswith("0"),
            has_di=m["di"] is not None,
        )
        for m in _DOCNO.finditer(text)
    ]
