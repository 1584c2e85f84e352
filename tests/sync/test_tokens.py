"""Sync tokens live outside the workspace file: the keyring or the user's 0600 token file, the
workspace keeps a reference; an old workspace's tokens move out on first open; a copy on another
computer asks for its token again (CLI and sync)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend

from resilience_desktop.bundle import export_bundle
from resilience_desktop.national import open_store
from resilience_desktop.national.access import add_token
from resilience_desktop.store import SCHEMA_VERSION
from resilience_desktop.store import secrets
from resilience_desktop.sync import sync_now
from resilience_desktop.workspace.facade import Workspace

from ..fixtures import WORKSPACES_DIR, run_cli
from .helpers import Receiver, city_assessments, copy_demo


def cli(*args: str) -> tuple[int, str, str]:
    done = run_cli(*args)
    return done.returncode, done.stdout, done.stderr

TOKEN = "rdt_Жетысу-secret-0123456789abcdef"


class MemoryKeyring(KeyringBackend):
    """A real (priority > 0) keyring backend kept in memory: stands in for the OS keyring."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.saved: dict[tuple[str, str], str] = {}

    def set_password(self, service: str, username: str, password: str) -> None:
        self.saved[(service, username)] = password

    def get_password(self, service: str, username: str) -> str | None:
        return self.saved.get((service, username))

    def delete_password(self, service: str, username: str) -> None:
        self.saved.pop((service, username), None)


@pytest.fixture(autouse=True)
def fresh_cache():
    secrets.clear_cache()
    yield
    secrets.clear_cache()


def _file_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


def _as_previous_version(path: Path, token: str) -> None:
    """Turn a current workspace into what the previous schema wrote: the token in the destination's row.
    (Undoes only the token migration: when a later migration is added, undo that one here too.)"""
    from resilience_desktop.store import schema
    assert schema.MIGRATIONS[-1] is schema._v11_to_v12, "the token migration is no longer the last one"
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE sync_destinations DROP COLUMN token_ref")
    conn.execute("INSERT INTO sync_destinations (name, kind, url, token, ca_file, created_at, updated_at) VALUES"
                 " ('national', 'https', 'http://127.0.0.1:9', ?, NULL, '2026-11-01T10:00:00', '2026-11-01T10:00:00')",
                 (token,))
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    conn.commit()
    conn.execute("VACUUM")
    conn.close()
    assert token.encode() in path.read_bytes()


def test_a_new_token_goes_to_the_user_file_not_the_workspace(workspace, isolated_home):
    box = workspace.outbox
    dest, _ = box.add_destination("national", "https://platform.example.kg", token=TOKEN)
    assert dest.token == TOKEN and dest.token_ref and not dest.needs_token
    row = workspace._db.query("SELECT token, token_ref FROM sync_destinations")[0]
    assert row == {"token": None, "token_ref": dest.token_ref}
    assert TOKEN.encode() not in _file_bytes(workspace.path)
    file = secrets.secrets_file()
    assert file.is_relative_to(isolated_home)  # the test's XDG_CONFIG_HOME, never the real one
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    assert json.loads(file.read_text("utf-8"))["tokens"] == {dest.token_ref: TOKEN}
    secrets.clear_cache()
    assert box.destination("national").token == TOKEN  # read back from the file
    assert box.update_destination("national", token="rdt_new").token == "rdt_new"
    assert json.loads(file.read_text("utf-8"))["tokens"] == {dest.token_ref: "rdt_new"}
    box.remove_destination("national")
    assert json.loads(file.read_text("utf-8"))["tokens"] == {}


def test_a_real_keyring_is_used_when_there_is_one(workspace, monkeypatch):
    ring = MemoryKeyring()
    monkeypatch.setattr(secrets, "_keyring", lambda: ring)
    dest, _ = workspace.outbox.add_destination("national", "https://platform.example.kg", token=TOKEN)
    assert ring.saved == {(secrets.SERVICE, dest.token_ref): TOKEN}
    assert not secrets.secrets_file().exists()
    secrets.clear_cache()
    assert workspace.outbox.destination("national").token == TOKEN
    workspace.outbox.remove_destination("national")
    assert ring.saved == {}


def test_a_keyring_that_fails_falls_back_to_the_file(workspace, monkeypatch):
    class Locked(MemoryKeyring):
        def set_password(self, service: str, username: str, password: str) -> None:
            raise RuntimeError("the keyring is locked")
    monkeypatch.setattr(secrets, "_keyring", Locked)
    dest, _ = workspace.outbox.add_destination("national", "https://platform.example.kg", token=TOKEN)
    assert json.loads(secrets.secrets_file().read_text("utf-8"))["tokens"] == {dest.token_ref: TOKEN}


def test_a_widened_token_file_is_narrowed_again(workspace):
    dest, _ = workspace.outbox.add_destination("national", "https://platform.example.kg", token=TOKEN)
    os.chmod(secrets.secrets_file(), 0o644)
    secrets.clear_cache()
    assert secrets.get_secret(dest.token_ref) == TOKEN
    assert stat.S_IMODE(secrets.secrets_file().stat().st_mode) == 0o600


