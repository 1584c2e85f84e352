"""The national store on a real PostgreSQL server (RESILIENCE_TEST_PG, a URL; skipped when unset).

Each test gets a fresh database on that server, dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest

from resilience_desktop.national import city_summary, import_bundle, open_store

from ..bundle.helpers import edit_json, rebag
from .roundtrip import check_round_trip

pytestmark = [pytest.mark.postgres,
              pytest.mark.skipif(not os.environ.get("RESILIENCE_TEST_PG"), reason="RESILIENCE_TEST_PG is not set")]


@pytest.fixture
def pg_url():
    import psycopg
    base = os.environ["RESILIENCE_TEST_PG"]
    name = f"rd_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(base)
    yield urlunsplit(parts._replace(path="/" + name))
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_store(pg_url):
    s = open_store(pg_url)
    yield s
    s.close()


def test_round_trip_postgresql(demo_path, tmp_path, pg_store, registry):
    assert pg_store.kind == "postgresql"
    check_round_trip(demo_path, tmp_path, pg_store, registry)


def test_conflict_and_rejection_write_nothing(small_bundle, tmp_path, pg_store, mini_registry):
    assert import_bundle(pg_store, small_bundle, registry=mini_registry).outcome == "imported"
    before = pg_store.counts()
    other = rebag(small_bundle, tmp_path / "o.zip", edit_json("data/assessment.json", lambda a: a.update(title="Other")))
    assert import_bundle(pg_store, other, registry=mini_registry).outcome == "conflict"
    bad = rebag(small_bundle, tmp_path / "b.zip", edit_json("data/assessment.json", lambda a: a["answers"][0].update(score=9)))
    assert import_bundle(pg_store, bad, registry=mini_registry).outcome == "rejected"
    assert pg_store.counts() == before
    assert [r["outcome"] for r in pg_store.query("SELECT outcome FROM import_log ORDER BY at")] == [
        "imported", "conflict", "rejected"]


def test_failure_mid_import_rolls_back(small_bundle, pg_store, mini_registry, monkeypatch):
    import resilience_desktop.national.importer as imp
    monkeypatch.setattr(imp, "_insert_layers", lambda *a: (_ for _ in ()).throw(ValueError("boom")))
    assert import_bundle(pg_store, small_bundle, registry=mini_registry).outcome == "rejected"
    assert set(pg_store.counts().values()) == {0}
    monkeypatch.undo()
    assert import_bundle(pg_store, small_bundle, registry=mini_registry).outcome == "imported"
    assert city_summary(pg_store)[0]["city"] == "Testgrad"


def test_reopening_keeps_the_data(small_bundle, pg_url, mini_registry):
    with open_store(pg_url) as s:
        import_bundle(s, small_bundle, registry=mini_registry)
    with open_store(pg_url) as s:
        assert s.counts()["bundles"] == 1
        assert import_bundle(s, small_bundle, registry=mini_registry).outcome == "already_imported"
