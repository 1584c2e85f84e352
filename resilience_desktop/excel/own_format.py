"""The layout of the workbooks Resilience Desktop exports, and reading them back.

One module owns the layout so the writer (:mod:`.exporter`) and the reader agree:

* ``Info``: label (A), value (B) and a hidden machine key (C) per row; the row keyed
  ``format`` holds ``"resilience-desktop-excel 1"`` and identifies the file;
* ``E01``…``E10``: one row per question under a header row: id, topic, score (a number,
  ``N/A`` or empty), level description, means of verification, actions, responsible,
  timescale, and a hidden column with the exact action items as JSON;
* ``Results``: per-Essential points against their maximum and the overall ``X / max``
  (not read back: scores are recomputed).

The visible cells are authoritative: if someone edited the actions in Excel, the edited text
is imported instead of the hidden copy. A question sheet's columns are found by their headers (in
any of the app's languages) when a colleague moved, inserted or deleted one: a deleted column
keeps what the app holds, a column no export writes is named as not imported.
"""

from __future__ import annotations

__all__ = ["FORMAT", "FORMAT_VERSION", "COLUMNS", "render_actions", "parse_own", "is_own_export", "is_na_text", "NA_TEXT",
           "instructions_title", "column_heads", "not_data_sheet"]

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable

from ..errors import ExcelImportError, ResilienceError
from ..i18n.catalog import tr
from ..i18n.language import LANGUAGES, Language
from ..safety.validate import loads_json
from ..workspace.labels import assessment_status_label
from ..workspace.records import ActionItem, Answer
from .cells import Grid, text, whole_number_text
from .content import OWN_EXPORT, CityInfo, QuestionEntry, WorkbookContent, out_of_range, refusal
from ..i18n.countries import country_code
from .official import ESSENTIAL_SHEET

FORMAT = "resilience-desktop-excel"
FORMAT_VERSION = 1
NA_TEXT = "N/A"
_NA = {"n/a", "na", "н/п", "н/д", "not applicable", "не применимо"}


def na_text() -> str:
    """What a not-applicable score cell says, in the language in force."""
    return tr("N/A")


#: An assessment status as the workbook shows it, in the language in force.
status_label = assessment_status_label


@lru_cache(maxsize=1)
def _shown_in_any_language() -> tuple[dict[str, str], frozenset[str]]:
    """What :func:`status_label` and :func:`na_text` write in every language, to read it back."""
    statuses: dict[str, str] = {}
    na: set[str] = set(_NA)
    for code in LANGUAGES:
        with Language.get(code).active():
            statuses.update({status_label(s).casefold(): s for s in ("in_progress", "final", "archived")})
            na.add(na_text().casefold())
    return statuses, frozenset(na)


def instructions_title() -> str:
    """The name of an export's first sheet (what to type where), in the language in force."""
    return tr("How to fill in")[:31]  # Excel's limit for a sheet name


@lru_cache(maxsize=1)
def _not_data_sheets() -> frozenset[str]:
    """Sheets an export writes that hold nothing to read back: Results, and the instructions in any language."""
    names = {"results"}
    for code in LANGUAGES:
        with Language.get(code).active():
            names.add(instructions_title().strip().casefold())
    return frozenset(names)


def not_data_sheet(title: str) -> bool:
    """Whether ``title`` is a sheet an export writes that holds nothing to read back (Results, the instructions)."""
    return title.strip().casefold() in _not_data_sheets()


def _degrees(value: Any, limit: float) -> float | None:
    """A longitude (``limit`` 180) or latitude (90) cell as a number of degrees, else ``None``."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and -limit <= value <= limit:
        return float(value)
    return None


def _whole(value: Any) -> int | None:
    """A cell's non-negative whole number (a count, a position), or ``None``."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer() and value >= 0:
        return int(value)
    return None


def _status_from(text_value: str | None) -> str | None:
    if not text_value:
        return None
    return _shown_in_any_language()[0].get(text_value.strip().casefold(), text_value)


