"""The map: canvas, layer panel, identify, import in the background (resilience_desktop/ui/map/, ui/workers.py)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QColor

from resilience_desktop.gis.scene import scene_from_workspace
from resilience_desktop.ui.map import map_actions
from resilience_desktop.ui.map.canvas import PAN_STEP, ZOOM_STEP, MapCanvas
from resilience_desktop.ui.map.map_view import MapView
from resilience_desktop.ui.workers import run_task, wait_for
from resilience_desktop.ui.workspace_model import WorkspaceModel

from ..gis import samples
from .helpers import LEFT, error_dialogs

pytestmark = pytest.mark.ui

RED = "#ff0000"


@pytest.fixture
def model(qtbot, workspace, tmp_path):
    """A WorkspaceModel on a workspace with one red square polygon layer (0..4 m) and a point layer."""
    m = WorkspaceModel()
    ws = workspace
    path = tmp_path / "square.geojson"
    path.write_text('{"type": "FeatureCollection", "features": ['
                    '{"type": "Feature", "properties": {"name": "square", "kind": "a"}, "geometry": {"type": "Polygon",'
                    ' "coordinates": [[[500000, 4745000], [500400, 4745000], [500400, 4745400], [500000, 4745400], [500000, 4745000]]]}},'
                    '{"type": "Feature", "properties": {"name": "east", "kind": "b"}, "geometry": {"type": "Polygon",'
                    ' "coordinates": [[[501000, 4745000], [501400, 4745000], [501400, 4745400], [501000, 4745400], [501000, 4745000]]]}}'
                    '], "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32643"}}}', encoding="utf-8")
    (lid,) = ws.add_layer(path)
    ws.set_layer_style(lid, {"kind": "single", "color": RED})
    ws.set_map_crs("EPSG:32643")
    m.set_workspace(ws)
    m.layer_id = lid
    yield m
    m.ws = None  # the workspace fixture closes it


def _canvas(qtbot, model) -> MapCanvas:
    canvas = MapCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(400, 300)
    canvas.show()
    qtbot.waitExposed(canvas)
    canvas.set_scene(scene_from_workspace(model.ws), keep_view=False)
    return canvas


def _is_reddish(c: QColor) -> bool:
    return c.red() > 180 and c.green() < 120 and c.blue() < 120


# ------------------------------------------------------------------ canvas
def test_canvas_draws_the_layer_where_it_is(qtbot, model):
    canvas = _canvas(qtbot, model)
    image = canvas.render_to_image()
    px, py = canvas.view.to_pixels(np.array([[500200.0, 4745200.0]]))[0]
    assert _is_reddish(image.pixelColor(int(px), int(py)))
    gx, gy = canvas.view.to_pixels(np.array([[500700.0, 4745200.0]]))[0]   # the gap between the squares
    assert not _is_reddish(image.pixelColor(int(gx), int(gy)))


def test_arrow_keys_pan_and_plus_minus_zoom(qtbot, model):
    canvas = _canvas(qtbot, model)
    v0 = canvas.view
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    assert canvas.view.cx == pytest.approx(v0.cx + canvas.width() * PAN_STEP * v0.resolution)
    assert canvas.view.resolution == v0.resolution
    qtbot.keyClick(canvas, Qt.Key.Key_Plus)
    assert canvas.view.resolution == pytest.approx(v0.resolution / ZOOM_STEP)
    qtbot.keyClick(canvas, Qt.Key.Key_Minus)
    qtbot.keyClick(canvas, Qt.Key.Key_Home)
    assert canvas.view.cx == pytest.approx(v0.cx) and canvas.view.resolution == pytest.approx(v0.resolution)


def test_drag_pans_by_the_mouse_movement(qtbot, model):
    canvas = _canvas(qtbot, model)
    v0 = canvas.view
    qtbot.mousePress(canvas, LEFT, pos=QPoint(100, 100))
    qtbot.mouseMove(canvas, QPoint(150, 120))
    qtbot.mouseRelease(canvas, LEFT, pos=QPoint(150, 120))
    assert canvas.view.cx == pytest.approx(v0.cx - 50 * v0.resolution)
    assert canvas.view.cy == pytest.approx(v0.cy + 20 * v0.resolution)


def test_click_identifies_and_selects(qtbot, model):
    canvas = _canvas(qtbot, model)
    px, py = canvas.view.to_pixels(np.array([[501200.0, 4745200.0]]))[0]
    with qtbot.waitSignal(canvas.sig_feature_identified) as sig:
        qtbot.mouseClick(canvas, LEFT, pos=QPoint(int(px), int(py)))
    assert sig.args == [model.layer_id, 1]
    assert canvas.selection[model.layer_id].tolist() == [1]
    canvas.zoom_to_selection()
    assert canvas.view.bounds[0] > 500400            # only the east square is in view now


def test_shift_drag_selects_by_rectangle(qtbot, model):
    canvas = _canvas(qtbot, model)
    a = canvas.view.to_pixels(np.array([[499900.0, 4745500.0]]))[0]
    b = canvas.view.to_pixels(np.array([[501500.0, 4744900.0]]))[0]
    with qtbot.waitSignal(canvas.sig_selection_changed) as sig:
        qtbot.mousePress(canvas, LEFT, Qt.KeyboardModifier.ShiftModifier, QPoint(int(a[0]), int(a[1])))
        qtbot.mouseMove(canvas, QPoint(int(b[0]), int(b[1])))
        qtbot.mouseRelease(canvas, LEFT, Qt.KeyboardModifier.ShiftModifier, QPoint(int(b[0]), int(b[1])))
    assert sig.args[0] == {model.layer_id: [0, 1]}


def test_pan_frame_is_a_blit(qtbot, model):
    canvas = _canvas(qtbot, model)
    canvas.repaint()
    canvas.pan_by(30, 0)
    canvas.repaint()
    assert canvas.last_paint_ms < 16


# ------------------------------------------------------------------ the map view and panel
def test_map_view_identify_and_cursor_coordinates(qtbot, model):
    view = MapView(model)
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    qtbot.waitExposed(view)
    canvas = view.canvas
    px, py = canvas.view.to_pixels(np.array([[500200.0, 4745200.0]]))[0]
    qtbot.mouseMove(canvas, QPoint(int(px), int(py)))
    # 200 m east of zone 43's central meridian (75°E)
    assert view.coords_label.text().startswith("Lon 75.002") and "Lat 42.8" in view.coords_label.text()
    qtbot.mouseClick(canvas, LEFT, pos=QPoint(int(px), int(py)))
    assert view.attributes.values() == {"name": "square", "kind": "a"}


def test_panel_visibility_opacity_style_undo(qtbot, model):
    view = MapView(model)
    qtbot.addWidget(view)
    panel, ws, lid = view.panel, model.ws, model.layer_id
    item = panel.list.item(0)
    item.setCheckState(Qt.CheckState.Unchecked)
    assert ws.get_layer(lid).visible is False
    assert view.canvas.scene.layers == []
    model.undo_stack.undo()
    assert ws.get_layer(lid).visible is True and len(view.canvas.scene.layers) == 1
    panel.opacity.setValue(40)
    assert ws.get_layer(lid).opacity == pytest.approx(0.4)
    assert view.canvas.scene.layers[0].opacity == pytest.approx(0.4)
    panel.style_kind.setCurrentIndex(panel.style_kind.findData("categorized"))
    panel.style_kind.activated.emit(panel.style_kind.currentIndex())
    assert ws.get_layer(lid).style["field"] == "name"           # the first field, until one is chosen
    panel.field.setCurrentText("kind")
    panel.field.activated.emit(panel.field.currentIndex())
    style = ws.get_layer(lid).style
    assert style["kind"] == "categorized" and set(style["categories"]) == {"a", "b"}
    assert [panel.legend.item(i).text() for i in range(panel.legend.count())] == ["a", "b", "other values"]
    assert len(set(view.canvas.scene.layers[0].colours)) == 3
    model.undo_stack.undo()
    model.undo_stack.undo()
    assert ws.get_layer(lid).style["kind"] == "single"


def test_panel_reorder_by_drag_and_remove(qtbot, model, tmp_path):
    ws = model.ws
    (second,) = ws.add_layer(samples.csv_points(tmp_path))
    view = MapView(model)
    qtbot.addWidget(view)
    panel = view.panel
    assert [x.id for x in ws.list_layers()] == [second, model.layer_id]
    panel.list.model().moveRow(QModelIndex(), 1, QModelIndex(), 0)     # what a drag to the top does
    assert [x.id for x in ws.list_layers()] == [model.layer_id, second]
    assert [x.id for x in view.canvas.scene.layers] == [second, model.layer_id]   # bottom first
    panel.list.setCurrentRow(0)
    panel.remove.click()
    assert [x.id for x in ws.list_layers()] == [second]
    model.undo_stack.undo()
    assert len(ws.list_layers()) == 2


def test_a_long_notice_takes_its_own_row_and_leaves_the_buttons_whole(qtbot, model, tmp_path):
    for name in ("a", "b", "c"):
        folder = tmp_path / name
        folder.mkdir()
        model.ws.add_layer(samples.shapefile_cp1251(folder, prj=False))
    view = MapView(model)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    assert view.notice.text().count("unknown CRS") == 3
    assert view.notice.width() > 1000                                # the whole width, not a narrow column
    assert view.crs_button.width() >= view.crs_button.sizeHint().width()
    assert view.notice.geometry().top() > view.crs_button.geometry().bottom()


def test_unknown_crs_is_flagged_and_assigned_from_the_panel(qtbot, model, tmp_path):
    ws = model.ws
    (lid,) = ws.add_layer(samples.shapefile_cp1251(tmp_path, prj=False))
    view = MapView(model)
    qtbot.addWidget(view)
    assert "CRS unknown" in view.panel.list.item(0).text()
    assert "districts" in view.notice.text() and "unknown CRS" in view.notice.text()
    assert lid not in [x.id for x in view.canvas.scene.layers]
    view.panel.assign(ws.get_layer(lid), "EPSG:32643")
    assert ws.get_layer(lid).crs == "EPSG:32643"
    assert lid in [x.id for x in view.canvas.scene.layers]
    assert "CRS unknown" not in view.panel.list.item(0).text()


# ------------------------------------------------------------------ background import
def test_workers_deliver_results_progress_and_errors_on_the_gui_thread(qtbot):
    import threading
    gui = threading.get_ident()
    seen: list = []

    def work(n, *, progress, cancelled):
        progress(1, 2)
        if n < 0:
            raise ValueError("negative")
        return n * 2, threading.get_ident()

    task = run_task(work, 21, on_done=lambda r: seen.append(("done", r[0], r[1] != gui, threading.get_ident() == gui)),
                    on_progress=lambda d, t: seen.append(("progress", d, t, threading.get_ident() == gui)))
    wait_for(task)
    assert ("progress", 1, 2, True) in seen and ("done", 42, True, True) in seen
    task = run_task(work, -1, on_error=lambda e: seen.append(("error", str(e))))
    wait_for(task)
    assert seen[-1] == ("error", "negative")


def test_import_runs_in_the_background_and_is_undoable(qtbot, demo_window, tmp_path):
    window = demo_window
    before = len(window.model.ws.list_layers())
    task = map_actions.start_import(window, samples.geopackage_two_layers(tmp_path))
    wait_for(task)
    assert window.current_view() == "map"
    names = [x.name for x in window.model.ws.list_layers()]
    assert names[:2] == ["zones", "roads"] and len(names) == before + 2
    canvas = window.map_view.canvas              # zoomed to the layer just imported, not to everything
    roads = next(x.id for x in window.model.ws.list_layers() if x.name == "roads")
    imported = next(x for x in canvas.scene.layers if x.id == roads).extent
    v = canvas.view.bounds
    assert v[0] <= imported[0] and v[1] <= imported[1] and v[2] >= imported[2] and v[3] >= imported[3]
    assert v[2] - v[0] < 1_000 and canvas.scene.extent[2] - canvas.scene.extent[0] > 100_000
    window.model.undo_stack.undo()
    assert len(window.model.ws.list_layers()) == before


def test_import_of_a_broken_file_shows_an_error_and_changes_nothing(qtbot, demo_window, tmp_path):
    window = demo_window
    before = window.model.ws.list_layers()
    task = map_actions.start_import(window, samples.truncated(samples.geopackage_two_layers(tmp_path), 0.3))
    wait_for(task)
    qtbot.waitUntil(lambda: bool(error_dialogs()))
    assert "cannot read city.gpkg" in error_dialogs()[-1].text()
    assert window.model.ws.list_layers() == before


def test_demo_map_view_shows_the_demo_layers(qtbot, demo_window):
    demo_window.show_view("map")
    view = demo_window.map_view
    names = [x.name for x in demo_window.model.ws.list_layers()]
    assert names == ["Active faults", "Facilities", "River", "Roads", "Buildings", "Hazard zones"]
    assert len(view.canvas.scene.layers) == 6 and view.canvas.scene.crs == "EPSG:32643"
    assert view.canvas.view.resolution < 20            # fitted to the city, not the world


def test_a_cancelled_task_reports_cancellation_not_a_result(qtbot):
    import threading
    started = threading.Event()

    def work(*, progress, cancelled):
        started.set()
        for _ in range(2000):
            if cancelled():
                raise RuntimeError("cancelled")
            threading.Event().wait(0.005)
        return "finished"

    task = run_task(work)
    started.wait(5)
    task.cancel()
    wait_for(task)
    assert task.result is None and str(task.error) == "cancelled"


def test_shapefiles_without_cpg_ask_for_an_encoding(tmp_path):
    folder = tmp_path / "src"
    folder.mkdir()
    with_cpg = samples.shapefile_cp1251(folder)
    assert not map_actions.needs_encoding_choice(with_cpg)
    assert not map_actions.needs_encoding_choice(samples.zipped(with_cpg, tmp_path / "a.zip"))
    with_cpg.with_suffix(".cpg").unlink()
    assert map_actions.needs_encoding_choice(with_cpg)
    assert map_actions.needs_encoding_choice(samples.zipped(with_cpg, tmp_path / "b.zip"))
    assert not map_actions.needs_encoding_choice(samples.csv_points(tmp_path))
    with_cpg.with_suffix(".cpg").write_text("\r\n")  # an empty .cpg states nothing either
    assert map_actions.needs_encoding_choice(with_cpg)
    assert map_actions.needs_encoding_choice(samples.zipped(with_cpg, tmp_path / "c.zip"))


def test_import_with_an_encoding_override(qtbot, demo_window, tmp_path):
    shp = samples.shapefile_cp1251(tmp_path, cpg=False)
    task = map_actions.start_import(demo_window, shp, encoding="cp1251")
    wait_for(task)
    ws = demo_window.model.ws
    layer = ws.list_layers()[0]
    assert (layer.name, layer.encoding) == ("districts", "CP1251")
    assert ws.layer_attributes(layer.id, 0)["name"] == samples.NAMES_RU[0]


def test_mbtiles_basemap_under_the_layers_and_undo(qtbot, model, tmp_path):
    view = MapView(model)
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    qtbot.waitExposed(view)
    canvas = view.canvas
    gap = canvas.view.to_pixels(np.array([[500700.0, 4745200.0]]))[0]   # between the squares

    def gap_colour() -> QColor:
        return canvas.render_to_image().pixelColor(int(gap[0]), int(gap[1]))
    assert gap_colour() != QColor(40, 160, 60)
    view.set_basemap(str(samples.mbtiles(tmp_path)))
    assert canvas.scene.basemap is not None
    assert gap_colour() == QColor(40, 160, 60)
    square = canvas.view.to_pixels(np.array([[500200.0, 4745200.0]]))[0]
    assert _is_reddish(canvas.render_to_image().pixelColor(int(square[0]), int(square[1])))   # layers on top
    model.undo_stack.undo()
    assert model.ws.basemap_path() is None and canvas.scene.basemap is None
    assert gap_colour() != QColor(40, 160, 60)


def test_a_file_that_is_not_mbtiles_is_refused_with_a_message(qtbot, model, tmp_path):
    view = MapView(model)
    qtbot.addWidget(view)
    bad = tmp_path / "bad.mbtiles"
    bad.write_bytes(b"nope")
    view.set_basemap(str(bad))
    qtbot.waitUntil(lambda: bool(error_dialogs()))
    assert "not an MBTiles" in error_dialogs()[-1].text()
    assert model.ws.basemap_path() is None


def test_the_layer_panel_is_never_squashed_at_1280x720(qtbot, demo_window):
    """Issue 17's screenshots: with the raster section the panel is taller than a 720-pixel window; it
    scrolls instead of pressing its fields on top of each other."""
    from PySide6.QtWidgets import QWidget

    demo_window.resize(1280, 720)
    demo_window.show()
    demo_window.show_view("map")
    qtbot.wait(100)
    panel = demo_window.map_view.panel
    def least(w: QWidget) -> int:  # as Qt's layouts read it: a minimum size set on the widget wins over its hint
        return w.minimumSize().height() or w.minimumSizeHint().height()
    squashed = [f"{type(w).__name__} {w.height()} < {least(w)}"
                for w in panel.findChildren(QWidget)
                if w.isVisible() and w.minimumSizeHint().isValid() and w.height() < least(w)
                and not w.objectName().startswith("qt_")]  # Qt's own parts (a spin box's editor sits in its frame)
    assert not squashed
    raster = panel.rasters
    assert raster.isVisible() and raster.height() >= raster.minimumSizeHint().height()


def test_a_tall_window_shows_the_whole_panel_without_scrolling(qtbot, demo_window):
    """The panel asks its scroll area for its least height, not its preferred one."""
    from PySide6.QtWidgets import QScrollArea

    demo_window.resize(1600, 1000)
    demo_window.show()
    demo_window.show_view("map")
    qtbot.wait(100)
    area = demo_window.map_view.findChild(QScrollArea, "mapPanelScroll")
    assert area.widget() is demo_window.map_view.panel
    assert not area.verticalScrollBar().isVisible()
    demo_window.resize(1280, 720)
    qtbot.wait(100)
    assert area.verticalScrollBar().isVisible()


def test_a_shapefile_without_its_dbf_is_imported_with_a_warning(qtbot, demo_window, tmp_path):
    """A GIS trial's: the zip had lost its .dbf and the layer came in without attributes, unsaid."""
    from PySide6.QtWidgets import QApplication, QMessageBox
    shp = samples.shapefile_cp1251(tmp_path)
    shp.with_suffix(".dbf").unlink()
    task = map_actions.start_import(demo_window, samples.zipped(shp, tmp_path / "districts.zip"))
    wait_for(task)
    qtbot.waitUntil(lambda: any(isinstance(w, QMessageBox) and w.objectName() == "importNotes" and w.isVisible()
                                for w in QApplication.topLevelWidgets()))
    box = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "importNotes")
    assert "no .dbf" in box.text() and demo_window.model.ws.list_layers()[0].name == "districts"



