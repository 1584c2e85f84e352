"""Forward migrations of the workspace schema (resilience_desktop/store/schema.py).

``tests/data/workspaces/v1.rdw`` is a frozen workspace of schema version 1 (see ``make_v1.py``
beside it); it must keep opening, with everything in it, for as long as the app exists.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from resilience_desktop.errors import WorkspaceError
from resilience_desktop.store import schema
from resilience_desktop.store import APPLICATION_ID, SCHEMA_VERSION, backups_dir, create_database, migrate
from resilience_desktop.store.schema import MIGRATIONS
from resilience_desktop.workspace.facade import Workspace

from ..fixtures import WORKSPACES_DIR, sha256_file

V1 = WORKSPACES_DIR / "v1.rdw"
CITY = "00000000-0000-4000-8000-00000000c171"
ASSESSMENT = "00000000-0000-4000-8000-0000000a55e5"


def _pragma(path: Path, name: str) -> int:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        conn.close()


def _signature(conn: sqlite3.Connection) -> dict:
    """The shape of a schema: columns of every table, indexes with their columns, triggers."""
    out: dict = {}
    for kind, name, table in conn.execute(
            "SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"):
        if kind == "table":
            out[name] = [tuple(r) for r in conn.execute(f"PRAGMA table_info({name})")]
            out[name + " fks"] = sorted(tuple(r)[2:5] for r in conn.execute(f"PRAGMA foreign_key_list({name})"))
        elif kind == "index":
            out[name] = (table, [r[2] for r in conn.execute(f"PRAGMA index_info({name})")])
        else:
            out[name] = (kind, table)
    return out


@pytest.fixture
def v1_copy(tmp_path) -> Path:
    """A copy of the frozen v1 workspace (the fixture itself is never opened for writing)."""
    return Path(shutil.copy(V1, tmp_path / "v1.rdw"))


@pytest.fixture(scope="module")
def fresh_signature(tmp_path_factory) -> dict:
    db = create_database(tmp_path_factory.mktemp("fresh") / "fresh.rdw")
    try:
        return _signature(db.conn)
    finally:
        db.close()


# ------------------------------------------------------------------ the frozen v1 workspace
def test_frozen_v1_fixture_is_what_it_claims():
    # Frozen: regenerating it (make_v1.py --force) would hide exactly the breakage it guards against.
    assert sha256_file(V1) == "57aa82c5a71557ea44b47e5a954d234dfe502bb85de84f948903f4e57df652ab"
    assert V1.stat().st_size < 64 * 1024
    assert _pragma(V1, "user_version") == 1
    assert _pragma(V1, "application_id") == APPLICATION_ID


def test_opening_v1_migrates_it_and_keeps_everything(v1_copy, mini_registry, fresh_signature):
    with Workspace.open(v1_copy, registry=mini_registry) as ws:
        assert ws._db.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert _signature(ws._db.conn) == fresh_signature

        (city,) = ws.list_cities()
        assert (city.id, city.name, city.country, city.region, city.population, city.area_km2,
                city.lon, city.lat) == (CITY, "Frozenville", "KG", "Old region", 54321, 87.5, 74.5, 42.8)
        (a,) = ws.list_assessments()
        assert (a.id, a.city, a.scorecard_id, a.scorecard_version, a.title, a.status, a.started_on, a.team) == (
            ASSESSMENT, "Frozenville", "frozen", 1, "Frozenville 2025", "in_progress", "2025-03-01",
            ("A. Tester", "Б. Тестова"))

        answers = ws.answers(ASSESSMENT)
        assert {q: (x.score, x.na, x.comment) for q, x in answers.items()} == {
            "P1.1": (2, False, "mostly in place"), "P1.2": (None, True, "no coastline"),
            "P2.1": (0, False, "nothing yet")}
        assert (answers["P1.1"].verification, answers["P1.1"].responsible, answers["P1.1"].updated_by) == (
            "plan and minutes", "Emergency Department", "v1user")
        assert answers["P1.1"].data_sources == ""        # the column version 2 added

        # The definition travels inside the workspace: not in any registry, still readable.
        card = ws.scorecard_of(ASSESSMENT)
        assert card.question("P2.1").levels[3] == {"en": "P2.1 level 3"}
        score = ws.score(ASSESSMENT)
        assert (score.points, score.max, score.answered, score.questions) == (2, 6, 3, 3)

        files = {e.kind: e for e in ws.list_evidence(ASSESSMENT)}
        assert (files["file"].name, files["file"].size) == ("plan.txt", len(ws.evidence_data(files["file"].id)))
        assert ws.evidence_data(files["file"].id).decode("utf-8").startswith("Frozenville DRR plan")
        assert files["link"].url == "https://example.org/frozenville/plan"
        assert [(x.action, x.status) for x in ws.list_actions(ASSESSMENT)] == [("Commission a hazard map", "open")]

        log = ws.history()
        assert [(c.seq, c.who, c.field, c.new_value) for c in log[:5]] == [
            (1, "v1user", "created", '{"name": "Frozenville"}'),
            (2, "v1user", "created", '{"scorecard": "frozen@1"}'),
            (3, "v1user", "score", "2"), (4, "v1user", "score", "N/A"), (5, "v1user", "score", "0")]
        assert len(log) == 6

        # What version 2 added works on the migrated file, and the log keeps appending.
        ws.set_answer(ASSESSMENT, "P1.1", score=3, data_sources="census 2020")
        ws.set_stakeholder_score(ASSESSMENT, "P1.1", "Red Crescent", score=1)
        assert ws.answer(ASSESSMENT, "P1.1").data_sources == "census 2020"
        assert [s.score for s in ws.stakeholder_scores(ASSESSMENT, "P1.1")] == [1]
        assert [c.seq for c in ws.history()] == list(range(1, 10))
    assert _pragma(v1_copy, "user_version") == SCHEMA_VERSION


def test_backup_taken_before_migrating_holds_the_old_version(v1_copy):
    Workspace.open(v1_copy).close()
    (backup,) = backups_dir(v1_copy).iterdir()
    assert _pragma(backup, "user_version") == 1
    conn = sqlite3.connect(f"{backup.as_uri()}?mode=ro", uri=True)
    assert conn.execute("SELECT name FROM cities").fetchall() == [("Frozenville",)]
    assert conn.execute("SELECT count(*) FROM answers").fetchone()[0] == 3
    conn.close()


def test_old_version_cannot_be_opened_read_only_and_is_left_unchanged(v1_copy):
    before = sha256_file(v1_copy)
    with pytest.raises(WorkspaceError, match="older workspace format"):
        Workspace.open(v1_copy, read_only=True)
    assert sha256_file(v1_copy) == before


# ------------------------------------------------------------------ every earlier version
def _build_at(path: Path, version: int) -> None:
    """A workspace file at schema ``version`` holding a city, an assessment and an answer."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        migrate(conn, to_version=version)
        if version >= 1:   # columns of version 1; later migrations only add
            conn.execute("INSERT INTO scorecards VALUES ('s', 1, '{}')")
            conn.execute("INSERT INTO cities (id, name, country, created_at, updated_at)"
                         " VALUES ('c1', 'Oldtown', 'UZ', 't', 't')")
            conn.execute("INSERT INTO assessments (id, city_id, scorecard_id, scorecard_version, title,"
                         " created_at, updated_at) VALUES ('a1', 'c1', 's', 1, 'Old', 't', 't')")
            conn.execute("INSERT INTO answers (id, assessment_id, question_id, score, comment, updated_by,"
                         " updated_at) VALUES ('x1', 'a1', 'P1.1', 2, 'kept', 'old', 't')")
            conn.execute("INSERT INTO change_log (id, at, who, entity, entity_id, field, new_value)"
                         " VALUES ('l1', 't', 'old', 'answer', 'P1.1', 'score', '2')")
    finally:
        conn.close()


