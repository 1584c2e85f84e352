"""Opening a workspace file safely: checks, lock, rolling backup, migration, connection settings.

A file is only ever written after it has been proven to be a workspace of a version we know,
undamaged, and not open for writing elsewhere. Anything else raises a clear
:class:`~resilience_desktop.errors.WorkspaceError` and leaves the file byte-for-byte unchanged.
"""

from __future__ import annotations

__all__ = ["Database", "open_database", "create_database", "WORKSPACE_SUFFIX", "BACKUPS_KEPT", "BACKUPS_MAX_BYTES",
           "take_backup", "prune_backups", "sweep_backup_orphans"]

import contextlib
import os
import sqlite3
from datetime import datetime, timezone
from glob import escape as glob_escape
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:
    import sqlite_utils

from ..errors import (
    NotAWorkspaceError,
    WorkspaceCorruptError,
    WorkspaceError,
    WorkspaceNeedsUpgradeError,
    WorkspaceReadOnlyError,
    WorkspaceTooNewError,
)
from ..i18n.catalog import tr
from ..i18n.reasons import os_reason
from ..safety.tempfiles import owner_pid, sweep_beside, tagged_prefix
from .lock import WorkspaceLock, lock_path  # noqa: F401 (lock_path: where the Windows lock file lives)
from .schema import APPLICATION_ID, SCHEMA_VERSION, migrate

WORKSPACE_SUFFIX = ".rdw"
#: The backups folder keeps at most this many backups of a file ...
BACKUPS_KEPT = 5
#: ... and at most this many bytes in total (the newest backup is kept whatever its size).
BACKUPS_MAX_BYTES = 1 << 30
_SQLITE_MAGIC = b"SQLite format 3\x00"


def backups_dir(path: Path) -> Path:
    """Where the rolling backups of ``path`` live: a folder beside it."""
    return path.with_name(path.name + ".backups")




class Database:
    """An open workspace database: a sqlite-utils ``Database`` plus our transaction rule.

    Every edit goes through :meth:`transaction`, so one user action is one SQLite transaction.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection, lock: WorkspaceLock | None,
                 read_only: bool):
        self.path = path
        self.conn = conn
        self.read_only = read_only
        self._lock = lock

    @property
    def db(self) -> "sqlite_utils.Database":
        """A sqlite-utils view of the same connection (imported on first use: it is slow to import)."""
        import sqlite_utils
        return sqlite_utils.Database(self.conn)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any exception.

        Nested use (inside :meth:`Workspace.batch`) becomes a SAVEPOINT, so the outermost
        transaction decides: everything commits together or nothing does.
        """
        if self.read_only:
            raise WorkspaceReadOnlyError(
                tr("{name} is open read-only (another instance is editing it)", name=self.path.name))
        depth = self._depth
        begin, commit, rollback = (
            ("BEGIN IMMEDIATE", "COMMIT", "ROLLBACK") if depth == 0 else
            (f"SAVEPOINT sp{depth}", f"RELEASE sp{depth}", f"ROLLBACK TO sp{depth}; RELEASE sp{depth}"))
        try:
            self.conn.execute(begin)
        except sqlite3.OperationalError as exc:
            raise storage_error(self.path, exc) from exc
        self._depth += 1
        try:
            yield self.conn
        except BaseException as exc:
            self._depth -= 1
            # SQLite rolls a transaction back by itself on some errors (a full disk, an I/O error);
            # a ROLLBACK then fails with "no transaction is active" and would hide the real cause.
            if self.conn.in_transaction:
                try:
                    for statement in rollback.split("; "):
                        self.conn.execute(statement)
                except sqlite3.Error:
                    pass  # the original error says what went wrong; the transaction is gone either way
            if isinstance(exc, sqlite3.OperationalError):
                raise storage_error(self.path, exc) from exc
            raise
        self._depth -= 1
        try:
            self.conn.execute(commit)
        except sqlite3.OperationalError as exc:
            if self.conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    self.conn.execute("ROLLBACK")
            raise storage_error(self.path, exc) from exc

    _depth = 0

    def query(self, sql: str, params: tuple | dict = ()) -> list[dict]:
        return [dict(r) for r in self.conn.execute(sql, params).fetchall()]

    def close(self) -> None:
        """Checkpoint the WAL into the main file (so a plain copy carries everything) and unlock."""
        if self.conn is None:
            return
        try:
            if not self.read_only:
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                self.conn.execute("PRAGMA journal_mode = DELETE")
        except sqlite3.Error:
            pass  # closing must not fail; the WAL is still consistent and recovers on next open
        finally:
            self.conn.close()
            self.conn = None  # type: ignore[assignment]
            if self._lock is not None:
                self._lock.release()


