"""The Scenarios view: hazards and scenarios edited, the analysis run in the background, the
result shown, highlighted on the map and attached to a question as evidence."""

from __future__ import annotations


import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from resilience_desktop.ui.scenarios.scenarios_view import ScenariosView
from resilience_desktop.ui.workers import wait_for

pytestmark = pytest.mark.ui


@pytest.fixture
def view(demo_window) -> ScenariosView:
    demo_window.show_view("scenarios")
    assert demo_window.current_view() == "scenarios"
    return demo_window.scenarios_view


def cells(view: ScenariosView, col: int) -> list[str]:
    t = view.panel.table
    return [t.item(r, col).text() for r in range(t.rowCount())]


def test_demo_opens_on_a_finished_analysis(view):
    assert view.editor.hazard_list.count() == 2  # the flood, and the fault's earthquake
    assert view.editor.name.text() == "Jasyl-Suu river flood"
    form = view.editor.forms["most_probable"]
    assert form.layer.currentText() == "Hazard zones" and form.field.currentText() == "hazard"
    checked = [form.classes.item(i).text() for i in range(form.classes.count())
               if form.classes.item(i).checkState() == Qt.CheckState.Checked]
    assert checked == ["flood"]
    assert "Facilities: school" in cells(view, 0) and "Buildings" in cells(view, 0)
    assert view.panel.map_button.isEnabled() and view.panel.attach_button.isEnabled()


def test_edit_scenario_run_in_background_and_undo(view, qtbot):
    ws = view.model.ws
    view.editor.tabs.setCurrentIndex(1)  # most severe: no result stored yet
    qtbot.waitUntil(lambda: view.panel.scenario_id == view.editor.scenario_id())
    assert view.panel.table.rowCount() == 0
    form = view.editor.forms["most_severe"]
    form.likelihood.setText("1 in 1000 years")
    form.likelihood.editingFinished.emit()
    hid = view.editor.hazard_id()
    assert ws.scenarios(hid)["most_severe"].likelihood == "1 in 1000 years"
    view.model.undo_stack.undo()
    assert ws.scenarios(hid)["most_severe"].likelihood == "1 in 500 years"
    task = view.panel.run()
    assert task is not None and not view.panel.run_button.isEnabled() and view.panel.cancel_button.isEnabled()
    wait_for(task)
    qtbot.waitUntil(lambda: view.panel.table.rowCount() > 0)
    (rec,) = ws.exposure_results(view.editor.scenario_id())
    assert rec.inputs["classes"] == ["flood", "mudflow"]
    by = {g["group"]: g for g in rec.result["groups"]}
    assert by["Buildings"]["affected"] > 0 and view.panel.run_button.isEnabled()


def test_add_and_remove_hazard(view, qtbot):
    ws, city = view.model.ws, view.city_id()
    view.editor.new_kind.setCurrentIndex(view.editor.new_kind.findData("earthquake"))
    view.editor.add_button.click()
    qtbot.waitUntil(lambda: view.editor.hazard_list.count() == 3)
    assert [h.kind for h in ws.list_hazards(city)] == ["flood", "earthquake", "earthquake"]
    view.model.undo_stack.undo()
    qtbot.waitUntil(lambda: view.editor.hazard_list.count() == 2)


def test_show_on_map_highlights_affected_features(view, demo_window):
    rec = view.panel.record
    view.panel.map_button.click()
    assert demo_window.current_view() == "map"
    sel = demo_window.map_view.canvas.selection
    expected = {a["id"]: f for a, f in zip(rec.inputs["assets"], rec.result["affected_fids"]) if f}
    assert {k: v.tolist() for k, v in sel.items()} == expected


def test_attach_to_question_records_scenario_layers_and_numbers(view):
    ws, aid = view.model.ws, view.model.assessment_id
    choices = view.question_choices()
    card = ws.scorecard_of(aid)
    linked = [q.id for q in card.active_questions if q.scenarios]
    assert linked and [q for q, _label in choices[:len(linked)]] == linked
    qid = linked[0]
    eid = view.attach(view.panel.record.id, qid)
    text = ws.evidence_data(eid).decode("utf-8-sig")  # a readable table (CSV), not JSON
    zones = view.panel.record.inputs["zones"]
    assert f"sha256 {ws.layer_hash(zones['id'])}" in text
    for g in view.panel.record.result["groups"]:
        assert f"{g['group']},{g['affected']},{g['total']}" in text
    view.model.undo_stack.undo()
    assert eid not in [e.id for e in ws.list_evidence(aid, qid)]


