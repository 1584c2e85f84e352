"""The one way the application opens an Excel workbook it was given: every check, then openpyxl.

The file is recognised by its first bytes, not its name. An OLE compound file is either an
encrypted (password-protected) workbook or an old binary ``.xls``, and is refused saying which;
anything that is not a zip is not an Excel 2007+ workbook. A file over
:data:`MAX_WORKBOOK_BYTES`, or one whose XML parts break the budgets of
:func:`~resilience_desktop.safety.ooxml.check_workbook` (cells, texts, unzipped sizes, document
type declarations), is refused before openpyxl reads anything. openpyxl then reads it in
read-only mode without macros or external links: formulas give their last computed value
(``formulas=True`` reads the formulas themselves), and macros are never run nor kept.

Every refusal is an :class:`~resilience_desktop.errors.ExcelImportError` with one sentence
naming the file; the budget refusals say that nothing was imported.
"""

from __future__ import annotations

__all__ = ["MAX_WORKBOOK_BYTES", "open_workbook", "OpenWorkbook"]

import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from ..errors import ExcelImportError, InvalidInputError
from ..i18n.catalog import tr
from ..i18n.reasons import os_reason
from .ooxml import check_workbook
from .zips import ZIP_ERRORS, zip_reason

_ZIP_MAGIC = b"PK\x03\x04"
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: An encrypted OOXML package is a compound file holding these streams (UTF-16 names).
_ENCRYPTION_MARKS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
#: The official tool is well under 1 MB; anything this large is not a scorecard workbook.
MAX_WORKBOOK_BYTES = 50 * 1024 * 1024
#: What openpyxl raises for a zip that is not a workbook (a .docx, a damaged file).
_UNREADABLE = (*ZIP_ERRORS, KeyError, TypeError, IndexError, AttributeError, OSError,
               SyntaxError)  # SyntaxError: xml.etree's ParseError on damaged XML


@dataclass(frozen=True)
class OpenWorkbook:
    """An open openpyxl workbook (read-only) and whether the file carries macros (never run)."""

    book: Any
    has_macros: bool
    path: Path

    def rows(self, sheet: Any, **kwargs: Any) -> Iterator[tuple[Any, ...]]:
        """``sheet.iter_rows(values_only=True, **kwargs)``; a damaged part is an ``ExcelImportError``."""
        try:
            yield from sheet.iter_rows(values_only=True, **kwargs)
        except _UNREADABLE as exc:
            raise _unreadable(self.path, exc) from None


def check_workbook_file(path: Path) -> None:
    """Refuse ``path`` unless it is an Excel 2007+ workbook of a plausible size (its content, not its name)."""
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
        raise ExcelImportError(tr("{name} cannot be read: {e}", name=name, e=os_reason(exc))) from None
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


@contextmanager
def open_workbook(path: str | Path, *, formulas: bool = False) -> Iterator[OpenWorkbook]:
    """Check the workbook at ``path`` and open it with openpyxl; closed when the block ends.

    Raises :class:`~resilience_desktop.errors.ExcelImportError` for anything that is not a
    readable, plausible Excel 2007+ workbook. An error raised inside the ``with`` block by
    the caller passes through untouched.
    """
    path = Path(path)
    check_workbook_file(path)
    import openpyxl

    try:
        # A file object, not the name: openpyxl would otherwise judge the file by its name ending.
        fh = open(path, "rb")
    except OSError as exc:
        raise ExcelImportError(tr("{name} cannot be read: {e}", name=path.name, e=os_reason(exc))) from None
    with fh:
        try:
            with zipfile.ZipFile(fh) as zf:
                has_macros = any(n.lower().endswith("vbaproject.bin") for n in zf.namelist())
            fh.seek(0)
            try:
                check_workbook(fh, path.name)  # cells, texts and sizes counted before openpyxl reads anything
            except InvalidInputError as exc:
                raise ExcelImportError(tr("{reason}; nothing was imported", reason=exc)) from None
            fh.seek(0)
            book = openpyxl.load_workbook(fh, read_only=True, data_only=not formulas, keep_vba=False,
                                          keep_links=False)
        except ExcelImportError:
            raise
        except _UNREADABLE as exc:
            raise _unreadable(path, exc) from None
        try:
            yield OpenWorkbook(book, has_macros, path)
        finally:
            book.close()


def _unreadable(path: Path, exc: BaseException) -> ExcelImportError:
    detail = zip_reason(exc, path)
    return ExcelImportError(tr("{name} is not a readable Excel workbook: {detail}", name=path.name, detail=detail))
