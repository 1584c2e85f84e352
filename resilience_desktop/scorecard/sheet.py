"""Author a scorecard definition from a simple spreadsheet (.xlsx).

A national platform that holds the official Detailed tool, or its own local indicators, keeps them
in a spreadsheet: one row per indicator with its id, Essential, topic, question, guidance and one
column per score level, plus suffixed columns for other languages (``topic_ru``, ``level_3_ru``).
:func:`definition_from_sheet` turns such a workbook into a definition dict, reporting every problem
with its sheet, row and column; :func:`write_definition` writes it as YAML for the registry.

The workbook is read with openpyxl in read-only, values-only mode: formulas are read as their last
computed values and macros are never run (openpyxl cannot run them). The file is recognised by
its content, not its name: a macro-enabled ``.xlsm`` is read like an ``.xlsx``.
"""

from __future__ import annotations

__all__ = ["definition_from_sheet", "write_definition"]

import contextlib
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import ScorecardError, ScorecardValidationError, ValidationProblem
from .loader import validate_dict
from .registry import builtin_dir

_LANG = r"(?:_(?P<lang>[a-z]{2,3}))?"
_TEXT_COL = re.compile(r"^(?P<key>topic|question|text|guidance)" + _LANG + "$")
_LEVEL_COL = re.compile(r"^(?:level_?)?(?P<score>[0-9]{1,2})" + _LANG + "$")
_ESS_COL = re.compile(r"^(?P<key>title|description)" + _LANG + "$")
_META_KEY = re.compile(r"^(?P<key>title|description|notes)" + _LANG + "$")
_PLAIN_COLS = ("id", "essential", "scenarios", "retired")
_QID = re.compile(r"^[A-Z]?[0-9]{1,2}(\.[0-9]{1,2}){1,3}$")
_SCORECARD_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_LEVELS = ("preliminary", "detailed", "addendum", "custom")
_SCENARIOS = ("most_probable", "most_severe")
_TRUE = {"true", "yes", "y", "1", "x", "да"}
_FALSE = {"false", "no", "n", "0", "", "нет"}
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


# ------------------------------------------------------------------ reading cells
def _norm_header(value: Any) -> str:
    """``"Level 3 (RU)"`` -> ``"level_3_ru"``: lower case, any run of other characters -> ``_``."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"[^0-9a-z]+", "_", str(value).strip().lower()).strip("_")


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _col_letter(index: int) -> str:
    """0-based column index -> spreadsheet letters (0 -> A, 26 -> AA)."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(ord("A") + rem) + out
    return out


def _whole_number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = _cell_text(value)
    return int(text) if re.fullmatch(r"[0-9]{1,6}", text) else None