def test_cancel_stops_a_long_run_and_stores_nothing(view, qtbot, monkeypatch):
    import time

    from resilience_desktop.gis.exposure import ExposureCancelled
    from resilience_desktop.ui.scenarios import exposure_panel_widget

    def slow(*_args, progress, cancelled, **_kw):  # a long run: reports progress until cancelled
        for i in range(500):
            progress(i, 500)
            if cancelled():
                raise ExposureCancelled("cancelled")
            time.sleep(0.01)
        raise AssertionError("not cancelled")

    monkeypatch.setattr(exposure_panel_widget, "run_exposure", slow)
    ws, sid = view.model.ws, view.panel.scenario_id
    before = len(ws.exposure_results(sid))
    task = view.panel.run()
    qtbot.waitUntil(lambda: view.panel.progress.value() > 0)
    assert view.panel.progress.isVisible() and view.panel.cancel_button.isEnabled()
    view.panel.cancel_button.click()
    wait_for(task)
    qtbot.waitUntil(lambda: view.panel.task is None)
    assert "cancelled" in view.panel.summary.text() and not view.panel.progress.isVisible()
    assert len(ws.exposure_results(sid)) == before and view.panel.run_button.isEnabled()


def test_fault_scenario_buffer_edit_undo_and_map_overlay(view, demo_window, qtbot):
    ws = view.model.ws
    view.editor.hazard_list.setCurrentRow(1)  # the fault's earthquake
    qtbot.waitUntil(lambda: view.editor.forms["most_probable"].buffer.text() == "1000")
    hid = view.editor.hazard_id()
    form = view.editor.forms["most_probable"]
    assert form.layer.currentText() == "Active faults"
    form.buffer.setText("active=1500")
    form.buffer.editingFinished.emit()
    assert ws.scenarios(hid)["most_probable"].buffer == {"active": 1500.0}
    form.buffer.setText("2 500")
    form.buffer.editingFinished.emit()
    assert ws.scenarios(hid)["most_probable"].buffer == 2500.0
    view.model.undo_stack.undo()
    assert ws.scenarios(hid)["most_probable"].buffer == {"active": 1500.0}
    view.model.undo_stack.undo()
    assert ws.scenarios(hid)["most_probable"].buffer == 1000.0
    qtbot.waitUntil(lambda: view.panel.record is not None and view.panel.record.inputs.get("buffer") == 1000.0)
    assert "Nearest hazard, m" in [view.panel.table.horizontalHeaderItem(c).text()
                                   for c in range(view.panel.table.columnCount())
                                   if not view.panel.table.isColumnHidden(c)]
    view.panel.map_button.click()
    canvas = demo_window.map_view.canvas
    zones, faults = canvas.overlay
    import shapely
    assert len(faults) == 2 and shapely.area(zones[0]) > 0  # the 1 km zone round both fault traces
    rec = view.panel.record
    assert {k: v.tolist() for k, v in canvas.selection.items()} == {
        a["id"]: f for a, f in zip(rec.inputs["assets"], rec.result["affected_fids"]) if f}


def test_a_fault_without_buffer_is_refused_with_a_sentence_not_counted_as_zero(view, qtbot):
    from .helpers import error_dialogs
    ws = view.model.ws
    view.editor.hazard_list.setCurrentRow(1)  # the fault's earthquake
    qtbot.waitUntil(lambda: view.editor.forms["most_probable"].buffer.text() == "1000")
    form = view.editor.forms["most_probable"]
    form.buffer.setText("")
    form.buffer.editingFinished.emit()
    sid = view.editor.scenario_id()
    assert ws.get_scenario(sid).buffer is None
    before = len(ws.exposure_results(sid))
    task = view.panel.run()
    if task is not None:
        wait_for(task)
    qtbot.waitUntil(lambda: bool(error_dialogs()))
    (box,) = error_dialogs()
    assert "holds lines, which cover no area: give a buffer distance in metres" in box.text()
    assert len(ws.exposure_results(sid)) == before  # nothing stored, no "0 affected"
    box.close()


def test_the_asset_groups_are_not_cut_in_kyrgyz_at_1280_pixels(demo_window, qtbot):
    """Kyrgyz at 1280x720: the wide headers left the first column "Объекты: ..." on every row."""
    demo_window.set_ui_language("ky")
    try:
        demo_window.resize(1280, 720)
        demo_window.show_view("scenarios")
        table = demo_window.scenarios_view.panel.table
        qtbot.waitUntil(lambda: table.isVisible() and demo_window.width() <= 1280, timeout=2000)
        QApplication.processEvents()
        assert table.rowCount() > 1
        assert table.columnWidth(0) >= table.sizeHintForColumn(0)
    finally:
        demo_window.set_ui_language("en")
