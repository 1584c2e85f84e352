"""Score cells that hold a formula with no saved result.

A workbook written by a program other than Excel (or saved with calculation switched off) can
hold formulas whose result was never stored. Read as values, such a score cell is empty and the
question would silently count as *not answered*; this module finds those cells so the import
says so, naming the questions.
"""

from __future__ import annotations

__all__ = ["formula_cells", "formula_positions", "formula_warning"]

import posixpath
import re
import zipfile
from pathlib import Path
from typing import Any, Callable, Iterable
from xml.parsers import expat

from ..i18n.catalog import tr
from ..safety.ooxml import MAX_PART_BYTES
from ..safety.workbook import check_workbook_file

_CHUNK = 2**20
_REF = re.compile(r"([A-Z]{1,3})([0-9]+)$")


def formula_cells(path: Path, sheets: Iterable[str], column: int) -> dict[str, set[int]]:
    """The rows of ``column`` holding a formula, per sheet (``{}`` if the file cannot be read that way)."""
    found = {title: {r for r, c in cells if c == column}
             for title, cells in formula_positions(path, sheets, max_col=column).items()}
    return {title: rows for title, rows in found.items() if rows}


def formula_positions(path: Path, sheets: Iterable[str], max_col: int) -> dict[str, set[tuple[int, int]]]:
    """The ``(row, column)`` of every formula in columns 1…``max_col``, per sheet (``{}`` if the file
    cannot be read that way).

    A second read of the workbook, after its values were read (and checked) by
    :func:`~resilience_desktop.safety.workbook.open_workbook`: the named sheets' XML is streamed
    through expat and each cell holding an ``<f>`` element is noted. (openpyxl's formulas-only read
    of the same sheets took ~70 ms a workbook, most of an import's time after the values.)
    """
    wanted = set(sheets)
    found: dict[str, set[tuple[int, int]]] = {}
    try:
        check_workbook_file(Path(path))
        with zipfile.ZipFile(path) as z:
            for title, part in _sheet_parts(z).items():
                if title in wanted:
                    cells = _formulas_in(z, part, max_col)
                    if cells:
                        found[title] = cells
    except Exception:  # noqa: BLE001 - the values were read already; this only adds a warning
        return {}
    return found


def _read_part(z: zipfile.ZipFile, name: str) -> bytes:
    with z.open(name) as member:
        data = member.read(MAX_PART_BYTES + 1)
    if len(data) > MAX_PART_BYTES:
        raise ValueError(name)
    return data


def _children(xml: bytes, wanted: str) -> list[dict[str, str]]:
    """The attributes (by local name) of every element called ``wanted`` (its local name)."""
    out: list[dict[str, str]] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag.rsplit(" ", 1)[-1] == wanted:
            out.append({k.rsplit(" ", 1)[-1]: v for k, v in attrs.items()})

    _parser(start).Parse(xml, True)
    return out


def _refuse(*_args: Any) -> None:
    raise ValueError("a document type declaration")


def _parser(start: Callable[[str, dict[str, str]], None],
            end: Callable[[str], None] | None = None) -> "expat.XMLParserType":
    """An expat parser (namespaces as ``"uri local"``) that refuses a document type declaration."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    return parser


def _target(base: str, target: str) -> str:
    """A relationship's target as a name in the zip (relative to the part's folder, or absolute)."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title → the zip member holding that worksheet (found as Excel does: through the package's
    relationships, not by guessing ``xl/worksheets/sheetN.xml``)."""
    book = next(_target("", r["Target"]) for r in _children(_read_part(z, "_rels/.rels"), "Relationship")
                if r.get("Type", "").endswith("/officeDocument"))
    folder, file = posixpath.split(book)
    rels = {r["Id"]: _target(book, r["Target"])
            for r in _children(_read_part(z, posixpath.join(folder, "_rels", file + ".rels")), "Relationship")
            if "Id" in r and "Target" in r}
    return {s["name"]: rels[s["id"]] for s in _children(_read_part(z, book), "sheet")
            if "name" in s and s.get("id") in rels}


def _formulas_in(z: zipfile.ZipFile, part: str, max_col: int) -> set[tuple[int, int]]:
    """``(row, column)`` of the cells of one worksheet part that hold a formula, in columns 1…``max_col``."""
    found: set[tuple[int, int]] = set()
    at = {"row": 0, "col": 0, "f": False}

    def start(tag: str, attrs: dict[str, str]) -> None:
        local = tag.rsplit(" ", 1)[-1]
        if local == "row":
            at["row"] = int(attrs["r"]) if attrs.get("r") else at["row"] + 1
            at["col"] = 0
        elif local == "c":
            m = _REF.match(attrs.get("r") or "")
            if m:  # "E12": the column's letters in base 26
                col = 0
                for ch in m.group(1):
                    col = col * 26 + ord(ch) - 64
                at["col"], at["row"] = col, int(m.group(2))
            else:  # a cell without its reference follows the one before it
                at["col"] += 1
            at["f"] = False
        elif local == "f":
            at["f"] = True

    def end(tag: str) -> None:
        if at["f"] and tag.rsplit(" ", 1)[-1] == "c":
            if at["col"] <= max_col:
                found.add((at["row"], at["col"]))
            at["f"] = False

    parser = _parser(start, end)
    size = 0
    with z.open(part) as member:
        while chunk := member.read(_CHUNK):
            size += len(chunk)
            if size > MAX_PART_BYTES:
                raise ValueError(part)
            parser.Parse(chunk, False)
    parser.Parse(b"", True)
    return found


def formula_warning(question_ids: list[str]) -> str:
    """The warning naming the questions whose score cell is a formula without a saved result."""
    return tr("the score cells of {questions} hold formulas with no saved result (the workbook was not "
              "recalculated by Excel), so they were imported as unanswered; open the workbook in Excel, save it "
              "and import it again", questions=", ".join(question_ids))
