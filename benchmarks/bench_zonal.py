"""Zonal statistics of building polygons on a large raster: the app's ``gis.raster.zonal_stats`` against exactextract.

A 10,000 × 10,000 float32 GeoTIFF (5 m pixels, 50 × 50 km, tiled 512 × 512, a smooth "flood depth"
surface with a no-data lake) and 100,000 building polygons (10–30 m boxes, a few overlapping), WGS 84 /
UTM 43N, seeded; the raster is written once to a temporary folder.

* **app**: :func:`resilience_desktop.gis.raster.zonal_stats` — per 4,096-pixel tile one windowed read,
  the polygons burnt by pixel centre (overlapping ones in separate passes), ``bincount`` sums and
  counts and a sorted ``maximum.reduceat``; polygons smaller than a pixel take the pixel under their
  centroid. Returns count, mean and max per polygon (plus pixels at or above thresholds).
* **exactextract**: ``exact_extract(raster, polygons, ["mean", "max"], output="pandas")`` — exact
  fractional pixel coverage (mean weighted by coverage), C++; run with both of its strategies
  (``feature-sequential``, ``raster-sequential``) and the faster one is the anchor.

The two differ by design at polygon edges (pixel centres vs coverage fractions); the table reports the
median absolute difference of the means. exactextract is a benchmark extra (``pip install -e ".[bench]"``).

    python benchmarks/bench_zonal.py [--size 10000] [--polygons 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import REPO, machine, machine_line, table, write_results

sys.path.insert(0, str(REPO))

CRS = "EPSG:32643"
X0, Y1, RES = 450_000.0, 4_750_000.0, 5.0


def write_raster(path: Path, size: int) -> None:
    import numpy as np
    import rasterio
    from rasterio.transform import from_origin
    from rasterio.windows import Window
    with rasterio.open(path, "w", driver="GTiff", height=size, width=size, count=1, dtype="float32", crs=CRS,
                       transform=from_origin(X0, Y1, RES, RES), nodata=-9999.0, tiled=True,
                       blockxsize=512, blockysize=512) as ds:
        for r0 in range(0, size, 1024):
            rows = np.arange(r0, min(size, r0 + 1024))[:, None]
            cols = np.arange(size)[None, :]
            v = 1.5 + np.sin(rows / 700.0) * np.cos(cols / 900.0) + 0.3 * np.sin((rows + cols) / 97.0)
            lake = (rows - size * 0.6) ** 2 + (cols - size * 0.3) ** 2 < (size * 0.08) ** 2
            v = np.where(lake, -9999.0, v).astype("float32")
            ds.write(v, 1, window=Window(0, r0, size, len(rows)))


def make_polygons(n: int, size: int, seed: int = 15):
    import numpy as np
    import shapely
    rng = np.random.default_rng(seed)
    extent = size * RES
    c = rng.uniform(50, extent - 50, (n, 2)) + (X0, Y1 - extent)
    w = rng.uniform(10, 30, (n, 2)) / 2
    return shapely.box(c[:, 0] - w[:, 0], c[:, 1] - w[:, 1], c[:, 0] + w[:, 0], c[:, 1] + w[:, 1])


def child(case: str, raster: str, n: int, size: int, repeat: int) -> dict:
    import numpy as np
    polys = make_polygons(n, size)
    if case == "app":
        from resilience_desktop.gis.raster import zonal_stats

        def run():
            z = zonal_stats(raster, polys)
            return z.mean, z.max
    else:
        import geopandas as gpd
        from exactextract import exact_extract
        gdf = gpd.GeoDataFrame(geometry=polys, crs=CRS)

        strategy = "raster-sequential" if case.endswith("raster-sequential") else "feature-sequential"

        def run():
            df = exact_extract(raster, gdf, ["mean", "max"], output="pandas", strategy=strategy)
            return df["mean"].to_numpy(dtype=float), df["max"].to_numpy(dtype=float)
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = run()
        times.append(time.perf_counter() - t)
    mean, vmax = out
    return {"case": case, "seconds": statistics.median(times), "all_seconds": times,
            "mean": [None if not np.isfinite(v) else float(v) for v in mean],
            "with_value": int(np.isfinite(mean).sum())}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=10_000)
    ap.add_argument("--polygons", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--raster", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        print(json.dumps(child(a.child, a.raster, a.polygons, a.size, a.repeat)))
        return 0
    import numpy as np
    with tempfile.TemporaryDirectory() as tmp:
        raster = Path(tmp) / "depth.tif"
        t = time.perf_counter()
        write_raster(raster, a.size)
        print(f"raster written in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        results = {}
        for case in ("app", "exactextract", "exactextract-raster-sequential"):
            out = subprocess.run([sys.executable, __file__, "--child", case, "--raster", str(raster),
                                  "--polygons", str(a.polygons), "--size", str(a.size), "--repeat", str(a.repeat)],
                                 capture_output=True, text=True, check=True)
            results[case] = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{case}: {results[case]['seconds']:.2f} s", file=sys.stderr)
    app, ee, rs = results["app"], results["exactextract"], results["exactextract-raster-sequential"]
    m1 = np.array([np.nan if v is None else v for v in app.pop("mean")])
    m2 = np.array([np.nan if v is None else v for v in ee.pop("mean")])
    rs.pop("mean")
    ee = min(ee, rs, key=lambda r: r["seconds"])  # exactextract's faster strategy is the anchor
    both = np.isfinite(m1) & np.isfinite(m2)
    diff = float(np.median(np.abs(m1[both] - m2[both]))) if both.any() else float("nan")
    info = machine()
    print(machine_line(info))
    print(f"{a.size:,} x {a.size:,} raster, {a.polygons:,} polygons; median of {a.repeat} runs")
    print(f"exactextract: feature-sequential {results['exactextract']['seconds']:.2f} s, "
          f"raster-sequential {results['exactextract-raster-sequential']['seconds']:.2f} s (the faster is compared)")
    print(table(["case", "app s", "exactextract s", "ratio", "app with value", "exactextract with value",
                 "median |mean diff|"],
                [["zonal mean+max", app["seconds"], ee["seconds"], f"{app['seconds'] / ee['seconds']:.2f}x",
                  app["with_value"], ee["with_value"], f"{diff:.4f}"]]))
    path = write_results("bench_zonal", {"machine": info, "args": vars(a), "results": results,
                                         "median_abs_mean_difference": diff})
    print(f"full results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
