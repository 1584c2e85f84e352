"""The national importer on SQLite: idempotency, conflicts, history, gaps, logging, summary, export."""

from __future__ import annotations

import csv
import io
import json

import pytest

from resilience_desktop.bundle import export_bundle
from resilience_desktop.errors import NationalStoreError
from resilience_desktop.national import city_summary, import_bundle, open_store, write_cities_gpkg
from resilience_desktop.workspace.facade import Workspace

from ..bundle.helpers import edit_json, rebag, small_workspace
from ..fixtures import run_cli
from .roundtrip import check_round_trip


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "national.db")
    yield s
    s.close()


@pytest.fixture
def revisions(tmp_path, mini_registry):
    """Three revisions of one assessment (a score changes between them)."""
    path, aid = small_workspace(tmp_path, mini_registry)
    out = []
    with Workspace.open(path, registry=mini_registry) as ws:
        for i, score in enumerate((1, 2, 3), 1):
            ws.set_answer(aid, "P3.1", score=score)
            out.append(export_bundle(ws, aid, tmp_path / f"r{i}.zip").path)
    return out


def test_round_trip_sqlite(demo_path, tmp_path, store, registry):
    check_round_trip(demo_path, tmp_path, store, registry)


def test_same_key_other_content_is_a_conflict(small_bundle, tmp_path, store, mini_registry, monkeypatch):
    assert import_bundle(store, small_bundle, registry=mini_registry).outcome == "imported"
    before = store.counts()
    other = rebag(small_bundle, tmp_path / "other.zip", edit_json("data/assessment.json", lambda a: a.update(title="Other")))
    r = import_bundle(store, other, registry=mini_registry)
    assert r.outcome == "conflict" and "different content" in r.reason
    assert store.counts() == before
    assert store.query("SELECT title FROM bundles")[0]["title"] == "Testgrad 2026"
    from ..fixtures import SCORECARDS_DIR
    monkeypatch.setenv("RESILIENCE_SCORECARDS", str(SCORECARDS_DIR))  # the CLI knows the 'mini' scorecard
    r = run_cli("--lang", "ru", "national", "import", other, "--db", tmp_path / "national.db")
    line = r.stdout.strip().replace(str(tmp_path) + "/", "")  # a re-trial: «конфликт (редакция 1): конфликт: …», the word twice
    assert r.returncode == 2 and line.startswith("other.zip (редакция 1): конфликт") and line.count("конфликт") == 1, line


def test_older_revision_is_kept_but_never_replaces_the_latest(revisions, store, mini_registry):
    r1, r2, r3 = revisions
    assert import_bundle(store, r2, registry=mini_registry).warnings == ["revision gap: revision 1 not received yet"]
    assert import_bundle(store, r3, registry=mini_registry).warnings == []
    old = import_bundle(store, r1, registry=mini_registry)
    assert old.outcome == "imported" and "older than revision 3" in old.warnings[0]
    assert store.query("SELECT revision FROM cities")[0]["revision"] == 3
    assert [r["revision"] for r in store.query("SELECT revision FROM bundles ORDER BY revision")] == [1, 2, 3]
    assert city_summary(store)[0]["revision"] == 3
    assert store.query("SELECT score FROM answers WHERE revision = 3 AND question_id = 'P3.1'")[0]["score"] == 3


def test_gap_in_an_existing_chain_is_held_until_filled(revisions, store, mini_registry):
    """Issue 19: a revision that cannot be checked against its chain is held, not made the latest; once
    the missing revision comes it can be checked, and goes in without a person (a trial found it stayed
    held)."""
    from resilience_desktop.national.review import list_pending
    r1, r2, r3 = revisions
    import_bundle(store, r1, registry=mini_registry)
    before = store.counts()
    held = import_bundle(store, r3, registry=mini_registry)
    assert held.outcome == "held" and "with revision 2 missing" in held.reason and not held.ok
    assert store.counts() == before and store.query("SELECT revision FROM cities")[0]["revision"] == 1
    assert [p["revision"] for p in list_pending(store)] == [3]
    filled = import_bundle(store, r2, registry=mini_registry, who="operator")
    assert filled.outcome == "imported" and filled.warnings == [
        "r3.zip (revision 3), held for review, is imported: the revisions it waited for have come"]
    assert store.query("SELECT revision FROM cities")[0]["revision"] == 3
    assert list_pending(store) == [] and list_pending(store, include_decided=True)[0]["decided_by"] == "operator"


