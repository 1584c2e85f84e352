"""Generated map layers of the fictional demo city: buildings, roads, facilities, hazard zones.

Deterministic (seeded) and small (about 3,000 features), so the demo workspace still writes in
a fraction of a second. Everything is made in WGS 84 / UTM zone 43N round the demo city's
centre, except the facilities, which are stored in longitude/latitude the way a CSV from a
phone survey arrives: the map reprojects them like any other layer.
"""

from __future__ import annotations

__all__ = ["demo_layers", "add_demo_layers", "DEMO_CRS"]

import json
from typing import TYPE_CHECKING

import numpy as np
import shapely

from ..gis.crs import WGS84, transform_geometries, transformer
from ..gis.geometry import clean_geometries
from ..gis.model import LayerData

if TYPE_CHECKING:
    from ..workspace.facade import Workspace
    from .texts import DemoTexts

DEMO_CRS = "EPSG:32643"
CENTRE_LONLAT = (74.61, 42.87)
HALF_W, HALF_H = 5_200.0, 3_600.0
FACILITY_KINDS = {"hospital": 4, "school": 18, "substation": 6, "fire_station": 5}
HAZARD_COLOURS = {"flood": "#3b82f6", "mudflow": "#a16207", "landslide": "#dc2626"}
FACILITY_COLOURS = {"hospital": "#e11d48", "school": "#f59e0b", "substation": "#7c3aed", "fire_station": "#ea580c"}


def _layer(name: str, geoms: np.ndarray, attrs: list[dict], crs: str, fields: list[str]) -> LayerData:
    cleaned = clean_geometries(geoms)
    return LayerData(name=name, source_name="demo (generated)", driver="demo", crs=crs,
                     geometries=cleaned.geometries, attributes=[json.dumps(a, ensure_ascii=False) for a in attrs],
                     fields=fields, encoding="UTF-8", geometry_types=cleaned.geometry_types,
                     invalid_repaired=cleaned.invalid_repaired)


