"""Units of a raster hazard's values and of a scenario's thresholds (no Qt).

A scenario on a raster says what the raster's cells hold (``raster_unit``: flood depth in metres,
peak ground acceleration in g, a susceptibility class) and in which unit its thresholds are
written (``unit``). Thresholds are converted to the raster's unit before the analysis when both
measure the same thing (centimetres against metres, gal against g); a threshold in g against a
raster of depths in metres is refused, never compared.

>>> to_raster_unit([50, 100], "cm", "m")
[0.5, 1.0]
>>> [round(v, 4) for v in to_raster_unit([98.0665], "cm/s2", "g")]
[0.1]
>>> check_raster_thresholds({"values": "0,5; 1; 2", "unit": "m", "raster_unit": "m"})["values"]
[0.5, 1.0, 2.0]
"""

from __future__ import annotations

__all__ = ["UNITS", "unit_label", "default_unit", "to_raster_unit", "check_raster_thresholds"]

from typing import Any, Sequence

from ..errors import InvalidInputError
from ..i18n.catalog import tr

#: unit code → (what it measures, factor to that quantity's base unit)
UNITS: dict[str, tuple[str, float]] = {
    "m": ("length", 1.0), "cm": ("length", 0.01),
    "g": ("acceleration", 9.80665), "m/s2": ("acceleration", 1.0), "cm/s2": ("acceleration", 0.01),
    "m/s": ("speed", 1.0),
    "class": ("class", 1.0),
}

_DEFAULTS = {"flood": "m", "mudflow": "m", "earthquake": "g", "landslide": "class", "avalanche": "class"}


def unit_label(unit: str) -> str:
    """How a unit is written on screen (``m/s2`` → ``m/s²``; ``class`` translated)."""
    return {"m": tr("m"), "cm": tr("cm"), "g": "g", "m/s2": tr("m/s²"), "cm/s2": tr("cm/s² (gal)"),
            "m/s": tr("m/s"), "class": tr("class")}.get(unit, unit)


def default_unit(hazard_kind: str) -> str:
    """The usual unit of a hazard kind's raster: metres of water, g of ground acceleration, classes."""
    return _DEFAULTS.get(hazard_kind, "class")


def _check_unit(unit: Any) -> str:
    if unit not in UNITS:
        raise InvalidInputError(tr("a hazard unit must be one of {units}", units=", ".join(UNITS)))
    return str(unit)


def to_raster_unit(values: Sequence[float], unit: str, raster_unit: str) -> list[float]:
    """``values`` written in ``unit`` expressed in ``raster_unit`` (the same quantity, or refused)."""
    (q1, f1), (q2, f2) = UNITS[_check_unit(unit)], UNITS[_check_unit(raster_unit)]
    if q1 != q2:
        raise InvalidInputError(tr("thresholds in {unit} cannot be compared with a raster whose values are in "
                                   "{raster_unit}; give them in the raster's unit", unit=unit_label(unit),
                                   raster_unit=unit_label(raster_unit)))
    if unit == raster_unit:
        return [float(v) for v in values]
    return [round(float(v) * f1 / f2, 12) for v in values]


def check_raster_thresholds(value: Any) -> dict[str, Any] | None:
    """A scenario's raster thresholds as stored: ``{"values": [...], "unit": u, "raster_unit": u}``.

    The values must be increasing finite numbers; the units known and of the same quantity.
    """
    if value is None:
        return None
    if not isinstance(value, dict):
        raise InvalidInputError(tr("raster thresholds must be a mapping of values and units"))
    raw = value.get("values")
    if isinstance(raw, str):  # "0.5, 1, 2", or with decimal commas "0,5; 1; 2"
        raw = ([v.replace(",", ".") for v in raw.split(";")] if ";" in raw else raw.split(","))
        raw = [v for v in raw if v.strip()]
    try:
        values = [float(str(v).strip().replace(" ", "")) for v in (raw or [])]
    except ValueError:
        raise InvalidInputError(tr("thresholds must be numbers separated by commas, like 0.5,1,2")) from None
    if (not values or any(v != v or v in (float("inf"), float("-inf")) for v in values)
            or any(b <= a for a, b in zip(values, values[1:]))):
        raise InvalidInputError(tr("thresholds must be increasing numbers, like 0.5,1,2"))
    if len(values) > 12:
        raise InvalidInputError(tr("a raster hazard takes at most 12 thresholds"))
    unit = _check_unit(value.get("unit", "class"))
    raster_unit = _check_unit(value.get("raster_unit", unit))
    to_raster_unit(values, unit, raster_unit)  # refuses thresholds and raster of different quantities
    return {"values": values, "unit": unit, "raster_unit": raster_unit}