def test_rejection_writes_nothing_but_the_log(small_bundle, tmp_path, store, mini_registry):
    bad = rebag(small_bundle, tmp_path / "bad.zip", edit_json("data/assessment.json", lambda a: a["answers"][0].update(score=9)))
    r = import_bundle(store, bad, registry=mini_registry)
    assert r.outcome == "rejected" and "outside 0..3" in r.reason and "\n" not in r.reason
    assert set(store.counts().values()) == {0}
    log = store.query("SELECT outcome, file_name, file_sha256, who, message FROM import_log")
    assert log[0]["outcome"] == "rejected" and log[0]["file_name"] == "bad.zip" and log[0]["who"] == "tester"


def test_failure_inside_the_transaction_rolls_everything_back(small_bundle, store, mini_registry, monkeypatch):
    import resilience_desktop.national.importer as imp
    monkeypatch.setattr(imp, "_insert_layers", lambda *a: (_ for _ in ()).throw(ValueError("disk trouble")))
    r = import_bundle(store, small_bundle, registry=mini_registry)
    assert r.outcome == "rejected" and "disk trouble" in r.reason
    assert set(store.counts().values()) == {0}


def test_not_a_national_store(tmp_path):
    f = tmp_path / "x.db"
    f.write_text("hello")
    with pytest.raises(NationalStoreError):
        open_store(f)
    with pytest.raises(NationalStoreError):
        open_store("mysql://x")


def test_sqlite_url_forms(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    open_store("sqlite:///rel.db").close()
    open_store(f"sqlite:///{tmp_path}/abs.db").close()
    assert (tmp_path / "rel.db").exists() and (tmp_path / "abs.db").exists()


def test_cities_geopackage(small_bundle, tmp_path, store, mini_registry):
    import pyogrio
    import_bundle(store, small_bundle, registry=mini_registry)
    out = tmp_path / "cities.gpkg"
    assert write_cities_gpkg(store, out) == 1
    info = pyogrio.read_info(out)
    assert info["features"] == 1 and info["geometry_type"] == "Point" and "e1" in list(info["fields"])
    raw = pyogrio.raw.read(out)
    _meta, fields = raw[0], raw[3]
    names = list(_meta["fields"])
    assert fields[names.index("city")][0] == "Testgrad" and int(fields[names.index("e1")][0]) == 3


def test_cli_national(small_bundle, tmp_path):
    db = tmp_path / "n.db"
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"junk")
    r = run_cli("national", "import", small_bundle, bad, "--db", f"sqlite:///{db}", "--json", "--create")
    assert r.returncode == 2
    results = json.loads(r.stdout)["results"]
    # the mini scorecard is not in the default registry: a national server rejects it as unknown
    assert [x["outcome"] for x in results] == ["rejected", "rejected"]
    assert "unknown scorecard 'mini'" in results[0]["reason"]
    r = run_cli("national", "summary", "--db", db, "--json")  # both refused: --create made no empty store
    assert r.returncode == 2 and "no national store" in r.stderr


