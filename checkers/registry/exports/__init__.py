"""`lawlint registry export KIND`: ledgers, notices and letters built from the registry, one module
per kind. Each writer takes the selected documents (as `latest_documents` returns them) and an
`ExportContext`, writes `context.out` and returns how many documents it wrote about."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.engine import Engine

from checkers.registry.exports.cases import write_cases
from checkers.registry.exports.context import DEFAULT_ORGAN, ExportContext
from checkers.registry.exports.contracts import write_contracts
from checkers.registry.exports.decisions import write_decisions
from checkers.registry.exports.filing import write_filing
from checkers.registry.exports.letters import write_letters
from checkers.registry.exports.notice import write_notice
from checkers.registry.exports.publicity import write_publicity
from checkers.registry.queries import Period, latest_documents

DIRECTORY = ""  # an --out without a suffix names a folder


@dataclass(frozen=True)
class Export:
    write: Callable[[list[dict], ExportContext], int]
    kinds: tuple[str, ...]  # the document kinds it reads
    suffixes: tuple[str, ...]  # what --out may end with
    description: str  # for the command's help
    unit_is_organ: bool = False  # --unit names the organ issuing it rather than selecting documents


EXPORTS: dict[str, Export] = {
    "filing": Export(write_filing, ("normative",), (".xlsx",), "规范性文件备案登记表"),
    "notice": Export(write_notice, ("normative",), (".docx",), "规范性文件备案审查情况通告", unit_is_organ=True),
    "contracts": Export(write_contracts, ("contract",), (".xlsx",), "合同台账"),
    "cases": Export(write_cases, ("enforcement",), (".xlsx",), "案卷评查结果"),
    "letters": Export(write_letters, ("enforcement",), (".docx", DIRECTORY), "评查反馈函（每个单位一份）"),
    "decisions": Export(write_decisions, ("decision",), (".xlsx",), "重大行政决策目录"),
    "publicity": Export(write_publicity, ("enforcement",), (".jsonl", ".xlsx"), "行政处罚决定公示数据（已脱敏）"),
}


def _check_out(kind: str, spec: Export, out: Path) -> None:
    suffix = "" if out.is_dir() else out.suffix.lower()
    if suffix not in spec.suffixes:
        allowed = "、".join(s or "目录 / a directory" for s in spec.suffixes)
        raise ValueError(f"导出 {kind} 的 --out 应为 {allowed} / export {kind} writes {allowed}, not {out}")


def export(kind: str, engine: Engine, out: Path, period: Period | None = None, unit: str | None = None,
           today: date | None = None) -> int:
    """Writes the export `kind` of the registry's latest records to `out`; returns the documents written."""
    spec = EXPORTS.get(kind)
    if spec is None:
        raise ValueError(f"未知的导出种类“{kind}”，可选 {'、'.join(EXPORTS)} / unknown export kind {kind!r}: "
                         f"use one of {', '.join(EXPORTS)}")
    out = Path(out)
    _check_out(kind, spec, out)
    selected_unit = None if spec.unit_is_organ else unit
    rows = latest_documents(engine, spec.kinds, unit=selected_unit, period=period)
    context = ExportContext(out=out, period=period, organ=(unit if spec.unit_is_organ and unit else DEFAULT_ORGAN),
                            today=today or date.today())
    return spec.write(rows, context)
