"""Hostile and heavy input files: wall time and peak memory of the command that reads each (issue 19).

Each case is a fresh ``python -m resilience_desktop ...`` process (HOME redirected) on a file
built by ``tests/hostile/corpus.py`` at the full size of the attack report. Peak memory is the
child's peak resident size (VmHWM, polled); a run past ``--timeout`` seconds is killed and
reported as such. ``--src DIR`` runs another checkout of the package (to measure "before").

    python benchmarks/bench_hostile.py [--only NAME ...] [--timeout 120] [--src DIR]
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import isolated_env, machine, machine_line, table, write_results  # noqa: E402

from tests.hostile import corpus  # noqa: E402

#: name -> (what it is, builder, command with {file})
CASES = {
    "polygon-30k": ("GeoJSON, one self-intersecting polygon of 30k vertices",
                    lambda d: corpus.crossing_polygon_geojson(d, 30_000), ["layer", "info", "{file}"]),
    "polygon-1m": ("GeoJSON, one self-intersecting polygon of 1M vertices",
                   lambda d: corpus.crossing_polygon_geojson(d, 1_000_000), ["layer", "info", "{file}"]),
    "polygon-random-3k": ("GeoJSON, a polygon of 3k random vertices (~10^6 crossings)",
                          lambda d: corpus.random_polygon_geojson(d, 3_000), ["layer", "info", "{file}"]),
    "dbf-1gib": ("zipped Shapefile whose .dbf holds 1 GiB",
                 lambda d: corpus.dbf_bomb_zip(d, 2**30), ["layer", "info", "{file}"]),
    "csv-long-field": ("CSV with a 200,000-character field",
                       lambda d: corpus.long_field_csv(d), ["layer", "info", "{file}"]),
    "xlsx-3m-cells": ("xlsx, one row of 3M cells",
                      lambda d: corpus.wide_row_xlsx(d, 3_000_000), ["import-excel", "{file}", "--workspace", "{ws}"]),
    "xlsx-1gib-string": ("xlsx, one inline string of 1 GiB",
                         lambda d: corpus.huge_string_xlsx(d, 2**30), ["import-excel", "{file}", "--workspace", "{ws}"]),
    "xlsx-5m-strings": ("xlsx, 5M shared strings",
                        lambda d: corpus.many_strings_xlsx(d, 5_000_000), ["import-excel", "{file}", "--workspace", "{ws}"]),
    "json-depth-100k": ("scorecard .json nested 100k deep in the user scorecards folder",
                        lambda d: corpus.nested_json(d / "scorecards", 100_000), ["scorecard", "list"]),
}


def _hwm_kib(pid: int) -> int:
    """The child's peak resident size since its exec (VmHWM, KiB). Not ``ru_maxrss``: a spawned child
    shares this process's memory until its exec, and the kernel counts that into its maxrss."""
    try:
        with open(f"/proc/{pid}/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_case(cmd: list[str], env: dict[str, str], timeout: float, src: str | None) -> dict:
    start = [sys.executable, "-m", "resilience_desktop"]
    if src:  # the editable install's finder would win over PYTHONPATH: drop it, put src first
        start = [sys.executable, "-c", "import sys; sys.meta_path[:] = [f for f in sys.meta_path if 'editable'"
                 f" not in repr(f).lower()]; sys.path.insert(0, {src!r}); from resilience_desktop.cli.main import"
                 " main; sys.exit(main(sys.argv[1:]))"]
    # posix_spawn (vfork-like), not fork: a forked child inherits this process's resident size,
    # which would show in its ru_maxrss; this one starts from nothing.
    err_path = Path(tempfile.mkstemp(prefix="bench-hostile-err-")[1])
    actions = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
               (os.POSIX_SPAWN_OPEN, 2, str(err_path), os.O_WRONLY | os.O_TRUNC, 0)]
    t0 = time.perf_counter()
    pid = os.posix_spawn(start[0], [*start, *cmd], env, file_actions=actions, setsid=True)
    killed = False
    peak = 0
    deadline = t0 + timeout
    while True:
        peak = max(peak, _hwm_kib(pid))  # before reaping: a reaped child has no /proc entry
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if time.perf_counter() > deadline:
            os.killpg(pid, signal.SIGKILL)
            _done, status, usage = os.wait4(pid, 0)
            killed = True
            break
        time.sleep(0.02)
    elapsed = time.perf_counter() - t0
    err = err_path.read_text("utf-8", "replace").strip().splitlines()
    err_path.unlink()
    code = os.waitstatus_to_exitcode(status)
    return {"seconds": round(elapsed, 2), "peak_mib": round(peak / 1024), "exit": code,
            "killed": killed, "stderr_lines": len(err), "last_line": err[-1][:200] if err else ""}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*", choices=sorted(CASES), help="run only these cases")
    ap.add_argument("--timeout", type=float, default=120, help="kill a run after this many seconds")
    ap.add_argument("--src", help="import resilience_desktop from this folder (another checkout)")
    ap.add_argument("--label", default="", help="label stored with the results (e.g. before/after)")
    args = ap.parse_args()
    results = {}
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as tmp:
        home = Path(tmp) / "home"
        env = isolated_env(home)
        for name in args.only or list(CASES):
            what, build, cmd = CASES[name]
            folder = Path(tmp) / name
            folder.mkdir()
            (folder / "scorecards").mkdir()
            path = build(folder)
            env_case = dict(env, RESILIENCE_SCORECARDS=str(folder / "scorecards"))
            argv = [c.format(file=path, ws=folder / "ws.rdw") for c in cmd]
            r = run_case(argv, env_case, args.timeout, args.src)
            r.update(what=what, file_bytes=path.stat().st_size)
            results[name] = r
            print(f"{name:18} {r['seconds']:7.2f} s {r['peak_mib']:6d} MiB exit {r['exit']:3}"
                  f"{' KILLED' if r['killed'] else ''}  {r['last_line'][:110]}", flush=True)
            path.unlink()
    info = machine()
    print(machine_line(info))
    print(table(["case", "file", "s", "peak MiB", "exit"],
                [(k, f"{v['file_bytes'] / 2**20:.2f} MB", v["seconds"], v["peak_mib"],
                  "killed" if v["killed"] else v["exit"]) for k, v in results.items()]))
    write_results("hostile" + (f"-{args.label}" if args.label else ""), {"machine": info, "label": args.label,
                                                                      "results": results})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
