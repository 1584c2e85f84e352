"""Helpers shared by the benchmark scripts: percentiles, tables, machine description, JSON output.

Standard library only, so the benchmarks measure the app and not this module.
"""

from __future__ import annotations

import json
import math
import os
import platform
import sqlite3
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Sequence

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
OUT_DIR = BENCH_DIR / "out"


def percentile(values: Sequence[float], p: float) -> float:
    """The ``p``-th percentile (0..100) with linear interpolation between ranks (numpy's default)."""
    if not values:
        return math.nan
    xs = sorted(values)
    k = (len(xs) - 1) * p / 100
    lo, hi = math.floor(k), math.ceil(k)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def summary(values: Sequence[float]) -> dict[str, float]:
    """n, min, p50, p90, p99, max and mean of ``values`` (in the values' unit)."""
    return {"n": len(values), "min": min(values), "p50": percentile(values, 50), "p90": percentile(values, 90),
            "p99": percentile(values, 99), "max": max(values), "mean": sum(values) / len(values)}


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A plain fixed-width text table (also valid Markdown)."""
    cells = [[str(h) for h in headers]] + [[_fmt(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |" for r in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.1f}" if abs(value) >= 10 else f"{value:.2f}"
    return str(value)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def filesystem_of(path: str | Path) -> str:
    """The filesystem type holding ``path`` (longest mount-point prefix in /proc/mounts)."""
    path = str(Path(path).resolve())
    best, kind = "", "unknown"
    try:
        for line in Path("/proc/mounts").read_text().splitlines():
            parts = line.split()
            mount, fstype = parts[1], parts[2]
            if (path == mount or path.startswith(mount.rstrip("/") + "/")) and len(mount) > len(best):
                best, kind = mount, fstype
    except OSError:
        pass
    return kind


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    info: dict[str, Any] = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu": cpu_model(),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "git_commit": _git("rev-parse", "--short", "HEAD"),
        "git_dirty": bool(_git("status", "--porcelain", "--untracked-files=no")),
        # Other work on the machine skews every number here; the 1-minute load when we started.
        "loadavg_1m": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
    }
    try:
        import PySide6
        from PySide6.QtCore import qVersion
        info["pyside6"], info["qt"] = PySide6.__version__, qVersion()
    except ImportError:
        pass
    return info


def machine_line(info: dict[str, Any]) -> str:
    return (f"{info['date']}  ·  {info['nproc']} CPU(s), {info['cpu']}  ·  Python {info['python']}, "
            f"SQLite {info['sqlite']}" + (f", Qt {info['qt']}" if "qt" in info else "")
            + f"  ·  commit {info['git_commit']}{' (dirty)' if info['git_dirty'] else ''}"
            + (f"  ·  load {info['loadavg_1m']:.2f}" if info.get("loadavg_1m") is not None else ""))


def write_results(name: str, data: dict[str, Any]) -> Path:
    """Write ``data`` to ``benchmarks/out/<name>-<timestamp>.json`` and ``<name>-latest.json``."""
    OUT_DIR.mkdir(exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    path = OUT_DIR / f"{name}-{stamp}.json"
    text = json.dumps(data, indent=2, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    (OUT_DIR / f"{name}-latest.json").write_text(text, encoding="utf-8")
    return path


def isolated_env(home: Path, **extra: str) -> dict[str, str]:
    """Environment for a child process whose HOME, XDG folders and user are inside ``home``.

    The app under test then never reads or writes the real user's workspace, demo or settings.
    """
    env = dict(os.environ)
    for var, sub in (("HOME", ""), ("XDG_DATA_HOME", ".local/share"), ("XDG_CACHE_HOME", ".cache"),
                     ("XDG_CONFIG_HOME", ".config")):
        folder = home / sub
        folder.mkdir(parents=True, exist_ok=True)
        env[var] = str(folder)
    env["RESILIENCE_USER"] = "bench"
    env.pop("RESILIENCE_SCORECARDS", None)
    env.update(extra)
    return env


def isolate_this_process(home: Path) -> None:
    """Like :func:`isolated_env`, for the current process (call before importing the app)."""
    os.environ.update(isolated_env(home))


def profile_text(stats_path: Path, limit: int = 30) -> str:
    """The top of a cProfile dump, by cumulative time."""
    import io
    import pstats
    buf = io.StringIO()
    pstats.Stats(str(stats_path), stream=buf).strip_dirs().sort_stats("cumulative").print_stats(limit)
    return buf.getvalue()


__all__ = ["percentile", "summary", "table", "machine", "machine_line", "write_results", "isolated_env",
           "isolate_this_process", "filesystem_of", "profile_text", "OUT_DIR", "REPO", "BENCH_DIR"]

if __name__ == "__main__":  # pragma: no cover
    print(machine_line(machine()), file=sys.stderr)
