"""Write the synthetic regional example used for the README's second map screenshot.

With ``--render PNG`` it also stores them in a temporary workspace, styles them (hazard
raster classed, towns graduated by population and sized by value, labelled) and renders the map.

Made-up but real-world-shaped data south-east of Lake Balkhash (Almaty region): district
boundaries (lines), towns with a population field, and a peak-ground-acceleration hazard raster
(g) decreasing away from a fault, with no-data outside the region. Nothing here is real data;
the basemap under it is the shipped Natural Earth. Run::

    python tools/region_example.py OUTDIR
    resilience-desktop map render OUTDIR/pga.tif OUTDIR/districts.gpkg OUTDIR/towns.gpkg \\
        --style towns:graduated:population:5 --labels towns:name -o region.png --size 1600x1000
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pyogrio.raw
import rasterio
import shapely
from rasterio.transform import from_origin

REGION = (75.6, 42.6, 80.4, 45.6)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(14)
    x0, y0, x1, y1 = REGION
    region = shapely.Polygon([(75.8, 42.8), (80.2, 42.9), (80.3, 45.0), (78.5, 45.5), (75.7, 44.8)])
    seeds = shapely.multipoints(np.column_stack([rng.uniform(x0, x1, 14), rng.uniform(y0, y1, 14)]))
    cells = shapely.get_parts(shapely.voronoi_polygons(seeds, extend_to=shapely.box(*REGION)))
    districts = [shapely.intersection(c, region) for c in cells]
    districts = [d for d in districts if not d.is_empty and d.area > 0.05]
    lines = shapely.boundary(np.array(districts, dtype=object))
    pyogrio.raw.write(str(out / "districts.gpkg"), shapely.to_wkb(lines),
                      [np.array([f"District {i + 1}" for i in range(len(lines))], dtype=object)], fields=["name"],
                      geometry_type="MultiLineString", crs="EPSG:4326", driver="GPKG", layer="districts")
    pts = shapely.points(np.column_stack([rng.uniform(x0 + 0.3, x1 - 0.3, 40), rng.uniform(y0 + 0.3, y1 - 0.3, 40)]))
    pts = pts[shapely.contains(region, pts)]
    pop = np.round(rng.lognormal(2.5, 1.1, len(pts)) * 1000).astype(np.int64)
    names = np.array([f"Town {i + 1}" for i in range(len(pts))], dtype=object)
    pyogrio.raw.write(str(out / "towns.gpkg"), shapely.to_wkb(pts), [names, pop], fields=["name", "population"],
                      geometry_type="Point", crs="EPSG:4326", driver="GPKG", layer="towns")
    # peak ground acceleration: highest along a fault running WSW-ENE, falling off with distance
    res = 0.01
    w, h = int((x1 - x0) / res), int((y1 - y0) / res)
    lon = x0 + (np.arange(w) + 0.5) * res
    lat = y1 - (np.arange(h) + 0.5) * res
    lon_g, lat_g = np.meshgrid(lon, lat)
    fault_lat = 43.3 + 0.18 * (lon_g - x0)
    dist_km = np.abs(lat_g - fault_lat) * 111.0
    ripple = 0.04 * np.sin(lon_g * 3.1) * np.cos(lat_g * 4.3)
    pga = (0.55 * np.exp(-dist_km / 60.0) + ripple).astype("float32")
    pga = np.clip(pga, 0.02, 0.8)
    inside = shapely.contains_xy(region, lon_g, lat_g)
    pga[~inside] = -9999.0
    with rasterio.open(out / "pga.tif", "w", driver="GTiff", width=w, height=h, count=1, dtype="float32",
                       crs="EPSG:4326", transform=from_origin(x0, y1, res, res), nodata=-9999.0) as ds:
        ds.write(pga, 1)


def render(out: Path, png: Path, size: tuple[int, int] = (1600, 1000)) -> None:
    """Store the example in a workspace with its styles and render it as the app draws it."""
    from resilience_desktop.gis.scene import scene_from_workspace
    from resilience_desktop.gis.style import graduated_style
    from resilience_desktop.gis.display import View
    from resilience_desktop.ui.map.export_image_dialog import write_map_image
    from resilience_desktop.ui.map.render_png import ensure_gui_app
    from resilience_desktop.workspace.facade import Workspace
    ws = Workspace.open(out / "region.rdw", create=True)
    try:
        rid = ws.add_raster(out / "pga.tif", name="PGA (g), 475-year")
        ws.set_raster_style(rid, {"ramp": "yellow-red", "mode": "classed", "min": 0.0, "max": 0.6, "classes": 6})
        ws.set_raster_opacity(rid, 0.85)
        (districts,) = ws.add_layer(out / "districts.gpkg")
        ws.set_layer_style(districts, {"kind": "single", "color": "#4b5563", "width": 1.2})
        (towns,) = ws.add_layer(out / "towns.gpkg")
        style = graduated_style(ws.layer_field_values(towns, "population"), "population", method="jenks",
                                classes=5, ramp="blues", size_by_value=True)
        style["labels"] = {"field": "name", "size": 11, "halo": True, "priority": "population"}
        ws.set_layer_style(towns, style)
        scene = scene_from_workspace(ws)
        ensure_gui_app()
        names = {x.id: x.name for x in ws.list_layers()}
        styles = {x.id: x.style for x in ws.list_layers()}
        write_map_image(png, scene, View.fit(scene.extent, *size), size, 96, names, styles)
    finally:
        ws.close()


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "region-example")
    main(target)
    if "--render" in sys.argv:
        render(target, Path(sys.argv[sys.argv.index("--render") + 1]))
