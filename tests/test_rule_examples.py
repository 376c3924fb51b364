"""Every rule fires on each of its own 'fire' examples and stays quiet on each 'quiet' one."""

from __future__ import annotations

import pytest

from checkers.rulebook import load_rules
from helpers import document_from_text, fired_rules

CASES = [
    pytest.param(rule, expected, text, id=f"{rule.id}-{expected}-{number}")
    for rule in load_rules()
    for expected in ("fire", "quiet")
    for number, text in enumerate(rule.examples[expected])
]


@pytest.mark.parametrize(("rule", "expected", "text"), CASES)
def test_rule_example(checker, rule, expected, text):
    result = checker.check(document_from_text(text), kind=rule.kinds[0])
    fired = rule.id in fired_rules(result)
    assert fired == (expected == "fire"), (
        f"{rule.id} {'did not fire' if expected == 'fire' else 'fired'} on its {expected} example:\n{text}\n"
        f"findings: {[(f.rule, f.excerpt) for f in result.findings]}"
    )


def test_every_required_check_has_a_rule():
    required = {
        "norm.sets-license", "norm.sets-penalty", "norm.sets-compulsion", "norm.sets-fee",
        "norm.burden-increase", "norm.certificate-demand", "norm.competition-restriction",
        "norm.basis-missing", "norm.number-missing", "norm.effective-date-missing",
        "norm.effective-too-soon", "norm.validity-missing", "norm.validity-too-long",
        "norm.citation-repealed", "fmt.docno-brackets", "fmt.docno-padding", "fmt.date-style",
    }
    assert required <= {rule.id for rule in load_rules()}
