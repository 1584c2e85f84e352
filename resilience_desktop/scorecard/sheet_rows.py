"""Turn the cells of a scorecard spreadsheet into the parts of a definition.

The three sheets :mod:`.sheet` reads (indicators, essentials, meta) are parsed here, each problem
collected with its sheet, cell and column (``indicators!C7 (topic)``) instead of raised, so the
author gets the complete list in one run.
"""

from __future__ import annotations

__all__ = ["Sheet", "Columns", "norm_header", "cell_text", "parse_header", "parse_score_range",
           "parse_questions", "parse_essentials", "parse_meta"]

import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import ValidationProblem

_LANG = r"(?:_(?P<lang>[a-z]{2,3}))?"
_TEXT_COL = re.compile(r"^(?P<key>topic|question|text|guidance)" + _LANG + "$")
_LEVEL_COL = re.compile(r"^(?:level_?)?(?P<score>[0-9]{1,2})" + _LANG + "$")
_ESS_COL = re.compile(r"^(?P<key>title|description)" + _LANG + "$")
_META_KEY = re.compile(r"^(?P<key>title|description|notes)" + _LANG + "$")
_PLAIN_COLS = ("id", "essential", "scenarios", "retired")
_QID = re.compile(r"^[A-Z]?[0-9]{1,2}(\.[0-9]{1,2}){1,3}$")
_SCENARIOS = ("most_probable", "most_severe")
_TRUE = {"true", "yes", "y", "1", "x", "да"}
_FALSE = {"false", "no", "n", "0", "", "нет"}


# ------------------------------------------------------------------ reading cells
def norm_header(value: Any) -> str:
    """``"Level 3 (RU)"`` -> ``"level_3_ru"``: lower case, any run of other characters -> ``_``."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"[^0-9a-z]+", "_", str(value).strip().lower()).strip("_")


def cell_text(value: Any) -> str:
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
    text = cell_text(value)
    return int(text) if re.fullmatch(r"[0-9]{1,6}", text) else None


def _flag(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = cell_text(value).lower()
    return True if text in _TRUE else False if text in _FALSE else None


@dataclass
class Sheet:
    """One worksheet read into memory: its name and its non-empty rows with their row numbers."""

    name: str
    rows: list[tuple[int, tuple[Any, ...]]] = field(default_factory=list)

    def where(self, row: int, col: int, label: str) -> str:
        return f"{self.name}!{_col_letter(col)}{row} ({label})"


@dataclass
class Columns:
    """A sheet's header: which column holds what."""

    header_row: int
    plain: dict[str, int] = field(default_factory=dict)                  # id, essential, ...
    texts: dict[tuple[str, str], int] = field(default_factory=dict)      # (key, lang) -> col
    levels: dict[tuple[int, str], int] = field(default_factory=dict)     # (score, lang) -> col
    labels: dict[int, str] = field(default_factory=dict)                 # col -> header as written


def parse_header(sheet: Sheet, problems: list[ValidationProblem], file: str, kind: str) -> Columns | None:
    """Map the first non-empty row of ``sheet`` to columns; ``kind`` is ``indicators`` or ``essentials``."""
    if not sheet.rows:
        return None
    row, values = sheet.rows[0]
    cols = Columns(row)
    for col, raw in enumerate(values):
        name = norm_header(raw) if raw is not None else ""
        if not name:
            continue
        cols.labels[col] = str(raw).strip()
        where = f"{sheet.name}!{_col_letter(col)}{row} (header)"
        key: Any                # a plain name, (key, lang) or (score, lang): the key type of ``target``
        target: dict[Any, int]
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
            text = cell_text(values[col])
            if text:
                out[lang] = text
    return out


def _at(values: tuple[Any, ...], col: int | None) -> Any:
    return values[col] if col is not None and col < len(values) else None


