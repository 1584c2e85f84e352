"""The columns of the national view's four tables: cities × Essentials, reporting status, regions, E-2."""

from __future__ import annotations

__all__ = ["city_columns", "status_columns", "region_columns", "e2_columns", "status_text", "loss_columns",
           "loss_tooltip"]

from typing import Any

from ...i18n.catalog import current, tr
from ...national.sendai import reason_text
from ...scorecard.registry import level_name
from .rows_model import Column, percent_text


def _date(value: str | None) -> str:
    return (value or "")[:10] or "—"


def status_text(c: dict[str, Any]) -> str:
    """A city's reporting state in a few words (the most urgent first)."""
    parts = []
    if c["overdue"]:
        parts.append(tr("overdue"))
    if c["answered"] == 0:
        parts.append(tr("no answers"))
    if c["conflicts"]:
        parts.append(tr("conflicts: {n}", n=c["conflicts"]))
    if c["warnings"]:
        parts.append(tr("import warnings: {n}", n=c["warnings"]))
    if c["lon"] is None:
        parts.append(tr("no coordinates"))
    if c["revisions"] == 1 and not parts:
        parts.append(tr("first delivery"))
    return ", ".join(parts) or tr("up to date")


def _loss(c: dict[str, Any], name: str) -> Any:
    """A city's recorded-loss figure (``None``: no losses sent, or the figure was never recorded)."""
    losses = c.get("losses")
    if not losses:
        return None
    return losses["records"] if name == "records" else losses["totals"].get(name)


def loss_tooltip(c: dict[str, Any]) -> str:
    """Where a city's loss figures come from, or that it sent none."""
    losses = c.get("losses")
    if not losses:
        return tr("No loss records were sent with this revision")
    years = losses.get("years")
    span = f"{years[0]}–{years[1]}" if years else "—"
    return tr("Recorded disaster losses (DesInventar), {years}: {n} records; an empty cell is not recorded, never 0",
              years=span, n=losses["records"])


def loss_columns() -> list[Column]:
    """Recorded losses beside the scores: events, deaths, loss in US dollars (``—``: not recorded)."""
    from ...loss import figure_label

    def count(v: Any) -> str:
        return current().count(v)
    return [Column(tr("Loss events"), lambda c: _loss(c, "records"), count, align_right=True, tooltip=loss_tooltip),
            Column(figure_label("deaths"), lambda c: _loss(c, "deaths"), count, align_right=True,
                   tooltip=loss_tooltip),
            Column(figure_label("loss_usd"), lambda c: _loss(c, "loss_usd"), count, align_right=True,
                   tooltip=loss_tooltip)]


def city_columns() -> list[Column]:
    # the city's status as its tooltip too: the Status column is the last, often scrolled out of sight
    cols = [Column(tr("City"), lambda c: c["name"], tooltip=status_text), Column(tr("Country"), lambda c: c["country"]),
            Column(tr("Region"), lambda c: c["region"]),
            Column(tr("Overall"), lambda c: c["overall_percent"], percent_text, score=True,
                   tooltip=lambda c: tr("{points} of {max} points", points=c["points"], max=c["max_points"]))]
    for n in range(10):
        cols.append(Column(f"E{n + 1}", lambda c, n=n: c["essentials"][n], percent_text, score=True,
                           tooltip=lambda c, n=n: "" if c["essentials_answered"][n] is None else tr(
                               "answered {share}", share=current().share(c['essentials_answered'][n]))))
    cols += [Column(tr("Answered"), lambda c: None if c["answered_share"] is None else 100 * c["answered_share"],
                    percent_text, align_right=True),
             *loss_columns(),
             Column(tr("Scorecard"), lambda c: c["scorecard_id"], lambda v: "—" if v is None else level_name(v)),
             Column(tr("Revision"), lambda c: c["revision"], align_right=True),
             Column(tr("Last delivery"), lambda c: c["updated_at"], _date),
             Column(tr("Status"), status_text)]
    return cols


def status_columns() -> list[Column]:
    return [Column(tr("City"), lambda c: c["name"]), Column(tr("Country"), lambda c: c["country"]),
            Column(tr("Latest revision"), lambda c: c["revision"], align_right=True),
            Column(tr("Delivered"), lambda c: c["updated_at"], _date),
            Column(tr("Months since"), lambda c: c["months_since"], align_right=True),
            Column(tr("Overdue"), lambda c: c["overdue"], lambda v: tr("yes") if v else ""),
            Column(tr("Revisions"), lambda c: c["revisions"], align_right=True),
            Column(tr("Import warnings"), lambda c: c["warnings"] + c["conflicts"], align_right=True),
            Column(tr("Signature"), lambda c: c.get("signature"),
                   lambda v: tr("signed, key {key}", key=v[:12]) if v else tr("not signed"),
                   tooltip=lambda c: c.get("signature") or ""),
            Column(tr("Status"), status_text)]


def region_columns() -> list[Column]:
    cols = [Column(tr("Country"), lambda g: g["country"]),
            Column(tr("Region"), lambda g: g["region"], lambda v: v or tr("(no region)")),
            Column(tr("Cities"), lambda g: g["cities"], align_right=True),
            Column(tr("Overdue"), lambda g: g["overdue"], align_right=True),
            Column(tr("Overall median"), lambda g: g["overall_median"], percent_text, score=True)]
    for n in range(10):
        cols.append(Column(f"E{n + 1}", lambda g, n=n: g["essentials"][n]["median"], percent_text, score=True,
                           tooltip=lambda g, n=n: tr("median of {k} cities, {low}–{high}", k=g["essentials"][n]["cities"],
                                                     low=percent_text(g["essentials"][n]["min"]),
                                                     high=percent_text(g["essentials"][n]["max"]))))
    return cols


def e2_columns() -> list[Column]:
    return [Column(tr("City"), lambda c: c["name"]), Column(tr("Country"), lambda c: c["country"]),
            Column(tr("Region"), lambda c: c["region"]),
            Column(tr("In line"), lambda c: c["in_line"], lambda v: tr("yes") if v else tr("no")),
            Column(tr("Question"), lambda c: c["question_id"]),
            Column(tr("Score"), lambda c: c["score"], align_right=True),
            Column(tr("Level needed"), lambda c: c["threshold"], align_right=True),
            Column(tr("Date of the data"), lambda c: c["exported_at"], _date),
            # last, with the sentence as its tooltip too: the long ones run off the right
            Column(tr("Reason"), lambda c: reason_text(c["reason"]), tooltip=lambda c: reason_text(c["reason"]))]
