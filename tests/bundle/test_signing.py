"""Signed bundles: the city's key, the detached signature over the tag manifest, what a reader checks."""

from __future__ import annotations

import json

import pytest

from resilience_desktop.bundle import export_bundle, verify_bundle
from resilience_desktop.bundle.export import _bag, write_zip
from resilience_desktop.bundle.keys import city_public_key
from resilience_desktop.bundle.signing import (SIGNATURE_FILE, key_id, new_private_key, public_key_bytes,
                                               public_key_from_pem, public_key_pem, sign_tag_manifest)
from resilience_desktop.errors import BundleError
from resilience_desktop.national import import_bundle, open_store
from resilience_desktop.national.access import add_public_key

from ..fixtures import populate
from .helpers import edit_json, read_members


def _resign(members: dict[str, bytes], dst, key=None, signature: bytes | None = None):
    """Rebuild the bag from ``members`` (manifests recomputed) and sign it with ``key`` or keep ``signature``."""
    payload = {n: b for n, b in members.items() if n.startswith("data/")}
    bag = _bag(payload, json.loads(members["bundle.json"]))
    if key is not None:
        bag[SIGNATURE_FILE] = sign_tag_manifest(bag["tagmanifest-sha256.txt"], key)
    elif signature is not None:
        bag[SIGNATURE_FILE] = signature
    write_zip(bag, dst)
    return dst


@pytest.fixture
def signed(workspace, tmp_path):
    city, aid = populate(workspace)
    return workspace, city, aid, export_bundle(workspace, aid, tmp_path / "r1.zip").path


def test_export_signs_with_the_citys_key_which_never_leaves_the_workspace(signed, tmp_path, mini_registry):
    ws, city, aid, path = signed
    members = read_members(path)
    doc = json.loads(members[SIGNATURE_FILE])
    pub = city_public_key(ws, city)
    assert doc["key_id"] == key_id(pub) and doc["algorithm"] == "Ed25519"
    assert SIGNATURE_FILE not in members["tagmanifest-sha256.txt"].decode()
    private = ws.query("SELECT private_key FROM city_keys WHERE city_id = ?", (city,))[0]["private_key"]
    assert all(private not in data for data in members.values())
    second = export_bundle(ws, aid, tmp_path / "r2.zip").path
    assert json.loads(read_members(second)[SIGNATURE_FILE])["key_id"] == doc["key_id"]  # one key per city
    assert verify_bundle(path, registry=mini_registry) == []


def test_altered_after_signing_is_a_problem_even_with_every_checksum_right(signed, tmp_path, mini_registry):
    _ws, _city, _aid, path = signed
    members = read_members(path)
    payload = {n: b for n, b in members.items() if n.startswith("data/")}
    edit_json("data/assessment.json", lambda a: a.update(title="Forged title"))(payload, {})
    altered = _resign({**members, **payload}, tmp_path / "altered.zip", signature=members[SIGNATURE_FILE])
    problems = verify_bundle(altered, registry=mini_registry)
    assert [p.member for p in problems] == [SIGNATURE_FILE]
    assert "altered after signing" in problems[0].message


@pytest.mark.parametrize("text", ["{", "[]", '{"algorithm": "RSA"}'])
def test_a_malformed_signature_file_is_a_problem(signed, tmp_path, mini_registry, text):
    members = read_members(signed[3])
    bad = _resign(members, tmp_path / "bad.zip", signature=text.encode())
    assert [p.member for p in verify_bundle(bad, registry=mini_registry)] == [SIGNATURE_FILE]


def test_the_importer_enforces_registered_keys(signed, tmp_path, mini_registry):
    ws, city, _aid, path = signed
    members = read_members(path)
    unsigned = _resign(members, tmp_path / "unsigned.zip")
    forged = _resign(members, tmp_path / "forged.zip", key=new_private_key())
    with open_store(tmp_path / "national.db") as store:
        add_public_key(store, city, city_public_key(ws, city))
        before = store.counts()
        for bad, why in ((unsigned, "unsigned bundle"), (forged, "not registered for city")):
            r = import_bundle(store, bad, registry=mini_registry)
            assert (r.outcome, why in r.reason) == ("rejected", True), r.reason
        assert store.counts() == before
        assert import_bundle(store, path, registry=mini_registry).outcome == "imported"
        outcomes = [r["outcome"] for r in store.query("SELECT outcome FROM import_log ORDER BY at")]
        assert outcomes == ["rejected", "rejected", "imported"]


def test_require_signatures_refuses_unsigned_bundles_of_any_city(signed, tmp_path, mini_registry):
    members = read_members(signed[3])
    unsigned = _resign(members, tmp_path / "unsigned.zip")
    with open_store(tmp_path / "national.db") as store:
        assert import_bundle(store, unsigned, registry=mini_registry, require_signatures=True).outcome == "rejected"
        assert import_bundle(store, unsigned, registry=mini_registry).outcome == "imported"  # no key, not required


def test_public_key_pem_round_trip_and_bad_files():
    key = new_private_key()
    raw = public_key_bytes(key)
    assert public_key_from_pem(public_key_pem(raw)) == raw
    with pytest.raises(BundleError, match="not a PEM public key"):
        public_key_from_pem(b"-----BEGIN PUBLIC KEY-----\nnot base64\n-----END PUBLIC KEY-----\n")
    with pytest.raises(BundleError) as wrong_file:  # e.g. the bundle given instead of city.pem: one plain sentence
        public_key_from_pem(b"PK\x03\x04" + bytes(64))
    assert str(wrong_file.value) == "not a PEM public key: Unable to load PEM file", str(wrong_file.value)
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    other = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    with pytest.raises(BundleError, match="not an Ed25519"):
        public_key_from_pem(other)
