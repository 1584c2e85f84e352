"""Opening workspace files safely (resilience_desktop/store/database.py).

Whatever is wrong with a file, opening it raises a clear WorkspaceError and leaves the file
byte-for-byte unchanged.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from resilience_desktop.errors import (
    NotAWorkspaceError, WorkspaceCorruptError, WorkspaceError, WorkspaceLockedError, WorkspaceReadOnlyError,
    WorkspaceTooNewError,
)
from resilience_desktop.store import BACKUPS_KEPT, SCHEMA_VERSION, backups_dir, create_database
from resilience_desktop.workspace.facade import Workspace

from ..fixtures import populate, sha256_file, snapshot


@pytest.fixture
def saved(tmp_path, mini_registry) -> Path:
    """A closed workspace file with a city, an assessment and answers."""
    path = tmp_path / "saved.rdw"
    with Workspace.create(path, registry=mini_registry) as ws:
        populate(ws)
    return path


def _page_size(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()


def _assert_refused(path: Path, error: type[WorkspaceError], *, read_only_too: bool = True) -> WorkspaceError:
    before = sha256_file(path)
    modes = (False, True) if read_only_too else (False,)
    for read_only in modes:
        with pytest.raises(error) as info:
            Workspace.open(path, read_only=read_only)
        assert "\n" not in str(info.value)
        assert sha256_file(path) == before
    assert not backups_dir(path).exists()
    return info.value


# ------------------------------------------------------------------ not a workspace
def test_text_file_is_not_a_workspace(tmp_path):
    path = tmp_path / "notes.rdw"
    path.write_text("Meeting notes, not a workspace.\n" * 50, encoding="utf-8")
    err = _assert_refused(path, NotAWorkspaceError)
    assert "notes.rdw is not a Resilience Desktop workspace" in str(err)


def test_empty_file_is_not_a_workspace(tmp_path):
    path = tmp_path / "empty.rdw"
    path.write_bytes(b"")
    _assert_refused(path, NotAWorkspaceError)
    assert path.read_bytes() == b""


def test_other_sqlite_database_is_not_a_workspace(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.execute("INSERT INTO t VALUES (1)")
    conn.commit()
    conn.close()
    err = _assert_refused(path, NotAWorkspaceError)
    assert "SQLite database but not a Resilience Desktop workspace" in str(err)


def test_folder_is_not_a_workspace(tmp_path):
    folder = tmp_path / "folder.rdw"
    folder.mkdir()
    (folder / "inside.txt").write_text("x")
    with pytest.raises(NotAWorkspaceError, match="is a folder"):
        Workspace.open(folder)
    assert [p.name for p in folder.iterdir()] == ["inside.txt"]


def test_missing_file_is_a_clear_error_and_not_created(tmp_path):
    with pytest.raises(WorkspaceError, match="no workspace at"):
        Workspace.open(tmp_path / "missing.rdw")
    assert not (tmp_path / "missing.rdw").exists()


def test_refused_file_does_not_stay_locked(tmp_path):
    path = tmp_path / "notes.rdw"
    path.write_text("text")
    for _ in range(2):   # the second attempt must fail the same way, not as "locked"
        with pytest.raises(NotAWorkspaceError):
            Workspace.open(path)


# ------------------------------------------------------------------ corrupt
@pytest.mark.parametrize("keep", ["half", "one page", "header only", "magic only"])
def test_truncated_workspace_is_corrupt(saved, keep):
    data = saved.read_bytes()
    size = {"half": len(data) // 2, "one page": 4096, "header only": 100, "magic only": 20}[keep]
    saved.write_bytes(data[:size])
    err = _assert_refused(saved, WorkspaceCorruptError)
    assert "damaged" in str(err) and "no backups beside it" in str(err)  # none taken yet: no folder to point at
    backups = saved.parent / "saved.rdw.backups"
    backups.mkdir(exist_ok=True)
    (backups / "saved-20261203T101500.rdw").write_bytes(data)
    with pytest.raises(WorkspaceCorruptError) as info:
        Workspace.open(saved)
    assert "damaged" in str(info.value) and "saved.rdw.backups/" in str(info.value)
    assert [p.name for p in backups.iterdir()] == ["saved-20261203T101500.rdw"]  # nothing added or removed


def test_every_garbled_page_is_reported_as_corrupt(saved):
    data = saved.read_bytes()
    page = _page_size(saved)
    rng = random.Random(7)
    pages = len(data) // page
    assert pages > 5
    for n in range(pages):
        start = 100 if n == 0 else n * page       # keep the header: that case is "not a workspace"
        garbled = bytearray(data)
        garbled[start:(n + 1) * page] = rng.randbytes((n + 1) * page - start)
        saved.write_bytes(bytes(garbled))
        _assert_refused(saved, WorkspaceCorruptError, read_only_too=False)


def test_corrupt_message_is_one_line(saved):
    """SQLite's integrity report spans lines; the message a user (and the CLI) sees must not."""
    data = bytearray(saved.read_bytes())
    page = _page_size(saved)
    messages = []
    for n in range(1, len(data) // page):
        garbled = bytearray(data)
        garbled[n * page:(n + 1) * page] = b"\xff" * page
        saved.write_bytes(bytes(garbled))
        with pytest.raises(WorkspaceCorruptError) as info:
            Workspace.open(saved)
        messages.append(str(info.value))
    assert messages and all("\n" not in m and "***" not in m for m in messages)


# ------------------------------------------------------------------ too new
def test_workspace_from_a_newer_app_is_refused(saved):
    conn = sqlite3.connect(saved)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    err = _assert_refused(saved, WorkspaceTooNewError)
    assert f"format {SCHEMA_VERSION + 1}" in str(err) and "update the app" in str(err)


# ------------------------------------------------------------------ locked
def test_second_writer_is_refused_and_a_reader_works_alongside(saved):
    writer = Workspace.open(saved)
    try:
        before = sha256_file(saved)
        with pytest.raises(WorkspaceLockedError, match="open in another running Resilience Desktop"):
            Workspace.open(saved)
        assert sha256_file(saved) == before

        with Workspace.open(saved, read_only=True) as reader:
            assert reader.read_only
            assert [c.name for c in reader.list_cities()] == ["Testgrad"]
            writer.add_city("Second", "UZ")
            assert [c.name for c in reader.list_cities()] == ["Second", "Testgrad"]   # sees committed edits
            with pytest.raises(WorkspaceReadOnlyError):
                reader.add_city("Third", "KZ")
            assert len(reader.list_cities()) == 2
    finally:
        writer.close()
    with Workspace.open(saved) as again:       # closing releases the lock
        assert len(again.list_cities()) == 2


def test_workspace_open_in_another_process_is_refused(saved):
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; from resilience_desktop.workspace.facade import Workspace\n"
         f"ws = Workspace.open({str(saved)!r}); print('open', flush=True); sys.stdin.read(); ws.close()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        before = sha256_file(saved)
        with pytest.raises(WorkspaceLockedError):
            Workspace.open(saved)
        assert sha256_file(saved) == before
        with Workspace.open(saved, read_only=True) as reader:
            assert [c.name for c in reader.list_cities()] == ["Testgrad"]
    finally:
        holder.communicate("", timeout=10)
    assert holder.returncode == 0


def test_creating_over_an_existing_file_is_refused(saved):
    before = sha256_file(saved)
    with pytest.raises(WorkspaceError, match="already exists"):
        create_database(saved)
    assert sha256_file(saved) == before


# ------------------------------------------------------------------ backups
def _cities_in(path: Path) -> int:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM cities").fetchone()[0]
    finally:
        conn.close()


def test_rolling_backups_keep_the_newest(saved):
    opens = BACKUPS_KEPT + 3
    for i in range(opens):
        with Workspace.open(saved) as ws:      # backup taken here, then one more city
            ws.add_city(f"City {i}", "KG")
    backups = sorted(backups_dir(saved).iterdir())
    assert len(backups) == BACKUPS_KEPT
    # Open number i backed up 1 + i cities; only the last BACKUPS_KEPT opens are kept.
    assert [_cities_in(b) for b in backups] == list(range(1 + opens - BACKUPS_KEPT, 1 + opens))
    assert all(b.suffix == ".rdw" for b in backups)


def test_backup_can_be_skipped_or_rate_limited(saved):
    Workspace.open(saved, backup=False).close()
    assert not backups_dir(saved).exists()
    for _ in range(3):
        Workspace.open(saved, backup_min_age_s=600).close()
    assert len(list(backups_dir(saved).iterdir())) == 1


def test_backup_is_a_working_workspace(saved, tmp_path):
    Workspace.open(saved).close()
    (backup,) = backups_dir(saved).iterdir()
    restored = Path(shutil.copy(backup, tmp_path / "restored.rdw"))
    with Workspace.open(restored) as ws, Workspace.open(saved, read_only=True) as original:
        assert snapshot(ws) == snapshot(original)


# ------------------------------------------------------------------ connection settings
def test_wal_and_foreign_keys_while_open(workspace):
    conn = workspace._db.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with pytest.raises(sqlite3.IntegrityError):
        with workspace._db.transaction() as c:
            c.execute("INSERT INTO assessments (id, city_id, scorecard_id, scorecard_version, title,"
                      " created_at, updated_at) VALUES ('a', 'no-such-city', 'mini', 1, 't', 'n', 'n')")


def test_closed_workspace_is_one_portable_file(saved, tmp_path):
    with Workspace.open(saved) as ws:
        ws.add_city("Late edit", "TJ")
    assert not saved.with_name(saved.name + "-wal").exists()
    elsewhere = tmp_path / "copied" / "moved.rdw"
    elsewhere.parent.mkdir()
    shutil.copy(saved, elsewhere)              # the .rdw alone, as a user would copy it
    with Workspace.open(elsewhere) as ws:
        assert sorted(c.name for c in ws.list_cities()) == ["Late edit", "Testgrad"]


def test_transaction_is_all_or_nothing(workspace):
    with pytest.raises(RuntimeError):
        with workspace._db.transaction() as c:
            c.execute("INSERT INTO meta (key, value) VALUES ('a', '1')")
            raise RuntimeError("boom")
    assert workspace.get_meta("a") is None


# ------------------------------------------------------------------ the change log
def test_change_log_is_append_only(saved):
    with Workspace.open(saved) as ws:
        log = ws.history()
        assert len(log) >= 5
        conn = ws._db.conn
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("UPDATE change_log SET who = 'someone else'")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM change_log WHERE seq = 1")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM change_log")
        assert ws.history() == log
    raw = sqlite3.connect(saved)            # not even a plain connection, without the app
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        raw.execute("UPDATE change_log SET new_value = NULL")
    raw.close()
