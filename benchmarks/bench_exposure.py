"""Exposure analysis against geopandas ``sjoin`` on the same data.

1,000 hazard polygons (irregular, overlapping, in a 40 × 40 km city area), 1,000,000 points
(facilities, addresses) and 100,000 building polygons (10–30 m boxes), all in WGS 84 / UTM 43N.

* **app**: :func:`resilience_desktop.gis.exposure.run_exposure` — repair check, one union of the
  zones, prepared point-in-polygon over the whole point array; for buildings an STRtree query with
  the union's parts, own area for those wholly inside, intersection only for those crossing an edge.
  It returns more than sjoin does: per-asset exposed area and the affected ids.
* **geopandas**: ``geopandas.sjoin(assets, zones, predicate="intersects")`` and the unique asset
  index (how many assets are hit; no areas); for buildings also the geopandas way to the app's
  numbers: ``dissolve()`` the zones, ``overlay(..., how="intersection")``, areas per building.

Each case runs in a fresh child process (so peak memory is the case's own): the child builds the
data, resets the peak-RSS counter (``/proc/self/clear_refs``), runs the case ``--repeat`` times and
reports the median time and the peak RSS above what it held before the case.
geopandas is a benchmark-only dependency: ``pip install geopandas``.

    python benchmarks/bench_exposure.py [--points 1000000] [--buildings 100000] [--zones 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

from _common import REPO, machine, machine_line, table, write_results

sys.path.insert(0, str(REPO))

CRS = "EPSG:32643"
X0, Y0, SIZE = 460_000.0, 4_720_000.0, 40_000.0


def make_data(n_points: int, n_buildings: int, n_zones: int, seed: int = 6):
    import numpy as np
    import shapely
    rng = np.random.default_rng(seed)
    centres = rng.uniform(0, SIZE, (n_zones, 2)) + (X0, Y0)
    radii = rng.uniform(150, 900, n_zones)
    angles = np.linspace(0, 2 * np.pi, 25)[:-1]
    wobble = rng.uniform(0.6, 1.2, (n_zones, len(angles)))
    xs = centres[:, :1] + radii[:, None] * wobble * np.cos(angles)
    ys = centres[:, 1:] + radii[:, None] * wobble * np.sin(angles)
    rings = np.stack([xs, ys], axis=2)
    rings = np.concatenate([rings, rings[:, :1]], axis=1)
    zones = shapely.polygons(rings)
    points = shapely.points(rng.uniform(0, SIZE, (n_points, 2)) + (X0, Y0))
    c = rng.uniform(0, SIZE, (n_buildings, 2)) + (X0, Y0)
    w = rng.uniform(10, 30, (n_buildings, 2)) / 2
    buildings = shapely.box(c[:, 0] - w[:, 0], c[:, 1] - w[:, 1], c[:, 0] + w[:, 0], c[:, 1] + w[:, 1])
    return zones, points, buildings


def _mem() -> tuple[int, int]:
    status = {}
    for line in open("/proc/self/status"):
        k, _, v = line.partition(":")
        status[k] = v.strip()
    return int(status["VmRSS"].split()[0]), int(status["VmHWM"].split()[0])


def child(case: str, n_points: int, n_buildings: int, n_zones: int, repeat: int) -> dict:
    zones, points, buildings = make_data(n_points, n_buildings, n_zones)
    assets = points if case.endswith("points") else buildings
    if case.startswith("app"):
        from resilience_desktop.gis.exposure import ExposureLayer, run_exposure
        zl, al = ExposureLayer("zones", CRS, zones), ExposureLayer("assets", CRS, assets)

        def run():
            r = run_exposure(zl, al, crs=CRS)
            return r.groups[0].affected
    elif case == "geopandas-buildings-area":
        import geopandas as gpd
        zg = gpd.GeoDataFrame(geometry=zones, crs=CRS)
        ag = gpd.GeoDataFrame(geometry=assets, crs=CRS)

        def run():  # the same numbers as the app: exposed area with overlaps counted once
            zd = zg.dissolve()
            o = gpd.overlay(ag.reset_index(), zd, how="intersection", keep_geom_type=True)
            area = o.geometry.area
            return int((area.groupby(o["index"]).sum() > 0).sum())
    else:
        import geopandas as gpd
        zg = gpd.GeoDataFrame(geometry=zones, crs=CRS)
        ag = gpd.GeoDataFrame(geometry=assets, crs=CRS)

        def run():
            j = gpd.sjoin(ag, zg, predicate="intersects", how="inner")
            return int(j.index.unique().size)
    import gc
    gc.collect()
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")  # reset the peak RSS to the current RSS
    except OSError:
        pass
    before, _ = _mem()
    times, affected = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        affected = run()
        times.append(time.perf_counter() - t)
    _, peak = _mem()
    return {"case": case, "seconds": statistics.median(times), "all_seconds": times,
            "peak_mib": (peak - before) / 1024, "affected": affected}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--points", type=int, default=1_000_000)
    ap.add_argument("--buildings", type=int, default=100_000)
    ap.add_argument("--zones", type=int, default=1_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        print(json.dumps(child(a.child, a.points, a.buildings, a.zones, a.repeat)))
        return 0
    results = {}
    for case in ("app-points", "geopandas-points", "app-buildings", "geopandas-buildings",
                 "geopandas-buildings-area"):
        out = subprocess.run([sys.executable, __file__, "--child", case, "--points", str(a.points),
                              "--buildings", str(a.buildings), "--zones", str(a.zones), "--repeat", str(a.repeat)],
                             capture_output=True, text=True, check=True)
        results[case] = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{case}: {results[case]['seconds']:.2f} s", file=sys.stderr)
    rows = []
    for label, mine, theirs in ((f"{a.points:,} points", "app-points", "geopandas-points"),
                                (f"{a.buildings:,} buildings (count)", "app-buildings", "geopandas-buildings"),
                                (f"{a.buildings:,} buildings (area)", "app-buildings", "geopandas-buildings-area")):
        app, gp = results[mine], results[theirs]
        rows.append([label, app["seconds"], gp["seconds"], f"{app['seconds'] / gp['seconds']:.2f}x",
                     app["peak_mib"], gp["peak_mib"], app["affected"], gp["affected"]])
    print(machine_line(machine()))
    print(f"{a.zones:,} hazard polygons; median of {a.repeat} runs; peak = RSS above the data already loaded")
    print(table(["assets", "app s", "geopandas s", "app/gpd", "app peak MiB", "gpd peak MiB", "app hit",
                 "gpd hit"], rows))
    write_results("bench_exposure", {"machine": machine(), "args": vars(a), "results": results})
    return 0


if __name__ == "__main__":
    sys.exit(main())