def test_a_layer_far_from_the_city_is_imported_with_a_warning(qtbot, demo_window, tmp_path):
    """A GIS trial's: zones in another UTM zone's system came in silently and the map zoomed out to the Caspian."""
    import shapely
    from PySide6.QtWidgets import QApplication
    far = samples._write(tmp_path / "far.geojson", [shapely.Point(x, y) for x, y in samples.UTM_POINTS],
                         {"name": ["a", "b", "c"]}, geometry_type="Point", crs="EPSG:32637")
    wait_for(map_actions.start_import(demo_window, far))
    qtbot.waitUntil(lambda: any(w.objectName() == "importNotes" and w.isVisible() for w in QApplication.topLevelWidgets()))
    box = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "importNotes")
    assert "km from Sary-Tala: check its coordinate system (EPSG:32637)" in box.text(), box.text()  # the nearest city


def test_a_raster_without_its_crs_asks_for_one_starting_at_the_maps(qtbot, demo_window, tmp_path, monkeypatch):
    from resilience_desktop.ui.map.crs_dialog import CrsDialog

    from ..gis import raster_samples as rs
    window = demo_window
    ws = window.model.ws
    path = rs.write_grid(tmp_path / "flood_depth_nocrs.tif", rs.depth_values(), crs=None)
    before = ws.list_rasters()
    asked = []
    answer = {"accept": 0}

    def exec_(dialog):
        row = dialog.results.currentItem()
        asked.append((dialog.windowTitle(), dialog.findChild(QLabel, "crsNote").text(), row and row.text()))
        return answer["accept"]

    from PySide6.QtWidgets import QLabel
    monkeypatch.setattr(CrsDialog, "exec", exec_)
    assert map_actions.start_raster_import(window, path) is None        # cancelled: nothing read, nothing added
    title, note, first = asked[-1]
    assert "flood_depth_nocrs.tif" in title and "does not say which coordinate system" in note
    assert first.startswith(ws.map_crs() + " — ")                       # the map's CRS is one Enter away
    assert ws.list_rasters() == before

    answer["accept"] = 1
    wait_for(map_actions.start_raster_import(window, path))
    (raster,) = [r for r in ws.list_rasters() if r not in before]
    assert raster.crs == ws.map_crs() and raster.name == "flood_depth_nocrs"
    assert raster.id in [r.id for r in window.map_view.canvas.scene.rasters]
    window.model.undo_stack.undo()
    assert ws.list_rasters() == before


