"""Precision and recall of every rule against documents with sidecar expectations.

    python scripts/evaluate.py corpus/ [eval/ ...]

A sidecar `NAME.expect.yaml` beside `NAME.<ext>` lists the exact rule IDs (`rules`) that must
fire. A fired rule that is listed is a true positive, one that is not is a false positive, a
listed rule that did not fire is a false negative. Prints a table per rule and the totals by family.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from checkers.checker import default_checker  # noqa: E402
from checkers.parsing import SUPPORTED_SUFFIXES  # noqa: E402
from checkers.rule_yaml import load_yaml  # noqa: E402
from checkers.runner import check_file  # noqa: E402


def cases(folder: Path):
    for sidecar in sorted(folder.rglob("*.expect.yaml")):
        stem = sidecar.name[: -len(".expect.yaml")]
        try:
            expect = load_yaml(sidecar)
        except yaml.YAMLError as error:
            print(f"unreadable sidecar {sidecar}: {str(error).splitlines()[0]}", file=sys.stderr)
            continue
        for candidate in sidecar.parent.glob(stem + ".*"):
            if candidate.suffix.lower() in SUPPORTED_SUFFIXES:
                yield candidate, expect


def ratio(numerator: int, denominator: int) -> str:
    return f"{numerator / denominator:.3f}" if denominator else "  -  "


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--verbose", action="store_true", help="print every false positive and negative")
    args = parser.parse_args()
    checker = default_checker()
    tp, fp, fn = Counter(), Counter(), Counter()
    documents = 0
    for folder in args.folders:
        for path, expect in cases(folder):
            documents += 1
            result = check_file(str(path), checker)
            if result.error:  # an error is not a clean result: say so, whatever --verbose says
                print(f"ERROR {path.name}: {result.error}", file=sys.stderr)
            fired = {f.rule for f in result.findings}
            wanted = set(expect.get("rules") or [])
            for rule in fired & wanted:
                tp[rule] += 1
            for rule in fired - wanted:
                fp[rule] += 1
                if args.verbose:
                    excerpts = [f.excerpt[:60] for f in result.findings if f.rule == rule]
                    print(f"FP {rule:32} {path.name}: {excerpts}")
            for rule in wanted - fired:
                fn[rule] += 1
                if args.verbose:
                    print(f"FN {rule:32} {path.name}")
            if args.verbose and result.kind != expect.get("kind"):
                print(f"KIND {path.name}: {result.kind} != {expect.get('kind')}")
    rules = sorted(set(tp) | set(fp) | set(fn))
    print(f"{documents} documents")
    print(f"{'rule':34} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>9} {'recall':>7}")
    for rule in rules:
        print(f"{rule:34} {tp[rule]:4} {fp[rule]:4} {fn[rule]:4} {ratio(tp[rule], tp[rule] + fp[rule]):>9} "
              f"{ratio(tp[rule], tp[rule] + fn[rule]):>7}")
    for family in sorted({r.split(".")[0] for r in rules}):
        t = sum(v for r, v in tp.items() if r.startswith(family + "."))
        p = sum(v for r, v in fp.items() if r.startswith(family + "."))
        n = sum(v for r, v in fn.items() if r.startswith(family + "."))
        print(f"{family + '.*':34} {t:4} {p:4} {n:4} {ratio(t, t + p):>9} {ratio(t, t + n):>7}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