def demo_layers(seed: int = 2030, texts: "DemoTexts | None" = None) -> list[LayerData]:
    """The demo city's layers, bottom first: hazard zones, buildings, roads, river, facilities
    (named in the demo's language; attribute codes such as ``kind`` stay as they are)."""
    from .texts import ENGLISH
    words = texts or ENGLISH
    rng = np.random.default_rng(seed)
    cx, cy = transformer(WGS84, DEMO_CRS).transform(*CENTRE_LONLAT)
    x0, y0, x1, y1 = cx - HALF_W, cy - HALF_H, cx + HALF_W, cy + HALF_H

    # A river crossing the city from the south-east mountains, gently meandering.
    t = np.linspace(0, 1, 60)
    river_xy = np.column_stack([x1 - t * (x1 - x0) * 1.05 + 80,
                                y0 + 600 + t * (y1 - y0) * 0.55 + 280 * np.sin(t * 9)])
    river = shapely.LineString(river_xy)

    # Streets: a slightly rotated grid of avenues and local streets (clipped to the city).
    angle = np.deg2rad(8)
    rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    roads, road_attrs = [], []
    for i, off in enumerate(np.arange(-HALF_W, HALF_W + 1, 400.0)):
        kind = "avenue" if i % 4 == 0 else "street"
        pts = np.array([[off, -HALF_H * 1.1], [off + rng.normal(0, 20), HALF_H * 1.1]]) @ rot.T + (cx, cy)
        roads.append(shapely.LineString(pts)); road_attrs.append({"class": kind, "name": words.road_names[kind].format(n=i + 1)})
    for j, off in enumerate(np.arange(-HALF_H, HALF_H + 1, 400.0)):
        kind = "avenue" if j % 4 == 0 else "street"
        pts = np.array([[-HALF_W * 1.1, off], [HALF_W * 1.1, off + rng.normal(0, 20)]]) @ rot.T + (cx, cy)
        roads.append(shapely.LineString(pts)); road_attrs.append({"class": kind,
                                                        "name": words.road_names[kind + "_line"].format(n=j + 1)})
    ring_road = shapely.Point(cx, cy).buffer(HALF_H * 0.95, quad_segs=24).exterior
    roads.append(ring_road); road_attrs.append({"class": "highway", "name": words.road_names["highway"]})
    city_box = shapely.box(x0, y0, x1, y1)
    road_geoms = shapely.intersection(np.array(roads, dtype=object), city_box)

    # Buildings: lots inside the 400 m street blocks, denser towards the centre, none in the river.
    lx, ly = np.meshgrid(np.arange(-HALF_W, HALF_W, 48.0), np.arange(-HALF_H, HALF_H, 42.0))
    lx, ly = lx.ravel() + 24, ly.ravel() + 21
    inside_block = (((lx + HALF_W) % 400) > 34) & (((lx + HALF_W) % 400) < 366) & \
                   (((ly + HALF_H) % 400) > 30) & (((ly + HALF_H) % 400) < 370)
    r2 = (lx / HALF_W) ** 2 + (ly / HALF_H) ** 2
    chosen = inside_block & (rng.random(len(lx)) < 0.92 * np.exp(-r2 / 0.35))
    lots = np.column_stack([lx[chosen], ly[chosen]]) + rng.normal(0, 3, (int(chosen.sum()), 2))
    n = len(lots)
    w, h = rng.uniform(14, 34, n), rng.uniform(10, 26, n)
    corners = np.array([(-.5, -.5), (.5, -.5), (.5, .5), (-.5, .5), (-.5, -.5)])
    local = corners[None] * np.stack([w, h], 1)[:, None] + lots[:, None]
    buildings = shapely.polygons(local @ rot.T + (cx, cy))
    keep = shapely.within(buildings, city_box) & ~shapely.intersects(buildings, river.buffer(60))
    near_road = shapely.STRtree(road_geoms).query(buildings, predicate="dwithin", distance=6.0)[0]
    keep[near_road] = False
    buildings = buildings[keep]
    uses = np.array(["residential", "residential", "residential", "commercial", "public", "industrial"])
    b_attrs = [{"use": str(uses[k % len(uses)]), "floors": int(f)}
               for k, f in enumerate(rng.integers(1, 10, len(buildings)))]

    # Facilities (stored in WGS 84, as a survey would send them).
    fac, fac_attrs = [], []
    counter = 0
    for kind, count in FACILITY_KINDS.items():
        for k in range(count):
            counter += 1
            px, py = cx + rng.normal(0, HALF_W / 2.2), cy + rng.normal(0, HALF_H / 2.2)
            px, py = np.clip(px, x0 + 200, x1 - 200), np.clip(py, y0 + 200, y1 - 200)
            fac.append(shapely.Point(px, py))
            fac_attrs.append({"kind": kind, "name": words.facility_names[kind].format(n=k + 1),
                              "capacity": int(rng.integers(50, 1200))})
    fac_wgs = transform_geometries(np.array(fac, dtype=object), DEMO_CRS, WGS84)

    # Hazard zones: the river's flood plain, mudflow fans from the southern slopes, landslides.
    flood = river.buffer(420, quad_segs=8)
    fans = [shapely.Polygon([(sx - 300, y0 - 200), (sx + 300, y0 - 200), (sx + 900, y0 + 1500), (sx - 700, y0 + 1400)])
            for sx in (x0 + 1800, x0 + 5200, x1 - 1500)]
    slides = [shapely.Point(x0 + 600 + 1500 * k, y1 - 500).buffer(350 + 120 * k, quad_segs=6) for k in range(4)]
    hz = [flood, *fans, *slides]
    hz_attrs = ([{"hazard": "flood", "return_period": "1 in 100 years"}]
                + [{"hazard": "mudflow", "return_period": "1 in 50 years"}] * len(fans)
                + [{"hazard": "landslide", "return_period": "active"}] * len(slides))
    names = words.layer_names

    def in_language(attrs: list[dict]) -> list[dict]:  # attribute codes in the demo's language
        return [{k: words.values.get(v, v) if isinstance(v, str) and k != "name" else v for k, v in a.items()}
                for a in attrs]
    hz_attrs, b_attrs, road_attrs, fac_attrs = (in_language(hz_attrs), in_language(b_attrs), in_language(road_attrs),
                                                in_language(fac_attrs))
    return [
        _layer(names[0], np.array(hz, dtype=object), hz_attrs, DEMO_CRS, ["hazard", "return_period"]),
        _layer(names[1], buildings, b_attrs, DEMO_CRS, ["use", "floors"]),
        _layer(names[2], road_geoms, road_attrs, DEMO_CRS, ["class", "name"]),
        _layer(names[3], np.array([river], dtype=object), [{"name": words.river_name}], DEMO_CRS, ["name"]),
        _layer(names[4], fac_wgs, fac_attrs, WGS84, ["kind", "name", "capacity"]),
    ]


def add_demo_layers(ws: "Workspace", seed: int = 2030, texts: "DemoTexts | None" = None) -> list[str]:
    """Store the demo layers in ``ws`` with their styles; return their ids (bottom first)."""
    with ws.batch():  # one transaction for the layers and their styles
        return _add(ws, seed, texts)


def _add(ws: "Workspace", seed: int, texts: "DemoTexts | None") -> list[str]:
    from .texts import ENGLISH
    values = (texts or ENGLISH).values

    def local(colours: dict[str, str]) -> dict[str, str]:
        return {values.get(k, k): c for k, c in colours.items()}
    ids = ws.add_layers(demo_layers(seed, texts))
    hazards, buildings, roads, river, facilities = ids
    ws.set_map_crs(DEMO_CRS)
    ws.set_layer_style(hazards, {"kind": "categorized", "field": "hazard", "color": "#9ca3af",
                                 "categories": local(HAZARD_COLOURS)})
    ws.set_layer_opacity(hazards, 0.45)
    ws.set_layer_style(buildings, {"kind": "single", "color": "#a8a29e"})
    ws.set_layer_style(roads, {"kind": "categorized", "field": "class", "color": "#9ca3af", "width": 1.0,
                               "categories": local({"highway": "#f97316", "avenue": "#525252",
                                                    "street": "#a3a3a3"})})
    ws.set_layer_style(river, {"kind": "single", "color": "#2563eb", "width": 3.0,
                               "labels": {"field": "name", "size": 13, "halo": True}})
    ws.set_layer_style(facilities, {"kind": "categorized", "field": "kind", "color": "#6b7280", "size": 9.0,
                                    "categories": local(FACILITY_COLOURS),
                                    "labels": {"field": "name", "size": 11, "halo": True, "priority": "capacity"}})
    return ids
