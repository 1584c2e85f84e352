"""The round trip shared by the SQLite and PostgreSQL tests: demo → bundle → verify → import → compare."""

from __future__ import annotations

from pathlib import Path

from resilience_desktop.bundle import export_bundle, verify_bundle
from resilience_desktop.national import city_summary, import_bundle
from resilience_desktop.workspace.facade import Workspace


def check_round_trip(demo_path: Path, folder: Path, store, registry) -> None:
    with Workspace.open(demo_path, registry=registry) as ws:
        aid = ws.list_assessments()[-1].id
        result = export_bundle(ws, aid, folder / "demo.zip", include_private=True)
        answers = ws.answers(aid)
        evidence = ws.list_evidence(aid)
        actions = ws.list_actions(aid)
        layers = ws.list_layers()
        score = ws.score(aid)
        city = ws.get_city(ws.get_assessment(aid).city_id)
    assert verify_bundle(result.path, registry=registry) == []
    before = store.counts()
    imported = import_bundle(store, result.path, registry=registry)
    assert imported.outcome == "imported", imported.reason
    key = (aid, 1)
    rows = store.query("SELECT question_id, score, na, comment, verification, responsible FROM answers"
                       " WHERE assessment_id = ? AND revision = ?", key)
    assert {r["question_id"]: (r["score"], bool(r["na"]), r["comment"], r["verification"], r["responsible"])
            for r in rows} == {q: (x.score, x.na, x.comment, x.verification, x.responsible) for q, x in answers.items()}
    rows = store.query("SELECT evidence_id, kind, sha256, size FROM evidence WHERE assessment_id = ? AND revision = ?", key)
    assert sorted((r["evidence_id"], r["kind"], r["sha256"], r["size"]) for r in rows) == sorted(
        (e.id, e.kind, e.sha256, e.size) for e in evidence)
    for e in evidence:
        if e.kind == "file":
            blob = store.query("SELECT size, data FROM blobs WHERE sha256 = ?", (e.sha256,))[0]
            assert blob["size"] == e.size and len(bytes(blob["data"])) == e.size
    rows = store.query("SELECT item_id, question_id, action, responsible, timescale, status FROM action_items"
                       " WHERE assessment_id = ? AND revision = ?", key)
    assert sorted(tuple(r.values()) for r in rows) == sorted(
        (x.id, x.question_id, x.action, x.responsible, x.timescale, x.status) for x in actions)
    rows = store.query("SELECT name, feature_count FROM layers WHERE assessment_id = ? AND revision = ?", key)
    assert sorted((r["name"], r["feature_count"]) for r in rows) == sorted((x.name, x.feature_count) for x in layers)
    n = store.query("SELECT COUNT(*) AS n FROM features f JOIN layers l ON l.layer_key = f.layer_key"
                    " WHERE l.assessment_id = ? AND l.revision = ?", key)[0]["n"]
    assert n == sum(x.feature_count for x in layers) > 0
    import shapely
    with Workspace.open(demo_path, read_only=True, registry=registry) as ws:
        for layer in layers:
            wkb = [r["wkb"] for r in store.query(
                "SELECT f.wkb FROM features f JOIN layers l ON l.layer_key = f.layer_key WHERE l.assessment_id = ?"
                " AND l.revision = ? AND l.name = ? ORDER BY f.fid", (*key, layer.name))]
            got = shapely.from_wkb([bytes(w) if w is not None else None for w in wkb])
            assert shapely.equals_exact(got, ws.layer_geometries(layer.id), tolerance=0).all() or layer.feature_count == 0
    summary = {r["city"]: r for r in city_summary(store)}[city.name]
    assert (summary["points"], summary["max"]) == (score.points, score.max)
    assert {int(k): v["points"] for k, v in summary["essentials"].items()} == {e.essential: e.points for e in score.essentials}
    again = import_bundle(store, result.path, registry=registry)
    assert again.outcome == "already_imported"
    after = store.counts()
    assert after["bundles"] == before["bundles"] + 1
    log = store.query("SELECT outcome, file_sha256, who FROM import_log ORDER BY at")
    assert [r["outcome"] for r in log][-2:] == ["imported", "already_imported"]
    assert log[-1]["file_sha256"] == result.sha256 and log[-1]["who"]
