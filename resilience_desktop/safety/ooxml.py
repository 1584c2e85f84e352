"""Budgets for an Excel 2007+ workbook (a zip of XML parts), counted while reading it.

openpyxl trusts what it reads: a 170 KB workbook holding one row of 3 million cells, a 1 GiB
inline string or 5 million shared strings costs it minutes and gigabytes. Before openpyxl sees a
workbook, :func:`check_workbook` streams every XML part once through expat (no tree is built)
and counts what is really there — never the sizes the zip declares:

========================  ===================================================
``MAX_PART_BYTES``        bytes of one XML part once unzipped
``MAX_PACKAGE_BYTES``     bytes of all XML parts once unzipped
``MAX_CELLS``             cells (``<c>``) in all worksheets
``MAX_SHARED_STRINGS``    shared strings (``<si>``)
``MAX_CELL_CHARS``        characters of one text (Excel's own limit: 32,767)
========================  ===================================================

A document type declaration (never present in a real workbook, and the carrier of entity
expansion attacks) is refused. Past any budget :class:`~resilience_desktop.errors.InvalidInputError`
says which, in one sentence. The official Preliminary tool is far inside every limit (< 1 MB
unzipped, ~20,000 cells).
"""

from __future__ import annotations

__all__ = ["MAX_PART_BYTES", "MAX_PACKAGE_BYTES", "MAX_CELLS", "MAX_SHARED_STRINGS", "MAX_CELL_CHARS",
           "check_workbook"]

import zipfile
from typing import IO
from xml.parsers import expat

from ..errors import InvalidInputError
from ..i18n.catalog import tr

MAX_PART_BYTES = 64 * 2**20
MAX_PACKAGE_BYTES = 192 * 2**20
MAX_CELLS = 250_000
MAX_SHARED_STRINGS = 100_000
MAX_CELL_CHARS = 32_767
_CHUNK = 2**20


class _Counter:
    def __init__(self, name: str, part: str):
        self.name, self.part = name, part
        self.cells = 0
        self.strings = 0
        self.text = 0

    def start(self, tag: str, _attrs: object) -> None:
        local = tag.rsplit(" ", 1)[-1]
        if local == "c":
            self.cells += 1
            if self.cells > MAX_CELLS:
                raise InvalidInputError(tr("{name} holds more than {n} cells; a scorecard workbook has far fewer",
                                           name=self.name, n=f"{MAX_CELLS:,}"))
        elif local == "si":
            self.strings += 1
            if self.strings > MAX_SHARED_STRINGS:
                raise InvalidInputError(tr("{name} holds more than {n} different texts; a scorecard workbook has "
                                           "far fewer", name=self.name, n=f"{MAX_SHARED_STRINGS:,}"))
        self.text = 0

    def end(self, _tag: str) -> None:
        self.text = 0

    def chars(self, data: str) -> None:
        self.text += len(data)
        if self.text > MAX_CELL_CHARS:
            raise InvalidInputError(tr("{name} holds a text longer than {n} characters (more than an Excel cell "
                                       "can hold)", name=self.name, n=f"{MAX_CELL_CHARS:,}"))

    def doctype(self, *_args: object) -> None:
        raise InvalidInputError(tr("{name} is not a plain Excel workbook (part {part} declares a document type)",
                                   name=self.name, part=self.part))


def check_workbook(fh: IO[bytes], name: str) -> None:
    """Stream every XML part of the workbook in ``fh`` through the budgets (``fh`` is rewound)."""
    total_cells = 0
    total_bytes = 0
    with zipfile.ZipFile(fh) as z:
        for info in z.infolist():
            lower = info.filename.lower()
            if info.is_dir() or not lower.endswith((".xml", ".rels", ".vml")):
                continue
            counter = _Counter(name, info.filename)
            counter.cells = total_cells
            parser = expat.ParserCreate(namespace_separator=" ")
            parser.StartElementHandler = counter.start
            parser.EndElementHandler = counter.end
            parser.CharacterDataHandler = counter.chars
            parser.StartDoctypeDeclHandler = counter.doctype
            parser.EntityDeclHandler = counter.doctype
            part_bytes = 0
            with z.open(info) as member:
                while True:
                    chunk = member.read(_CHUNK)
                    if not chunk:
                        break
                    part_bytes += len(chunk)
                    total_bytes += len(chunk)
                    if part_bytes > MAX_PART_BYTES or total_bytes > MAX_PACKAGE_BYTES:
                        raise InvalidInputError(tr(
                            "{name} unzips to more than {mb} MB of data; a scorecard workbook is far smaller",
                            name=name, mb=(MAX_PART_BYTES if part_bytes > MAX_PART_BYTES else MAX_PACKAGE_BYTES)
                            // 2**20))
                    try:
                        parser.Parse(chunk, False)
                    except expat.ExpatError:
                        return  # malformed XML: openpyxl reports it in its own words
                try:
                    parser.Parse(b"", True)
                except expat.ExpatError:
                    return
            total_cells = counter.cells
    fh.seek(0)
