"""A generated city for the map benchmarks: buildings, roads and points in GeoPackages.

Deterministic (seeded). Buildings are small rotated rectangles (8-30 m) clustered round a few
district centres of a ~20 x 14 km city in WGS 84 / UTM zone 43N; roads are polylines of 4-12
vertices; points are facilities. Written with pyogrio in one call per layer.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import shapely

CRS = "EPSG:32643"
ORIGIN = (480_000.0, 4_740_000.0)
SIZE = (20_000.0, 14_000.0)


def _centres(rng: np.random.Generator, n: int) -> np.ndarray:
    k = 12
    hubs = rng.uniform((0, 0), SIZE, size=(k, 2))
    which = rng.integers(0, k, n)
    pts = hubs[which] + rng.normal(0, 1_600, size=(n, 2))
    return pts + ORIGIN


def buildings(n: int, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    c = _centres(rng, n)
    w, h = rng.uniform(8, 30, n), rng.uniform(8, 22, n)
    a = rng.uniform(0, np.pi, n)
    corners = np.array([(-.5, -.5), (.5, -.5), (.5, .5), (-.5, .5), (-.5, -.5)])
    local = corners[None, :, :] * np.stack([w, h], axis=1)[:, None, :]
    cos, sin = np.cos(a)[:, None], np.sin(a)[:, None]
    x = c[:, None, 0] + local[..., 0] * cos - local[..., 1] * sin
    y = c[:, None, 1] + local[..., 0] * sin + local[..., 1] * cos
    return shapely.polygons(np.stack([x, y], axis=2))


def roads(n: int, seed: int = 2) -> np.ndarray:
    rng = np.random.default_rng(seed)
    start = _centres(rng, n)
    k = rng.integers(4, 13, n)
    out = np.empty(n, dtype=object)
    steps = rng.normal(0, 40, size=(int(k.sum()), 2)) + rng.normal(0, 70, size=(n, 2)).repeat(k, axis=0)
    offsets = np.r_[0, np.cumsum(k)]
    coords = np.cumsum(steps, axis=0)
    for i in range(n):  # once, at generation time
        seg = coords[offsets[i]:offsets[i + 1]]
        out[i] = seg - seg[0] + start[i]
    return shapely.linestrings(np.concatenate(out), indices=np.repeat(np.arange(n), k))


def points(n: int, seed: int = 3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return shapely.points(_centres(rng, n))


def write_city(folder: Path, *, n_buildings: int = 100_000, n_roads: int = 10_000, n_points: int = 5_000) -> list[Path]:
    """Write ``buildings.gpkg``, ``roads.gpkg`` and ``facilities.gpkg`` into ``folder``."""
    import pyogrio.raw
    folder.mkdir(parents=True, exist_ok=True)
    kinds = np.array(["hospital", "school", "substation", "fire_station", "shelter"], dtype=object)
    layers = [("buildings", buildings(n_buildings), "Polygon",
               {"floors": np.random.default_rng(4).integers(1, 12, n_buildings),
                "use": np.array(["residential", "commercial", "public"], dtype=object)[np.arange(n_buildings) % 3]}),
              ("roads", roads(n_roads), "LineString",
               {"class": np.array(["primary", "secondary", "local"], dtype=object)[np.arange(n_roads) % 3]}),
              ("facilities", points(n_points), "Point",
               {"kind": kinds[np.arange(n_points) % len(kinds)],
                "name": np.array([f"Facility {i}" for i in range(n_points)], dtype=object)})]
    paths = []
    for name, geoms, gtype, fields in layers:
        path = folder / f"{name}.gpkg"
        path.unlink(missing_ok=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pyogrio.raw.write(str(path), shapely.to_wkb(geoms), list(fields.values()), fields=list(fields),
                              geometry_type=gtype, crs=CRS, layer=name, driver="GPKG",
                              dataset_options={"VERSION": "1.2"})  # readable by older GDALs (QGIS 3.22) too
        paths.append(path)
    return paths
