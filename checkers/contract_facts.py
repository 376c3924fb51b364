"""Contract structure for the engine and the report: number, parties, amounts and their twins,
term, signature date, and the review/filing record ("五统一")."""

from __future__ import annotations

import re
from dataclasses import asdict

from spacy.tokens import Doc, Span

from checkers.extract.dates import find_dates
from checkers.extract.parties import ROLES, find_parties
from checkers.model import Paragraph

NUMBER_LINE = re.compile(
    r"(?:(?:合同|协议)(?:书)?(?:编号|号)|^\s*编\s*号)\s*[:：]\s*(?P<value>[^\s，。；;,、]{2,40})")
TWIN_GAP = re.compile(r"^[\s（(：:，,|]*(?:小写|大写)?[\s：:|]*(?:即)?[\s（(|]*$")
TERM_SENTENCE = re.compile(r"期限|工期|履约期|自[^。；]{0,20}至")
SIGNED = re.compile(r"(?:签订|签约|签署)(?:日期|时间)")
REVIEW_SENTENCE = re.compile(r"合法性审查|合法性审核|法律顾问(?:审查|审核)|法制审核")
FILING_NUMBER = re.compile(r"备案(?:号|编号|登记号)\s*[:：]\s*(?P<value>[^\s，。；;,]{2,40})")
FILING_DATE = re.compile(r"备案(?:日期|时间)")
RECORD_NUMBER = re.compile(r"[\u4e00-\u9fa5]{1,10}[〔\[【(（]\d{4}[〕\]】)）]第?\d+号")
NUMBER_WINDOW = 15  # the contract number stands in the header


def contract_facts(paragraphs: list[Paragraph], doc: Doc, ctx, evidence: list[dict]) -> dict:
    """Adds contract facts to `evidence`; returns the contract part of the document summary."""
    summary: dict = {}
    _number(paragraphs, doc, ctx, evidence, summary)
    _parties(paragraphs, ctx, evidence, summary)
    _amounts(doc, ctx, evidence, summary)
    texts = [p.text for p in paragraphs]
    summary["term"] = _dated_sentence(texts, TERM_SENTENCE)
    summary["signed"] = _dated_sentence(texts, SIGNED)
    review = next((t for t in texts if REVIEW_SENTENCE.search(t)), None)
    summary["review"] = {"text": review, "number": _first(RECORD_NUMBER, review)} if review else None
    filing_number = next((m.group("value") for t in texts if (m := FILING_NUMBER.search(t))), None)
    filing_line = next((t for t in texts if FILING_DATE.search(t)), None)
    filing_dates = find_dates(filing_line) if filing_line else []
    summary["filing"] = ({"number": filing_number, "date": filing_dates[0].iso if filing_dates else None}
                         if filing_number or filing_dates else None)
    template = next((t for t in texts if re.search(r"范本|示范文本", t)), None)
    summary["template"] = template
    return summary


def _first(pattern: re.Pattern, text: str | None) -> str | None:
    match = pattern.search(text or "")
    return match.group(0) if match else None


def _number(paragraphs: list[Paragraph], doc: Doc, ctx, evidence: list[dict], summary: dict) -> None:
    for paragraph in paragraphs[:NUMBER_WINDOW]:
        match = NUMBER_LINE.search(paragraph.text)
        if not match:
            continue
        start = ctx.index.starts[paragraph.index] + match.start("value")
        span = doc.char_span(start, start + len(match.group("value")), alignment_mode="expand")
        evidence.append(ctx.fact(span, "contract_number", text=match.group("value")))
        summary["contract_number"] = match.group("value")
        return


def _parties(paragraphs: list[Paragraph], ctx, evidence: list[dict], summary: dict) -> None:
    parties = find_parties([p.text for p in paragraphs])
    found = {party.role for party in parties}
    for party in parties:
        paragraph = paragraphs[party.paragraph]
        fact = {"t": "party", "role": party.role, "name": party.name, "has_name": bool(party.name),
                "has_address": bool(party.address), "para": paragraph.index, "start": 0,
                "end": len(paragraph.text), "excerpt": paragraph.text}
        evidence.append(fact)
    for role in ROLES[:2]:
        if role not in found:  # a contract names at least 甲方 and 乙方
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


def _dated_sentence(texts: list[str], pattern: re.Pattern) -> dict | None:
    for text in texts:
        if pattern.search(text):
            dates = [d.iso for d in find_dates(text)]
            return {"text": text, "dates": dates}
    return None
