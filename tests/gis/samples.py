"""The one place test map files are made: every format and every odd case the readers must take.

Each maker writes into the folder it is given and returns the path. Geometries are small and
in known places, so tests can assert on exact counts, bounds and attribute values.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pyogrio.raw
import shapely

#: Three district names in Cyrillic: what a city's cp1251 shapefile holds.
NAMES_RU = ["Ленинский", "Октябрьский", "Первомайский"]
#: Three points in WGS 84 UTM zone 43N (Bishkek area), metres.
UTM_POINTS = [(500_000.0, 4_745_000.0), (501_000.0, 4_746_000.0), (502_500.0, 4_744_000.0)]
#: A bow-tie: a self-intersecting (invalid) polygon that make_valid turns into two triangles.
BOWTIE = "POLYGON ((0 0, 2 2, 2 0, 0 2, 0 0))"


def _write(path: Path, geoms: list, fields: dict[str, list], *, geometry_type: str, crs: str | None,
           driver: str | None = None, encoding: str | None = None, layer: str | None = None,
           append: bool = False) -> Path:
    wkb = shapely.to_wkb(np.array(geoms, dtype=object), output_dimension=3)
    data = [np.array(v, dtype=object) if isinstance(v[0], str) else np.array(v) for v in fields.values()]
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pyogrio.raw.write(str(path), wkb, data, fields=list(fields), geometry_type=geometry_type, crs=crs,
                          driver=driver, encoding=encoding, layer=layer, append=append)
    return path


def shapefile_cp1251(folder: Path, *, cpg: bool = True, prj: bool = True) -> Path:
    """Three UTM 43N points with Cyrillic names in a cp1251 .dbf; optionally without .cpg / .prj."""
    path = folder / "districts.shp"
    _write(path, [shapely.Point(x, y) for x, y in UTM_POINTS], {"name": NAMES_RU, "pop": [120, 340, 56]},
           geometry_type="Point", crs="EPSG:32643", encoding="cp1251")
    if not cpg:
        path.with_suffix(".cpg").unlink()
    if not prj:
        path.with_suffix(".prj").unlink()
    return path


def zipped(shp: Path, target: Path) -> Path:
    """Zip a shapefile and its side files (in a subfolder, as people often send them)."""
    with zipfile.ZipFile(target, "w") as z:
        for side in sorted(shp.parent.glob(shp.stem + ".*")):
            z.write(side, f"data/{side.name}")
    return target


def geopackage_two_layers(folder: Path) -> Path:
    """``roads`` (2 lines, one 3D) and ``zones`` (a valid square, a bow-tie, a multipolygon,
    an empty polygon and a feature without geometry), both in EPSG:32643."""
    path = folder / "city.gpkg"
    _write(path, [shapely.LineString([(0, 0, 5), (10, 10, 6)]), shapely.LineString([(0, 5), (10, 5)])],
           {"kind": ["main", "local"]}, geometry_type="LineString Z", crs="EPSG:32643", layer="roads")
    zones = [shapely.box(0, 0, 4, 4), shapely.from_wkt(BOWTIE),
             shapely.MultiPolygon([shapely.box(10, 10, 11, 11), shapely.box(12, 12, 13, 13)]),
             shapely.Polygon(), None]
    _write(path, zones, {"hazard": ["flood", "mudflow", "landslide", "flood", "flood"]},
           geometry_type="Unknown", crs="EPSG:32643", layer="zones", append=True)
    return path


def geopackage_empty_layer(folder: Path) -> Path:
    path = folder / "empty.gpkg"
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pyogrio.raw.write(str(path), np.empty(0, dtype=object), [np.empty(0, dtype=object)], fields=["name"],
                          geometry_type="Polygon", crs="EPSG:4326", layer="nothing")
    return path


def geojson_mixed(folder: Path) -> Path:
    """Point, 3D line, polygon and multipolygon in one GeoJSON (WGS 84)."""
    feats = [
        {"type": "Feature", "properties": {"name": "школа", "n": 1}, "geometry": {"type": "Point", "coordinates": [74.6, 42.87]}},
        {"type": "Feature", "properties": {"name": "road", "n": 2},
         "geometry": {"type": "LineString", "coordinates": [[74.6, 42.87, 800], [74.62, 42.88, 810]]}},
        {"type": "Feature", "properties": {"name": "zone", "n": 3},
         "geometry": {"type": "Polygon", "coordinates": [[[74.5, 42.8], [74.7, 42.8], [74.7, 42.9], [74.5, 42.8]]]}},
        {"type": "Feature", "properties": {"name": "parts", "n": 4},
         "geometry": {"type": "MultiPolygon", "coordinates": [[[[74.5, 42.8], [74.51, 42.8], [74.51, 42.81], [74.5, 42.8]]],
                                                              [[[74.6, 42.8], [74.61, 42.8], [74.61, 42.81], [74.6, 42.8]]]]}},
    ]
    path = folder / "mixed.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False), encoding="utf-8")
    return path


def geojson_sequence(folder: Path, suffix: str = ".geojsonl") -> Path:
    lines = [json.dumps({"type": "Feature", "properties": {"id": i},
                         "geometry": {"type": "Point", "coordinates": [74.6 + i / 100, 42.87]}}) for i in range(4)]
    path = folder / f"sequence{suffix}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def kml(folder: Path, *, kmz: bool = False) -> Path:
    doc = """<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>facilities</name>
