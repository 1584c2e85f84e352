"""The workspace schema and its forward migrations.

``MIGRATIONS[n]`` takes a workspace from schema version ``n`` to ``n + 1``. A migration runs in
the caller's transaction and must never lose data. Frozen workspaces of every earlier version
live in ``tests/data/workspaces/`` and must keep opening.
"""

from __future__ import annotations

__all__ = ["APPLICATION_ID", "SCHEMA_VERSION", "MIGRATIONS", "migrate"]

import sqlite3
from pathlib import Path
from typing import Callable

#: ``PRAGMA application_id`` of every workspace: "RDWS" in ASCII.
APPLICATION_ID = 0x52445753


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run each statement of ``script`` inside the caller's transaction.

    (``executescript`` would COMMIT first, breaking all-or-nothing migrations.)
    """
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            conn.execute(pending)
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete SQL statement in migration: {pending.strip()[:60]}")


def _v0_to_v1(conn: sqlite3.Connection) -> None:
    _run_script(conn, 
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE scorecards (
            id TEXT NOT NULL, version INTEGER NOT NULL, definition TEXT NOT NULL,
            PRIMARY KEY (id, version));
        CREATE TABLE cities (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, country TEXT NOT NULL, region TEXT,
            population INTEGER, area_km2 REAL, lon REAL, lat REAL,
            created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
        CREATE TABLE assessments (
            id TEXT PRIMARY KEY, city_id TEXT NOT NULL REFERENCES cities(id),
            scorecard_id TEXT NOT NULL, scorecard_version INTEGER NOT NULL,
            title TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'in_progress',
            started_on TEXT, completed_on TEXT, team TEXT NOT NULL DEFAULT '[]',
            essentials_scope TEXT,
            created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
            FOREIGN KEY (scorecard_id, scorecard_version) REFERENCES scorecards(id, version));
        CREATE TABLE answers (
            id TEXT PRIMARY KEY, assessment_id TEXT NOT NULL REFERENCES assessments(id),
            question_id TEXT NOT NULL, score INTEGER, na INTEGER NOT NULL DEFAULT 0,
            comment TEXT NOT NULL DEFAULT '', verification TEXT NOT NULL DEFAULT '',
            responsible TEXT NOT NULL DEFAULT '',
            updated_by TEXT NOT NULL, updated_at TEXT NOT NULL,
            UNIQUE (assessment_id, question_id),
            CHECK (na IN (0, 1)), CHECK (NOT (na = 1 AND score IS NOT NULL)));
        CREATE TABLE blobs (sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, data BLOB NOT NULL);
        CREATE TABLE evidence (
            id TEXT PRIMARY KEY, assessment_id TEXT NOT NULL REFERENCES assessments(id),
            question_id TEXT, kind TEXT NOT NULL CHECK (kind IN ('file', 'link', 'note')),
            name TEXT NOT NULL, sha256 TEXT REFERENCES blobs(sha256), size INTEGER,
            url TEXT, note TEXT NOT NULL DEFAULT '',
            added_by TEXT NOT NULL, added_at TEXT NOT NULL, removed_at TEXT);
        CREATE TABLE action_items (
            id TEXT PRIMARY KEY, assessment_id TEXT NOT NULL REFERENCES assessments(id),
            question_id TEXT, action TEXT NOT NULL, responsible TEXT NOT NULL DEFAULT '',
            timescale TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT 'open',
            created_at TEXT NOT NULL, updated_at TEXT NOT NULL, removed_at TEXT);
        CREATE TABLE change_log (
            seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
            at TEXT NOT NULL, who TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL,
            assessment_id TEXT, question_id TEXT, field TEXT NOT NULL,
            old_value TEXT, new_value TEXT);
        CREATE INDEX change_log_by_question ON change_log (assessment_id, question_id);
        CREATE INDEX evidence_by_question ON evidence (assessment_id, question_id);
        CREATE INDEX actions_by_question ON action_items (assessment_id, question_id);
        CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
            BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END;
        CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log
            BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END;
        """
    )


def _v1_to_v2(conn: sqlite3.Connection) -> None:
    """Workshop support: data sources per answer and each stakeholder group's proposed score."""
    _run_script(conn, 
        """
        ALTER TABLE answers ADD COLUMN data_sources TEXT NOT NULL DEFAULT '';
        CREATE TABLE stakeholder_scores (
            id TEXT PRIMARY KEY, assessment_id TEXT NOT NULL REFERENCES assessments(id),
            question_id TEXT NOT NULL, stakeholder TEXT NOT NULL, score INTEGER,
            na INTEGER NOT NULL DEFAULT 0, note TEXT NOT NULL DEFAULT '',
            updated_by TEXT NOT NULL, updated_at TEXT NOT NULL,
            UNIQUE (assessment_id, question_id, stakeholder));
        """
    )


