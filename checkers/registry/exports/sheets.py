"""Writing a ledger sheet with openpyxl: a bold, frozen header row, set column widths, real Excel
dates and formatted amounts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

DATE_FORMAT = "yyyy-mm-dd"
AMOUNT_FORMAT = "#,##0.00"
SCORE_FORMAT = "0.0"


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    number_format: str | None = None
    wrap: bool = False


def new_workbook() -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def write_sheet(workbook: Workbook, title: str, columns: list[Column], rows: Iterable[list]) -> Worksheet:
    sheet = workbook.create_sheet(title)
    sheet.append([column.header for column in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.freeze_panes = "A2"
    for position, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = column.width
    for values in rows:
        sheet.append([value.date() if isinstance(value, datetime) else value for value in values])
        for column, cell in zip(columns, sheet[sheet.max_row], strict=True):
            if column.number_format:
                cell.number_format = column.number_format
            elif isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT
            cell.alignment = Alignment(vertical="top", wrap_text=column.wrap)
    return sheet


def save(workbook: Workbook, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(out)
