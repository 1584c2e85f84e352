"""Points within 2 km of fault lines: the app's buffered exposure against geopandas ``sjoin_nearest``.

1,000 fault lines (random walks of 10 segments, ~5 km each) and 1,000,000 points in a 200 × 200 km
area, WGS 84 / UTM 43N, seeded.

* **app**: :func:`resilience_desktop.gis.exposure.run_exposure` with ``buffer_m=2000``: one STRtree
  ``dwithin`` query of all points against the faults, vectorized distances over the pairs, the
  nearest distance per point and per group (and the buffered zone's union for lines and areas).
  It returns the affected points, each one's distance to the nearest fault and the group minimum.
* **geopandas**: ``geopandas.sjoin_nearest(points, faults, max_distance=2000, distance_col="d")``
  and the unique point index (the points within 2 km, each with its nearest distance).

Each case runs in a fresh child process; median of ``--repeat`` runs. geopandas is a benchmark
extra: ``pip install -e ".[bench]"``.

    python benchmarks/bench_distance.py [--points 1000000] [--faults 1000] [--repeat 3]
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
X0, Y0, SIZE = 400_000.0, 4_600_000.0, 200_000.0
BUFFER = 2_000.0


def make_data(n_points: int, n_faults: int, seed: int = 15):
    import numpy as np
    import shapely
    rng = np.random.default_rng(seed)
    starts = rng.uniform(0, SIZE, (n_faults, 1, 2)) + (X0, Y0)
    steps = rng.normal(0, 600, (n_faults, 11, 2))
    steps[:, 0] = 0
    faults = shapely.linestrings(starts + np.cumsum(steps, axis=1))
    points = shapely.points(rng.uniform(0, SIZE, (n_points, 2)) + (X0, Y0))
    return faults, points


def child(case: str, n_points: int, n_faults: int, repeat: int) -> dict:
    faults, points = make_data(n_points, n_faults)
    if case == "app":
        from resilience_desktop.gis.exposure import ExposureLayer, run_exposure
        fl, pl = ExposureLayer("faults", CRS, faults), ExposureLayer("points", CRS, points)

        def run():
            r = run_exposure(fl, pl, buffer_m=BUFFER, crs=CRS)
            return r.groups[0].affected, r.groups[0].min_distance_m
    else:
        import geopandas as gpd
        fg = gpd.GeoDataFrame(geometry=faults, crs=CRS)
        pg = gpd.GeoDataFrame(geometry=points, crs=CRS)

        def run():
            j = gpd.sjoin_nearest(pg, fg, max_distance=BUFFER, distance_col="d", how="inner")
            return int(j.index.unique().size), float(j["d"].min())
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = run()
        times.append(time.perf_counter() - t)
    return {"case": case, "seconds": statistics.median(times), "all_seconds": times,
            "affected": out[0], "min_distance_m": out[1]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--points", type=int, default=1_000_000)
    ap.add_argument("--faults", type=int, default=1_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        print(json.dumps(child(a.child, a.points, a.faults, a.repeat)))
        return 0
    results = {}
    for case in ("app", "geopandas"):
        out = subprocess.run([sys.executable, __file__, "--child", case, "--points", str(a.points),
                              "--faults", str(a.faults), "--repeat", str(a.repeat)],
                             capture_output=True, text=True, check=True)
        results[case] = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{case}: {results[case]['seconds']:.2f} s", file=sys.stderr)
    app, gp = results["app"], results["geopandas"]
    info = machine()
    print(machine_line(info))
    print(f"{a.points:,} points, {a.faults:,} fault lines, within {BUFFER:,.0f} m; median of {a.repeat} runs")
    print(table(["case", "app s", "geopandas s", "ratio", "app within", "geopandas within"],
                [["points near faults", app["seconds"], gp["seconds"], f"{app['seconds'] / gp['seconds']:.2f}x",
                  app["affected"], gp["affected"]]]))
    path = write_results("bench_distance", {"machine": info, "args": vars(a), "results": results})
    print(f"full results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