def _v2_to_v3(conn: sqlite3.Connection) -> None:
    """The assessment's profile (city facts, known disasters, team, stakeholders: the official
    workbook's Info sheet) and comments that stay private when projected in a workshop."""
    _run_script(conn, """
        ALTER TABLE assessments ADD COLUMN profile TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE answers ADD COLUMN comment_private INTEGER NOT NULL DEFAULT 0;
        """)


def _v3_to_v4(conn: sqlite3.Connection) -> None:
    """Map layers copied into the workspace: one ``layers`` row per layer (source, CRS as an
    authority string or WKT2 or NULL when unknown, summary, style, visibility, order, opacity;
    ``removed_at`` for an undoable removal) and one ``layer_features`` row per feature (WKB
    geometry, attributes as JSON). Rows keep the file's order, so a layer reads back in one
    sequential scan of ``(layer_id, fid)``."""
    _run_script(conn, """
        CREATE TABLE layers (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, source_name TEXT NOT NULL, driver TEXT NOT NULL,
            crs TEXT, geometry_types TEXT NOT NULL DEFAULT '[]', feature_count INTEGER NOT NULL,
            minx REAL, miny REAL, maxx REAL, maxy REAL,
            fields TEXT NOT NULL DEFAULT '[]', encoding TEXT,
            invalid_repaired INTEGER NOT NULL DEFAULT 0, z_dropped INTEGER NOT NULL DEFAULT 0,
            empty_count INTEGER NOT NULL DEFAULT 0,
            style TEXT NOT NULL DEFAULT '{}', visible INTEGER NOT NULL DEFAULT 1,
            z_order INTEGER NOT NULL DEFAULT 0, opacity REAL NOT NULL DEFAULT 1.0,
            added_by TEXT NOT NULL, added_at TEXT NOT NULL, removed_at TEXT,
            CHECK (visible IN (0, 1)), CHECK (opacity >= 0 AND opacity <= 1));
        CREATE TABLE layer_features (
            layer_id TEXT NOT NULL REFERENCES layers(id), fid INTEGER NOT NULL,
            geom BLOB, attributes TEXT NOT NULL DEFAULT '{}',
            PRIMARY KEY (layer_id, fid));
        """)


def _v4_to_v5(conn: sqlite3.Connection) -> None:
    """Risk scenarios and what left the city: a city's hazards, each with its most probable and
    most severe scenario (description, likelihood, hazard-zone layer and which classes count),
    exposure results computed for a scenario (inputs and numbers as JSON, so they can be
    re-checked), and the local history of every bundle exported (revision, hash, previous hash)."""
    _run_script(conn, """
        CREATE TABLE hazards (
            id TEXT PRIMARY KEY, city_id TEXT NOT NULL REFERENCES cities(id), kind TEXT NOT NULL,
            name TEXT NOT NULL, notes TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL, updated_at TEXT NOT NULL, removed_at TEXT);
        CREATE TABLE scenarios (
            id TEXT PRIMARY KEY, hazard_id TEXT NOT NULL REFERENCES hazards(id),
            kind TEXT NOT NULL CHECK (kind IN ('most_probable', 'most_severe')),
            description TEXT NOT NULL DEFAULT '', likelihood TEXT NOT NULL DEFAULT '',
            zone_layer_id TEXT REFERENCES layers(id), class_field TEXT,
            affected_classes TEXT NOT NULL DEFAULT '[]',
            created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
            UNIQUE (hazard_id, kind));
        CREATE TABLE exposure_results (
            id TEXT PRIMARY KEY, scenario_id TEXT NOT NULL REFERENCES scenarios(id),
            computed_at TEXT NOT NULL, computed_by TEXT NOT NULL,
            inputs TEXT NOT NULL, result TEXT NOT NULL);
        CREATE TABLE bundle_exports (
            id TEXT PRIMARY KEY, assessment_id TEXT NOT NULL REFERENCES assessments(id),
            revision INTEGER NOT NULL, sha256 TEXT NOT NULL, previous_sha256 TEXT,
            file_name TEXT NOT NULL, exported_at TEXT NOT NULL, exported_by TEXT NOT NULL,
            UNIQUE (assessment_id, revision));
        """)


def _v5_to_v6(conn: sqlite3.Connection) -> None:
    """Issue 16: a stakeholder group's note can be marked private like a justification (kept off
    projected screens, reports and bundles unless explicitly included)."""
    _run_script(conn, """
        ALTER TABLE stakeholder_scores ADD COLUMN note_private INTEGER NOT NULL DEFAULT 0;
        """)


