"""Coordinate reference systems: parsing, naming, cached transformers, the local UTM zone.

PROJ network access is switched off when this module is imported: the app is offline, and a
transformation must never depend on a grid fetched from the internet. Every transformer is
built with ``always_xy=True`` (longitude/easting first) and cached per CRS pair and thread
(a :class:`pyproj.Transformer` must not be shared between threads).
"""

from __future__ import annotations

__all__ = ["WGS84", "parse_crs", "crs_to_string", "crs_label", "transformer", "utm_crs",
           "transform_bounds", "transform_geometries", "is_geographic", "choose_map_crs", "default_map_crs",
           "bounds_wgs84", "finite_geometries", "clip_window", "coordinates_fit", "search_crs", "far_from_cities",
           "far_from_cities_wgs84",
           "FAR_KM"]

import threading
from typing import Any, Sequence

import numpy as np
import pyproj
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from ..errors import GisError
from ..i18n.catalog import tr
from .model import to_bounds

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
    params: dict = {}
    if c.name == "unknown":
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pyproj: a PROJ string may lose detail (it came from one)
            params = c.to_dict()
    if params.get("proj") == "aeqd":  # the exposure's own CRS round the data (gis/distance.py): said in words
        from ..i18n.catalog import current
        n = current().significant
        return tr("azimuthal equidistant, centred on {lon}° E {lat}° N", lon=n(float(params.get("lon_0", 0)), 4),
                  lat=n(float(params.get("lat_0", 0)), 4))
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
        return to_bounds(bounds)
    out = transformer(src, dst).transform_bounds(*bounds, densify_pts=21)
    if not all(np.isfinite(out)):
        raise GisError(tr("the layer's extent cannot be expressed in {crs}", crs=dst))
    return to_bounds(out)


def transform_geometries(geoms: np.ndarray, src: str, dst: str) -> np.ndarray:
    """Reproject an array of shapely geometries (vectorized over all coordinates at once)."""
    if src == dst or len(geoms) == 0:
        return geoms
    t = transformer(src, dst)

    def fn(xy: np.ndarray) -> np.ndarray:
        x, y = t.transform(xy[:, 0], xy[:, 1])
        return np.column_stack((x, y))

    return shapely.transform(geoms, fn)


#: The widest longitude span (degrees) drawn in a local UTM zone; wider data gets an equal-area map.
UTM_SPAN = 6.0


def choose_map_crs(bounds: Bounds) -> str:
    """The map CRS for data spanning ``bounds`` (WGS 84 longitude/latitude).

    The local UTM zone while the data fits a zone's width; otherwise an equal-area projection
    centred on the data: Lambert azimuthal equal-area for a region, Equal Earth for the world.

    Examples
    --------
    >>> choose_map_crs((76.8, 43.1, 77.1, 43.4))
    'EPSG:32643'
    >>> parse_crs(choose_map_crs((60.7, 30.0, 114.0, 50.0))).name
    'Lambert equal-area centred on 87.35°E 40.00°N'
    """
    x0, y0, x1, y1 = (float(v) for v in bounds)
    x0, x1 = max(x0, -180.0), min(x1, 180.0)
    y0, y1 = max(y0, -90.0), min(y1, 90.0)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    if x1 - x0 <= UTM_SPAN and -80 <= y0 and y1 <= 84:
        return utm_crs(cx, cy)
    if x1 - x0 > 150 or y1 - y0 > 90:
        proj = f"+proj=eqearth +lon_0={cx:.2f} +datum=WGS84 +units=m +no_defs"
        name = f"Equal Earth centred on {_lon_text(cx)}"
    else:
        proj = f"+proj=laea +lat_0={cy:.2f} +lon_0={cx:.2f} +datum=WGS84 +units=m +no_defs"
        name = f"Lambert equal-area centred on {_lon_text(cx)} {abs(cy):.2f}°{'N' if cy >= 0 else 'S'}"
    wkt = CRS.from_proj4(proj).to_wkt("WKT2_2019")
    # the projected CRS is named after what it is, so the toolbar and legends say something useful
    wkt = wkt.replace('PROJCRS["unknown"', f'PROJCRS["{name}"', 1)
    return crs_to_string(CRS.from_wkt(wkt))


