"""Which part of the map a report shows (no Qt): the view the user saved, else the city, else all."""

from __future__ import annotations

__all__ = ["city_extent", "report_map_extent"]

import math
from typing import TYPE_CHECKING

from ..errors import GisError
from .crs import WGS84, transform_bounds

if TYPE_CHECKING:
    from ..workspace.facade import Workspace

Bounds = tuple[float, float, float, float]
#: Half-width of a city's map when its area is not known, in km.
DEFAULT_RADIUS_KM = 15.0


def city_extent(lon: float, lat: float, area_km2: float | None = None) -> Bounds:
    """A lon/lat box round a city: a square of its area with a margin (30 km across when unknown).

    >>> [round(v, 3) for v in city_extent(0.0, 0.0, 400.0)]
    [-0.135, -0.136, 0.135, 0.136]
    """
    half_km = math.sqrt(area_km2) / 2 * 1.5 if area_km2 and area_km2 > 0 else DEFAULT_RADIUS_KM
    dlat = half_km / 110.574
    dlon = half_km / (111.320 * max(math.cos(math.radians(lat)), 0.05))
    return (lon - dlon, max(lat - dlat, -90.0), lon + dlon, min(lat + dlat, 90.0))


def report_map_extent(ws: "Workspace", map_crs: str, fallback: Bounds | None, *,
                      city_id: str | None = None) -> Bounds | None:
    """The report map's extent in ``map_crs``: the saved view, else the surroundings of the city
    ``city_id`` (the report's own; ``None``: the first located city), else ``fallback`` (the extent
    of everything drawn). A city without a location never borrows another city's, and a saved view
    that does not hold the report's city (saved for another city of the workspace) is not used."""
    located = next(((c.lon, c.lat, c.area_km2) for c in ws.list_cities()
                    if (city_id is None or c.id == city_id) and c.lon is not None and c.lat is not None), None)
    box = ws.report_extent()
    if box is not None and located is not None and city_id is not None:
        lon, lat = located[0], located[1]
        if not (box[0] <= lon <= box[2] and box[1] <= lat <= box[3]):
            box = None
    if box is None and located is not None:
        box = city_extent(*located)
    if box is None:
        return fallback
    try:
        return transform_bounds(box, WGS84, map_crs)
    except GisError:
        return fallback
