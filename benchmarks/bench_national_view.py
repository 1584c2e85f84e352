"""The national view with 1,000 cities × 5 revisions: first paint and ``national cities --json``.

The store is filled straight through SQL (the importer's own speed is ``bench_national_import``):
``--cities`` cities, each with ``--revisions`` revisions of a Preliminary assessment (47 answers,
10 Essential scores per revision), in 25 regions of 3 countries; one city in 50 without
coordinates, one revision in 40 with every answer empty. Then, on SQLite (and PostgreSQL with
``--pg URL`` or ``RESILIENCE_TEST_PG``):

* ``national cities --json``: a fresh process per run, wall time to exit (interpreter start-up,
  imports, the SQL, JSON out), and the in-process ``list_cities`` + ``national_rollup`` times;
* the national view: a fresh GUI process per run (offscreen), from launch to the window's first
  paint with the view filled, and the part of it spent in ``open_national`` (SQL + tables + map).

    python benchmarks/bench_national_view.py [--cities 1000] [--revisions 5] [--runs 5] [--pg postgresql://…]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from _common import BENCH_DIR, REPO, isolated_env, machine, machine_line, summary, table, write_results

sys.path.insert(0, str(REPO))


def fill(url: str, cities: int, revisions: int, seed: int = 13) -> int:
    """Write the synthetic country into the store at ``url``; return the number of bundles."""
    from resilience_desktop.national import open_store
    from resilience_desktop.scorecard.registry import default_registry
    card = default_registry().get("preliminary")
    questions = [(q.id, q.essential) for q in card.active_questions]
    per_ess: dict[int, int] = {}
    for _q, e in questions:
        per_ess[e] = per_ess.get(e, 0) + 1
    rng = random.Random(seed)
    countries = ("KG", "KZ", "TJ")
    bundles, scores, answers, city_rows, logs = [], [], [], [], []
    for i in range(cities):
        cid, aid = str(uuid.uuid4()), str(uuid.uuid4())
        country = countries[i % 3]
        region = f"Region {i % 25:02d}"
        lon, lat = (None, None) if i % 50 == 7 else (66 + rng.random() * 14, 37 + rng.random() * 8)
        level = rng.random()
        for rev in range(1, revisions + 1):
            exported = f"{2022 + rev - (i % 3 == 0)}-{1 + i % 12:02d}-{1 + i % 27:02d}T10:00:00+00:00"
            empty = (i * revisions + rev) % 40 == 0
            pts = {}
            for q, e in questions:
                s = None if empty else min(3, max(0, round(rng.gauss(level * 3 * (0.6 + 0.1 * rev), 0.8))))
                answers.append((aid, rev, q, s, 0, "", "", ""))
                pts[e] = pts.get(e, 0) + (s or 0)
            total = sum(pts.values())
            bundles.append((aid, rev, uuid.uuid4().hex * 2, None, cid, "preliminary", 1, f"City {i} assessment",
                            "final", "2022-01-01", None, exported, "bench", exported, "bench", total,
                            3 * len(questions), "{}", "{}", "{}", "[]", None))
            for e, n in per_ess.items():
                scores.append((aid, rev, e, pts[e], 3 * n, 0 if empty else n, n))
            logs.append((str(uuid.uuid4()), exported, "bench", f"c{i}-r{rev}.zip", None, aid, rev, "imported", ""))
        city_rows.append((cid, f"City {i:04d}", country, region, 10_000 + i, 50.0, lon, lat, aid, revisions,
                          exported))
    with open_store(url) as store, store.transaction():
        store.executemany("INSERT INTO bundles (assessment_id, revision, sha256, previous_sha256, city_id, scorecard_id,"
                          " scorecard_version, title, status, started_on, completed_on, exported_at, exported_by,"
                          " imported_at, imported_by, points, max_points, assessment_json, city_json, scorecard_json,"
                          " changelog_json, risk_json) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", bundles)
        store.executemany("INSERT INTO essential_scores VALUES (?,?,?,?,?,?,?)", scores)
        store.executemany("INSERT INTO answers (assessment_id, revision, question_id, score, na, comment, verification,"
                          " responsible) VALUES (?,?,?,?,?,?,?,?)", answers)
        store.executemany("INSERT INTO cities (id, name, country, region, population, area_km2, lon, lat,"
                          " assessment_id, revision, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)", city_rows)
        store.executemany("INSERT INTO import_log VALUES (?,?,?,?,?,?,?,?,?)", logs)
    return len(bundles)


def time_cli(url: str, home: Path, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        r = subprocess.run([sys.executable, "-m", "resilience_desktop", "national", "cities", "--db", url, "--json"],
                           capture_output=True, text=True, env=isolated_env(home), cwd=REPO)
        out.append(time.perf_counter() - t)
        assert r.returncode == 0, r.stderr
        assert len(json.loads(r.stdout)) > 0
    return out


def time_in_process(url: str, runs: int) -> dict[str, list[float]]:
    from resilience_desktop.national import open_store
    from resilience_desktop.national.rollup import national_rollup
    from resilience_desktop.national.views import list_cities
    res: dict[str, list[float]] = {"list_cities": [], "national_rollup": []}
    with open_store(url) as store:
        for _ in range(runs):
            t = time.perf_counter()
            list_cities(store)
            res["list_cities"].append(time.perf_counter() - t)
            t = time.perf_counter()
            national_rollup(store)
            res["national_rollup"].append(time.perf_counter() - t)
    return res


def time_view(url: str, home: Path, runs: int) -> list[dict]:
    out = []
    for _ in range(runs):
        env = isolated_env(home, QT_QPA_PLATFORM="offscreen", BENCH_T0=repr(time.time()), BENCH_NATIONAL=url)
        env["BENCH_T0"] = repr(time.time())
        r = subprocess.run([sys.executable, str(BENCH_DIR / "_national_view_child.py")], capture_output=True,
                           text=True, env=env, cwd=BENCH_DIR, timeout=300)
        line = [x for x in r.stdout.splitlines() if x.startswith("{")]
        assert r.returncode == 0 and line, r.stderr[-2000:]
        data = json.loads(line[-1])
        out.append({"first_paint_s": data["phases"]["first_paint"], "open_national_s": data["extra"]["open_national_s"],
                    "cities": data["extra"]["cities"], "phases": data["phases"]})
    return out


def pg_database(base: str) -> tuple[str, callable]:
    import psycopg
    name = f"rd_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return urlunsplit(urlsplit(base)._replace(path="/" + name)), drop


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cities", type=int, default=1000)
    p.add_argument("--revisions", type=int, default=5)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--pg", default=os.environ.get("RESILIENCE_TEST_PG"), help="PostgreSQL server URL")
    args = p.parse_args()
    info = machine()
    print(machine_line(info))
    results: dict = {"machine": info, "cities": args.cities, "revisions": args.revisions, "backends": {}}
    with tempfile.TemporaryDirectory(prefix="rd-bench-national-") as tmp:
        home = Path(tmp) / "home"
        backends = [("sqlite", str(Path(tmp) / "national.db"), None)]
        if args.pg:
            url, drop = pg_database(args.pg)
            backends.append(("postgresql", url, drop))
        rows = []
        try:
            for name, url, _drop in backends:
                t = time.perf_counter()
                n = fill(url, args.cities, args.revisions)
                fill_s = time.perf_counter() - t
                cli = time_cli(url, home, args.runs)
                inproc = time_in_process(url, args.runs)
                view = time_view(url, home, args.runs)
                results["backends"][name] = {"bundles": n, "fill_s": fill_s, "cli_s": cli, "in_process_s": inproc,
                                             "view": view}
                paint = [v["first_paint_s"] for v in view]
                opened = [v["open_national_s"] for v in view]
                rows.append((name, n, f"{summary(cli)['p50']:.2f} (max {max(cli):.2f})",
                             f"{summary(inproc['list_cities'])['p50'] * 1000:.0f}",
                             f"{summary(inproc['national_rollup'])['p50'] * 1000:.0f}",
                             f"{summary(paint)['p50']:.2f} (max {max(paint):.2f})",
                             f"{summary(opened)['p50']:.2f}"))
        finally:
            for _name, _url, drop in backends:
                if drop:
                    drop()
    print(table(["store", "bundles", "cities --json s", "list_cities ms", "rollup ms", "view first paint s",
                 "open_national s"], rows))
    print("results:", write_results("bench_national_view", results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
