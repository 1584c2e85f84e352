"""The demo earthquake's most severe scenario on rasters: a shaking map (peak ground acceleration, g)
and a population grid (people per hectare), with one stored result.

Fictional and deterministic: the acceleration falls with the distance from the two fault traces
(0.62 g on the trace, 0.31 g at 1.2 km, about 0.1 g at 3.5 km); the south-east corner lies outside
the shaking model and is no-data (the buildings there get no value, not 0). The population grid counts the demo buildings' floors per hectare
cell (three people a floor). Both rasters start hidden: "Show on map" draws the shaking map by
hazard class (0.1 / 0.2 / 0.4 g).
"""

from __future__ import annotations

__all__ = ["add_demo_shaking", "PGA_THRESHOLDS"]

import shutil
from typing import TYPE_CHECKING

import numpy as np
import shapely

if TYPE_CHECKING:
    from ..workspace.facade import Workspace
    from .texts import DemoTexts

#: The classes of the severe scenario, in g (light damage, moderate, heavy).
PGA_THRESHOLDS = [0.1, 0.2, 0.4]
_CELL = 100.0


def _write(path, values: np.ndarray, x0: float, y1: float, crs: str, nodata: float) -> None:
    import rasterio
    from rasterio.transform import from_origin
    with rasterio.open(path, "w", driver="GTiff", height=values.shape[0], width=values.shape[1], count=1,
                       dtype="float32", crs=crs, transform=from_origin(x0, y1, _CELL, _CELL), nodata=nodata) as ds:
        ds.write(values.astype("float32"), 1)


def add_demo_shaking(ws: "Workspace", hazard_id: str, faults: np.ndarray, facilities: str, buildings: str,
                     texts: "DemoTexts") -> str:
    """Store both rasters, make the shaking map the hazard's most severe scenario, run it; return the result id."""
    from ..gis.raster_exposure import run_raster_exposure
    from ..safety.tempfiles import make_temp_dir
    from .layers import CENTRE_LONLAT, DEMO_CRS
    from ..gis.crs import WGS84, transformer
    cx, cy = transformer(WGS84, DEMO_CRS).transform(*CENTRE_LONLAT)
    x0, y1 = round(cx - 8_000, -2), round(cy + 6_000, -2)
    w, h = 160, 120
    xs = x0 + (np.arange(w) + 0.5) * _CELL
    ys = y1 - (np.arange(h) + 0.5) * _CELL
    gx, gy = np.meshgrid(xs, ys)
    d = shapely.distance(shapely.points(gx.ravel(), gy.ravel()), shapely.union_all(faults)).reshape(h, w)
    pga = (0.62 / (1.0 + (d / 1_200.0) ** 1.5)).astype(np.float32)
    pga[(gx > cx + 4_000) & (gy < cy - 2_000)] = -9999.0  # outside the shaking model
    geoms = ws.layer_geometries(buildings)
    floors = np.array([float(f or 1) for f in ws.layer_field_values(buildings, "floors")])
    c = shapely.centroid(np.asarray(geoms, dtype=object))
    col = np.floor((shapely.get_x(c) - x0) / _CELL).astype(int)
    row = np.floor((y1 - shapely.get_y(c)) / _CELL).astype(int)
    ok = (col >= 0) & (col < w) & (row >= 0) & (row < h)
    people = np.zeros((h, w), dtype=np.float32)
    np.add.at(people, (row[ok], col[ok]), 3.0 * floors[ok])
    tmp = make_temp_dir("rd-demo-")  # the tagged prefix the next start sweeps
    try:
        _write(tmp / "pga_m72.tif", pga, x0, y1, DEMO_CRS, -9999.0)
        _write(tmp / "population_ha.tif", people, x0, y1, DEMO_CRS, -1.0)
        pga_id = ws.add_raster(tmp / "pga_m72.tif", name=texts.pga_raster, dem=False)
        pop_id = ws.add_raster(tmp / "population_ha.tif", name=texts.population_raster, dem=False)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    ws.set_raster_visible(pga_id, False)
    ws.set_raster_visible(pop_id, False)
    sid = ws.set_scenario(hazard_id, "most_severe", description=texts.fault_severe,
                          likelihood=texts.fault_severe_likelihood, zone_layer_id=None, raster_id=pga_id,
                          raster_thresholds={"values": PGA_THRESHOLDS, "unit": "g", "raster_unit": "g"})
    kwargs, inputs = ws.scenario_inputs(sid, [facilities, buildings], group_field="kind",
                                        population_layer_id=pop_id)
    return ws.add_exposure_result(sid, inputs, run_raster_exposure(**kwargs))
