"""A raster layer as a scenario's hazard in the Scenarios view: chosen in the form, thresholds and
units edited (bad ones refused with nothing changed), the analysis run in the background and shown
like a vector result, and "Show on map" drawing the raster by hazard class."""

from __future__ import annotations

import numpy as np
import pytest

from resilience_desktop.gis.raster_exposure import run_raster_exposure
from resilience_desktop.ui.scenarios.scenario_editor_widget import RASTER
from resilience_desktop.ui.workers import wait_for

from ..gis import raster_samples as rs

pytestmark = pytest.mark.ui


@pytest.fixture
def view(demo_window):
    demo_window.show_view("scenarios")
    return demo_window.scenarios_view


def _cells(view, col):
    t = view.panel.table
    return [t.item(r, col).text() for r in range(t.rowCount())]


def test_demo_shows_the_shaking_map_scenario(view, qtbot):
    view.editor.hazard_list.setCurrentRow(1)  # the fault's earthquake
    view.editor.tabs.setCurrentIndex(1)       # most severe: on the shaking map
    form = view.editor.forms["most_severe"]
    qtbot.waitUntil(lambda: view.panel.scenario_id == view.editor.scenario_id() and view.panel.record is not None)
    assert form.layer.currentData().startswith(RASTER) and form.thresholds.text() == "0.1, 0.2, 0.4"
    assert form.unit.currentData() == "g" and form.raster_unit.currentData() == "g"
    assert not form.field.isVisible() and form.thresholds.isVisible()
    assert "raster: Peak ground acceleration" in view.panel.summary.text()
    assert "0.1, 0.2, 0.4 g" in view.panel.summary.text()
    assert "    class 0.4+" in _cells(view, 0) and view.panel.population_raster.isVisible()
    assert view.panel.population_raster.currentText() == "Population per hectare"
    assert view.panel.population.text().startswith("Population exposed:") and "0.4+:" in view.panel.population.text()


