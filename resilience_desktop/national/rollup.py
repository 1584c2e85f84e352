"""The national roll-up: per country and region, cities counted with the median and spread per Essential.

The per-city percents come from :func:`resilience_desktop.national.views.list_cities` (one SQL
query); a median is taken here because SQLite has no median aggregate.
"""

from __future__ import annotations

__all__ = ["regional_rollup", "national_rollup"]

from statistics import median
from typing import Any, Iterable

from .sendai import DEFAULT_E2_RULE, E2Rule, sendai_e2
from .store import NationalStore
from .views import DEFAULT_OVERDUE_MONTHS, ESSENTIALS, list_cities


def regional_rollup(cities: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """``[{country, region, cities, essentials: [{essential, median, min, max, cities}]}]`` sorted by
    country then region (a city without a region is in ``region: None``, listed last in its country).

    An Essential's numbers cover the cities that have a percent for it (``cities`` counts them);
    ``median``, ``min``, ``max`` are ``None`` when no city has one.
    """
    groups: dict[tuple[str, str | None], list[dict[str, Any]]] = {}
    for c in cities:
        groups.setdefault((c["country"], c["region"] or None), []).append(c)
    out = []
    for (country, region), members in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1] is None,
                                                                            (kv[0][1] or "").casefold())):
        essentials = []
        for i, n in enumerate(ESSENTIALS):
            values = [c["essentials"][i] for c in members if c["essentials"][i] is not None]
            essentials.append({"essential": n, "median": round(median(values), 1) if values else None,
                               "min": min(values) if values else None, "max": max(values) if values else None,
                               "cities": len(values)})
        overall = [c["overall_percent"] for c in members if c["overall_percent"] is not None]
        out.append({"country": country, "region": region, "cities": len(members),
                    "overall_median": round(median(overall), 1) if overall else None,
                    "overdue": sum(1 for c in members if c["overdue"]), "essentials": essentials})
    return out


def national_rollup(store: NationalStore, *, rule: E2Rule = DEFAULT_E2_RULE,
                    overdue_months: float = DEFAULT_OVERDUE_MONTHS) -> dict[str, Any]:
    """``{"sendai_e2": …, "regions": […]}``: the ``national rollup --json`` contract."""
    return {"sendai_e2": sendai_e2(store, rule),
            "regions": regional_rollup(list_cities(store, overdue_months=overdue_months))}