#: Latin letters that look like Cyrillic ones, in lower case: «H/П» typed with a Latin H on a mixed keyboard
#: reads the same on screen as «Н/П» (a city official's trial: the whole import stopped, and the message
#: could not show the difference).
_LOOK_ALIKES = str.maketrans("aceh" "kmoptxy", "асен" "кмортху")


def _na_key(value: str) -> str:
    """``value`` as compared with the N/A spellings: case, look-alike Latin letters and spaces around the slash
    do not count.

    >>> _na_key(" H / П ") == _na_key("Н/П") and _na_key("N/A") == _na_key("n/a")
    True
    """
    return re.sub(r"\s*/\s*", "/", value.strip().casefold()).translate(_LOOK_ALIKES)


@lru_cache(maxsize=1)
def _na_keys() -> frozenset[str]:
    return frozenset(_na_key(v) for v in _shown_in_any_language()[1])


def is_na_text(value: str) -> bool:
    """Whether ``value`` is "not applicable" as a score cell (or a typed score) may say it, in any language."""
    return _na_key(value) in _na_keys()


_QUESTION_ID = re.compile(r"^[A-Za-z]{0,3}\d+(\.\d+)*$")

#: Columns of an Essential sheet (1-based), in order.
COLUMNS = {"id": 1, "topic": 2, "score": 3, "level": 4, "verification": 5, "actions": 6, "responsible": 7,
           "timescale": 8, "items": 9,
           # added after the first release (files without them still read): everything else the team typed
           "comment": 10, "data_sources": 11, "evidence": 12, "updated_by": 13, "updated_at": 14}
HEADER_ROW = 3
INFO_LABEL, INFO_VALUE, INFO_KEY = 1, 2, 3
#: The columns a colleague's edits are read from; the others only show the app's state (topic, levels,
#: evidence, who changed it last) and their loss loses nothing.
_TYPED = ("verification", "actions", "responsible", "timescale", "comment", "data_sources")
#: What earlier versions headed a column (still recognised when a sheet's columns were moved).
_EARLIER_HEADS = {"topic": ("Topic",), "level": ("Level description",)}


def column_heads() -> dict[str, str]:
    """The header row of a question sheet, in the language in force: each of :data:`COLUMNS`' keys
    with its header."""
    return {"id": tr("Question"), "topic": tr("Topic and question"), "score": tr("Score"),
            "level": tr("Levels (▶ the chosen one)"), "verification": tr("Means of verification"),
            "actions": tr("Actions"), "responsible": tr("Responsible"), "timescale": tr("Timescale"),
            "items": "items", "comment": tr("Why this score"), "data_sources": tr("Data sources"),
            "evidence": tr("Evidence"), "updated_by": tr("Last changed by"), "updated_at": tr("Last changed")}


@lru_cache(maxsize=1)
def _heads_in_any_language() -> dict[str, str]:
    """Every header :func:`column_heads` writes in any language (and earlier versions wrote), casefolded,
    with the column it heads."""
    keys: dict[str, str] = {}
    for code in LANGUAGES:
        with Language.get(code).active():
            keys.update({head.strip().casefold(): key for key, head in column_heads().items()})
            keys.update({tr(old).strip().casefold(): key for key, olds in _EARLIER_HEADS.items() for old in olds})
    return keys


@dataclass
class _Layout:
    """Where a question sheet's columns are (``columns``: key → 1-based column) and what its header row
    says about them: the typed columns not found, and the columns no export writes."""

    columns: dict[str, int]
    missing: list[str] = field(default_factory=list)
    extra: list[int] = field(default_factory=list)
    #: The headers as the workbook's language writes them, for messages.
    heads: dict[str, str] = field(default_factory=dict)


def _heads_of_sheet(grid: Grid) -> dict[str, str]:
    """:func:`column_heads` in the language the sheet's header row is written in (the one most of its
    headers are in): a message names a column the way the colleague's workbook does."""
    row = {grid.text(HEADER_ROW, c).casefold() for c in range(1, len(grid.rows.get(HEADER_ROW, ())) + 1)}
    best: tuple[int, dict[str, str]] = (-1, {})
    for code in LANGUAGES:
        with Language.get(code).active():
            heads = column_heads()
        hits = sum(h.casefold() in row for h in heads.values())
        if hits > best[0]:
            best = (hits, heads)
    return best[1]


