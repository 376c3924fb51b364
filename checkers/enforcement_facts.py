"""Enforcement documents: the instruments of a case file and the facts of a 行政处罚决定书.

A case file is one document whose instruments follow each other, each opening with its own title
line (立案审批表, 笔录, 告知书, 决定书, 送达回证 …); a lone decision is a file of one instrument.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from checkers.extract.amounts import find_amounts
from checkers.extract.cn_numbers import parse_number
from checkers.extract.dates import find_dates
from checkers.extract.labels import unspace_label
from checkers.lexicon import load_lexicon
from checkers.model import Paragraph
from checkers.spacy_import import Doc

# instrument type -> title pattern (tested on short lines only)
INSTRUMENT_TITLES = {
    "filing_form": r"立案(?:审批|审批表|登记表|报告表|报告)|立案审批表",
    "inspection_record": r"(?:现场)?(?:检查|勘验|勘察|勘查|勘测)(?:[（(][^）)]{1,4}[）)])?笔录|现场笔录"
                         r"|现场(?:检查|勘验|勘察)记录(?:[（(]笔录[）)])?",
    "inquiry_record": r"询问(?:[（(][^）)]{1,4}[）)])?笔录|调查笔录|询问笔录",
    "evidence_list": r"证据(?:登记)?(?:保存)?清单|证据材料(?:清单|目录)?",
    "hearing_notice": r"听证告知书|听证权利告知书|行政处罚听证告知书",
    "notice": r"(?:行政处罚)?(?:事先|先行)(?:[（(][^）)]{1,6}[）)])?告知书|陈述申辩告知书"
              r"|(?:行政处罚)?(?:事先|先行)告知[\u4e00-\u9fa5]{0,8}笔录"
              r"|(?:公安)?行政处罚(?:意见)?告知(?:书|笔录)|(?<![止正])违法行为通知书",
    "decision": r"(?:行政)?处罚决定书",
    "service": r"送达回证|送达回执|送达地址确认书|(?:邮寄)?送达(?:凭证|记录|回单)|邮寄送达[\u4e00-\u9fa5]{0,4}",
    # Instruments no rule reads; known so that they end the record before them.
    "other": r"(?:案件)?集体讨论记录|调查终结报告|法制审核意见书?|案件处理审批表|责令(?:限期)?改正通知书"
             r"|听证(?:笔录|报告|通知书|申请书)|行政处罚审批表|(?:罚没款)?缴(?:纳|款)(?:凭证|收据|回单)|结案(?:报告|审批表)|(?:案件)?(?:延期|延长)[\u4e00-\u9fa5]{0,6}(?:审批表|申请表)",
}
NUMBERED_TITLE = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}[.、．]\s*)")
# "询问笔录（乘客）": a title may name whose record it is. A numbered line ("九、送达回证") is not read
# as a title: a 卷内目录 lists the instruments that way.
TITLE_LINE = re.compile(r"^\s*[\u4e00-\u9fa5（）()]{0,20}"
                        rf"(?:{'|'.join(INSTRUMENT_TITLES.values())})"
                        r"(?:[（(](?![^）)]*[〔［\[][^）)]*号)[^）)]{1,16}[）)])?\s*$")  # not "（……〔2022〕57号）"
RECORD_TYPES = ("inspection_record", "inquiry_record")
# At the line start, so that 被检查人/被询问人 and 执法人员签名 lines are not read as officers.
# A signature line ("执法人员签名：甲  乙") repeats officers named above, so it is not read.
OFFICER_LINE = re.compile(
    r"^\s*(?:(?:执法|检查|调查|询问|勘验|勘查|勘测|承办|办案|记录)(?:人员?|人)|(?:卫生)?监督员)(?![^：:\n]{0,8}?(?:签名|签字|签章))"
    r"[^：:\n（(]{0,8}?(?:[（(][^）)：:]{0,8}[）)])?[:：]\s*(?P<rest>.+)")
CERT = re.compile(r"(?:执法证(?:件)?(?:编?号码?)?|证件编?号码?|证编?号)(?:分别为|为)?\s*[:：]?\s*"
                  r"[^\s，,、；;]{0,12}\d[^\s，,、；;]{2,}"
                  r"|[（(]\s*[\u4e00-\u9fa5]{0,6}\s*[A-Za-z\d][A-Za-z\d\-]{5,}\s*[）)]"
                  r"|[\u4e00-\u9fa5][\s，,：:]+[A-Za-z]{0,6}[\-－]?\d[\dA-Za-z\-]{4,}")
# "执法人员 | 执法证号" (a table, perhaps after a "序号" column) or "执法人员　　　　执法证件号" (columns lined
# up with spaces),
# then rows "姓名 | 号码" / "严　培　　　　澜综执 3906030142".
OFFICER_TABLE_HEAD = re.compile(
    r"^\s*[|│]?\s*(?:序号\s*[|│]\s*)?(?:执法人员|检查人员?|勘验人|询问人|调查人员?|姓名)(?:(?:\s*[|│]\s*|[\s\u3000]{2,})姓[\s\u3000]*名)?"
    r"[^|│\n:：]{0,6}(?:[|│]|[\s\u3000]{2,})\s*"
    r"(?:执法)?证(?:件)?(?:号|编号)"
    # a PDF's text layer keeps one space between the columns: "执法人员 执法证件号" alone on its line
    r"|^\s*(?:执法人员|检查人员?|勘验人|询问人|调查人员?|姓名)\s+(?:执法)?证(?:件)?(?:号码?|编号)\s*$")
# A row may have a column between name and number ("雷振宇　石梁县林业局　林执97032200381").
# A name alone on its row ("沈露") is an officer without a number.
OFFICER_ROW = re.compile(
    r"^\s*[|│]?\s*(?:(?:执法人员|检查人员?)[一二三四五六七八九\d][\s\u3000|│]+|\d{1,2}[.、．]?[\s\u3000|│]+)?"
    r"(?!记录|被检查|被询问|当事|见证)"
    r"(?P<name>[\u4e00-\u9fa5][\u3000 ][\u4e00-\u9fa5](?=[\s\u3000]{2,}|\s*[|│])|[\u4e00-\u9fa5]{2,4})"
    r"(?:\s*(?:[|│]|[\s\u3000]+)(?:[\u4e00-\u9fa5（）()]{2,20}\s*(?:[|│]|[\s\u3000]+))?\s*"
    r"(?P<cert>[\u4e00-\u9fa5]{0,6}\s*[A-Za-z\d][A-Za-z\d\-]{3,})?)?"
    r"(?:\s*[|│]\s*[\u4e00-\u9fa5（）()]{1,12})?\s*[|│]?\s*$")  # a column after the number ("| 执法科科员")
# Box-drawing rules around a table ("┌──┬──┐", "├──┼──┤") do not end it.
LABEL_TAIL = re.compile(r"^(?:执法人员|监督员|检查人员|调查人员|询问人员|人员|员|人)(?=[\u4e00-\u9fa5]{2,3}$)")
TABLE_RULE = re.compile(r"^\s*[┌├└─┬┼┴┐┤┘═╔╠╚╦╬╩╗╣╝\-+|]+\s*$")
# Officers named in a sentence with their numbers given together: "执法人员甲、乙，执法证号分别是…",
# "询问人员甲、乙向被询问人出示执法证件CC-…、CC-…".
PROSE_NUMBERED = re.compile(
    r"(?P<names>[\u4e00-\u9fa5]{2,4}(?:[、和][\u4e00-\u9fa5]{2,4})+)"
    r"(?:[，,（(]\s*(?:执法)?证(?:件)?编?号(?:码)?分别(?:为|是)"
    r"|(?:向[^，。；]{0,10})?出示(?:了)?(?:行政)?(?:执法)?证件(?:\s*[A-Za-z\d]|[，,]\s*证(?:件)?号(?:码)?分别))")
# A form laid out as a table: "执法人员 | 汤子墨 | 执法证件编号 | 98010223045".
# "询问人 | 龙启航、景小帆" names two officers and no numbers.
# A PDF's text layer may keep a single space between the cells ("执法人员 宁晓岚 执法证号"); a row may go
# on with another label ("执法人员 | 王建新、邱敏 | 记录人 | 邱敏").
_CELL_NAME = r"(?!执法|证件|证号|记录|签名)[\u4e00-\u9fa5]{2,4}"
OFFICER_CELLS = re.compile(
    r"^\s*[|│]?\s*(?:执法|检查|调查|询问|勘验|勘查|勘测|办案|记录)(?:人员?|人)[一二三四五六七八九\d]?(?:\s*[|│]\s*|\s+)"
    rf"(?P<names>{_CELL_NAME}(?:[、，,\s\u3000]+{_CELL_NAME})*)\s*"
    r"(?:(?:[|│]|[\s\u3000]+)\s*(?:执法)?证(?:件)?编?号码?\s*[:：]?\s*(?:[|│]\s*)?(?P<cert>[^|│\s]*\d[^|│\s]*)?"
    r"|\s*[（(]\s*(?:执法)?证(?:件)?编?号码?\s*[:：]?\s*(?P<bracketed>[^）)\s]*\d[^）)\s]*)\s*[）)])?"
    r"(?:\s*[|│]\s*(?:记录|询问|检查)人\s*[|│]\s*[\u4e00-\u9fa5]{2,4})?"
    r"\s*[|│]?\s*$")
# "执法人员向当事人出示了执法证件（证号分别为98041700215、98041700233）": numbers without names, for the
# officers named above.
NUMBERS_GIVEN = re.compile(r"证(?:件)?号(?:码)?(?:分别|依次)(?:为|是)\s*[:：]?\s*"
                           r"(?P<numbers>[A-Za-z\d][\w\-]{3,}(?:\s*[、，,和]\s*[A-Za-z\d][\w\-]{3,})+)")
SPACED_CELL_LABEL = re.compile(r"(?<![^|│])(\s*)([\u4e00-\u9fa5](?:[\s\u3000]+[\u4e00-\u9fa5]){1,3})(\s*)(?=[|│])")
# A line of certificate numbers alone, under the officer line it belongs to.
CERT_LIST_LINE = re.compile(
    r"^\s*(?:(?:执法)?证(?:件)?编?号码?(?:依次|分别)?(?:为|是)?\s*[:：|│]?)?\s*"
    r"(?P<numbers>[\u4e00-\u9fa5]{0,4}[A-Za-z\d][A-Za-z\d\-]{3,}(?:\s*[、，,]\s*[\u4e00-\u9fa5]{0,4}[A-Za-z\d][A-Za-z\d\-]{3,})*)"
    r"\s*[）)]?\s*$")
# "执法证号：严思恒 98011520008；卢晓棠 98011520013": the numbers of officers named on the line above.
CERT_BY_NAME_LINE = re.compile(r"^\s*(?:执法)?证(?:件)?编?号码?\s*[:：]")
NAME_AND_CERT = re.compile(r"([\u4e00-\u9fa5]{2,4})\s*[:：（(]?\s*[\u4e00-\u9fa5]{0,4}[A-Za-z]{0,4}\d[\dA-Za-z\-]{3,}")
SPACED_NAME = re.compile(r"(?<![\u4e00-\u9fa5])([\u4e00-\u9fa5])[\u3000 ]([\u4e00-\u9fa5])(?![\u4e00-\u9fa5])")
ROLE_LABEL = re.compile(r"^\s*(?:执法|检查|调查|询问|勘验|勘查|承办|办案|记录)(?:人员?|人)\s*[:：]\s*")
# "        吴敏      证件号：…" under an officer line: a second officer without the label.
OFFICER_CONTINUATION = re.compile(
    r"^\s*(?:\d+[.．、]\s*)?(?![姓单][\s\u3000]*[名位])(?P<name>[\u4e00-\u9fa5](?:[\u3000 ]?[\u4e00-\u9fa5]){1,3})"
    r"[\s，,（(]+(?:[^，,：:\n]{0,24}[，,\s]+)?(?:执法证|证件号|证号)")  # "罗振东，……大队监督员，执法证号：…"
# "执法人员：" alone, its officers listed on the lines below ("1. 喻光耀　　执法证号：…").
# Also "执法人员及执法证件编号：".
OFFICER_LABEL_ALONE = re.compile(
    r"^\s*(?:执法|检查|调查|询问|勘验|勘查|勘测|办案)(?:人员?|人)(?:及(?:其)?(?:执法)?证(?:件)?编?号码?)?\s*[:：]\s*$")
# Officers named in the record's prose with their numbers: "执法人员甲（执法证号：…）、乙（…）在巡查中发现".
PROSE_OFFICER = re.compile(r"([\u4e00-\u9fa5]{2,4})[（(](?:执法)?证(?:件)?号(?:码)?\s*[:：]?\s*[^）)]*\d[^）)]*[）)]")
# A quotation stays within its line: with straight quotes ("情节较轻" … "统一公共支付平台") a closing
# mark could otherwise pair with the next opening one lines below.
QUOTED_TEXT = re.compile(r"[“\"「][^”\"」\n]{6,}[”\"」]")
# "（印章）", "（印　章）", "（盖 章）"
SEAL_WORD = r"(?:印[\s\u3000]*章|公[\s\u3000]*章|盖[\s\u3000]*章|签[\s\u3000]*章|章|印)"
SEAL_MARK = re.compile(rf"^\s*[（(]?\s*{SEAL_WORD}\s*[）)]?\s*$")
NAME = re.compile(r"[\u4e00-\u9fa5]{2,4}")
ORGANISATION = re.compile(r"统一社会信用代码|公司|有限|合作社|个体工商户|厂|商行|中心|协会|医院|学校|酒店|饭店")
REVIEW_PERIOD = re.compile(
    r"(?P<n>[\d一二三四五六七八九十百两]+)\s*(?P<unit>日|天|个月|月)(?:内|以内)?[^。；]{0,30}(?:行政)?复议")
SUIT_PERIOD = re.compile(
    r"(?P<n>[\d一二三四五六七八九十百两]+)\s*(?P<unit>个月|月|日|天)(?:内|以内)?[^。；]{0,30}(?:行政诉讼|起诉)")
FILED_DATE = re.compile(r"立案(?:日期|时间)")
# A decision's own account of when the case was opened: "本局于2023年3月2日立案调查", "2023年3月2日
# 对当事人涉嫌……一案立案调查". The words between the date and 立案 stay in one clause and do not turn it
# ("不予立案").
FILED_IN_PROSE = re.compile(r"^[^。；，,：:]{0,30}?立案(?!审批)")
ORGAN = re.compile(r"局|委员会|政府|大队|支队|中心|办事处|办公室|所$|队$|处$|站$|办$")
SEAL_AFTER = re.compile(rf"\s*[（(]\s*{SEAL_WORD}\s*[）)]\s*$")  # "栖梧市人民防空办公室（印章）"
REVIEW_BODY = r"向([\u4e00-\u9fa5]{2,20}?(?:人民政府|局|委员会))申请(?:行政)?复议"
COURT_BODY = r"向([\u4e00-\u9fa5]{2,20}?人民法院)"
PENALTY_TYPES = {"警告": r"警告", "通报批评": r"通报批评", "罚款": r"罚款", "没收违法所得": r"没收违法所得",
                 "没收非法财物": r"没收(?!违法所得)", "暂扣许可证件": r"暂扣[^。；]{0,8}(?:许可证|执照)",
                 "吊销许可证件": r"吊销", "责令停产停业": r"责令停产停业", "责令关闭": r"责令关闭",
                 "行政拘留": r"行政拘留"}


@dataclass
class Instrument:
    type: str
    title: str
    first: int  # paragraph positions [first, last]
    last: int


def split_instruments(paragraphs: list[Paragraph]) -> list[Instrument]:
    starts: list[tuple[int, str]] = []
    numbered, index_entries = _numbered_headings(paragraphs)
    for position, paragraph in enumerate(paragraphs):
        if position in index_entries:
            continue
        # "行 政 处 罚 决 定 书" is spaced out for print; "【立案审批表】" set in brackets
        text = re.sub(r"[\s\u3000]+", "", paragraph.text).strip("【】[]〖〗")
        if position in numbered:
            text = NUMBERED_TITLE.sub("", text)
        if len(text) > 30 or not TITLE_LINE.match(text):
            continue
        for kind, pattern in INSTRUMENT_TITLES.items():
            if re.search(pattern, text):
                # "（五）行政处罚决定书" as a file tab, then the organ and the instrument's own title:
                # one instrument.
                if not (starts and starts[-1][1] == kind and position - starts[-1][0] <= 3):
                    starts.append((position, kind))
                break
    if not starts:
        return [Instrument("decision", "", 0, len(paragraphs) - 1)] if paragraphs else []
    instruments = []
    for number, (position, kind) in enumerate(starts):
        last = starts[number + 1][0] - 1 if number + 1 < len(starts) else len(paragraphs) - 1
        first = 0 if number == 0 and position <= 3 else position
        title = NUMBERED_TITLE.sub("", re.sub(r"[\s\u3000]+", "", paragraphs[position].text))
        instruments.append(Instrument(kind, title, first, last))
    return instruments


def _numbered_headings(paragraphs: list[Paragraph]) -> tuple[set[int], set[int]]:
    """Positions of numbered instrument headings ("九、送达回证" over the 送达回证 itself). A 卷内目录
    numbers its entries the same way, but one entry a line: a numbered title right next to the next
    or previous number of the same style is an index entry. Returns the headings and the index entries."""
    numbered = []  # (position, style, number) of every short numbered line, a title or not
    titles = set()
    for position, paragraph in enumerate(paragraphs):
        text = re.sub(r"[\s\u3000]+", "", paragraph.text)
        number = NUMBERED_TITLE.match(text)
        if not number or len(text) > 30:
            continue
        style = "arabic" if number.group(0)[0].isdigit() else "chinese"
        style += "-bracketed" if number.group(0).lstrip().startswith(("（", "(")) else ""
        numbered.append((position, style, parse_number(re.sub(r"[、.．（）()\s]", "", number.group(0)))))
        if TITLE_LINE.match(text[number.end():]):
            titles.add(position)
    in_index = set()
    for (position, style, value), (after, next_style, next_value) in zip(numbered, numbered[1:], strict=False):
        if after - position == 1 and style == next_style and next_value == value + 1:
            in_index.update({position, after})
    return titles - in_index, titles & in_index


def _period(match: re.Match | None) -> tuple[int | None, int | None]:
    if not match:
        return None, None
    try:
        number = int(match.group("n")) if match.group("n").isdigit() else parse_number(match.group("n"))
    except ValueError:
        return None, None
    return (None, number) if "月" in match.group("unit") else (number, None)


def enforcement_facts(paragraphs: list[Paragraph], doc: Doc, ctx, evidence: list[dict]) -> dict:
    """Adds instrument, officer, period, penalty and date facts; returns the summary part."""
    instruments = split_instruments(paragraphs)
    owner: dict[int, str] = {}
    for instrument in instruments:
        for position in range(instrument.first, instrument.last + 1):
            owner[paragraphs[position].index] = instrument.type
        evidence.append({"t": "instrument", "type": instrument.type, "title": instrument.title,
                         "para": paragraphs[instrument.first].index, "start": 0,
                         "end": len(paragraphs[instrument.first].text), "excerpt": instrument.title})
        block_text = "".join(p.text for p in paragraphs[instrument.first:instrument.last + 1])
        block_paragraphs = {p.index for p in paragraphs[instrument.first:instrument.last + 1]}
        # One notice often does both jobs: a 听证告知书 that also gives 陈述、申辩 is the 事先告知,
        # and a 告知书 that tells of the right to a hearing (the lexicon's enf_hearing_told, not
        # negated) is the 听证告知.
        also = None
        if instrument.type == "hearing_notice" and re.search(r"陈述[^。；]{0,6}申辩", block_text):
            also = "notice"
        elif instrument.type == "notice" and any(
                f["t"] == "signal" and f["name"] == "enf_hearing_told" and not f["negated"]
                and f["para"] in block_paragraphs for f in evidence):
            also = "hearing_notice"
        if also:
            evidence.append({"t": "instrument", "type": also, "title": instrument.title,
                             "para": paragraphs[instrument.first].index, "start": 0,
                             "end": len(paragraphs[instrument.first].text), "excerpt": instrument.title})
    for fact in evidence:  # signals, phrases and citations learn which instrument they sit in
        if "para" in fact and "instrument" not in fact:
            fact["instrument"] = owner.get(fact["para"], "none")
    summary: dict = {"case_file": len(instruments) > 1,
                     "instruments": [_describe(paragraphs[i.first:i.last + 1], i) for i in instruments]}
    # The filing form first, wherever it lies: the decision's date is counted from it.
    has_filing_form = any(i.type == "filing_form" for i in instruments)
    for instrument in sorted(instruments, key=lambda i: i.type != "filing_form"):
        block = paragraphs[instrument.first:instrument.last + 1]
        if instrument.type == "decision" and not has_filing_form:
            _filed_in_prose(block, evidence, summary)
        if instrument.type in RECORD_TYPES:
            _officers(block, instrument, evidence)
        if instrument.type == "decision":
            _decision(block, evidence, summary)
        if instrument.type == "filing_form":
            _filed_date(block, evidence, summary)
    return summary


def _describe(block: list[Paragraph], instrument: Instrument) -> dict:
    """What a reviewer reads off one instrument: its dates and the officers it names."""
    officers = []
    for paragraph in block:
        match = OFFICER_LINE.search(paragraph.text)
        if match:
            officers.append(match.group("rest").strip())
    return {"type": instrument.type, "title": instrument.title,
            "paragraph": block[0].index if block else None,
            "dates": sorted({d.iso for p in block for d in find_dates(p.text)}), "officers": officers}


def _named(pattern: str, text: str | None) -> str | None:
    match = re.search(pattern, text or "")
    return match.group(1) if match else None


def _filed_date(block: list[Paragraph], evidence: list[dict], summary: dict) -> None:
    """The 立案日期; a form without that label is dated by its approval, the last date on it."""
    labelled = [(p, d) for p in block if FILED_DATE.search(p.text) for d in find_dates(p.text)[:1]]
    dated = labelled or [(p, d) for p in block for d in find_dates(p.text)][-1:]
    if dated:
        paragraph, found = dated[0]
        evidence.append(_date_fact("filed", found, paragraph))
        summary["filed_date"] = found.iso


def _filed_in_prose(block: list[Paragraph], evidence: list[dict], summary: dict) -> None:
    """Without a filing form, the date the decision itself says the case was opened, if it says so:
    a labelled "立案日期 | 2023年8月14日" or "本局于2023年8月14日立案调查"."""
    for paragraph in block:
        label = re.search(r"立案(?:日期|时间)\s*[:：|│]?\s*", paragraph.text)
        at = next((d for d in find_dates(paragraph.text) if label and d.start == label.end()), None)
        if at:
            evidence.append(_date_fact("filed", at, paragraph))
            summary["filed_date"] = at.iso
            return
    for paragraph in block:
        for found in find_dates(paragraph.text):
            after = paragraph.text[found.end:found.end + 36]
            filed = FILED_IN_PROSE.match(after)
            if filed and not re.search(r"不予?立案$|未立案$", filed.group(0)):
                evidence.append(_date_fact("filed", found, paragraph))
                summary["filed_date"] = found.iso
                return


def _date_fact(role: str, match, paragraph: Paragraph) -> dict:
    return {"t": "date", "role": role, "iso": match.iso, "day": date.fromisoformat(match.iso).toordinal(),
            "text": match.text, "para": paragraph.index, "start": match.start, "end": match.end,
            "excerpt": paragraph.text[:160]}


def _officers(block: list[Paragraph], instrument: Instrument, evidence: list[dict]) -> None:
    officers: dict[str, tuple[bool, Paragraph]] = {}  # every officer line of the record, by name
    table_rows = False  # under an "执法人员 | 证号" header, rows "姓名 | 号码" follow
    previous_was_officer_line = False
    line_names: list[str] = []  # the officers named on the last officer line, in order
    for paragraph in block:
        numbers = CERT_LIST_LINE.match(paragraph.text)
        if numbers and line_names:  # "98110207、98110219）" under "询问人：甲、乙（执法证号依次为："
            lacking = [name for name in line_names if not officers[name][0]]
            given = re.split(r"\s*[、，,]\s*", numbers.group("numbers").strip())
            for name in lacking[:len(given)]:
                officers[name] = (True, officers[name][1])
            line_names = []
            continue
        line_names = []
        if CERT_BY_NAME_LINE.match(paragraph.text):
            for name in NAME_AND_CERT.findall(CERT_BY_NAME_LINE.sub("", paragraph.text)):
                officers[name] = (True, officers.get(name, (True, paragraph))[1])
        row = OFFICER_ROW.match(paragraph.text)
        if table_rows and TABLE_RULE.match(paragraph.text):
            continue
        if table_rows and row:
            officers[re.sub(r"[\u3000 ]", "", row.group("name"))] = (bool(row.group("cert")), paragraph)
            continue
        table_rows = bool(OFFICER_TABLE_HEAD.match(paragraph.text))
        # "询 问 人 | 王建新 | 执法证号 | …": a cell's label spaced out to line up with longer ones
        unspaced = SPACED_CELL_LABEL.sub(lambda m: m.group(1) + re.sub(r"[\s\u3000]+", "", m.group(2)) + m.group(3),
                                         paragraph.text)
        cells = None if table_rows else OFFICER_CELLS.match(unspaced)
        if cells:
            line_names = re.split(r"[、，,\s\u3000]+", cells.group("names"))
            for name in line_names:  # a number may follow on the next row ("执法证件号 | 980…")
                numbered = bool(cells.group("cert") or cells.group("bracketed"))
                officers[name] = (numbered or officers.get(name, (False,))[0], paragraph)
            previous_was_officer_line = True
            continue
        # "询 问 人：甘立伟" is "询问人：甘立伟"
        match = OFFICER_LINE.search(unspace_label(paragraph.text))
        continuation = OFFICER_CONTINUATION.match(paragraph.text)
        if continuation and not match and previous_was_officer_line:
            name = re.sub(r"[\u3000 ]", "", continuation.group("name"))
            officers[name] = (bool(CERT.search(paragraph.text)), paragraph)
            continue
        previous_was_officer_line = bool(match) or bool(OFFICER_LABEL_ALONE.match(paragraph.text))
        if not match and re.search(r"(?:执法|检查|调查|询问)人员|监督员|执法证", paragraph.text):
            named = False
            for name in PROSE_OFFICER.findall(paragraph.text):  # a number given here counts for the whole record
                name = LABEL_TAIL.sub("", name)  # "本局执法人员蒋雯（执法证号：…）" → 蒋雯
                if "证" in name:  # "出示了执法证件（证号分别为…）" names no officer
                    continue
                named = True
                officers[name] = (True, officers.get(name, (True, paragraph))[1])
            for group in PROSE_NUMBERED.finditer(paragraph.text):
                for name in re.split(r"[、和]", group.group("names")):
                    # The first name may carry the tail of its label ("询问人员周牧之" → "员周牧之").
                    name = next((known for known in officers if name.endswith(known)), name)
                    name = LABEL_TAIL.sub("", name)
                    officers[name] = (True, paragraph)
                    named = True
            given = NUMBERS_GIVEN.search(paragraph.text)
            if given and not named:
                numbers = re.split(r"\s*[、，,和]\s*", given.group("numbers"))
                for name in [name for name, (has_cert, _) in officers.items() if not has_cert][:len(numbers)]:
                    officers[name] = (True, officers[name][1])
        if not match or table_rows:
            continue
        last_name = None
        signs_only = paragraph.text.lstrip().startswith("承办")
        # "执法人员：甲、乙，执法证号分别为…、…" gives every officer of the line a number.
        # So does "询问人：甲、乙    执法证号：…、…" (one label, a list of numbers).
        all_numbered = bool(re.search(r"证(?:件)?号(?:码)?(?:分别|依次)(?:为|是)\s*[:：]?\s*[^，。；\s]*\d"
                                      r"|证(?:件)?号(?:码)?\s*[:：]\s*[^，。；\s]*\d[^，。；\s]*[、，,]\s*[^，。；\s]*\d",
                                      paragraph.text))
        rest = SPACED_NAME.sub(r"\1\2", match.group("rest"))  # "施　佳" is one name
        for piece in re.split(r"[、；;\u3000]|\s{2,}|\s+(?=记录人)|和(?=[\u4e00-\u9fa5]{2,4}[（(，,\s])", rest):
            piece = ROLE_LABEL.sub("", piece.strip())  # "询问人：甲  记录人：乙" names two officers
            name = NAME.match(piece)
            if name and not re.match(r"执法证|证号|证件", name.group(0)):
                last_name = name.group(0)
                has_cert = all_numbered or bool(CERT.search(piece)) or officers.get(last_name, (False,))[0]
                if signs_only and last_name not in officers:
                    continue  # "承办人：甲  乙  日期" signs a form; it introduces no officer
                officers[last_name] = (has_cert, paragraph)
                line_names.append(last_name)
            elif last_name and CERT.search(piece):  # "检查人：甲  证件号：…" puts the number apart
                officers[last_name] = (True, paragraph)
    head = block[0]
    evidence.append({"t": "record", "type": instrument.type, "officers": len(officers), "para": head.index,
                     "start": 0, "end": len(head.text), "excerpt": head.text})
    for name, (has_cert, paragraph) in officers.items():
        evidence.append({"t": "officer", "name": name, "has_cert": has_cert, "para": paragraph.index,
                         "start": 0, "end": len(paragraph.text), "excerpt": paragraph.text[:160]})


def _decision(block: list[Paragraph], evidence: list[dict], summary: dict) -> None:
    text = "\n".join(p.text for p in block)
    for route, pattern in (("review", REVIEW_PERIOD), ("litigation", SUIT_PERIOD)):
        match = pattern.search(text)
        days, months = _period(match)
        if days is None and months is None:
            continue
        paragraph = next((p for p in block if match.group(0)[:6] in p.text), block[0])
        fact = {"t": "remedy_period", "route": route, "text": match.group(0), "para": paragraph.index,
                "start": 0, "end": len(paragraph.text), "excerpt": paragraph.text[:160]}
        if days is not None:
            fact["days"] = days
        if months is not None:
            fact["months"] = months
        evidence.append(fact)
        summary[f"{route}_period"] = match.group(0)
    # The penalty imposed, not the law's words: quoted articles ("……处五千元以上五万元以下罚款；情节
    #严重的，责令停产停业，直至吊销许可证") and ranges are left out, and so are penalties ruled out.
    imposed = QUOTED_TEXT.sub("", text)
    not_imposed = load_lexicon().penalty_not_imposed  # rules/lexicon.yaml: ruled out, or the law's words
    sentences = [s for s in re.split(r"[。；\n]", imposed) if not any(p.search(s) for p in not_imposed)]
    fines = [float(amount.value) for sentence in sentences
             if re.search(r"罚款|没收", sentence) and not re.search(r"加处罚款|每日按", sentence)
             for amount in find_amounts(sentence)
             if not re.match(r"\s*(?:以上|以下|至|到)", sentence[amount.end:amount.end + 3])]
    party_line = next((p.text for p in block if re.match(r"\s*(?:当事人|被处罚人|被处罚单位|被处罚对象)", p.text)), "")
    party_block = " ".join(p.text for p in block[:12])
    organisation = bool(ORGANISATION.search(party_line) or re.search(r"统一社会信用代码", party_block))
    penalty = {"t": "penalty", "fine": max(fines) if fines else 0.0,
               "party_type": "organisation" if organisation else "individual",
               "revocation": any(re.search(r"吊销", s) for s in sentences),
               "suspension": any(re.search(r"责令停产停业|责令关闭", s) for s in sentences),
               "para": block[0].index, "start": 0, "end": len(block[0].text), "excerpt": block[0].text}
    evidence.append(penalty)
    summary["penalty"] = {k: penalty[k] for k in ("fine", "party_type", "revocation", "suspension")}
    organ, date_paragraph = None, None
    for position in range(len(block) - 1, -1, -1):
        dates = find_dates(block[position].text)
        # the 落款's date line, not a labelled field ("出生日期：1979年2月6日")
        if (dates and len(block[position].text.strip()) <= 16
                and not re.search(r"[:：|│]", block[position].text.replace(dates[0].text, ""))):
            date_paragraph = block[position]
            decided = _date_fact("decided", dates[0], date_paragraph)
            filed = next((f for f in evidence if f.get("t") == "date" and f.get("role") == "filed"), None)
            if filed:
                decided["days_after_filing"] = decided["day"] - filed["day"]
            evidence.append(decided)
            summary["decision_date"] = dates[0].iso
            above = position - 1
            while above > 0 and SEAL_MARK.match(block[above].text):  # "（印章）" between organ and date
                above -= 1
            previous = SEAL_AFTER.sub("", block[above].text).strip() if above >= 0 else ""
            if previous and len(previous) <= 30 and ORGAN.search(previous):
                organ = previous
            break
    if organ is None:  # signed "（公章）" alone: the organ named in the decision's own heading
        organ = next((p.text.strip() for p in block[:3]
                      if len(p.text.strip()) <= 30 and ORGAN.search(p.text) and not TITLE_LINE.match(p.text.strip())
                      and not re.search(r"[，。：:；]", p.text)), None)
    head = block[0]
    evidence.append({"t": "signature", "has_organ": organ is not None, "has_date": date_paragraph is not None,
                     "para": head.index, "start": 0, "end": len(head.text), "excerpt": head.text})
    summary["deciding_organ"] = organ
    # The decision's elements are the lexicon's enf_* signals inside this instrument (what the rules
    # test); the report shows the sentence each was found in.
    signals = {}
    for fact in evidence:
        if fact["t"] == "signal" and fact.get("instrument") == "decision":
            signals.setdefault(fact["name"], fact["excerpt"])
    summary["party"] = {"text": party_line or None, "type": penalty["party_type"],
                        "address": signals.get("enf_address")}
    summary["facts"] = signals.get("enf_facts")
    summary["evidence"] = signals.get("enf_evidence")
    summary["penalty_types"] = [name for name, pattern in PENALTY_TYPES.items() if re.search(pattern, text)]
    summary["performance"] = signals.get("enf_performance")
    remedy = signals.get("enf_remedy")
    summary["remedy"] = {"text": remedy, "review_body": _named(REVIEW_BODY, remedy),
                         "court": _named(COURT_BODY, remedy)} if remedy else None
