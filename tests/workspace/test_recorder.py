"""The one recorder every workspace write goes through: rows, change log and typed events
commit together; nothing is announced for a write that did not happen."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from resilience_desktop.workspace.facade import Workspace
from resilience_desktop.workspace.records import ChangeEvent, Entity

from ..fixtures import populate
from ..gis import samples

PACKAGE = Path(__file__).resolve().parents[2] / "resilience_desktop"


def _log_rows(ws: Workspace) -> int:
    return len(ws.history())


@pytest.fixture
def setup(workspace, tmp_path):
    """``(ws, city, assessment, layer ids)`` with the mini scorecard and two vector layers."""
    city, aid = populate(workspace)
    layer_ids = workspace.add_layer(samples.geopackage_two_layers(tmp_path))
    return workspace, city, aid, layer_ids


def test_every_write_logs_and_announces_one_typed_event_after_its_commit(setup):
    ws, city, aid, (roads, zones) = setup
    hazard = ws.add_hazard(city, "flood", "Chu river")
    evidence = ws.add_evidence_link(aid, "P1.1", "https://example.org/plan")
    action = ws.add_action(aid, "P2.1", "Commission a hazard map")
    got: list[tuple[ChangeEvent, bool]] = []
    # in_transaction is False when the subscriber runs: the event came after the commit
    ws.subscribe(lambda e: got.append((e, ws._db.conn.in_transaction)))
    writes = [
        # (what, the write, its entity, how many change-log rows it adds)
        ("rename a city", lambda: ws.update_city(city, name="Testgrad-on-Chu", region="South"), Entity.CITY, 2),
        ("new assessment", lambda: ws.new_assessment(city, "mini", title="Follow-up"), Entity.ASSESSMENT, 1),
        ("retitle", lambda: ws.update_assessment(aid, title="Testgrad 2026 (final)"), Entity.ASSESSMENT, 1),
        ("score", lambda: ws.set_answer(aid, "P2.1", score=1, comment="started"), Entity.ANSWER, 2),
        ("rename evidence", lambda: ws.rename_evidence(evidence, "Plan"), Entity.EVIDENCE, 1),
        ("remove evidence", lambda: ws.set_evidence_removed(evidence, True), Entity.EVIDENCE, 1),
        ("edit action", lambda: ws.update_action(action, status="done"), Entity.ACTION, 1),
        ("remove action", lambda: ws.set_action_removed(action, True), Entity.ACTION, 1),
        ("proposal", lambda: ws.set_stakeholder_score(aid, "P1.1", "Red Crescent", score=2, note="x"),
         Entity.STAKEHOLDER, 2),
        ("hazard", lambda: ws.update_hazard(hazard, notes="spring floods"), Entity.HAZARD, 1),
        ("scenario", lambda: ws.set_scenario(hazard, "most_probable", zone_layer_id=zones), Entity.SCENARIO, 1),
        ("remove hazard", lambda: ws.remove_hazard(hazard), Entity.HAZARD, 1),
        ("layer opacity", lambda: ws.set_layer_opacity(roads, 0.5), Entity.LAYER, 1),
        ("layer order", lambda: ws.set_layer_order([roads, zones]), Entity.LAYER, 1),
        ("remove layer", lambda: ws.remove_layer(zones), Entity.LAYER, 1),
        ("map CRS", lambda: ws.set_map_crs("EPSG:32643"), Entity.MAP, 1),
    ]
    for what, write, entity, rows in writes:
        before, got[:] = _log_rows(ws), []
        write()
        assert _log_rows(ws) - before == rows, what
        assert [(e.entity, in_tx) for e, in_tx in got] == [(entity, False)], what
        assert type(got[0][0].entity) is Entity, what


def test_a_write_that_changes_nothing_logs_and_announces_nothing(setup):
    ws, city, aid, (roads, _) = setup
    got: list[ChangeEvent] = []
    ws.subscribe(got.append)
    before = _log_rows(ws)
    ws.update_city(city, name="Testgrad")
    ws.set_answer(aid, "P1.1", score=3)
    ws.set_layer_opacity(roads, 1.0)
    ws.restore_layer(roads)  # not removed: nothing to restore
    assert (got, _log_rows(ws)) == ([], before)


def test_soft_remove_is_one_row_and_one_event_each_way(setup):
    ws, city, _, _ = setup
    hazard = ws.add_hazard(city, "earthquake")
    got: list[ChangeEvent] = []
    ws.subscribe(got.append)
    ws.remove_hazard(hazard)
    ws.remove_hazard(hazard)  # already hidden
    ws.restore_hazard(hazard)
    ws.restore_hazard(hazard)
    assert [e.fields for e in got] == [("removed",), ("restored",)]
    assert [(c.entity, c.field) for c in ws.history()[-2:]] == [("hazard", "removed"), ("hazard", "restored")]
    assert [h.id for h in ws.list_hazards(city)] == [hazard]


def test_a_failed_write_rolls_back_its_rows_and_log_and_announces_nothing(setup):
    ws, city, _, _ = setup
    got: list[ChangeEvent] = []
    ws.subscribe(got.append)
    before_cities, before_log = ws.list_cities(), _log_rows(ws)
    # The change-log row is the last statement of add_city: make it fail (a full disk, say).
    ws._db.conn.execute("CREATE TEMP TRIGGER no_log BEFORE INSERT ON change_log"
                        " BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END")
    with pytest.raises(sqlite3.DatabaseError):
        ws.add_city("Oshgrad", "KG")
    with pytest.raises(sqlite3.DatabaseError):
        ws.add_hazard(city, "flood")
    ws._db.conn.execute("DROP TRIGGER no_log")
    assert (ws.list_cities(), _log_rows(ws), ws.list_hazards(city), got) == (before_cities, before_log, [], [])
    ws.add_city("Oshgrad", "KG")  # the workspace is usable afterwards
    assert [e.entity for e in got] == [Entity.CITY]


def test_recorder_write_drops_its_events_when_the_block_raises(workspace):
    got: list[ChangeEvent] = []
    workspace.subscribe(got.append)
    with pytest.raises(RuntimeError):
        with workspace.recorder.write() as w:
            w.execute("INSERT INTO meta (key, value) VALUES ('x', '1')")
            w.log("meta", "x", "x", None, "1")
            w.emit(ChangeEvent(Entity.MAP, "x"))
            raise RuntimeError("cancelled")
    assert (got, workspace.get_meta("x"), workspace.history()) == ([], None, [])


def test_batch_announces_after_the_commit_and_nothing_after_a_rollback(workspace):
    got: list[ChangeEvent] = []
    workspace.subscribe(got.append)
    with workspace.batch():
        cid = workspace.add_city("Testgrad", "KG")
        workspace.add_hazard(cid, "flood")
        assert got == []  # nothing is announced before the batch commits
    assert [e.entity for e in got] == [Entity.CITY, Entity.HAZARD]
    got.clear()
    with pytest.raises(ValueError):
        with workspace.batch():
            workspace.add_city("Oshgrad", "KG")
            raise ValueError("import failed half way")
    assert got == [] and [c.name for c in workspace.list_cities()] == ["Testgrad"]


def test_subscribers_can_ask_for_only_the_entities_they_show(setup):
    ws, city, aid, (roads, _) = setup
    layers: list[ChangeEvent] = []
    answers: list[ChangeEvent] = []
    everything: list[ChangeEvent] = []
    ws.subscribe(layers.append, entities={Entity.LAYER, Entity.RASTER})
    unsubscribe = ws.subscribe(answers.append, entities=["answer"])  # the string names are accepted too
    ws.subscribe(everything.append)
    ws.set_answer(aid, "P1.1", score=2)
    ws.rename_layer(roads, "Roads 2026")
    ws.add_hazard(city, "mudflow")
    unsubscribe()
    ws.set_answer(aid, "P1.1", score=1)
    assert [e.entity for e in layers] == [Entity.LAYER]
    assert [e.entity for e in answers] == [Entity.ANSWER]
    assert [e.entity for e in everything] == [Entity.ANSWER, Entity.LAYER, Entity.HAZARD, Entity.ANSWER]
    with pytest.raises(ValueError):
        ws.subscribe(everything.append, entities=["layers"])  # a typo is refused, not silently never called


def test_events_are_typed_and_still_compare_with_their_old_string_names():
    event = ChangeEvent("city", "c1", fields=("name",))
    assert event.entity is Entity.CITY and event.entity == "city"
    assert event == ChangeEvent(Entity.CITY, "c1", fields=("name",))
    with pytest.raises(ValueError):
        ChangeEvent("cities", "c1")


def test_the_parts_reach_into_nothing_private():
    """No part silences mypy about another's attributes, and outside the workspace and the store
    nothing touches a workspace's private state."""
    ignores = [p.name for p in (PACKAGE / "workspace").glob("*.py") if "type: ignore[attr-defined]" in p.read_text()]
    assert ignores == []
    private = re.compile(r"\b(ws|workspace|wsp)\._[a-z]")
    offenders = [f"{p.relative_to(PACKAGE)}:{n}" for p in PACKAGE.rglob("*.py")
                 if p.parent.name not in ("workspace", "store")
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if private.search(line)]
    assert offenders == []
