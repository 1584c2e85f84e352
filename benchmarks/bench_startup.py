"""Startup benchmark: process launch to the first painted main window, app vs a bare reference.

Each sample is a fresh Python process with its own empty HOME (so no saved geometry, settings
or demo from an earlier run). The parent takes ``time.time()`` just before launching and passes
it in ``BENCH_T0``; the child reports, as offsets from it, when each phase ended and when its
main window received its first ``QEvent.Paint`` (see ``_first_paint.py``).

* ``app``: ``_startup_app.py``, the real app started as ``resilience-desktop --demo`` does
  (write the demo workspace, open it, show the main window).
* ``app (existing workspace)``: the same, opening an existing workspace (a copy of a demo written
  beforehand) as ``resilience-desktop --workspace PATH`` does: no demo to write.
* ``reference``: ``_startup_reference.py``, a bare ``QMainWindow`` process that first imports
  every module the app had loaded by its first paint (taken from a warm-up run of the app),
  except the app's own package.
* ``app (existing workspace, second start)`` (with ``--second-start``): the same, with the user's
  cache folder kept from one start to the next (as a returning user has it), so the workspace's
  stored scorecard, validated at the first start, is not validated again.
* ``reference+gis``: the reference plus pyqtgraph, shapely, pyproj and fiona, which the app
  does not import at startup yet but its map and chart views will (skip with ``--no-gis``).

Runs alternate (app, reference, reference+gis, app, ...) after one discarded warm-up each.
Platforms: ``offscreen`` always; ``xvfb`` (a real X server, Qt's xcb plugin) when ``Xvfb`` is
installed, started once by this script and stopped at the end.

    python benchmarks/bench_startup.py [-n 10] [--platforms offscreen,xvfb] [--no-gis] [--second-start]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import (BENCH_DIR, OUT_DIR, isolated_env, machine, machine_line, profile_text, summary, table,
                     write_results)

GIS_MODULES = ["pyqtgraph", "shapely", "pyproj", "fiona"]
CHILD_HELPERS = {"_first_paint", "__main__"}


def run_child(script: str, env: dict[str, str], timeout: float) -> dict:
    """Launch one child, return its report (``phases`` in seconds since launch)."""
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as home:
        template = env.get("BENCH_WORKSPACE_TEMPLATE")
        env = {k: v for k, v in env.items() if k != "BENCH_WORKSPACE_TEMPLATE"}
        if template:  # each sample opens its own copy of an existing workspace
            env["BENCH_WORKSPACE"] = shutil.copyfile(template, Path(home) / "existing.rdw")
        child_env = isolated_env(Path(home), **env)
        child_env["BENCH_T0"] = repr(time.time())
        proc = subprocess.run([sys.executable, str(BENCH_DIR / script)], env=child_env, cwd=BENCH_DIR,
                              capture_output=True, text=True, timeout=timeout)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"{script} failed (exit {proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")
    report = json.loads(lines[-1])
    if not report["ok"]:
        raise RuntimeError(f"{script}: no paint event before the timeout")
    return report


def bare_modules() -> set[str]:
    """Modules a bare interpreter (with this venv's site) has loaded before running anything."""
    out = subprocess.run([sys.executable, "-c", "import sys, json; print(json.dumps(list(sys.modules)))"],
                         capture_output=True, text=True, check=True).stdout
    return set(json.loads(out))


def app_imports(app_modules: list[str], bare: set[str]) -> list[str]:
    """The modules the app loaded (in load order), minus its own package and the child helper."""
    return [m for m in app_modules if m not in bare and m not in CHILD_HELPERS
            and m.split(".")[0] != "resilience_desktop"]


class Xvfb:
    """A private X server for the ``xvfb`` platform; started and stopped by this script only."""

    def __init__(self) -> None:
        read_fd, write_fd = os.pipe()
        self.proc = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1920x1200x24",
                                      "-nolisten", "tcp"], pass_fds=(write_fd,),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write_fd)
        with os.fdopen(read_fd) as fh:
            number = fh.readline().strip()
        if not number:
            self.stop()
            raise RuntimeError("Xvfb did not start")
        self.display = f":{number}"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)


def write_existing_workspace() -> Path:
    """A demo workspace written once, for the series that opens an existing workspace."""
    from resilience_desktop.demo.workspace import write_demo
    folder = Path(tempfile.mkdtemp(prefix="bench-startup-existing-"))
    return write_demo(folder / "existing.rdw")