def _lon_text(lon: float) -> str:
    return f"{abs(lon):.2f}°{'E' if lon >= 0 else 'W'}"


def coordinates_fit(bounds: Bounds, crs: str) -> bool:
    """Whether data spanning ``bounds`` can be in ``crs``: degrees for a longitude/latitude one.

    A GeoJSON file is WGS 84 by definition and a ``.prj`` is often copied from another layer, so
    metres (UTM, Web Mercator) arrive labelled as degrees; longitudes of 0..360 are degrees too.

    >>> coordinates_fit((465000.0, 4745000.0, 466000.0, 4746000.0), "EPSG:4326")
    False
    >>> coordinates_fit((170.0, -20.0, 190.0, -10.0), "EPSG:4326")
    True
    """
    x0, y0, x1, y1 = (float(v) for v in bounds)
    if not is_geographic(crs) or not all(np.isfinite((x0, y0, x1, y1))):
        return True
    return -180.5 <= x0 and x1 <= 360.5 and -90.5 <= y0 and y1 <= 90.5


def default_map_crs(cities: list[tuple[float | None, float | None]],
                    layers: list[tuple[str | None, Bounds | None]]) -> str:
    """The one rule for a workspace's first map CRS (chosen once, then stored).

    The first city with a location decides (its UTM zone); else the first layer placed on the
    earth (:func:`choose_map_crs` of its extent); else WGS 84 longitude/latitude.
    """
    for lon, lat in cities:
        if lon is not None and lat is not None:
            return utm_crs(lon, lat)
    for crs, bounds in layers:
        if crs and bounds and coordinates_fit(bounds, crs):  # a wrongly assigned CRS puts it nowhere on earth
            try:
                return choose_map_crs(transform_bounds(bounds, crs, WGS84))
            except GisError:
                continue
    return WGS84


def clip_window(map_crs: str) -> tuple[float, float, float, float] | None:
    """The lon/lat box of the earth ``map_crs`` can show well (``None``: all of it)."""
    crs = parse_crs(map_crs)
    if crs.is_geographic:
        return None
    op = crs.coordinate_operation
    method = (op.method_name if op is not None else "").lower()
    # numeric parameters only (a grid or file name is a text value)
    params = {p.name.lower(): float(p.value) for p in op.params
              if isinstance(p.value, (int, float))} if op is not None else {}
    lon0 = next((v for k, v in params.items() if "longitude" in k and ("origin" in k or "centre" in k
                                                                       or "center" in k or "natural" in k)), 0.0)
    lat0 = next((v for k, v in params.items() if "latitude" in k and ("origin" in k or "centre" in k
                                                                      or "center" in k or "natural" in k)), 0.0)
    if "mercator" in method and "transverse" not in method:
        return (-180.0, -85.0, 180.0, 85.0)
    if "transverse mercator" in method:
        return (max(lon0 - 40, -180.0), -84.0, min(lon0 + 40, 180.0), 84.0)
    if "azimuthal" in method or "orthographic" in method or "stereographic" in method:
        return (max(lon0 - 85, -180.0), max(lat0 - 80, -90.0), min(lon0 + 85, 180.0), min(lat0 + 80, 90.0))
    if abs(lon0) > 1e-9:  # a world projection turned to the data: cut at its seam, not across it
        return (max(lon0 - 179.9, -180.0), -90.0, min(lon0 + 179.9, 180.0), 90.0)
    return None


def finite_geometries(geoms: np.ndarray) -> tuple[np.ndarray, int]:
    """``geoms`` with those holding a non-finite coordinate replaced by ``None``, and how many."""
    if len(geoms) == 0:
        return geoms, 0
    coords, idx = shapely.get_coordinates(geoms, return_index=True)
    bad_coord = ~np.isfinite(coords).all(axis=1)
    if not bad_coord.any():
        return geoms, 0
    bad = np.zeros(len(geoms), dtype=bool)
    bad[np.unique(idx[bad_coord])] = True
    out = geoms.copy()
    out[bad] = None
    return out, int(bad.sum())


