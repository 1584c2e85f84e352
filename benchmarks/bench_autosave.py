"""Autosave benchmark: answer edits through ``Workspace.set_answer``, each timed until committed.

A fresh demo workspace (shipped preliminary scorecard, 47 questions) is written to a temporary
folder and opened as the app opens it (WAL, ``synchronous=FULL``; checked, not assumed). Then
``--edits`` edits alternate between a score change and a comment change, walking round the
questions of the demo's assessment. ``set_answer`` returns only after its transaction's COMMIT,
so the time of the call is the time until the edit is durable. At the end the change log is
read back through a second connection to prove every edit was committed.

The same run is repeated with the workspace in ``/dev/shm`` (RAM, where fsync costs nothing)
when it exists, so the difference is the disk's fsync cost.

    python benchmarks/bench_autosave.py [--edits 1000] [--dirs DIR[,DIR...]] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from _common import (BENCH_DIR, OUT_DIR, filesystem_of, isolate_this_process, machine, machine_line, profile_text,
                     summary, table, write_results)


def fsync_probe(folder: Path, n: int = 200) -> dict:
    """What durable 4 KiB writes cost in ``folder``: the floor under a durable commit.

    ``append+fsync`` grows the file each time (so the filesystem journals its size too);
    ``overwrite+fdatasync`` rewrites one block, which is what SQLite mostly does to a WAL that
    has been reset after a checkpoint (SQLite uses fdatasync on Linux).
    """
    out = {}
    for mode in ("append+fsync", "overwrite+fdatasync"):
        times = []
        with tempfile.NamedTemporaryFile(dir=folder, prefix="bench-fsync-") as fh:
            fd = fh.fileno()
            os.pwrite(fd, b"x" * 4096, 0)
            os.fsync(fd)
            for i in range(n):
                os.pwrite(fd, b"y" * 4096, 4096 * (i + 1) if mode == "append+fsync" else 0)
                t0 = time.perf_counter()
                (os.fsync if mode == "append+fsync" else os.fdatasync)(fd)
                times.append((time.perf_counter() - t0) * 1000)
        out[mode] = summary(times)
    return out


def run(folder: Path, edits: int, profile_to: Path | None = None) -> dict:
    from resilience_desktop.demo.workspace import write_demo
    from resilience_desktop.scorecard import ScorecardRegistry, builtin_dir
    from resilience_desktop.workspace.facade import Workspace

    with tempfile.TemporaryDirectory(prefix="bench-autosave-", dir=folder) as tmp:
        path = write_demo(Path(tmp) / "demo.rdw", registry=ScorecardRegistry([builtin_dir()]))
        ws = Workspace.open(path, user="bench")
        try:
            conn = ws._db.conn  # read-only look at the connection settings the app runs with
            pragmas = {"journal_mode": conn.execute("PRAGMA journal_mode").fetchone()[0],
                       "synchronous": conn.execute("PRAGMA synchronous").fetchone()[0]}
            if pragmas != {"journal_mode": "wal", "synchronous": 2}:
                raise RuntimeError(f"workspace is not opened as expected (WAL, synchronous=FULL): {pragmas}")
            aid = ws.list_assessments()[-1].id
            card = ws.scorecard_of(aid)
            qids = [q.id for q in card.active_questions]
            lo, hi = card.min_score, card.max_score
            log_before = len(ws.history(aid))
            times: list[float] = []
            kinds: list[str] = []
            prof = cProfile.Profile() if profile_to else None
            for i in range(edits):
                qid = qids[(i // 2) % len(qids)]
                if i % 2 == 0:
                    old = ws.answer(aid, qid)
                    score = lo if old.score is None else (old.score + 1 - lo) % (hi - lo + 1) + lo
                    kwargs = {"score": score}
                else:
                    kwargs = {"comment": f"Benchmark comment {i}: reviewed with the planning department."}
                if prof:
                    prof.enable()
                t0 = time.perf_counter()
                ws.set_answer(aid, qid, **kwargs)
                times.append((time.perf_counter() - t0) * 1000)
                if prof:
                    prof.disable()
                kinds.append("score" if "score" in kwargs else "comment")
            if prof:
                prof.dump_stats(profile_to)
        finally:
            ws.close()
        # Proof from a separate connection that every edit reached the file.
        check = sqlite3.connect(path)
        logged = check.execute("SELECT count(*) FROM change_log WHERE assessment_id = ?", (aid,)).fetchone()[0]
        check.close()
        if logged - log_before != edits:
            raise RuntimeError(f"expected {edits} new change-log rows, found {logged - log_before}")
    total_s = sum(times) / 1000
    return {"folder": str(folder), "filesystem": filesystem_of(folder), "fsync_4k_ms": fsync_probe(folder),
            "pragmas": pragmas, "edits": edits,
            "questions": len(qids), "all_ms": summary(times),
            "score_ms": summary([t for t, k in zip(times, kinds) if k == "score"]),
            "comment_ms": summary([t for t, k in zip(times, kinds) if k == "comment"]),
            "edits_per_s": edits / total_s, "times_ms": times}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--edits", type=int, default=1000, help="edits per folder (default 1000)")
    ap.add_argument("--dirs", default=None,
                    help="comma-separated folders to hold the workspace (default: the temp folder, and /dev/shm)")
    ap.add_argument("--profile", action="store_true",
                    help="also profile the edits in the first folder with cProfile and print the top")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-home-") as home:
        isolate_this_process(Path(home))
        dirs = ([Path(d) for d in args.dirs.split(",")] if args.dirs
                else [Path(tempfile.gettempdir())] + ([Path("/dev/shm")] if Path("/dev/shm").is_dir() else []))
        info = machine()
        results = {"benchmark": "autosave", "machine": info, "runs": []}
        rows = []
        for i, folder in enumerate(dirs):
            prof = OUT_DIR / "autosave.prof" if args.profile and i == 0 else None
            if prof:
                OUT_DIR.mkdir(exist_ok=True)
            r = run(folder, args.edits, prof)
            results["runs"].append(r)
            for label, key in (("all", "all_ms"), ("score", "score_ms"), ("comment", "comment_ms")):
                s = r[key]
                rows.append([f"{folder} ({r['filesystem']})", label, s["n"], s["p50"], s["p99"], s["max"],
                             r["edits_per_s"] if label == "all" else "",
                             r["fsync_4k_ms"]["append+fsync"]["p50"] if label == "all" else "",
                             r["fsync_4k_ms"]["overwrite+fdatasync"]["p50"] if label == "all" else ""])
    print("\nAutosave: Workspace.set_answer until committed (WAL, synchronous=FULL), ms per edit")
    print(machine_line(info))
    print(table(["workspace folder", "edits", "n", "p50", "p99", "max", "edits/s",
                 "append+fsync p50", "overwrite+fdatasync p50"], rows))
    path = write_results("autosave", results)
    print(f"\nresults: {path.relative_to(BENCH_DIR.parent)}")
    if args.profile:
        print("\n" + profile_text(OUT_DIR / "autosave.prof", 30))
    return 0


if __name__ == "__main__":
    sys.exit(main())
