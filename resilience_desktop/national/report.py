"""The national workbook (XLSX) and the E-2 sheet laid out for national reporting (no Qt).

Sheets: *Cities* (one row per city: latest revision, scores per Essential, status), *Essentials*
(the national and regional median and spread per Essential), *Questions* (every city × question of
its latest revision), *E-2* (the figure, its rule and date, then every city behind it). Headers
are in the current interface language; values stay machine-readable (numbers, ISO dates).
"""

from __future__ import annotations

__all__ = ["write_national_xlsx", "write_e2_xlsx", "national_data", "run_national_data", "question_rows"]

from datetime import datetime, timezone

from pathlib import Path
from typing import Any, Callable

from ..atomic import atomic_target
from ..i18n.catalog import tr
from .rollup import regional_rollup
from .sendai import DEFAULT_E2_RULE, E2Rule, reason_text, sendai_e2
from .store import NationalStore
from .views import DEFAULT_OVERDUE_MONTHS, ESSENTIALS, LATEST_CTE, list_cities


def national_data(store: NationalStore, *, rule: E2Rule = DEFAULT_E2_RULE,
                  overdue_months: float = DEFAULT_OVERDUE_MONTHS) -> dict[str, Any]:
    """Everything the national view and reports show, read in one go: ``cities``, ``regions``,
    ``national`` (one roll-up over every city, ``country`` ``"*"``), ``e2``, ``loaded_at``, ``overdue_months``."""
    cities = list_cities(store, overdue_months=overdue_months)
    everything = regional_rollup({**c, "country": "*", "region": None} for c in cities)
    return {"cities": cities, "regions": regional_rollup(cities), "national": everything[0] if everything else None,
            "e2": sendai_e2(store, rule), "overdue_months": overdue_months,
            "loaded_at": datetime.now(timezone.utc).isoformat(timespec="seconds")}


def run_national_data(store: NationalStore, *, overdue_months: float = DEFAULT_OVERDUE_MONTHS,
                      rule: E2Rule = DEFAULT_E2_RULE, progress: Callable[[int, int], None] | None = None,
                      cancelled: Callable[[], bool] | None = None) -> dict[str, Any] | None:
    """:func:`national_data` as a background task (``ui/workers.py``); ``None`` when cancelled."""
    if progress:
        progress(0, 1)
    data = national_data(store, rule=rule, overdue_months=overdue_months)
    if cancelled and cancelled():
        return None
    if progress:
        progress(1, 1)
    return data


def question_rows(store: NationalStore) -> list[dict[str, Any]]:
    """Every answer of every city's latest revision (one SQL query), by country, city and question."""
    rows = store.query(
        f"WITH {LATEST_CTE} SELECT c.id AS city_id, c.name, c.country, c.region, r.scorecard_id, r.revision,"
        " a.question_id, a.score, a.na FROM cities c JOIN ranked r ON r.city_id = c.id AND r.rn = 1"
        " JOIN answers a ON a.assessment_id = r.assessment_id AND a.revision = r.revision"
        " ORDER BY c.country, c.name, c.id, a.question_id")
    # P1.1, P2.1, … P10.1 as people count them, not as text sorts them (P1.1, P10.1, P2.1)
    return sorted(rows, key=lambda r: (r["country"], r["name"], r["city_id"], _natural(r["question_id"])))


def _natural(text: str) -> tuple:
    """A sort key reading the numbers in ``text`` as numbers.

    >>> sorted(["P10.1", "P2.1", "P1.2", "P1.10"], key=_natural)
    ['P1.2', 'P1.10', 'P2.1', 'P10.1']
    """
    import re
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text or ""))


def _sheet(wb: Any, title: str, header: list[str], rows: list[list[Any]], widths: dict[int, int] | None = None) -> Any:
    from openpyxl.styles import Font
    ws = wb.create_sheet(title[:31])  # a spreadsheet's limit for a sheet name
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    ws.freeze_panes = "A2"
    for col, width in (widths or {}).items():
        ws.column_dimensions[ws.cell(row=1, column=col).column_letter].width = width
    return ws