def test_cli_national_with_demo(demo_path, tmp_path):
    with Workspace.open(demo_path, read_only=True) as ws:
        aid = ws.list_assessments()[-1].id
    b = tmp_path / "d.zip"
    assert run_cli("bundle", "export", aid, "-o", b, "--workspace", demo_path).returncode == 0
    db = tmp_path / "n.db"
    r = run_cli("national", "import", b, "--db", db, "--json", "--create")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["results"][0]["outcome"] == "imported"
    r = run_cli("national", "import", b, "--db", db)
    assert r.returncode == 0 and "d.zip: already imported (revision 1)" in r.stdout  # words, not the JSON code
    r = run_cli("--lang", "ru", "national", "import", b, "--db", db)
    assert "d.zip: уже импортирован (редакция 1)" in r.stdout
    r = run_cli("national", "summary", "--db", db, "--csv")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert rows[0]["city"] == "Jasyl-Dala" and rows[0]["revision"] == "1" and "E10" in rows[0]
    assert not r.stdout.startswith("\ufeff")
    r = run_cli("national", "summary", "--db", db, "--csv", "--csv-separator", "semicolon")  # > summary.csv for Excel
    assert r.stdout.startswith("\ufeff")  # without it, Excel reads the city names in the system's code page
    [excel] = list(csv.DictReader(io.StringIO(r.stdout[1:]), delimiter=";"))
    assert excel == rows[0]
    # a separator for no CSV at all was ignored in silence (a trial's finding): one sentence saying what it needs
    r = run_cli("national", "summary", "--db", db, "--csv-separator", "semicolon")
    assert r.returncode == 2 and "--csv-separator applies only when a CSV is written (--csv)" in r.stderr
    assert r.stdout == ""
    r = run_cli("national", "e2", "--db", db, "-o", tmp_path / "e2.xlsx", "--csv-separator", "semicolon")
    assert r.returncode == 2 and "(-o FILE.csv)" in r.stderr and not (tmp_path / "e2.xlsx").exists()
    r = run_cli("national", "export", "--db", db, "-o", tmp_path / "cities.gpkg", "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["cities"] == 1
    # a trial's: a GeoPackage written under a .shp name; a date that is none listed "no cities imported yet"
    r = run_cli("national", "export", "--db", db, "-o", tmp_path / "cities.shp")
    assert r.returncode == 2 and "name it .gpkg" in r.stderr and not (tmp_path / "cities.shp").exists()
    for since in ("2026-13-01", "yesterday"):
        r = run_cli("national", "cities", "--db", db, "--since", since, "--lang", "ru")  # --lang after the command
        assert r.returncode == 2 and f"не дата в виде ГГГГ-ММ-ДД: '{since}'" in r.stderr, r.stderr
    r = run_cli("national", "cities", "--db", db, "--since", "2999-01-01")
    assert r.returncode == 0 and r.stdout.strip() == "no city matches these filters"
    r = run_cli("layer", "info", "--lang", "ru", tmp_path / "cities.gpkg")  # --lang after any command
    assert r.returncode == 0 and "объект" in r.stdout, r.stderr


def test_parallel_importers_wait_instead_of_failing(demo_path, tmp_path):
    """Three processes importing into one SQLite store at once: no "database is locked"."""
    import subprocess
    import sys
    with Workspace.open(demo_path) as ws:
        files = [export_bundle(ws, a.id, tmp_path / f"{i}.zip").path for i, a in enumerate(ws.list_assessments())]
    db = tmp_path / "n.db"
    procs = [subprocess.Popen([sys.executable, "-m", "resilience_desktop", "national", "import", str(f),
                               "--db", str(db), "--json", "--create"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for f in files]
    outs = [p.communicate(timeout=120) for p in procs]
    assert all(o[1] == "" for o in outs), [o[1] for o in outs]
    outcomes = [json.loads(o[0])["results"][0]["outcome"] for o in outs]
    # the demo has two assessments of one city: whichever arrives second is a new chain claiming that
    # city, but signed by the same workspace's city key as the first, so it is applied, not held
    assert outcomes == ["imported"] * 3
    assert [p.returncode for p in procs] == [0, 0, 0]
    from resilience_desktop.national.review import list_pending
    with open_store(db) as store:
        assert store.counts()["bundles"] == len(files) == 3
        assert list_pending(store) == []
        assert len(city_summary(store)) == 2


def test_a_second_city_of_the_same_name_is_said_and_unanswered_essentials_are_empty(tmp_path, store, mini_registry):
    """Two workspaces that each added «Testgrad» send two cities: imported (they may be two), and said, since one
    city counted twice splits the country's figures. An Essential with no answer is an empty cell in the summary
    CSV and the GeoPackage, not a 0 a map colours as the worst score."""
    import pyogrio
    from resilience_desktop.national import summary_csv
    bundles = []
    for name in ("one", "two"):
        folder = tmp_path / name
        folder.mkdir()
        path, aid = small_workspace(folder, mini_registry)
        with Workspace.open(path, registry=mini_registry) as ws:
            bundles.append(export_bundle(ws, aid, folder / "b.zip").path)
    first = import_bundle(store, bundles[0], registry=mini_registry)
    assert first.outcome == "imported" and first.warnings == []
    (first_city,) = [r["id"] for r in store.query("SELECT id FROM cities")]
    second = import_bundle(store, bundles[1], registry=mini_registry)
    assert second.outcome == "imported"
    assert any(f"another city named Testgrad (KG, North) is already in the store as {first_city}" in w
               for w in second.warnings), second.warnings
    assert import_bundle(store, bundles[1], registry=mini_registry).warnings == []   # said once, not on every copy

    rows = city_summary(store)
    unanswered = [n for n, e in rows[0]["essentials"].items() if not e["answered"]]
    assert unanswered, rows[0]["essentials"]
    table = list(csv.DictReader(io.StringIO(summary_csv(rows))))
    assert all(t[f"E{n}"] == "" and t[f"E{n}_max"] != "" for t in table for n in unanswered)
    assert table[0]["E1"] == "3"
    out = tmp_path / "cities.gpkg"
    write_cities_gpkg(store, out)
    meta, fields = pyogrio.raw.read(out)[0], pyogrio.raw.read(out)[3]
    names = list(meta["fields"])
    column = fields[names.index(f"e{unanswered[0]}")]
    assert all(v != v for v in column)   # NaN: a null in QGIS


def test_an_essential_answered_only_not_applicable_has_no_percent(tmp_path, store, mini_registry):
    """E5 has one question N/A and the other not answered: nothing in it carries a score, so the national
    views show "—" for it (they showed a red 0 % and pulled the national minimum to 0), while E2, answered
    0, stays 0 %. A store made before the `na` column gets it on its next open."""
    from resilience_desktop.national import summary_csv
    from resilience_desktop.national.views import list_cities
    path, aid = small_workspace(tmp_path, mini_registry)
    with Workspace.open(path, registry=mini_registry) as ws:
        ws.set_answer(aid, "P5.1", na=True)
        bundle = export_bundle(ws, aid, tmp_path / "b.zip").path
    assert import_bundle(store, bundle, registry=mini_registry).ok
    (city,) = list_cities(store)
    assert city["essentials"][4] is None and city["essentials"][1] == 0.0 and city["essentials"][0] == 100.0
    (row,) = list(csv.DictReader(io.StringIO(summary_csv(city_summary(store)))))
    assert row["E5"] == "" and row["E2"] == "0"


def test_a_store_made_before_the_na_column_gets_it(tmp_path):
    import sqlite3
    path = tmp_path / "old.db"
    open_store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE essential_scores DROP COLUMN na")  # as stores were made before this session
    conn.commit()
    conn.close()
    store = open_store(path, create=False)
    try:
        assert "na" in {r["name"] for r in store.query("PRAGMA table_info(essential_scores)")}
    finally:
        store.close()


def test_a_create_whose_every_file_is_refused_leaves_no_empty_store(tmp_path, small_bundle, mini_registry, monkeypatch):
    """`national import WRONG --db new.db --create` made an empty store beside the real one when every file
    was refused (a mistyped path, a workbook for a bundle): bad input changes nothing."""
    from ..fixtures import SCORECARDS_DIR
    monkeypatch.setenv("RESILIENCE_SCORECARDS", str(SCORECARDS_DIR))
    wrong = tmp_path / "book.xlsx"
    wrong.write_bytes(b"PK\x05\x06" + b"\0" * 18)  # an empty zip
    db = tmp_path / "new.db"
    r = run_cli("national", "import", wrong, "--db", db, "--create")
    assert r.returncode == 2 and f"no national store was made at {db}" in r.stdout, r.stdout
    assert not any(p.name.startswith("new.db") for p in tmp_path.iterdir())  # no store, journal or backups
    r = run_cli("national", "import", wrong, small_bundle, "--db", db, "--create", "--json")
    assert r.returncode == 2 and db.exists()  # one imported: the store is made and kept
    assert [x["outcome"] for x in json.loads(r.stdout)["results"]] == ["rejected", "imported"]
