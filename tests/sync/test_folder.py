"""The folder transport, with a second process playing the platform (``national import-folder``)."""

from __future__ import annotations

import json
import zipfile

from resilience_desktop.bundle import export_bundle
from resilience_desktop.sync import sync_now
from resilience_desktop.workspace.facade import Workspace

from ..fixtures import run_cli
from .helpers import city_assessments, copy_demo


def _platform(folder, db):
    """The platform's side, in its own process."""
    done = run_cli("national", "import-folder", folder, "--db", db, "--create", "--json", timeout=180)
    assert done.returncode in (0, 2), done.stderr
    return done.returncode, json.loads(done.stdout)["results"]


def _city_syncing_to_a_stick(tmp_path, demo_template):
    """A copy of the demo whose city's first assessment syncs to the folder ``usb`` (a stick), and the
    platform's store beside it: ``(usb, db, workspace path, assessment id)``."""
    usb = tmp_path / "usb"
    usb.mkdir()
    path = copy_demo(demo_template, tmp_path)
    with Workspace.open(path) as ws:
        _city, (aid, *_rest) = city_assessments(ws)
        ws.outbox.add_destination("usb", str(usb))
    return usb, str(tmp_path / "national.db"), path, aid


def test_folder_sync_round_trip_with_the_platform_in_another_process(tmp_path, demo_template):
    usb, db, path, aid = _city_syncing_to_a_stick(tmp_path, demo_template)
    with Workspace.open(path) as ws:
        r1 = export_bundle(ws, aid, tmp_path / "r1.zip")
        first = sync_now(ws)
        [item] = first.items
        assert (item.state, "waiting for the platform" in item.reason) == ("sending", True)
        assert first.waiting  # the CLI exits 1: the receipt has not come back yet
    copied = list((usb / "outbox").iterdir())
    assert [p.name for p in copied] == [f"{aid}_r1_{r1.sha256[:12]}.zip"]
    assert copied[0].read_bytes() == (tmp_path / "r1.zip").read_bytes()
    (usb / "outbox" / ".half-written.zip.part").write_bytes(b"PK\x03\x04 partial")  # a copy in progress: ignored

    code, results = _platform(usb, db)
    assert code == 0 and [(r["file"], r["receipt"]["outcome"]) for r in results] == [(copied[0].name, "imported")]
    receipt = json.loads((usb / "receipts" / f"{r1.sha256}.json").read_text(encoding="utf-8"))
    assert receipt["outcome"] == "imported" and receipt["sha256"] == r1.sha256
    assert _platform(usb, db)[1] == []  # run again: nothing new

    with Workspace.open(path) as ws:
        report = sync_now(ws)
        [item] = report.items
        assert (item.state, item.receipt["outcome"], report.waiting) == ("delivered", "imported", [])
        assert (tmp_path / "r1.zip").exists()


def test_a_bundle_altered_on_the_stick_is_rejected_then_replaced_by_the_citys_copy(tmp_path, demo_template):
    usb = tmp_path / "usb"
    usb.mkdir()
    path = copy_demo(demo_template, tmp_path)
    with Workspace.open(path) as ws:
        _city, (aid, *_rest) = city_assessments(ws)
        ws.outbox.add_destination("usb", str(usb))
        export_bundle(ws, aid, tmp_path / "r1.zip")
        sync_now(ws)
    [copy] = list((usb / "outbox").iterdir())
    # someone edits the bundle on the stick: the file the platform hashes is not the city's
    with zipfile.ZipFile(copy, "a") as zf:
        zf.writestr("data/extra.txt", "slipped in")
    db = str(tmp_path / "national.db")
    code, results = _platform(usb, db)
    assert code == 2 and results[0]["receipt"]["outcome"] == "rejected"
    assert "extra" in results[0]["receipt"]["reason"]
    with Workspace.open(path) as ws:
        [item] = sync_now(ws).items
        # the receipt is for another file (hash): not the city's; its own copy is written again
        assert item.state == "sending" and item.receipt is None
    assert zipfile.ZipFile(copy).namelist().count("data/extra.txt") == 0
    code, results = _platform(usb, db)
    assert code == 0 and results[0]["receipt"]["outcome"] == "imported"
    with Workspace.open(path) as ws:
        assert sync_now(ws).items[0].state == "delivered"


def test_a_missing_folder_is_offline_not_an_error(tmp_path, demo_template):
    usb = tmp_path / "usb"
    usb.mkdir()
    path = copy_demo(demo_template, tmp_path)
    with Workspace.open(path) as ws:
        _city, (aid, *_rest) = city_assessments(ws)
        ws.outbox.add_destination("usb", str(usb))
        export_bundle(ws, aid, tmp_path / "r1.zip")
        usb.rmdir()  # the stick was unplugged
        report = sync_now(ws)
        assert report.offline and report.items[0].state == "failed"
        assert "not available" in report.items[0].reason


