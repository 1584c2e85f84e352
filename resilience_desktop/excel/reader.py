"""Read a scorecard workbook into plain data, without touching a workspace."""

from __future__ import annotations

__all__ = ["read_workbook"]

from pathlib import Path

from .cells import read_grids
from .content import WorkbookContent
from .official import ESSENTIAL_SHEET, parse_official
from .own_format import is_own_export, parse_own


def _wanted(title: str) -> bool:
    return title.strip().casefold() in ("info", "results") or bool(ESSENTIAL_SHEET.match(title))


def read_workbook(path: str | Path) -> WorkbookContent:
    """Read the official Preliminary tool (any variant) or a workbook this app exported.

    The format is recognised from the content. Cells are read as values; macros are never run.

    Raises
    ------
    ExcelImportError
        When the file is not a readable Excel 2007+ workbook, is password-protected, is not a
        scorecard workbook, or holds a value that makes the data untrustworthy (a score cell
        holding text or an option outside 1–4, a question twice).

    Examples
    --------
    >>> read_workbook("holiday.png")  # doctest: +SKIP
    Traceback (most recent call last):
    ExcelImportError: holiday.png is not an Excel workbook (.xlsm or .xlsx); ...
    """
    path = Path(path)
    titles, grids, has_macros = read_grids(path, _wanted)
    if is_own_export(grids):
        from .formulas import formula_positions
        from .own_format import COLUMNS, not_data_sheet
        others = [t for t in titles if t not in grids and not not_data_sheet(t)]
        if others:  # sheets a colleague added or renamed: a renamed question sheet is still read
            grids.update(read_grids(path, lambda t: t in others)[1])
        sheets = [t for t in grids if t != "Info" and not not_data_sheet(t)]
        formulas = formula_positions(path, sheets, max(COLUMNS.values()))
        return parse_own(path.name, grids, has_macros, formulas)
    from .formulas import formula_cells
    formula_rows = formula_cells(path, [t for t in grids if ESSENTIAL_SHEET.match(t)], 5)  # column E: the scores
    return parse_official(path.name, grids, has_macros, formula_rows)