@pytest.mark.parametrize("start", range(SCHEMA_VERSION))
def test_migrate_from_every_earlier_version(tmp_path, start, fresh_signature):
    path = tmp_path / f"v{start}.rdw"
    _build_at(path, start)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == start
        assert migrate(conn) == start
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert _signature(conn) == fresh_signature
        if start >= 1:
            assert conn.execute("SELECT score, comment FROM answers WHERE id = 'x1'").fetchall() == [(2, "kept")]
            assert conn.execute("SELECT name FROM cities").fetchall() == [("Oldtown",)]
            assert conn.execute("SELECT who, new_value FROM change_log").fetchall() == [("old", "2")]
        assert migrate(conn) == SCHEMA_VERSION      # a second run does nothing
    finally:
        conn.close()


@pytest.mark.parametrize("start", range(1, SCHEMA_VERSION))
def test_open_database_migrates_every_earlier_workspace_version(tmp_path, start):
    path = tmp_path / f"v{start}.rdw"
    _build_at(path, start)
    with Workspace.open(path) as ws:
        assert [c.name for c in ws.list_cities()] == ["Oldtown"]
        assert ws.answer("a1", "P1.1").score == 2
    assert _pragma(path, "user_version") == SCHEMA_VERSION


@pytest.mark.parametrize("version", range(SCHEMA_VERSION))
def test_each_migration_moves_exactly_one_version(version):
    conn = sqlite3.connect(":memory:", isolation_level=None)
    migrate(conn, to_version=version)
    migrate(conn, to_version=version + 1)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == version + 1
    conn.close()


