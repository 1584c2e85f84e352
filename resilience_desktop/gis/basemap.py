"""The offline basemap shipped with the app: Natural Earth and GeoNames in ``resources/basemap`` (no Qt).

Countries, rivers, lakes, coastlines, first-level boundaries, populated places in three tiers, and
labels for countries, regions and places in English or Russian, read once per process and prepared
once per map CRS. Each tier of places, and the region labels, show only within their own range of
scales (metres per pixel), so a country map shows capitals and big cities and a city-region map
shows towns. Before projecting, the lon/lat data is clipped to the part of the earth the map CRS can
show (its area of use, widened; a hemisphere round an azimuthal projection's centre; one turn round a
world projection's central meridian), so a local UTM map never projects the antipodes and a world map
has no streaks across its seam.
"""

from __future__ import annotations

__all__ = ["BASEMAP_FILE", "BACKGROUND_WATER", "PLACE_TIERS", "PlaceTier", "REGION_LABELS", "NAMES_FOR_LANGUAGE", "basemap_layers",
           "basemap_labels", "is_place_layer", "clip_window"]

import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from ..paths import data_dir
from .crs import WGS84, clip_window, parse_crs, transform_geometries
from .display import DisplayLayer, prepare_layer
from .labels import LabelSpec

#: The GeoPackage built by ``tools/build_basemap.py``.
BASEMAP_FILE: Path = data_dir("resources") / "basemap" / "natural_earth.gpkg"
#: The map's background (sea) when the basemap is drawn.
BACKGROUND_WATER = "#d5e6f0"
#: (layer, style) bottom first; the places are drawn by tier over these.
_STYLES: tuple[tuple[str, dict[str, Any]], ...] = (
    ("countries", {"kind": "single", "color": "#f6f3ec", "outline": "#b9b2a4", "fill_alpha": 255}),
    ("rivers", {"kind": "single", "color": "#86b3d6", "width": 1.0}),
    ("lakes", {"kind": "single", "color": BACKGROUND_WATER, "outline": "#9fbfd3", "fill_alpha": 255}),
    ("admin1_lines", {"kind": "single", "color": "#d3ccbf", "width": 0.8}),
    ("coastline", {"kind": "single", "color": "#8fb2c8", "width": 0.8}),
)


@dataclass(frozen=True)
class PlaceTier:
    """How one tier of places is drawn: below ``max_res`` metres per pixel, with this symbol and label."""

    tier: int
    max_res: float
    point: float
    label: float
    colour: str


#: Tier 1: capitals and cities of a million; 2: 100,000 or more; 3: the rest (Central Asia only).
PLACE_TIERS: tuple[PlaceTier, ...] = (
    PlaceTier(1, 6_000.0, 5.0, 11.0, "#2f2b28"),
    PlaceTier(2, 3_000.0, 4.0, 10.0, "#3d3833"),
    PlaceTier(3, 1_000.0, 3.0, 9.0, "#4d4741"),
)
#: Region (first-level) labels show between these resolutions (metres per pixel): not on a map of
#: the continent, where they would crowd the countries' names, nor on a city's, where they say nothing.
REGION_LABELS = (60.0, 2_500.0)
_lock = threading.Lock()
_LAYERS = ("countries", "rivers", "lakes", "admin1_lines", "coastline", "places", "country_labels", "region_labels")


