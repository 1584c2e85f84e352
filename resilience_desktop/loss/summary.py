"""What a city's loss records add up to: totals, per hazard kind, per year, and Sendai A–D.

Sums add the *known* figures only. A total is ``None`` when no record gave that figure, and the
number of records saying "some, number unknown" is counted beside it, so a reader sees both
"at least 12 deaths" and "3 more events with deaths of unknown number". No Qt.
"""

from __future__ import annotations

__all__ = ["TOTAL_FIGURES", "LossSummary", "summarize", "sendai_figures", "SendaiFigure",
           "PERSONS_PER_HOUSEHOLD"]

from dataclasses import dataclass, field
from typing import Any, Iterable

from ..i18n.catalog import current, tr
from .records import LossRecord

#: The figures of the ``loss import`` / ``loss summary`` JSON ``totals`` (a contract).
TOTAL_FIGURES = ("deaths", "missing", "injured", "affected", "houses_destroyed", "houses_damaged", "loss_usd")
#: UNDRR's default when the household size is not known (B-1a: people in damaged/destroyed dwellings).
PERSONS_PER_HOUSEHOLD = 4


class _Acc:
    """Running sums of one slice (all records, one hazard kind, one year)."""

    __slots__ = ("events", "sums", "known", "unknown")

    def __init__(self) -> None:
        self.events = 0
        self.sums: dict[str, float] = {}
        self.known: set[str] = set()
        self.unknown: dict[str, int] = {}

    def add(self, r: LossRecord) -> None:
        self.events += 1
        for k, v in r.figures.items():
            self.sums[k] = self.sums.get(k, 0) + v
            self.known.add(k)
        for k in r.unknown:
            self.unknown[k] = self.unknown.get(k, 0) + 1

    def total(self, name: str) -> float | int | None:
        if name not in self.known:
            return None
        v = self.sums[name]
        return round(float(v), 2) if name.startswith("loss") or name in ("crops_ha", "roads_m") else int(v)

    def totals(self, names: Iterable[str] = TOTAL_FIGURES) -> dict[str, Any]:
        return {n: self.total(n) for n in names}


@dataclass
class LossSummary:
    """Totals of a set of loss records; ``excluded`` unpublished records were left out."""

    records: int
    excluded: int
    years: tuple[int, int] | None
    events: dict[str, int]
    totals: dict[str, Any]
    by_event: dict[str, dict[str, Any]]
    by_year: dict[int, dict[str, Any]]
    #: Per figure: how many records said "some, number unknown".
    unknown: dict[str, int] = field(default_factory=dict)
    #: Every figure's total (``TOTAL_FIGURES`` and the others: evacuated, schools...).
    all_totals: dict[str, Any] = field(default_factory=dict)

    def import_json(self) -> dict[str, Any]:
        """The ``loss import --json`` document (a contract: keys never renamed)."""
        return {"records": self.records, "excluded": self.excluded,
                "years": list(self.years) if self.years else None,
                "events": dict(self.events), "totals": dict(self.totals)}

    def to_json(self) -> dict[str, Any]:
        """The ``loss summary --json`` document: the import's keys plus ``by_event`` and ``by_year``."""
        return {**self.import_json(), "by_event": {k: dict(v) for k, v in self.by_event.items()},
                "by_year": {str(y): dict(v) for y, v in sorted(self.by_year.items())}}


