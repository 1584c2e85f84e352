"""The map's new tools: CRS choice, attribute table with selection, measure, graduated styles, labels."""

from __future__ import annotations

import numpy as np
import pyogrio
import pytest
from PySide6.QtCore import QPoint, Qt

from resilience_desktop.gis.measure import GEOD
from resilience_desktop.ui.map.crs_dialog import CrsDialog
from resilience_desktop.ui.map.map_view import MapView
from resilience_desktop.ui.workspace_model import WorkspaceModel

from ..gis import samples
from .helpers import LEFT

pytestmark = pytest.mark.ui


@pytest.fixture
def view(qtbot, workspace, tmp_path):
    """A map view over Almaty districts (numeric ``pop``) and hospitals."""
    workspace.add_layer(samples.almaty_districts(tmp_path))
    workspace.add_layer(samples.almaty_hospitals(tmp_path))
    m = WorkspaceModel()
    m.set_workspace(workspace)
    v = MapView(m)
    qtbot.addWidget(v)
    v.resize(1200, 800)
    v.show()
    qtbot.waitExposed(v)
    yield v
    m.ws = None


def _select_layer(view, name):
    for i in range(view.panel.list.count()):
        if view.panel.list.item(i).text() == name:
            view.panel.list.setCurrentRow(i)
            return view.panel.current_layer()
    raise AssertionError(name)


def test_crs_dialog_searches_and_the_view_sets_the_crs_undoably(qtbot, view):
    ws = view.model.ws
    assert ws.map_crs() == "EPSG:32643" and "UTM zone 43N" in view.crs_button.text()
    dialog = CrsDialog(ws.map_crs(), view)
    qtbot.addWidget(dialog)
    dialog.search.setText("3857")
    dialog.update_results()
    assert dialog.chosen() == "EPSG:3857"
    view.set_map_crs(dialog.chosen())
    assert ws.map_crs() == "EPSG:3857" and view.canvas.scene.crs == "EPSG:3857"
    assert "3857" in view.crs_button.text()
    view.model.undo_stack.undo()
    assert ws.map_crs() == "EPSG:32643"


def test_builtin_basemap_switch(qtbot, view):
    assert view.canvas.scene.basemap_layers and view.builtin_action.isChecked()
    view.builtin_action.setChecked(False)
    assert not view.model.ws.builtin_basemap_on() and not view.canvas.scene.basemap_layers


