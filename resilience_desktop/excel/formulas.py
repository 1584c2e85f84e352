"""Score cells that hold a formula with no saved result.

A workbook written by a program other than Excel (or saved with calculation switched off) can
hold formulas whose result was never stored. Read as values, such a score cell is empty and the
question would silently count as *not answered*; this module finds those cells so the import
says so, naming the questions.
"""

from __future__ import annotations

__all__ = ["formula_cells", "formula_positions", "formula_warning"]

from pathlib import Path
from typing import Iterable

from ..i18n.catalog import tr
from ..safety.workbook import open_workbook


def formula_cells(path: Path, sheets: Iterable[str], column: int) -> dict[str, set[int]]:
    """The rows of ``column`` holding a formula, per sheet (``{}`` if the file cannot be read that way)."""
    found = {title: {r for r, c in cells if c == column}
             for title, cells in formula_positions(path, sheets, max_col=column).items()}
    return {title: rows for title, rows in found.items() if rows}


def formula_positions(path: Path, sheets: Iterable[str], max_col: int) -> dict[str, set[tuple[int, int]]]:
    """The ``(row, column)`` of every formula in columns 1…``max_col``, per sheet (a second,
    formulas-only read of those sheets; ``{}`` if the file cannot be read that way)."""
    wanted = set(sheets)
    found: dict[str, set[tuple[int, int]]] = {}
    try:
        with open_workbook(path, formulas=True) as wb:
            for ws in wb.book.worksheets:
                if ws.title not in wanted:
                    continue
                cells = {(r, c) for r, values in enumerate(wb.rows(ws, max_col=max_col), start=1)
                         for c, value in enumerate(values, start=1)
                         if isinstance(value, str) and value.startswith("=")}
                if cells:
                    found[ws.title] = cells
    except Exception:  # noqa: BLE001 - the values were read already; this only adds a warning
        return {}
    return found


def formula_warning(question_ids: list[str]) -> str:
    """The warning naming the questions whose score cell is a formula without a saved result."""
    return tr("the score cells of {questions} hold formulas with no saved result (the workbook was not "
              "recalculated by Excel), so they were imported as unanswered; open the workbook in Excel, save it "
              "and import it again", questions=", ".join(question_ids))