def test_raster_hazard_chosen_edited_run_and_shown_on_map(view, demo_window, qtbot, tmp_path):
    ws = view.model.ws
    files = rs.flood_scenario_files(tmp_path)
    depth = ws.add_raster(files["depth"], name="Глубина затопления, 1% (м)")
    (schools,) = ws.add_layer(files["schools"])
    (roads,) = ws.add_layer(files["roads"])
    view.editor.hazard_list.setCurrentRow(0)  # the flood
    view.editor.tabs.setCurrentIndex(1)
    hid = view.editor.hazard_id()
    qtbot.waitUntil(lambda: view.editor.forms["most_severe"].layer.findData(RASTER + depth) > 0)
    form = view.editor.forms["most_severe"]
    form.layer.setCurrentIndex(form.layer.findData(RASTER + depth))
    form.layer.activated.emit(form.layer.currentIndex())
    sc = ws.scenarios(hid)["most_severe"]
    # a flood's raster: metres, and the usual classes offered for the user to edit
    assert (sc.raster_id, sc.zone_layer_id, sc.class_field) == (depth, None, None)
    assert sc.raster_thresholds == {"values": [0.5, 1.0, 2.0], "unit": "m", "raster_unit": "m"}
    view.model.undo_stack.undo()  # back to the zone layer and its classes, then forward again
    sc = ws.scenarios(hid)["most_severe"]
    assert (sc.raster_id, sc.raster_thresholds, sc.affected_classes) == (None, None, ("flood", "mudflow"))
    assert sc.zone_layer_id is not None
    view.model.undo_stack.redo()
    assert ws.scenarios(hid)["most_severe"].raster_id == depth
    qtbot.waitUntil(lambda: view.editor.forms["most_severe"].thresholds.isVisible())
    form = view.editor.forms["most_severe"]
    # thresholds typed with decimal commas, in centimetres
    form.thresholds.setText("50; 100; 200")
    form.unit.setCurrentIndex(form.unit.findData("cm"))
    form.unit.activated.emit(form.unit.currentIndex())
    assert ws.scenarios(hid)["most_severe"].raster_thresholds == {"values": [50.0, 100.0, 200.0], "unit": "cm",
                                                                  "raster_unit": "m"}
    # bad input: not increasing, then a unit of another quantity: one sentence each, nothing changed
    shown = []
    import resilience_desktop.ui.scenarios.scenario_editor_widget as editor_module
    orig = editor_module.show_error
    editor_module.show_error = lambda _parent, exc, **_kw: shown.append(str(exc))
    try:
        form = view.editor.forms["most_severe"]
        form.thresholds.setText("2, 1")
        form.thresholds.editingFinished.emit()
        form = view.editor.forms["most_severe"]
        form.unit.setCurrentIndex(form.unit.findData("g"))
        form.unit.activated.emit(form.unit.currentIndex())
    finally:
        editor_module.show_error = orig
    assert len(shown) == 2 and "increasing" in shown[0] and "cannot be compared" in shown[1]
    assert all("\n" not in m for m in shown)
    assert ws.scenarios(hid)["most_severe"].raster_thresholds["values"] == [50.0, 100.0, 200.0]
    # run on the schools and roads: the same numbers as the core on the stored raster
    sid = ws.scenarios(hid)["most_severe"].id
    qtbot.waitUntil(lambda: view.panel.scenario_id == sid)
    for i in range(view.panel.asset_list.count()):
        item = view.panel.asset_list.item(i)
        from PySide6.QtCore import Qt
        item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in (schools, roads)
                           else Qt.CheckState.Unchecked)
    view.panel.group_field.setCurrentIndex(0)  # by layer
    task = view.panel.run()
    assert task is not None
    wait_for(task)
    qtbot.waitUntil(lambda: view.panel.record is not None and bool(view.panel.record.inputs.get("raster")))
    rec = view.panel.record
    assert rec.inputs["thresholds_in_raster_unit"] == [0.5, 1.0, 2.0]
    by = {g["group"]: g for g in rec.result["groups"]}
    assert (by["schools"]["affected"], by["schools"]["total"]) == (4, 8)
    assert by["roads"]["exposed_length_m"] == pytest.approx(775.0, abs=0.01)
    kwargs, _inputs = ws.scenario_inputs(sid, [a["id"] for a in rec.inputs["assets"]])
    assert rec.result["groups"] == run_raster_exposure(**kwargs).to_record()["groups"]
    assert "50, 100, 200 cm" in view.panel.summary.text()
    assert "schools" in _cells(view, 0) and "    class 2+" in _cells(view, 0)
    assert "no cell of the raster reaches" not in view.panel.summary.text()
    # thresholds no cell reaches (metres typed as centimetres the other way round): said, not hidden
    ws.set_scenario(hid, "most_severe", raster_thresholds={"values": [5, 10], "unit": "m", "raster_unit": "m"})
    before = view.panel.record.id
    wait_for(view.panel.run())
    qtbot.waitUntil(lambda: view.panel.record is not None and view.panel.record.id != before)
    assert view.panel.record.result["groups"][0]["affected"] == 0
    assert "no cell of the raster reaches the first threshold (its largest value is 3.90 m)" in \
        view.panel.summary.text()
    ws.set_scenario(hid, "most_severe", raster_thresholds={"values": [50, 100, 200], "unit": "cm", "raster_unit": "m"})
    wait_for(view.panel.run())
    qtbot.waitUntil(lambda: view.panel.record is not None
                    and view.panel.record.inputs["thresholds_in_raster_unit"] == [0.5, 1.0, 2.0])
    # Show on map: the raster drawn by hazard class though hidden, zoomed to the affected assets
    ws.set_raster_visible(depth, False)
    view.panel.map_button.click()
    assert demo_window.current_view() == "map"
    canvas = demo_window.map_view.canvas
    (drawn,) = [r for r in canvas.scene.rasters if r.id == depth]
    assert drawn.style["breaks"] == [0.5, 1.0, 2.0] and drawn.style["mode"] == "classed"
    assert {k: v.tolist() for k, v in canvas.selection.items()} == {schools: [1, 2, 4, 5], roads: [0]}
    x0, y0, x1, y1 = canvas.view.bounds
    assert x1 - x0 < 5_000  # the affected schools and road in view, not the whole city
    assert canvas.overlay is None


def test_hazard_classes_are_drawn_transparent_below_the_first_threshold():
    from resilience_desktop.gis.raster_style import colourise, hazard_raster_style, raster_legend
    style = hazard_raster_style([0.1, 0.2, 0.4])
    rgba = colourise(np.array([[0.05, 0.1, 0.3, 0.5, np.nan]]), style)
    assert rgba[0, :, 3].tolist() == [0, 255, 255, 255, 0]
    assert len({tuple(rgba[0, i, :3]) for i in (1, 2, 3)}) == 3
    assert [label for label, _c in raster_legend(style)] == ["0.1 – 0.2", "0.2 – 0.4", "≥ 0.4"]