def _v6_to_v7(conn: sqlite3.Connection) -> None:
    """Sync to the national platform (issue 12): the destinations (a folder or an HTTPS receiver,
    its token and CA file), the outbox (one row per exported bundle and destination, with its state,
    attempts, next retry time, the receiver's receipt or reason), each city's Ed25519 signing key
    (the private key never leaves the workspace) and where each bundle was written."""
    _run_script(conn, """
        CREATE TABLE sync_destinations (
            name TEXT PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('folder', 'https')),
            url TEXT NOT NULL, token TEXT, ca_file TEXT,
            created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
        CREATE TABLE outbox (
            id TEXT PRIMARY KEY, destination TEXT NOT NULL REFERENCES sync_destinations(name) ON DELETE CASCADE,
            assessment_id TEXT NOT NULL REFERENCES assessments(id), revision INTEGER NOT NULL,
            sha256 TEXT NOT NULL, bundle_path TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'queued'
                CHECK (state IN ('queued', 'sending', 'delivered', 'rejected', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0, queued_at TEXT NOT NULL, last_attempt_at TEXT,
            next_retry_at TEXT, sent_at TEXT, delivered_at TEXT, receipt TEXT, reason TEXT NOT NULL DEFAULT '',
            UNIQUE (destination, assessment_id, revision));
        CREATE INDEX outbox_by_state ON outbox (state, next_retry_at);
        CREATE TABLE city_keys (
            city_id TEXT PRIMARY KEY REFERENCES cities(id), private_key BLOB NOT NULL,
            public_key BLOB NOT NULL, key_id TEXT NOT NULL, created_at TEXT NOT NULL);
        ALTER TABLE bundle_exports ADD COLUMN path TEXT;
        """)


def _v7_to_v8(conn: sqlite3.Connection) -> None:
    """Historic losses and buffered hazards (issue 15): each import of a loss database for a city
    (source file name and sha256, the geography unit matched, counts of records kept, excluded as
    unpublished and elsewhere; ``removed_at`` when a later import replaced it), its records (one row
    per datacard; a figure NULL when not reported, named in ``unknown`` when "some, number
    unknown"), and a scenario's buffer (JSON: metres, per class, or a field)."""
    _run_script(conn, """
        CREATE TABLE loss_imports (
            id TEXT PRIMARY KEY, city_id TEXT NOT NULL REFERENCES cities(id),
            source_name TEXT NOT NULL, source_sha256 TEXT NOT NULL, source_format TEXT NOT NULL,
            geo_code TEXT, geo_name TEXT, geo_level INTEGER,
            records INTEGER NOT NULL, excluded INTEGER NOT NULL, elsewhere INTEGER NOT NULL,
            imported_by TEXT NOT NULL, imported_at TEXT NOT NULL, removed_at TEXT);
        CREATE TABLE loss_records (
            import_id TEXT NOT NULL REFERENCES loss_imports(id), city_id TEXT NOT NULL REFERENCES cities(id),
            record_key TEXT NOT NULL, serial TEXT NOT NULL DEFAULT '', event TEXT NOT NULL, event_en TEXT,
            hazard_kind TEXT NOT NULL, year INTEGER, month INTEGER, day INTEGER, duration_days INTEGER,
            level0 TEXT, level1 TEXT, level2 TEXT, place TEXT NOT NULL DEFAULT '', status INTEGER NOT NULL DEFAULT 0,
            deaths INTEGER, missing INTEGER, injured INTEGER, affected INTEGER, affected_indirect INTEGER,
            evacuated INTEGER, relocated INTEGER, houses_destroyed INTEGER, houses_damaged INTEGER,
            health_facilities INTEGER, schools INTEGER, livestock INTEGER, crops_ha REAL, roads_m REAL,
            loss_local REAL, loss_usd REAL, unknown TEXT NOT NULL DEFAULT '[]',
            PRIMARY KEY (import_id, record_key));
        CREATE INDEX loss_records_by_city ON loss_records (city_id, year);
        ALTER TABLE scenarios ADD COLUMN buffer TEXT;
        """)


def _v8_to_v9(conn: sqlite3.Connection) -> None:
    """Raster layers copied into the workspace (issue 14): the raster as one tiled, compressed
    GeoTIFF with overviews (``data``), its summary (size, bands, type, no-data, CRS, bounds,
    statistics) for lists and ``layer info``, and its display style, visibility, order, opacity."""
    _run_script(conn, """
        CREATE TABLE raster_layers (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, source_name TEXT NOT NULL, driver TEXT NOT NULL,
            crs TEXT, width INTEGER NOT NULL, height INTEGER NOT NULL, bands INTEGER NOT NULL,
            dtype TEXT NOT NULL, nodata REAL, minx REAL NOT NULL, miny REAL NOT NULL,
            maxx REAL NOT NULL, maxy REAL NOT NULL, min REAL, max REAL,
            style TEXT NOT NULL DEFAULT '{}', visible INTEGER NOT NULL DEFAULT 1,
            z_order INTEGER NOT NULL DEFAULT 0, opacity REAL NOT NULL DEFAULT 1.0,
            sha256 TEXT NOT NULL, data BLOB NOT NULL,
            added_by TEXT NOT NULL, added_at TEXT NOT NULL, removed_at TEXT,
            CHECK (visible IN (0, 1)), CHECK (opacity >= 0 AND opacity <= 1));
        """)