def test_attribute_table_filters_selects_and_follows_the_map(qtbot, view, tmp_path):
    _select_layer(view, "districts")
    view.table_button.setChecked(True)
    table = view.table
    assert table.model is not None and table.proxy.rowCount() == 6
    # numbers right-aligned and sorted as numbers
    col = table.model.fields.index("pop")
    idx = table.proxy.index(0, col)
    assert table.proxy.data(idx, Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    table.view.sortByColumn(col, Qt.SortOrder.AscendingOrder)
    shown = [table.proxy.data(table.proxy.index(r, col)) for r in range(6)]
    assert shown == ["2", "10", "40", "75", "150", "1000"]
    # filter by expression, then select by attribute
    table.field.setCurrentText("pop")
    table.op.setCurrentIndex(table.op.findData(">="))
    table.value.setText("75")
    table.apply_filter()
    assert table.proxy.rowCount() == 3
    table.select_matching()
    lid = table.layer_id
    assert view.canvas.selection[lid].tolist() == [2, 4, 5]
    assert view.selection_label.text() == "Features selected: 3"
    # the map's selection shows in the table
    view.canvas.set_selection({lid: [4]})
    assert table.selected_fids() == [4]
    assert view.selection_label.text() == "Features selected: 1"
    # export the selection with its schema
    out = tmp_path / "sel.gpkg"
    view.export_selection(lid, [2, 4], str(out))
    info = pyogrio.read_info(out)
    assert info["features"] == 2 and info["crs"] == "EPSG:4326"


def test_measure_tool_gives_the_geodesic_distance(qtbot, view):
    view.measure_button.setChecked(True)
    canvas = view.canvas
    canvas.measure.clear()
    a, b = QPoint(100, 300), QPoint(500, 300)
    qtbot.mouseClick(canvas, LEFT, pos=a)
    qtbot.mouseClick(canvas, LEFT, pos=b)
    pts = np.array([canvas.view.to_map(100, 300), canvas.view.to_map(500, 300)])
    from resilience_desktop.gis.crs import transformer
    lon, lat = transformer(canvas.scene.crs, "EPSG:4326").transform(pts[:, 0], pts[:, 1])
    assert canvas.measure.length() == pytest.approx(GEOD.line_length(lon, lat), rel=1e-6)
    assert view.notice.text().startswith("Distance:")
    qtbot.mouseClick(canvas, LEFT, pos=QPoint(300, 100))
    assert "Area:" in view.notice.text()
    assert canvas.selection == {}                         # measuring clicks do not identify


def test_panel_graduated_style_labels_and_rename(qtbot, view):
    layer = _select_layer(view, "districts")
    panel = view.panel
    panel.field.setCurrentText("pop")
    panel.method.setCurrentIndex(panel.method.findData("equal"))
    panel.classes.blockSignals(True)
    panel.classes.setValue(4)
    panel.classes.blockSignals(False)
    panel.style_kind.setCurrentIndex(panel.style_kind.findData("graduated"))
    panel._on_style_kind()
    style = view.model.ws.get_layer(layer.id).style
    assert style["kind"] == "graduated" and style["breaks"] == [2.0, 251.5, 501.0, 750.5, 1000.0]
    legend = [panel.legend.item(i).text() for i in range(panel.legend.count())]
    assert legend[:4] == ["2 – 251.5", "251.5 – 501", "501 – 750.5", "750.5 – 1,000"]
    panel.label_field.setCurrentIndex(panel.label_field.findData("name"))
    panel._on_labels()
    assert view.model.ws.get_layer(layer.id).style["labels"]["field"] == "name"
    assert style["breaks"] == view.model.ws.get_layer(layer.id).style["breaks"]   # labels keep the classes
    shown = next(x for x in view.canvas.scene.layers if x.id == layer.id)
    assert shown.labels is not None and sorted(shown.labels.texts) == [f"D{i}" for i in range(6)]
    view.model.ws.rename_layer(layer.id, "Районы")
    assert any(panel.list.item(i).text() == "Районы" for i in range(panel.list.count()))


def test_raster_layers_in_the_panel_and_on_the_canvas(qtbot, view, tmp_path):
    ws = view.model.ws
    rid = ws.add_raster(samples.flood_geotiff(tmp_path))
    panel = view.panel.rasters
    assert panel.isVisibleTo(view) and panel.list.count() == 1
    assert [r.id for r in view.canvas.scene.rasters] == [rid]
    panel.ramp.setCurrentIndex(panel.ramp.findData("blues"))
    panel._on_style()
    assert ws.get_raster(rid).style["ramp"] == "blues"
    assert "no data (transparent)" in panel.legend.text()
    panel.list.item(0).setCheckState(Qt.CheckState.Unchecked)
    assert not ws.get_raster(rid).visible and view.canvas.scene.rasters == []
    view.model.undo_stack.undo()
    assert ws.get_raster(rid).visible and len(view.canvas.scene.rasters) == 1
    image = view.canvas.render_to_image()
    assert not image.isNull()


def test_export_map_image_png_and_svg_at_the_chosen_size(qtbot, view, tmp_path):
    from PySide6.QtGui import QImage
    from resilience_desktop.ui.map.export_image_dialog import write_map_image
    png, svg = tmp_path / "m.png", tmp_path / "m.svg"
    ws = view.model.ws
    names = {x.id: x.name for x in ws.list_layers()}
    styles = {x.id: x.style for x in ws.list_layers()}
    write_map_image(png, view.canvas.scene, view.canvas.view, (1800, 1200), 200, names, styles)
    img = QImage(str(png))
    assert (img.width(), img.height()) == (1800, 1200)
    assert round(img.dotsPerMeterX() * 0.0254) == 200
    write_map_image(svg, view.canvas.scene, view.canvas.view, (900, 600), 96, names, styles)
    text = svg.read_text()
    assert text.lstrip().startswith("<?xml") and 'width="' in text and "<image" in text


def test_report_map_shows_the_city_or_the_saved_view(qtbot, view):
    from resilience_desktop.gis.crs import transform_bounds
    from resilience_desktop.gis.report_extent import report_map_extent
    ws = view.model.ws
    everything = view.canvas.scene.extent
    assert report_map_extent(ws, ws.map_crs(), everything) == everything       # no city, nothing saved
    ws.add_city("Almaty", "KZ", lon=76.9, lat=43.25)
    x0, y0, x1, y1 = transform_bounds(report_map_extent(ws, ws.map_crs(), everything), ws.map_crs(), "EPSG:4326")
    assert x0 < 76.9 < x1 and y0 < 43.25 < y1 and 0.2 < y1 - y0 < 0.3              # 30 km across
    view.canvas.zoom_by(4)
    view.save_report_extent()
    saved = report_map_extent(ws, ws.map_crs(), everything)
    v = view.canvas.view.bounds          # kept as lon/lat: back in the map CRS it encloses the view, barely
    assert saved[0] <= v[0] and saved[1] <= v[1] and saved[2] >= v[2] and saved[3] >= v[3]
    assert (saved[2] - saved[0]) * (saved[3] - saved[1]) < 1.1 * (v[2] - v[0]) * (v[3] - v[1])
    view.save_report_extent(False)
    assert ws.report_extent() is None


def test_panel_point_size_line_width_and_label_options(qtbot, view):
    ws = view.model.ws
    panel = view.panel
    hospitals = _select_layer(view, "hospitals")
    assert panel.point_size.isEnabled() and not panel.line_width.isEnabled()       # points: a size, no width
    assert panel.point_size.isVisibleTo(panel) and not panel.line_width.isVisibleTo(panel)
    assert not panel.label_size.isEnabled()                                        # no labels yet
    panel.point_size.setValue(11)
    assert ws.get_layer(hospitals.id).style["size"] == 11.0
    shown = next(x for x in view.canvas.scene.layers if x.id == hospitals.id)
    assert shown.point_size == 11.0
    panel.label_field.setCurrentIndex(panel.label_field.findData("name"))
    panel._on_labels()
    assert panel.label_size.isEnabled() and panel.label_priority.isEnabled()
    panel.label_size.setValue(16)
    panel.label_halo.setChecked(False)
    panel.label_priority.setCurrentIndex(panel.label_priority.findData("beds"))
    panel._on_labels()
    assert ws.get_layer(hospitals.id).style["labels"] == {"field": "name", "size": 16.0, "halo": False,
                                                          "priority": "beds"}
    shown = next(x for x in view.canvas.scene.layers if x.id == hospitals.id)
    assert shown.labels.size == 16.0 and not shown.labels.halo
    beds = np.array([float(v) for v in ws.layer_field_values(hospitals.id, "beds")])
    assert shown.labels.priority.tolist() == beds.tolist()                        # the biggest hospital wins
    view.model.undo_stack.undo()
    assert "priority" not in ws.get_layer(hospitals.id).style["labels"]
    districts = _select_layer(view, "districts")
    assert panel.line_width.isEnabled() and not panel.point_size.isEnabled()      # polygons: an outline width
    assert panel.line_width.isVisibleTo(panel) and not panel.point_size.isVisibleTo(panel)
    panel.line_width.setValue(3)
    assert ws.get_layer(districts.id).style["width"] == 3.0


def test_the_exported_image_keeps_the_canvas_area_whole_beside_its_legend():
    """A GIS analyst's trial: File > Export map image drew the legend over the west of the area the canvas
    showed (the cities there were under it). The area now lies to the right of the legend box."""
    from resilience_desktop.gis.display import View
    from resilience_desktop.ui.map.render_png import beside_legend

    rows = [("Школы", None, True), ("Зоны затопления", None, True), ("0,5–1 м", "#6baed6", False)]
    shown = (500_000.0, 4_740_000.0, 520_000.0, 4_750_000.0)  # what the canvas showed (UTM metres)
    out = beside_legend(View.fit(shown, 1800, 1200, margin=0.0), shown, rows)
    (left, top), (right, bottom) = out.to_pixels(np.array([[shown[0], shown[3]], [shown[2], shown[1]]]))
    legend_right = 12 + min(320, 1800 / 3)
    assert left >= legend_right and right <= 1800 + 1e-6 and top >= -1e-6 and bottom <= 1200 + 1e-6
    assert beside_legend(View.fit(shown, 120, 100), shown, rows).cx == View.fit(shown, 120, 100).cx  # no room: as is