def test_a_damaged_token_file_refuses_to_save_and_changes_nothing(workspace):
    file = secrets.secrets_file()
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text("{not json", encoding="utf-8")
    with pytest.raises(Exception, match="token file"):
        workspace.outbox.add_destination("national", "https://platform.example.kg", token=TOKEN)
    assert workspace.outbox.destinations() == [] and file.read_text("utf-8") == "{not json"


def test_the_previous_version_moves_its_token_out_on_first_open(tmp_path, demo_template, capsys):
    """A workspace of the previous schema with a token: after open no token text is in the file (nor its
    WAL), the token is in the user's token file, the destination still has it."""
    path = copy_demo(demo_template, tmp_path)
    _as_previous_version(path, TOKEN)
    with Workspace.open(path) as ws:
        dest = ws.outbox.destination("national")
        assert dest.token == TOKEN and dest.token_ref and not dest.needs_token
        conn = sqlite3.connect(path)  # what `sqlite3` on the open file sees (WAL included)
        dumped = "\n".join(conn.iterdump())
        conn.close()
        assert TOKEN not in dumped and dest.token_ref in dumped
        assert TOKEN.encode() not in _file_bytes(path)
    assert TOKEN.encode() not in path.read_bytes()
    backups = list(path.with_name(path.name + ".backups").iterdir())
    assert backups and not any(TOKEN.encode() in b.read_bytes() for b in backups)  # the one taken before upgrading
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert json.loads(secrets.secrets_file().read_text("utf-8"))["tokens"] == {dest.token_ref: TOKEN}
    code, out, _err = cli("sync", "list-destinations", "--workspace", str(path), "--json")
    assert code == 0 and json.loads(out)[0]["has_token"] is True


def test_a_copy_on_another_computer_needs_its_token_again(tmp_path, demo_template, isolated_home, capsys):
    path = copy_demo(demo_template, tmp_path)
    with Workspace.open(path) as ws:
        _city, assessments = city_assessments(ws)
        ws.outbox.add_destination("national", "http://127.0.0.1:9", token=TOKEN)
        export_bundle(ws, assessments[0], tmp_path / "b1.zip")
    # "another computer": the same file, an empty config folder, nothing cached
    shutil.rmtree(secrets.secrets_file().parent)
    secrets.clear_cache()
    code, out, _err = cli("sync", "list-destinations", "--workspace", str(path), "--json")
    assert code == 0 and json.loads(out)[0] | {"has_token": False, "needs_token": True} == json.loads(out)[0]
    code, out, _err = cli("sync", "now", "--workspace", str(path))
    first = out.splitlines()[0]
    assert code == 1 and first == ("the destination national needs its token again: tokens stay on the computer"
                                   " where they were entered, not in the workspace file; give it with 'sync"
                                   " set-token national --token T'.")
    code, out, _err = cli("sync", "status", "--workspace", str(path), "--json")
    item = json.loads(out)[0]
    assert item["state"] == "failed" and "needs its token again" in item["reason"]
    code, out, _err = cli("sync", "set-token", "national", "--token", TOKEN, "--workspace", str(path), "--json")
    assert code == 0 and json.loads(out)["needs_token"] is False
    assert TOKEN.encode() not in path.read_bytes()
    with Workspace.open(path) as ws:
        assert ws.outbox.destination("national").token == TOKEN


def test_set_token_refuses_a_folder_destination(tmp_path, demo_template):
    path = copy_demo(demo_template, tmp_path)
    (tmp_path / "usb").mkdir()
    with Workspace.open(path) as ws:
        ws.outbox.add_destination("usb", str(tmp_path / "usb"))
    code, _out, err = cli("sync", "set-token", "usb", "--token", "rdt_x", "--workspace", str(path))
    assert code == 2 and len(err.strip().splitlines()) == 1 and "folder" in err


def test_frozen_v5_workspace_migrates_with_no_token_references(tmp_path, mini_registry):
    path = Path(shutil.copy(WORKSPACES_DIR / "v5.rdw", tmp_path / "v5.rdw"))
    with Workspace.open(path, registry=mini_registry) as ws:
        assert ws.outbox.destinations() == []
        assert "token_ref" in {r["name"] for r in ws._db.query("PRAGMA table_info(sync_destinations)")}
    assert not secrets.secrets_file().exists()


@pytest.mark.slow
def test_sync_still_works_after_the_token_moved_out(tmp_path, demo_template):
    receiver = Receiver(f"sqlite:///{tmp_path / 'national.db'}")
    path = copy_demo(demo_template, tmp_path)
    with Workspace.open(path) as ws:
        city, assessments = city_assessments(ws)
    with open_store(receiver.db) as store:
        token, _ = add_token(store, city)
    _as_previous_version(path, token)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE sync_destinations SET url = ?", (receiver.url,))
    conn.commit()
    conn.close()
    receiver.start()
    try:
        with Workspace.open(path) as ws:
            export_bundle(ws, assessments[0], tmp_path / "b1.zip")
            report = sync_now(ws)
            assert [i.state for i in report.items] == ["delivered"]
            assert report.items[0].receipt["outcome"] == "imported"
    finally:
        receiver.stop()
    assert token.encode() not in path.read_bytes()