def _flag(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = _cell_text(value).lower()
    return True if text in _TRUE else False if text in _FALSE else None


@dataclass
class _Sheet:
    """One worksheet read into memory: its name and its non-empty rows with their row numbers."""

    name: str
    rows: list[tuple[int, tuple[Any, ...]]] = field(default_factory=list)

    def where(self, row: int, col: int, label: str) -> str:
        return f"{self.name}!{_col_letter(col)}{row} ({label})"


@dataclass
class _Columns:
    """A sheet's header: which column holds what."""

    header_row: int
    plain: dict[str, int] = field(default_factory=dict)                  # id, essential, ...
    texts: dict[tuple[str, str], int] = field(default_factory=dict)      # (key, lang) -> col
    levels: dict[tuple[int, str], int] = field(default_factory=dict)     # (score, lang) -> col
    labels: dict[int, str] = field(default_factory=dict)                 # col -> header as written


def _read_workbook(path: Path, problems: list[ValidationProblem]) -> list[_Sheet]:
    """Every worksheet of the workbook at ``path``; problems with the file itself go to ``problems``."""
    file = str(path)
    try:
        with open(path, "rb") as fh:
            magic = fh.read(4)
    except OSError as exc:
        problems.append(ValidationProblem(file, "(file)", f"cannot read: {exc.strerror or exc}"))
        return []
    if magic == _OLE_MAGIC:
        problems.append(ValidationProblem(
            file, "(file)", "this is an old binary Excel file (.xls); save it as an Excel workbook (.xlsx)"))
        return []
    if magic != _ZIP_MAGIC:
        problems.append(ValidationProblem(
            file, "(file)", "not an Excel workbook (.xlsx); save the spreadsheet in that format"))
        return []
    try:
        import openpyxl
    except ModuleNotFoundError:  # an optional dependency: only this command needs it
        raise ScorecardError("reading spreadsheets needs the 'openpyxl' package (pip install openpyxl)") from None
    sheets: list[_Sheet] = []
    try:
        # A file object (not the name) so the check is on the content, not on the file name ending.
        with open(path, "rb") as fh:
            wb = openpyxl.load_workbook(fh, read_only=True, data_only=True, keep_vba=False, keep_links=False)
            try:
                for ws in wb.worksheets:
                    sheet = _Sheet(ws.title)
                    for number, values in enumerate(ws.iter_rows(min_row=1, values_only=True), start=1):
                        if any(_cell_text(v) for v in values):
                            sheet.rows.append((number, tuple(values)))
                    sheets.append(sheet)
            finally:
                wb.close()
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
        # openpyxl reports a zip that is not a workbook (e.g. a .docx) with KeyError or ValueError.
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        problems.append(ValidationProblem(file, "(file)", f"not a readable Excel workbook (.xlsx): {detail}"))
        return []
    return sheets


def _header(sheet: _Sheet, problems: list[ValidationProblem], file: str, kind: str) -> _Columns | None:
    """Map the first non-empty row of ``sheet`` to columns; ``kind`` is ``indicators`` or ``essentials``."""
    if not sheet.rows:
        return None
    row, values = sheet.rows[0]
    cols = _Columns(row)
    for col, raw in enumerate(values):
        name = _norm_header(raw) if raw is not None else ""
        if not name:
            continue
        cols.labels[col] = str(raw).strip()
        where = f"{sheet.name}!{_col_letter(col)}{row} (header)"
        key: Any
        if kind == "indicators":
            m_text, m_level = _TEXT_COL.match(name), _LEVEL_COL.match(name)
            if name in _PLAIN_COLS:
                target, key = cols.plain, name
            elif m_text:
                k = "question" if m_text["key"] == "text" else m_text["key"]
                target, key = cols.texts, (k, m_text["lang"] or "en")
            elif m_level:
                target, key = cols.levels, (int(m_level["score"]), m_level["lang"] or "en")
            else:
                problems.append(ValidationProblem(
                    file, where, f"unknown column {cols.labels[col]!r}; expected id, essential, topic, question, "
                    "guidance, level_0 ... level_5 (or 0 ... 5), scenarios, retired, each text with an "
                    "optional language suffix such as _ru"))
                continue
        else:
            m_ess = _ESS_COL.match(name)
            if name == "number":
                target, key = cols.plain, name
            elif m_ess:
                target, key = cols.texts, (m_ess["key"], m_ess["lang"] or "en")
            else:
                problems.append(ValidationProblem(
                    file, where, f"unknown column {cols.labels[col]!r}; expected number, title, description "
                    "(each text with an optional language suffix such as _ru)"))
                continue
        if key in target:
            problems.append(ValidationProblem(
                file, where, f"column {cols.labels[col]!r} repeats column {_col_letter(target[key])}"))
            continue
        target[key] = col
    for (key, lang), col in sorted(cols.texts.items()):
        # topic/question/title without English are reported as missing required columns instead
        if lang != "en" and (key, "en") not in cols.texts and key in ("guidance", "description"):
            problems.append(ValidationProblem(
                file, f"{sheet.name}!{_col_letter(col)}{row} (header)",
                f"a '{lang}' column for {key} but no English {key} column"))
    return cols


def _texts(values: tuple[Any, ...], cols: dict[tuple[str, str], int], key: str) -> dict[str, str]:
    """The language -> text mapping of ``key`` in one row (empty cells left out); English first."""
    out: dict[str, str] = {}
    for (k, lang), col in sorted(cols.items(), key=lambda kv: (kv[0][1] != "en", kv[0][1])):
        if k == key and col < len(values):
            text = _cell_text(values[col])
            if text:
                out[lang] = text
    return out


def _at(values: tuple[Any, ...], col: int | None) -> Any:
    return values[col] if col is not None and col < len(values) else None


# ------------------------------------------------------------------ the three sheets
def _score_range(cols: _Columns, sheet: _Sheet, given: tuple[int, int] | None, file: str,
                 problems: list[ValidationProblem]) -> tuple[int, int] | None:
    """The score range: ``given``, or the span of the English level columns, which must be complete."""
    scores = sorted(s for s, lang in cols.levels if lang == "en")
    where = f"{sheet.name}!{cols.header_row}:{cols.header_row} (header)"
    for s, lang in sorted(cols.levels):
        if lang != "en" and s not in scores:
            problems.append(ValidationProblem(
                file, sheet.where(cols.header_row, cols.levels[(s, lang)], "header"),
                f"a '{lang}' column for level {s} but no English level_{s} column"))
    if given is not None:
        lo, hi = given
    elif len(scores) < 2:
        problems.append(ValidationProblem(
            file, where, "needs one column per score level, e.g. level_0 ... level_3 (or 0 ... 3)"))
        return None
    else:
        lo, hi = scores[0], scores[-1]
    for s in range(lo, hi + 1):
        if s not in scores:
            problems.append(ValidationProblem(file, where, f"missing column level_{s} (score range {lo}-{hi})"))
    for s in scores:
        if not lo <= s <= hi:
            problems.append(ValidationProblem(
                file, sheet.where(cols.header_row, cols.levels[(s, "en")], "header"),
                f"level column outside the score range {lo}-{hi}"))
    return lo, hi


def _questions(sheet: _Sheet, cols: _Columns, rng: tuple[int, int] | None, essentials: set[int],
               has_sheet: bool, file: str, problems: list[ValidationProblem]) -> list[dict[str, Any]]:
    """One question per data row; every problem with its cell."""
    header = f"{sheet.name}!{cols.header_row}:{cols.header_row} (header)"
    for name in ("id", "essential"):
        if name not in cols.plain:
            problems.append(ValidationProblem(file, header, f"missing required column {name!r}"))
    for name in ("topic", "question"):
        if (name, "en") not in cols.texts:
            problems.append(ValidationProblem(
                file, header, f"missing required column {name!r} (English text, no suffix or _en)"))
    out: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for row, values in sheet.rows[1:]:
        q: dict[str, Any] = {}
        # id
        col = cols.plain.get("id")
        raw = _at(values, col)
        qid = _cell_text(raw)
        id_ok = False
        if col is not None:
            where = sheet.where(row, col, "id")
            if isinstance(raw, (int, float)) and not isinstance(raw, bool):
                problems.append(ValidationProblem(
                    file, where, f"id {qid!r} is stored as a number; format the id column as text "
                    "so ids like 1.10 keep their digits"))
            elif not qid:
                problems.append(ValidationProblem(file, where, "empty id"))
            elif not _QID.match(qid):
                problems.append(ValidationProblem(
                    file, where, f"id {qid!r} is not of the form P1.1, 1.1, 6.4.1 or 6.4.1.1"))
            elif qid in seen:
                problems.append(ValidationProblem(file, where, f"duplicate id {qid!r} (first in row {seen[qid]})"))
            else:
                seen[qid] = row
                id_ok = True
        q["id"] = qid
        # essential
        col = cols.plain.get("essential")
        if col is not None:
            where = sheet.where(row, col, "essential")
            ess = _whole_number(_at(values, col))
            if ess is None:
                shown = _cell_text(_at(values, col))
                problems.append(ValidationProblem(
                    file, where, f"essential must be a whole number, not {shown!r}" if shown else "empty essential"))
            elif ess not in essentials:
                hint = "" if has_sheet else "; add an 'essentials' sheet to define more"
                known = ", ".join(map(str, sorted(essentials)))
                problems.append(ValidationProblem(file, where, f"essential {ess} is not defined (known: {known}){hint}"))
            elif id_ok:
                head = qid.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ").split(".")[0]
                if int(head) != ess:
                    problems.append(ValidationProblem(
                        file, where, f"id {qid!r} belongs to essential {int(head)}, not {ess}"))
            q["essential"] = ess
        # texts
        for key, out_key, required in (("topic", "topic", True), ("question", "text", True),
                                       ("guidance", "guidance", False)):
            text = _texts(values, cols.texts, key)
            if ("en" not in text and (required or text)) and (key, "en") in cols.texts:
                problems.append(ValidationProblem(
                    file, sheet.where(row, cols.texts[(key, "en")], key),
                    f"empty {key}" if required else f"{key} has a translation but no English text"))
            if text:
                q[out_key] = text
        # levels, highest first as in the shipped files
        if rng is not None:
            levels: dict[str, dict[str, str]] = {}
            for s in range(rng[1], rng[0] - 1, -1):
                col = cols.levels.get((s, "en"))
                if col is None:
                    continue
                text = {lang: t for (sc, lang), c in sorted(cols.levels.items(), key=lambda kv: kv[0][1] != "en")
                        if sc == s and (t := _cell_text(_at(values, c)))}
                if "en" not in text:
                    problems.append(ValidationProblem(
                        file, sheet.where(row, col, f"level {s}"), f"missing level {s} description"))
                levels[str(s)] = text
            q["levels"] = levels
        # optional columns
        col = cols.plain.get("scenarios")
        if col is not None and _cell_text(_at(values, col)):
            names = [_norm_header(n) for n in re.split(r"[,;\s]+", _cell_text(_at(values, col))) if n]
            bad = [n for n in names if n not in _SCENARIOS]
            if bad:
                problems.append(ValidationProblem(
                    file, sheet.where(row, col, "scenarios"),
                    f"unknown scenario {', '.join(bad)}; use most_probable and/or most_severe"))
            else:
                q["scenarios"] = list(dict.fromkeys(names))
        col = cols.plain.get("retired")
        if col is not None:
            flag = _flag(_at(values, col))
            if flag is None:
                problems.append(ValidationProblem(
                    file, sheet.where(row, col, "retired"), "retired must be yes/no (or true/false, 1/0)"))
            elif flag:
                q["retired"] = True
        out.append(q)
    if not out and not problems:
        problems.append(ValidationProblem(file, f"{sheet.name}!{cols.header_row + 1}:{cols.header_row + 1}",
                                          "no indicator rows below the header"))
    return out


def _essentials(sheet: _Sheet, file: str, problems: list[ValidationProblem]) -> list[dict[str, Any]]:
    cols = _header(sheet, problems, file, "essentials")
    if cols is None:
        problems.append(ValidationProblem(file, f"{sheet.name}!1:1 (header)", "empty essentials sheet"))
        return []
    where_header = f"{sheet.name}!{cols.header_row}:{cols.header_row} (header)"
    if "number" not in cols.plain:
        problems.append(ValidationProblem(file, where_header, "missing required column 'number'"))
    if ("title", "en") not in cols.texts:
        problems.append(ValidationProblem(file, where_header, "missing required column 'title' (English)"))
    out: list[dict[str, Any]] = []
    seen: set[int] = set()
    for row, values in sheet.rows[1:]:
        e: dict[str, Any] = {}
        col = cols.plain.get("number")
        if col is not None:
            number = _whole_number(_at(values, col))
            if number is None or not 1 <= number <= 99:
                problems.append(ValidationProblem(
                    file, sheet.where(row, col, "number"), "number must be a whole number from 1 to 99"))
            elif number in seen:
                problems.append(ValidationProblem(
                    file, sheet.where(row, col, "number"), f"duplicate essential {number}"))
            else:
                seen.add(number)
            e["number"] = number
        for key in ("title", "description"):
            text = _texts(values, cols.texts, key)
            if "en" not in text and (key == "title" or text) and (key, "en") in cols.texts:
                problems.append(ValidationProblem(
                    file, sheet.where(row, cols.texts[(key, "en")], key), f"empty {key}"))
            if text:
                e[key] = text
        out.append(e)
    return out


def _meta(sheet: _Sheet, file: str, problems: list[ValidationProblem]) -> dict[str, Any]:
    """``key | value`` rows (an optional ``key | value`` header row is skipped)."""
    out: dict[str, Any] = {}
    for row, values in sheet.rows:
        key = _norm_header(values[0]) if values and values[0] is not None else ""
        raw = values[1] if len(values) > 1 else None
        where = f"{sheet.name}!B{row} ({key or 'value'})"
        if key == "key" and _norm_header(raw or "") == "value":
            continue
        if not key:
            problems.append(ValidationProblem(file, f"{sheet.name}!A{row} (key)", "a value without a key"))
        elif key == "version":
            n = _whole_number(raw)
            if n is None or n < 1:
                problems.append(ValidationProblem(file, where, "version must be a whole number from 1"))
            out["version"] = n
        elif key == "provisional":
            flag = _flag(raw)
            if flag is None:
                problems.append(ValidationProblem(file, where, "provisional must be yes/no (or true/false)"))
            out["provisional"] = bool(flag)
        elif key in ("id", "level"):
            out[key] = _cell_text(raw)
        elif m := _META_KEY.match(key):
            if _cell_text(raw):
                out.setdefault(m["key"], {})[m["lang"] or "en"] = _cell_text(raw)
        else:
            problems.append(ValidationProblem(
                file, f"{sheet.name}!A{row} (key)",
                f"unknown key {_cell_text(values[0])!r}; expected id, title, description, notes (each with an "
                "optional language suffix such as _ru), version, level, provisional"))
    return out


def _builtin_essentials() -> list[dict[str, Any]]:
    doc = yaml.safe_load((builtin_dir() / "preliminary.yaml").read_text(encoding="utf-8"))
    return [dict(e) for e in doc["essentials"]]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9_-]+", "-", text.lower()).strip("-_")[:64]