def summarize(records: Iterable[LossRecord], *, excluded: int = 0) -> LossSummary:
    """Add up ``records`` (known figures only).

    Examples
    --------
    >>> from .records import LossRecord
    >>> a = LossRecord("1", "1", "СЕЛЬ", "ALLUVION", "mudflow", 2005, 5, 0, None, "KG", None, None, "", 0,
    ...                {"deaths": 3}, ("injured",))
    >>> b = LossRecord("2", "2", "СЕЛЬ", "ALLUVION", "mudflow", 2007, None, None, None, "KG", None, None, "", 0, {})
    >>> s = summarize([a, b])
    >>> s.totals["deaths"], s.totals["injured"], s.unknown, s.years
    (3, None, {'injured': 1}, (2005, 2007))
    """
    every = _Acc()
    kinds: dict[str, _Acc] = {}
    years: dict[int, _Acc] = {}
    from .records import FIGURES
    for r in records:
        every.add(r)
        kinds.setdefault(r.hazard_kind, _Acc()).add(r)
        if r.year:
            years.setdefault(r.year, _Acc()).add(r)
    ordered = sorted(kinds.items(), key=lambda kv: (-kv[1].events, kv[0]))
    return LossSummary(
        records=every.events, excluded=excluded,
        years=(min(years), max(years)) if years else None,
        events={k: a.events for k, a in ordered},
        totals=every.totals(),
        by_event={k: {"events": a.events, **a.totals()} for k, a in ordered},
        by_year={y: {"events": a.events, **a.totals()} for y, a in sorted(years.items())},
        unknown=dict(every.unknown), all_totals=every.totals(FIGURES))


@dataclass(frozen=True)
class SendaiFigure:
    """One Sendai Framework figure: its code, what it is, the value (``None``: cannot be computed), the formula."""

    code: str
    label: str
    value: float | None
    formula: str


def sendai_figures(s: LossSummary, population: int | None) -> list[SendaiFigure]:
    """Targets A–D from the city's records, each with the formula used.

    Per-100,000 figures are yearly averages over the years the records span (first to last,
    inclusive) and need the city's population; without it they are ``None``. Sums of counts are
    integers; the population in a formula is written as the current language writes numbers.

    Examples
    --------
    >>> from .records import LossRecord
    >>> r = LossRecord("1", "1", "СЕЛЬ", "ALLUVION", "mudflow", 2005, None, None, None, "KG", None, None, "", 0,
    ...                {"deaths": 2, "injured": 5, "houses_damaged": 3})
    >>> f = {x.code: x for x in sendai_figures(summarize([r]), 1_100_000)}
    >>> f["A-2 + A-3"].value, f["B-2…B-4"].value, f["A-1"].formula
    (2, 17, '(deaths + missing) ÷ years (1) × 100,000 ÷ population (1,100,000)')
    """
    t = s.all_totals
    span = (s.years[1] - s.years[0] + 1) if s.years else None

    def add(*names: str, factor: int = 1) -> float | None:  # counts stay integers (2, not 2.0)
        vals = [t.get(n) for n in names]
        return None if all(v is None for v in vals) else factor * sum(v or 0 for v in vals)

    def rate(v: float | None) -> float | None:
        if v is None or not population or not span:
            return None
        return round(v / span * 100_000 / population, 3)

    a = add("deaths", "missing")
    dwell = add("houses_damaged", "houses_destroyed", factor=PERSONS_PER_HOUSEHOLD)
    b = None if t.get("injured") is None and dwell is None else (t.get("injured") or 0) + (dwell or 0)
    d = add("health_facilities", "schools")
    per = tr("(deaths + missing) ÷ years ({years}) × 100,000 ÷ population ({population})",
             years=span or "-", population=current().count(population) if population else "-")
    return [
        SendaiFigure("A-1", tr("Deaths and missing per 100,000 people a year"), rate(a), per),
        SendaiFigure("A-2 + A-3", tr("Deaths and missing"), a, tr("deaths + missing")),
        SendaiFigure("B-1", tr("Directly affected people per 100,000 a year"), rate(b),
                     tr("(injured + (houses damaged + houses destroyed) × {n} persons per household) ÷ years × "
                        "100,000 ÷ population; livelihoods are not recorded", n=PERSONS_PER_HOUSEHOLD)),
        SendaiFigure("B-2…B-4", tr("Injured, and people in damaged or destroyed dwellings"), b,
                     tr("injured + (houses damaged + houses destroyed) × {n}", n=PERSONS_PER_HOUSEHOLD)),
        SendaiFigure("C-1", tr("Direct economic loss (USD)"), t.get("loss_usd"),
                     tr("sum of the loss in US dollars as recorded (valorus); never converted from local currency")),
        SendaiFigure("D-2 + D-3", tr("Health and education facilities damaged or destroyed"), d,
                     tr("health facilities + education facilities")),
    ]
