"""The report's "Recorded disaster losses" part: the city's loss summary as tables (no Qt).

Two tables reuse :class:`~resilience_desktop.report.content.ExposureTable` (a title, facts, columns,
rows of text): totals per hazard kind, and the Sendai A–D figures (the formula of each in the note).
Empty when the city has no loss records.
"""

from __future__ import annotations

__all__ = ["loss_tables"]

from typing import TYPE_CHECKING

from ..i18n.catalog import tr
from ..loss import figure_label, sendai_figures
from ..loss.summary import TOTAL_FIGURES

if TYPE_CHECKING:
    from ..workspace.facade import Workspace
    from .content import ExposureTable


def loss_tables(ws: "Workspace", city_id: str, lang: str) -> tuple["ExposureTable", ...]:
    from ..workspace.hazards import hazard_kind_label
    from .content import ExposureTable, format_count, format_number
    summary = ws.loss_summary(city_id)
    if not summary.records:
        return ()
    city = ws.get_city(city_id)
    imports = ws.loss_imports(city_id)

    def cell(v) -> str:
        if v is None:
            return ""
        return format_count(v, lang, 0)

    years = f"{summary.years[0]}–{summary.years[1]}" if summary.years else "—"
    facts = [(tr("Source"), ", ".join(f"{i.source_name} ({i.geo_name or ''} {i.geo_code or ''})".strip()
                                      for i in imports)),
             (tr("Years"), years), (tr("Records"), format_count(summary.records, lang)),
             (tr("Left out"), tr("{n} unpublished records", n=summary.excluded))]
    columns = (tr("Hazard"), figure_label("events"), *(figure_label(k) for k in TOTAL_FIGURES))
    rows = [(hazard_kind_label(k), cell(v["events"]), *(cell(v[f]) for f in TOTAL_FIGURES))
            for k, v in summary.by_event.items()]
    rows.append((tr("All"), cell(summary.records), *(cell(summary.totals[f]) for f in TOTAL_FIGURES)))
    per_hazard = ExposureTable(tr("Losses per hazard, {city}", city=city.name), columns, tuple(rows),
                               tr("Empty cells: not recorded. \"Affected\" is the people directly affected "
                                  "(DesInventar \"damnificados\"); indirectly affected people are not added to it."),
                               tuple(facts))
    # The indicator names its row and its value is the one number; the formulas go under the table, one line
    # each: as four columns the code's column was one letter wide (the header set down the page letter by
    # letter) and the formulas ran off the page or were lost (a facilitator's trial, Russian report).
    figures = sendai_figures(summary, city.population)
    sendai = ExposureTable(
        tr("Sendai targets A–D"), (tr("Indicator"), tr("Value")),
        tuple((f"{f.code} · {f.label}", "" if f.value is None else (
            format_number(f.value, lang, 2) if f.value != int(f.value) else format_count(f.value, lang)))
              for f in figures),
        "\n".join(f"{f.code}: {f.formula}" for f in figures))
    return per_hazard, sendai
