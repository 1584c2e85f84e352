"""Read the official UNDRR Preliminary tool (``.xlsm``, or its ``.xlsx`` variants) from its cells.

Layout (see ``shared/scorecard-reference.md``, "Cell layout of the official Preliminary
workbook"): an ``Info`` sheet of labels in column B with answers beside them, and sheets
``E01``–``E10`` holding 11-row question blocks whose header ``B{r}`` reads ``"P1.1 - Plan
making"``. The option buttons of a question write the chosen option (1–4, ordered from the best
level down) into ``E{r+4}``: score = 4 − option, an empty cell is *not answered*.

Rows are not trusted blindly: question headers are found by scanning column B, and each Info
block is anchored on a label near its official row, so a workbook with inserted rows still reads
right (with a warning saying so). A cell that makes the data untrustworthy (a score cell holding
text, an option outside 1–4, a question twice) is collected as a problem; any problem raises
:class:`~resilience_desktop.errors.ExcelImportError` and nothing is imported.
"""

from __future__ import annotations

__all__ = ["parse_official", "ESSENTIAL_SHEET", "QUESTION_HEADER", "INFO_FIELDS"]

import datetime as dt
import re
from typing import AbstractSet, Any

from ..errors import ExcelImportError
from ..i18n.catalog import tr
from .cells import Grid, number, text, whole_number_text
from .content import OFFICIAL, CityInfo, QuestionEntry, WorkbookContent, profile_labels, refusal
from ..i18n.countries import country_code
from .formulas import formula_warning

ESSENTIAL_SHEET = re.compile(r"^\s*E\s*0?(\d{1,2})\s*$", re.IGNORECASE)
QUESTION_HEADER = re.compile(r"^\s*(P(\d{1,2})\.\d{1,2})\s*[-–—]\s*(.*\S)?\s*$")
BLOCK_ROWS = 11
FIRST_HEADER_ROW = 3
B, C, D, E = 2, 3, 4, 5

# (key, official row, answer column, source-date column or 0, kind)
INFO_FIELDS: tuple[tuple[str, int, int, int, str], ...] = (
    ("city_name", 4, D, 0, "text"), ("city_type", 5, D, 0, "text"), ("country", 6, D, 0, "text"),
    ("assessment_date", 7, D, 0, "date"),
    ("top_authority", 10, C, D, "text"), ("population", 11, C, D, "number"), ("area_km2", 12, C, D, "number"),
    ("density", 13, C, D, "number"), ("youth_share", 14, C, D, "number"), ("elderly_share", 15, C, D, "number"),
    ("female_headed_households", 16, C, D, "number"), ("literacy_rate", 17, C, D, "number"),
    ("not_in_poverty_share", 18, C, D, "number"), ("household_income_usd", 19, C, D, "number"),
    ("non_citizens_share", 20, C, D, "number"), ("most_probable_disaster", 21, C, D, "text"),
    ("most_severe_disaster", 22, C, D, "text"),
    ("households", 25, C, D, "number"), ("persons_per_unit", 26, C, D, "number"),
    ("cost_of_living", 27, C, D, "number"), ("gdp_per_capita", 28, C, D, "number"), ("gini", 29, C, D, "number"),
    ("city_product_per_capita", 30, C, D, "number"),
    ("lead_name", 33, D, 0, "text"), ("lead_organization", 34, D, 0, "text"), ("lead_contact", 35, D, 0, "text"),
    ("share_results", 36, D, 0, "yesno"),
)
STAKEHOLDERS_ROW = 40

# Each Info block is found by a label near its official row (English or Russian wording).
_ANCHORS: tuple[tuple[int, int, re.Pattern[str]], ...] = (
    # (first official row of the block, last official row, pattern of the block's anchor label)
    (4, 7, re.compile(r"(city|город).*(name|назв|наимен)|(name|назв|наимен).*(city|город)", re.I)),
    # "Total city population:" (the real sheet), "Population", "Численность населения"; never the
    # youth/elderly shares, density or poverty rows below it, which also start with "Population".
    (10, 22, re.compile(r"^(?!.*(youth|elder|aged|densit|poverty|citizen|female|women|%|молод|пожил|возраст|"
                        r"плотн|бедн|гражд|женщ)).*(population|населени)", re.I)),
    (25, 30, re.compile(r"^(?!.*(female|women|женщин)).*(household|домохоз|домашн)", re.I)),
    (33, 36, re.compile(r"lead|coordinat|руковод|возглав|координ", re.I)),
)
_ANCHOR_ROW = {4: 4, 10: 11, 25: 25, 33: 33}  # the labelled row each pattern is looked for at
_SEARCH = 15  # how far from its official row an Info block is looked for