def _v9_to_v10(conn: sqlite3.Connection) -> None:
    """Workspace-wide search (issue 18): an FTS5 index over justifications, means of verification,
    data sources, stakeholder notes, action items and evidence names, descriptions and links, made by
    sqlite-utils from the rows already there and kept in step by its triggers (store/search_index.py)."""
    from .search_index import create_search_index
    create_search_index(conn)


def _v10_to_v11(conn: sqlite3.Connection) -> None:
    """A raster layer as a scenario's hazard (issue 15): the raster (``raster_id``) and its
    thresholds as JSON ``{"values": [...], "unit": "m", "raster_unit": "m"}`` (the thresholds' unit
    and the unit of the raster's values; thresholds are converted when the two differ)."""
    _run_script(conn, """
        ALTER TABLE scenarios ADD COLUMN raster_id TEXT REFERENCES raster_layers(id);
        ALTER TABLE scenarios ADD COLUMN raster_thresholds TEXT;
        """)


def _v11_to_v12(conn: sqlite3.Connection) -> None:
    """Sync tokens leave the workspace file (issue 12): a destination keeps only ``token_ref``, the
    reference of its token in the OS keyring or the user's token file (``store/secrets.py``). Each
    stored token is saved there first, then its column is cleared with ``secure_delete`` on, so the
    token's bytes are overwritten in the file, not just unlinked from the row."""
    from .secrets import new_ref, put_secret
    _run_script(conn, "ALTER TABLE sync_destinations ADD COLUMN token_ref TEXT;")
    secure = conn.execute("PRAGMA secure_delete").fetchone()[0]
    conn.execute("PRAGMA secure_delete = ON")
    try:
        for name, token in conn.execute("SELECT name, token FROM sync_destinations WHERE token IS NOT NULL").fetchall():
            ref = new_ref()
            put_secret(ref, token)
            conn.execute("UPDATE sync_destinations SET token = NULL, token_ref = ? WHERE name = ?", (ref, name))
    finally:
        conn.execute(f"PRAGMA secure_delete = {int(secure)}")
    _scrub_backup_tokens(conn)


def _scrub_backup_tokens(conn: sqlite3.Connection) -> None:
    """The rolling backups beside the file (``NAME.backups/``, one taken just before this upgrade)
    would still carry the tokens: clear them there too (the tokens are saved outside by now)."""
    main = next((r[2] for r in conn.execute("PRAGMA database_list") if r[1] == "main"), "")
    folder = Path(main).with_name(Path(main).name + ".backups") if main else None
    if folder is None or not folder.is_dir():
        return
    for backup in sorted(folder.iterdir()):
        if not backup.is_file() or backup.name.endswith((".partial", "-journal", "-wal", "-shm")):
            continue
        try:
            other = sqlite3.connect(backup, timeout=5)
            try:
                columns = {r[1] for r in other.execute("PRAGMA table_info(sync_destinations)")}
                if "token" in columns and other.execute(
                        "SELECT 1 FROM sync_destinations WHERE token IS NOT NULL").fetchone():
                    other.execute("PRAGMA secure_delete = ON")
                    other.execute("UPDATE sync_destinations SET token = NULL")
                    other.commit()
            finally:
                other.close()
        except sqlite3.Error:
            continue  # not a database (or a damaged one): nothing of ours to clear


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _v0_to_v1, _v1_to_v2, _v2_to_v3, _v3_to_v4, _v4_to_v5, _v5_to_v6, _v6_to_v7, _v7_to_v8, _v8_to_v9,
    _v9_to_v10, _v10_to_v11, _v11_to_v12]
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection, to_version: int = SCHEMA_VERSION) -> int:
    """Bring ``conn`` from its ``user_version`` to ``to_version`` in one transaction.

    Returns the version it started from. The connection must be in autocommit mode
    (``isolation_level=None``) so this function controls the transaction.
    """
    start = conn.execute("PRAGMA user_version").fetchone()[0]
    if start >= to_version:
        return start
    conn.execute("BEGIN IMMEDIATE")
    try:
        for version in range(start, to_version):
            MIGRATIONS[version](conn)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {to_version}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return start
