"""Forged bundles cannot rewrite the national store (issue 19): they are held for review or
refused, and the store's data is unchanged until a person decides."""

from __future__ import annotations

import json
import uuid

import pytest

from resilience_desktop.bundle.format import canonical_json
from resilience_desktop.national import city_summary, import_bundle, open_store

from ..bundle.conftest import small_bundle  # noqa: F401
from ..bundle.helpers import edit_json, rebag
from .helpers import refused


def list_pending(store, **kw):
    from resilience_desktop.national.review import list_pending
    return list_pending(store, **kw)


def accept_pending(store, pending_id, **kw):
    from resilience_desktop.national.review import accept_pending
    return accept_pending(store, pending_id, **kw)


def reject_pending(store, pending_id, **kw):
    from resilience_desktop.national.review import reject_pending
    return reject_pending(store, pending_id, **kw)


@pytest.fixture
def store(tmp_path, small_bundle, mini_registry):  # noqa: F811
    s = open_store(tmp_path / "national.db")
    assert import_bundle(s, small_bundle, registry=mini_registry).outcome == "imported"
    yield s
    s.close()


def _hijack(payload, identity):
    new = str(uuid.uuid4())
    identity["assessment_id"] = new
    a = json.loads(payload["data/assessment.json"])
    a["id"] = new
    payload["data/assessment.json"] = canonical_json(a)
    city = json.loads(payload["data/city.json"])
    city.update(name="HIJACKED (ZZ)", lon=0.0, lat=0.0)
    payload["data/city.json"] = canonical_json(city)


def test_another_chain_claiming_a_city_is_held_not_applied(store, small_bundle, tmp_path, mini_registry):  # noqa: F811
    before, cities = store.counts(), store.query("SELECT * FROM cities")
    forged = rebag(small_bundle, tmp_path / "hijack.zip", _hijack)
    r = import_bundle(store, forged, registry=mini_registry)
    assert r.outcome == "held" and not r.ok
    # the city by the name the store knows (not the forged one), and the missing signature, said
    assert "): Testgrad (" in r.reason and "already has another assessment" in r.reason
    assert "and it is not signed: a bundle from a new assessment" in r.reason
    assert store.counts() == before and store.query("SELECT * FROM cities") == cities
    assert city_summary(store)[0]["city"] == "Testgrad"
    assert import_bundle(store, forged, registry=mini_registry).pending_id == r.pending_id  # held once
    (held,) = list_pending(store)
    assert (held["id"], held["file_name"], held["city_id"]) == (r.pending_id, "hijack.zip", cities[0]["id"])
    assert reject_pending(store, r.pending_id, who="reviewer")["file_name"] == "hijack.zip"
    assert list_pending(store) == [] and store.counts() == before


def test_a_reviewer_can_accept_a_second_assessment_of_a_city(store, small_bundle, tmp_path, mini_registry):  # noqa: F811
    second = rebag(small_bundle, tmp_path / "second.zip", _hijack)
    r = import_bundle(store, second, registry=mini_registry)
    assert accept_pending(store, r.pending_id, who="reviewer", registry=mini_registry).outcome == "imported"
    assert store.counts()["bundles"] == 2
    with pytest.raises(Exception, match="already accepted"):
        accept_pending(store, r.pending_id, who="reviewer", registry=mini_registry)


def test_forged_revision_99_does_not_become_the_latest(store, small_bundle, tmp_path, mini_registry):  # noqa: F811
    def forge(payload, identity):
        identity.update(revision=99, previous_sha256="0" * 64)
        a = json.loads(payload["data/assessment.json"])
        for ans in a["answers"]:
            ans["score"] = 0 if ans["score"] is not None else None
        payload["data/assessment.json"] = canonical_json(a)
    latest = city_summary(store)
    r = import_bundle(store, rebag(small_bundle, tmp_path / "r99.zip", forge), registry=mini_registry)
    assert r.outcome == "held" and "revisions 2–98 missing" in r.reason
    assert city_summary(store) == latest and store.counts()["bundles"] == 1


def test_revision_with_a_broken_hash_chain_is_held(store, small_bundle, tmp_path, mini_registry):  # noqa: F811
    r = import_bundle(store, rebag(small_bundle, tmp_path / "r2.zip",
                                   lambda p, i: i.update(revision=2, previous_sha256="f" * 64)), registry=mini_registry)
    assert r.outcome == "held" and "does not continue revision 1" in r.reason


