"""Exporting bundles: the BagIt layout, revisions and hashes, determinism, privacy, atomicity."""

from __future__ import annotations

import errno
import hashlib
import json
import sqlite3
import zipfile

import pytest

from resilience_desktop.bundle import export_bundle, verify_bundle
from resilience_desktop.bundle.export import bundle_history
from resilience_desktop.errors import BundleError
from resilience_desktop.workspace.facade import Workspace

from .helpers import read_members, small_workspace


@pytest.fixture
def small(tmp_path, mini_registry):
    path, aid = small_workspace(tmp_path, mini_registry)
    ws = Workspace.open(path, registry=mini_registry)
    yield ws, aid
    ws.close()


def test_bundle_is_a_bagit_bag_with_every_part(small, tmp_path, mini_registry):
    ws, aid = small
    result = export_bundle(ws, aid, tmp_path / "b.zip")
    members = read_members(result.path)
    names = list(members)
    assert names[:7] == ["bagit.txt", "bag-info.txt", "bundle.json", "manifest-sha256.txt", "manifest-sha512.txt",
                         "signature.json", "tagmanifest-sha256.txt"]
    ev = ws.list_evidence(aid)
    file_ev = [e for e in ev if e.kind == "file"][0]
    assert {"data/assessment.json", "data/city.json", "data/scorecard.json", "data/changelog.json",
            "data/layers.json", "data/layers.gpkg", f"data/evidence/{file_ev.sha256}"} == {n for n in names if n.startswith("data/")}
    assert members[f"data/evidence/{file_ev.sha256}"] == b"the plan\n"
    manifest = dict(reversed(line.split("  ")) for line in members["manifest-sha256.txt"].decode().splitlines())
    assert manifest["data/city.json"] == hashlib.sha256(members["data/city.json"]).hexdigest()
    a = json.loads(members["data/assessment.json"])
    assert a["scorecard"] == {"id": "mini", "version": 1}
    assert {x["question_id"]: x["score"] for x in a["answers"]} == {"P1.1": 3, "P1.2": None, "P2.1": 0}
    assert a["action_items"][0]["action"] == "Write the plan"
    assert a["stakeholder_scores"][0]["stakeholder"] == "NGOs"
    assert json.loads(members["data/scorecard.json"])["id"] == "mini"
    assert verify_bundle(result.path, registry=mini_registry) == []


def test_each_export_is_a_new_revision_chained_by_hash(small, tmp_path):
    ws, aid = small
    r1 = export_bundle(ws, aid, tmp_path / "r1.zip")
    r2 = export_bundle(ws, aid, tmp_path / "r2.zip")
    assert (r1.revision, r2.revision) == (1, 2)
    assert r1.sha256 == hashlib.sha256((tmp_path / "r1.zip").read_bytes()).hexdigest()
    assert r2.previous_sha256 == r1.sha256 and r1.previous_sha256 is None
    hist = bundle_history(ws, aid)
    assert [(h["revision"], h["sha256"], h["file_name"]) for h in hist] == [(1, r1.sha256, "r1.zip"), (2, r2.sha256, "r2.zip")]
    ident = json.loads(read_members(r2.path)["bundle.json"])
    assert ident["revision"] == 2 and ident["previous_sha256"] == r1.sha256 and ident["format_version"] == 1


def test_same_data_gives_the_same_payload(small, tmp_path):
    ws, aid = small
    a, b = (read_members(export_bundle(ws, aid, tmp_path / n).path) for n in ("a.zip", "b.zip"))
    assert a["manifest-sha256.txt"] == b["manifest-sha256.txt"]
    assert {n: v for n, v in a.items() if n.startswith("data/")} == {n: v for n, v in b.items() if n.startswith("data/")}


def test_private_comments_stay_out_unless_asked(small, tmp_path):
    ws, aid = small
    text = b"".join(read_members(export_bundle(ws, aid, tmp_path / "a.zip").path).values())
    assert b"secret remark" not in text
    text = b"".join(read_members(export_bundle(ws, aid, tmp_path / "b.zip", include_private=True).path).values())
    assert b"secret remark" in text