def _block_offsets(info: Grid, warnings: list[str]) -> dict[int, int]:
    """The row shift of each Info block (0 when at its official rows)."""
    offsets: dict[int, int] = {}
    previous, floor = 0, 0
    for first, last, pattern in _ANCHORS:
        official = _ANCHOR_ROW[first]
        # A block starts below the one above it: a label of the block above never anchors this one.
        found = [r for r in range(max(floor + 1, official - _SEARCH), official + _SEARCH + 1)
                 if pattern.search(info.text(r, B))]
        if official + previous in found:
            offsets[first] = previous
        elif official in found:
            offsets[first] = 0
        elif found:
            best = min(found, key=lambda r: abs(r - official - previous))
            offsets[first] = best - official
        else:
            offsets[first] = previous  # label not recognised: assume the shift of the block above
        previous = offsets[first]
        floor = last + previous
    shifted = sorted({o for o in offsets.values() if o})
    if shifted:
        warnings.append(tr("Info: some rows are not where the official workbook has them; the values were "
                           "read beside their labels (shifted by {rows} rows)", rows=", ".join(map(str, shifted))))
    return offsets


def _offset_for(row: int, offsets: dict[int, int]) -> int:
    block = max((first for first in offsets if first <= row), default=4)
    return offsets.get(block, 0)


def _date_text(value: Any) -> tuple[str | None, str]:
    """``(ISO date or None, text)`` of a date cell."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat(), value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat(), value.isoformat()
    s = text(value)
    for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y", "%Y/%m/%d"):
        try:
            iso = dt.datetime.strptime(s, fmt).date().isoformat()
            return iso, iso
        except ValueError:
            pass
    return None, s


def _yes_no(value: Any) -> bool | str:
    s = text(value).casefold()
    if s in ("yes", "y", "да", "true", "1"):
        return True
    if s in ("no", "n", "нет", "false", "0"):
        return False
    return text(value)


def _read_info(info: Grid, content: WorkbookContent) -> bool:
    """Fill the city and the profile from the Info sheet; return whether its labels were recognised."""
    offsets = _block_offsets(info, content.warnings)
    recognised = bool(_ANCHORS[0][2].search(info.text(_ANCHOR_ROW[4] + offsets[4], B)))
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    labels = profile_labels()
    for key, row, col, src_col, kind in INFO_FIELDS:
        r = row + _offset_for(row, offsets)
        raw = info.get(r, col)
        if src_col and text(info.get(r, src_col)):
            sources[key] = _date_text(info.get(r, src_col))[1]
        if text(raw) == "":
            continue
        if kind == "number":
            n = number(raw)
            if n is None:
                content.warnings.append(tr("Info: {field} {value!r} is not a number; it was kept as text",
                                           field=labels.get(key, key), value=text(raw)))
                values[key] = text(raw)
            else:
                values[key] = n
        elif kind == "date":
            iso, shown = _date_text(raw)
            values[key] = shown
            if iso is None:
                content.warnings.append(tr("Info: the date of the assessment {value!r} is not a date; the "
                                           "assessment starts today", value=shown))
            content.started_on = iso
        elif kind == "yesno":
            values[key] = _yes_no(raw)
        else:
            values[key] = text(raw)
    stake_row = STAKEHOLDERS_ROW + offsets[33]
    stakeholders = [t for r in range(stake_row, info.max_row + 1)
                    for t in [info.text(r, B) or info.text(r, C) or info.text(r, D)] if t]

    city = CityInfo(name=str(values.pop("city_name", "")), country=str(values.pop("country", "")))
    city.iso2 = country_code(city.country)
    pop = values.get("population")
    if isinstance(pop, int) and pop >= 0:
        city.population = pop
    elif pop is not None:
        content.warnings.append(tr("Info: the population {value!r} is not a whole number; the city was "
                                   "created without it", value=pop))
    area = values.get("area_km2")
    if isinstance(area, (int, float)) and area > 0:
        city.area_km2 = float(area)
    elif area is not None:
        content.warnings.append(tr("Info: the area {value!r} is not a number above 0; the city was created "
                                   "without it", value=area))
    content.city = city
    if stakeholders:
        values["stakeholders"] = stakeholders
    if sources:
        values["source_dates"] = sources
    content.profile = values
    if values.get("lead_name"):
        content.team = [str(values["lead_name"])]
    return recognised or bool(city.name and city.iso2)


def _score(value: Any) -> tuple[int | None, bool]:
    """``(score, ok)`` of a linked cell: ``(None, True)`` when empty, ``ok`` false when untrustworthy."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, True
    if isinstance(value, str):  # typed, or in a cell formatted as Text: "2", "2 ", "2,0" are the option 2
        value = whole_number_text(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None, False
    if float(value).is_integer() and 1 <= value <= 4:
        return 4 - int(value), True
    return None, False


def _read_essential(grid: Grid, number_: int, content: WorkbookContent, seen: dict[str, str],
                    problems: list[str], formula_rows: AbstractSet[int] = frozenset(),
                    formulas: list[str] | None = None) -> None:
    headers: list[int] = []
    last = -BLOCK_ROWS
    for r in sorted(grid.rows):
        if r < last + BLOCK_ROWS - 1:  # inside the block above (its action row could look like a header)
            continue
        if QUESTION_HEADER.match(grid.text(r, B)):
            headers.append(r)
            last = r
    if not headers:
        content.warnings.append(tr("{sheet}: no questions found (no \"P1.1 - topic\" headers in column B)",
                                   sheet=grid.title))
        return
    official = [FIRST_HEADER_ROW + BLOCK_ROWS * i for i in range(len(headers))]
    if headers != official:
        content.warnings.append(tr("{sheet}: the questions are not at the official rows (found at rows {rows}); "
                                   "each was read relative to its header", sheet=grid.title,
                                   rows=", ".join(map(str, headers))))
    for r in headers:
        m = QUESTION_HEADER.match(grid.text(r, B))
        assert m is not None
        qid, essential = m.group(1), int(m.group(2))
        where = tr("{sheet} row {row}", sheet=grid.title, row=r)
        if qid in seen:
            problems.append(tr("question {question_id} appears twice ({first} and {second})",
                               question_id=qid, first=seen[qid], second=where))
            continue
        seen[qid] = where
        if essential != number_:
            content.warnings.append(tr("{where}: question {question_id} is on the sheet of Essential {n}",
                                       where=where, question_id=qid, n=number_))
        raw = grid.get(r + 4, E)
        if raw is None and (r + 4) in formula_rows and formulas is not None:
            formulas.append(qid)
        score, ok = _score(raw)
        if not ok:
            problems.append(tr("{sheet} cell E{row} (question {question_id}) holds {value!r} where the option "
                               "chosen belongs: it must be 1, 2, 3 or 4, or empty when unanswered",
                               sheet=grid.title, row=r + 4, question_id=qid, value=text(raw) or raw))
            continue
        content.entries.append(QuestionEntry(
            qid, score, False,
            verification=grid.text(r + 4, C) or grid.text(r + 4, D),
            action=grid.text(r + 9, B), responsible=grid.text(r + 9, C), timescale=grid.text(r + 9, D),
            where=where))


def _results_total(grid: Grid | None) -> str | None:
    if grid is None:
        return None
    for r in sorted(grid.rows):
        for value in grid.rows[r]:
            m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text(value))
            if m:
                return f"{m.group(1)} / {m.group(2)}"
    return None