def test_forged_scorecard_snapshot_is_refused(store, small_bundle, tmp_path, mini_registry):  # noqa: F811
    def forge(card):
        card["questions"][0]["text"]["en"] = "Forged question text"
    before = store.counts()
    r = import_bundle(store, rebag(small_bundle, tmp_path / "snap.zip", edit_json("data/scorecard.json", forge)),
                      registry=mini_registry)
    assert r.outcome == "rejected" and "differs from the known definition of scorecard 'mini'" in r.reason
    assert store.counts() == before


def test_national_commands_never_create_a_store_unless_asked(tmp_path, capsys):
    typo = tmp_path / "typo.db"
    for argv in (["national", "summary", "--db", typo], ["national", "export", "--db", typo, "-o", tmp_path / "c.gpkg"],
                 ["national", "pending", "list", "--db", typo], ["national", "import", tmp_path / "x.zip", "--db", typo]):
        assert "give --create" in refused(capsys, *argv)
    assert not typo.exists() and not (tmp_path / "c.gpkg").exists()


def test_pending_cli(store, small_bundle, tmp_path, capsys, mini_registry):  # noqa: F811
    from resilience_desktop.cli.main import main
    r = import_bundle(store, rebag(small_bundle, tmp_path / "hijack.zip", _hijack), registry=mini_registry)
    db = str(tmp_path / "national.db")
    assert main(["national", "pending", "list", "--db", db, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["pending"]
    assert [x["id"] for x in rows] == [r.pending_id] and "another assessment" in rows[0]["reason"]
    assert main(["national", "pending", "list", "--db", db]) == 0
    assert f"city Testgrad ({rows[0]['city_id']}), revision 1" in capsys.readouterr().out  # the name people know
    assert "no held bundle 'nope'" in refused(capsys, "national", "pending", "reject", "nope", "--db", db)
    assert main(["national", "pending", "reject", r.pending_id, "--db", db]) == 0
    assert "rejected" in capsys.readouterr().out
    assert main(["national", "pending", "list", "--db", db]) == 0
    assert "no bundles held for review" in capsys.readouterr().out


def _signed_hijack(src, dst, key):
    """The hijack above, re-signed with ``key`` (the manifests recomputed first)."""
    from resilience_desktop.bundle.signing import SIGNATURE_FILE, sign_tag_manifest

    from ..bundle.helpers import read_members, write_zip
    from ..bundle.test_signing import _bag
    members = read_members(src)
    payload = {n: b for n, b in members.items() if n.startswith("data/")}
    identity = json.loads(members["bundle.json"])
    _hijack(payload, identity)
    bag = _bag(payload, identity)
    bag[SIGNATURE_FILE] = sign_tag_manifest(bag["tagmanifest-sha256.txt"], key)
    write_zip(bag, dst)
    return dst


def _city_private_key(small_bundle, mini_registry):  # noqa: F811
    import sqlite3

    from resilience_desktop.bundle.signing import private_key_from_bytes
    conn = sqlite3.connect(f"{(small_bundle.parent / 'small.rdw').as_uri()}?mode=ro", uri=True)
    try:
        raw = conn.execute("SELECT private_key FROM city_keys").fetchone()[0]
    finally:
        conn.close()
    return private_key_from_bytes(bytes(raw))


def test_a_new_assessment_signed_by_the_citys_own_key_is_applied(store, small_bundle, tmp_path, mini_registry):  # noqa: F811
    key = _city_private_key(small_bundle, mini_registry)
    second = _signed_hijack(small_bundle, tmp_path / "second.zip", key)
    r = import_bundle(store, second, registry=mini_registry)
    assert r.outcome == "imported", r.reason
    assert store.counts()["bundles"] == 2 and list_pending(store) == []


def test_a_new_assessment_signed_by_another_key_is_held(store, small_bundle, tmp_path, mini_registry):  # noqa: F811
    from resilience_desktop.bundle.signing import new_private_key
    before = store.counts()
    forged = _signed_hijack(small_bundle, tmp_path / "forged.zip", new_private_key())
    r = import_bundle(store, forged, registry=mini_registry)
    assert r.outcome == "held" and "already has another assessment" in r.reason
    assert "it is signed with key " in r.reason and ", which has not spoken for the city" in r.reason
    assert store.counts() == before


@pytest.mark.parametrize("field, text, problem", [
    ("name", "Testgrad\x00 (truncated in a GeoPackage)", "contains a NUL character at /name"),
    ("region", "North\udcff", "not valid Unicode (a lone surrogate) at /region"),
], ids=["NUL", "lone-surrogate"])
def test_a_nul_or_lone_surrogate_in_a_bundle_text_is_refused(small_bundle, tmp_path, capsys, mini_registry,  # noqa: F811
                                                             field, text, problem):
    """Before, the NUL reached the E-2 CSV raw and cut the city's name in the national GeoPackage."""
    from resilience_desktop.cli.main import main

    def forge(payload, identity):
        city = json.loads(payload["data/city.json"])
        city[field] = text
        payload["data/city.json"] = json.dumps(city).encode("ascii")  # \u0000 and \udcff escapes, as a forger writes them
    bad = rebag(small_bundle, tmp_path / "bad-text.zip", forge)
    with open_store(tmp_path / "fresh.db") as store:
        r = import_bundle(store, bad, registry=mini_registry)
        assert r.outcome == "rejected" and problem in r.reason and "data/city.json" in r.reason
        assert store.query("SELECT * FROM cities") == []
    assert main(["bundle", "verify", str(bad)]) == 2
    out, err = capsys.readouterr()
    assert problem in out + err and "Traceback" not in err


def _next_revision(src, dst, key=None, score=3):
    """Revision 2 of ``src`` with its first answer's score changed and the manifests recomputed;
    signed with ``key``, else without a signature (as someone who edited it would leave it)."""
    import hashlib

    from resilience_desktop.bundle.signing import SIGNATURE_FILE, sign_tag_manifest

    from ..bundle.helpers import read_members, write_zip
    from ..bundle.test_signing import _bag
    members = read_members(src)
    payload = {n: b for n, b in members.items() if n.startswith("data/")}
    identity = json.loads(members["bundle.json"])
    identity.update(revision=2, previous_sha256=hashlib.sha256(src.read_bytes()).hexdigest())
    a = json.loads(payload["data/assessment.json"])
    a["answers"][0]["score"] = score
    payload["data/assessment.json"] = canonical_json(a)
    bag = _bag(payload, identity)
    if key is not None:
        bag[SIGNATURE_FILE] = sign_tag_manifest(bag["tagmanifest-sha256.txt"], key)
    write_zip(bag, dst)
    return dst


def test_an_unsigned_revision_of_a_signed_chain_is_held(store, small_bundle, tmp_path, mini_registry):  # noqa: F811
    """The trial's forgery: a score edited, every checksum recomputed, the signature dropped. It was
    imported as the next revision of a city whose revision 1 was signed; the genuine revision 2 was
    then refused as a conflict."""
    before, latest = store.counts(), city_summary(store)
    forged = _next_revision(small_bundle, tmp_path / "forged-r2.zip")
    r = import_bundle(store, forged, registry=mini_registry)
    assert r.outcome == "held" and "is not signed, but the earlier revisions" in r.reason, r.reason
    assert store.counts() == before and city_summary(store) == latest
    genuine = _next_revision(small_bundle, tmp_path / "r2.zip", _city_private_key(small_bundle, mini_registry), 2)
    r = import_bundle(store, genuine, registry=mini_registry)
    assert r.outcome == "imported" and r.warnings == [
        "forged-r2.zip (revision 2), held for review, is closed: that revision is in the store with other content"]
    assert list_pending(store) == [] and list_pending(store, include_decided=True)[0]["decision"] == "rejected"


def test_a_revision_signed_by_another_key_is_held_and_an_accepted_key_signs_on(store, small_bundle, tmp_path,  # noqa: F811
                                                                               mini_registry):
    """A city that reinstalled signs with a new key: a reviewer decides once, and the chain's later
    revisions signed by that key go in without a second decision."""
    from resilience_desktop.bundle.signing import new_private_key
    new_key = new_private_key()
    r = import_bundle(store, _next_revision(small_bundle, tmp_path / "r2.zip", new_key), registry=mini_registry)
    assert r.outcome == "held" and "not by the key that signed the earlier revisions" in r.reason, r.reason
    assert accept_pending(store, r.pending_id, who="reviewer", registry=mini_registry).outcome == "imported"

    def revision_3(payload, identity):
        identity.update(revision=3, previous_sha256=r.sha256)
    from resilience_desktop.bundle.signing import SIGNATURE_FILE, sign_tag_manifest

    from ..bundle.helpers import read_members, write_zip
    from ..bundle.test_signing import _bag
    members = read_members(tmp_path / "r2.zip")
    identity = json.loads(members["bundle.json"])
    revision_3(None, identity)
    bag = _bag({n: b for n, b in members.items() if n.startswith("data/")}, identity)
    bag[SIGNATURE_FILE] = sign_tag_manifest(bag["tagmanifest-sha256.txt"], new_key)
    write_zip(bag, tmp_path / "r3.zip")
    assert import_bundle(store, tmp_path / "r3.zip", registry=mini_registry).outcome == "imported"


def test_import_folder_says_outcomes_in_words_and_a_held_file_is_not_a_success(small_bundle, tmp_path,  # noqa: F811
                                                                               mini_registry, monkeypatch):
    """A trial: import-folder printed the receipt codes (imported, held, already_imported) and exited 0
    for a bundle held for review, where national import exits 2 and says why."""
    import shutil

    from ..fixtures import SCORECARDS_DIR, run_cli
    monkeypatch.setenv("RESILIENCE_SCORECARDS", str(SCORECARDS_DIR))  # the CLI knows the 'mini' scorecard
    db = tmp_path / "n.db"
    assert run_cli("national", "import", small_bundle, "--db", db, "--create").returncode == 0
    outbox = tmp_path / "usb" / "outbox"
    outbox.mkdir(parents=True)
    shutil.copy(small_bundle, outbox / "r1.zip")
    rebag(small_bundle, outbox / "hijack.zip", _hijack)
    r = run_cli("--lang", "ru", "national", "import-folder", tmp_path / "usb", "--db", db)
    lines = sorted(r.stdout.strip().splitlines())
    assert r.returncode == 2, r.stdout + r.stderr
    assert lines[0].startswith("hijack.zip (редакция 1): отложен для проверки как ") and \
        lines[0].count("отложен для проверки") == 1  # said once, not "held for review (…): held for review as …"
    assert "r1.zip: уже импортирован (редакция 1)" in lines


def test_a_revision_held_for_a_gap_goes_in_when_the_gap_is_filled(store, small_bundle, tmp_path, mini_registry):  # noqa: F811
    """A trial: revision 3 held (revision 2 missing) stayed held after revision 2 came; its review
    stayed open even when it was imported directly."""
    import hashlib

    from resilience_desktop.bundle.signing import SIGNATURE_FILE, sign_tag_manifest

    from ..bundle.helpers import read_members, write_zip
    from ..bundle.test_signing import _bag
    key = _city_private_key(small_bundle, mini_registry)
    r2 = _next_revision(small_bundle, tmp_path / "r2.zip", key, 2)
    members = read_members(r2)
    identity = json.loads(members["bundle.json"])
    identity.update(revision=3, previous_sha256=hashlib.sha256(r2.read_bytes()).hexdigest())
    bag = _bag({n: b for n, b in members.items() if n.startswith("data/")}, identity)
    bag[SIGNATURE_FILE] = sign_tag_manifest(bag["tagmanifest-sha256.txt"], key)
    write_zip(bag, tmp_path / "r3.zip")
    r3 = tmp_path / "r3.zip"
    held = import_bundle(store, r3, registry=mini_registry)
    assert held.outcome == "held" and "follows revision 1 with revision 2 missing" in held.reason, held.reason
    r = import_bundle(store, r2, registry=mini_registry)
    assert r.outcome == "imported" and any("r3.zip (revision 3), held for review, is imported" in w for w in r.warnings)
    assert store.query("SELECT MAX(revision) AS r FROM bundles")[0]["r"] == 3
    assert list_pending(store) == [] and list_pending(store, include_decided=True)[0]["decision"] == "accepted"