def test_a_picture_with_no_georeferencing_is_refused_before_any_question(qtbot, demo_window, tmp_path, monkeypatch):
    import warnings

    import rasterio

    from resilience_desktop.ui.map.crs_dialog import CrsDialog
    monkeypatch.setattr(CrsDialog, "exec", lambda _d: pytest.fail("no CRS is asked for a picture"))
    path = tmp_path / "scan.tif"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with rasterio.open(path, "w", driver="GTiff", width=8, height=8, count=1, dtype="uint8") as ds:
            ds.write(np.zeros((8, 8), dtype="uint8"), 1)
    before = demo_window.model.ws.list_rasters()
    assert map_actions.start_raster_import(demo_window, path) is None
    qtbot.waitUntil(lambda: bool(error_dialogs()))
    assert "no georeferencing" in error_dialogs()[-1].text()
    assert demo_window.model.ws.list_rasters() == before


def test_a_raster_placed_far_from_the_cities_by_the_crs_chosen_is_said(qtbot, demo_window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QApplication

    from resilience_desktop.ui.map.crs_dialog import CrsDialog

    from ..gis import raster_samples as rs
    path = rs.write_grid(tmp_path / "depth_nocrs.tif", rs.depth_values(), crs=None)

    def exec_(dialog):  # the user picks Web Mercator instead of the suggested UTM zone
        dialog.search.setText("3857")
        dialog.update_results()
        return 1
    monkeypatch.setattr(CrsDialog, "exec", exec_)
    wait_for(map_actions.start_raster_import(demo_window, path))
    assert any(r.crs == "EPSG:3857" for r in demo_window.model.ws.list_rasters())
    qtbot.waitUntil(lambda: any(w.objectName() == "importNotes" and w.isVisible() for w in QApplication.topLevelWidgets()))
    box = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "importNotes")
    assert "km from" in box.text() and "EPSG:3857" in box.text()
    box.close()


def test_a_layer_imported_twice_is_said_in_the_import_box(qtbot, demo_window, tmp_path):
    from PySide6.QtWidgets import QApplication
    path = samples.geopackage_two_layers(tmp_path)
    def boxes() -> list:
        return [w for w in QApplication.topLevelWidgets() if w.objectName() == "importNotes" and w.isVisible()]
    wait_for(map_actions.start_import(demo_window, path))
    qtbot.wait(50)
    assert not any("the same features" in b.text() for b in boxes())  # the sample lies far from the demo's cities
    for b in boxes():
        b.close()
    wait_for(map_actions.start_import(demo_window, path))
    qtbot.waitUntil(lambda: bool(boxes()))
    (box,) = boxes()
    assert box.text().count("the same features were already added from city.gpkg") == 2   # zones and roads
    box.close()