def parse_official(name: str, grids: dict[str, Grid], has_macros: bool,
                   formula_rows: dict[str, set[int]] | None = None) -> WorkbookContent:
    """Read the official tool from its sheets (``grids``: Info, Results and the E-sheets).

    ``formula_rows`` (sheet → rows of column E holding a formula) lets the import warn about
    score cells that are formulas without a saved result, naming their questions."""
    content = WorkbookContent(OFFICIAL, has_macros=has_macros)
    info = next((g for t, g in grids.items() if t.strip().casefold() == "info"), None)
    essentials = sorted(((int(m.group(1)), g) for t, g in grids.items() if (m := ESSENTIAL_SHEET.match(t))),
                        key=lambda x: x[0])
    recognised = _read_info(info, content) if info is not None else False
    if info is None:
        content.warnings.append(tr("The workbook has no Info sheet: the city comes from --city or stays unknown"))
    problems: list[str] = []
    seen: dict[str, str] = {}
    formulas: list[str] = []
    for number_, grid in essentials:
        content.essentials_found.append(number_)
        _read_essential(grid, number_, content, seen, problems, (formula_rows or {}).get(grid.title, set()),
                        formulas)
    if formulas:
        content.warnings.append(formula_warning(formulas))
    if problems:
        raise refusal(name, problems)
    if not recognised and not content.entries:
        raise ExcelImportError(tr(
            "{name} does not look like the official Preliminary scorecard workbook: no Info sheet with a city "
            "name and no question sheets (E01–E10) with \"P1.1 - topic\" headers", name=name))
    results = next((g for t, g in grids.items() if t.strip().casefold() == "results"), None)
    content.results_total = _results_total(results)
    if not essentials:
        msg = tr("The workbook has no question sheets (E01–E10), like the 2023 variant: only the city and its "
                 "profile were imported and every question stays unanswered")
        if content.results_total:
            msg += tr("; its Results sheet shows a total of {total}, which cannot be split into answers",
                      total=content.results_total)
        content.warnings.append(msg)
    if results is not None:
        content.not_imported.append(tr("the Results sheet and its charts: the scores are recomputed from the answers"))
    if has_macros:
        content.not_imported.append(tr("the workbook's macros (never run, never kept)"))
    return content
