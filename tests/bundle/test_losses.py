"""Bundle format 2: the city's recorded losses as data/losses.json; format 1 bundles still verify."""

from __future__ import annotations

import json
import zipfile

from resilience_desktop.bundle import export_bundle, verify_bundle
from resilience_desktop.workspace.facade import Workspace

from ..loss.desinventar_files import write_export
from .helpers import rebag, small_workspace


def test_losses_travel_in_the_bundle(tmp_path, mini_registry):
    from resilience_desktop.loss import read_desinventar
    path, aid = small_workspace(tmp_path, mini_registry)
    with Workspace.open(path, registry=mini_registry) as ws:
        city = ws.get_assessment(aid).city_id
        imp = read_desinventar(write_export(tmp_path), geo_code="KG0101")
        ws.add_loss_import(city, imp, source_sha256="ab" * 32)
        out = export_bundle(ws, aid, tmp_path / "b.zip").path
        summary = ws.loss_summary(city).to_json()
    assert verify_bundle(out, registry=mini_registry) == []
    with zipfile.ZipFile(out) as z:
        doc = json.loads(z.read("data/losses.json"))
        ident = json.loads(z.read("bundle.json"))
    assert ident["format_version"] == 2 and doc["summary"] == summary
    assert doc["summary"]["totals"]["deaths"] == 2 and doc["sources"][0]["excluded"] == 2
    assert [f["code"] for f in doc["sendai"]][:2] == ["A-1", "A-2 + A-3"]
    # A format-1 bundle cannot carry losses; a broken figure is a schema violation.
    v1 = rebag(out, tmp_path / "v1.zip", lambda payload, ident: ident.update(format_version=1))
    assert any(p.member == "data/losses.json" for p in verify_bundle(v1, registry=mini_registry))

    def negative(payload, ident):
        d = json.loads(payload["data/losses.json"])
        d["summary"]["totals"]["deaths"] = -3
        payload["data/losses.json"] = json.dumps(d).encode()
    bad = rebag(out, tmp_path / "bad.zip", negative)
    assert any("schema violation" in p.message for p in verify_bundle(bad, registry=mini_registry))


def test_national_summary_shows_losses_beside_scores(tmp_path, mini_registry):
    from resilience_desktop.loss import read_desinventar
    from resilience_desktop.national.importer import import_bundles
    from resilience_desktop.national.store import open_store
    from resilience_desktop.national.summary import city_summary
    path, aid = small_workspace(tmp_path, mini_registry)
    with Workspace.open(path, registry=mini_registry) as ws:
        city = ws.get_assessment(aid).city_id
        ws.add_loss_import(city, read_desinventar(write_export(tmp_path), geo_code="KG0101"), source_sha256="0" * 64)
        out = export_bundle(ws, aid, tmp_path / "b.zip").path
    with open_store(f"sqlite:///{tmp_path / 'n.db'}") as store:
        import_bundles(store, [out], registry=mini_registry)
        (row,) = city_summary(store)
    assert row["points"] is not None and row["losses"]["totals"]["deaths"] == 2
    assert row["losses"]["years"] == [2005, 2010] and row["losses"]["events"] == {"flood": 1, "landslide": 1,
                                                                                   "mudflow": 1}


def test_national_view_rows_carry_the_latest_revisions_losses(tmp_path, mini_registry):
    """The national view's cities (national.views.list_cities) show the losses sent with each city's
    latest revision beside its scores; a revision sent without losses shows none (not zeros)."""
    from resilience_desktop.loss import read_desinventar
    from resilience_desktop.national.importer import import_bundles
    from resilience_desktop.national.store import open_store
    from resilience_desktop.national.views import list_cities
    path, aid = small_workspace(tmp_path, mini_registry)
    with Workspace.open(path, registry=mini_registry) as ws:
        first = export_bundle(ws, aid, tmp_path / "b1.zip").path  # no loss records yet
        city = ws.get_assessment(aid).city_id
        ws.add_loss_import(city, read_desinventar(write_export(tmp_path), geo_code="KG0101"), source_sha256="0" * 64)
        second = export_bundle(ws, aid, tmp_path / "b2.zip").path
    with open_store(f"sqlite:///{tmp_path / 'n.db'}") as store:
        import_bundles(store, [first], registry=mini_registry)
        (row,) = list_cities(store)
        assert row["revision"] == 1 and row["losses"] is None
        import_bundles(store, [second], registry=mini_registry)
        (row,) = list_cities(store)
    assert row["revision"] == 2 and row["overall_percent"] is not None
    assert row["losses"] == {"records": 3, "years": [2005, 2010], "events": {"flood": 1, "landslide": 1, "mudflow": 1},
                             "totals": {"deaths": 2, "missing": None, "injured": 5, "affected": 120,
                                        "houses_destroyed": 4, "houses_damaged": 40, "loss_usd": 250000.0}}


def test_loss_summary_attached_to_a_question_is_a_readable_table(tmp_path, mini_registry):
    """Losses view > Attach to question: a CSV per hazard and per year, empty where not recorded (never 0)."""
    import csv
    import io

    from resilience_desktop.loss import read_desinventar
    path, aid = small_workspace(tmp_path, mini_registry)
    with Workspace.open(path, registry=mini_registry) as ws:
        city = ws.get_assessment(aid).city_id
        ws.add_loss_import(city, read_desinventar(write_export(tmp_path), geo_code="KG0101"), source_sha256="ab" * 32)
        eid = ws.attach_loss_evidence(city, aid, "P1.1")
        (ev,) = [e for e in ws.evidence.all(aid, "P1.1") if e.id == eid]
        rows = list(csv.reader(io.StringIO(ws.evidence.data(eid).decode("utf-8-sig"))))
    assert ev.name.endswith("2005–2010.csv") and "3 records, 2 unpublished left out" in ev.note
    assert "DI_export_kgz.xml (sha256 abababababab)" in ev.note
    assert rows[0] == ["Hazard", "Events", "Deaths", "Missing", "Injured", "Affected", "Houses destroyed",
                       "Houses damaged", "Loss (USD)"]
    by = {r[0]: r[1:] for r in rows if r}
    assert by["All"] == ["3", "2", "", "5", "120", "4", "40", "250000.0"]   # missing: not recorded, not 0
    assert by["Mudflow"] == ["1", "", "", "", "", "", "", ""]             # deaths "some, number unknown": empty
    assert by["2005"][:2] == ["1", "2"] and by["2010"][5] == "1"
