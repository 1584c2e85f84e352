"""Hazards, scenarios and stored exposure results in the workspace façade (resilience_desktop/hazards.py)."""

from __future__ import annotations


import pytest

from resilience_desktop.errors import InvalidInputError, NotFoundError
from resilience_desktop.gis.exposure import run_exposure
from resilience_desktop.workspace.hazards import HAZARD_KINDS

from .fixtures import populate
from .gis import samples


def test_hazards_edit_log_and_events(workspace):
    city, _aid = populate(workspace)
    events = []
    workspace.subscribe(events.append)
    hid = workspace.add_hazard(city, "flood", "Spring flood of the Jasyl-Suu")
    eq = workspace.add_hazard(city, "earthquake")
    assert [h.label for h in workspace.list_hazards(city)] == ["Spring flood of the Jasyl-Suu", "Earthquake"]
    workspace.update_hazard(eq, name="M7 on the Issyk-Ata fault", notes="from the 2019 study")
    assert workspace.get_hazard(eq).notes == "from the 2019 study"
    workspace.remove_hazard(eq)
    assert [h.id for h in workspace.list_hazards(city)] == [hid]
    workspace.restore_hazard(eq)
    assert len(workspace.list_hazards(city)) == 2
    assert [(e.entity, e.fields) for e in events][:3] == [("hazard", ("created",)), ("hazard", ("created",)),
                                                          ("hazard", ("name", "notes"))]
    log = [(c.entity, c.field) for c in workspace.history() if c.entity == "hazard"]
    assert ("hazard", "removed") in log and ("hazard", "restored") in log
    with pytest.raises(InvalidInputError):
        workspace.add_hazard(city, "meteor")
    with pytest.raises(NotFoundError):
        workspace.add_hazard("nope", "flood")
    assert "extreme_cold" in HAZARD_KINDS


def test_scenarios_validate_and_log(workspace, tmp_path):
    city, _aid = populate(workspace)
    files = samples.exposure_files(tmp_path)
    (zones,) = workspace.add_layer(files["zones"])
    hid = workspace.add_hazard(city, "flood")
    sid = workspace.set_scenario(hid, "most_probable", description="1-in-10 flood", likelihood="1 in 10 years",
                                 zone_layer_id=zones, class_field="class", affected_classes=["high"])
    assert workspace.set_scenario(hid, "most_probable", likelihood="1 in 20 years") == sid
    sc = workspace.scenarios(hid)["most_probable"]
    assert (sc.likelihood, sc.class_field, sc.affected_classes) == ("1 in 20 years", "class", ("high",))
    assert [c.field for c in workspace.history() if c.entity == "scenario"][-1] == "likelihood"
    with pytest.raises(InvalidInputError, match="no field"):
        workspace.set_scenario(hid, "most_severe", zone_layer_id=zones, class_field="nope")
    with pytest.raises(InvalidInputError):
        workspace.set_scenario(hid, "median", description="x")
    with pytest.raises(InvalidInputError, match="class field"):
        workspace.set_scenario(hid, "most_severe", affected_classes=["high"])
    assert "most_severe" not in workspace.scenarios(hid)


def test_run_store_and_attach_as_evidence(workspace, tmp_path):
    city, aid = populate(workspace)
    files = samples.exposure_files(tmp_path)
    (zones,) = workspace.add_layer(files["zones"])
    (fac,) = workspace.add_layer(files["facilities"])
    hid = workspace.add_hazard(city, "flood")
    sid = workspace.set_scenario(hid, "most_severe", zone_layer_id=zones)
    kwargs, inputs = workspace.scenario_inputs(sid, [fac], group_field="kind")
    result = run_exposure(**kwargs)
    assert {g.group: g.affected for g in result.groups} == {"hospital": 1, "school": 2}
    rid = workspace.add_exposure_result(sid, inputs, result)
    (rec,) = workspace.exposure_results(sid)
    assert rec.id == rid and rec.inputs["assets"][0]["sha256"] == workspace.layer_hash(fac)
    assert rec.result["affected_fids"] == [[0, 1, 2]]
    eid = workspace.attach_exposure_evidence(rid, aid, "P2.1")
    (ev,) = workspace.list_evidence(aid, "P2.1")
    assert ev.id == eid and ev.name.endswith(".csv")  # a readable table, not a JSON file
    import csv
    import io
    rows = list(csv.reader(io.StringIO(workspace.evidence_data(eid).decode("utf-8-sig"))))
    assert ["Hazard layer", f"zones (sha256 {workspace.layer_hash(zones)})"] in rows
    head = rows.index(["Asset group", "Affected", "Total", "Exposed share, %", "Exposed length, m", "Exposed area, m²",
                       "Nearest hazard, m", "Largest value", "Mean value"])
    assert rows[head + 1][:4] == ["hospital", "1", "1", "100.0"] and rows[head + 2][:4] == ["school", "2", "3", "66.7"]
    with pytest.raises(InvalidInputError):
        workspace.scenario_inputs(workspace.set_scenario(hid, "most_probable"), [fac])


def test_demo_has_a_flood_with_both_scenarios_and_one_result(demo_path):
    from resilience_desktop.workspace.facade import Workspace
    with Workspace.open(demo_path, read_only=True) as ws:
        hz, quake = ws.list_hazards()  # the flood, and the fault's earthquake (a buffered line hazard)
        assert quake.kind == "earthquake" and ws.scenarios(quake.id)["most_probable"].buffer == 1000.0
        scs = ws.scenarios(hz.id)
        assert hz.kind == "flood" and set(scs) == {"most_probable", "most_severe"}
        assert scs["most_severe"].affected_classes == ("flood", "mudflow")
        (rec,) = ws.exposure_results(scs["most_probable"].id)
        assert not ws.exposure_results(scs["most_severe"].id)
        assert rec.inputs["zones"]["sha256"] == ws.layer_hash(scs["most_probable"].zone_layer_id)
        groups = {g["group"]: g for g in rec.result["groups"]}
        assert groups["Buildings"]["exposed_area_m2"] > 0 and groups["Facilities: school"]["affected"] >= 1


def test_layer_hash_follows_content_and_crs(workspace, tmp_path):
    files = samples.exposure_files(tmp_path)
    (zones,) = workspace.add_layer(files["zones"])
    (again,) = workspace.add_layer(files["zones"])
    (other,) = workspace.add_layer(files["buildings"])
    first = workspace.layer_hash(zones)
    assert first == workspace.layer_hash(again) != workspace.layer_hash(other)
    workspace.set_layer_crs(zones, "EPSG:32644")
    assert workspace.layer_hash(zones) != first