def measure_platform(platform: str, n: int, gis: bool, timeout: float, second_start: bool = False) -> dict:
    existing = write_existing_workspace()
    xvfb = None
    env = {"QT_QPA_PLATFORM": "offscreen"}
    if platform == "xvfb":
        xvfb = Xvfb()
        env = {"QT_QPA_PLATFORM": "xcb", "DISPLAY": xvfb.display}
    try:
        warm = run_child("_startup_app.py", env, timeout)  # discarded; also tells us what the app imports
        imports = app_imports(warm["modules"], bare_modules())
        series = {"app": ("_startup_app.py", env),
                  "app (existing workspace)": ("_startup_app.py", {**env, "BENCH_WORKSPACE_TEMPLATE": str(existing)}),
                  "reference": ("_startup_reference.py", {**env, "BENCH_IMPORTS": ",".join(imports)})}
        if second_start:  # a user's cache kept between starts: the stored definition was validated before
            cache = Path(tempfile.mkdtemp(prefix="bench-startup-cache-"))
            series["app (existing workspace, second start)"] = (
                "_startup_app.py", {**env, "BENCH_WORKSPACE_TEMPLATE": str(existing), "XDG_CACHE_HOME": str(cache)})
        if gis:
            series["reference+gis"] = ("_startup_reference.py",
                                       {**env, "BENCH_IMPORTS": ",".join(imports + GIS_MODULES)})
        for script, e in list(series.values())[1:]:
            run_child(script, e, timeout)  # warm-up, discarded
        samples: dict[str, list[dict]] = {k: [] for k in series}
        extras = []
        for i in range(n):
            for name, (script, e) in series.items():
                report = run_child(script, e, timeout)
                samples[name].append(report["phases"])
                if name == "reference":
                    extras.append(report["extra"])
            print(f"  {platform}: run {i + 1}/{n}", file=sys.stderr)
    finally:
        if xvfb is not None:
            xvfb.stop()
    top_level = sorted({m.split(".")[0] for m in imports if not m.startswith("_")})
    return {"samples": samples, "imports": imports, "imports_top_level": top_level,
            "reference_import_failures": extras[0].get("imports_failed", [])}


def phase_medians(samples: list[dict]) -> dict[str, float]:
    keys = list(samples[0])
    return {k: summary([s[k] * 1000 for s in samples])["p50"] for k in keys}


def profile_app(timeout: float) -> int:
    OUT_DIR.mkdir(exist_ok=True)
    stats = OUT_DIR / "startup-app.prof"
    run_child("_startup_app.py", {"QT_QPA_PLATFORM": "offscreen"}, timeout)  # warm the disk cache
    report = run_child("_startup_app.py", {"QT_QPA_PLATFORM": "offscreen", "BENCH_PROFILE": str(stats)}, timeout)
    print(f"first paint at {report['phases']['first_paint'] * 1000:.0f} ms (with profiling overhead)")
    print(profile_text(stats, 45))
    print(f"stats: {stats.relative_to(BENCH_DIR.parent)} (open with: python -m pstats {stats.name}, or snakeviz)")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=10, help="measured runs per series (default 10)")
    ap.add_argument("--platforms", default=None,
                    help="comma-separated: offscreen, xvfb (default: offscreen, plus xvfb if Xvfb is installed)")
    ap.add_argument("--no-gis", action="store_true", help="skip the reference+gis series")
    ap.add_argument("--second-start", action="store_true",
                    help="add a series opening the existing workspace with the user's cache kept between starts")
    ap.add_argument("--timeout", type=float, default=120, help="seconds allowed per child")
    ap.add_argument("--profile", action="store_true",
                    help="instead: run the app child once (offscreen) under cProfile and print where the time goes")
    args = ap.parse_args()
    if args.profile:
        return profile_app(args.timeout)
    platforms = (args.platforms.split(",") if args.platforms
                 else ["offscreen"] + (["xvfb"] if shutil.which("Xvfb") else []))
    # An installed app has its bytecode compiled (pip does it); an editable checkout under
    # PYTHONDONTWRITEBYTECODE would compile ~220 modules at every start (~0.45 s) and measure that.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(BENCH_DIR.parent / "resilience_desktop")], check=True)
    info = machine()
    results: dict = {"benchmark": "startup", "machine": info, "n": args.n, "platforms": {}}
    rows, phase_rows = [], []
    for platform in platforms:
        res = measure_platform(platform, args.n, not args.no_gis, args.timeout, args.second_start)
        stats = {}
        for name, samples in res["samples"].items():
            paint = summary([s["first_paint"] * 1000 for s in samples])
            frame = summary([s["frame_done"] * 1000 for s in samples])
            stats[name] = {"first_paint_ms": paint, "frame_done_ms": frame, "phases_p50_ms": phase_medians(samples)}
        ref = stats["reference"]["first_paint_ms"]
        for name, st in stats.items():
            fp = st["first_paint_ms"]
            rows.append([platform, name, fp["p50"], fp["p90"], fp["min"], fp["max"],
                         fp["p50"] / ref["p50"], fp["p90"] / ref["p90"]])
            phase_rows.append([platform, name, "  ".join(f"{k}={v:.0f}" for k, v in st["phases_p50_ms"].items())])
        results["platforms"][platform] = {"stats": stats, **res}
        print(f"  {platform}: the reference imports the app's {len(res['imports'])} modules "
              f"({len(res['imports_top_level'])} top-level, listed in the JSON); "
              f"{len(res['reference_import_failures'])} are internal to shiboken and only load through PySide6",
              file=sys.stderr)
    print(f"\nStartup: launch -> first paint of the main window, ms (N={args.n} each, alternating)")
    print(machine_line(info))
    print(table(["platform", "series", "p50", "p90", "min", "max", "p50 ratio", "p90 ratio"], rows))
    print("\nPhase ends, p50 ms since launch:")
    print(table(["platform", "series", "phases"], phase_rows))
    path = write_results("startup", results)
    print(f"\nresults: {path.relative_to(BENCH_DIR.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
