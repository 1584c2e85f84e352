"""Parallel `national import` processes on a fresh PostgreSQL database (issue 19).

Before: two importers started together on a new database died with ``UniqueViolation …
pg_type_typname_nsp_index`` (concurrent CREATE TABLE IF NOT EXISTS), and assessments sharing an
evidence file lost bundles to ``duplicate key … "blobs_pkey"``. Marked ``postgres``: they need a
server (RESILIENCE_TEST_PG); SQLite serialises writers and never had the problem, but the same
scenario runs on SQLite too.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from resilience_desktop.bundle.export import export_bundle
from resilience_desktop.national import open_store
from resilience_desktop.workspace.facade import Workspace

from .test_postgres import pg_url  # noqa: F401  (a fresh database per test)

CITIES = [("Алматы", 76.9, 43.25), ("Бишкек", 74.6, 42.87), ("Ош", 72.8, 40.53), ("Талас", 72.24, 42.52),
          ("Нарын", 76.0, 41.43), ("Каракол", 78.39, 42.49), ("Токмок", 75.3, 42.84), ("Балыкчы", 76.19, 42.46)]


def shared_evidence_bundles(folder: Path) -> list[Path]:
    """One bundle per city; every assessment carries the same evidence file (one blob)."""
    shared = folder / "национальный-план.pdf"
    shared.write_bytes(b"%PDF-1.4\n" + "общий план снижения риска\n".encode("utf-8") * 2000)
    out = []
    with Workspace.create(folder / "cities.rdw") as ws:
        for i, (name, lon, lat) in enumerate(CITIES):
            cid = ws.add_city(name, "KG", lon=lon, lat=lat, population=100_000 + i)
            aid = ws.new_assessment(cid, "preliminary", title=f"{name} 2026")
            first = ws.scorecard_of(aid).active_questions[0].id
            ws.set_answer(aid, first, score=2, comment="план утверждён")
            ws.add_evidence_file(aid, first, shared)
            out.append(export_bundle(ws, aid, folder / f"city-{i}.zip").path)
    return out


def _start(files: list[Path], db: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "resilience_desktop", "national", "import", *map(str, files),
                             "--db", db, "--json", "--create"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def _race(files: list[Path], db: str, processes: int) -> list[dict]:
    procs = [_start(files[i::processes], db) for i in range(processes)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [o[1] for o in outs] == [""] * processes  # not one traceback or error line
    assert [p.returncode for p in procs] == [0] * processes
    return [r for o in outs for r in json.loads(o[0])["results"]]


def _check(db: str, results: list[dict], n: int) -> None:
    assert sorted(r["outcome"] for r in results) == ["imported"] * n
    with open_store(db, create=False) as store:
        counts = store.counts()
        assert counts["bundles"] == n and counts["blobs"] == 1 and counts["cities"] == n


@pytest.mark.postgres
@pytest.mark.skipif(not os.environ.get("RESILIENCE_TEST_PG"), reason="RESILIENCE_TEST_PG is not set")
def test_parallel_first_use_and_shared_evidence_postgresql(tmp_path, pg_url):  # noqa: F811
    files = shared_evidence_bundles(tmp_path)
    _check(pg_url, _race(files, pg_url, 4), len(files))


@pytest.mark.postgres
@pytest.mark.skipif(not os.environ.get("RESILIENCE_TEST_PG"), reason="RESILIENCE_TEST_PG is not set")
def test_parallel_importers_on_an_existing_store_postgresql(tmp_path, pg_url):  # noqa: F811
    files = shared_evidence_bundles(tmp_path)
    open_store(pg_url, create=True).close()
    _check(pg_url, _race(files, pg_url, 3), len(files))


def test_parallel_first_use_and_shared_evidence_sqlite(tmp_path):
    files = shared_evidence_bundles(tmp_path)
    db = str(tmp_path / "national.db")
    _check(db, _race(files, db, 3), len(files))


def two_assessments_of_one_city(folder: Path) -> list[Path]:
    """Two new chains for one city from two copies of a workspace, each signed by its own city key
    (one copy of the same workspace would sign both with one key, and that key speaks for the city)."""
    import shutil
    import sqlite3
    first = folder / "one-city.rdw"
    with Workspace.create(first) as ws:
        cid = ws.add_city("Ош", "KG", lon=72.8, lat=40.53)
    second = folder / "copy-of-one-city.rdw"
    shutil.copyfile(first, second)
    out = []
    for path, year in ((first, 2025), (second, 2026)):
        with Workspace.open(path) as ws:
            aid = ws.new_assessment(cid, "preliminary", title=f"Ош {year}")
            out.append(export_bundle(ws, aid, folder / f"osh-{year}.zip").path)
    keys = set()
    for path in (first, second):
        with contextlib.closing(sqlite3.connect(path)) as conn:
            keys |= {r[0] for r in conn.execute("SELECT key_id FROM city_keys")}
    assert len(keys) == 2  # the premise: two different signing keys claim the city
    return out


def test_two_chains_claiming_one_city_one_after_the_other_sqlite(tmp_path):
    files = two_assessments_of_one_city(tmp_path)
    db = str(tmp_path / "national.db")
    outcomes = []
    for f in files:
        out = _start([f], db).communicate(timeout=120)
        assert out[1] == ""
        outcomes.append(json.loads(out[0])["results"][0]["outcome"])
    assert outcomes == ["imported", "held"]


@pytest.mark.postgres
@pytest.mark.skipif(not os.environ.get("RESILIENCE_TEST_PG"), reason="RESILIENCE_TEST_PG is not set")
def test_two_chains_claiming_one_new_city_at_once_postgresql(tmp_path, pg_url):  # noqa: F811
    """Both see an unclaimed city unless the claim is serialised: exactly one is applied, one held."""
    files = two_assessments_of_one_city(tmp_path)
    open_store(pg_url, create=True).close()
    procs = [_start([f], pg_url) for f in files]
    outs = [p.communicate(timeout=300) for p in procs]
    outcomes = sorted(json.loads(o[0])["results"][0]["outcome"] for o in outs)
    assert outcomes == ["held", "imported"], [o[1] for o in outs]
    with open_store(pg_url, create=False) as store:
        assert store.counts()["bundles"] == 1


@pytest.mark.postgres
@pytest.mark.skipif(not os.environ.get("RESILIENCE_TEST_PG"), reason="RESILIENCE_TEST_PG is not set")
def test_many_sessions_creating_the_schema_at_once_postgresql(pg_url):  # noqa: F811
    """Six sessions released together on a new database (threads: deterministic where two processes
    only sometimes overlap). Before the advisory lock all but one died on pg_type's unique index."""
    import threading
    barrier, errors = threading.Barrier(6), []

    def first_use() -> None:
        barrier.wait()
        try:
            open_store(pg_url, create=True).close()
        except Exception as exc:  # noqa: BLE001 (collected and shown)
            errors.append(f"{type(exc).__name__}: {exc}")
    threads = [threading.Thread(target=first_use) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []


@pytest.mark.postgres
@pytest.mark.skipif(not os.environ.get("RESILIENCE_TEST_PG"), reason="RESILIENCE_TEST_PG is not set")
def test_an_evidence_file_another_import_is_writing_postgresql(tmp_path, pg_url):  # noqa: F811
    """The blob race made deterministic: another session has inserted the shared evidence file and
    not yet committed; this import waits on it, then must not fail on ``blobs_pkey``."""
    import hashlib
    import threading
    import time

    import psycopg

    from resilience_desktop.national import import_bundle
    (bundle, *_rest) = shared_evidence_bundles(tmp_path)
    data = (tmp_path / "национальный-план.pdf").read_bytes()
    open_store(pg_url, create=True).close()
    holder = psycopg.connect(pg_url)  # a transaction is open from the first statement
    holder.execute("INSERT INTO blobs (sha256, size, data) VALUES (%s, %s, %s)",
                   (hashlib.sha256(data).hexdigest(), len(data), data))
    results = []

    def run() -> None:
        with open_store(pg_url, create=False) as store:
            results.append(import_bundle(store, bundle))
    t = threading.Thread(target=run)
    t.start()
    try:
        with psycopg.connect(pg_url, autocommit=True) as watch:
            for _ in range(600):  # until the import waits on the uncommitted row
                if watch.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                                 " AND wait_event_type = 'Lock'").fetchone()[0]:
                    break
                time.sleep(0.05)
            else:
                pytest.fail("the import never waited on the other session's evidence file")
    finally:
        holder.commit()
        holder.close()
        t.join(timeout=120)
    (r,) = results
    assert r.outcome == "imported", r.reason
    with open_store(pg_url, create=False) as store:
        assert store.counts()["blobs"] == 1 and store.counts()["bundles"] == 1


def test_many_importers_opening_a_new_sqlite_store_at_once(tmp_path):
    """Six openers released together on a new SQLite file, forty times. The first switch to write-ahead
    logging needs the file alone, and SQLite answered "database is locked" at once to the others (found in
    a full run of the suite: one of test_importer's three importers); about one opener in fifty failed."""
    import threading

    errors: list[str] = []

    def first_use(url: str, barrier: threading.Barrier) -> None:
        barrier.wait()
        try:
            open_store(url).close()
        except Exception as exc:  # noqa: BLE001 (collected and shown)
            errors.append(f"{type(exc).__name__}: {exc}")

    for run in range(40):
        barrier, url = threading.Barrier(6), f"sqlite:///{tmp_path / f'n{run}.db'}"
        threads = [threading.Thread(target=first_use, args=(url, barrier)) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    assert errors == []
