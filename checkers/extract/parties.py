"""Contract party blocks: 甲方/乙方/丙方 with 名称, 住所/地址, 法定代表人/负责人, 统一社会信用代码."""

from __future__ import annotations

import re
from dataclasses import dataclass

from checkers.extract.labels import unspace_label

ROLES = ("甲方", "乙方", "丙方")
# "甲方：…", "甲方（采购人）：…", "发包人（甲方）：…", "甲方 | …" (a table row)
ROLE_LINE = re.compile(
    r"^\s*(?:\d+(?:\.\d+)*\.?\s*|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)])?"
    r"(?:[\u4e00-\u9fa5]{1,6}[（(](?:以下简称|以下称|下称|简称)?)?(?P<role>甲方|乙方|丙方)[）)]?(?:[（(][^）)]{1,12}[）)])?\s*(?:名称)?"
    r"(?:\s*[:：|]\s*(?P<name>.*))?$")
# Any short "label：value" line keeps a party block going (注册资本, 开户银行, 许可证号 …).
OTHER_FIELD_LINE = re.compile(r"^\s*[\u4e00-\u9fa5（）()]{2,14}\s*[:：|]")
FIELD_LINE = re.compile(
    r"^\s*(?P<field>名称|单位名称|住所地?|地址|住址|注册地址|办公地址|通讯地址|联系地址|法定代表人|负责人|主要负责人"
    r"|统一社会信用代码|社会信用代码|身份证号码?|委托代理人|联系人|联系电话|电话|开户银行|账号|邮编)"
    r"\s*(?:[（(][^）)]{1,10}[）)])?\s*[:：|]\s*(?P<value>.*)$"
)
SIGNATURE_LINE = re.compile(r"盖章|签章|签字|签名|公章|印章|[（(]章[）)]")
# Prose: "甲方东阳湖市白沙区档案馆，地址位于…，法定代表人为…"
ROLE_PROSE = re.compile(
    r"^\s*(?P<role>甲方|乙方|丙方)(?:为|是)?(?P<name>[\u4e00-\u9fa5（）()]{4,40}?"
    r"(?:局|馆|公司|中心|所|政府|办事处|委员会|院|校|厂|社|集团|队|站|店)(?:[（(][^）)]{1,20}[）)])?)[，,。；](?P<rest>.*)$")
FIELD_NAMES = {
    "名称": "name", "单位名称": "name",
    "住所": "address", "住所地": "address", "地址": "address", "住址": "address", "注册地址": "address",
    "办公地址": "address", "通讯地址": "address", "联系地址": "address",
    "法定代表人": "representative", "负责人": "representative", "主要负责人": "representative",
    "统一社会信用代码": "credit_code", "社会信用代码": "credit_code",
}
BLOCK_LINES = 8  # a party block is the role line and the field lines right under it


@dataclass
class Party:
    role: str
    paragraph: int
    name: str = ""
    address: str = ""
    representative: str = ""
    credit_code: str = ""


def _clean(value: str) -> str:
    return value.replace("|", " ").strip(" 　_＿。；;，,")


INLINE_FIELD = re.compile(
    r"(?:^|[，,；;\s（(]+)(?P<field>名称|住所地?|地址|住址|注册地址|办公地址|通讯地址|法定代表人|负责人|统一社会信用代码)"
    r"\s*(?:[:：]|位于|为|在)?\s*")


def _read_inline(party: Party, rest: str) -> None:
    """A role line may carry its fields: 甲方：东湖区卫生健康局，地址：东湖区…，负责人：张三."""
    pieces = INLINE_FIELD.split(rest)
    party.name = _clean(re.split(r"[（(]以下简称", pieces[0])[0])
    for field_name, value in zip(pieces[1::2], pieces[2::2], strict=False):
        attribute = FIELD_NAMES.get(field_name)
        if attribute and not getattr(party, attribute):
            setattr(party, attribute, _clean(value).rstrip("）)"))


ROLE_FIELD_LINE = re.compile(
    r"^\s*(?P<role>甲方|乙方|丙方)(?:[（(][^）)]{1,12}[）)])?\s*(?P<field>住所地?|地址|住址|注册地址|办公地址|通讯地址"
    r"|法定代表人|负责人|统一社会信用代码)\s*[:：]\s*(?P<value>.*)$")
CELLS = re.compile(r"\s*\|\s*")


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in CELLS.split(line.strip().strip("|")) if cell.strip()] if "|" in line else []


PARENTHETICAL = re.compile(r"[（(][^）)]*[）)]")