def _layout(grid: Grid, problems: list[str]) -> _Layout | None:
    """Read a question sheet's header row. Columns moved, inserted or deleted in Excel are found by their
    header; a header row as exported (or only reworded in place) keeps :data:`COLUMNS`. ``None`` (with the
    reason in ``problems``) when the question id or the score column cannot be found, or a header is there
    twice."""
    known = _heads_in_any_language()
    heads = _heads_of_sheet(grid)
    found: dict[str, int] = {}
    unknown: list[int] = []
    width = max((len(v) for v in grid.rows.values()), default=0)
    for col in range(1, width + 1):
        head = grid.text(HEADER_ROW, col)
        key = known.get(head.casefold()) if head else None
        if key is None:
            unknown.append(col)
        elif key in found:
            problems.append(tr("{sheet}: two columns are headed {header!r} ({first} and {second}); delete one and "
                               "import again", sheet=grid.title, header=head, first=_column_name(found[key]),
                               second=_column_name(col)))
            return None
        else:
            found[key] = col
    if all(COLUMNS[k] == c for k, c in found.items()):  # nothing moved: the columns as exported
        return _Layout(dict(COLUMNS), extra=[c for c in unknown if c > max(COLUMNS.values())], heads=heads)
    lost = [k for k in ("id", "score") if k not in found]
    if lost:
        problems.append(tr("{sheet}: the columns were moved or deleted and no column is headed {headers}; put back "
                           "the header row as exported", sheet=grid.title,
                           headers=", ".join(repr(heads[k]) for k in lost)))
        return None
    return _Layout(found, missing=[k for k in _TYPED if k not in found], extra=unknown, heads=heads)


def render_actions(answer: Answer, actions: Iterable[ActionItem]) -> dict[str, str]:
    """The actions, responsible and timescale cells of a question, and the hidden exact copy."""
    items = list(actions)
    owners = [a.responsible for a in items if a.responsible]
    responsible = answer.responsible or "; ".join(dict.fromkeys(owners))
    exact = {"responsible": answer.responsible,
             "actions": [{"action": a.action, "responsible": a.responsible, "timescale": a.timescale,
                          "status": a.status} for a in items]}
    return {"actions": "\n".join(a.action for a in items), "responsible": responsible,
            "timescale": "\n".join(a.timescale for a in items if a.timescale),
            "items": json.dumps(exact, ensure_ascii=False, sort_keys=True) if items or answer.responsible else ""}


def is_own_export(grids: dict[str, Grid]) -> bool:
    info = grids.get("Info")
    return info is not None and any(info.text(r, INFO_KEY) == "format" and info.text(r, INFO_VALUE).startswith(FORMAT)
                                    for r in info.rows)