# ------------------------------------------------------------------ public
def definition_from_sheet(
    path: str | Path,
    *,
    scorecard_id: str | None = None,
    title: str | None = None,
    version: int | None = None,
    level: str | None = None,
    score_range: tuple[int, int] | None = None,
) -> dict[str, Any]:
    """Read a scorecard definition from the workbook at ``path``.

    Sheets: ``indicators`` (or the first sheet) with a header row and one row per indicator;
    optional ``essentials`` (number, title, description); optional ``meta`` (key/value rows).
    Keyword arguments override the ``meta`` sheet; without either, the id comes from the file
    name, the title from the file name, ``version`` is 1 and ``level`` is ``custom``. The score
    range is the span of the level columns unless ``score_range`` is given. Without an
    ``essentials`` sheet, the Essentials used by the rows are taken from the shipped Preliminary
    scorecard.

    Returns
    -------
    dict
        A definition that passes :func:`~resilience_desktop.scorecard.loader.validate_dict`.

    Raises
    ------
    ScorecardValidationError
        With every problem found, each naming the sheet, cell and column (``indicators!C7 (topic)``).
    """
    path = Path(path)
    file = str(path)
    problems: list[ValidationProblem] = []
    sheets = _read_workbook(path, problems)
    if problems:
        raise ScorecardValidationError(problems)
    by_key = {_norm_header(s.name): s for s in sheets}
    ind = by_key.get("indicators") or next(
        (s for s in sheets if _norm_header(s.name) not in ("essentials", "meta")), None)
    if ind is None or not ind.rows:
        raise ScorecardValidationError([ValidationProblem(
            file, f"{ind.name if ind else 'indicators'}!1:1",
            "no indicators: the first sheet (or one named 'indicators') needs a header row "
            "and one row per indicator")])

    meta = _meta(by_key["meta"], file, problems) if "meta" in by_key else {}
    essentials = (_essentials(by_key["essentials"], file, problems) if "essentials" in by_key else None)
    cols = _header(ind, problems, file, "indicators")
    assert cols is not None  # ind.rows is not empty
    rng = _score_range(cols, ind, score_range, file, problems)
    known = ({e["number"] for e in essentials if isinstance(e.get("number"), int)}
             if essentials is not None else set(range(1, 11)))
    questions = _questions(ind, cols, rng, known, essentials is not None, file, problems)
    if essentials is None:
        used = {q.get("essential") for q in questions}
        essentials = [e for e in _builtin_essentials() if e["number"] in used]

    sid = scorecard_id or meta.get("id") or _slug(path.stem)
    if not _SCORECARD_ID.match(sid or ""):
        problems.append(ValidationProblem(
            file, "id", f"scorecard id {sid!r} must be lower case letters, digits, '-' or '_' (give --id)"))
    lvl = level or meta.get("level") or "custom"
    if lvl not in _LEVELS:
        problems.append(ValidationProblem(file, "level", f"level {lvl!r} must be one of {', '.join(_LEVELS)}"))
    if problems:
        raise ScorecardValidationError(problems)

    title_text: dict[str, str] = dict(meta.get("title") or {})
    if title:
        title_text["en"] = title
    title_text.setdefault("en", path.stem)
    if version is None:
        version = meta.get("version") or 1
    doc: dict[str, Any] = {"format": 1, "id": sid, "version": version, "title": title_text}
    if meta.get("description"):
        doc["description"] = meta["description"]
    doc["level"] = lvl
    doc["score_range"] = [rng[0], rng[1]] if rng else None
    doc["provisional"] = bool(meta.get("provisional", False))
    if meta.get("notes"):
        doc["notes"] = meta["notes"]
    doc["essentials"] = essentials
    doc["questions"] = questions
    problems = validate_dict(doc, file)
    if problems:
        raise ScorecardValidationError(problems)
    return doc


class _Dumper(yaml.SafeDumper):
    """Safe YAML with multi-line texts as literal blocks (readable diffs of a re-import)."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _str)


def write_definition(doc: dict[str, Any], out_path: str | Path, *, force: bool = False) -> Path:
    """Validate ``doc`` and write it as YAML to ``out_path`` atomically; return the path.

    The file is written to a temporary file beside ``out_path`` and moved into place, so a reader
    (the registry) never sees half a file. An existing file is replaced only when ``force``.

    Raises
    ------
    ScorecardValidationError
        When ``doc`` is not a valid definition (nothing is written).
    ScorecardError
        When ``out_path`` exists and ``force`` is false.
    """
    out = Path(out_path)
    problems = validate_dict(doc, str(out))
    if problems:
        raise ScorecardValidationError(problems)
    if out.exists() and not force:
        raise ScorecardError(f"{out} already exists; not replacing it without force (--force)")
    out.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100_000,
                     default_flow_style=False)
    mode = out.stat().st_mode & 0o777 if out.exists() else 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp creates the file private (0600); a definition is meant to be shared and read.
        os.chmod(tmp, mode)
        os.replace(tmp, out)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return out
