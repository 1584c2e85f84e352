"""Opening a workbook safely and reading its cells as plain values.

The file is recognised by its first bytes, not its name: a zip (Excel 2007+ ``.xlsx``/``.xlsm``)
is read with openpyxl in read-only, values-only mode, so formulas give their last computed
value and macros are neither run nor kept; an OLE compound file is either an encrypted
(password-protected) workbook or an old ``.xls``, and is refused with a message saying so.
"""

from __future__ import annotations

__all__ = ["Grid", "read_grids", "text", "number", "MAX_WORKBOOK_BYTES"]

import datetime as dt
import math
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..errors import ExcelImportError, InvalidInputError
from ..safety.ooxml import check_workbook
from ..i18n.catalog import tr

_ZIP_MAGIC = b"PK\x03\x04"
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: An encrypted OOXML package is a compound file holding these streams (UTF-16 names).
_ENCRYPTION_MARKS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
#: The official tool is well under 1 MB; anything this large is not a scorecard workbook.
MAX_WORKBOOK_BYTES = 50 * 1024 * 1024
#: Rows and columns read per sheet: the official layout uses columns A-F and fewer than 200 rows.
MAX_ROWS = 2000
MAX_COLS = 12


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


def _check_file(path: Path) -> None:
    name = path.name
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(8)
            # An encrypted package names its streams in the directory, near the start.
            rest = fh.read(64 * 1024) if head == _CFB_MAGIC else b""
    except FileNotFoundError:
        raise ExcelImportError(tr("{name}: no such file", name=str(path))) from None
    except OSError as exc:
        raise ExcelImportError(tr("{name} cannot be read: {e}", name=name, e=exc.strerror or exc)) from None
    if head == _CFB_MAGIC:
        if any(mark in rest for mark in _ENCRYPTION_MARKS):
            raise ExcelImportError(tr(
                "{name} is password-protected: open it in Excel, remove the password "
                "(File > Info > Protect Workbook) and save it, then import it again", name=name))
        raise ExcelImportError(tr(
            "{name} is password-protected or is not an Excel 2007+ workbook (it may be an old .xls file): "
            "remove the password, or save it in Excel as .xlsm or .xlsx, and import it again", name=name))
    if head[:4] != _ZIP_MAGIC:
        raise ExcelImportError(tr(
            "{name} is not an Excel workbook (.xlsm or .xlsx); choose the scorecard workbook itself", name=name))
    if size > MAX_WORKBOOK_BYTES:
        raise ExcelImportError(tr("{name} is too large ({mb} MB) to be a scorecard workbook",
                                  name=name, mb=size // (1024 * 1024)))


def read_grids(path: str | Path, wanted: Callable[[str], bool]) -> tuple[list[str], dict[str, Grid], bool]:
    """Read the sheets whose title ``wanted`` accepts.

    Returns ``(all sheet titles, {title: Grid}, has_macros)``. Raises :class:`ExcelImportError`
    for anything that is not a readable Excel 2007+ workbook.
    """
    path = Path(path)
    _check_file(path)
    import openpyxl

    try:
        # A file object, not the name: openpyxl would otherwise judge the file by its name ending.
        with open(path, "rb") as fh:
            with zipfile.ZipFile(fh) as zf:
                has_macros = any(n.lower().endswith("vbaproject.bin") for n in zf.namelist())
            fh.seek(0)
            try:
                check_workbook(fh, path.name)  # cells, texts and sizes counted before openpyxl reads anything
            except InvalidInputError as exc:
                raise ExcelImportError(tr("{reason}; nothing was imported", reason=exc)) from None
            fh.seek(0)
            wb = openpyxl.load_workbook(fh, read_only=True, data_only=True, keep_vba=False, keep_links=False)
            try:
                titles = list(wb.sheetnames)
                grids: dict[str, Grid] = {}
                for ws in wb.worksheets:
                    if not wanted(ws.title):
                        continue
                    grid = Grid(ws.title)
                    for number_, values in enumerate(
                            ws.iter_rows(min_row=1, max_row=MAX_ROWS, max_col=MAX_COLS, values_only=True), start=1):
                        if any(v is not None and v != "" for v in values):
                            grid.rows[number_] = tuple(values)
                    grids[ws.title] = grid
            finally:
                wb.close()
    except ExcelImportError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, IndexError, AttributeError, OSError,
            EOFError, SyntaxError) as exc:  # SyntaxError: xml.etree's ParseError on damaged XML
        # openpyxl reports a zip that is not a workbook (a .docx, a damaged file) in many ways.
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ExcelImportError(tr("{name} is not a readable Excel workbook: {detail}",
                                  name=path.name, detail=detail)) from None
    return titles, grids, has_macros
