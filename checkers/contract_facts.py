"""Contract structure for the engine and the report: number, parties, amounts and their twins,
term, signature date, and the review/filing record ("五统一")."""

from __future__ import annotations

import re
from dataclasses import asdict

from checkers.extract.dates import find_dates
from checkers.extract.parties import ROLES, find_parties
from checkers.model import Paragraph
from checkers.rulebook import load_rules
from checkers.spacy_import import Doc, Span

NUMBER_LINE = re.compile(
    r"(?:(?:合同|协议)(?:书)?(?:统一)?(?:编号|号)|^\s*(?:统一)?编\s*号)(?:\s*[:：|]\s*|\s+|为)"
    r"(?P<value>[^\s，。；;,、|]{0,20}\d[^\s，。；;,、|]{0,20})")
# A number standing alone in the header, without a label: "望川审计合〔2025〕2号".
NUMBER_ALONE = re.compile(r"^\s*(?P<value>[\u4e00-\u9fa5]{1,14}合(?:同)?[〔\[【(（]\d{4}[〕\]】)）]第?\s*\d+\s*号)\s*$")
TWIN_GAP = re.compile(r"^[\s（(：:，,|]*(?:小写|大写)?[\s：:|]*(?:即)?[\s（(|]*$")
SIGNED = re.compile(r"(?:签订|签约|签署)(?:日期|时间)")
FILING_NUMBER = re.compile(r"备案(?:号|编号|登记号)\s*[:：]\s*(?P<value>[^\s，。；;,]{2,40})")
FILING_DATE = re.compile(r"备案(?:日期|时间)")
RECORD_NUMBER = re.compile(r"[\u4e00-\u9fa5]{1,10}[〔\[【(（]\d{4}[〕\]】)）]第?\d+号")
DURATION = re.compile(r"(?:期限|期)[为是:：]?\s*(?:[\d一二三四五六七八九十两半]+)(?:个)?(?:年|月|日|天|周)")
QUANTITY_QUALITY = re.compile(r"数量|质量(?:标准|要求)|技术(?:标准|要求)|规格")
ARBITRATION_BODY = re.compile(r"[\u4e00-\u9fa5]{2,12}仲裁委员会")
COURT = re.compile(r"[\u4e00-\u9fa5]{2,14}人民法院")
SEAL = re.compile(r"盖章|公章|合同专用章|签章")
NUMBER_WINDOW = 15  # the contract number stands in the header
ADDRESS_NEAR = re.compile(r"(?:住所地?|地址|住址)\s*[:：]\s*(?P<value>[^\s，。；;,|]{2,40})")


# An organ may sign as 丙方 (a 管委会 in a three-party lease): when a party's name is an organ's,
# that role guaranteeing is the organ guaranteeing. Which role that is is known only per contract,
# so contract.guarantee-by-authority's own patterns and excludes are run again here with
# <<admin_parties>> set to those roles; the result is the rule's phrase, as if the phrase
# component had found it.
GUARANTEE_RULE = "contract.guarantee-by-authority"


def _organ_guarantees(paragraphs: list[Paragraph], doc: Doc, ctx, evidence: list[dict], summary: dict) -> None:
    rule = next((r for r in load_rules() if r.id == GUARANTEE_RULE), None)
    if rule is None:
        return
    organ = re.compile(rule.settings["admin_parties"])
    roles = [p["role"] for p in summary.get("parties", [])
             if organ.fullmatch(p.get("name") or "") and not organ.fullmatch(p["role"])]
    if not roles:
        return
    slot = "<<admin_parties>>"
    phrases = rule.phrase_set({"admin_parties": "(?:" + "|".join(roles) + ")"})
    patterns = [re.compile(filled) for filled, raw in zip(phrases["patterns"], rule.phrases["patterns"], strict=True)
                if slot in raw]
    excludes = [re.compile(p) for p in phrases["exclude"]]
    for paragraph in paragraphs:
        for sentence in re.finditer(r"[^。；]+", paragraph.text):
            if any(p.search(sentence.group(0)) for p in excludes):
                continue
            match = next((m for p in patterns if (m := p.search(sentence.group(0)))), None)
            if match is None:
                continue
            start = ctx.index.starts[paragraph.index] + sentence.start() + match.start()
            span = doc.char_span(start, start + len(match.group(0)), alignment_mode="expand")
            if span is not None:
                evidence.append(ctx.fact(span, "phrase", rule=GUARANTEE_RULE, text=match.group(0),
                                         negated=False, quoted=False))


