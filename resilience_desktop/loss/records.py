"""One disaster loss record, as the app keeps it (no Qt, no workspace).

A figure is ``None`` when the source did not give it, and its name is in ``unknown`` when the
source said "there were some, number unknown" (a DesInventar ``hay_*`` flag, or DesInventar 8's
``-1``). Neither is ever turned into 0: a sum over records adds the known figures only, and a
total is ``None`` when no record gave that figure.
"""

from __future__ import annotations

__all__ = ["LossRecord", "FIGURES", "COUNT_FIGURES", "figure_label"]

from dataclasses import dataclass, field
from typing import Any

from ..i18n.catalog import tr, trp

#: The people and housing counts: app name → (DesInventar column, its "there were some" flag).
COUNT_FIGURES: dict[str, tuple[str, str | None]] = {
    "deaths": ("muertos", "hay_muertos"),
    "missing": ("desaparece", "hay_deasparece"),  # the flag's name is misspelt in DesInventar
    "injured": ("heridos", "hay_heridos"),
    "affected": ("damnificados", "hay_damnificados"),  # "directly affected" in Sendai-era DesInventar
    "affected_indirect": ("afectados", "hay_afectados"),
    "evacuated": ("evacuados", "hay_evacuados"),
    "relocated": ("reubicados", "hay_reubicados"),
    "houses_destroyed": ("vivdest", "hay_vivdest"),
    "houses_damaged": ("vivafec", "hay_vivafec"),
    "health_facilities": ("nhospitales", None),
    "schools": ("nescuelas", None),
    "livestock": ("cabezas", None),
}
#: Figures without a flag, in units other than a count.
MEASURE_FIGURES: dict[str, str] = {"crops_ha": "nhectareas", "roads_m": "kmvias",
                                   "loss_local": "valorloc", "loss_usd": "valorus"}
#: Every figure a record can hold, in display order.
FIGURES: tuple[str, ...] = (*COUNT_FIGURES, *MEASURE_FIGURES)


def figure_label(name: str) -> str:
    """The translated column title of a figure."""
    return {"deaths": tr("Deaths"), "missing": tr("Missing"), "injured": tr("Injured"),
            "affected": trp("people", "Affected"), "affected_indirect": tr("Indirectly affected"),
            "evacuated": tr("Evacuated"), "relocated": tr("Relocated"),
            "houses_destroyed": tr("Houses destroyed"), "houses_damaged": tr("Houses damaged"),
            "health_facilities": tr("Health facilities"), "schools": tr("Schools"), "livestock": tr("Livestock"),
            "crops_ha": tr("Crops (ha)"), "roads_m": tr("Roads (m)"), "loss_local": tr("Loss (local currency)"),
            "loss_usd": tr("Loss (USD)"), "events": tr("Events")}.get(name, name)


@dataclass(slots=True)
class LossRecord:
    """One DesInventar datacard (``fichas`` row), reduced to what a city's team reads."""

    key: str
    serial: str
    event: str
    event_en: str | None
    hazard_kind: str
    year: int | None
    month: int | None
    day: int | None
    duration_days: int | None
    level0: str | None
    level1: str | None
    level2: str | None
    place: str
    status: int
    figures: dict[str, float | int] = field(default_factory=dict)
    unknown: tuple[str, ...] = ()

    def value(self, name: str) -> float | int | None:
        return self.figures.get(name)

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "serial": self.serial, "event": self.event, "event_en": self.event_en,
                "hazard_kind": self.hazard_kind, "year": self.year, "month": self.month, "day": self.day,
                "duration_days": self.duration_days, "level0": self.level0, "level1": self.level1,
                "level2": self.level2, "place": self.place, "status": self.status,
                **{f: self.figures.get(f) for f in FIGURES}, "unknown": list(self.unknown)}
