"""The outbox in the workspace: migration, destinations, queueing on export, states, back-off, resume."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from resilience_desktop.bundle import export_bundle
from resilience_desktop.errors import InvalidInputError, NotFoundError
from resilience_desktop.store import SCHEMA_VERSION
from resilience_desktop.workspace.facade import Workspace
from resilience_desktop.workspace.outbox import backoff_seconds, classify_target

from ..fixtures import WORKSPACES_DIR, populate


def test_frozen_v5_workspace_migrates_with_empty_sync_tables(tmp_path, mini_registry):
    path = Path(shutil.copy(WORKSPACES_DIR / "v5.rdw", tmp_path / "v5.rdw"))
    with Workspace.open(path, registry=mini_registry) as ws:
        box = ws.outbox
        assert box.destinations() == [] and box.items() == []
        assert box.counts() == {"queued": 0, "sending": 0, "delivered": 0, "rejected": 0, "failed": 0}
        assert ws.query("SELECT COUNT(*) AS n FROM city_keys")[0]["n"] == 0
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert "path" in {r[1] for r in conn.execute("PRAGMA table_info(bundle_exports)")}
    conn.close()


def test_without_a_destination_export_works_as_before(workspace, tmp_path):
    _city, aid = populate(workspace)
    result = export_bundle(workspace, aid, tmp_path / "b.zip")
    assert result.queued_for == () and workspace.outbox.items() == []
    assert result.to_json()["queued_for"] == []


def test_every_export_is_queued_for_each_destination(workspace, tmp_path):
    _city, aid = populate(workspace)
    box = workspace.outbox
    (tmp_path / "usb").mkdir()
    box.add_destination("usb", str(tmp_path / "usb"))
    box.add_destination("national", "https://platform.example.kg", token="rdt_abc")
    events = []
    workspace.subscribe(events.append)
    r1 = export_bundle(workspace, aid, tmp_path / "r1.zip")
    assert r1.queued_for == ("national", "usb")
    assert any(e.entity == "outbox" for e in events)
    items = box.items()
    assert {(i.destination, i.revision, i.state, i.bundle) for i in items} == {
        ("national", 1, "queued", "r1.zip"), ("usb", 1, "queued", "r1.zip")}
    assert all(i.sha256 == r1.sha256 and i.bundle_path == str((tmp_path / "r1.zip").resolve()) for i in items)
    export_bundle(workspace, aid, tmp_path / "r2.zip", queue=False)
    assert len(box.items()) == 2  # the dialog's "queue for sync" unticked


def test_a_new_destination_gets_the_latest_export_of_each_assessment(workspace, tmp_path):
    _city, aid = populate(workspace)
    export_bundle(workspace, aid, tmp_path / "r1.zip")
    r2 = export_bundle(workspace, aid, tmp_path / "r2.zip")
    dest, queued = workspace.outbox.add_destination("local", "http://127.0.0.1:9")
    assert (dest.kind, queued) == ("https", 1)
    [item] = workspace.outbox.items()
    assert (item.revision, item.sha256) == (2, r2.sha256)


@pytest.mark.parametrize("target, message", [
    ("http://platform.example.kg", "only to this machine"),
    ("http://10.0.0.5:8765", "only to this machine"),
    ("ftp://platform.example.kg", "unknown address scheme"),
    ("https://", "names no host"),
    ("https://host:99999", "not a valid address"),
    ("/nonexistent/usb-stick", "is not a folder"),
    ("", "give the receiver"),
])
def test_bad_destinations_are_refused_and_change_nothing(workspace, target, message):
    with pytest.raises(InvalidInputError, match=message):
        workspace.outbox.add_destination("x", target)
    assert workspace.outbox.destinations() == []


def test_destination_rules(workspace, tmp_path):
    box = workspace.outbox
    with pytest.raises(InvalidInputError, match="only by an HTTPS"):
        box.add_destination("usb", str(tmp_path), token="rdt_x")
    with pytest.raises(InvalidInputError, match="no CA file"):
        box.add_destination("n", "https://platform.example.kg", ca_file=str(tmp_path / "missing.pem"))
    with pytest.raises(InvalidInputError, match="1 to 64"):
        box.add_destination("", "https://platform.example.kg")
    box.add_destination("n", "https://platform.example.kg/")
    assert box.destination("n").url == "https://platform.example.kg"
    with pytest.raises(InvalidInputError, match="already exists"):
        box.add_destination("n", "https://other.example.kg")
    assert box.update_destination("n", token="rdt_new").to_json()["has_token"] is True
    assert "token" not in box.destination("n").to_json()
    assert box.remove_destination("n") == 0
    with pytest.raises(NotFoundError):
        box.destination("n")
    assert classify_target("file://" + str(tmp_path)) == ("folder", str(tmp_path.resolve()))
    assert classify_target("http://[::1]:8765") == ("https", "http://[::1]:8765")


def test_states_back_off_and_resume_after_a_crash(tmp_path, mini_registry):
    path = tmp_path / "w.rdw"
    with Workspace.create(path, registry=mini_registry) as ws:
        _city, aid = populate(ws)
        box = ws.outbox
        box.add_destination("n", "http://127.0.0.1:9")
        export_bundle(ws, aid, tmp_path / "r1.zip")
        [item] = box.claim()
        assert (item.state, item.attempts) == ("sending", 1)
        failed = box.record(item.id, "failed", reason="cannot reach it")
        retry = datetime.fromisoformat(failed.next_retry_at)
        assert timedelta(seconds=25) < retry - datetime.now(timezone.utc) <= timedelta(seconds=30)
        assert box.claim(due_only=True) == []          # not due yet: a scheduler waits
        [again] = box.claim()                          # the user's "Sync now" does not
        assert (again.attempts, again.next_retry_at) == (2, None)
        failed = box.record(again.id, "failed", reason="still offline")
        assert datetime.fromisoformat(failed.next_retry_at) - datetime.now(timezone.utc) > timedelta(seconds=50)
        box.claim()  # the third attempt starts ... and the process dies here
    with Workspace.open(path, registry=mini_registry) as ws:
        box = ws.outbox
        [stale] = box.items()
        assert (stale.state, stale.attempts) == ("sending", 3)
        [resumed] = box.claim(due_only=True)           # a sending left by a crash is taken again
        assert resumed.attempts == 4
        done = box.record(resumed.id, "delivered", receipt={"outcome": "already_imported"})
        assert (done.state, done.receipt, done.reason) == ("delivered", {"outcome": "already_imported"}, "")
        assert done.delivered_at and done.sent_at
        assert box.claim() == []
        assert Path(tmp_path / "r1.zip").exists()      # nothing local is deleted


def test_release_gives_back_unattempted_items(workspace, tmp_path):
    _city, aid = populate(workspace)
    box = workspace.outbox
    box.add_destination("n", "http://127.0.0.1:9")
    export_bundle(workspace, aid, tmp_path / "r1.zip")
    [item] = box.claim()
    box.release([item.id])
    assert (box.item(item.id).state, box.item(item.id).attempts) == ("queued", 0)


def test_backoff_grows_and_is_capped():
    assert [backoff_seconds(n) for n in range(1, 6)] == [30, 60, 120, 240, 480]
    assert backoff_seconds(100) == 6 * 3600