def contract_facts(paragraphs: list[Paragraph], doc: Doc, ctx, evidence: list[dict]) -> dict:
    """Adds contract facts to `evidence`; returns the contract part of the document summary."""
    summary: dict = {}
    _number(paragraphs, doc, ctx, evidence, summary)
    _parties(paragraphs, ctx, evidence, summary)
    _organ_guarantees(paragraphs, doc, ctx, evidence, summary)
    _amounts(doc, ctx, evidence, summary)
    texts = [p.text for p in paragraphs]
    # The clauses are found by the lexicon's signals (the same words the rules test); this only
    # reads their paragraphs for the report.
    positions = {p.index: position for position, p in enumerate(paragraphs)}
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    for fact in evidence:
        if fact["t"] == "signal" and fact.get("para") in positions:
            first.setdefault(fact["name"], positions[fact["para"]])
            last[fact["name"]] = positions[fact["para"]]

    def clause(name: str, found: dict[str, int] = first) -> str | None:
        return _clause_at(texts, found[name]) if name in found else None

    summary["term"] = _dated(clause("term"))
    summary["signed"] = _dated(next((t for t in texts if SIGNED.search(t)), None))
    review = clause("legal_review", last)  # the review record trails the contract
    summary["review"] = {"text": review, "number": _first(RECORD_NUMBER, review)} if review else None
    filing_number = next((m.group("value") for t in texts if (m := FILING_NUMBER.search(t))), None)
    filing_line = next((t for t in texts if FILING_DATE.search(t)), None)
    filing_dates = find_dates(filing_line) if filing_line else []
    summary["filing"] = ({"number": filing_number, "date": filing_dates[0].iso if filing_dates else None}
                         if filing_number or filing_dates else None)
    summary["template"] = clause("template")
    term = summary["term"]
    if term:
        length = DURATION.search(term["text"])
        term["duration"] = length.group(0) if length else None
    summary["subject"] = clause("subject")
    summary["quantity_quality"] = [t for t in texts if QUANTITY_QUALITY.search(t)][:5]
    summary["liability"] = clause("liability")
    dispute = clause("dispute")
    summary["dispute"] = ({"text": dispute, "arbitration": _body(ARBITRATION_BODY, dispute),
                           "court": _body(COURT, dispute)} if dispute else None)
    summary["sealed"] = any(SEAL.search(t) for t in texts)
    return summary


def _first(pattern: re.Pattern, text: str | None) -> str | None:
    match = pattern.search(text or "")
    return match.group(0) if match else None


def _body(pattern: re.Pattern, text: str) -> str | None:
    """An arbitration commission or court named in the clause, without the verb before it."""
    found = _first(pattern, text)
    return re.sub(r"^.*?(?:向|由|在|至|到|提交|提请|交由|交)", "", found) if found else None


def _number(paragraphs: list[Paragraph], doc: Doc, ctx, evidence: list[dict], summary: dict) -> None:
    # The header first, then the trailing registration block ("——合同管理登记——  合同编号：…").
    for paragraph in [*paragraphs[:NUMBER_WINDOW], *paragraphs[NUMBER_WINDOW:][-NUMBER_WINDOW:]]:
        match = NUMBER_LINE.search(paragraph.text) or NUMBER_ALONE.match(paragraph.text)
        if not match:
            continue
        value = match.group("value")
        if value[-1] in "）)" and value.count(value[-1]) > value.count("（" if value[-1] == "）" else "("):
            value = value[:-1]  # "（合同编号：瓯司合〔2022〕15号）" closes a bracket opened before the label
        start = ctx.index.starts[paragraph.index] + match.start("value")
        span = doc.char_span(start, start + len(value), alignment_mode="expand")
        evidence.append(ctx.fact(span, "contract_number", text=value))
        summary["contract_number"] = value
        return