def _column_table(lines: list[str]) -> list[Party]:
    """A table whose header names the roles as columns: | 项目 | 甲方（承租方） | 乙方 | then | 名称 | … | … |."""
    for position, line in enumerate(lines):
        if SIGNATURE_LINE.search(line):  # "甲方（盖章） | 乙方（盖章）" heads the signature table
            continue
        header = [PARENTHETICAL.sub("", cell).strip() for cell in _cells(line)]
        roles = [cell for cell in header if cell in ROLES]
        if len(roles) < 2:
            continue
        parties = [Party(role=role, paragraph=position) for role in roles]
        for row in lines[position + 1:position + 1 + BLOCK_LINES]:
            cells = _cells(row)
            if len(cells) < 2:
                break
            attribute = FIELD_NAMES.get(cells[0]) or FIELD_NAMES.get(cells[0].split("/")[0])
            for party, value in zip(parties, cells[1:], strict=False):
                if attribute and not getattr(party, attribute):
                    setattr(party, attribute, _clean(value))
        return parties
    return []


# Where a second role starts inside a line: "甲方：…，住所：…；乙方：…，住所：…"
SECOND_ROLE = re.compile(r"[，,；;。\s](?=(?:甲方|乙方|丙方)(?:[（(][^）)]{1,12}[）)])?\s*(?:名称)?\s*[:：])"
                         r"|[；;。](?=(?:甲方|乙方|丙方)[\u4e00-\u9fa5]{4})")


# "出租方：某局（以下简称甲方）" or "某局（以下简称甲方），住所：…": the role is given by the alias.
ALIAS_LINE = re.compile(
    r"^\s*(?:[\u4e00-\u9fa5]{2,6}(?:[（(][^）)]{1,8}[）)])?\s*[:：]\s*)?(?P<name>[^，,；;：:（(]{2,40}?(?:[（(][^）)]{1,20}[）)])?)"
    r"\s*[（(](?:[^（()）]{0,30}?[，,；;]\s*)?(?:以下简称|以下称|下称|简称)[“\"]?(?P<role>甲方|乙方|丙方)[”\"]?[）)]"
    r"(?P<rest>.*)$")


def _read_field_lines(party: Party, following: list[str]) -> None:
    """The field lines under a party's first line, up to the next role or a line that is no field."""
    for line_after in following:
        field = FIELD_LINE.match(line_after)
        if not field:
            if OTHER_FIELD_LINE.match(line_after) and not ROLE_LINE.match(line_after) \
                    and not ALIAS_LINE.match(line_after):
                continue
            break
        attribute = FIELD_NAMES.get(field.group("field"))
        if attribute and not getattr(party, attribute):
            setattr(party, attribute, _clean(field.group("value")))


def find_parties(lines: list[str]) -> list[Party]:
    """The first block of each role; signature lines (甲方（盖章）) are not party blocks."""
    lines = [unspace_label(line) for line in lines]  # "地　　址：" lines up with longer labels
    table = _column_table(lines)
    if table:
        return table
    # Lines holding several parties are cut into one piece a party; each piece keeps its line number.
    pieces = [(number, piece) for number, line in enumerate(lines) for piece in SECOND_ROLE.split(line)]
    numbers = [number for number, _ in pieces]
    lines = [piece for _, piece in pieces]
    parties: dict[str, Party] = {}
    position = 0
    while position < len(lines):
        line = lines[position]
        role_field = ROLE_FIELD_LINE.match(line)
        if role_field and role_field.group("role") in parties:  # "甲方住所：…" after "甲方名称：…"
            attribute = FIELD_NAMES.get(role_field.group("field"))
            party = parties[role_field.group("role")]
            if attribute and not getattr(party, attribute):
                setattr(party, attribute, _clean(role_field.group("value")))
            position += 1
            continue
        alias = ALIAS_LINE.match(line)
        if alias and alias.group("role") not in parties and not SIGNATURE_LINE.search(line):
            party = Party(role=alias.group("role"), paragraph=numbers[position], name=_clean(alias.group("name")))
            _read_inline(party, alias.group("name") + "，" + alias.group("rest"))
            party.name = _clean(alias.group("name"))
            _read_field_lines(party, lines[position + 1:position + 1 + BLOCK_LINES])
            parties[party.role] = party
            position += 1
            continue
        prose = ROLE_PROSE.match(line)
        if prose and prose.group("role") not in parties and not SIGNATURE_LINE.search(line):
            party = Party(role=prose.group("role"), paragraph=numbers[position], name=prose.group("name"))
            _read_inline(party, prose.group("name") + "，" + prose.group("rest"))
            party.name = prose.group("name")
            parties[party.role] = party
            position += 1
            continue
        role_match = ROLE_LINE.match(line)
        if not role_match or SIGNATURE_LINE.search(line) or role_match.group("role") in parties:
            position += 1
            continue
        following = lines[position + 1] if position + 1 < len(lines) else ""
        if role_match.group("name") is None and not FIELD_LINE.match(following):
            position += 1  # a bare "甲方" line starts a block only when its fields follow
            continue
        party = Party(role=role_match.group("role"), paragraph=numbers[position])
        _read_inline(party, role_match.group("name") or "")
        _read_field_lines(party, lines[position + 1:position + 1 + BLOCK_LINES])
        parties[party.role] = party
        position += 1
    return list(parties.values())
