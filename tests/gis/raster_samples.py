"""Real-world-shaped data for raster hazard scenarios, made by the tests.

A flood-depth GeoTIFF (float32, metres) in UTM 43N round Almaty: 40 × 30 cells of 25 m, the top-left
corner at (630000, 4790000). Cell (row, col) holds ``col × 0.1`` m (0 … 3.9); columns 12-15 are
no-data (-9999: a gap in the survey) and so is the bottom row. With thresholds 0.5, 1, 2 the
classes are 0.5-1 (columns 5-9), 1-2 (columns 10-11 and 16-19) and 2+ (columns 20-39).

Schools: points in longitude/latitude in a cp1251 shapefile with Cyrillic names, some inside the
raster (in known columns), one on no-data, two outside it. Roads: lines in UTM crossing the
no-data columns. People: a population grid on the same cells, 10 per cell.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import shapely

from .samples import _write

CRS = "EPSG:32643"
X0, Y1, RES, W, H = 630_000.0, 4_790_000.0, 25.0, 40, 30
NODATA_COLS = (12, 13, 14, 15)
#: (name, kind, column, row): columns say the depth (col × 0.1 m); None: outside the raster
SCHOOLS = [("Школа № 1", "школа", 3, 5), ("Школа № 2", "школа", 7, 10), ("Гимназия № 5", "школа", 11, 4),
           ("Лицей «Ынтымак»", "школа", 13, 8), ("Школа № 9", "школа", 25, 20), ("Детский сад № 3", "сад", 38, 2),
           ("Детский сад № 4", "сад", None, None), ("Школа № 12", "школа", -1, -1)]


def cell_centre(col: float, row: float) -> tuple[float, float]:
    return X0 + (col + 0.5) * RES, Y1 - (row + 0.5) * RES


def depth_values() -> np.ndarray:
    v = np.tile(np.arange(W, dtype=np.float32) * np.float32(0.1), (H, 1))
    v[:, list(NODATA_COLS)] = -9999.0
    v[-1, :] = -9999.0
    return v


def write_grid(path: Path, values: np.ndarray, *, crs: str | None = CRS, nodata: float = -9999.0) -> Path:
    import rasterio
    from rasterio.transform import from_origin
    with rasterio.open(path, "w", driver="GTiff", height=values.shape[0], width=values.shape[1], count=1,
                       dtype="float32", crs=crs, transform=from_origin(X0, Y1, RES, RES), nodata=nodata) as ds:
        ds.write(values.astype("float32"), 1)
    return path


def flood_scenario_files(folder: Path) -> dict[str, Path]:
    """``depth`` (GeoTIFF), ``people`` (GeoTIFF), ``schools`` (cp1251 shapefile, lon/lat), ``roads`` (GeoPackage)."""
    from resilience_desktop.gis.crs import transform_geometries
    depth = write_grid(folder / "flood_depth_1in100.tif", depth_values())
    people = np.full((H, W), 10.0, dtype=np.float32)
    people[0, :] = -9999.0
    pop = write_grid(folder / "people_per_cell.tif", people)
    pts = []
    for _name, _kind, col, row in SCHOOLS:
        if col is None:
            pts.append(shapely.Point(X0 + 5_000, Y1 + 3_000))
        else:
            pts.append(shapely.Point(*cell_centre(col, row)))
    lonlat = transform_geometries(np.array(pts, dtype=object), CRS, "EPSG:4326")
    schools = _write(folder / "schools.shp", list(lonlat), {"name": [s[0] for s in SCHOOLS],
                                                           "kind": [s[1] for s in SCHOOLS]},
                     geometry_type="Point", crs="EPSG:4326", encoding="cp1251")
    y = Y1 - 10.5 * RES  # along row 10, from 200 m west of the raster to 200 m east of it
    roads = _write(folder / "roads.gpkg", [shapely.LineString([(X0 - 200, y), (X0 + W * RES + 200, y)]),
                                           shapely.LineString([(X0 - 500, Y1 + 500), (X0 - 100, Y1 + 900)])],
                   {"name": ["проспект Абая", "объездная"]}, geometry_type="LineString", crs=CRS, driver="GPKG",
                   layer="roads")
    return {"depth": depth, "people": pop, "schools": schools, "roads": roads}
