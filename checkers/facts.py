"""Turns a parsed document into facts for the rule engine.

Extraction runs the spaCy pipeline over the joined paragraphs and reads its spans; this module
decides which span is the document's own 发文字号, 成文日期, 施行日期 and 有效期, normalises
values (ISO dates and day numbers, years of validity) and positions every fact at a paragraph.
It decides nothing about compliance: that is the rules' job.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from checkers.contract_facts import contract_facts
from checkers.decision_facts import decision_facts
from checkers.enforcement_facts import enforcement_facts
from checkers.extract.cn_numbers import parse_number
from checkers.extract.dates import find_dates, parse_date
from checkers.kind import detect_kind
from checkers.laws import LawTable
from checkers.lexicon import load_lexicon
from checkers.model import Document, Paragraph
from checkers.nlp import text_of
from checkers.spacy_import import Doc, Language, Span
from checkers.structure import DATE_TEXT, Layout, OffsetIndex, clause_positions, find_signature, find_title

EXCERPT_LIMIT = 160
FORM_NUMBER_LABEL = re.compile(r"(?:备案|登记|表格?|案件)?编号[:：]?|(?:备案|登记|案)号[:：]?")
OWN_DOCNO_WINDOW = 12  # paragraphs from the top in which the document's own 文号 stands
OWN_NAMES = r"本(?:办法|规定|细则|意见|通知|决定|规则|方案|文件|措施|制度|标准|规范|实施意见|指导意见|若干措施)"
TAKES_EFFECT = r"(?:正式)?(?:施行|执行|实施|生效|试行)"
EFFECTIVE_ABSOLUTE = re.compile(rf"(?:自|从|于)?(?P<date>{DATE_TEXT})(?:起|开始)?{TAKES_EFFECT}")
EFFECTIVE_RELATIVE = re.compile(
    rf"自(?:发布|印发|公布|颁布|下发|发文|签发)之日起(?:(?P<days>[\d一二三四五六七八九十]+)日后)?{TAKES_EFFECT}"
)
EFFECTIVE_FIELD = re.compile(rf"(?:施行|实施|生效)(?:日期|时间)[为是:：\s]*(?P<date>{DATE_TEXT})")
OWN_CLAUSE = re.compile(OWN_NAMES)
PUBLISHED = re.compile(rf"{DATE_TEXT}\s*(?:印发|发布|公布)$|(?:发布|公布|印发)(?:日期|时间)[:：\s]*{DATE_TEXT}")
OWN_VALIDITY_CONTEXT = re.compile(rf"{OWN_NAMES}|施行|实施|执行|印发之日|发布之日")
PROVISIONAL = re.compile(r"暂行|试行")
BASIS_VERB = re.compile(r"依据|根据|依照|按照")
HEADING_NUMBER = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百]+[条章]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．])\s*")


@dataclass
class ExtractedDocument:
    """Everything extraction learnt about one document: its layout, kind and facts."""

    document: Document
    layout: Layout
    kind: str
    as_of: date
    evidence: list[dict] = field(default_factory=list)
    document_fact: dict = field(default_factory=dict)
    summary: dict = field(default_factory=dict)


class FactBuilder:
    def __init__(self, nlp: Language, laws: LawTable, today: date | None = None):
        self.nlp = nlp
        self.laws = laws
        self.today = today or date.today()

    def build(self, document: Document, kind_override: str | None = None) -> ExtractedDocument:
        paragraphs = document.paragraphs
        index = OffsetIndex(paragraphs)
        doc: Doc = self.nlp("\n".join(p.text for p in paragraphs))
        ctx = _Positions(paragraphs, index, clause_positions(paragraphs), doc)

        docnos = [s for s in doc.spans["entities"] if s.label_ == "DOCNO"]
        own_docno_paragraphs = {ctx.paragraph_of(s).index: s.text for s in docnos if self._is_own_docno(ctx, s)}
        title, title_paragraphs = find_title(paragraphs, own_docno_paragraphs)
        title_paragraph = title_paragraphs[0] if title_paragraphs else None
        body_start = max([title_paragraph or 0, *own_docno_paragraphs]) + 1 if paragraphs else 0
        organ, signature_paragraph = find_signature(paragraphs, body_start)
        layout = Layout(title, title_paragraph, organ, signature_paragraph, ctx.clauses, title_paragraphs)
        kind = kind_override or detect_kind(title, document.text)

        evidence: list[dict] = []
        summary: dict = {"title": title, "signature_organ": organ}
        for span in docnos:
            match = span._.value
            own = ctx.paragraph_of(span).index in own_docno_paragraphs
            evidence.append(ctx.fact(span, "docno", own=own, text=match.text, organ=match.organ,
                                     year=match.year, bracket=match.bracket,
                                     zero_padded=match.zero_padded, has_di=match.has_di))
            if own and "docno" not in summary:
                summary["docno"] = match.text

        written = self._written_date(ctx, doc, signature_paragraph)
        published = self._published_date(ctx, doc)
        base_date = written or published
        for role, found in (("written", written), ("published", published)):
            if found:
                span, match = found
                evidence.append(ctx.fact(span, "date", role=role, text=match.text, iso=match.iso,
                                         day=date.fromisoformat(match.iso).toordinal(), style=match.style,
                                         zero_padded=match.zero_padded, short_year=match.short_year))
                summary[f"{role}_date"] = match.iso
        as_of = date.fromisoformat(base_date[1].iso) if base_date else self.today

        effective_date = self._effective(ctx, doc, base_date, evidence)
        if effective_date:
            summary["effective_date"] = effective_date.isoformat()
        provisional = bool(title and PROVISIONAL.search(title))
        self._validity(ctx, doc, effective_date or (as_of if base_date else None), provisional, evidence, summary)
        self._citations(ctx, doc, evidence, as_of)
        self._phrases(ctx, doc, evidence, set(title_paragraphs))
        _mark_unfilled(evidence, ctx.paragraphs)
        if kind == "enforcement":
            summary["enforcement"] = enforcement_facts(paragraphs, doc, ctx, evidence)
            summary["enforcement"]["basis"] = [
                {k: f.get(k) for k in ("title", "text", "article", "paragraph", "item")} for f in evidence
                if f["t"] == "citation" and f.get("instrument") == "decision" and f.get("cited_as_basis")]
            decided = summary["enforcement"].get("decision_date")
            if decided:  # a decision is judged by the law in force on its 决定日期
                as_of = date.fromisoformat(decided)
        if kind == "decision":
            decision_facts(doc, ctx, evidence, summary)
        if kind == "contract":
            summary["contract"] = contract_facts(paragraphs, doc, ctx, evidence)
            signed = (summary["contract"].get("signed") or {}).get("dates")
            if signed and not base_date:  # a contract is dated by its 签订日期
                as_of = date.fromisoformat(signed[0])

        # The document's date as its own fact: rules join on it, and durable_rules only joins
        # safely on facts asserted before the one that refers to them (see checkers/engine.py).
        evidence.insert(0, {"t": "as_of", "day": as_of.toordinal(), "iso": as_of.isoformat()})
        for fact in evidence:  # periods a law changed are judged by the law of the document's date
            if fact["t"] == "remedy_period":
                fact["as_of_day"] = as_of.toordinal()
        document_fact = {"t": "doc", "kind": kind, "provisional": provisional,
                         "as_of_day": as_of.toordinal(), "title": title or "",
                         "case_file": bool(summary.get("enforcement", {}).get("case_file"))}
        summary["kind"] = kind
        return ExtractedDocument(document, layout, kind, as_of, evidence, document_fact, summary)

    @staticmethod
    def _is_own_docno(ctx: _Positions, span: Span) -> bool:
        paragraph = ctx.paragraph_of(span)
        if paragraph.index >= OWN_DOCNO_WINDOW or paragraph.table is not None:
            return False
        text = paragraph.text.strip()
        if paragraph.index <= 2 and re.search(r"[\s　]" + re.escape(span.text) + "$", text):
            return True  # "标题 国办函〔2005〕21号" on one line
        rest = re.sub(r"[\s　]|签发人[:：]?\S*", "", text.replace(span.text, "", 1))
        # "编号：柯决备〔2017〕06号" numbers a form (a 备案表), it is no 发文字号.
        return len(rest) <= 6 and not FORM_NUMBER_LABEL.fullmatch(rest)

    @staticmethod
    def _written_date(ctx: _Positions, doc: Doc, signature_paragraph: int | None):
        if signature_paragraph is None:
            return None
        for span in ctx.spans_in(doc, "DATE", signature_paragraph):
            return span, span._.value
        return None

    @staticmethod
    def _published_date(ctx: _Positions, doc: Doc):
        for span in doc.spans["entities"]:
            if span.label_ != "DATE":
                continue
            paragraph = ctx.paragraph_of(span)
            if PUBLISHED.search(paragraph.text) and span.text in PUBLISHED.search(paragraph.text).group(0):
                return span, span._.value
        return None

    def _effective(self, ctx: _Positions, doc: Doc, base_date, evidence: list[dict]) -> date | None:
        """The 施行 clause: the first one that names this document (本办法…), else the last one."""
        candidates = []
        for sentence in doc.spans["sentences"]:
            text = sentence.text
            found = EFFECTIVE_RELATIVE.search(text) or EFFECTIVE_ABSOLUTE.search(text) or EFFECTIVE_FIELD.search(text)
            if found:
                candidates.append((sentence, found))
        if not candidates:
            return None
        own = [c for c in candidates if OWN_CLAUSE.search(c[0].text)]
        sentence, found = own[0] if own else candidates[-1]
        relative = found.re is EFFECTIVE_RELATIVE
        span = doc.char_span(sentence.start_char + found.start(), sentence.start_char + found.end(),
                             alignment_mode="expand")
        effective_day: date | None = None
        if not relative:
            effective_day = parse_date(found.group("date"))
        elif base_date:
            days = found.group("days")
            offset = int(days) if days and days.isdigit() else parse_number(days) if days else 0
            effective_day = date.fromisoformat(base_date[1].iso) + timedelta(days=offset)
        evidence.append(ctx.fact(span, "effective", relative=relative, text=found.group(0)))
        if effective_day:
            base = date.fromisoformat(base_date[1].iso) if base_date else None
            gap = {"days_after_written": (effective_day - base).days} if base else {}
            evidence.append(ctx.fact(span, "date", role="effective", text=found.group(0),
                                     iso=effective_day.isoformat(), day=effective_day.toordinal(), **gap))
        return effective_day

    def _validity(self, ctx, doc: Doc, start: date | None, provisional: bool,
                  evidence: list[dict], summary: dict) -> None:
        for span in doc.spans["entities"]:
            if span.label_ != "VALIDITY":
                continue
            sentence_text = ctx.sentence_of(span)
            if not OWN_VALIDITY_CONTEXT.search(sentence_text):
                continue
            match = span._.value
            years = _validity_years(match, start)
            fields = {"text": match.text, "provisional": provisional}
            if years is not None:
                fields["years"] = float(round(years, 3))
                summary.setdefault("validity_years", fields["years"])
            end = match.end_date_iso or _validity_end(match, start)
            if end:
                summary.setdefault("validity_end", end)
            evidence.append(ctx.fact(span, "validity", **fields))

    def _citations(self, ctx, doc: Doc, evidence: list[dict], as_of: date) -> None:
        for span in doc.spans["entities"]:
            if span.label_ != "CITATION":
                continue
            match = span._.value
            sentence = ctx.sentence_of(span)
            before = sentence[:max(sentence.find(match.text), 0)]
            clause = re.split(r"[，。；：,;]", before)[-1]
            fields = {"text": match.text, "title": match.title, "law_name": match.law_name,
                      # 裁量基准》第八项 names a provision as precisely as 第五十七条 does.
                      "has_article": match.article is not None or bool(PROVISION_AFTER.match(
                          sentence[sentence.find(match.text) + len(match.text):] if match.text in sentence else "")),
                      "cited_as_basis": bool(BASIS_VERB.search(clause))}
            for part in ("article", "paragraph", "item"):
                if getattr(match, part) is not None:
                    fields[part] = getattr(match, part)
            status = self.laws.lookup(match.title)
            if status is not None and status.status == "repealed":
                fields["repealed_day"] = status.repealed_on.toordinal() if status.repealed_on else 1
                fields["days_since_repeal"] = as_of.toordinal() - fields["repealed_day"]
                fields["repealed_on"] = status.repealed_on.isoformat() if status.repealed_on else "早已"
                fields["replaced_by"] = status.replaced_by or "新法"
            evidence.append(ctx.fact(span, "citation", **fields))

    @staticmethod
    def _phrases(ctx, doc: Doc, evidence: list[dict], title_paragraphs: set[int]) -> None:
        # A sentence that denies a signal is about its absence, wherever else it names it:
        # "第11件“专家论证意见”：经核实，本事项未组织专家论证" (but not a deed dated in its own clause).
        lexicon = load_lexicon()
        by_sentence = {f"signal:{name}" for name in lexicon.procedure_signals}
        denied = {(span.label_, ctx.sentence_of(span)) for span in doc.spans["phrases"]
                  if span.label_ in by_sentence and span._.negated}
        for span in doc.spans["phrases"]:
            if span.label_.startswith("signal:"):
                whole_sentence = ctx.sentence_of(span)
                sentence = HEADING_NUMBER.sub("", whole_sentence).strip("。：: ")
                # A heading names a topic ("二、专家论证情况"): the words alone, or with a few more.
                # A form's field ("会议名称：……第18次常务会议") is a record, not a heading.
                heading = ((sentence == span.text or len(sentence) <= len(span.text) + 4)
                           and not re.search(r"[，,。；;：:]", sentence))
                topic = lexicon.topic_around.replace("{phrase}", re.escape(span.text))
                heading = heading or bool(topic and re.search(topic, whole_sentence))
                # The title names the paper's matter ("关于提请对《……》进行合法性审查的函"), as a heading does.
                heading = heading or ctx.paragraph_of(span).index in title_paragraphs
                # A dated deed in its own clause stays a record ("该镇仅于2021年5月10日至5月19日……发布征求
                # 意见公告，……也未召开经营户座谈会或听证会" held a comment period, though no forum).
                negated = span._.negated or ((span.label_, whole_sentence) in denied
                                             and not find_dates(ctx.clause_of(span)))
                evidence.append(ctx.fact(span, "signal", name=span.label_[len("signal:"):],
                                         negated=negated, quoted=span._.quoted, planned=span._.planned,
                                         heading=heading))
            else:
                evidence.append(ctx.fact(span, "phrase", rule=span.label_, text=span.text,
                                         negated=span._.negated, quoted=span._.quoted))


# "《劳动保障监察条例》（国务院令第423号）第二十五条": a note may stand between the title and its article.
PROVISION_AFTER = re.compile(r"\s*(?:[（(][^）)]{1,20}[）)])?\s*第[一二三四五六七八九十百零〇\d]+[条款项目]")
DEFERRED = re.compile(r"另行(?:出具|下达|确定|约定|通知)[^。；]{0,20}(?:为准|确定)|届时(?:书面)?通知")
FILL_IN = re.compile(r"_{3,}|＿{2,}|…{4,}")


def _mark_unfilled(evidence: list[dict], paragraphs: list[Paragraph]) -> None:
    """Signal facts get `blank`: their sentence is a fill-in left empty ("租赁期限自____年起"), or,
    for a clause heading, the clause's first line is. When the clause meant to hold an element is
    left empty, every mention of that element counts as empty ("就下列委托事项…" then a blank 委托事项)."""
    empty_names = set()
    for fact in evidence:
        if fact["t"] != "signal":
            continue
        text = fact.get("excerpt", "")
        if fact.get("heading") and fact["para"] + 1 < len(paragraphs):
            text = paragraphs[fact["para"] + 1].text
        # Left empty: a fill-in, or a clause that defers to a paper issued later ("以另行出具的委托书为准"),
        # with nothing concrete beside it (a figure or a date).
        empty = FILL_IN.search(text) or (fact.get("heading") and DEFERRED.search(text))
        fact["blank"] = bool(empty) and not re.search(r"\d", text) and not find_dates(text)
        if fact["blank"] and fact.get("heading"):
            empty_names.add(fact["name"])
    for fact in evidence:
        if fact["t"] == "signal" and fact["name"] in empty_names:
            fact["blank"] = True


class _Positions:
    """Places spans of the joined text back in their paragraphs."""

    def __init__(self, paragraphs: list[Paragraph], index: OffsetIndex, clauses: dict[int, str], doc: Doc):
        self.paragraphs, self.index, self.clauses, self.doc = paragraphs, index, clauses, doc
        self.sentences = list(doc.spans["sentences"])
        self.sentence_starts = [sentence.start_char for sentence in self.sentences]
        text = text_of(doc)
        self.text = text
        self.sentence_texts = [text[s.start_char:s.end_char].strip() for s in self.sentences]

    def clause_of(self, span: Span) -> str:
        """The clause holding `span`: its sentence cut at the ，；： around it."""
        position = bisect_right(self.sentence_starts, span.start_char) - 1
        if position < 0:
            return span.text
        sentence = self.sentences[position]
        before = self.text[sentence.start_char:span.start_char]
        after = self.text[span.end_char:sentence.end_char]
        return re.split(r"[，；：,;:]", before)[-1] + span.text + re.split(r"[，；,;]", after)[0]

    def sentence_of(self, span: Span) -> str:
        position = bisect_right(self.sentence_starts, span.start_char) - 1
        if position < 0:
            return ""
        return self.sentence_texts[position]

    def paragraph_of(self, span: Span) -> Paragraph:
        return self.paragraphs[self.index.locate(span.start_char)[0]]

    def spans_in(self, doc: Doc, label: str, paragraph_index: int) -> list[Span]:
        return [s for s in doc.spans["entities"]
                if s.label_ == label and self.paragraph_of(s).index == paragraph_index]

    def fact(self, span: Span, fact_type: str, **fields) -> dict:
        position, offset = self.index.locate(span.start_char)
        paragraph = self.paragraphs[position]
        sentence = self.sentence_of(span) or paragraph.text
        fact = {"t": fact_type, "para": paragraph.index, "start": offset,
                "end": offset + len(span.text), "excerpt": sentence[:EXCERPT_LIMIT]}
        if paragraph.page is not None:
            fact["page"] = paragraph.page
        clause = self.clauses.get(paragraph.index)
        if clause:
            fact["clause"] = clause
        fact.update(fields)
        return fact


def _validity_years(match, start: date | None) -> Decimal | None:
    if match.years is not None:
        return Decimal(match.years)
    if match.months is not None:
        return Decimal(match.months) / 12
    if match.end_date_iso and start:
        return _years_between(start, date.fromisoformat(match.end_date_iso))
    return None


def _years_between(start: date, end: date) -> Decimal:
    """Years from `start` to the day after `end`: 2020-06-01 .. 2025-05-31 is exactly 5."""
    stop = end + timedelta(days=1)
    whole = stop.year - start.year
    if (stop.month, stop.day) < (start.month, start.day):
        whole -= 1
    anchor = _add_years(start, whole)
    return Decimal(whole) + Decimal((stop - anchor).days) / Decimal(365)


def _validity_end(match, start: date | None) -> str | None:
    """The last day of a validity given as a length: 5 years from 2021-07-01 ends on 2026-06-30."""
    months = match.years * 12 if match.years is not None else match.months
    if start is None or months is None or months != int(months):
        return None
    return (_add_months(start, int(months)) - timedelta(days=1)).isoformat()


def _add_years(day: date, years: int) -> date:
    return _add_months(day, 12 * years)


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    try:
        return day.replace(year=year, month=month)
    except ValueError:  # 29 February, or the 31st of a shorter month
        return day.replace(year=year, month=month, day=28)