def _info(info: Grid, content: WorkbookContent, name: str) -> None:
    values: dict[str, Any] = {}
    profile: dict[str, Any] = {}
    team: list[str] = []
    for r in sorted(info.rows):
        key, raw = info.text(r, INFO_KEY), info.get(r, INFO_VALUE)
        if not key or raw is None or raw == "":
            continue
        if key == "format":
            m = re.fullmatch(rf"{FORMAT}\s+(\d+)", text(raw))
            if not m or int(m.group(1)) > FORMAT_VERSION:
                raise ExcelImportError(tr("{name} was written by a newer version of Resilience Desktop ({format}); "
                                          "update the app to import it", name=name, format=text(raw)))
        elif key == "assessment.team[]":
            team.append(text(raw))
        elif key.startswith("profile."):
            path = key[len("profile."):]
            if isinstance(raw, (dt.date, dt.time)):  # a date typed in Excel becomes one: kept as ISO text
                raw = text(raw)
            if path.endswith("#json"):
                try:
                    profile[path[:-5]] = loads_json(text(raw))  # size- and depth-bounded
                except ValueError:
                    content.warnings.append(tr("Info: the value of {key} is damaged and was left out", key=key))
            elif path.endswith("[]"):
                profile.setdefault(path[:-2], []).append(raw)
            elif "." in path:
                outer, inner = path.split(".", 1)
                profile.setdefault(outer, {})[inner] = raw
            else:
                profile[path] = raw
        else:
            values[key] = raw
    content.scorecard_id = text(values.get("scorecard.id")) or "preliminary"
    version = values.get("scorecard.version")
    content.scorecard_version = int(version) if isinstance(version, (int, float)) and not isinstance(version, bool) \
        else None
    population = values.get("city.population")
    area = values.get("city.area_km2")
    content.city = CityInfo(
        name=text(values.get("city.name")), country=text(values.get("city.country")),
        region=text(values.get("city.region")) or None,
        population=_whole(population),
        area_km2=float(area) if isinstance(area, (int, float)) and not isinstance(area, bool) and area > 0 else None)
    lon, lat = _degrees(values.get("city.lon"), 180), _degrees(values.get("city.lat"), 90)
    if lon is not None and lat is not None:  # the city's place on the map (both, or neither)
        content.city.lon, content.city.lat = lon, lat
    content.city.iso2 = country_code(content.city.country)
    content.title = text(values.get("assessment.title")) or None
    content.assessment_id = text(values.get("assessment.id")) or None
    content.exported_seq = _whole(values.get("assessment.seq"))
    content.private_comments = values.get("comments.private") is True  # a TRUE/FALSE cell
    content.status = _status_from(text(values.get("assessment.status")))
    content.started_on = text(values.get("assessment.started_on")) or None
    content.completed_on = text(values.get("assessment.completed_on")) or None
    content.team = team
    content.profile = profile
    scope = text(values.get("assessment.essentials_scope"))
    if scope:
        try:
            content.essentials_scope = sorted({int(x) for x in scope.split(",") if x.strip()})
        except ValueError:
            content.warnings.append(tr("Info: the Essentials of the assessment {value!r} are not numbers; "
                                       "all Essentials are assessed", value=scope))


