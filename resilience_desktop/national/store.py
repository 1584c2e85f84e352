"""The national store: SQLite (one file, the default) or PostgreSQL, behind one small interface.

The same SQL runs on both (``?`` placeholders become ``%s`` for psycopg); each backend gives
one transaction per bundle. SQLite runs in WAL mode with a long busy timeout and takes the write
lock at ``BEGIN IMMEDIATE``, so parallel importers wait instead of failing with "database is
locked". PostgreSQL serialises imports of one assessment with an advisory lock. With PostGIS
installed in the database, features also get a ``geom`` geometry column.
"""

from __future__ import annotations

__all__ = ["NationalStore", "open_store", "DATA_TABLES"]

import contextlib
import sqlite3
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from ..errors import NationalStoreError
from ..i18n.catalog import tr

SCHEMA_VERSION = 1
SCHEMA_LOCK = "resilience-desktop national schema"  # advisory lock taken by every CREATE on PostgreSQL
_APP_ID = 0x52444E53  # "RDNS"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS national_meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS cities (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, country TEXT NOT NULL, region TEXT, population BIGINT,
    area_km2 {real}, lon {real}, lat {real}, assessment_id TEXT, revision INTEGER, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS bundles (
    assessment_id TEXT NOT NULL, revision INTEGER NOT NULL, sha256 TEXT NOT NULL, previous_sha256 TEXT,
    city_id TEXT NOT NULL, scorecard_id TEXT NOT NULL, scorecard_version INTEGER NOT NULL,
    title TEXT NOT NULL, status TEXT NOT NULL, started_on TEXT, completed_on TEXT,
    exported_at TEXT NOT NULL, exported_by TEXT NOT NULL, imported_at TEXT NOT NULL, imported_by TEXT NOT NULL,
    points INTEGER NOT NULL, max_points INTEGER NOT NULL,
    assessment_json TEXT NOT NULL, city_json TEXT NOT NULL, scorecard_json TEXT NOT NULL,
    changelog_json TEXT NOT NULL, risk_json TEXT,
    PRIMARY KEY (assessment_id, revision));
CREATE TABLE IF NOT EXISTS essential_scores (
    assessment_id TEXT NOT NULL, revision INTEGER NOT NULL, essential INTEGER NOT NULL,
    points INTEGER NOT NULL, max_points INTEGER NOT NULL, answered INTEGER NOT NULL, questions INTEGER NOT NULL,
    na INTEGER,
    PRIMARY KEY (assessment_id, revision, essential));
CREATE TABLE IF NOT EXISTS answers (
    assessment_id TEXT NOT NULL, revision INTEGER NOT NULL, question_id TEXT NOT NULL,
    score INTEGER, na INTEGER NOT NULL, comment TEXT NOT NULL, verification TEXT NOT NULL,
    responsible TEXT NOT NULL, PRIMARY KEY (assessment_id, revision, question_id));
CREATE TABLE IF NOT EXISTS evidence (
    assessment_id TEXT NOT NULL, revision INTEGER NOT NULL, evidence_id TEXT NOT NULL, question_id TEXT,
    kind TEXT NOT NULL, name TEXT NOT NULL, sha256 TEXT, size BIGINT, url TEXT,
    PRIMARY KEY (assessment_id, revision, evidence_id));
CREATE TABLE IF NOT EXISTS blobs (sha256 TEXT PRIMARY KEY, size BIGINT NOT NULL, data {blob} NOT NULL);
CREATE TABLE IF NOT EXISTS action_items (
    assessment_id TEXT NOT NULL, revision INTEGER NOT NULL, item_id TEXT NOT NULL, question_id TEXT,
    action TEXT NOT NULL, responsible TEXT NOT NULL, timescale TEXT NOT NULL, status TEXT NOT NULL,
    PRIMARY KEY (assessment_id, revision, item_id));
CREATE TABLE IF NOT EXISTS layers (
    layer_key {serial}, assessment_id TEXT NOT NULL, revision INTEGER NOT NULL, layer_table TEXT NOT NULL,
    name TEXT NOT NULL, crs TEXT, feature_count INTEGER NOT NULL, UNIQUE (assessment_id, revision, layer_table));
