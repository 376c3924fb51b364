"""The spaCy pipeline: a blank Chinese pipeline plus lawlint's rule-based components.

Components (registered by name, configured from data):
- ``lawlint_sentences`` starts a sentence after 。！？ (closing quotes stay with it) and at every
  line start — spaCy's own sentencizer would glue an opening "（" of the next item to the sentence
  before — and keeps them in ``doc.spans["sentences"]``;
- ``lawlint_entities`` marks 发文字号, dates, amounts, validity periods and law citations as
  spans in ``doc.spans["entities"]``, each with its normalised value in ``span._.value``;
- ``lawlint_phrases`` marks rule phrases and named signals in ``doc.spans["phrases"]``, with
  ``span._.negated`` / ``span._.quoted`` / ``span._.planned`` from the clause and sentence around them.
Regexes run in Python ``re`` on ``doc.text`` and the spans are made with ``char_span``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy

from checkers.extract.amounts import find_amounts
from checkers.extract.citations import find_citations
from checkers.extract.dates import find_dates
from checkers.extract.docno import find_docnos
from checkers.extract.durations import find_validity
from checkers.lexicon import Lexicon, load_lexicon
from checkers.spacy_import import SENT_START, Doc, Language, Span, SpanGroup, spacy

for _name, _default in (("value", None), ("negated", False), ("quoted", False), ("planned", False)):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=_default)

ENTITY_FINDERS: dict[str, Callable[[str], Iterable]] = {
    "DOCNO": find_docnos,
    "DATE": find_dates,
    "AMOUNT": find_amounts,
    "VALIDITY": find_validity,
    "CITATION": find_citations,
}


def _add_span(doc: Doc, group: SpanGroup, start: int, end: int, label: str) -> Span | None:
    # The char segmenter makes one token per character, so strict alignment always succeeds;
    # "expand" keeps other segmenters working (the regex offsets stay the source of truth).
    span = doc.char_span(start, end, label=label, alignment_mode="expand")
    if span is not None:
        group.append(span)
    return span


CLOSERS = "”’」』）)》"


TEXT_KEY = "lawlint_text"


class CharTokenizer:
    """One token per character, like spaCy's ``char`` segmenter for Chinese.

    The zh tokenizer's alignment step copies the remaining text once per token, which is
    quadratic: 4 s for 300k characters. Building the Doc from the characters directly is linear
    and gives the same tokens, so regex offsets and token offsets coincide.
    """

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        doc = Doc(self.vocab, words=list(text), spaces=[False] * len(text))
        doc.user_data[TEXT_KEY] = text
        return doc


def text_of(doc: Doc) -> str:
    """The document text; ``Doc.text`` rebuilds it from every token on each access."""
    return doc.user_data.get(TEXT_KEY) or doc.text


def sentence_bounds(text: str, enders: str) -> list[tuple[int, int]]:
    """Sentences as (start, end) offsets: after 。！？ (closing quotes stay) and at every line end."""
    bounds: list[tuple[int, int]] = []
    start = 0
    position = 0
    length = len(text)
    while position < length:
        char = text[position]
        if char == "\n" or char in enders:
            end = position + 1
            if char != "\n":
                while end < length and text[end] in CLOSERS:
                    end += 1
            if text[start:end].strip():
                bounds.append((start, end))
            start = position = end
            continue
        position += 1
    if text[start:].strip():
        bounds.append((start, length))
    return bounds


@Language.factory("lawlint_sentences", default_config={"enders": "。！？!?"})
def make_sentences(nlp: Language, name: str, enders: str) -> Callable[[Doc], Doc]:
    def mark_sentences(doc: Doc) -> Doc:
        bounds = sentence_bounds(text_of(doc), enders)
        group = SpanGroup(doc, name="sentences")
        starts = numpy.full((len(doc), 1), -1, dtype="int64")
        for start, end in bounds:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                group.append(span)
                starts[span.start, 0] = 1
        if len(doc):
            starts[0, 0] = 1
            # One bulk write: setting token.is_sent_start one by one re-scans the doc every time.
            doc.from_array([SENT_START], starts.astype("uint64"))
        doc.spans["sentences"] = group
        return doc

    return mark_sentences


@Language.factory("lawlint_entities", default_config={"labels": list(ENTITY_FINDERS)})
def make_entities(nlp: Language, name: str, labels: list[str]) -> Callable[[Doc], Doc]:
    finders = {label: ENTITY_FINDERS[label] for label in labels}

    def mark_entities(doc: Doc) -> Doc:
        group = SpanGroup(doc, name="entities")
        for label, finder in finders.items():
            for match in finder(text_of(doc)):
                span = _add_span(doc, group, match.start, match.end, label)
                if span is not None:
                    span._.value = match
        doc.spans["entities"] = group
        return doc

    return mark_entities


@dataclass(frozen=True)
class PhraseSet:
    """Regexes that mark one rule's phrase (or one named signal) and the ones that cancel it."""

    key: str
    patterns: tuple[re.Pattern, ...]
    exclude: tuple[re.Pattern, ...] = ()
    context: bool = True  # whether negation/quotation is judged for this phrase

    @classmethod
    def from_config(cls, config: dict) -> PhraseSet:
        return cls(
            key=config["key"],
            patterns=tuple(re.compile(p) for p in config["patterns"]),
            exclude=tuple(re.compile(p) for p in config.get("exclude", [])),
            context=config.get("context", True),
        )