def _score(value: Any) -> tuple[int | None, bool, bool]:
    """``(score, na, ok)`` of a score cell of the own format."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, False, True
    if isinstance(value, str) and is_na_text(value):
        return None, True, True
    if isinstance(value, str):  # typed as text in Excel: "2 ", "2.0", "2,0" are the score 2
        value = whole_number_text(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not float(value).is_integer():
        return None, False, False
    if abs(value) > 1000:  # no scale goes near this; 1e308 would otherwise print as a 309-digit number
        return None, False, False
    return int(value), False, True


def _entry(grid: Grid, r: int, where: str, problems: list[str], layout: _Layout) -> QuestionEntry | None:
    cols = layout.columns

    def cell(key: str) -> str:
        return grid.text(r, cols[key]) if key in cols else ""

    qid = cell("id")
    raw = grid.get(r, cols["score"])
    score, na, ok = _score(raw)
    if not ok:
        problems.append(tr("{sheet} cell {cell} (question {question_id}) holds {value!r}: a score must be a "
                           "whole number, N/A, or empty when unanswered",
                           sheet=grid.title, cell=_cell_name(r, cols["score"]), question_id=qid,
                           value=raw if isinstance(raw, str) else text(raw)))
        return None
    entry = QuestionEntry(qid, score, na, verification=cell("verification"), where=where,
                          comment=cell("comment"), data_sources=cell("data_sources"),
                          absent=frozenset(layout.missing), score_cell=f"{grid.title} {_cell_name(r, cols['score'])}")
    shown: dict[str, str] = {k: cell(k) for k in ("actions", "responsible", "timescale") if k in cols}
    exact = _exact(cell("items"))
    if exact is not None and _matches(shown, exact):
        entry.responsible = exact["responsible"]
        entry.items = exact["actions"]
    else:  # edited in Excel (or no hidden copy): the visible text is the truth
        entry.action, entry.responsible, entry.timescale = cell("actions"), cell("responsible"), cell("timescale")
    return entry


def _exact(cell: str) -> dict[str, Any] | None:
    if not cell:
        return None
    try:
        data = loads_json(cell)  # size- and depth-bounded
        ok = isinstance(data, dict) and isinstance(data.get("responsible"), str) and isinstance(data.get("actions"), list) \
            and all(isinstance(a, dict) and isinstance(a.get("action"), str) for a in data["actions"])
    except ValueError:
        return None
    return data if ok else None


def _matches(shown: dict[str, str], exact: dict[str, Any]) -> bool:
    items = [ActionItem("", None, str(a.get("action", "")), str(a.get("responsible", "")),
                        str(a.get("timescale", "")), str(a.get("status", "open"))) for a in exact["actions"]]
    rendered = render_actions(Answer("", None, False, responsible=exact["responsible"]), items)
    return all(rendered[k].strip() == shown[k] for k in shown)


def _column_name(col: int) -> str:
    """A 1-based column number as Excel names it (1 → ``A``, 27 → ``AA``)."""
    name = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def _cell_name(row: int, col: int) -> str:
    return f"{_column_name(col)}{row}"


def _looks_like_question_sheet(grid: Grid) -> bool:
    """Whether a sheet not named ``E01``…``E10`` is still one of an export's question sheets (renamed in
    Excel): its header row has the question and score columns and most of the others."""
    known = _heads_in_any_language()
    keys = {known.get(grid.text(HEADER_ROW, c).casefold()) for c in range(1, len(grid.rows.get(HEADER_ROW, ())) + 1)}
    return {"id", "score"} <= keys and len(keys & set(COLUMNS)) >= len(COLUMNS) // 2


def parse_own(name: str, grids: dict[str, Grid], has_macros: bool,
              formulas: dict[str, set[tuple[int, int]]] | None = None,
              other_sheets: Iterable[str] = ()) -> WorkbookContent:
    """Read a workbook written by :func:`~resilience_desktop.excel.export_workbook`.

    Nothing typed is dropped in silence: ``formulas`` (sheet → ``(row, column)`` of the formulas, see
    :func:`~resilience_desktop.excel.formulas.formula_positions`) names the cells read empty because their
    formula has no saved result; rows without a question id that hold something, and ``other_sheets`` (the
    sheets a colleague added, not read) are listed as not imported. A sheet in ``grids`` with another name
    than ``E01``…``E10`` whose header row is an export's is read as a question sheet renamed in Excel."""
    content = WorkbookContent(OWN_EXPORT, has_macros=has_macros)
    _info(grids["Info"], content, name)
    problems: list[str] = []
    seen: dict[str, str] = {}
    unsaved: list[str] = []
    at: dict[int, tuple[str, int]] = {}  # a problem's sheet and row, to name them in the workbook's order
    cells: dict[str, tuple[str, int, str]] = {}  # a question's sheet, row and score cell
    missing: dict[str, list[str]] = {}  # the headers not found → the sheets
    renamed: list[str] = []
    for title, grid in sorted(grids.items()):
        m = ESSENTIAL_SHEET.match(title)
        if not m:
            if title == "Info" or not_data_sheet(title):
                continue
            if not _looks_like_question_sheet(grid):  # a colleague's own sheet
                other_sheets = [*other_sheets, title]
                continue
            renamed.append(title)  # its questions say which Essential it is
        layout = _layout(grid, problems)
        at.update({i: (title, 0) for i in range(len(at), len(problems))})
        if layout is None:
            continue
        if m:
            content.essentials_found.append(int(m.group(1)))
        if layout.missing:
            missing.setdefault(", ".join(repr(layout.heads[k]) for k in layout.missing), []).append(title)
        id_col = layout.columns["id"]
        in_sheet = (formulas or {}).get(title, set())
        for r, c in sorted(in_sheet):
            if r > HEADER_ROW and grid.get(r, c) is None:
                qid = grid.text(r, id_col)
                unsaved.append(f"{title} {_cell_name(r, c)}" + (f" ({qid})" if qid else ""))
        extra: dict[int, int] = {}
        for r in sorted(grid.rows):
            if r <= HEADER_ROW:
                continue
            if not _QUESTION_ID.match(grid.text(r, id_col)):
                content.not_imported.append(tr("{sheet} row {row}: it has no question id in column {column}, so "
                                               "what it holds was not imported", sheet=title, row=r,
                                               column=_column_name(id_col)))
                continue
            for c in layout.extra:
                if grid.text(r, c):
                    extra[c] = extra.get(c, 0) + 1
            where = tr("{sheet} row {row}", sheet=title, row=r)
            qid = grid.text(r, id_col)
            if qid in seen:
                problems.append(tr("question {question_id} appears twice ({first} and {second})",
                                   question_id=qid, first=seen[qid], second=where))
                at[len(problems) - 1] = (title, r)
                continue
            seen[qid] = where
            entry = _entry(grid, r, where, problems, layout)
            at.update({i: (title, r) for i in range(len(at), len(problems))})
            if entry is not None:
                content.entries.append(entry)
                cells[qid] = (title, r, _cell_name(r, layout.columns["score"]))
        content.not_imported += [
            tr("{sheet} column {column} {header}: not imported, only the columns the export wrote are read (cells "
               "filled: {n})", sheet=title, column=_column_name(c), n=n,
               header=repr(grid.text(HEADER_ROW, c)) if grid.text(HEADER_ROW, c) else tr("(no header)"))
            for c, n in sorted(extra.items())]
    for headers, titles in missing.items():
        content.warnings.append(tr(
            "{sheets}: no column is headed {headers} (deleted or renamed in Excel), so none of it was read; what "
            "the app holds there is kept", sheets=", ".join(titles), headers=headers))
    if renamed:
        content.warnings.append(tr("read as question sheets although renamed in Excel (their header rows are an "
                                   "export's): {sheets}", sheets=", ".join(repr(t) for t in renamed)))
    if problems:  # the scores outside the scale too, in the same refusal, all in the workbook's order: a colleague
        # corrects them all in one go, sheet by sheet
        placed = [(at.get(i, ("", 0)), p) for i, p in enumerate(problems)] + _out_of_scale(content, cells)
        raise refusal(name, [p for _, p in sorted(placed, key=lambda x: x[0])])
    if unsaved:
        content.warnings.append(tr(
            "the cells {cells} hold formulas with no saved result (the workbook was not recalculated by Excel), "
            "so they were imported empty; open the workbook in Excel, save it and import it again",
            cells=", ".join(unsaved)))
    content.not_imported += [tr("the sheet {sheet!r}: only Info, Results and E01–E10 are read", sheet=t)
                             for t in other_sheets if not not_data_sheet(t)]
    if has_macros:
        content.not_imported.append(tr("the workbook's macros (never run, never kept)"))
    return content


def _out_of_scale(content: WorkbookContent,
                  cells: dict[str, tuple[str, int, str]]) -> list[tuple[tuple[str, int], str]]:
    """The scores that are whole numbers outside the scale of the export's scorecard, with their sheet and row,
    when that scorecard is installed (otherwise the importer names them once the rest is corrected); a question
    the importer would leave out (none such, retired, outside the assessment's Essentials) is not named."""
    from ..scorecard import default_registry
    try:
        card = default_registry().get(content.scorecard_id, content.scorecard_version)
    except ResilienceError:
        return []
    scope = set(content.essentials_scope) if content.essentials_scope else None
    out = []
    for e in content.entries:
        if (e.score is None or card.min_score <= e.score <= card.max_score or e.question_id not in cells
                or not card.has_question(e.question_id)):
            continue
        q = card.question(e.question_id)
        if q.retired or (scope is not None and q.essential not in scope):
            continue
        sheet, row, _ = cells[e.question_id]
        out.append(((sheet, row), out_of_range(e, card.min_score, card.max_score)))
    return out
