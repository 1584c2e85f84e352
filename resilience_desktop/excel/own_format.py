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
is imported instead of the hidden copy.
"""

from __future__ import annotations

__all__ = ["FORMAT", "FORMAT_VERSION", "COLUMNS", "render_actions", "parse_own", "is_own_export", "NA_TEXT",
           "instructions_title"]

import datetime as dt
import json
import re
from functools import lru_cache
from typing import Any, Iterable

from ..errors import ExcelImportError
from ..i18n.catalog import tr
from ..i18n.language import LANGUAGES, Language
from ..safety.validate import loads_json
from ..workspace.records import ActionItem, Answer
from .cells import Grid, text
from .content import OWN_EXPORT, CityInfo, QuestionEntry, WorkbookContent, refusal
from .countries import country_code
from .official import ESSENTIAL_SHEET

FORMAT = "resilience-desktop-excel"
FORMAT_VERSION = 1
NA_TEXT = "N/A"
_NA = {"n/a", "na", "н/п", "н/д", "not applicable", "не применимо"}


def na_text() -> str:
    """What a not-applicable score cell says, in the language in force."""
    return tr("N/A")


def status_label(status: str) -> str:
    """An assessment status as the workbook shows it, in the language in force."""
    return {"in_progress": tr("in progress"), "final": tr("final"), "archived": tr("archived")}.get(status, status)


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


def _whole(value: Any) -> int | None:
    """A cell's non-negative whole number (a count, a position), or ``None``."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer() and value >= 0:
        return int(value)
    return None


def _status_from(text_value: str | None) -> str | None:
    if not text_value:
        return None
    return _shown_in_any_language()[0].get(text_value.strip().casefold(), text_value)


def _is_na(value: str) -> bool:
    return value.strip().casefold() in _shown_in_any_language()[1]
_QUESTION_ID = re.compile(r"^[A-Za-z]{0,3}\d+(\.\d+)*$")

#: Columns of an Essential sheet (1-based), in order.
COLUMNS = {"id": 1, "topic": 2, "score": 3, "level": 4, "verification": 5, "actions": 6, "responsible": 7,
           "timescale": 8, "items": 9,
           # added after the first release (files without them still read): everything else the team typed
           "comment": 10, "data_sources": 11, "evidence": 12, "updated_by": 13, "updated_at": 14}
HEADER_ROW = 3
INFO_LABEL, INFO_VALUE, INFO_KEY = 1, 2, 3


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
    if isinstance(value, str) and _is_na(value):
        return None, True, True
    if isinstance(value, str):  # typed as text in Excel: "2 ", "2.0", "2,0" are the score 2
        value = _whole_number_text(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not float(value).is_integer():
        return None, False, False
    if abs(value) > 1000:  # no scale goes near this; 1e308 would otherwise print as a 309-digit number
        return None, False, False
    return int(value), False, True


def _whole_number_text(value: str) -> str | int:
    """A score typed as text (``" 2 "``, ``"2.0"``, ``"2,0"``) as its number; other text unchanged."""
    m = re.fullmatch(r"\s*([+-]?\d{1,4})(?:[.,]0*)?\s*", value.replace("\u00a0", " "))
    return int(m.group(1)) if m else value


def _entry(grid: Grid, r: int, where: str, problems: list[str]) -> QuestionEntry | None:
    qid = grid.text(r, COLUMNS["id"])
    raw = grid.get(r, COLUMNS["score"])
    score, na, ok = _score(raw)
    if not ok:
        problems.append(tr("{sheet} cell C{row} (question {question_id}) holds {value!r}: a score must be a "
                           "whole number, N/A, or empty when unanswered",
                           sheet=grid.title, row=r, question_id=qid,
                           value=raw if isinstance(raw, str) else text(raw)))
        return None
    entry = QuestionEntry(qid, score, na, verification=grid.text(r, COLUMNS["verification"]), where=where,
                          comment=grid.text(r, COLUMNS["comment"]), data_sources=grid.text(r, COLUMNS["data_sources"]))
    shown = {k: grid.text(r, COLUMNS[k]) for k in ("actions", "responsible", "timescale")}
    exact = _exact(grid.text(r, COLUMNS["items"]))
    if exact is not None and _matches(shown, exact):
        entry.responsible = exact["responsible"]
        entry.items = exact["actions"]
    else:  # edited in Excel (or no hidden copy): the visible text is the truth
        entry.action, entry.responsible, entry.timescale = shown["actions"], shown["responsible"], shown["timescale"]
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


def _cell_name(row: int, col: int) -> str:
    return f"{chr(ord('A') + col - 1)}{row}"


def parse_own(name: str, grids: dict[str, Grid], has_macros: bool,
              formulas: dict[str, set[tuple[int, int]]] | None = None,
              other_sheets: Iterable[str] = ()) -> WorkbookContent:
    """Read a workbook written by :func:`~resilience_desktop.excel.export_workbook`.

    Nothing typed is dropped in silence: ``formulas`` (sheet → ``(row, column)`` of the formulas, see
    :func:`~resilience_desktop.excel.formulas.formula_positions`) names the cells read empty because their
    formula has no saved result; rows without a question id that hold something, and ``other_sheets`` (the
    sheets a colleague added or renamed), are listed as not imported."""
    content = WorkbookContent(OWN_EXPORT, has_macros=has_macros)
    _info(grids["Info"], content, name)
    problems: list[str] = []
    seen: dict[str, str] = {}
    unsaved: list[str] = []
    for title, grid in sorted(grids.items()):
        m = ESSENTIAL_SHEET.match(title)
        if not m:
            continue
        content.essentials_found.append(int(m.group(1)))
        in_sheet = (formulas or {}).get(title, set())
        for r, c in sorted(in_sheet):
            if r > HEADER_ROW and grid.get(r, c) is None:
                qid = grid.text(r, COLUMNS["id"])
                unsaved.append(f"{title} {_cell_name(r, c)}" + (f" ({qid})" if qid else ""))
        for r in sorted(grid.rows):
            if r <= HEADER_ROW:
                continue
            if not _QUESTION_ID.match(grid.text(r, COLUMNS["id"])):
                content.not_imported.append(tr("{sheet} row {row}: it has no question id in column A, so what it "
                                               "holds was not imported", sheet=title, row=r))
                continue
            where = tr("{sheet} row {row}", sheet=title, row=r)
            qid = grid.text(r, COLUMNS["id"])
            if qid in seen:
                problems.append(tr("question {question_id} appears twice ({first} and {second})",
                                   question_id=qid, first=seen[qid], second=where))
                continue
            seen[qid] = where
            entry = _entry(grid, r, where, problems)
            if entry is not None:
                content.entries.append(entry)
    if problems:
        raise refusal(name, problems)
    if unsaved:
        content.warnings.append(tr(
            "the cells {cells} hold formulas with no saved result (the workbook was not recalculated by Excel), "
            "so they were imported empty; open the workbook in Excel, save it and import it again",
            cells=", ".join(unsaved)))
    content.not_imported += [tr("the sheet {sheet!r}: only Info, Results and E01–E10 are read", sheet=t)
                             for t in other_sheets if t.strip().casefold() not in _not_data_sheets()]
    if has_macros:
        content.not_imported.append(tr("the workbook's macros (never run, never kept)"))
    return content
