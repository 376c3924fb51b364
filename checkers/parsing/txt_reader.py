"""Read plain-text files (UTF-8, UTF-16 with BOM, GB18030/GBK) as one paragraph per non-empty line."""

from __future__ import annotations

import codecs
import re
import unicodedata

from checkers.model import Document, Paragraph
from checkers.parsing.errors import ParseError

# Real documents have next to no control, private-use, surrogate or unassigned code points;
# decoded binary data is full of them.
_JUNK_CATEGORIES = frozenset({"Cc", "Co", "Cs", "Cn"})
_MAX_JUNK_SHARE = 0.2
_WHITESPACE = re.compile(r"\s+")
# GBK bytes that happen to be valid UTF-8 ("目录" → "Ŀ¼") decode to two-byte UTF-8 code points:
# Latin, Greek, Cyrillic… A Chinese document holds few of those beyond these symbols.
_CHINESE_LATIN1 = "·×÷°±§"
_TWO_BYTE_UTF8 = re.compile(rf"[^\x00-\x7f{_CHINESE_LATIN1}\u0800-\U0010ffff]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_NOT_CHINESE_TEXT = re.compile(
    "[^\x00-\x7f"
    + _CHINESE_LATIN1
    + "\u2000-\u206f"  # general punctuation: “”‘’—…
    + "\u2150-\u22ff"  # number forms, arrows, maths: Ⅰ → ≤
    + "\u2460-\u24ff\u25a0-\u25ff"  # ① ■□○●
    + "\u2e80-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK and its punctuation
    + "\uff00-\uffef\U00020000-\U0003ffff]"
)


def decode_text(data: bytes) -> tuple[str, str]:
    """Return the text and the name of the encoding it was decoded with.

    A BOM decides the encoding; without one, strict UTF-8 wins over strict GB18030, because
    UTF-8 Chinese is often valid GB18030 (as the wrong characters) while GBK Chinese is valid
    UTF-8 only when short. For that case, text that is mostly Latin/Greek/Cyrillic as UTF-8
    but plain Chinese as GB18030 is taken as GB18030.
    """
    bom_encoding = _bom_encoding(data)
    if bom_encoding is not None:
        text = _strict_decode(data, bom_encoding)
        if text is None:
            raise _undecodable()
        return _checked(text, bom_encoding)
    if b"\x00" in data:
        raise ParseError(
            "文本文件含有 NUL 字节，可能是二进制文件",
            "not a text file: contains NUL bytes (binary data?)",
        )
    as_utf8 = _strict_decode(data, "utf-8")
    if as_utf8 is not None and not _mostly_two_byte_utf8(as_utf8):
        return _checked(as_utf8, "utf-8")
    as_gb18030 = _strict_decode(data, "gb18030")
    if as_gb18030 is not None and (as_utf8 is None or _NOT_CHINESE_TEXT.search(as_gb18030) is None):
        return _checked(as_gb18030, "gb18030")
    if as_utf8 is not None:
        return _checked(as_utf8, "utf-8")
    raise _undecodable()


def read_txt(data: bytes, path: str) -> Document:
    """Parse the bytes of a .txt file into a Document with its detected encoding."""
    text, encoding = decode_text(data)
    lines = join_wrapped_box_rows([line.strip() for line in text.splitlines()])
    paragraphs = [Paragraph(index=index, text=line) for index, line in enumerate(filter(None, lines))]
    return Document(path=path, format="txt", paragraphs=paragraphs, encoding=encoding)


# "├────┼────┤", "+------+-----+": the rule between two rows of a drawn table
_TABLE_RULE = re.compile(r"^[┌├└╞╟╠╔╚+][─━═\-+┬┼┴┤┐┘╪╫╬╦╩╣╗╝=]+$")
_LONG_CELL = 8  # a cell this long that goes on below has been wrapped, not followed by another item


def join_wrapped_box_rows(lines: list[str]) -> list[str]:
    """A drawn table ("│a│b│" or "| a | b |") wraps a long cell over several lines. Such lines are
    joined cell by cell into one row: a line whose first cell is blank ("│公众参与│……也未召开座谈会、│" /
    "│　　　　│听证会。……│"), or, between two rules, a line under a row whose long cell runs up to its border.
    A cell that was wrapped is joined straight on; a short item under another short one ("│执法人员│张三│" /
    "│　　│李四│") keeps a space between them. A row of short items under another ("│陆怀安│C48-ZF-0417│")
    is a row of its own."""
    joined: list[str] = []
    ruled = False  # the last line outside the table's cells was a rule
    for line in lines:
        if _TABLE_RULE.match(line):
            ruled = True
            joined.append(line)
            continue
        cells = _cells(line)
        above = _cells(joined[-1]) if joined and cells else None
        if not cells:
            ruled = False if line else ruled
        if cells and above and len(cells) == len(above) and (
                not cells[0].strip() or ruled and any(_wrapped(up) and down.strip()
                                                      for up, down in zip(above, cells, strict=True))):
            bar = "│" if line[0] == "│" else "|"
            joined[-1] = bar + bar.join(_join_cell(up, down) for up, down in zip(above, cells, strict=True)) + bar
        else:
            joined.append(line)
    return joined


def _wrapped(cell: str) -> bool:
    """A long cell whose text runs up to the column's right border: it went on on the next line."""
    return len(cell.strip()) >= _LONG_CELL and _padding(cell) < 2


def _padding(cell: str) -> int:
    """The blank width after a cell's text, a full-width space counting two."""
    return sum(2 if character == "\u3000" else 1 for character in cell[len(cell.rstrip()):])


def _join_cell(upper: str, lower: str) -> str:
    upper_text, lower_text = upper.strip(), lower.strip()
    if not upper_text or not lower_text:
        return upper_text or lower_text
    return upper_text + ("" if _padding(upper) < 4 or len(upper_text) >= _LONG_CELL else "\u3000") + lower_text


def _cells(line: str) -> list[str] | None:
    """The cells of a drawn table's row ("│a│b│", "| a | b |"), or None for any other line."""
    if len(line) < 3 or line[0] not in "│|" or line[-1] != line[0]:
        return None
    return line[1:-1].split(line[0])


def _bom_encoding(data: bytes) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _undecodable() -> ParseError:
    return ParseError(
        "无法识别文本编码（不是 UTF-8、UTF-16 或 GB18030/GBK），可能是二进制文件",
        "cannot decode text: not UTF-8, UTF-16 or GB18030/GBK (binary data?)",
    )


def _strict_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _mostly_two_byte_utf8(text: str) -> bool:
    return 2 * len(_TWO_BYTE_UTF8.findall(text)) > len(_NON_ASCII.findall(text))


def _checked(text: str, encoding: str) -> tuple[str, str]:
    """Pass decoded text through unless it is mostly control, private-use or unassigned characters."""
    visible = _WHITESPACE.sub("", text)
    # isprintable() runs in C, so ordinary documents skip the per-character count.
    if not visible.isprintable():
        junk = sum(unicodedata.category(char) in _JUNK_CATEGORIES for char in visible)
        if junk > _MAX_JUNK_SHARE * len(visible):
            raise ParseError(
                "文本文件大部分是控制字符或私用区字符，可能是二进制文件",
                "not a text file: mostly control or private-use characters (binary data?)",
            )
    return text, encoding
