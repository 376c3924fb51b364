"""The enforcement publicity feed (行政处罚决定公示): one record per penalty decision, with personal
data redacted, as JSON lines (.jsonl) or .xlsx."""

from __future__ import annotations

import json
from datetime import date

from checkers.registry.exports.context import ExportContext, unit_name
from checkers.registry.exports.sheets import Column, new_workbook, save, write_sheet
from checkers.registry.redact import Person, address_value, mask_name, party_name, redact

COLUMNS = [
    Column("决定书文号", 26), Column("当事人", 30, wrap=True), Column("违法事实摘要", 70, wrap=True),
    Column("处罚依据", 44, wrap=True), Column("处罚内容", 30, wrap=True), Column("决定机关", 26, wrap=True),
    Column("决定日期", 12),
]
DATE_FIELD = "决定日期"


def has_decision(row: dict) -> bool:
    enforcement = (row["result"].get("facts") or {}).get("enforcement") or {}
    return any(instrument.get("type") == "decision" for instrument in enforcement.get("instruments") or [])


def penalty_content(enforcement: dict) -> str:
    kinds = "、".join(enforcement.get("penalty_types") or [])
    fine = (enforcement.get("penalty") or {}).get("fine")
    amount = f"罚款金额{fine:,.2f}元" if fine else ""
    return "；".join(part for part in (kinds, amount) if part)


def party(enforcement: dict) -> tuple[str, Person | None]:
    """The party as published, and the natural person to hide if the party is one."""
    facts = enforcement.get("party") or {}
    name = party_name(facts.get("text"))
    if facts.get("type") != "individual":
        return name or "", None
    person = Person(name=name, address=address_value(facts.get("address")))
    return (mask_name(name) if name else "（已隐去）"), person


def publicity_record(row: dict) -> dict:
    facts = row["result"].get("facts") or {}
    enforcement = facts.get("enforcement") or {}
    shown, person = party(enforcement)
    record = {
        "决定书文号": row["case_number"] or facts.get("docno") or "",
        "当事人": shown,
        "违法事实摘要": enforcement.get("facts") or "",
        "处罚依据": "；".join(item["text"] for item in enforcement.get("basis") or []),
        "处罚内容": penalty_content(enforcement),
        "决定机关": enforcement.get("deciding_organ") or unit_name(row),
        "决定日期": enforcement.get("decision_date") or "",
    }
    return {key: value if key == DATE_FIELD else redact(value, person) for key, value in record.items()}


def _cell(field: str, value: str):
    """The decision date as a real Excel date; text as it is."""
    if field == DATE_FIELD and value:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def write_publicity(rows: list[dict], context: ExportContext) -> int:
    records = [publicity_record(row) for row in rows if has_decision(row)]
    if context.out.suffix.lower() == ".jsonl":
        context.out.parent.mkdir(parents=True, exist_ok=True)
        context.out.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records),
                               encoding="utf-8")
    else:
        workbook = new_workbook()
        write_sheet(workbook, "行政处罚公示", COLUMNS, (
            [_cell(column.header, record[column.header]) for column in COLUMNS] for record in records))
        save(workbook, context.out)
    return len(records)
