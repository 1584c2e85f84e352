"""``map render`` against QGIS on a generated city, and the canvas's pan frame time (issue 5).

The city (``_city.py``): 100,000 building polygons, 10,000 road lines and 5,000 points, each in
its own GeoPackage in WGS 84 / UTM 43N. Both renderers draw all three, later ones on top, into
a 1920x1080 PNG in EPSG:32643, fitted to the layers' extent:

* **app**: ``python -m resilience_desktop map render buildings.gpkg roads.gpkg
  facilities.gpkg -o OUT.png --size 1920x1080 --crs EPSG:32643`` with the project's venv;
* **qgis**: ``_qgis_render.py`` with the system ``python3`` and Debian's ``python3-qgis``:
  ``QgsApplication`` + three ``QgsVectorLayer`` + ``QgsMapRendererParallelJob``, default styles.

Timed from just before the process is launched to its exit, after the PNG is written (the
file is checked), i.e. interpreter start-up, imports, reading, drawing and encoding. One
discarded warm-up run each (page cache), then ``--runs`` runs alternating app and QGIS. Peak
memory is each process's maximum resident set (``wait4``). Then ``_canvas_frames.py`` measures
the canvas: a full re-render at full extent and the frame time of a pan at full extent.

    python benchmarks/bench_map_render.py [--runs 5] [--keep DIR]
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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--keep", metavar="DIR", help="keep the city and the PNGs here")
    args = ap.parse_args()
    sys.path.insert(0, str(REPO))
    from _city import write_city

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench_map_"))
    work.mkdir(parents=True, exist_ok=True)
    paths = write_city(work / "city")
    env = isolated_env(work / "home", QT_QPA_PLATFORM="offscreen")
    app_png, qgis_png = work / "app.png", work / "qgis.png"
    app_cmd = [sys.executable, "-m", "resilience_desktop", "map", "render", *map(str, paths), "-o", str(app_png),
               "--size", "1920x1080", "--crs", "EPSG:32643"]
    have_qgis = Path(QGIS_PYTHON).exists() and subprocess.run(
        [QGIS_PYTHON, "-c", "import qgis.core"], capture_output=True).returncode == 0
    qgis_cmd = [QGIS_PYTHON, str(BENCH_DIR / "_qgis_render.py"), str(qgis_png), "1920x1080", "EPSG:32643",
                *map(str, paths)]
    series: dict[str, list[tuple[float, float]]] = {"app": [], "qgis": []}
    timed_run(app_cmd, env, app_png)
    if have_qgis:
        timed_run(qgis_cmd, env, qgis_png)
    for _ in range(args.runs):
        series["app"].append(timed_run(app_cmd, env, app_png))
        if have_qgis:
            series["qgis"].append(timed_run(qgis_cmd, env, qgis_png))

    frames = json.loads(subprocess.run([sys.executable, str(BENCH_DIR / "_canvas_frames.py"), *map(str, paths)],
                                       env=env, capture_output=True, text=True, check=True).stdout)

    info = machine()
    print(machine_line(info))
    print("city: 100,000 buildings, 10,000 roads, 5,000 points; 1920x1080 PNG, EPSG:32643\n")
    rows = []
    for name, runs in series.items():
        if runs:
            secs = [r[0] for r in runs]
            rows.append((name, statistics.median(secs) * 1000, min(secs) * 1000, max(secs) * 1000,
                         max(r[1] for r in runs)))
    print(table(["process start → PNG", "median ms", "min ms", "max ms", "peak RSS MiB"], rows))
    ratio = None
    if series["qgis"]:
        ratio = statistics.median(r[0] for r in series["app"]) / statistics.median(r[0] for r in series["qgis"])
        print(f"\nratio app / QGIS (medians): {ratio:.2f}")
    else:
        print("\nQGIS not found (apt-get install -y python3-qgis): no reference run")
    pan, full = summary(frames["pan_frame_ms"]), summary(frames["full_render_ms"])
    print()
    print(table(["canvas 1920x1080, full extent", "p50 ms", "p90 ms", "max ms", "n"],
                [("pan frame (cached image shifted)", pan["p50"], pan["p90"], pan["max"], pan["n"]),
                 ("full re-render (zoom, end of pan)", full["p50"], full["p90"], full["max"], full["n"])]))
    print(f"\nlayers read + prepared in the canvas process: {frames['prepare_ms']:.0f} ms; "
          f"its peak RSS: {frames['peak_rss_mb']:.0f} MiB")
    path = write_results("map_render", {"machine": info, "runs": args.runs, "app": series["app"],
                                        "qgis": series["qgis"], "ratio": ratio, "canvas": frames})
    print(f"\nfull results: {path}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