CREATE TABLE IF NOT EXISTS features (
    layer_key BIGINT NOT NULL{layer_fk}, fid BIGINT NOT NULL, wkb {blob},
    attributes TEXT NOT NULL, PRIMARY KEY (layer_key, fid)){without_rowid};
CREATE TABLE IF NOT EXISTS import_log (
    id TEXT PRIMARY KEY, at TEXT NOT NULL, who TEXT NOT NULL, file_name TEXT NOT NULL, file_sha256 TEXT,
    assessment_id TEXT, revision INTEGER, outcome TEXT NOT NULL, message TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pending_bundles (
    id TEXT PRIMARY KEY, received_at TEXT NOT NULL, received_by TEXT NOT NULL, file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL, assessment_id TEXT NOT NULL, revision INTEGER NOT NULL, city_id TEXT NOT NULL,
    reason TEXT NOT NULL, data {blob} NOT NULL, decision TEXT, decided_at TEXT, decided_by TEXT,
    decision_reason TEXT);
CREATE INDEX IF NOT EXISTS bundles_city_id ON bundles (city_id);
CREATE TABLE IF NOT EXISTS bundle_losses (
    assessment_id TEXT NOT NULL, revision INTEGER NOT NULL, losses_json TEXT NOT NULL,
    PRIMARY KEY (assessment_id, revision));
CREATE TABLE IF NOT EXISTS bundle_signatures (
    assessment_id TEXT NOT NULL, revision INTEGER NOT NULL, key_id TEXT NOT NULL,
    PRIMARY KEY (assessment_id, revision));
"""

#: Tables holding imported data (everything but the import log and meta): what a rejected bundle must not touch.
DATA_TABLES = ("cities", "bundles", "essential_scores", "answers", "evidence", "blobs", "action_items",
               "layers", "features", "bundle_losses", "bundle_signatures")


class NationalStore:
    """An open national store. Use :func:`open_store`; close it (or use ``with``)."""

    def __init__(self, kind: str, conn: Any, url: str):
        self.kind = kind
        self.conn = conn
        self.url = url
        self.postgis = False

    def __enter__(self) -> "NationalStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.kind == "postgresql" else sql

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.conn.execute(self._sql(sql), tuple(params))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        if self.kind == "postgresql":
            with self.conn.cursor() as cur:
                cur.executemany(self._sql(sql), list(rows))
        else:
            self.conn.executemany(sql, rows)

    def copy_rows(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        """Many rows at once: COPY on PostgreSQL, executemany on SQLite."""
        if self.kind == "postgresql":
            rows = list(rows)
            if not rows:
                return
            with self.conn.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as cp:
                for row in rows:
                    cp.write_row(row)
        else:
            marks = ",".join("?" * len(columns))
            self.conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

    def copy_binary(self, table: str, columns: Sequence[str], payload: bytes) -> None:
        """PostgreSQL only: a whole binary ``COPY`` stream (:mod:`.pgcopy`) into ``table``, in one write."""
        with self.conn.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT BINARY)") as cp:
            cp.write(payload)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        if self.kind == "postgresql":
            with self.conn.cursor() as cur:
                cur.execute(self._sql(sql), tuple(params))
                names = [d.name for d in cur.description or ()]
                return [dict(zip(names, r)) for r in cur.fetchall()]
        cur = self.conn.execute(sql, tuple(params))
        names = [d[0] for d in cur.description or ()]
        return [dict(zip(names, r)) for r in cur.fetchall()]

    @contextlib.contextmanager
    def transaction(self, lock_key: str | None = None) -> Iterator["NationalStore"]:
        """One transaction, committed at the end of the block, rolled back on any exception."""
        if self.kind == "postgresql":
            with self.conn.transaction():
                if lock_key is not None:
                    self.execute("SELECT pg_advisory_xact_lock(hashtext(?))", (lock_key,))
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    @contextlib.contextmanager
    def attached(self, path: Path | None, name: str) -> Iterator[None]:
        """SQLite only: ``path`` attached read-only as schema ``name`` for the block (outside a transaction)."""
        if self.kind != "sqlite" or path is None:
            yield
            return
        self.conn.execute(f"ATTACH DATABASE ? AS {name}", (Path(path).resolve().as_uri() + "?mode=ro",))
        try:
            yield
        finally:
            self.conn.execute(f"DETACH DATABASE {name}")

    def counts(self) -> dict[str, int]:
        """Rows per data table (to prove a rejected bundle wrote nothing)."""
        return {t: int(self.query(f"SELECT COUNT(*) AS n FROM {t}")[0]["n"]) for t in DATA_TABLES}

    def _create(self) -> None:
        if self.kind == "postgresql":
            # No foreign key from features to layers: PostgreSQL checks one per row with a row lock
            # on the layer (~15 µs a feature, half the import of a bundle with map layers); the
            # importer writes a layer row and its features in one transaction and nothing deletes layers.
            types = {"real": "DOUBLE PRECISION", "blob": "BYTEA", "without_rowid": "", "layer_fk": "",
                     "serial": "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"}
        else:  # features clustered by (layer, fid): one B-tree, appended in order
            types = {"real": "REAL", "blob": "BLOB", "without_rowid": " WITHOUT ROWID",
                     "layer_fk": " REFERENCES layers (layer_key)", "serial": "INTEGER PRIMARY KEY"}
        script = _SCHEMA.format(**types)
        # PostgreSQL: CREATE TABLE IF NOT EXISTS is not safe when two sessions run it at once on a
        # new database (one fails on pg_type's unique index); the advisory lock makes them take turns.
        with self.transaction(lock_key=SCHEMA_LOCK):
            for statement in script.split(";"):
                if statement.strip():
                    self.execute(statement)
            if self.kind == "postgresql":
                _drop_feature_fk(self)
                self.postgis = bool(self.query("SELECT 1 FROM pg_extension WHERE extname = 'postgis'"))
                if self.postgis:
                    self.execute("ALTER TABLE features ADD COLUMN IF NOT EXISTS geom geometry")
            _add_columns(self)
            self.execute("INSERT INTO national_meta (key, value) VALUES ('schema_version', ?)"
                         " ON CONFLICT (key) DO NOTHING", (str(SCHEMA_VERSION),))


def _add_columns(store: NationalStore) -> None:
    """Stores made before ``essential_scores.na`` get the column (empty for their rows, which count as having
    no N/A: an Essential answered only N/A shows 0 % there, "—" in what is imported from now on), and
    before ``pending_bundles.decision_reason`` that one (empty: their decisions gave no reason)."""
    for table, column, kind in (("essential_scores", "na", "INTEGER"), ("pending_bundles", "decision_reason", "TEXT")):
        if store.kind == "postgresql":
            store.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {kind}")
        elif not any(r["name"] == column for r in store.query(f"PRAGMA table_info({table})")):
            store.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")


def _drop_feature_fk(store: NationalStore) -> None:
    """Stores made before the foreign key was dropped (see ``_create``) lose it on their next open."""
    for row in store.query("SELECT conname FROM pg_constraint WHERE contype = 'f' AND conrelid ="
                           " to_regclass('features') AND confrelid = to_regclass('layers')"):
        store.execute(f'ALTER TABLE features DROP CONSTRAINT "{row["conname"]}"')


def _write_ahead_log(conn: sqlite3.Connection, wait_s: float = 60.0) -> None:
    """Switch the store to write-ahead logging, waiting for other processes as long as a write would.

    The first switch of a new file needs it alone; when several importers open a new store at the same
    moment, SQLite answers "database is locked" at once to all but one (it does not wait, to avoid two
    connections waiting for each other), so the importer tries again until the first has switched (the
    mode is kept in the file, and the others' switch is then a no-op). Without this, one of six importers
    opening a new store together failed about one time in fifty.
    """
    import random
    import time

    deadline = time.monotonic() + wait_s
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if ("locked" not in str(exc) and "busy" not in str(exc)) or time.monotonic() > deadline:
                raise
            time.sleep(random.uniform(0.005, 0.05))


def _sqlite(path: Path, url: str) -> NationalStore:
    if path.exists():
        with path.open("rb") as fh:
            head = fh.read(16)
        if head and head != b"SQLite format 3\x00":
            raise NationalStoreError(tr("{path} is not a national store (not an SQLite file)", path=path))
    try:
        conn = sqlite3.connect(path.resolve().as_uri(), uri=True, isolation_level=None, timeout=60,
                               check_same_thread=False)
        # Check and stamp in one write transaction: importers started at the same moment on a new
        # file take turns, so none sees tables without the stamp (and refuses the file).
        conn.execute("BEGIN IMMEDIATE")
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]
        if not tables:
            conn.execute(f"PRAGMA application_id = {_APP_ID}")
        conn.execute("ROLLBACK" if tables and app_id != _APP_ID else "COMMIT")
    except sqlite3.Error as exc:
        raise NationalStoreError(tr("cannot open the national store {path}: {reason}", path=path, reason=exc)) from None
    if tables and app_id != _APP_ID:
        conn.close()
        raise NationalStoreError(tr("{path} is an SQLite file but not a national store", path=path))
    try:
        _write_ahead_log(conn)
    except sqlite3.Error as exc:
        conn.close()
        raise NationalStoreError(tr("cannot open the national store {path}: {reason}", path=path, reason=exc)) from None
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA cache_size = -131072")  # 128 MiB: a bundle's pages stay in memory until the commit
    conn.execute("PRAGMA foreign_keys = ON")
    store = NationalStore("sqlite", conn, url)
    store._create()
    return store


def _postgres(url: str, create: bool = True) -> NationalStore:
    try:
        import psycopg
    except ImportError:  # psycopg is the optional "national" extra
        raise NationalStoreError(tr(
            "a PostgreSQL national store needs the psycopg package, which is not installed: install it with "
            "pip install \"resilience-desktop[national]\" (an SQLite store, sqlite:///national.db, needs nothing)"
        )) from None
    try:
        conn = psycopg.connect(url, autocommit=True, connect_timeout=15)
    except psycopg.Error as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise NationalStoreError(tr("cannot connect to the national store: {reason}", reason=reason)) from None
    store = NationalStore("postgresql", conn, url)
    if not create and not store.query("SELECT 1 AS x FROM information_schema.tables WHERE table_schema ="
                                      " current_schema() AND table_name = 'national_meta'"):
        conn.close()
        raise NationalStoreError(tr("the database holds no national store; give --create to make one there"))
    store._create()
    return store


def sqlite_file(url: str | Path) -> Path | None:
    """The SQLite file a store URL names (``sqlite:///PATH`` or a plain path), or ``None`` for PostgreSQL."""
    text = str(url)
    if text.startswith(("postgresql://", "postgres://")):
        return None
    if text.startswith("sqlite:///"):
        return Path(text[len("sqlite:///"):])  # sqlite:///relative.db, sqlite:////absolute.db
    if "://" in text:
        raise NationalStoreError(tr("unknown database URL {url!r} (use sqlite:///PATH, a path, or postgresql://…)",
                                    url=text))
    return Path(text)


def open_store(url: str | Path, *, create: bool = True) -> NationalStore:
    """Open the national store at ``url``; with ``create`` (the default for library use) a new
    one is made when there is none. The ``national`` commands pass ``create=False`` unless given
    ``--create``, so a mistyped ``--db`` never silently makes an empty store.

    ``sqlite:///path/to/national.db`` or a plain path: an SQLite file. ``postgresql://…``: a
    PostgreSQL database (its tables are created on first use).
    """
    text = str(url)
    if text.startswith(("postgresql://", "postgres://")):
        return _postgres(text, create)
    path = sqlite_file(text)
    assert path is not None
    if not create and (not path.exists() or path.stat().st_size == 0):
        raise NationalStoreError(tr("no national store at {path}; give --create to make a new one", path=path))
    return _sqlite(path, text)