def storage_error(path: Path, exc: BaseException) -> WorkspaceError:
    """The sentence for a write the disk refused (full, read-only, failing), in place of SQLite's words."""
    text = str(exc).lower()
    errno_ = getattr(exc, "errno", None)
    if "full" in text or errno_ == 28:
        return WorkspaceError(tr("the disk holding {name} is full: free some space and try again; the last change "
                                 "was not saved", name=path.name))
    if "readonly" in text or "read-only" in text or errno_ in (13, 30):
        return WorkspaceReadOnlyError(tr("{name} cannot be written (the file or its folder is read-only): open it "
                                         "read-only, or make it writable", name=path.name))
    if "disk i/o" in text or errno_ == 5:
        return WorkspaceError(tr("writing {name} failed (disk error; is the disk full or removed?); the last "
                                 "change was not saved", name=path.name))
    return WorkspaceError(tr("{name} cannot be written: {reason}", name=path.name, reason=exc))


def _check_writable(path: Path) -> None:
    """A workspace is only opened for writing where it can be written: the file and its folder
    (SQLite writes its journal beside the file). Checked before any lock or backup is made."""
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK | os.X_OK):
        raise WorkspaceReadOnlyError(tr("{name} cannot be written (the file or its folder is read-only): open it "
                                        "read-only, or make it writable", name=path.name))


def _connect(path: Path, read_only: bool) -> sqlite3.Connection:
    uri = path.resolve().as_uri() + ("?mode=ro" if read_only else "")
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=5)
    conn.row_factory = sqlite3.Row
    return conn


def _damaged(path: Path, detail: str) -> WorkspaceCorruptError:
    """The one line for a damaged workspace: where its backups are, or that it has none to restore."""
    backups = backups_dir(path)
    try:
        has_backups = backups.is_dir() and any(p.is_file() for p in backups.iterdir())
    except OSError:
        has_backups = False
    if has_backups:
        return WorkspaceCorruptError(tr("{name} is damaged ({detail}); restore a backup from {backups}/",
                                        name=path.name, detail=detail, backups=backups.name))
    return WorkspaceCorruptError(tr("{name} is damaged ({detail}); it has no backups beside it: restore it from a copy",
                                    name=path.name, detail=detail))


