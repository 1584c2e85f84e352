"""``map render`` against QGIS on a generated city and a large raster, and the canvas's pan frame time.

The city (``_city.py``): 100,000 building polygons, 10,000 road lines and 5,000 points, each in
its own GeoPackage in WGS 84 / UTM 43N. Both renderers draw all three, later ones on top, into
a 1920x1080 PNG in EPSG:32643, fitted to the layers' extent:

* **app**: ``python -m resilience_desktop map render buildings.gpkg roads.gpkg
  facilities.gpkg -o OUT.png --size 1920x1080 --crs EPSG:32643`` with the project's venv;
* **qgis**: ``_qgis_render.py`` with the system ``python3`` and Debian's ``python3-qgis``:
  ``QgsApplication`` + three ``QgsVectorLayer`` + ``QgsMapRendererParallelJob``, default styles.

Three cases (issues 5 and 14):

* **vector**: the city as above, no basemap (``--no-basemap``; issue 5's case);
* **vector + basemap + labels**: the same with the shipped Natural Earth basemap under it and the
  5,000 facilities labelled by name (``--labels facilities:name``); QGIS gets the same basemap
  GeoPackage's layers and a buffered label on the same field;
* **raster**: a 10,000 x 10,000 single-band float32 GeoTIFF (tiled, no overviews: a file as
  delivered), drawn at 1920x1080 with a colour ramp over its range (target: ≤ 0.8x QGIS).

Timed from just before the process is launched to its exit, after the PNG is written (the
file is checked), i.e. interpreter start-up, imports, reading, drawing and encoding. One
discarded warm-up run each (page cache), then ``--runs`` runs alternating app and QGIS. Peak
memory is each process's maximum resident set (``wait4``; the inputs are written by a child process,
so this one stays small and does not raise the children's figure). Then ``_canvas_frames.py`` measures
the canvas: a full re-render at full extent and the frame time of a pan at full extent.

    python benchmarks/bench_map_render.py [--runs 5] [--keep DIR] [--case vector|labels|raster ...]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import BENCH_DIR, REPO, isolated_env, machine, machine_line, summary, table, write_results

QGIS_PYTHON = "/usr/bin/python3"


def timed_run(cmd: list[str], env: dict[str, str], out: Path) -> tuple[float, float]:
    """Seconds from launch to exit and peak RSS (MiB) of ``cmd``; fails if ``out`` was not written."""
    out.unlink(missing_ok=True)
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0 or not out.exists() or out.stat().st_size == 0:
        raise SystemExit(f"{cmd[:3]} failed ({status}): {err[-800:]}")
    return elapsed, usage.ru_maxrss / 1024


def write_raster(path: Path, size: int = 10_000) -> Path:
    """A ``size`` x ``size`` single-band float32 GeoTIFF over the city (tiled, no overviews), written
    in strips of rows so it never needs the whole grid in memory."""
    import numpy as np
    import rasterio
    import rasterio.windows
    from rasterio.transform import from_origin
    if path.exists():
        return path
    with rasterio.open(path, "w", driver="GTiff", width=size, height=size, count=1, dtype="float32",
                       crs="EPSG:32643", transform=from_origin(490_000.0, 4_760_000.0, 3.0, 3.0), nodata=-9999.0,
                       tiled=True, blockxsize=256, blockysize=256) as ds:
        x = np.arange(size, dtype=np.float32)
        for r0 in range(0, size, 1024):
            rows = np.arange(r0, min(r0 + 1024, size), dtype=np.float32)[:, None]
            block = 800 + 0.05 * rows + 40 * np.sin(x[None, :] / 300) * np.cos(rows / 500)
            block[:, : size // 20] = -9999.0
            ds.write(block.astype("float32"), 1, window=rasterio.windows.Window(0, r0, size, len(rows)))
    return path


def write_inputs(work: Path) -> tuple[list[Path], Path]:
    """The city and the raster, written by a child process so that this one stays small.

    On Linux a child's peak RSS as ``wait4`` reports it never falls below its parent's at the fork
    (the high-water mark before ``exec`` is carried into the new program): timed from a parent that
    had just built the city, every process showed the parent's ~255 MiB.
    """
    code = ("import json, sys; from pathlib import Path; sys.path[:0] = sys.argv[1:3]; "
            "from _city import write_city; from bench_map_render import write_raster; "
            "work = Path(sys.argv[3]); paths = write_city(work / 'city'); write_raster(work / 'raster.tif'); "
            "print(json.dumps([str(p) for p in paths]))")
    out = subprocess.run([sys.executable, "-c", code, str(BENCH_DIR), str(REPO), str(work)], check=True,
                         capture_output=True, text=True).stdout
    return [Path(p) for p in json.loads(out.splitlines()[-1])], work / "raster.tif"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--keep", metavar="DIR", help="keep the city and the PNGs here")
    ap.add_argument("--case", action="append", choices=["vector", "labels", "raster"],
                    help="only these cases (repeatable; default: all three)")
    args = ap.parse_args()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench_map_"))
    work.mkdir(parents=True, exist_ok=True)
    paths, raster = write_inputs(work)
    env = isolated_env(work / "home", QT_QPA_PLATFORM="offscreen")
    app_png, qgis_png = work / "app.png", work / "qgis.png"
    have_qgis = Path(QGIS_PYTHON).exists() and subprocess.run(
        [QGIS_PYTHON, "-c", "import qgis.core"], capture_output=True).returncode == 0
    basemap = str(REPO / "resources" / "basemap" / "natural_earth.gpkg")
    facilities = str(next(p for p in paths if p.stem == "facilities"))
    cases = {
        "vector": ([*map(str, paths), "--no-basemap"], [*map(str, paths)]),
        "vector + basemap + labels": ([*map(str, paths), "--labels", "facilities:name"],
                                      ["--basemap", basemap, "--labels", f"{facilities}:name", *map(str, paths)]),
        "raster 10000x10000": ([str(raster), "--no-basemap"], [str(raster)]),
    }
    if args.case:
        short = {"vector": "vector", "vector + basemap + labels": "labels", "raster 10000x10000": "raster"}
        cases = {k: v for k, v in cases.items() if short[k] in args.case}
    results: dict[str, dict[str, list[tuple[float, float]]]] = {}
    for case, (app_args, qgis_args) in cases.items():
        app_cmd = [sys.executable, "-m", "resilience_desktop", "map", "render", *app_args, "-o", str(app_png),
                   "--size", "1920x1080", "--crs", "EPSG:32643"]
        qgis_cmd = [QGIS_PYTHON, str(BENCH_DIR / "_qgis_render.py"), str(qgis_png), "1920x1080", "EPSG:32643",
                    *qgis_args]
        series: dict[str, list[tuple[float, float]]] = {"app": [], "qgis": []}
        timed_run(app_cmd, env, app_png)
        if have_qgis:
            timed_run(qgis_cmd, env, qgis_png)
        for _ in range(args.runs):
            series["app"].append(timed_run(app_cmd, env, app_png))
            if have_qgis:
                series["qgis"].append(timed_run(qgis_cmd, env, qgis_png))
        if args.keep:
            shutil.copy(app_png, work / f"app-{case.split()[0]}-{len(results)}.png")
            if have_qgis:
                shutil.copy(qgis_png, work / f"qgis-{case.split()[0]}-{len(results)}.png")
        results[case] = series

    frames = json.loads(subprocess.run([sys.executable, str(BENCH_DIR / "_canvas_frames.py"), *map(str, paths)],
                                       env=env, capture_output=True, text=True, check=True).stdout)

    info = machine()
    print(machine_line(info))
    print("city: 100,000 buildings, 10,000 roads, 5,000 points; raster: 10,000 x 10,000 float32;"
          " 1920x1080 PNG, EPSG:32643\n")
    rows = []
    ratios: dict[str, float | None] = {}
    for case, series in results.items():
        for name, runs in series.items():
            if runs:
                secs = [r[0] for r in runs]
                rows.append((f"{case}: {name}", statistics.median(secs) * 1000, min(secs) * 1000,
                             max(secs) * 1000, max(r[1] for r in runs)))
        ratios[case] = (statistics.median(r[0] for r in series["app"]) /
                        statistics.median(r[0] for r in series["qgis"])) if series["qgis"] else None
    print(table(["process start → PNG", "median ms", "min ms", "max ms", "peak RSS MiB"], rows))
    for case, ratio in ratios.items():
        if ratio is not None:
            print(f"ratio app / QGIS (medians), {case}: {ratio:.2f}")
    if not any(ratios.values()):
        print("\nQGIS not found (apt-get install -y python3-qgis): no reference run")
    pan, full = summary(frames["pan_frame_ms"]), summary(frames["full_render_ms"])
    print()
    print(table(["canvas 1920x1080, full extent", "p50 ms", "p90 ms", "max ms", "n"],
                [("pan frame (cached image shifted)", pan["p50"], pan["p90"], pan["max"], pan["n"]),
                 ("full re-render (zoom, end of pan)", full["p50"], full["p90"], full["max"], full["n"])]))
    print(f"\nlayers read + prepared in the canvas process: {frames['prepare_ms']:.0f} ms; "
          f"its peak RSS: {frames['peak_rss_mb']:.0f} MiB")
    path = write_results("map_render", {"machine": info, "runs": args.runs, "cases": results, "ratios": ratios,
                                        "canvas": frames})
    print(f"\nfull results: {path}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
