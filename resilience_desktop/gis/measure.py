"""Distances and areas on the ellipsoid, whatever the map CRS (no Qt).

The scale bar and the measure tool both go through :class:`pyproj.Geod` on WGS 84: a map in
longitude/latitude, or in a UTM zone far from its central meridian, still shows true ground
lengths.
"""

from __future__ import annotations

__all__ = ["GEOD", "nice_length", "metres_per_pixel", "scale_bar", "geodesic_length", "geodesic_area",
           "format_length", "format_area"]

import math
from dataclasses import dataclass

import numpy as np
import pyproj

from ..i18n.catalog import tr
from .crs import WGS84, transformer

#: The ellipsoid every length and area is measured on.
GEOD = pyproj.Geod(ellps="WGS84")


def nice_length(max_length: float) -> float:
    """The largest 1, 2 or 5 × 10^k not above ``max_length``.

    >>> nice_length(730), nice_length(0.37)
    (500.0, 0.2)
    """
    if max_length <= 0 or not math.isfinite(max_length):
        return 0.0
    k = math.floor(math.log10(max_length))
    for m in (5, 2, 1):
        if m * 10 ** k <= max_length:
            return float(m * 10 ** k) if k >= 0 else round(m * 10 ** k, -k)
    return float(10 ** k)


def _lonlat(xy: np.ndarray, crs: str) -> np.ndarray:
    if crs == WGS84:
        return np.asarray(xy, dtype=float)
    with np.errstate(invalid="ignore", over="ignore"):
        x, y = transformer(crs, WGS84).transform(xy[:, 0], xy[:, 1])
    return np.column_stack((x, y))


def geodesic_length(xy: np.ndarray, crs: str) -> float:
    """The ground length in metres of the line through ``xy`` (map CRS coordinates)."""
    ll = _lonlat(np.asarray(xy, dtype=float).reshape(-1, 2), crs)
    if len(ll) < 2 or not np.isfinite(ll).all():
        return float("nan")
    return float(GEOD.line_length(ll[:, 0], ll[:, 1]))


def geodesic_area(xy: np.ndarray, crs: str) -> float:
    """The ground area in square metres of the ring through ``xy`` (map CRS coordinates)."""
    ll = _lonlat(np.asarray(xy, dtype=float).reshape(-1, 2), crs)
    if len(ll) < 3 or not np.isfinite(ll).all():
        return float("nan")
    area, _perimeter = GEOD.polygon_area_perimeter(ll[:, 0], ll[:, 1])
    return abs(float(area))


def metres_per_pixel(cx: float, cy: float, resolution: float, crs: str, *, span_px: float = 100.0) -> float:
    """Ground metres per horizontal pixel at map point ``(cx, cy)`` (NaN where PROJ cannot say)."""
    d = span_px * resolution / 2
    length = geodesic_length(np.array([[cx - d, cy], [cx + d, cy]]), crs)
    return length / span_px


@dataclass(frozen=True)
class ScaleBar:
    """A scale bar: its ground length in metres, its length in pixels, and its label."""

    metres: float
    pixels: float
    label: str


def scale_bar(cx: float, cy: float, resolution: float, crs: str, max_pixels: float) -> ScaleBar | None:
    """The longest round-numbered bar not longer than ``max_pixels``, centred on map point ``(cx, cy)``.

    Its pixel length is solved on the ellipsoid, not scaled from one local factor: ground
    lengths are measured for many bar lengths at once and interpolated, so the bar stays true
    on a world map in longitude/latitude as on a city map.
    """
    if not (resolution > 0 and max_pixels > 0):
        return None
    px = np.linspace(0.0, float(max_pixels), 257)
    half = px[1:] * resolution / 2
    xy = np.column_stack((np.concatenate([cx - half, cx + half]), np.full(2 * len(half), cy)))
    ll = _lonlat(xy, crs)
    if not np.isfinite(ll).all():
        return None
    n = len(half)
    _f, _b, dist = GEOD.inv(ll[:n, 0], ll[:n, 1], ll[n:, 0], ll[n:, 1])
    lengths = np.concatenate([[0.0], np.asarray(dist, dtype=float)])
    if not np.all(np.diff(lengths) > 0):
        return None  # the bar would wrap round the earth
    metres = nice_length(float(lengths[-1]))
    if metres <= 0:
        return None
    pixels = float(np.interp(metres, lengths, px))
    return ScaleBar(metres, pixels, format_length(metres))


def format_length(metres: float) -> str:
    """``"2.5 km"``, ``"800 m"`` (``"0,2 м"`` in Russian: the numbers as the language writes them).

    >>> format_length(2500.0), format_length(0.2), format_length(1234.5), format_length(812.34)
    ('2.5 km', '0.2 m', '1.234 km', '812.3 m')
    """
    from ..i18n.catalog import current
    n = current().significant
    if metres >= 1000:
        return tr("{n} km", n=n(metres / 1000, 4))
    return tr("{n} m", n=n(metres, 4))


def format_area(square_metres: float) -> str:
    """``"12.4 km²"``, ``"3.2 ha"``, ``"450 m²"``."""
    from ..i18n.catalog import current
    n = current().significant
    if square_metres >= 1e6:
        return tr("{n} km²", n=n(square_metres / 1e6, 4))
    if square_metres >= 1e4:
        return tr("{n} ha", n=n(square_metres / 1e4, 4))
    return tr("{n} m²", n=n(square_metres, 4))
