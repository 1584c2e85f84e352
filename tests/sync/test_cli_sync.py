"""The sync and national sync commands: their forms, JSON keys and exit codes (a contract)."""

from __future__ import annotations

import json

import pytest

from resilience_desktop.cli.main import main
from resilience_desktop.national import open_store
from resilience_desktop.workspace.facade import Workspace

from .helpers import city_assessments, copy_demo, free_port

ITEM_KEYS = {"bundle", "assessment_id", "revision", "destination", "state", "receipt", "reason", "attempts",
             "next_retry_at"}


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo(tmp_path, demo_template):
    path = copy_demo(demo_template, tmp_path)
    with Workspace.open(path) as ws:
        city, assessments = city_assessments(ws)
    return path, city, assessments


def test_destinations_add_list_remove(capsys, demo, tmp_path):
    path, _city, _a = demo
    (tmp_path / "usb").mkdir()
    code, out, _ = run(capsys, "sync", "add-destination", "usb", tmp_path / "usb", "--workspace", path, "--json")
    assert code == 0 and json.loads(out)["kind"] == "folder" and json.loads(out)["queued"] == 0
    code, out, _ = run(capsys, "sync", "add-destination", "national", "https://platform.example.kg", "--token",
                       "rdt_secret", "--workspace", path, "--json")
    added = json.loads(out)
    assert (added["has_token"], "token" in added) == (True, False)
    code, out, _ = run(capsys, "sync", "list-destinations", "--workspace", path, "--json")
    assert [d["name"] for d in json.loads(out)] == ["national", "usb"] and "rdt_secret" not in out
    code, out, _ = run(capsys, "sync", "remove-destination", "usb", "--workspace", path, "--json")
    assert (code, json.loads(out)) == (0, {"name": "usb", "removed_items": 0})


@pytest.mark.parametrize("target", ["http://platform.example.kg", "ftp://x", "/no/such/folder"])
def test_bad_destinations_exit_2_with_one_line(capsys, demo, target):
    path, _city, _a = demo
    code, out, err = run(capsys, "sync", "add-destination", "x", target, "--workspace", path)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert json.loads(run(capsys, "sync", "list-destinations", "--workspace", path, "--json")[1]) == []


def test_sync_now_exit_codes_and_status_keys(capsys, demo, tmp_path):
    path, _city, (aid, *_r) = demo
    code, out, _ = run(capsys, "sync", "now", "--workspace", path, "--json")
    assert code == 0 and json.loads(out)["attempted"] == 0          # nothing queued: nothing waits
    run(capsys, "sync", "add-destination", "national", f"http://127.0.0.1:{free_port()}", "--token", "rdt_x",
        "--workspace", path)
    code, out, _ = run(capsys, "bundle", "export", aid, "-o", tmp_path / "r1.zip", "--workspace", path, "--json")
    assert json.loads(out)["queued_for"] == ["national"]
    code, out, err = run(capsys, "sync", "now", "--workspace", path)
    assert code == 1 and "1 waiting (offline)" in out and err == ""  # offline is not an error
    code, out, _ = run(capsys, "sync", "status", "--workspace", path, "--json")
    [item] = json.loads(out)
    assert ITEM_KEYS <= set(item)
    assert (item["bundle"], item["revision"], item["state"], item["attempts"]) == ("r1.zip", 1, "failed", 1)
    assert item["receipt"] is None and item["next_retry_at"] and item["reason"]
    code, out, _ = run(capsys, "sync", "now", "--due-only", "--workspace", path, "--json")
    assert code == 1 and json.loads(out)["attempted"] == 0           # backing off


