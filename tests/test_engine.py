"""The durable_rules engine: compilation of the vocabulary, absence, joins, and isolation between documents."""

from __future__ import annotations

import pytest

from checkers.compiler import compile_rules
from checkers.engine import RuleEngine
from checkers.rule_yaml import DuplicateKeyError
from checkers.rulebook import Rule, RuleError, load_rule_file


def make_rule(rule_id: str, when: list, settings: dict | None = None) -> Rule:
    return Rule(id=rule_id, kinds=("normative",), severity="error", message="m", basis="b",
                suggestion="s", when=when, settings=settings or {},
                examples={"fire": ["x"], "quiet": ["y"]})


DOC = {"t": "doc", "kind": "normative", "provisional": False, "as_of_day": 737000, "title": "t"}


@pytest.fixture(scope="module")
def engine():
    rules = [
        make_rule("test.lacks-docno", [{"lacks": "docno", "where": {"own": True}}]),
        make_rule("test.soon", [
            {"has": "date", "as": "written", "where": {"role": "written"}},
            {"has": "date", "as": "effective",
             "where": {"role": "effective", "day": {"lt": {"ref": "written.day", "plus": {"setting": "gap"}}}}},
        ], settings={"gap": 30}),
        make_rule("test.regex", [{"has": "docno", "where": {"text": {"matches": r"〔\d{4}〕0\d+号"}}}]),
        make_rule("test.any", [{"has": "validity", "where": {"any": [
            {"provisional": False, "years": {"gt": 5}}, {"provisional": True, "years": {"gt": 2}}]}}]),
    ]
    return RuleEngine(rules)


def fired(engine, evidence, doc=DOC):
    return sorted({a.rule for a in engine.evaluate(evidence, doc)})


def test_absence_fires_only_when_no_matching_fact(engine):
    assert fired(engine, []) == ["test.lacks-docno"]
    assert fired(engine, [{"t": "docno", "own": False, "text": "国发〔2019〕5号"}]) == ["test.lacks-docno"]
    assert fired(engine, [{"t": "docno", "own": True, "text": "国发〔2019〕5号"}]) == []


def test_day_arithmetic_boundary(engine):
    written = {"t": "date", "role": "written", "day": 1000}
    own = {"t": "docno", "own": True, "text": "x〔2019〕5号"}
    assert fired(engine, [own, written, {"t": "date", "role": "effective", "day": 1029}]) == ["test.soon"]
    assert fired(engine, [own, written, {"t": "date", "role": "effective", "day": 1030}]) == []


def test_regex_probe_and_alternatives(engine):
    assert "test.regex" in fired(engine, [{"t": "docno", "own": True, "text": "瓯政发〔2019〕012号"}])
    assert "test.regex" not in fired(engine, [{"t": "docno", "own": True, "text": "瓯政发〔2019〕12号"}])
    own = {"t": "docno", "own": True, "text": "x〔2019〕5号"}
    assert "test.any" in fired(engine, [own, {"t": "validity", "provisional": True, "years": 3.0}])
    assert "test.any" not in fired(engine, [own, {"t": "validity", "provisional": False, "years": 3.0}])
    assert "test.any" in fired(engine, [own, {"t": "validity", "provisional": False, "years": 5.5}])


def test_kinds_restrict_rules(engine):
    assert fired(engine, [], doc=dict(DOC, kind="contract")) == []


def test_no_state_leaks_between_documents(engine):
    for _ in range(50):
        assert fired(engine, [{"t": "docno", "own": True, "text": "国发〔2019〕5号"}]) == []
        assert fired(engine, []) == ["test.lacks-docno"]


def test_bad_vocabulary_is_refused():
    with pytest.raises(RuleError, match="unknown operator"):
        compile_rules([make_rule("bad.op", [{"has": "docno", "where": {"own": {"about": 1}}}])])
    with pytest.raises(RuleError, match="setting 'nope'"):
        compile_rules([make_rule("bad.setting", [{"has": "date", "where": {"day": {"lt": {"setting": "nope"}}}}])])


def test_a_key_given_twice_in_a_rule_file_is_refused_with_its_lines(tmp_path):
    # Plain YAML keeps the second `quiet:` and drops the first list of examples without a word.
    rule_file = tmp_path / "twice.yaml"
    rule_file.write_text(
        "rules:\n  - id: test.twice\n    examples:\n      quiet:\n        - a\n      quiet:\n        - b\n",
        encoding="utf-8")
    with pytest.raises(DuplicateKeyError, match=r"twice.yaml: key 'quiet' given twice.*lines 4 and 6"):
        load_rule_file(rule_file)


CRASHED_BEFORE = """
import sys
sys.path.insert(0, {tests!r})
from helpers import document_from_text
from checkers.checker import default_checker
text = ("瓯江区政府合同管理办法\\n瓯政发〔2019〕3号\\n"
        "第一条 根据《中华人民共和国合同法》等有关规定，制定本办法。\\n瓯江区人民政府\\n2019年3月1日")
result = default_checker().check(document_from_text(text))
print(sorted({{f.rule for f in result.findings}}))
"""


@pytest.mark.parametrize("seed", ["0", "4", "6"])
def test_no_segfault_whatever_the_hash_seed(seed, tmp_path):
    # With a join on another fact's value ({ref: doc.as_of_day}) durable_rules 2.0.28 crashed on this
    # document in about 3 processes out of 8, depending on PYTHONHASHSEED; these seeds crashed.
    import os
    import subprocess
    import sys

    from helpers import REPO

    script = CRASHED_BEFORE.format(tests=str(REPO / "tests"))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          cwd=REPO, env={**os.environ, "PYTHONHASHSEED": seed})
    assert done.returncode == 0, done.stderr[-500:]
    assert "norm.citation-repealed" not in done.stdout