def test_schema_version_counts_the_migrations():
    assert SCHEMA_VERSION == len(MIGRATIONS) >= 2


# ------------------------------------------------------------------ all or nothing
def _fail_after_last(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the newest migration do its work and then fail."""
    real = MIGRATIONS[-1]

    def broken(conn: sqlite3.Connection) -> None:
        real(conn)
        raise RuntimeError("migration failed half-way")
    monkeypatch.setattr(schema, "MIGRATIONS", [*MIGRATIONS[:-1], broken])


@pytest.mark.parametrize("start", range(SCHEMA_VERSION))
def test_failing_migration_rolls_back_completely(tmp_path, monkeypatch, start):
    path = tmp_path / "w.rdw"
    _build_at(path, start)
    conn = sqlite3.connect(path, isolation_level=None)
    before = _signature(conn)
    _fail_after_last(monkeypatch)
    with pytest.raises(RuntimeError, match="half-way"):
        migrate(conn)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == start
    assert _signature(conn) == before
    if start >= 1:
        assert conn.execute("SELECT score, comment FROM answers").fetchall() == [(2, "kept")]
    conn.close()


def test_failing_migration_on_open_leaves_the_workspace_usable(v1_copy, monkeypatch):
    _fail_after_last(monkeypatch)
    with pytest.raises(RuntimeError):
        Workspace.open(v1_copy)
    assert _pragma(v1_copy, "user_version") == 1
    monkeypatch.undo()
    with Workspace.open(v1_copy) as ws:           # not locked, not damaged: the fixed app opens it
        assert ws.answer(ASSESSMENT, "P1.1").score == 2


# ------------------------------------------------------------------ the frozen v2 workspace
V2 = WORKSPACES_DIR / "v2.rdw"


def test_frozen_v2_fixture_is_what_it_claims():
    assert _pragma(V2, "user_version") == 2
    assert _pragma(V2, "application_id") == APPLICATION_ID
    assert sha256_file(V2) == "89d8ce2269ef357a1f6ec6214da0d8b8ddcdd1c323c4ad85e85c26cdfa41768c"


def test_opening_v2_migrates_it_and_keeps_workshop_data(tmp_path, mini_registry, fresh_signature):
    path = Path(shutil.copy(V2, tmp_path / "v2.rdw"))
    with Workspace.open(path, registry=mini_registry) as ws:
        assert ws.answer(ASSESSMENT, "P1.1").data_sources == "City archive, 2024"
        assert ws.answer(ASSESSMENT, "P1.1").score == 2
        proposals = {s.stakeholder: (s.score, s.note) for s in ws.stakeholder_scores(ASSESSMENT, "P1.1")}
        assert proposals == {"Water utility": (1, "plan not funded"),
                             "Ministry of Emergency Situations": (2, "adopted")}
        assert [e.name for e in ws.list_evidence(ASSESSMENT, "P1.1")] == ["plan.txt", "Published plan"]
        assert _signature(ws._db.conn) == fresh_signature
    assert _pragma(path, "user_version") == SCHEMA_VERSION


# ------------------------------------------------------------------ the frozen v3 workspace
V3 = WORKSPACES_DIR / "v3.rdw"


def test_frozen_v3_fixture_is_what_it_claims():
    assert _pragma(V3, "user_version") == 3
    assert _pragma(V3, "application_id") == APPLICATION_ID
    assert sha256_file(V3) == "bd108a171d4323f8da92f455f9c050d9803ca86d9d8db382381cfca2a68ad0cd"


def test_opening_v3_migrates_it_keeps_the_profile_and_takes_layers(tmp_path, mini_registry, fresh_signature):
    path = Path(shutil.copy(V3, tmp_path / "v3.rdw"))
    with Workspace.open(path, registry=mini_registry) as ws:
        a = ws.get_assessment(ASSESSMENT)
        assert a.profile == {"lead": "Г. Тестов", "most_severe_disaster": "earthquake 1911",
                             "population_2025": 54321}
        assert ws.answer(ASSESSMENT, "P2.1").comment_private is True
        assert ws.answer(ASSESSMENT, "P1.1").data_sources == "City archive, 2024"
        assert ws.list_layers() == []
        assert _signature(ws._db.conn) == fresh_signature
        # What version 4 added works on the migrated file.
        csv = tmp_path / "points.csv"
        csv.write_text("name,lon,lat\nSchool 1,74.6,42.87\n", encoding="utf-8")
        (lid,) = ws.add_layer(csv)
        assert ws.get_layer(lid).feature_count == 1
    assert _pragma(path, "user_version") == SCHEMA_VERSION


# ------------------------------------------------------------------ the frozen v4 workspace
V4 = WORKSPACES_DIR / "v4.rdw"


def test_frozen_v4_fixture_is_what_it_claims():
    assert _pragma(V4, "user_version") == 4
    assert sha256_file(V4) == "b81377020dcb9263dcda5d9ad139403e640a9356c71c75de52d1d4312a7b5296"


def test_opening_v4_migrates_it_and_keeps_its_layer(tmp_path, mini_registry, fresh_signature):
    path = Path(shutil.copy(V4, tmp_path / "v4.rdw"))
    with Workspace.open(path, registry=mini_registry) as ws:
        layers = {layer.name: layer for layer in ws.list_layers()}
        assert layers["Hospitals"].feature_count == 2
        assert ws.answer(ASSESSMENT, "P1.1").score == 2
        assert _signature(ws._db.conn) == fresh_signature
    assert _pragma(path, "user_version") == SCHEMA_VERSION


# ------------------------------------------------------------------ the frozen v5 workspace
V5 = WORKSPACES_DIR / "v5.rdw"


def test_frozen_v5_fixture_is_what_it_claims():
    assert _pragma(V5, "user_version") == 5
    assert sha256_file(V5) == "36fa74feb9d18edad4152cc4a1935f92be8ea183cf6d5a05e61ab2bb438b93f2"


def test_opening_v5_migrates_it_and_keeps_its_hazard(tmp_path, mini_registry, fresh_signature):
    path = Path(shutil.copy(V5, tmp_path / "v5.rdw"))
    with Workspace.open(path, registry=mini_registry) as ws:
        assert ws.answer(ASSESSMENT, "P1.1").score == 2
        assert [h.name for h in ws.list_hazards(CITY)] == ["Паводок на реке"]
        assert _signature(ws._db.conn) == fresh_signature
    assert _pragma(path, "user_version") == SCHEMA_VERSION


def test_opening_v5_gives_it_an_empty_raster_layer_table(tmp_path, mini_registry):
    """Issue 14's migration: raster layers arrive as a new, empty table; vector layers are kept."""
    path = Path(shutil.copy(V5, tmp_path / "v5.rdw"))
    with Workspace.open(path, registry=mini_registry) as ws:
        assert ws.list_rasters() == []
        assert ws._db.conn.execute("SELECT COUNT(*) FROM raster_layers").fetchone()[0] == 0
        layers = ws.list_layers()
        assert layers and ws.map_crs()          # its layers and a map CRS, as before
    assert _pragma(path, "user_version") == SCHEMA_VERSION


def test_a_new_workspace_is_the_migrated_schema_in_wal_mode(tmp_path, fresh_signature):
    """create_database copies an image of the migrated schema (store/database.py): the copy is a
    workspace like one migrated from nothing (test_migrate_from_every_earlier_version[0] compares
    the two signatures), on disk, journalled by WAL, with its version and application id."""
    db = create_database(tmp_path / "new.rdw")
    try:
        conn = db.conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert _signature(conn) == fresh_signature
    finally:
        db.close()
    assert _pragma(tmp_path / "new.rdw", "user_version") == SCHEMA_VERSION
