"""Runs the whole bundled corpus against its sidecar expectations; any difference fails."""

from __future__ import annotations

from pathlib import Path

from checkers.parsing import SUPPORTED_SUFFIXES
from checkers.rule_yaml import load_yaml
from checkers.runner import check_file
from helpers import REPO

CORPUS = REPO / "corpus"


def corpus_cases() -> list[tuple[Path, dict]]:
    cases = []
    for sidecar in sorted(CORPUS.rglob("*.expect.yaml")):
        stem = sidecar.name[: -len(".expect.yaml")]
        documents = [p for p in sidecar.parent.glob(stem + ".*") if p.suffix.lower() in SUPPORTED_SUFFIXES]
        assert len(documents) == 1, f"{sidecar}: expected one document named {stem}.*, found {documents}"
        cases.append((documents[0], load_yaml(sidecar)))
    return cases


def test_corpus_is_large_and_varied():
    cases = corpus_cases()
    normative = [path for path, expect in cases if expect["kind"] == "normative"]
    assert len(normative) >= 30
    suffixes = {path.suffix for path in normative}
    assert {".txt", ".docx", ".pdf"} <= suffixes
    gb18030 = [p for p in normative if p.suffix == ".txt" and _is_gb18030(p)]
    assert gb18030, "the corpus must hold GB18030-encoded text files"
    contracts = [path for path, expect in cases if expect["kind"] == "contract"]
    assert len(contracts) >= 20
    assert {".txt", ".docx", ".pdf"} <= {path.suffix for path in contracts}
    enforcement = [path for path, expect in cases if expect["kind"] == "enforcement"]
    assert len(enforcement) >= 15 and sum(1 for _, e in cases if e.get("case_file")) >= 5
    assert len([path for path, expect in cases if expect["kind"] == "decision"]) >= 8


def _is_gb18030(path: Path) -> bool:
    raw = path.read_bytes()
    try:
        raw.decode("utf-8")
        return False
    except UnicodeDecodeError:
        raw.decode("gb18030")
        return True


def test_whole_corpus_matches_expectations(checker):
    differences = []
    fired_ids: set[str] = set()
    for path, expect in corpus_cases():
        result = check_file(str(path), checker)
        if result.error:
            differences.append(f"{path.name}: error {result.error}")
            continue
        fired = {f.rule for f in result.findings}
        fired_ids |= fired
        # `known_misses`: rules a correct checker reports here but lawlint does not yet (kept in
        # `rules` so that scripts/evaluate.py counts them); strict, so a fix shows up as a difference.
        known_misses = set(expect.get("known_misses") or [])
        # `known_false_positives`: rules lawlint reports here wrongly (not in `rules`, so
        # scripts/evaluate.py counts them against it); strict too.
        known_false = set(expect.get("known_false_positives") or [])
        wanted = (set(expect.get("rules") or []) - known_misses) | known_false
        traps = set(expect.get("traps") or [])
        if known_false - fired:
            differences.append(f"{path.name}: known false positives no longer fire {sorted(known_false - fired)}: "
                               "update the sidecar")
        if known_misses & fired:
            differences.append(f"{path.name}: known misses now fire {sorted(known_misses & fired)}: update the sidecar")
        if result.kind != expect["kind"]:
            differences.append(f"{path.name}: kind {result.kind}, expected {expect['kind']}")
        if fired != wanted:
            differences.append(f"{path.name}: missing {sorted(wanted - fired)}, unexpected {sorted(fired - wanted)}")
        if "score" in expect and (result.score or {}).get("score") != expect["score"]:
            differences.append(f"{path.name}: score {(result.score or {}).get('score')}, expected {expect['score']}")
        if traps & fired:
            differences.append(f"{path.name}: fell into traps {sorted(traps & fired)}")
    assert not differences, "\n".join(differences)
