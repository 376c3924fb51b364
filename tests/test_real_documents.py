"""Real inputs: the 60 State Council documents and the district's yearly work report in ../shared."""

from __future__ import annotations

import csv

import pytest

from checkers.parsing import parse_file
from helpers import SHARED

GOVCN = SHARED / "real" / "govcn"
SEED = SHARED / "real" / "seed" / "lucheng-2018-rule-of-law-report.txt"
needs_shared = pytest.mark.skipif(
    not GOVCN.is_dir(), reason="../shared/real not present (it is not part of the project)")


def index_rows() -> list[dict]:
    with (GOVCN / "INDEX.tsv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@needs_shared
def test_every_state_council_document_parses_and_raises_no_format_finding(checker):
    rows = index_rows()
    assert len(rows) == 60
    for row in rows:
        path = SHARED / "real" / row["file"]
        result = checker.check(parse_file(path))
        assert result.error is None
        fmt = [(f.rule, f.excerpt) for f in result.findings if f.rule.startswith("fmt.")]
        assert fmt == [], f"{row['file']}: {fmt}"


@needs_shared
def test_own_docno_and_signature_date_are_found(checker):
    for row in index_rows():
        result = checker.check(parse_file(SHARED / "real" / row["file"]))
        if "〔" in row["docno"]:
            assert result.facts.get("docno") == row["docno"], row["file"]


@needs_shared
def test_state_council_notices_are_normative_and_replies_are_not(checker):
    kinds = {row["file"]: checker.check(parse_file(SHARED / "real" / row["file"])).kind for row in index_rows()}
    assert kinds["govcn/01.txt"] == "normative"  # 意见
    assert kinds["govcn/03.txt"] == "normative"  # 通知 that issues a plan
    assert kinds["govcn/14.txt"] == "unknown"  # 批复
    assert kinds["govcn/25.txt"] == "unknown"  # 复函


@needs_shared
def test_seed_work_report_is_unknown_and_unchecked(checker):
    result = checker.check(parse_file(SEED))
    assert result.kind == "unknown"
    assert result.findings == []


@needs_shared
def test_state_council_review_checklist_is_not_a_fee(checker):
    # 国办发〔2018〕115号 lists "是否违法设立…行政收费等事项" as a review question, not a charge.
    result = checker.check(parse_file(GOVCN / "35.txt"))
    assert "norm.sets-fee" not in {f.rule for f in result.findings}


@needs_shared
def test_no_content_rule_fires_on_state_council_documents(checker):
    # The State Council's own documents restate, review and regulate powers; none of them creates a
    # licence, penalty, compulsory measure, charge or burden in the sense of the norm.* content rules.
    content_rules = {"norm.sets-license", "norm.sets-penalty", "norm.sets-compulsion", "norm.sets-fee",
                     "norm.burden-increase", "norm.certificate-demand", "norm.competition-restriction",
                     "norm.citation-repealed"}
    fired = []
    for path in sorted(GOVCN.glob("[0-9]*.txt")):
        result = checker.check(parse_file(path))
        fired += [(path.name, f.rule, f.excerpt[:40]) for f in result.findings if f.rule in content_rules]
    assert fired == []