def test_a_mistyped_store_is_not_made_silently(tmp_path):
    """A re-trial: import-folder made a new store at a mistyped --db, and the cities' receipts said
    "imported" into it (national import asks for --create)."""
    (tmp_path / "usb" / "outbox").mkdir(parents=True)
    r = run_cli("national", "import-folder", tmp_path / "usb", "--db", tmp_path / "typo.sqlite")
    assert r.returncode == 2 and "no national store" in r.stderr and not (tmp_path / "typo.sqlite").exists()


def _revision_three_held(tmp_path, demo_template):
    """A city syncing through a stick: revision 1 delivered, then 2 and 3 sent and 2 lost on the way, so the
    platform holds 3 (it cannot be checked against its chain). Returns the stick, the store, the workspace,
    the bundles of revisions 2 and 3, and the platform's answer to that run."""
    usb, db, path, aid = _city_syncing_to_a_stick(tmp_path, demo_template)
    with Workspace.open(path) as ws:
        export_bundle(ws, aid, tmp_path / "r1.zip")
        sync_now(ws)
        assert _platform(usb, db)[0] == 0
        r2 = export_bundle(ws, aid, tmp_path / "r2.zip")
        r3 = export_bundle(ws, aid, tmp_path / "r3.zip")
        sync_now(ws)
    (usb / "outbox" / f"{aid}_r2_{r2.sha256[:12]}.zip").unlink()  # revision 2 lost on the way: 3 cannot be checked
    return usb, db, path, r2, r3, _platform(usb, db)


def test_a_held_bundle_waits_as_held_then_the_reviewers_decision_reaches_the_city(tmp_path, demo_template):
    """A trial: a bundle held for review got a receipt the city could not read ("held" was no outcome of
    a receipt), so its sync waited for ever; and a reviewer's decision never reached the city at all."""
    from resilience_desktop.national import open_store
    from resilience_desktop.national.review import list_pending

    usb, db, path, _r2, r3, (code, results) = _revision_three_held(tmp_path, demo_template)
    assert code == 2 and [r["receipt"]["outcome"] for r in results] == ["held"]
    with Workspace.open(path) as ws:
        items = {i.revision: i for i in sync_now(ws).items}
        assert items[3].state == "sending" and items[3].receipt["outcome"] == "held"
        assert items[3].reason.startswith("held for review at the national platform: ")
        assert "revision 2 missing" in items[3].reason and "pending accept" not in items[3].reason, items[3].reason
        assert items[2].state == "sending"  # copied to the stick again

    with open_store(db) as store:  # the reviewer does not wait for revision 2: rejects 3, saying why
        [held] = list_pending(store)
    done = run_cli("national", "pending", "reject", held["id"], "--db", db, "--reason",
                   "revision 2 never came; send both again", "--json")
    assert done.returncode == 0 and json.loads(done.stdout)["rejected"]["reason"] == "revision 2 never came; send both again"
    listed = json.loads(run_cli("national", "pending", "list", "--all", "--db", db, "--json").stdout)["pending"]
    assert [(p["decision"], p["decision_reason"]) for p in listed] == [("rejected", "revision 2 never came; send both again")]
    code, results = _platform(usb, db)  # imports revision 2; rewrites the held receipt of 3
    assert [r["receipt"]["outcome"] for r in results] == ["imported"]
    receipt = json.loads((usb / "receipts" / f"{r3.sha256}.json").read_text(encoding="utf-8"))
    assert receipt["outcome"] == "rejected" and receipt["reason"].endswith("revision 2 never came; send both again")
    with Workspace.open(path) as ws:
        items = {i.revision: i for i in sync_now(ws).items}
        assert (items[2].state, items[3].state) == ("delivered", "rejected")
        assert "revision 2 never came" in items[3].reason


def test_a_held_bundle_accepted_by_the_reviewer_is_delivered_at_the_next_sync(tmp_path, demo_template):
    from resilience_desktop.national import open_store
    from resilience_desktop.national.review import list_pending

    usb, db, path, _r2, _r3, _held = _revision_three_held(tmp_path, demo_template)
    with open_store(db) as store:
        [held] = list_pending(store)
    done = run_cli("national", "pending", "accept", held["id"], "--db", db, "--reason", "phoned the city: r2 is lost")
    assert done.returncode == 0, done.stdout + done.stderr
    assert _platform(usb, db)[1] == []  # nothing new to import; the held receipt is rewritten
    with Workspace.open(path) as ws:
        items = {i.revision: i for i in sync_now(ws).items}
        assert items[3].state == "delivered" and items[3].receipt["outcome"] == "imported"
    listed = json.loads(run_cli("national", "pending", "list", "--all", "--db", db, "--json").stdout)["pending"]
    assert [(p["decision"], p["decision_reason"]) for p in listed] == [("accepted", "phoned the city: r2 is lost")]
    text = run_cli("--lang", "ru", "national", "pending", "list", "--all", "--db", db).stdout
    assert "phoned the city: r2 is lost" in text and "принят" in text, text
