"""Law status table: is a cited law, regulation or rule repealed, and since when.

Backs `norm.citation-repealed`. The table (rules/laws/law_status.tsv) is built by
scripts/build_law_table.py from a public law index plus rules/laws/repealed_curated.tsv.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from checkers.lexicon import RULES_DIR

DEFAULT_TABLE_PATH = RULES_DIR / "laws" / "law_status.tsv"

LAW_STATUS_COLUMNS = (
    "name",
    "level",
    "first_published",
    "latest_valid_from",
    "status",
    "repealed_on",
    "replaced_by",
    "source",
)

IN_FORCE = "in_force"
REPEALED = "repealed"

_PRC = "中华人民共和国"
# NFKC turns full-width brackets into ASCII ones; the law index writes them full-width.
_TO_FULL_WIDTH_PARENS = str.maketrans({"(": "（", ")": "）"})
# Titles nested inside a title are written 〈〉 in careful text, <> or 《》 in careless text.
_INNER_QUOTES = str.maketrans({"〈": "《", "〉": "》", "<": "《", ">": "》"})
_WHITESPACE = re.compile(r"\s+")
# A trailing bracket holding a year or 修订/修正/修改 names a version, not a different law:
# （2021年修订）, （2017修正）, （2018年）. （试行）, （一）, （二） carry no year or keyword and
# stay, because 企业破产法（试行） and 企业破产法 are different laws.
_VERSION_NOTE = re.compile(r"（[^（）]*(?:\d{4}|修订|修正|修改)[^（）]*）$")


def _wrapped_in_title_marks(name: str) -> bool:
    """True when the first 《 closes at the very last character (so 《A》和《B》 is not)."""
    if not (name.startswith("《") and name.endswith("》")):
        return False
    depth = 0
    for position, char in enumerate(name):
        depth += {"《": 1, "》": -1}.get(char, 0)
        if depth == 0:
            return position == len(name) - 1
    return False


def normalise_law_name(title: str) -> str:
    """Reduce a cited title to the short form the table is keyed by.

    《中华人民共和国行政处罚法（2021年修订）》 → 行政处罚法. Keeps （试行） and numbered
    parts such as （二）, since those name distinct instruments.
    """
    name = unicodedata.normalize("NFKC", title).translate(_TO_FULL_WIDTH_PARENS)
    name = _WHITESPACE.sub("", name)
    previous = None
    # Version notes may sit inside or outside the title marks, so peel until stable.
    while name != previous:
        previous = name
        name = _VERSION_NOTE.sub("", name)
        if _wrapped_in_title_marks(name):
            name = name[1:-1]
        name = name.removeprefix(_PRC)
    return name.translate(_INNER_QUOTES).replace("《" + _PRC, "《")


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a header-first, tab-separated UTF-8 file; no quoting, as the law files use none."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


@dataclass(frozen=True)
class LawStatus:
    """Status of one law by short name; `source` says which input decided it."""

    name: str
    status: str  # IN_FORCE | REPEALED
    repealed_on: date | None
    replaced_by: str
    source: str = ""  # "index" | "index-all-expired" | "curated"


class LawTable:
    """Lookup from a cited title to its LawStatus."""

    def __init__(self, statuses: dict[str, LawStatus]) -> None:
        self._statuses = statuses

    @classmethod
    def load(cls, path: Path | None = None) -> LawTable:
        """The table at `path`; the committed table (parsed once per process) by default."""
        if path is None:
            return _load_default()
        return cls._parse(Path(path))

    @classmethod
    def _parse(cls, path: Path) -> LawTable:
        statuses: dict[str, LawStatus] = {}
        for row in read_tsv(path):
            statuses[row["name"]] = LawStatus(
                name=row["name"],
                status=row["status"],
                repealed_on=date.fromisoformat(row["repealed_on"]) if row["repealed_on"] else None,
                replaced_by=row["replaced_by"],
                source=row["source"],
            )
        return cls(statuses)

    def __len__(self) -> int:
        return len(self._statuses)

    def lookup(self, title: str) -> LawStatus | None:
        """Status of the law `title` cites, or None when the table does not know it."""
        return self._statuses.get(normalise_law_name(title))

    def is_repealed(self, title: str, on: date) -> LawStatus | None:
        """The status when the cited law was repealed on or before `on`, else None.

        A law the index shows only as expired has no known repeal date; it counts as
        repealed on any date (the table holds it as repealed only when no version of
        that name is in force).
        """
        status = self.lookup(title)
        if status is None or status.status != REPEALED:
            return None
        if status.repealed_on is not None and status.repealed_on > on:
            return None
        return status


@functools.lru_cache(maxsize=1)
def _load_default() -> LawTable:
    return LawTable._parse(DEFAULT_TABLE_PATH)