def _e2_sheet(wb: Any, e2: dict[str, Any]) -> None:
    from openpyxl.styles import Font
    ws = wb.create_sheet("E-2")
    ws.append([tr("Sendai Framework target E-2 / SDG 11.b.2")])
    ws["A1"].font = Font(bold=True, size=13)
    for label, value in ((tr("Rule"), e2["rule"]), (tr("Local governments (denominator)"), e2["local_governments"]),
                         (tr("In line with the national strategy (numerator)"), e2["in_line"]),
                         (tr("Share"), e2["share"]), (tr("Date of the data"), (e2["data_date"] or "")[:10])):
        ws.append([label, value])
    ws.cell(row=5, column=2).number_format = "0.0%"
    ws.append([])
    ws.append([tr("City"), tr("Country"), tr("Region"), tr("In line"), tr("Reason"), tr("Scorecard"), tr("Question"),
               tr("Score"), tr("Level needed"), tr("Revision"), tr("Exported")])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for c in e2["cities"]:
        ws.append([c["name"], c["country"], c["region"], tr("yes") if c["in_line"] else tr("no"),
                   reason_text(c["reason"]), c["scorecard_id"], c["question_id"], c["score"], c["threshold"],
                   c["revision"], (c["exported_at"] or "")[:10]])
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["E"].width = 44


def write_e2_xlsx(e2: dict[str, Any], out: str | Path) -> Path:
    """E-2 alone as a workbook of one sheet."""
    from openpyxl import Workbook
    wb = Workbook()
    wb.remove(wb.worksheets[0])   # the empty sheet a new workbook starts with
    _e2_sheet(wb, e2)
    out = Path(out)
    with atomic_target(out) as tmp:
        wb.save(tmp)
    return out


def write_national_xlsx(store: NationalStore, out: str | Path, *, rule: E2Rule = DEFAULT_E2_RULE,
                        overdue_months: float = DEFAULT_OVERDUE_MONTHS) -> Path:
    """The national workbook: Cities, Essentials, Questions, E-2."""
    from openpyxl import Workbook
    data = national_data(store, rule=rule, overdue_months=overdue_months)
    wb = Workbook()
    wb.remove(wb.worksheets[0])   # the empty sheet a new workbook starts with
    yes, no = tr("yes"), tr("no")
    cities = _sheet(wb, tr("Cities"), [tr("City"), tr("Country"), tr("Region"), tr("Scorecard"), tr("Revision"),
                                      tr("Last delivery"), tr("Overall %"), *(f"E{n} %" for n in ESSENTIALS),
                                      tr("Answered"), tr("Overdue"), tr("Import warnings"), tr("Conflicts"), "city_id"],
                    [[c["name"], c["country"], c["region"], c["scorecard_id"], c["revision"],
                      (c["updated_at"] or "")[:10], c["overall_percent"], *c["essentials"], c["answered_share"],
                      yes if c["overdue"] else no, c["warnings"], c["conflicts"], c["city_id"]]
                     for c in data["cities"]], {1: 28})
    answered = 8 + len(ESSENTIALS)  # the share answered (0.872) reads as 87.2 % beside the percent columns
    for (cell,) in cities.iter_rows(min_row=2, min_col=answered, max_col=answered):
        cell.number_format = "0.0%"
    rows = []
    for g in ([data["national"]] if data["national"] else []) + data["regions"]:
        country = tr("All cities") if g["country"] == "*" else g["country"]
        for e in g["essentials"]:
            rows.append([country, g["region"], e["essential"], e["cities"], e["median"], e["min"], e["max"]])
    _sheet(wb, tr("Essentials"), [tr("Country"), tr("Region"), tr("Essential"), tr("Cities"), tr("Median %"),
                                 tr("Min %"), tr("Max %")], rows, {2: 26})
    _sheet(wb, tr("Questions"), [tr("City"), tr("Country"), tr("Region"), tr("Scorecard"), tr("Revision"),
                                    tr("Question"), tr("Score"), tr("N/A"), "city_id"],
           [[q["name"], q["country"], q["region"], q["scorecard_id"], q["revision"], q["question_id"], q["score"],
             yes if q["na"] else "", q["city_id"]] for q in question_rows(store)], {1: 28})
    _e2_sheet(wb, data["e2"])
    out = Path(out)
    with atomic_target(out) as tmp:
        wb.save(tmp)
    return out
