"""The registry row of one checked document: what a ledger needs, read off the check's facts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from checkers.extract.docno import find_docnos
from checkers.model import DocumentResult


def _day(iso: str | None) -> date | None:
    try:
        return date.fromisoformat(iso) if iso else None
    except ValueError:
        return None


def unit_of(result: DocumentResult, root: Path | None) -> str | None:
    """The issuing unit: the organ the document names, else the first folder under the checked root."""
    facts = result.facts or {}
    enforcement = facts.get("enforcement") or {}
    contract = facts.get("contract") or {}
    first_party = next(iter(contract.get("parties") or []), {})
    named = enforcement.get("deciding_organ") or facts.get("signature_organ") or first_party.get("name")
    if named:
        return named
    if root is not None:
        try:
            parts = Path(result.path).resolve().relative_to(root.resolve()).parts
        except ValueError:
            parts = ()
        if len(parts) > 1:
            return parts[0]
    return None


def registry_row(result: DocumentResult, root: Path | None = None) -> dict:
    facts = result.facts or {}
    contract = facts.get("contract") or {}
    docno = facts.get("docno") or contract.get("contract_number")
    parsed = find_docnos(docno)[0] if docno and find_docnos(docno) else None
    effective = _day(facts.get("effective_date"))
    term_dates = sorted(d for d in ((contract.get("term") or {}).get("dates") or []) if _day(d))
    parties = contract.get("parties") or []
    amounts = [a["value"] for a in contract.get("amounts") or [] if a.get("form") == "capital"] or \
        [a["value"] for a in contract.get("amounts") or []]
    return {
        "kind": result.kind, "format": result.format, "unit": unit_of(result, root),
        "title": facts.get("title"), "docno": facts.get("docno"),
        "docno_organ": parsed.organ if parsed else None, "docno_year": parsed.year if parsed else None,
        "docno_serial": int(parsed.serial) if parsed and parsed.serial.isdigit() else None,
        "written_date": _day(facts.get("written_date")), "effective_date": effective,
        "validity_end": _day(facts.get("validity_end")),  # worked out by the check (checkers/facts.py)
        "contract_number": contract.get("contract_number"),
        "counterparty": parties[1]["name"] if len(parties) > 1 else None,
        "amount": max(amounts) if amounts else None,
        "term_start": _day(term_dates[0]) if term_dates else None,
        "term_end": _day(term_dates[-1]) if term_dates else None,
        "case_number": facts.get("docno") if result.kind == "enforcement" else None,
        "score": (result.score or {}).get("score"), "grade": (result.score or {}).get("grade"),
        "error": result.error,
    }
