"""A stored raster layer as a scenario's hazard (workspace/hazards.py, gis/hazard_units.py): thresholds
and units checked, the analysis on real-world-shaped data (tests/gis/raster_samples.py), the result
stored, and the CLI agreeing with it on the same files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from resilience_desktop.errors import InvalidInputError, NotFoundError
from resilience_desktop.gis.raster_exposure import run_raster_exposure
from resilience_desktop.store.schema import SCHEMA_VERSION
from resilience_desktop.workspace.facade import Workspace

from .fixtures import WORKSPACES_DIR, populate, run_cli
from .gis import raster_samples as rs


@pytest.fixture
def flood(workspace, tmp_path):
    """A workspace with the depth and population rasters, schools and roads, and a flood hazard."""
    files = rs.flood_scenario_files(tmp_path)
    city, _aid = populate(workspace)
    depth = workspace.add_raster(files["depth"])
    people = workspace.add_raster(files["people"])
    (schools,) = workspace.add_layer(files["schools"])
    (roads,) = workspace.add_layer(files["roads"])
    hid = workspace.add_hazard(city, "flood", "Паводок 1 раз в 100 лет")
    return workspace, files, hid, {"depth": depth, "people": people, "schools": schools, "roads": roads}


def _run(ws, sid, ids, **kw):
    kwargs, inputs = ws.scenario_inputs(sid, [ids["schools"], ids["roads"]], **kw)
    return inputs, run_raster_exposure(**kwargs)


def test_raster_scenario_counts_exactly_and_is_stored(flood):
    ws, _files, hid, ids = flood
    sid = ws.set_scenario(hid, "most_probable", raster_id=ids["depth"],
                          raster_thresholds={"values": [0.5, 1, 2], "unit": "m", "raster_unit": "m"})
    sc = ws.get_scenario(sid)
    assert (sc.raster_id, sc.zone_layer_id, sc.raster_thresholds["values"]) == (ids["depth"], None, [0.5, 1.0, 2.0])
    inputs, result = _run(ws, sid, ids, population_layer_id=ids["people"])
    schools, roads = result.groups
    # 8 schools: 0.3 m (below), 0.7, 1.1, no-data (no value, not 0), 2.5, 3.8, two outside the raster
    assert (schools.total, schools.affected) == (8, 4)
    assert schools.by_class == {"0.5-1": 1, "1-2": 1, "2+": 2}
    assert schools.max_value == pytest.approx(3.8, abs=1e-6)
    assert schools.mean_value == pytest.approx((0.3 + 0.7 + 1.1 + 2.5 + 3.8) / 5, abs=1e-6)
    # the avenue crosses 40 cells of 25 m; 4 are no-data: 31 cells ≥ 0.5 m, 26 ≥ 1 m, 20 ≥ 2 m
    assert (roads.total, roads.affected) == (2, 1)
    assert roads.exposed_length_m == pytest.approx(775.0, abs=0.01)
    assert roads.above == {">=0.5": pytest.approx(775.0, abs=0.01), ">=1": pytest.approx(650.0, abs=0.01),
                           ">=2": pytest.approx(500.0, abs=0.01)}
    # 10 people a cell on 28 rows where both grids have values
    assert result.population_by_class == {"0.5-1": pytest.approx(1400), "1-2": pytest.approx(1680),
                                          "2+": pytest.approx(5600)}
    rid = ws.add_exposure_result(sid, inputs, result)
    rec = ws.get_exposure_result(rid)
    assert rec.inputs["raster"]["id"] == ids["depth"] and rec.inputs["thresholds"] == [0.5, 1.0, 2.0]
    assert rec.inputs["population"]["id"] == ids["people"] and rec.result["raster"] is True
    assert rec.result["affected_fids"][0] == [1, 2, 4, 5]
    # attached as evidence: a readable table naming the raster (with its hash), thresholds and grid
    aid = ws.list_assessments()[0].id
    text = ws.evidence_data(ws.attach_exposure_evidence(rid, aid, None)).decode("utf-8-sig")
    raster = ws.get_raster(ids["depth"])
    assert f"Hazard raster,{raster.name} (sha256 {raster.sha256})" in text
    assert "Thresholds,\"0.5, 1, 2 m\"" in text and "Population grid,people_per_cell" in text
    assert "schools,4,8," in text and "    class 2+,2" in text


def test_thresholds_in_centimetres_are_converted_to_the_rasters_metres(flood):
    ws, _files, hid, ids = flood
    sid = ws.set_scenario(hid, "most_severe", raster_id=ids["depth"],
                          raster_thresholds={"values": "50, 100, 200", "unit": "cm", "raster_unit": "m"})
    inputs, result = _run(ws, sid, ids)
    assert inputs["thresholds_in_raster_unit"] == [0.5, 1.0, 2.0] and inputs["unit"] == "cm"
    assert result.groups[0].by_class == {"0.5-1": 1, "1-2": 1, "2+": 2}


@pytest.mark.parametrize(("thresholds", "message"), [
    ({"values": [1, 0.5, 2], "unit": "m", "raster_unit": "m"}, "increasing"),
    ({"values": "0,5; x", "unit": "m", "raster_unit": "m"}, "numbers"),
    ({"values": [], "unit": "m", "raster_unit": "m"}, "increasing"),
    ({"values": [0.1, 0.2, 0.4], "unit": "g", "raster_unit": "m"}, "cannot be compared"),
    ({"values": [1, 2], "unit": "feet", "raster_unit": "m"}, "unit must be one of"),
])
def test_bad_thresholds_are_refused_and_change_nothing(flood, thresholds, message):
    ws, _files, hid, ids = flood
    sid = ws.set_scenario(hid, "most_probable", raster_id=ids["depth"],
                          raster_thresholds={"values": [0.5], "unit": "m", "raster_unit": "m"})
    before = ws.get_scenario(sid)
    log = len(ws.history())
    with pytest.raises(InvalidInputError, match=message) as exc:
        ws.set_scenario(hid, "most_probable", raster_thresholds=thresholds)
    assert "\n" not in str(exc.value)
    assert ws.get_scenario(sid) == before and len(ws.history()) == log


def test_a_zone_layer_and_a_raster_never_both_and_a_raster_needs_a_crs(flood):
    ws, _files, hid, ids = flood
    ws.set_scenario(hid, "most_probable", raster_id=ids["depth"],
                    raster_thresholds={"values": [0.5], "unit": "m", "raster_unit": "m"})
    with pytest.raises(InvalidInputError, match="not both"):
        ws.set_scenario(hid, "most_probable", zone_layer_id=ids["roads"])
    with pytest.raises(NotFoundError):
        ws.set_scenario(hid, "most_severe", raster_id="no-such-raster")
    ws._db.conn.execute("UPDATE raster_layers SET crs = NULL WHERE id = ?", (ids["people"],))
    with pytest.raises(InvalidInputError, match="no CRS"):
        ws.set_scenario(hid, "most_severe", raster_id=ids["people"],
                        raster_thresholds={"values": [1], "unit": "class", "raster_unit": "class"})
    assert "most_severe" not in ws.scenarios(hid)
    # switching to a zone layer clears the raster
    sid = ws.set_scenario(hid, "most_probable", raster_id=None, zone_layer_id=ids["roads"], buffer=100)
    assert ws.get_scenario(sid).raster_id is None


def test_a_raster_scenario_without_thresholds_cannot_run(flood):
    ws, _files, hid, ids = flood
    sid = ws.set_scenario(hid, "most_probable", raster_id=ids["depth"])
    with pytest.raises(InvalidInputError, match="thresholds"):
        ws.scenario_inputs(sid, [ids["schools"]])


def test_the_cli_agrees_with_the_workspace_on_the_same_files(flood):
    ws, files, hid, ids = flood
    sid = ws.set_scenario(hid, "most_probable", raster_id=ids["depth"],
                          raster_thresholds={"values": [0.5, 1, 2], "unit": "m", "raster_unit": "m"})
    _inputs, result = _run(ws, sid, ids, population_layer_id=ids["people"])
    view = result.to_json()
    for asset, group in ((files["schools"], view["groups"][0]), (files["roads"], view["groups"][1])):
        proc = run_cli("exposure", "--hazard", str(files["depth"]), "--assets", str(asset), "--thresholds",
                       "0.5,1,2", "--population", str(files["people"]), "--json")
        assert proc.returncode == 0, proc.stderr
        cli = json.loads(proc.stdout)
        assert cli["crs"] == view["crs"] and cli["population_exposed"] == view["population_exposed"]
        (g,) = cli["groups"]
        assert {k: v for k, v in g.items() if k != "group"} == {k: v for k, v in group.items() if k != "group"}


def test_the_frozen_v5_workspace_migrates_with_no_raster_scenarios(tmp_path, mini_registry):
    path = Path(shutil.copy(WORKSPACES_DIR / "v5.rdw", tmp_path / "v5.rdw"))
    with Workspace.open(path, registry=mini_registry) as ws:
        cols = {r[1] for r in ws._db.conn.execute("PRAGMA table_info(scenarios)")}
        assert {"raster_id", "raster_thresholds"} <= cols
        assert ws._db.conn.execute("SELECT COUNT(*) FROM scenarios WHERE raster_id IS NOT NULL"
                                   " OR raster_thresholds IS NOT NULL").fetchone()[0] == 0
        (hazard,) = ws.list_hazards()
        for sc in ws.scenarios(hazard.id).values():
            assert sc.raster_id is None and sc.raster_thresholds is None
        assert ws._db.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