<Placemark><name>Hospital No. 1</name><Point><coordinates>74.60,42.87,0</coordinates></Point></Placemark>
<Placemark><name>Школа № 5</name><Point><coordinates>74.62,42.88,0</coordinates></Point></Placemark>
<Placemark><name>Flood zone</name><Polygon><outerBoundaryIs><LinearRing><coordinates>
74.5,42.8 74.7,42.8 74.7,42.9 74.5,42.8</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
</Document></kml>"""
    if not kmz:
        path = folder / "facilities.kml"
        path.write_text(doc, encoding="utf-8")
        return path
    path = folder / "facilities.kmz"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("doc.kml", doc)
    return path


def csv_points(folder: Path, header: str = "name;Latitude;Longitude", encoding: str = "utf-8") -> Path:
    """Three rows with semicolons and decimal commas (as spreadsheets save them), one without
    coordinates."""
    rows = [header, "Больница;42,87;74,60", "School;42.88;74.62", "Unknown place;;"]
    path = folder / "places.csv"
    path.write_bytes(("\n".join(rows) + "\n").encode(encoding))
    return path


def truncated(path: Path, keep: float = 0.5) -> Path:
    """Cut a file to ``keep`` of its size (a broken download)."""
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def solid_png(rgb: tuple[int, int, int], size: int = 256) -> bytes:
    """A ``size`` x ``size`` PNG of one colour, written with zlib alone (no imaging library)."""
    import struct
    import zlib
    row = b"\x00" + bytes(rgb) * size

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(row * size)) + chunk(b"IEND", b""))


def mbtiles(folder: Path, rgb: tuple[int, int, int] = (40, 160, 60), *, zoom: int = 11,
            lonlat: tuple[float, float, float, float] = (74.0, 42.4, 75.6, 43.4)) -> Path:
    """An MBTiles file of solid ``rgb`` tiles at ``zoom`` covering ``lonlat`` (TMS rows, as the spec says)."""
    import math
    import sqlite3

    def tile(lon: float, lat: float) -> tuple[int, int]:
        n = 1 << zoom
        x = int((lon + 180) / 360 * n)
        y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
        return x, y
    (x0, y0), (x1, y1) = tile(lonlat[0], lonlat[3]), tile(lonlat[2], lonlat[1])
    path = folder / "basemap.mbtiles"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
    conn.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)")
    conn.executemany("INSERT INTO metadata VALUES (?, ?)", [("name", "test basemap"), ("format", "png")])
    png = solid_png(rgb)
    conn.executemany("INSERT INTO tiles VALUES (?, ?, ?, ?)",
                     [(zoom, x, (1 << zoom) - 1 - y, png) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)])
    conn.commit()
    conn.close()
    return path


# ------------------------------------------------------------------ exposure (hand-computable)
#: The origin of the exposure samples, in WGS 84 UTM zone 43N (metres).
EX0 = (500_000.0, 4_745_000.0)


def ex_box(x0: float, y0: float, x1: float, y1: float) -> shapely.Polygon:
    """A box given in metres from :data:`EX0`."""
    return shapely.box(EX0[0] + x0, EX0[1] + y0, EX0[0] + x1, EX0[1] + y1)


def ex_xy(coords: list[tuple[float, float]]) -> list[tuple[float, float]]:
    return [(EX0[0] + x, EX0[1] + y) for x, y in coords]


def exposure_files(folder: Path) -> dict[str, Path]:
    """Zones (two 100 m squares side by side, classes "high"/"low", UTM 43N), facilities (four
    points, WGS 84: one inside "high", one a metre inside its edge, one inside "low", one outside) and
    buildings (two 10×10 m squares, one half inside "high"), population (points with counts)."""
    from resilience_desktop.gis.crs import transform_geometries
    zones = _write(folder / "zones.geojson", [ex_box(0, 0, 100, 100), ex_box(100, 0, 200, 100)],
                   {"class": ["high", "low"]}, geometry_type="Polygon", crs="EPSG:32643")
    pts = shapely.points(ex_xy([(50, 50), (1, 50), (150, 50), (300, 50)]))
    pts_wgs = transform_geometries(pts, "EPSG:32643", "EPSG:4326")
    fac = _write(folder / "facilities.geojson", list(pts_wgs),
                 {"kind": ["hospital", "school", "school", "school"]}, geometry_type="Point", crs="EPSG:4326")
    bld = _write(folder / "buildings.geojson", [ex_box(-5, 20, 5, 30), ex_box(300, 20, 310, 30)],
                 {"use": ["residential", "residential"]}, geometry_type="Polygon", crs="EPSG:32643")
    people = _write(folder / "people.geojson", list(shapely.points(ex_xy([(10, 10), (150, 10), (500, 10)]))),
                    {"count": [100, 20, 7]}, geometry_type="Point", crs="EPSG:32643")
    return {"zones": zones, "facilities": fac, "buildings": bld, "people": people}


# ---------------------------------------------------------------- real-world shapes for the map (issue 14)
#: Fault traces given in longitude/latitude, stored in UTM 42N although they reach 114° E.
FAULTS_LONLAT = [[(60.7, 35.2), (66.0, 37.5), (71.3, 39.9)], [(74.6, 42.9), (80.1, 43.5), (87.6, 43.8)],
                 [(95.0, 41.0), (103.5, 36.1), (114.0, 30.6)]]
#: World cities (lon, lat, population in thousands): every continent, both hemispheres.
WORLD_CITIES = [(-122.42, 37.77, 815), (-74.0, 40.71, 8336), (-58.38, -34.6, 3075), (-0.13, 51.51, 8982),
                (31.24, 30.04, 9540), (18.42, -33.92, 4618), (37.62, 55.75, 12506), (76.95, 43.24, 2000),
                (74.59, 42.87, 1074), (139.69, 35.69, 13960), (151.21, -33.87, 5312), (174.76, -36.85, 1657),
                (-149.9, 61.22, 291), (-171.77, -13.83, 37), (178.44, -18.14, 93)]


def utm_faults(folder: Path, crs: str = "EPSG:32642") -> Path:
    """``faults.shp``: three long lines in UTM zone 42N spanning 60.7–114° E (far outside the zone)."""
    from pyproj import Transformer
    t = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    lines = []
    for part in FAULTS_LONLAT:
        x, y = t.transform([p[0] for p in part], [p[1] for p in part])
        lines.append(shapely.LineString(list(zip(x, y))))
    return _write(folder / "faults.shp", lines, {"slip_mm": [2.5, 4.0, 1.2], "name": ["Herat", "Talas", "Qinling"]},
                  geometry_type="LineString", crs=crs)


def world_points(folder: Path) -> Path:
    """``cities.geojson``: :data:`WORLD_CITIES` in WGS 84 with a numeric ``pop`` field."""
    return _write(folder / "cities.geojson", [shapely.Point(x, y) for x, y, _p in WORLD_CITIES],
                  {"name": [f"c{i}" for i in range(len(WORLD_CITIES))], "pop": [p for _x, _y, p in WORLD_CITIES]},
                  geometry_type="Point", crs="EPSG:4326", driver="GeoJSON")


def almaty_hospitals(folder: Path) -> Path:
    """``hospitals.geojson``: five points in Almaty, WGS 84, with bed counts."""
    pts = [(76.91, 43.24), (76.95, 43.26), (76.88, 43.22), (76.99, 43.21), (76.93, 43.30)]
    return _write(folder / "hospitals.geojson", [shapely.Point(p) for p in pts],
                  {"name": ["Больница №1", "Central", "Кардиоцентр", "Children's", "City 7"],
                   "beds": [120, 450, 80, 300, 15]}, geometry_type="Point", crs="EPSG:4326", driver="GeoJSON")


def almaty_districts(folder: Path) -> Path:
    """``districts.gpkg``: a 3 × 2 grid of districts round Almaty in WGS 84, numeric ``pop``."""
    boxes, pops = [], []
    for i in range(3):
        for j in range(2):
            x0, y0 = 76.80 + i * 0.08, 43.15 + j * 0.08
            boxes.append(shapely.box(x0, y0, x0 + 0.08, y0 + 0.08))
            pops.append([10, 2, 150, 40, 75, 1000][len(pops)])
    return _write(folder / "districts.gpkg", boxes, {"name": [f"D{i}" for i in range(6)], "pop": pops},
                  geometry_type="Polygon", crs="EPSG:4326", driver="GPKG", layer="districts")


def flood_geotiff(folder: Path, *, size: tuple[int, int] = (300, 200), name: str = "flood_depth.tif") -> Path:
    """Flood depth (m) in UTM 43N round Almaty: a band along a river, no-data (-9999) elsewhere.

    Cell (row 100, col 150) holds 2.5 m; the first row is no-data.
    """
    import rasterio
    from rasterio.transform import from_origin
    w, h = size
    yy, xx = np.mgrid[0:h, 0:w]
    depth = 3.0 * np.exp(-((yy - h / 2) ** 2) / (2 * (h / 8) ** 2))
    depth = np.where(depth > 0.05, depth, -9999.0).astype("float32")
    depth[0, :] = -9999.0
    depth[h // 2, w // 2] = 2.5
    path = folder / name
    with rasterio.open(path, "w", driver="GTiff", width=w, height=h, count=1, dtype="float32", crs="EPSG:32643",
                       transform=from_origin(650_000.0, 4_795_000.0, 30.0, 30.0), nodata=-9999.0) as ds:
        ds.write(depth, 1)
    return path


def dem_geotiff(folder: Path, name: str = "almaty_dem.tif") -> Path:
    """Elevation (m) in WGS 84 south of Almaty: rising southwards from 700 to 3,700 m, no-data -32768
    in the north-west corner."""
    import rasterio
    from rasterio.transform import from_origin
    w, h = 200, 150
    yy, xx = np.mgrid[0:h, 0:w]
    z = (700 + 3000 * (yy / (h - 1)) ** 1.5 + 150 * np.sin(xx / 9.0) * yy / h).astype("float32")
    z[:10, :10] = -32768
    path = folder / name
    with rasterio.open(path, "w", driver="GTiff", width=w, height=h, count=1, dtype="float32", crs="EPSG:4326",
                       transform=from_origin(76.7, 43.3, 0.003, 0.003), nodata=-32768) as ds:
        ds.write(z, 1)
    return path


def pmtiles(folder: Path, rgb: tuple[int, int, int] = (200, 60, 160), *, zoom: int = 11,
            lonlat: tuple[float, float, float, float] = (74.0, 42.4, 75.6, 43.4), vector: bool = False) -> Path:
    """A PMTiles (v3) archive of solid ``rgb`` PNG tiles at ``zoom`` covering ``lonlat``."""
    import math

    from pmtiles.tile import Compression, TileType, zxy_to_tileid
    from pmtiles.writer import write

    def tile(lon: float, lat: float) -> tuple[int, int]:
        n = 1 << zoom
        return (int((lon + 180) / 360 * n), int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n))
    (x0, y0), (x1, y1) = tile(lonlat[0], lonlat[3]), tile(lonlat[2], lonlat[1])
    path = folder / "basemap.pmtiles"
    png = solid_png(rgb)
    ids = sorted(zxy_to_tileid(zoom, x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1))
    with write(path) as w:
        for tid in ids:
            w.write_tile(tid, png)
        w.finalize({"tile_type": TileType.MVT if vector else TileType.PNG, "tile_compression": Compression.NONE,
                    "min_zoom": zoom, "max_zoom": zoom, "min_lon_e7": int(lonlat[0] * 1e7),
                    "min_lat_e7": int(lonlat[1] * 1e7), "max_lon_e7": int(lonlat[2] * 1e7),
                    "max_lat_e7": int(lonlat[3] * 1e7), "center_zoom": zoom, "center_lon_e7": int(74.6e7),
                    "center_lat_e7": int(42.9e7)}, {"name": "test"})
    return path
