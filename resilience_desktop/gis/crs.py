"""Coordinate reference systems: parsing, naming, cached transformers, the local UTM zone.

PROJ network access is switched off when this module is imported: the app is offline, and a
transformation must never depend on a grid fetched from the internet. Every transformer is
built with ``always_xy=True`` (longitude/easting first) and cached per CRS pair and thread
(a :class:`pyproj.Transformer` must not be shared between threads).
"""

from __future__ import annotations

__all__ = ["WGS84", "parse_crs", "crs_to_string", "crs_label", "transformer", "utm_crs",
           "transform_bounds", "transform_geometries", "is_geographic"]

import threading

import numpy as np
import pyproj
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from ..errors import GisError
from ..i18n.catalog import tr

pyproj.network.set_network_enabled(False)

#: The CRS of longitude/latitude in degrees, as stored.
WGS84 = "EPSG:4326"

Bounds = tuple[float, float, float, float]


def parse_crs(text: str) -> CRS:
    """A :class:`pyproj.CRS` from ``"EPSG:32643"``, a bare EPSG number, WKT or a PROJ string.

    Cached per thread (thread-local, dropped with the thread): PROJ objects carry their
    thread's context and crash when used from another thread.

    Examples
    --------
    >>> parse_crs("32643").to_epsg()
    32643
    """
    cache = _cache("crs")
    key = str(text)
    if key not in cache:
        cache[key] = _parse_crs(key)
    return cache[key]


_local = threading.local()


def _cache(name: str) -> dict:
    return _local.__dict__.setdefault(name, {})


def _parse_crs(text: str) -> CRS:
    value = str(text).strip()
    if value.isdigit():
        value = f"EPSG:{value}"
    try:
        return CRS.from_user_input(value)
    except CRSError:
        raise GisError(tr("unknown coordinate reference system {crs!r}", crs=str(text)[:80])) from None


def crs_to_string(crs: CRS | str) -> str:
    """How a CRS is stored: its authority code when PROJ identifies it for sure, else WKT2.

    Examples
    --------
    >>> crs_to_string("epsg:32643")
    'EPSG:32643'
    >>> crs_to_string("+proj=longlat +datum=WGS84 +no_defs")[:7]   # axis order differs from EPSG:4326
    'GEOGCRS'
    """
    crs = crs if isinstance(crs, CRS) else parse_crs(crs)
    auth = crs.to_authority(min_confidence=90)
    if auth is not None:
        return f"{auth[0]}:{auth[1]}"
    return crs.to_wkt("WKT2_2019")


def crs_label(crs: str | None) -> str:
    """A short human label: ``"EPSG:32643 — WGS 84 / UTM zone 43N"``; WKT becomes its name."""
    if crs is None:
        return tr("unknown CRS")
    c = parse_crs(crs)
    return f"{crs} — {c.name}" if len(crs) < 32 else c.name


def is_geographic(crs: str) -> bool:
    return bool(parse_crs(crs).is_geographic)


def transformer(src: str, dst: str) -> Transformer:
    """The cached ``always_xy`` transformer from ``src`` to ``dst`` for the calling thread."""
    cache = _cache("transformers")
    if (src, dst) not in cache:
        cache[(src, dst)] = Transformer.from_crs(parse_crs(src), parse_crs(dst), always_xy=True)
    return cache[(src, dst)]


def utm_crs(lon: float, lat: float) -> str:
    """The WGS 84 UTM zone holding ``(lon, lat)``: the default display CRS of a city.

    Examples
    --------
    >>> utm_crs(74.6, 42.87)
    'EPSG:32643'
    >>> utm_crs(-70.6, -33.4)
    'EPSG:32719'
    """
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise GisError(tr("longitude must be within -180..180 and latitude within -90..90"))
    zone = min(int((lon + 180) // 6) + 1, 60)
    return f"EPSG:{(32600 if lat >= 0 else 32700) + zone}"


def transform_bounds(bounds: Bounds, src: str, dst: str) -> Bounds:
    """``bounds`` in ``dst``, densified along the edges so curved edges are enclosed."""
    if src == dst:
        return tuple(float(v) for v in bounds)  # type: ignore[return-value]
    out = transformer(src, dst).transform_bounds(*bounds, densify_pts=21)
    if not all(np.isfinite(out)):
        raise GisError(tr("the layer's extent cannot be expressed in {crs}", crs=dst))
    return tuple(float(v) for v in out)  # type: ignore[return-value]


def transform_geometries(geoms: np.ndarray, src: str, dst: str) -> np.ndarray:
    """Reproject an array of shapely geometries (vectorized over all coordinates at once)."""
    if src == dst or len(geoms) == 0:
        return geoms
    t = transformer(src, dst)

    def fn(xy: np.ndarray) -> np.ndarray:
        x, y = t.transform(xy[:, 0], xy[:, 1])
        return np.column_stack((x, y))

    return shapely.transform(geoms, fn)