def _parties(paragraphs: list[Paragraph], ctx, evidence: list[dict], summary: dict) -> None:
    parties = find_parties([p.text for p in paragraphs])
    found = {party.role for party in parties}
    for party in parties:
        paragraph = paragraphs[party.paragraph]
        if not party.address:  # an address line the block reader did not reach
            nearby = " ".join(p.text for p in paragraphs[party.paragraph + 1:party.paragraph + 4])
            found_address = ADDRESS_NEAR.search(nearby)
            if found_address and not re.search(r"(?:甲方|乙方|丙方)", nearby[:found_address.start()]):
                party.address = found_address.group("value")
        fact = {"t": "party", "role": party.role, "name": party.name, "has_name": bool(party.name),
                "has_address": bool(party.address), "para": paragraph.index, "start": 0,
                "end": len(paragraph.text), "excerpt": paragraph.text}
        evidence.append(fact)
    texts = [p.text for p in paragraphs]
    for role in ROLES[:2]:
        # A contract names at least 甲方 and 乙方. Only when the role is introduced nowhere ("乙方：…")
        # is it reported missing: a layout the block reader does not know must not become a finding.
        introduced = re.compile(rf"{role}(?:[（(][^）)]{{1,12}}[）)])?\s*(?:名称)?\s*[:：]\s*[\u4e00-\u9fa5]"
                                rf"|(?:以下简称|以下称|下称|简称)[“\"]?{role}")
        uses_roles = any("甲方" in t or "乙方" in t for t in texts)  # 委托方/检测方 contracts name parties otherwise
        if uses_roles and role not in found and not any(introduced.search(t) and not re.search(r"盖章|签字|签章", t)
                                                        for t in texts):
            evidence.append({"t": "party", "role": role, "name": "", "has_name": False, "has_address": False})
    summary["parties"] = [asdict(party) for party in parties]


def _amounts(doc: Doc, ctx, evidence: list[dict], summary: dict) -> None:
    amounts: list[Span] = [s for s in doc.spans["entities"] if s.label_ == "AMOUNT"]
    amounts.sort(key=lambda s: s.start_char)
    text = doc.user_data.get("lawlint_text") or doc.text
    listed = []
    for span in amounts:
        position, offset = ctx.index.locate(span.start_char)
        listed.append({"text": span.text, "value": float(span._.value.value), "form": span._.value.form,
                       "paragraph": ctx.paragraphs[position].index, "start": offset})
    summary["amounts"] = listed
    for span in amounts:
        evidence.append(ctx.fact(span, "amount", text=span.text, value=float(span._.value.value),
                                 form=span._.value.form))
    for first, second in zip(amounts, amounts[1:], strict=False):
        forms = {first._.value.form, second._.value.form}
        if forms != {"arabic", "capital"} or not TWIN_GAP.match(text[first.end_char:second.start_char]):
            continue
        capital, arabic = (first, second) if first._.value.form == "capital" else (second, first)
        evidence.append(ctx.fact(capital, "amount_pair", text=f"{capital.text}（{arabic.text}）",
                                 capital=f"{capital._.value.value:,.2f}元", arabic=f"{arabic._.value.value:,.2f}元",
                                 difference=float(capital._.value.value - arabic._.value.value)))


def _clause_at(texts: list[str], position: int) -> str:
    """The paragraph at `position`; a bare heading ("第七条 争议解决") brings its body along."""
    text = texts[position]
    if len(text) <= 16 and "。" not in text and position + 1 < len(texts):
        return f"{text} {texts[position + 1]}"
    return text


def _dated(text: str | None) -> dict | None:
    if text is None:
        return None
    return {"text": text, "dates": [d.iso for d in find_dates(text)]}