def test_geopackage_is_checkpointed_sound_and_complete(small, tmp_path):
    ws, aid = small
    members = read_members(export_bundle(ws, aid, tmp_path / "a.zip").path)
    gpkg = tmp_path / "l.gpkg"
    gpkg.write_bytes(members["data/layers.gpkg"])
    assert members["data/layers.gpkg"][18:20] == b"\x01\x01"  # rollback journal, not WAL
    with sqlite3.connect(gpkg) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    import pyogrio
    layers = json.loads(members["data/layers.json"])
    assert [(x["name"], x["feature_count"]) for x in layers] == [(layer.name, layer.feature_count) for layer in ws.list_layers()]
    assert pyogrio.read_info(gpkg, layer=layers[0]["table"])["features"] == ws.list_layers()[0].feature_count


def _nothing_left(ws, aid, folder):
    assert bundle_history(ws, aid) == []
    assert sorted(p.name for p in folder.iterdir()) == []


def test_full_disk_leaves_no_file_and_no_revision(small, tmp_path, monkeypatch):
    ws, aid = small
    out = tmp_path / "out"
    out.mkdir()
    calls = {"n": 0}
    real = zipfile.ZipFile.writestr

    def full(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 4:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, *args, **kwargs)
    monkeypatch.setattr(zipfile.ZipFile, "writestr", full)
    with pytest.raises(OSError) as exc:
        export_bundle(ws, aid, out / "b.zip")
    assert exc.value.errno == errno.ENOSPC
    _nothing_left(ws, aid, out)


def test_failed_rename_records_nothing(small, tmp_path, monkeypatch):
    ws, aid = small
    out = tmp_path / "out"
    out.mkdir()
    import resilience_desktop.bundle.export as export_mod
    monkeypatch.setattr(export_mod.os, "replace", lambda *a: (_ for _ in ()).throw(OSError(errno.EIO, "I/O error")))
    with pytest.raises(OSError):
        export_bundle(ws, aid, out / "b.zip")
    _nothing_left(ws, aid, out)


def test_cancelled_export_leaves_nothing(small, tmp_path):
    ws, aid = small
    out = tmp_path / "out"
    out.mkdir()
    steps = []
    with pytest.raises(BundleError):
        export_bundle(ws, aid, out / "b.zip", progress=lambda d, t: steps.append(d), cancelled=lambda: len(steps) >= 2)
    _nothing_left(ws, aid, out)


def test_report_pdf_is_carried_when_given(small, tmp_path, mini_registry):
    ws, aid = small
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(b"%PDF-1.4\n% a tiny stand-in\n%%EOF\n")
    result = export_bundle(ws, aid, tmp_path / "a.zip", report_pdf=pdf)
    assert read_members(result.path)["data/report.pdf"] == pdf.read_bytes()
    assert verify_bundle(result.path, registry=mini_registry) == []


def test_json_members_satisfy_their_shipped_schemas(small_bundle):
    from resilience_desktop.bundle.format import JSON_MEMBERS, validate_json
    members = read_members(small_bundle)
    for name, schema in JSON_MEMBERS.items():
        if name in members:
            assert validate_json(schema, json.loads(members[name])) == [], name


def test_hazards_scenarios_and_exposure_results_travel_in_risk_json(small, tmp_path, mini_registry):
    ws, aid = small
    assert "data/risk.json" not in read_members(export_bundle(ws, aid, tmp_path / "none.zip").path)
    city = ws.get_assessment(aid).city_id
    hid = ws.add_hazard(city, "flood", "Spring floods")
    sid = ws.set_scenario(hid, "most_severe", description="1 in 100 years", likelihood="rare")
    ws.add_exposure_result(sid, {"zone": "z"}, {"groups": [{"name": "schools", "exposed": 3}]})
    result = export_bundle(ws, aid, tmp_path / "risk.zip")
    risk = json.loads(read_members(result.path)["data/risk.json"])
    assert [h["name"] for h in risk["hazards"]] == ["Spring floods"]
    assert risk["scenarios"][0]["description"] == "1 in 100 years"
    assert risk["exposure_results"][0]["result"] == {"groups": [{"name": "schools", "exposed": 3}]}
    assert verify_bundle(result.path, registry=mini_registry) == []
    from resilience_desktop.national import import_bundle, open_store
    with open_store(tmp_path / "n.db") as store:
        assert import_bundle(store, result.path, registry=mini_registry).outcome == "imported"
        assert json.loads(store.query("SELECT risk_json FROM bundles")[0]["risk_json"]) == risk
