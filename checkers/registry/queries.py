"""Reads the registry: the latest record of every document, with its findings and full result.

A document checked several times appears once, as last recorded. `--period` selects documents by
their own date (成文日期, a contract's signing date, a decision's date), falling back to the day
they were recorded: "2019Q1", "2019-03" or "2019".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from checkers.registry.schema import documents, findings, marks

PERIOD = re.compile(r"^(?P<year>\d{4})(?:[Qq](?P<quarter>[1-4])|-(?P<month>\d{1,2}))?$")


class PeriodError(ValueError):
    """A period that is not 2019Q1, 2019-03 or 2019."""


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    label: str

    def holds(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end


def parse_period(text: str) -> Period:
    match = PERIOD.match(text.strip())
    if not match:
        raise PeriodError(f"期间应写成 2019Q1、2019-03 或 2019 / period must look like 2019Q1, 2019-03 or 2019: {text}")
    year = int(match["year"])
    if match["quarter"]:
        first = date(year, 3 * int(match["quarter"]) - 2, 1)
        months, label = 3, f"{year}年第{'一二三四'[int(match['quarter']) - 1]}季度"
    elif match["month"]:
        if not 1 <= int(match["month"]) <= 12:
            raise PeriodError(f"月份无效 / bad month: {text}")
        first, months, label = date(year, int(match["month"]), 1), 1, f"{year}年{int(match['month'])}月"
    else:
        first, months, label = date(year, 1, 1), 12, f"{year}年"
    next_month = first.month - 1 + months
    after = date(first.year + next_month // 12, next_month % 12 + 1, 1)
    return Period(first, after - timedelta(days=1), label)


def document_day(row: dict) -> date | None:
    result = row["result"]
    facts = result.get("facts") or {}
    signed = ((facts.get("contract") or {}).get("signed") or {}).get("dates") or []
    decided = (facts.get("enforcement") or {}).get("decision_date")
    for candidate in (row["written_date"], *signed, decided):
        if isinstance(candidate, date):
            return candidate
        if isinstance(candidate, str):
            try:
                return date.fromisoformat(candidate)
            except ValueError:
                continue
    return row["checked_at"].date() if row.get("checked_at") else None


def latest_documents(engine: Engine, kinds: tuple[str, ...] | None = None, unit: str | None = None,
                     period: Period | None = None) -> list[dict]:
    """One dict per document path (its last record): the columns, `result` (the DocumentResult as a
    dict), `findings` (live findings: not suppressed) and `marks` (name -> latest value)."""
    latest = select(func.max(documents.c.id)).group_by(documents.c.path).scalar_subquery()
    query = select(documents).where(documents.c.id.in_(latest)).order_by(documents.c.path)
    if kinds:
        query = query.where(documents.c.kind.in_(kinds))
    if unit:
        query = query.where(documents.c.unit == unit)
    with engine.connect() as connection:
        rows = [dict(row._mapping) for row in connection.execute(query)]
        found: dict[int, list[dict]] = {}
        for row in connection.execute(select(findings).where(findings.c.document_id.in_([r["id"] for r in rows]))):
            if row.suppressed is None:
                found.setdefault(row.document_id, []).append(dict(row._mapping))
        noted: dict[str, dict[str, str]] = {}
        for row in connection.execute(select(marks).order_by(marks.c.id)):
            noted.setdefault(row.key, {})[row.name] = row.value
    for row in rows:
        row["result"] = json.loads(row.pop("result_json"))
        row["findings"] = found.get(row["id"], [])
        row["marks"] = {**noted.get(row["path"], {}), **noted.get(row["contract_number"] or "", {})}
        row["day"] = document_day(row)
    if period is not None:
        rows = [row for row in rows if period.holds(row["day"])]
    return rows