def _check(path: Path, *, whole: bool = True) -> int:
    """Prove ``path`` is an undamaged workspace we can read; return its schema version.

    ``whole=False`` proves only that it is a workspace of a version this app reads (its header),
    without reading every page (``quick_check``: ~8 ms for the 2.3 MB demo, twice per open before)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise WorkspaceError(tr("cannot read {path}: {reason}", path=path, reason=os_reason(exc))) from exc
    if head != _SQLITE_MAGIC:
        raise NotAWorkspaceError(tr("{name} is not a Resilience Desktop workspace", name=path.name))
    try:
        conn = _connect(path, read_only=True)
    except sqlite3.Error as exc:
        raise WorkspaceError(tr("cannot open {name}: {exc}", name=path.name, exc=exc)) from exc
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id != APPLICATION_ID:
            raise NotAWorkspaceError(
                tr("{name} is an SQLite database but not a Resilience Desktop workspace", name=path.name))
        if version < 1:  # every workspace ever written has format 1 or later; 0 or less is damage or forgery
            raise _damaged(path, tr("its format version {version} is not one this app ever wrote", version=version))
        if version > SCHEMA_VERSION:
            raise WorkspaceTooNewError(tr(
                "{name} was written by a newer Resilience Desktop (workspace format {version}, this version reads up to {supported}); please update the app",
                name=path.name, version=version, supported=SCHEMA_VERSION))
        result = conn.execute("PRAGMA quick_check").fetchone()[0] if whole else "ok"
        if result != "ok":
            # quick_check answers in several lines ("*** in database main ***\nPage 3: ..."); the
            # message must stay one line for the command line.
            detail = "; ".join(line.strip() for line in result.splitlines()
                               if line.strip() and not line.startswith("***"))
            raise _damaged(path, detail or tr("integrity check failed"))
        return version
    except sqlite3.DatabaseError as exc:
        raise _damaged(path, str(exc)) from exc
    finally:
        conn.close()


def _backup_suffix(path: Path) -> str:
    return path.suffix or WORKSPACE_SUFFIX


def _backups_of(path: Path) -> list[Path]:
    """The finished backups of ``path``, oldest first (their names sort by time)."""
    folder = backups_dir(path)
    return sorted(p for p in folder.glob(f"{glob_escape(path.stem)}-*{_backup_suffix(path)}") if p.is_file())


def sweep_backup_orphans(path: Path) -> int:
    """Remove what a killed backup left in ``path``'s backups folder (``*.partial`` files and their
    journals, tagged with a process that no longer runs). Returns how many were removed."""
    folder = backups_dir(path)
    if not folder.is_dir():
        return 0
    removed = sweep_beside(folder, "*.partial*")
    # Partials from versions before names carried a process id: ours only, if nobody is writing.
    for old in folder.glob("*.partial*"):
        if owner_pid(old.name) is None:
            with contextlib.suppress(OSError):
                old.unlink()
                removed += 1
    return removed


def prune_backups(path: Path, keep: int = BACKUPS_KEPT, max_bytes: int = BACKUPS_MAX_BYTES) -> list[Path]:
    """Bound the backups folder: the newest ``keep`` backups, and the oldest removed while their total
    size is over ``max_bytes`` (the newest backup is always kept). Returns what was removed."""
    olds = _backups_of(path)
    removed = list(olds[:-keep] if keep > 0 else olds)
    kept = [p for p in olds if p not in removed]
    sizes = {p: p.stat().st_size for p in kept}
    while len(kept) > 1 and sum(sizes[p] for p in kept) > max_bytes:
        removed.append(kept.pop(0))
    for old in removed:
        with contextlib.suppress(FileNotFoundError):
            old.unlink()
    return removed


def take_backup(path: Path, keep: int = BACKUPS_KEPT, max_bytes: int = BACKUPS_MAX_BYTES) -> Path:
    """Copy the database with SQLite's online backup into its backups folder, then bound the folder.

    The copy is written to a ``.partial`` file tagged with this process and renamed when complete;
    partials left by a killed process are removed first. Works for any SQLite file (a workspace,
    the national store); backups keep the file's own suffix.
    """
    folder = backups_dir(path)
    made_folder = not folder.exists()
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{path.stem}-{stamp}{_backup_suffix(path)}"
    tmp = folder / f"{tagged_prefix(target.name + '.')}.partial"
    try:
        folder.mkdir(exist_ok=True)
        sweep_backup_orphans(path)
        src = _connect(path, read_only=True)
        try:
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)
            finally:
                dst.close()
            os.replace(tmp, target)
        finally:
            src.close()
    except (sqlite3.Error, OSError) as exc:
        # nothing half-made is left behind: no partial copy, no empty backups folder of ours
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()
        if made_folder:
            with contextlib.suppress(OSError):
                folder.rmdir()
        error = storage_error(path, exc)
        raise type(error)(tr("no backup of {name} could be made before writing, so nothing was written: {reason}",
                             name=path.name, reason=error)) from exc
    prune_backups(path, keep, max_bytes)
    return target


def _configure(conn: sqlite3.Connection, read_only: bool) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")
    if not read_only:
        conn.execute("PRAGMA journal_mode = WAL")
        # FULL: an edit that returned survives a power cut, not only a crash.
        conn.execute("PRAGMA synchronous = FULL")


def _acquire(path: Path, create: bool = False) -> WorkspaceLock:
    return WorkspaceLock(path, create=create)


def _newest_backup_age(path: Path) -> float | None:
    olds = _backups_of(path)
    if not olds:
        return None
    return max(0.0, datetime.now().timestamp() - olds[-1].stat().st_mtime)


def open_database(path: str | Path, *, read_only: bool = False, backup: bool = True,
                  backup_min_age_s: float = 0) -> Database:
    """Open an existing workspace, migrating it forward (after a backup) when it is older."""
    path = Path(path)
    if not path.exists():
        raise WorkspaceError(tr("no workspace at {path}", path=path))
    if path.is_dir():
        raise NotAWorkspaceError(tr("{path} is a folder, not a workspace file", path=path))
    # Proof first that the file is ours (a file that is not never gets a lock file beside it); opened
    # read-only, the whole check now, else under the lock (another instance may have migrated it meanwhile).
    version = _check(path, whole=read_only)
    if not read_only:
        _check_writable(path)
    lock = None if read_only else _acquire(path)
    try:
        if not read_only:
            version = _check(path)
        if read_only and version < SCHEMA_VERSION:
            raise WorkspaceNeedsUpgradeError(tr(
                "{name} uses an older workspace format; open it for editing once to upgrade it", name=path.name))
        if not read_only and backup:
            age = _newest_backup_age(path) if backup_min_age_s > 0 else None
            if age is None or age >= backup_min_age_s:
                take_backup(path)
            else:  # no backup this time; what a killed one left still goes at this open
                sweep_backup_orphans(path)
        conn = _connect(path, read_only)
        try:
            _configure(conn, read_only)
            if not read_only:
                try:
                    if migrate(conn) < SCHEMA_VERSION:  # old pages (a sync token moved out) leave the file now
                        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                except sqlite3.Error as exc:
                    raise WorkspaceError(tr(
                        "{name} could not be upgraded to this version's format ({exc}); the file is unchanged and a backup is in {backups}/",
                        name=path.name, exc=exc, backups=backups_dir(path).name)) from exc
        except BaseException:
            conn.close()
            raise
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    return Database(path, conn, lock, read_only)


_empty_image: bytes | None = None


def _copy_empty_schema(conn: sqlite3.Connection) -> None:
    """Give the new, empty database on ``conn`` the current schema in one page copy.

    Running every migration from version 0 took ~20 ms of CPU per new workspace (the full-text
    index alone is a dozen statements); the migrations now run once per process, into memory, and
    each new file gets a copy of that image through SQLite's backup API (version, application id
    and all). tests/store/test_migrations.py checks that a copied and a migrated schema are the same.
    """
    global _empty_image
    if not hasattr(sqlite3.Connection, "serialize"):  # a Python whose SQLite lacks it: migrate() does it all
        return
    if _empty_image is None:
        mem = sqlite3.connect(":memory:", isolation_level=None)
        try:
            migrate(mem)
            _empty_image = mem.serialize()
        finally:
            mem.close()
    src = sqlite3.connect(":memory:", isolation_level=None)
    try:
        src.deserialize(_empty_image)
        src.backup(conn)
    finally:
        src.close()


def create_database(path: str | Path) -> Database:
    """Create a new, empty workspace at ``path`` (which must not exist)."""
    path = Path(path)
    if path.exists():
        raise WorkspaceError(tr("{path} already exists", path=path))
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        lock = _acquire(path, create=True)  # creates the empty file and locks it in one step
    except FileExistsError:
        raise WorkspaceError(tr("{path} already exists", path=path)) from None
    try:
        conn = _connect(path, read_only=False)
        _copy_empty_schema(conn)
        _configure(conn, read_only=False)
        migrate(conn)  # nothing left to do: a safety net should the copy ever be older
    except BaseException:
        lock.release()
        with contextlib.suppress(OSError):
            path.unlink()
        raise
    return Database(path, conn, lock, read_only=False)
