"""Reading a workbook's cells as plain values.

The workbook is opened by :func:`~resilience_desktop.safety.workbook.open_workbook` (content
recognised by its first bytes, password and size checks, XML budgets, read-only, values only,
macros never run), the one opener the scorecard-sheet import uses too.
"""

from __future__ import annotations

__all__ = ["Grid", "read_grids", "text", "number", "whole_number_text", "MAX_WORKBOOK_BYTES"]

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..safety.workbook import MAX_WORKBOOK_BYTES, open_workbook

#: Rows and columns read per sheet: the official layout uses columns A-F and fewer than 200 rows, an
#: export A-N; the rest of A-Z is read to name what a colleague typed beside them.
MAX_ROWS = 2000
MAX_COLS = 26


@dataclass
class Grid:
    """The values of one worksheet, 1-based like Excel: ``grid.get(4, 2)`` is cell B4."""

    title: str
    rows: dict[int, tuple[Any, ...]] = field(default_factory=dict)

    def get(self, row: int, col: int) -> Any:
        values = self.rows.get(row, ())
        return values[col - 1] if 0 < col <= len(values) else None

    def text(self, row: int, col: int) -> str:
        return text(self.get(row, col))

    @property
    def max_row(self) -> int:
        return max(self.rows, default=0)


def text(value: Any) -> str:
    """A cell value as trimmed text (dates as ISO dates, whole floats without ``.0``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:  # 1e308 stays "1e+308", not 309 digits
        return str(int(value))
    return str(value).strip()


def number(value: Any) -> int | float | None:
    """A cell value as a number: numbers as they are, text like ``"1 234 567"`` or ``"12,5"``
    parsed; ``None`` when empty or not a number. Whole numbers come back as ``int``."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            return None
        return int(value) if float(value).is_integer() else float(value)
    s = re.sub(r"[\s\u00a0\u202f']", "", str(value))
    if not s:
        return None
    if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", s):  # 1,234,567.5
        s = s.replace(",", "")
    elif re.fullmatch(r"-?\d+,\d+", s):  # 12,5 (decimal comma)
        s = s.replace(",", ".")
    try:
        f = float(s)
    except ValueError:
        return None
    if not math.isfinite(f):
        return None
    return int(f) if f.is_integer() else f


def whole_number_text(value: str) -> str | int:
    """A number typed as text in Excel (``" 2 "``, ``"2.0"``, ``"2,0"``, a cell formatted as Text) as that
    whole number; other text unchanged."""
    m = re.fullmatch(r"\s*([+-]?\d{1,4})(?:[.,]0*)?\s*", value.replace("\u00a0", " "))
    return int(m.group(1)) if m else value


def read_grids(path: str | Path, wanted: Callable[[str], bool]) -> tuple[list[str], dict[str, Grid], bool]:
    """Read the sheets whose title ``wanted`` accepts.

    Returns ``(all sheet titles, {title: Grid}, has_macros)``. Raises :class:`ExcelImportError`
    for anything that is not a readable Excel 2007+ workbook.
    """
    with open_workbook(path) as wb:
        titles = list(wb.book.sheetnames)
        grids: dict[str, Grid] = {}
        for ws in wb.book.worksheets:
            if not wanted(ws.title):
                continue
            grid = Grid(ws.title)
            for number_, values in enumerate(wb.rows(ws, min_row=1, max_row=MAX_ROWS, max_col=MAX_COLS), start=1):
                if any(v is not None and v != "" for v in values):
                    grid.rows[number_] = tuple(values)
            grids[ws.title] = grid
        return titles, grids, wb.has_macros
