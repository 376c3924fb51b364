"""What every export is given besides its documents: where to write, the period selected, the organ
in whose name letters and notices go out, and the day they are dated."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from checkers.registry.queries import Period

DEFAULT_ORGAN = "区司法局"
NO_UNIT = "（未识别单位）"


@dataclass(frozen=True)
class ExportContext:
    out: Path
    period: Period | None = None
    organ: str = DEFAULT_ORGAN
    today: date = field(default_factory=date.today)

    @property
    def period_label(self) -> str:
        """"2019年第一季度", or "" when every period is selected."""
        return self.period.label if self.period else ""


def unit_name(row: dict) -> str:
    return row.get("unit") or NO_UNIT
