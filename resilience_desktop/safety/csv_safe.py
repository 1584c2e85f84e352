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

Where the decimal separator is a comma (Russian, Kazakh, Kyrgyz, Uzbek, Tajik regional settings),
Excel opens a comma-separated file as one column: it expects semicolons, and numbers with a
decimal comma. Every writer here uses the process's separator (:func:`set_separator`): commas
unless the command line (``--csv-separator semicolon``) or the window (the save dialog's filter,
remembered) chose semicolons; with semicolons a number is written with a decimal comma.

>>> import io
>>> buf = io.StringIO()
>>> with separator_of("semicolon"):
...     _ = writer(buf, lineterminator="\\n").writerow(["Ош", 0.5, 12, "1.5"])
>>> buf.getvalue()
'Ош;0,5;12;1.5\\n'
"""

from __future__ import annotations

__all__ = ["FORMULA_STARTS", "WRITE_ENCODING", "READ_ENCODINGS", "SEPARATORS", "safe_cell", "safe_row", "writer",
           "DictWriter", "open_for_writing", "decode", "separator", "set_separator", "separator_of"]

import csv
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, Mapping

#: Every CSV file the app writes: UTF-8 with a byte-order mark, so spreadsheet programs (Excel on
#: Windows above all) read Cyrillic instead of guessing the system's code page.
WRITE_ENCODING = "utf-8-sig"
#: A CSV file whose encoding was not given is tried as these, in order, each with the name a user
#: reads: UTF-8 (with or without a byte-order mark), then Windows Cyrillic, what spreadsheets on
#: Russian-language systems save (it decodes any bytes, so it is last).
READ_ENCODINGS = (("utf-8-sig", "UTF-8"), ("cp1251", "CP1251"))

#: The separators a CSV file is written with, by name: commas (RFC 4180, what scripts and most programs
#: read) or semicolons with decimal commas (what Excel reads where a comma is the decimal separator).
SEPARATORS = {"comma": ",", "semicolon": ";"}
_separator = ["comma"]


def separator() -> str:
    """The name of the separator every CSV writer of this process uses (``"comma"`` by default)."""
    return _separator[0]


def set_separator(name: str) -> None:
    """Write every CSV of this process with ``name`` (a key of :data:`SEPARATORS`)."""
    if name not in SEPARATORS:
        raise ValueError(f"unknown CSV separator {name!r}")
    _separator[0] = name


@contextmanager
def separator_of(name: str) -> Iterator[None]:
    """Write with ``name`` inside the block, then with the separator before it."""
    before = separator()
    set_separator(name)
    try:
        yield
    finally:
        set_separator(before)


def _with_separator(args: tuple, kwargs: dict[str, Any]) -> bool:
    """Give a writer the process's delimiter unless its caller chose one; True for a decimal comma."""
    if args or "dialect" in kwargs or "delimiter" in kwargs:
        return kwargs.get("delimiter") == ";"
    kwargs["delimiter"] = SEPARATORS[separator()]
    return kwargs["delimiter"] == ";"


def _decimal_comma(value: Any) -> Any:
    return str(value).replace(".", ",") if isinstance(value, float) else value


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

    def __init__(self, inner: Any, decimal_comma: bool = False):
        self._inner = inner
        self._decimal_comma = decimal_comma

    def writerow(self, row: Iterable[Any]) -> Any:
        cells = safe_row(row)
        if self._decimal_comma:
            cells = [_decimal_comma(v) for v in cells]
        return self._inner.writerow(cells)

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)

    @property
    def dialect(self) -> Any:
        return self._inner.dialect


def writer(fh: Any, *args: Any, **kwargs: Any) -> _SafeWriter:
    """``csv.writer`` with formula-safe cells, separated as :func:`separator` says (unless a dialect
    or delimiter is given)."""
    decimal_comma = _with_separator(args, kwargs)
    return _SafeWriter(csv.writer(fh, *args, **kwargs), decimal_comma)


class DictWriter(csv.DictWriter):
    """``csv.DictWriter`` with formula-safe cells (the header is written the same way: ``writeheader``
    goes through ``writerow``), separated as :func:`separator` says (unless a dialect or delimiter is given)."""

    def __init__(self, f: Any, fieldnames: Any, *args: Any, **kwargs: Any):
        self._decimal_comma = _with_separator(args[2:], kwargs)  # after restval and extrasaction
        super().__init__(f, fieldnames, *args, **kwargs)

    def writerow(self, rowdict: Mapping[Any, Any]) -> Any:
        if self._decimal_comma:
            return super().writerow({k: _decimal_comma(safe_cell(v)) for k, v in rowdict.items()})
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
