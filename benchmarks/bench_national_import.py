"""National import throughput: ``--n`` generated city bundles into SQLite and PostgreSQL.

Each bundle is a real bundle v1 of its own city: a *detailed*-level assessment with every
question answered (scores drawn at random), action items, one evidence file and a map layer of
``--features`` points (one GeoPackage). One template is exported by the app; each city's bundle
is then derived from it (new assessment UUID, city, scores) and re-bagged with fresh manifests,
so every import verifies checksums, schemas, scorecard ranges and the GeoPackage in full, and
writes every answer and every feature.

Each backend imports in a fresh child process (so its peak RSS is the importer's alone), with
``import_bundle`` called once per file, each its own transaction: bundles/s = n / wall time.
PostgreSQL is used when ``--pg URL`` (or ``RESILIENCE_TEST_PG``) is given: a fresh database is
created on that server and dropped afterwards.

    python benchmarks/bench_national_import.py [--n 1000] [--features 10000] [--pg postgresql://…]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from _common import REPO, machine, machine_line, table, write_results

sys.path.insert(0, str(REPO))


def make_template(folder: Path, features: int) -> Path:
    import numpy as np
    import pyogrio.raw
    import shapely

    from resilience_desktop.bundle import export_bundle
    from resilience_desktop.workspace.facade import Workspace
    rng = np.random.default_rng(7)
    pts = shapely.points(74.5 + rng.random(features) * 0.2, 42.8 + rng.random(features) * 0.1)
    src = folder / "buildings.gpkg"
    pyogrio.raw.write(str(src), shapely.to_wkb(pts), [np.arange(features), np.array(["house"] * features, dtype=object)],
                      ["id", "kind"], layer="buildings", driver="GPKG", geometry_type="Point", crs="EPSG:4326")
    with Workspace.create(folder / "t.rdw", user="bench") as ws:
        city = ws.add_city("Template", "KG", population=100_000, lon=74.6, lat=42.87)
        aid = ws.new_assessment(city, "detailed")
        card = ws.scorecard_of(aid)
        r = random.Random(1)
        with ws.batch():
            for q in card.active_questions:
                ws.set_answer(aid, q.id, score=r.randint(card.min_score, card.max_score), comment="generated",
                              verification="documents", responsible="City")
            for q in card.active_questions[:20]:
                ws.add_action(aid, q.id, "Generated action", responsible="City", timescale="1 year")
        note = folder / "plan.txt"
        note.write_text("plan\n")
        ws.add_evidence_file(aid, card.active_questions[0].id, note)
        ws.add_layer(src)
        return export_bundle(ws, aid, folder / "template.zip").path


def derive(template: Path, out_dir: Path, n: int) -> list[Path]:
    import zipfile

    from resilience_desktop.bundle.export import _bag, write_zip
    from resilience_desktop.bundle.format import canonical_json
    with zipfile.ZipFile(template) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    payload = {k: v for k, v in members.items() if k.startswith("data/")}
    ident = json.loads(members["bundle.json"])
    a = json.loads(payload["data/assessment.json"])
    city = json.loads(payload["data/city.json"])
    scores = sorted({x["score"] for x in a["answers"]})
    out = []
    r = random.Random(2)
    for i in range(n):
        aid, cid = str(uuid.UUID(int=r.getrandbits(128), version=4)), f"city-{i:05d}"
        a2 = {**a, "id": aid, "city_id": cid, "title": f"City {i} detailed assessment",
              "answers": [{**x, "score": r.choice(scores)} for x in a["answers"]]}
        c2 = {**city, "id": cid, "name": f"City {i:05d}", "lon": 60 + r.random() * 20, "lat": 38 + r.random() * 10}
        p2 = {**payload, "data/assessment.json": canonical_json(a2), "data/city.json": canonical_json(c2)}
        i2 = {**ident, "assessment_id": aid, "city_id": cid}
        path = out_dir / f"city-{i:05d}.zip"
        write_zip(_bag(p2, i2), path)
        out.append(path)
    return out


def child(url: str, folder: Path) -> None:
    from resilience_desktop.national import import_bundle, open_store
    files = sorted(folder.glob("city-*.zip"))
    t0 = time.perf_counter()
    outcomes: dict[str, int] = {}
    with open_store(url) as store:
        for f in files:
            o = import_bundle(store, f).outcome
            outcomes[o] = outcomes.get(o, 0) + 1
        features = store.query("SELECT COUNT(*) AS n FROM features")[0]["n"]
    wall = time.perf_counter() - t0
    print(json.dumps({"n": len(files), "wall_s": wall, "bundles_per_s": len(files) / wall, "outcomes": outcomes,
                      "features": int(features),
                      "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def run_child(url: str, folder: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", url, str(folder)], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--features", type=int, default=10_000)
    ap.add_argument("--pg", default=os.environ.get("RESILIENCE_TEST_PG"), help="a PostgreSQL server URL")
    ap.add_argument("--child", nargs=2, metavar=("URL", "DIR"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return 0
    info = machine()
    print(machine_line(info))
    tmp = Path(tempfile.mkdtemp(prefix="rd-bench-national-"))
    os.environ["HOME"] = str(tmp)
    for var in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        os.environ[var] = str(tmp / var.lower())
    try:
        t0 = time.perf_counter()
        template = make_template(tmp, args.features)
        files = derive(template, tmp, args.n)
        gen = time.perf_counter() - t0
        size = sum(f.stat().st_size for f in files) / len(files) / 2**20
        print(f"generated {args.n} bundles ({size:.2f} MiB each, {args.features} features) in {gen:.1f} s")
        results = {"sqlite": run_child(f"sqlite:///{tmp}/national.db", tmp)}
        results["sqlite"]["db_mib"] = (tmp / "national.db").stat().st_size / 2**20
        if args.pg:
            import psycopg
            from urllib.parse import urlsplit, urlunsplit
            name = f"rd_bench_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(args.pg, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
            try:
                results["postgresql"] = run_child(urlunsplit(urlsplit(args.pg)._replace(path="/" + name)), tmp)
            finally:
                with psycopg.connect(args.pg, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        print(table(["store", "bundles", "wall s", "bundles/s", "peak RSS MiB", "features", "outcomes"],
                    [(k, v["n"], round(v["wall_s"], 1), round(v["bundles_per_s"], 1), round(v["peak_rss_mib"]),
                      v["features"], json.dumps(v["outcomes"])) for k, v in results.items()]))
        write_results("bench_national_import", {"machine": info, "n": args.n, "features": args.features,
                                                "bundle_mib": size, "generate_s": gen, "results": results})
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
