"""Hides personal data before records are published: ID-card and telephone numbers everywhere, and a
natural person's name (kept as 张某 / 张某某) and home address wherever they occur."""

from __future__ import annotations

import re
from dataclasses import dataclass

HIDDEN = "（已隐去）"

# 18-digit (last may be X) and 15-digit 居民身份证号码, also grouped 6-8-4 / 6-6-3 with spaces or dashes.
ID_NUMBER = re.compile(r"(?<!\d)(?:\d{6}[ -]?\d{8}[ -]?\d{3}[\dXx]|\d{6}[ -]?\d{6}[ -]?\d{3})(?![\dXx])")
MOBILE = re.compile(r"(?<!\d)(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?!\d)")
# A landline only with its area code set off, so that amounts and serials are left alone.
LANDLINE = re.compile(r"(?:[（(]0\d{2,3}[）)]\s?|(?<!\d)0\d{2,3}-)\d{7,8}(?!\d)")
# A labelled number cut short by the end of an excerpt still gives away a birth date or a prefix.
LABELLED_NUMBER = re.compile(r"(?P<label>(?:公民)?身份(?:证)?(?:号码|号)?|证件号码?|(?:联系)?电话(?:号码)?"
                             r"|手机(?:号码?)?)(?P<colon>[：:]?\s*)[\dXx][\dXx \-]{5,}")
ADDRESS_LABEL = re.compile(r"(?P<label>家庭住址|现住址|户籍地址|住址|住所地?|居住地|现住)"
                           r"(?P<colon>[：:]\s*)[^，,。；;\s（(]+")
PARTY_NAME = re.compile(r"^\s*(?:当事人|被处罚人)[^：:]{0,8}[：:]\s*(?P<name>[^，,。；;（(\s]+)")
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文",
                     "司徒", "夏侯", "令狐", "端木", "轩辕", "独孤", "南宫", "西门", "申屠", "呼延", "钟离")
SHORTEST_ADDRESS_TAIL = 8  # characters of an address left at the end of a cut-off excerpt worth hiding


@dataclass(frozen=True)
class Person:
    """A natural person whose name and address must not be published."""

    name: str | None = None
    address: str | None = None


def party_name(party_line: str | None) -> str | None:
    """The name in a decision's party line: "当事人：张建国，男，…" → "张建国"."""
    match = PARTY_NAME.match(party_line or "")
    return match["name"] if match else None


def address_value(address_line: str | None) -> str | None:
    """"住址：温州市…502室" → "温州市…502室"."""
    if not address_line:
        return None
    value = re.sub(r"^\s*[^：:]{0,6}[：:]\s*", "", address_line).strip()
    return value or None


def mask_name(name: str) -> str:
    """张三 → 张某, 张三丰 → 张某某, 欧阳娜娜 → 欧阳某某: the surname is kept."""
    surname = name[:2] if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else name[:1]
    given = len(name) - len(surname)
    return surname + "某" * min(max(given, 1), 2)


def redact_numbers(text: str) -> str:
    for pattern in (ID_NUMBER, MOBILE, LANDLINE):
        text = pattern.sub(HIDDEN, text)
    return LABELLED_NUMBER.sub(lambda m: m["label"] + m["colon"] + HIDDEN, text)


def _hide_address(text: str, address: str) -> str:
    text = text.replace(address, HIDDEN)
    body = text.rstrip("…. ")
    for cut in range(len(address) - 1, SHORTEST_ADDRESS_TAIL - 1, -1):
        if body.endswith(address[:cut]):
            return body[:-cut] + HIDDEN
    return text


def redact(text: str | None, person: Person | None = None) -> str | None:
    """The text with ID and telephone numbers hidden, and the person's name masked and address hidden."""
    if not text:
        return text
    text = redact_numbers(text)
    if person is None:
        return text
    if person.address:
        text = _hide_address(text, person.address)
    text = ADDRESS_LABEL.sub(lambda m: m["label"] + m["colon"] + HIDDEN, text)
    if person.name and "某" not in person.name:
        text = text.replace(person.name, mask_name(person.name))
    return text
