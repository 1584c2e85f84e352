"""The offline basemap shipped with the app: Natural Earth in ``resources/basemap`` (no Qt).

Countries, lakes, coastlines, first-level boundaries, country and capital labels, read once
per process and prepared once per map CRS. Before projecting, the lon/lat data is clipped to
the part of the earth the map CRS can show (its area of use, widened; a hemisphere round an
azimuthal projection's centre; one turn round a world projection's central meridian), so a
local UTM map never projects the antipodes and a world map has no streaks across its seam.
"""

from __future__ import annotations

__all__ = ["BASEMAP_FILE", "BACKGROUND_WATER", "basemap_layers", "basemap_labels", "clip_window"]

import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from ..paths import data_dir
from .crs import WGS84, clip_window, parse_crs
from .display import DisplayLayer, prepare_layer
from .labels import LabelSpec

#: The GeoPackage built by ``tools/build_basemap.py``.
BASEMAP_FILE: Path = data_dir("resources") / "basemap" / "natural_earth.gpkg"
#: The map's background (sea) when the basemap is drawn.
BACKGROUND_WATER = "#d5e6f0"
#: (layer, style) bottom first.
_STYLES: tuple[tuple[str, dict[str, Any]], ...] = (
    ("countries", {"kind": "single", "color": "#f6f3ec", "outline": "#b9b2a4", "fill_alpha": 255}),
    ("lakes", {"kind": "single", "color": BACKGROUND_WATER, "outline": "#9fbfd3", "fill_alpha": 255}),
    ("admin1_lines", {"kind": "single", "color": "#d3ccbf", "width": 0.8}),
    ("coastline", {"kind": "single", "color": "#8fb2c8", "width": 0.8}),
    ("places", {"kind": "single", "color": "#5a5550", "size": 4.0}),
)
_lock = threading.Lock()
#: Capitals are drawn and labelled below this many metres per pixel (country scale).
_PLACES_MAX_RES = 6_000.0


@lru_cache(maxsize=1)
def _read() -> dict[str, tuple[np.ndarray, dict[str, np.ndarray]]]:
    from pyogrio import raw
    out = {}
    for name in ("countries", "lakes", "admin1_lines", "coastline", "places", "country_labels"):
        meta, _fid, wkb, fields = raw.read(str(BASEMAP_FILE), layer=name)
        out[name] = (shapely.from_wkb(wkb), dict(zip(meta["fields"], fields)))
    return out


def _clip(geoms: np.ndarray, window: tuple[float, float, float, float] | None) -> tuple[np.ndarray, np.ndarray]:
    if window is None:
        return geoms, np.arange(len(geoms))
    box = shapely.box(*window)
    keep = np.nonzero(shapely.intersects(geoms, box))[0]
    inside = shapely.contains_properly(box, geoms[keep])
    out = geoms[keep].copy()
    out[~inside] = shapely.intersection(out[~inside], box)
    return out, keep


@lru_cache(maxsize=4)
def _prepared(map_crs: str) -> tuple[list[DisplayLayer], list[tuple[LabelSpec, str]]]:
    data = _read()
    window = clip_window(map_crs)
    layers = []
    for name, style in _STYLES:
        geoms, _fields = data[name]
        clipped, _keep = _clip(geoms, window)
        layer = prepare_layer(f"basemap:{name}", clipped, WGS84, map_crs, style=style)
        layer.fill_alpha = int(style.get("fill_alpha", 190))
        layer.outline = style.get("outline")
        if name == "places":
            layer.max_resolution = _PLACES_MAX_RES if _units_are_metres(map_crs) else _PLACES_MAX_RES / 111_000
        layers.append(layer)
    labels = []
    for name, size, max_res, colour in (("country_labels", 12.0, float("inf"), "#6b5f52"),
                                        ("places", 10.0, _PLACES_MAX_RES, "#2f2b28")):
        geoms, fields = data[name]
        clipped, keep = _clip(geoms, window)
        from .crs import transform_geometries
        with np.errstate(invalid="ignore", over="ignore"):
            pts = transform_geometries(clipped, WGS84, map_crs)
        anchors = shapely.get_coordinates(pts) if len(pts) else np.empty((0, 2))
        rank = np.asarray(fields["rank"], dtype=float)[keep]
        for lang in ("en", "ru"):
            column = fields["name_ru" if lang == "ru" and "name_ru" in fields else "name"]
            texts = [str(column[i]) for i in keep]
            offset = (size * 0.6, -size * 0.6) if name == "places" else (0.0, 0.0)
            spec = LabelSpec(anchors.copy(), texts, -rank - (10 if name == "places" else 0), size, True, colour,
                             max_res if _units_are_metres(map_crs) else max_res / 111_000, offset)
            labels.append((spec, lang))
    return layers, labels


def _units_are_metres(map_crs: str) -> bool:
    return not parse_crs(map_crs).is_geographic


def basemap_layers(map_crs: str) -> list[DisplayLayer]:
    """The basemap's display layers in ``map_crs``, bottom first (prepared once per CRS)."""
    with _lock:
        return _prepared(map_crs)[0]


def basemap_labels(map_crs: str, lang: str = "en") -> list[LabelSpec]:
    """Country and capital labels in ``map_crs``, in ``lang`` (English or Russian names)."""
    with _lock:
        return [spec for spec, code in _prepared(map_crs)[1] if code == (lang if lang == "ru" else "en")]
