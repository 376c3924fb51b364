"""Build rules/laws/law_status.tsv, one status row per law name, for `norm.citation-repealed`.

Inputs: the public law index (national.tsv, zhejiang.tsv; outside the repository) and
rules/laws/repealed_curated.tsv. Usage: python scripts/build_law_table.py [LAWS_DIR]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
# Run as a plain script, the repository root is not on sys.path; the table must be keyed
# by the very normalisation the checker applies to citations.
sys.path.insert(0, str(REPO_ROOT))

from checkers.laws import (  # noqa: E402
    IN_FORCE,
    LAW_STATUS_COLUMNS,
    REPEALED,
    normalise_law_name,
    read_tsv,
)

DEFAULT_LAWS_DIR = REPO_ROOT.parent / "shared" / "data" / "laws"
DEFAULT_CURATED = REPO_ROOT / "rules" / "laws" / "repealed_curated.tsv"
DEFAULT_OUTPUT = REPO_ROOT / "rules" / "laws" / "law_status.tsv"
INDEX_FILES = ("national.tsv", "zhejiang.tsv")
# Case write-ups and how-to articles sit in the index but are not legal instruments.
NOT_INSTRUMENTS = {"案例", "其他"}
# The index files the Civil Code by part ("民法典 总则", "民法典 合同编"); citations name the code.
CODE_PART = re.compile(r"^(?P<code>\S+法典)\s+\S*(?:编|总则|附则)$")


def read_index(laws_dir: Path) -> dict[str, list[dict[str, str]]]:
    """Index version rows grouped by normalised law name."""
    versions: dict[str, list[dict[str, str]]] = defaultdict(list)
    for file_name in INDEX_FILES:
        for row in read_tsv(laws_dir / file_name):
            if row["level"] in NOT_INSTRUMENTS:
                continue
            name = normalise_law_name(CODE_PART.sub(r"\g<code>", row["name"]))
            versions[name].append(row)
    return versions


def index_status(name: str, versions: list[dict[str, str]]) -> dict[str, str]:
    """One table row from all index versions of a law."""
    published = [v["publish"] for v in versions if v["publish"]]
    valid_from = [v["valid_from"] for v in versions if v["valid_from"]]
    # One in-force version keeps the law alive: a citation names the law, not a version.
    all_expired = all(v["expired"] == "1" for v in versions)
    return {
        "name": name,
        "level": "/".join(sorted({v["level"] for v in versions})),
        "first_published": min(published, default=""),
        "latest_valid_from": max(valid_from, default=""),
        "status": REPEALED if all_expired else IN_FORCE,
        "repealed_on": "",  # the index records that a version expired, never when
        "replaced_by": "",
        "source": "index-all-expired" if all_expired else "index",
    }


def read_curated(path: Path) -> dict[str, dict[str, str]]:
    """Curated repeals by name, rejecting rows a lookup could never match or date."""
    curated: dict[str, dict[str, str]] = {}
    for row in read_tsv(path):
        name = row["name"]
        short = normalise_law_name(name)
        if name != short:
            raise ValueError(f"{path}: {name!r} is not in short form ({short!r})")
        if name in curated:
            raise ValueError(f"{path}: {name!r} listed twice")
        date.fromisoformat(row["repealed_on"])
        if not row["note"]:
            raise ValueError(f"{path}: {name!r} has no source note")
        curated[name] = row
    return curated


def current_successor(replaced_by: str, curated: dict[str, dict[str, str]]) -> str:
    """Follow replacements that were themselves replaced (经济合同法 → 合同法 → 民法典)."""
    seen: set[str] = set()
    while replaced_by in curated and curated[replaced_by]["replaced_by"]:
        if replaced_by in seen:
            raise ValueError(f"replacement cycle through {replaced_by!r}")
        seen.add(replaced_by)
        replaced_by = curated[replaced_by]["replaced_by"]
    return replaced_by


def build_table(laws_dir: Path, curated_path: Path) -> list[dict[str, str]]:
    """Table rows sorted by name; curated repeals override whatever the index says."""
    table = {name: index_status(name, rows) for name, rows in read_index(laws_dir).items()}
    curated = read_curated(curated_path)
    for name, repeal in curated.items():
        row = table.get(name) or {column: "" for column in LAW_STATUS_COLUMNS}
        if row["status"] == IN_FORCE:
            print(f"note: curated repeal overrides in-force index entry {name}", file=sys.stderr)
        row.update(
            name=name,
            status=REPEALED,
            repealed_on=repeal["repealed_on"],
            replaced_by=current_successor(repeal["replaced_by"], curated),
            source="curated",
        )
        table[name] = row
    for row in table.values():
        successor = table.get(row["replaced_by"]) if row["replaced_by"] else None
        if row["replaced_by"] and (successor is None or successor["status"] != IN_FORCE):
            raise ValueError(f"{row['name']!r}: successor {row['replaced_by']!r} is not in force")
    return [table[name] for name in sorted(table)]


def write_table(rows: list[dict[str, str]], output: Path) -> None:
    lines = ["\t".join(LAW_STATUS_COLUMNS)]
    for row in rows:
        values = [row[column] for column in LAW_STATUS_COLUMNS]
        if any(re.search(r"[\t\r\n]", value) for value in values):
            raise ValueError(f"tab or newline inside a field of {row['name']!r}")
        lines.append("\t".join(values))
    output.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("laws_dir", nargs="?", type=Path, default=DEFAULT_LAWS_DIR,
                        help="folder holding national.tsv and zhejiang.tsv")
    parser.add_argument("--curated", type=Path, default=DEFAULT_CURATED)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    if not args.laws_dir.is_dir():
        parser.error(f"law index folder not found: {args.laws_dir}")
    rows = build_table(args.laws_dir, args.curated)
    write_table(rows, args.output)
    repealed = [row for row in rows if row["status"] == REPEALED]
    curated = sum(row["source"] == "curated" for row in repealed)
    print(f"wrote {len(rows)} rows to {args.output}: {len(repealed)} repealed "
          f"({curated} curated, {len(repealed) - curated} index-all-expired)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