def bounds_wgs84(geoms: np.ndarray, crs: str | None) -> Bounds | None:
    """The longitude/latitude extent of the geometries themselves (every vertex transformed).

    Not the transformed bounding box, which for data in a UTM zone far from its zone grows by
    degrees on every side.
    """
    if crs is None or len(geoms) == 0:
        return None
    coords = shapely.get_coordinates(geoms)
    if len(coords) == 0:
        return None
    if crs != WGS84:
        with np.errstate(invalid="ignore"):
            x, y = transformer(crs, WGS84).transform(coords[:, 0], coords[:, 1])
        coords = np.column_stack((x, y))
    ok = np.isfinite(coords).all(axis=1)
    if not ok.any():
        return None
    c = coords[ok]
    return (float(c[:, 0].min()), float(c[:, 1].min()), float(c[:, 0].max()), float(c[:, 1].max()))


def search_crs(text: str, limit: int = 50) -> list[tuple[str, str]]:
    """``(code, name)`` of the CRSs whose EPSG code or name matches ``text`` (PROJ's own database).

    Examples
    --------
    >>> search_crs("32643")[0]
    ('EPSG:32643', 'WGS 84 / UTM zone 43N')
    """
    from pyproj.database import query_crs_info
    from pyproj.enums import PJType
    words = str(text).strip().lower().removeprefix("epsg:").split()
    if not words:
        return []
    cache = _cache("crs_info")
    if "all" not in cache:
        infos = query_crs_info(auth_name="EPSG", pj_types=[PJType.PROJECTED_CRS, PJType.GEOGRAPHIC_2D_CRS])
        cache["all"] = sorted(((f"EPSG:{i.code}", i.name) for i in infos if not i.deprecated),
                              key=lambda t: int(t[0][5:]))
    hits = []
    for code, name in cache["all"]:
        hay = f"{code[5:]} {name.lower()}"
        if all(w in hay for w in words):
            hits.append((code, name))
            if len(hits) >= limit:
                break
    exact = [h for h in hits if h[0][5:] == words[0]]
    return exact + [h for h in hits if h not in exact]


#: A layer this far from every city of the workspace is most likely in a wrong coordinate system.
FAR_KM = 500.0


def far_from_cities(data: Any, cities: Sequence[Any]) -> str | None:
    """The sentence to say when ``data`` (a layer read) lies over :data:`FAR_KM` from every one of ``cities``
    (records with ``name``, ``lon``, ``lat``; those without a location are skipped); ``None`` otherwise.

    Data in another UTM zone's system, or metres read as degrees, lands thousands of km away and looks
    fine on its own: the map zooms out to it and an exposure finds nothing.
    """
    if data.crs is None or not len(data.geometries) or not any(c.lon is not None and c.lat is not None
                                                               for c in cities):
        return None
    return far_from_cities_wgs84(data.name, data.crs, bounds_wgs84(data.geometries, data.crs), cities)


def far_from_cities_wgs84(name: str, crs: str, b: Bounds | None, cities: Sequence[Any]) -> str | None:
    """:func:`far_from_cities` for data known by its longitude/latitude extent ``b`` (a raster's)."""
    placed = [c for c in cities if c.lon is not None and c.lat is not None]
    if not placed or b is None:
        return None
    from ..i18n.catalog import current
    from .measure import GEOD
    x0, y0, x1, y1 = b  # the nearest point of the layer's extent to each city
    km, city = min((GEOD.inv(c.lon, c.lat, min(max(c.lon, x0), x1), min(max(c.lat, y0), y1))[2] / 1000, c.name)
                   for c in placed)
    if km <= FAR_KM:
        return None
    return tr("{name} lies {km} km from {city}: check its coordinate system ({crs}); a layer in another zone's "
              "system lands far away", name=name, km=current().number(km, 0), city=city, crs=crs)