def test_national_tokens_keys_and_import_folder(capsys, demo, tmp_path):
    path, city, (aid, *_r) = demo
    db = tmp_path / "national.db"
    code, out, _ = run(capsys, "national", "token", "add", "--city", city, "--db", db, "--json")
    token = json.loads(out)
    assert code == 0 and token["token"].startswith("rdt_") and token["city_id"] == city
    with open_store(db) as store:
        stored = json.dumps(store.query("SELECT * FROM city_tokens"))
    assert token["token"] not in stored                                # only its hash is kept
    code, out, _ = run(capsys, "national", "token", "list", "--db", db, "--json")
    assert [t["token_id"] for t in json.loads(out)] == [token["token_id"]] and "rdt_" not in out
    code, out, _ = run(capsys, "national", "token", "revoke", token["token_id"], "--db", db, "--json")
    assert json.loads(out)["revoked_at"]
    assert run(capsys, "national", "token", "add", "--city", "not-a-uuid", "--db", db)[0] == 2

    code, out, _ = run(capsys, "city", "export-key", city, "-o", tmp_path / "city.pem", "--workspace", path, "--json")
    assert code == 0 and (tmp_path / "city.pem").read_text().startswith("-----BEGIN PUBLIC KEY-----")
    code, out, _ = run(capsys, "national", "key", "add", "--city", city, "--public-key", tmp_path / "city.pem",
                       "--db", db, "--json")
    assert json.loads(out)["key_id"] == json.loads(run(capsys, "city", "export-key", city, "-o", tmp_path / "k2.pem",
                                                       "--workspace", path, "--json")[1])["key_id"]
    (tmp_path / "bad.pem").write_text("not a key")
    assert run(capsys, "national", "key", "add", "--city", city, "--public-key", tmp_path / "bad.pem", "--db", db)[0] == 2

    usb = tmp_path / "usb"
    usb.mkdir()
    run(capsys, "sync", "add-destination", "usb", usb, "--workspace", path)
    run(capsys, "bundle", "export", aid, "-o", tmp_path / "r1.zip", "--workspace", path)
    assert run(capsys, "sync", "now", "--workspace", path)[0] == 1    # waits for the receipt
    code, out, _ = run(capsys, "national", "import-folder", usb, "--db", db, "--require-signatures", "--json")
    [row] = json.loads(out)["results"]
    assert code == 0 and row["receipt"]["outcome"] == "imported" and row["outcome"] == "imported"
    assert run(capsys, "sync", "now", "--workspace", path)[0] == 0
    assert run(capsys, "national", "import-folder", tmp_path / "nowhere", "--db", db)[0] == 2


def test_serve_refuses_bad_options_before_starting(capsys, tmp_path):
    assert run(capsys, "national", "serve", "--db", tmp_path / "n.db", "--workers", "0")[0] == 2
    assert run(capsys, "national", "serve", "--db", tmp_path / "n.db", "--ssl-certfile", "c.pem")[0] == 2
    code, out, err = run(capsys, "national", "serve", "--db", "mysql://x", "--json")
    assert (code, out) == (2, "") and "unknown database URL" in err


def test_a_rejection_comes_back_with_its_reason_and_exit_1(capsys, demo, tmp_path):
    from resilience_desktop.bundle.signing import new_private_key, public_key_bytes
    from resilience_desktop.national.access import add_public_key
    path, city, (aid, *_r) = demo
    db = tmp_path / "national.db"
    with open_store(db) as store:  # the platform holds another key for this city: a forgery, as far as it knows
        add_public_key(store, city, public_key_bytes(new_private_key()))
    usb = tmp_path / "usb"
    usb.mkdir()
    run(capsys, "sync", "add-destination", "usb", usb, "--workspace", path)
    run(capsys, "bundle", "export", aid, "-o", tmp_path / "r1.zip", "--workspace", path)
    run(capsys, "sync", "now", "--workspace", path)
    assert run(capsys, "national", "import-folder", usb, "--db", db)[0] == 2
    code, out, _ = run(capsys, "sync", "now", "--workspace", path, "--json")
    report = json.loads(out)
    assert (code, report["rejected"], report["waiting"]) == (1, 1, 0)
    [item] = report["items"]
    assert item["state"] == "rejected" and "not registered for city" in item["reason"]
    assert item["receipt"]["outcome"] == "rejected"
    assert run(capsys, "sync", "now", "--workspace", path)[0] == 0  # nothing left to send: rejected is final
