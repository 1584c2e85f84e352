"""CSV files a spreadsheet can open without running anything: every CSV writer of the app uses this.

A spreadsheet treats a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
as a formula (``=HYPERLINK(...)``, ``=cmd|' /C calc'!A0``): "CSV injection". Following the OWASP
guidance, such a text cell is written with a leading apostrophe, which spreadsheets show as text
and do not evaluate. Numbers stay numbers (``-3`` as an ``int`` is written as is). NUL characters,
which truncate fields in many readers, are removed.

Examples
--------
>>> safe_cell('=HYPERLINK("http://x","click")')
'\\'=HYPERLINK("http://x","click")'
>>> safe_cell(-3), safe_cell("Бишкек"), safe_cell("a\\x00b")
(-3, 'Бишкек', 'ab')
"""

from __future__ import annotations

__all__ = ["FORMULA_STARTS", "WRITE_ENCODING", "READ_ENCODINGS", "safe_cell", "safe_row", "writer", "DictWriter",
           "open_for_writing", "decode"]

import csv
from pathlib import Path
from typing import IO, Any, Iterable, Mapping

#: Every CSV file the app writes: UTF-8 with a byte-order mark, so spreadsheet programs (Excel on
#: Windows above all) read Cyrillic instead of guessing the system's code page.
WRITE_ENCODING = "utf-8-sig"
#: A CSV file whose encoding was not given is tried as these, in order, each with the name a user
#: reads: UTF-8 (with or without a byte-order mark), then Windows Cyrillic, what spreadsheets on
#: Russian-language systems save (it decodes any bytes, so it is last).
READ_ENCODINGS = (("utf-8-sig", "UTF-8"), ("cp1251", "CP1251"))

#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value`` made inert for a spreadsheet (text only; other types are returned unchanged)."""
    if not isinstance(value, str):
        return value
    if "\x00" in value:
        value = value.replace("\x00", "")
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in row]


class _SafeWriter:
    """A ``csv.writer`` whose every cell passes through :func:`safe_cell`."""

    def __init__(self, inner: Any):
        self._inner = inner

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._inner.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)

    @property
    def dialect(self) -> Any:
        return self._inner.dialect


def writer(fh: Any, *args: Any, **kwargs: Any) -> _SafeWriter:
    """``csv.writer`` with formula-safe cells."""
    return _SafeWriter(csv.writer(fh, *args, **kwargs))


class DictWriter(csv.DictWriter):
    """``csv.DictWriter`` with formula-safe cells (the header is written the same way: ``writeheader``
    goes through ``writerow``)."""

    def writerow(self, rowdict: Mapping[Any, Any]) -> Any:
        return super().writerow({k: safe_cell(v) for k, v in rowdict.items()})

    def writerows(self, rowdicts: Iterable[Mapping[Any, Any]]) -> None:
        for rowdict in rowdicts:
            self.writerow(rowdict)


def open_for_writing(path: str | Path) -> IO[str]:
    """``path`` opened to write CSV in :data:`WRITE_ENCODING` (newlines left to the ``csv`` module)."""
    return open(path, "w", encoding=WRITE_ENCODING, newline="")


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """The text of CSV ``data`` and the name of the encoding it was read in.

    With ``encoding`` the data must decode in it (``UnicodeDecodeError`` or ``LookupError``
    otherwise); without, the first of :data:`READ_ENCODINGS` that fits.

    >>> decode("Бишкек".encode("cp1251")), decode("\ufeffОш".encode("utf-8"))
    (('Бишкек', 'CP1251'), ('Ош', 'UTF-8'))
    """
    if encoding:
        return data.decode(encoding), encoding
    for codec, name in READ_ENCODINGS:
        try:
            return data.decode(codec), name
        except UnicodeDecodeError:
            continue
    raise AssertionError("the last of READ_ENCODINGS decodes any byte string")  # pragma: no cover