@lru_cache(maxsize=1)
def _read() -> dict[str, tuple[np.ndarray, dict[str, np.ndarray]]]:
    from pyogrio import raw
    out = {}
    for name in _LAYERS:
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
    # resolutions are metres per pixel: a map in degrees compares them in degrees (at the equator)
    unit = 1.0 if _units_are_metres(map_crs) else 1 / 111_000
    layers = []
    for name, style in _STYLES:
        geoms, _fields = data[name]
        clipped, _keep = _clip(geoms, window)
        layers.append(_layer(f"basemap:{name}", clipped, map_crs, style))
    places, fields = data["places"]
    tiers = np.asarray(fields["tier"], dtype=int)
    for t in PLACE_TIERS:
        clipped, _keep = _clip(places[tiers == t.tier], window)
        layer = _layer(f"basemap:places{t.tier}", clipped, map_crs, {"kind": "single", "color": t.colour})
        layer.point_size = t.point
        layer.max_resolution = t.max_res * unit
        layers.append(layer)
    labels: list[tuple[LabelSpec, str]] = []
    # later specs win overlaps: regions give way to towns, towns to country names, those to capitals
    geoms, f = data["region_labels"]
    labels += _labels(geoms, f, window, map_crs, np.asarray(f["area"], dtype=float), size=10.0, colour="#8a7f72",
                      italic=True, resolutions=(REGION_LABELS[0] * unit, REGION_LABELS[1] * unit))
    for t in reversed(PLACE_TIERS):
        pick = tiers == t.tier
        sub = {k: np.asarray(v)[pick] for k, v in fields.items()}
        priority = np.asarray(sub["population"], dtype=float) + 1e9 * np.asarray(sub["capital"], dtype=float)
        labels += _labels(places[pick], sub, window, map_crs, priority, size=t.label, colour=t.colour,
                          resolutions=(0.0, t.max_res * unit), beside=True)
        if t.tier == 2:
            geoms, f = data["country_labels"]
            labels += _labels(geoms, f, window, map_crs, -np.asarray(f["rank"], dtype=float), size=12.0,
                              colour="#6b5f52")
    return layers, labels


def _layer(layer_id: str, geoms: np.ndarray, map_crs: str, style: dict[str, Any]) -> DisplayLayer:
    layer = prepare_layer(layer_id, geoms, WGS84, map_crs, style=style)
    layer.fill_alpha = int(style.get("fill_alpha", 190))
    layer.outline = style.get("outline")
    return layer


def _labels(points: np.ndarray, fields: dict[str, np.ndarray], window: tuple[float, float, float, float] | None,
            map_crs: str, priority: np.ndarray, *, size: float, colour: str, italic: bool = False,
            resolutions: tuple[float, float] = (0.0, float("inf")),
            beside: bool = False) -> list[tuple[LabelSpec, str]]:
    """One label spec per language (``en``, ``ru``) for ``points`` named by ``fields``' name columns."""
    clipped, keep = _clip(points, window)
    with np.errstate(invalid="ignore", over="ignore"):
        pts = transform_geometries(clipped, WGS84, map_crs)
    anchors = shapely.get_coordinates(pts) if len(pts) else np.empty((0, 2))
    offset = (size * 0.6, -size * 0.6) if beside else (0.0, 0.0)
    out = []
    for lang, column in (("en", "name"), ("ru", "name_ru")):
        texts = [str(fields[column][i]) for i in keep]
        out.append((LabelSpec(anchors.copy(), texts, priority[keep], size, True, colour, resolutions[1], offset,
                              min_resolution=resolutions[0], italic=italic), lang))
    return out


def _units_are_metres(map_crs: str) -> bool:
    return not parse_crs(map_crs).is_geographic


def basemap_layers(map_crs: str, *, places: bool = True) -> list[DisplayLayer]:
    """The basemap's display layers in ``map_crs``, bottom first (prepared once per CRS).

    ``places=False`` leaves out the populated places' symbols (a map whose own points are cities).
    """
    with _lock:
        layers = _prepared(map_crs)[0]
    return layers if places else [x for x in layers if not is_place_layer(x)]


def is_place_layer(layer: DisplayLayer) -> bool:
    """Whether ``layer`` is one of the basemap's tiers of places (drawn over rasters, like the labels)."""
    return layer.id.startswith("basemap:places")


#: Which names each interface language reads on the map: the Russian names for the languages written in
#: Cyrillic (Kazakh, Kyrgyz and Tajik readers know their places by them far better than by English
#: ones; the basemap has no names in those languages), the English names otherwise (Uzbek is written in Latin).
NAMES_FOR_LANGUAGE = {"ru": "ru", "kk": "ru", "ky": "ru", "tg": "ru"}


def basemap_labels(map_crs: str, lang: str = "en") -> list[LabelSpec]:
    """Country, region and place labels in ``map_crs``, with the names ``lang`` reads
    (:data:`NAMES_FOR_LANGUAGE`: Russian names for ru, kk, ky and tg; English ones otherwise)."""
    names = NAMES_FOR_LANGUAGE.get(lang, "en")
    with _lock:
        return [spec for spec, code in _prepared(map_crs)[1] if code == names]