# Anchors and lookarounds see past a sentence's edges in the whole text, so a pattern using them
# is always searched sentence by sentence.
CONTEXT_SENSITIVE = re.compile(r"\^|\$|\(\?<?[=!]|\\[bBAZ]")


def _may_match(pattern: re.Pattern, text: str) -> bool:
    return bool(CONTEXT_SENSITIVE.search(pattern.pattern)) or pattern.search(text) is not None


def _clause_prefix(text: str, sentence_start: int, start: int, clause_end: str) -> str:
    prefix = text[sentence_start:start]
    cut = max(prefix.rfind(ch) for ch in clause_end)
    return prefix[cut + 1:]


def judge_context(text: str, sentence_start: int, sentence_end: int, start: int, end: int,
                  lexicon: Lexicon, record: bool = False) -> tuple[bool, bool, bool]:
    """Whether the phrase at [start, end) is negated, quoted from a higher law, or only planned.

    For a `record` (a procedure signal) a law cited in an earlier clause is the authority for the
    deed, not a quotation: only a citation in its own clause, or the law's quoted words, make it one.
    """
    clause = _clause_prefix(text, sentence_start, start, lexicon.clause_end)
    sentence_prefix = text[sentence_start:start]
    suffix = text[end:sentence_end]
    negated = (any(p.search(clause) for p in lexicon.negation_prefix)
               or any(p.search(sentence_prefix) for p in lexicon.negation_sentence_prefix)
               or any(p.search(suffix) for p in lexicon.negation_suffix))
    cited_before = (any(p.search(clause) for p in lexicon.quotation_prefix)
                    or any(p.search(sentence_prefix) for p in lexicon.record_quotation_prefix)) if record \
        else any(p.search(sentence_prefix) for p in lexicon.quotation_prefix)
    # A record's own clause decides ("…出具《合法性审查意见书》，认为《方案》依据《条例》第九条的授权作出"
    # cites the law for the matter reviewed, not for the review).
    handed_on = re.split(r"[，；,;]", suffix)[0] if record else suffix
    quoted = cited_before or any(p.search(handed_on) for p in lexicon.quotation_suffix)
    planned = ((any(p.search(clause) for p in lexicon.plan_prefix)
                or any(p.search(sentence_prefix) for p in lexicon.plan_sentence_prefix)
                or any(p.search(suffix) for p in lexicon.plan_suffix))
               and not any(p.search(suffix) for p in lexicon.done_suffix)
               or any(p.search(suffix) for p in lexicon.unfinished_suffix))
    return negated, quoted, planned


@Language.factory("lawlint_phrases", default_config={"phrase_sets": []})
def make_phrases(nlp: Language, name: str, phrase_sets: list) -> Callable[[Doc], Doc]:
    lexicon = load_lexicon()
    sets = [PhraseSet.from_config(config) for config in phrase_sets]
    records = {f"signal:{name}" for name in lexicon.procedure_signals}

    def mark_phrases(doc: Doc) -> Doc:
        group = SpanGroup(doc, name="phrases")
        text = text_of(doc)
        # Patterns that cannot match anywhere in the text cannot match in any sentence of it:
        # one search over the whole text spares most of the per-sentence searches.
        live = [(phrase_set, [p for p in phrase_set.patterns if _may_match(p, text)]) for phrase_set in sets]
        live = [(phrase_set, patterns) for phrase_set, patterns in live if patterns]
        for sentence in doc.spans["sentences"]:
            s_start, s_end = sentence.start_char, sentence.end_char
            sentence_text = text[s_start:s_end]
            for phrase_set, patterns in live:
                if any(p.search(sentence_text) for p in phrase_set.exclude):
                    continue
                seen: set[int] = set()
                for pattern in patterns:
                    for match in pattern.finditer(sentence_text):
                        if match.start() in seen:
                            continue
                        seen.add(match.start())
                        start, end = s_start + match.start(), s_start + match.end()
                        span = _add_span(doc, group, start, end, phrase_set.key)
                        if span is not None and phrase_set.context:
                            span._.negated, span._.quoted, span._.planned = judge_context(
                                text, s_start, s_end, start, end, lexicon, phrase_set.key in records)
        doc.spans["phrases"] = group
        return doc

    return mark_phrases


def build_pipeline(phrase_sets: list[dict]) -> Language:
    """A blank ``zh`` pipeline with the sentencizer and lawlint's components.

    `phrase_sets` are plain dicts ({key, patterns, exclude, context}) so that the pipeline
    config stays serialisable; the lexicon's signals are added as ``signal:NAME`` sets.
    """
    lexicon = load_lexicon()
    nlp = spacy.blank("zh")
    nlp.tokenizer = CharTokenizer(nlp.vocab)
    nlp.add_pipe("lawlint_sentences")
    nlp.add_pipe("lawlint_entities")
    signal_sets = [
        {"key": f"signal:{name}", "patterns": [p.pattern for p in pats],
         "exclude": [p.pattern for p in lexicon.signal_excludes[name]],
         "context": name in lexicon.signals_with_context}
        for name, pats in lexicon.signals.items()
    ]
    nlp.add_pipe("lawlint_phrases", config={"phrase_sets": [*signal_sets, *phrase_sets]})
    return nlp
