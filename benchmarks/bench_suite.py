"""The test suite's time: the README's test line, timed (wall clock and CPU of pytest and its children).

Runs ``python -m pytest -q`` in the repository with the venv's interpreter, as the README does
(pytest's configuration adds ``-n auto``: one worker per core), and records the wall time, the
CPU time (user + system, pytest and every process it started), the pass/fail line and the
1-minute load average before and after. ``--workers N`` passes ``-n N`` (``0``: one process),
so one run can compare the serial and the parallel suite on the same machine.

CPU time is the steadier figure on a shared machine: the wall time grows with every other
process's load, the work done much less. On an otherwise idle machine with ``W`` cores the wall
time comes close to CPU / W plus the longest single test.

    python benchmarks/bench_suite.py [--workers N] [--python PATH] [-- extra pytest args]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time

from _common import REPO, machine, machine_line, table, write_results


def host_speed(python: str) -> float:
    """Seconds the project's interpreter takes for a fixed pure-Python loop (best of three): this
    shared host's speed moves by 2x from hour to hour, so each suite time is recorded with it."""
    code = "import time\nt=time.process_time()\nsum(range(30_000_000))\nprint(time.process_time()-t)"
    return min(float(subprocess.run([python, "-c", code], capture_output=True, text=True, check=True).stdout)
               for _ in range(3))


def _failure_text(stdout: str, limit: int = 20_000) -> str:
    """pytest's FAILURES and ERRORS sections (the tracebacks), at most ``limit`` characters."""
    start = min((i for i in (stdout.find("= FAILURES ="), stdout.find("= ERRORS =")) if i >= 0), default=-1)
    if start < 0:
        return ""
    end = stdout.find("short test summary info", start)
    return stdout[start:end if end > 0 else None][:limit]


def run(python: str, workers: str | None, extra: list[str]) -> dict:
    args = [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", *(["-n", workers] if workers else []), *extra]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load0 = os.getloadavg()[0]
    t0 = time.perf_counter()
    proc = subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    lines = [x for x in proc.stdout.splitlines() if " in " in x and ("passed" in x or "failed" in x)]
    return {"args": args[1:], "returncode": proc.returncode, "wall_s": wall,
            "cpu_user_s": after.ru_utime - before.ru_utime, "cpu_sys_s": after.ru_stime - before.ru_stime,
            "result": lines[-1].strip("= ") if lines else proc.stdout[-500:],
            # a failure that does not come back on the next run is still named (pytest's short summary)
            "failures": [x for x in proc.stdout.splitlines() if x.startswith(("FAILED ", "ERROR "))],
            # what a failure said, kept: a failure seen once in many runs cannot be asked again
            "failure_text": _failure_text(proc.stdout),
            "loadavg_1m_before": load0, "loadavg_1m_after": os.getloadavg()[0]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", help="pytest-xdist workers (-n); default: the configuration's (auto)")
    parser.add_argument("--python", default=str(REPO / ".venv" / "bin" / "python"),
                        help="the interpreter of the project's venv (default: .venv/bin/python)")
    parser.add_argument("extra", nargs="*", help="more pytest arguments (after --)")
    opts = parser.parse_args()
    info = machine()
    print(machine_line(info))
    gauge = host_speed(opts.python)
    r = run(opts.python, opts.workers, opts.extra)
    r["host_gauge_s"] = gauge
    print(table(["workers", "wall s", "CPU s (user+sys)", "host gauge s", "load before/after", "result"],
                [[opts.workers or "auto", r["wall_s"], r["cpu_user_s"] + r["cpu_sys_s"], gauge,
                  f"{r['loadavg_1m_before']:.1f}/{r['loadavg_1m_after']:.1f}", r["result"]]]))
    for line in r["failures"]:
        print(line)
    print(write_results("suite", {"machine": info, "run": r}))
    return 0 if r["returncode"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