# ------------------------------------------------------------------ the three sheets
def parse_score_range(cols: Columns, sheet: Sheet, given: tuple[int, int] | None, file: str,
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


@dataclass
class _Reader:
    """Reads the cells of one indicator row, reporting each bad cell to ``problems``."""

    sheet: Sheet
    cols: Columns
    file: str
    problems: list[ValidationProblem]

    def bad(self, row: int, col: int, label: str, message: str) -> None:
        self.problems.append(ValidationProblem(self.file, self.sheet.where(row, col, label), message))

    def id(self, row: int, values: tuple[Any, ...], seen: dict[str, int]) -> tuple[str, bool]:
        """The row's id and whether it is usable (well formed and not a duplicate)."""
        col = self.cols.plain.get("id")
        raw = _at(values, col)
        qid = cell_text(raw)
        if col is None:
            return qid, False
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            self.bad(row, col, "id", f"id {qid!r} is stored as a number; format the id column as text "
                     "so ids like 1.10 keep their digits")
        elif not qid:
            self.bad(row, col, "id", "empty id")
        elif not _QID.match(qid):
            self.bad(row, col, "id", f"id {qid!r} is not of the form P1.1, 1.1, 6.4.1 or 6.4.1.1")
        elif qid in seen:
            self.bad(row, col, "id", f"duplicate id {qid!r} (first in row {seen[qid]})")
        else:
            seen[qid] = row
            return qid, True
        return qid, False

    def essential(self, row: int, values: tuple[Any, ...], qid: str | None, known: set[int],
                  hint: str) -> int | None:
        """The row's Essential number; ``qid`` (when usable) must belong to it."""
        col = self.cols.plain.get("essential")
        if col is None:
            return None
        ess = _whole_number(_at(values, col))
        if ess is None:
            shown = cell_text(_at(values, col))
            self.bad(row, col, "essential",
                     f"essential must be a whole number, not {shown!r}" if shown else "empty essential")
        elif ess not in known:
            self.bad(row, col, "essential",
                     f"essential {ess} is not defined (known: {', '.join(map(str, sorted(known)))}){hint}")
        elif qid is not None:
            head = int(qid.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ").split(".")[0])
            if head != ess:
                self.bad(row, col, "essential", f"id {qid!r} belongs to essential {head}, not {ess}")
        return ess

    def texts(self, row: int, values: tuple[Any, ...], q: dict[str, Any]) -> None:
        for key, out_key, required in (("topic", "topic", True), ("question", "text", True),
                                       ("guidance", "guidance", False)):
            text = _texts(values, self.cols.texts, key)
            if "en" not in text and (required or text) and (key, "en") in self.cols.texts:
                self.bad(row, self.cols.texts[(key, "en")], key,
                         f"empty {key}" if required else f"{key} has a translation but no English text")
            if text:
                q[out_key] = text

    def levels(self, row: int, values: tuple[Any, ...], rng: tuple[int, int]) -> dict[str, dict[str, str]]:
        """One text per score, highest first as in the shipped files."""
        levels: dict[str, dict[str, str]] = {}
        by_lang = sorted(self.cols.levels.items(), key=lambda kv: kv[0][1] != "en")
        for s in range(rng[1], rng[0] - 1, -1):
            col = self.cols.levels.get((s, "en"))
            if col is None:
                continue
            text = {lang: t for (sc, lang), c in by_lang if sc == s and (t := cell_text(_at(values, c)))}
            if "en" not in text:
                self.bad(row, col, f"level {s}", f"missing level {s} description")
            levels[str(s)] = text
        return levels

    def options(self, row: int, values: tuple[Any, ...], q: dict[str, Any]) -> None:
        """The optional ``scenarios`` and ``retired`` columns."""
        col = self.cols.plain.get("scenarios")
        if col is not None and cell_text(_at(values, col)):
            names = [norm_header(n) for n in re.split(r"[,;\s]+", cell_text(_at(values, col))) if n]
            bad = [n for n in names if n not in _SCENARIOS]
            if bad:
                self.bad(row, col, "scenarios",
                         f"unknown scenario {', '.join(bad)}; use most_probable and/or most_severe")
            else:
                q["scenarios"] = list(dict.fromkeys(names))
        col = self.cols.plain.get("retired")
        if col is not None:
            flag = _flag(_at(values, col))
            if flag is None:
                self.bad(row, col, "retired", "retired must be yes/no (or true/false, 1/0)")
            elif flag:
                q["retired"] = True


def parse_questions(sheet: Sheet, cols: Columns, rng: tuple[int, int] | None, essentials: set[int],
                    has_sheet: bool, file: str, problems: list[ValidationProblem]) -> list[dict[str, Any]]:
    """One question per data row of the indicators sheet; every problem with its cell.

    ``essentials`` are the known Essential numbers; ``has_sheet`` says whether they came from an
    ``essentials`` sheet (if not, a problem suggests adding one).
    """
    header = f"{sheet.name}!{cols.header_row}:{cols.header_row} (header)"
    for name in ("id", "essential"):
        if name not in cols.plain:
            problems.append(ValidationProblem(file, header, f"missing required column {name!r}"))
    for name in ("topic", "question"):
        if (name, "en") not in cols.texts:
            problems.append(ValidationProblem(
                file, header, f"missing required column {name!r} (English text, no suffix or _en)"))
    hint = "" if has_sheet else "; add an 'essentials' sheet to define more"
    read = _Reader(sheet, cols, file, problems)
    out: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for row, values in sheet.rows[1:]:
        qid, id_ok = read.id(row, values, seen)
        q: dict[str, Any] = {"id": qid}
        ess = read.essential(row, values, qid if id_ok else None, essentials, hint)
        if ess is not None:
            q["essential"] = ess
        read.texts(row, values, q)
        if rng is not None:
            q["levels"] = read.levels(row, values, rng)
        read.options(row, values, q)
        out.append(q)
    if not out and not problems:
        problems.append(ValidationProblem(file, f"{sheet.name}!{cols.header_row + 1}:{cols.header_row + 1}",
                                          "no indicator rows below the header"))
    return out


def parse_essentials(sheet: Sheet, file: str, problems: list[ValidationProblem]) -> list[dict[str, Any]]:
    cols = parse_header(sheet, problems, file, "essentials")
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


def parse_meta(sheet: Sheet, file: str, problems: list[ValidationProblem]) -> dict[str, Any]:
    """``key | value`` rows (an optional ``key | value`` header row is skipped)."""
    out: dict[str, Any] = {}
    for row, values in sheet.rows:
        key = norm_header(values[0]) if values and values[0] is not None else ""
        raw = values[1] if len(values) > 1 else None
        where = f"{sheet.name}!B{row} ({key or 'value'})"
        if key == "key" and norm_header(raw or "") == "value":
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
            out[key] = cell_text(raw)
        elif m := _META_KEY.match(key):
            if cell_text(raw):
                out.setdefault(m["key"], {})[m["lang"] or "en"] = cell_text(raw)
        else:
            problems.append(ValidationProblem(
                file, f"{sheet.name}!A{row} (key)",
                f"unknown key {cell_text(values[0])!r}; expected id, title, description, notes (each with an "
                "optional language suffix such as _ru), version, level, provisional"))
    return out
