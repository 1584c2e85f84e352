"""The map view: layer panel, canvas and identify panel over the open workspace's layers."""

from __future__ import annotations

from dataclasses import replace

__all__ = ["MapView"]

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QLabel, QMenu, QPushButton, QSplitter,
                               QToolButton, QVBoxLayout, QWidget)

from ...gis.display import DisplayLayer
from ...gis.scene import Scene, apply_style, display_layer_for, note_dropped, open_basemap
from ...i18n.catalog import tr
from ..workspace_model import WorkspaceModel
from ...gis.crs import crs_label
from .attribute_table_widget import AttributeTable
from .attributes_widget import AttributesPanel
from .canvas import MapCanvas
from .layer_panel_widget import LayerPanel
from .panel_scroll_area import PanelScrollArea


class MapView(QWidget):
    def __init__(self, model: WorkspaceModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        #: Prepared geometry per (layer id, layer CRS, map CRS): styles and opacity change without re-preparing.
        self._prepared: dict[tuple[str, str, str], DisplayLayer] = {}
        self._basemap = None  # the open MBTiles file, kept between refreshes
        self.canvas = MapCanvas(self)
        self.canvas.setObjectName("mapCanvas")
        self.panel = LayerPanel(model, self)
        self.attributes = AttributesPanel(self)
        self.notice = QLabel(self)
        self.notice.setObjectName("mapNotice")
        self.notice.setWordWrap(True)
        self.coords_label = QLabel(self)
        self.coords_label.setObjectName("mapCoordinates")
        self.import_button = QPushButton(tr("Import layer…"), self)
        full = QPushButton(tr("Full extent"), self)
        full.clicked.connect(self.canvas.zoom_to_full_extent)
        to_sel = QPushButton(tr("Zoom to selection"), self)
        to_sel.clicked.connect(self.canvas.zoom_to_selection)
        self.basemap_button = QToolButton(self)
        self.basemap_button.setText(tr("Basemap"))
        self.basemap_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.basemap_button)
        self.builtin_action = menu.addAction(tr("Natural Earth (built in, offline)"))
        self.builtin_action.setCheckable(True)
        self.builtin_action.toggled.connect(self.set_builtin_basemap)
        menu.addSeparator()
        menu.addAction(tr("Choose an MBTiles or PMTiles file…"), self.choose_basemap)
        menu.addAction(tr("No tile basemap"), lambda: self.set_basemap(None))
        self.basemap_button.setMenu(menu)
        self.crs_button = QPushButton(self)
        self.crs_button.setObjectName("mapCrsButton")
        self.crs_button.setToolTip(tr("The coordinate system the map is drawn in: click to change it"))
        self.crs_button.clicked.connect(self.choose_crs)
        self.measure_button = QPushButton(tr("Measure"), self)
        self.measure_button.setCheckable(True)
        self.measure_button.toggled.connect(self.canvas.set_measuring)
        self.table_button = QPushButton(tr("Attribute table"), self)
        self.table_button.setCheckable(True)
        self.table_button.toggled.connect(self.show_table)
        self.export_button = QToolButton(self)
        self.export_button.setText(tr("Export"))
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        export_menu = QMenu(self.export_button)
        export_menu.addAction(tr("Map image (PNG, SVG)…"), self.export_image)
        export_menu.addAction(tr("Use this view for the report's map"), self.save_report_extent)
        export_menu.addAction(tr("Report's map: the city's surroundings"), lambda: self.save_report_extent(False))
        self.export_button.setMenu(export_menu)
        bar = QHBoxLayout()
        for b in (self.import_button, full, to_sel, self.basemap_button, self.crs_button, self.measure_button,
                  self.table_button, self.export_button):
            bar.addWidget(b)
        # the notice (warnings, measurements) gets its own full-width row: beside the buttons, a long
        # warning (longer still in Russian) wrapped into a narrow column, grew the bar and squeezed the buttons
        bar.addStretch(1)
        self.selection_label = QLabel(self)
        self.selection_label.setObjectName("mapSelectionCount")
        self.table = AttributeTable(self)
        self.table.setVisible(False)
        self.table.sig_selection_changed.connect(self._table_selected)
        self.table.sig_export_requested.connect(self.export_selection)
        self.canvas.sig_selection_changed.connect(self._canvas_selected)
        self.canvas.sig_measured.connect(lambda text: self.notice.setText(text) if text else self._show_notice())
        centre = QSplitter(Qt.Orientation.Vertical, self)
        centre.addWidget(self.canvas)
        centre.addWidget(self.table)
        centre.setStretchFactor(0, 3)
        centre.setStretchFactor(1, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        # The layer and raster panels scroll rather than squeeze their rows on a small screen (1280x720).
        self.panel_scroll = PanelScrollArea(self.panel, self)
        self.panel_scroll.setObjectName("mapPanelScroll")
        self.splitter.addWidget(self.panel_scroll)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(self.attributes)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([260, 1000, 240])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(bar)
        layout.addWidget(self.notice)
        layout.addWidget(self.splitter, 1)
        self.panel.sig_zoom_to_layer.connect(self.canvas.zoom_to_layer)
        self.panel.list.currentItemChanged.connect(lambda *_: self._load_table())
        self.canvas.sig_feature_identified.connect(self._identify)
        self.canvas.sig_cursor_moved.connect(self._show_cursor)
        model.sig_changed.connect(self._on_changed)
        # Bound methods, not lambdas: Qt drops them with this view when the window rebuilds its views.
        model.sig_workspace_replaced.connect(self._on_workspace_replaced)
        self.refresh(reset_view=True)

    def _on_workspace_replaced(self) -> None:
        self.refresh(reset_view=True)

    def _on_changed(self, event) -> None:
        if event.entity in ("layer", "city", "map", "raster"):
            self.refresh()

    def choose_basemap(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Basemap"), "",
                                              tr("Tile files (*.mbtiles *.pmtiles);;All files (*)"))
        if path:
            self.set_basemap(path)

    def set_basemap(self, path: str | None) -> None:
        from ..dialogs.error_dialog import show_error
        from .layer_commands import set_basemap_command
        ws = self.model.ws
        if ws is None or ws.read_only:
            return
        try:
            self.model.execute(set_basemap_command(ws, ws.basemap_path(), path))
        except Exception as exc:  # not an MBTiles file, vector tiles, ...: say why, nothing changed
            show_error(self, exc, title=tr("Cannot use this basemap"))

    def scene(self) -> Scene:
        """The workspace's visible layers, bottom first, reusing prepared geometry."""
        ws = self.model.ws
        if ws is None:
            return Scene("EPSG:4326", [])
        map_crs = ws.map_crs()
        scene = Scene(map_crs, [])
        live = set()
        for layer in reversed(ws.list_layers()):
            if layer.crs is None:
                scene.warnings.append(tr("{name}: unknown CRS, not drawn (assign one first)", name=layer.name))
                continue
            if not layer.visible:
                continue
            key = (layer.id, layer.crs, map_crs)
            live.add(key)
            if key not in self._prepared:
                self._prepared[key] = display_layer_for(ws, layer, map_crs)
            base = self._prepared[key]
            scene.layers.append(apply_style(base, layer.style, lambda f, lid=layer.id: ws.layer_field_values(lid, f),
                                            opacity=layer.opacity))
            note_dropped(scene, layer.name, base)
        self._prepared = {k: v for k, v in self._prepared.items() if k in live}
        path = ws.basemap_path()
        if path != (str(self._basemap.path) if self._basemap is not None else None):
            if self._basemap is not None:
                self._basemap.close()
            probe = Scene(map_crs, [])
            open_basemap(path, probe)
            self._basemap = probe.basemap
            scene.warnings += probe.warnings
        scene.basemap = self._basemap
        self._add_rasters(ws, scene)
        if ws.builtin_basemap_on():
            scene.add_builtin_basemap()
        return scene

    #: A raster scenario's hazard shown by "Show on map": ``(raster id, thresholds)``, drawn by hazard class.
    _hazard_raster: tuple[str, list[float]] | None = None

    def set_hazard_raster(self, raster_id: str | None, thresholds: list[float] | None = None) -> None:
        """Draw ``raster_id`` (even if hidden) by the hazard classes ``thresholds`` until the next call
        (``None`` clears); the layer's own style is left as it is. Takes effect at the next refresh."""
        from ...gis.raster_style import hazard_raster_style
        self._hazard_raster = (raster_id, list(thresholds or [])) if raster_id and thresholds else None
        hz = self._hazard_raster
        self.panel.rasters.show_hazard(hz[0] if hz else None, hazard_raster_style(hz[1]) if hz else None)

    def _add_rasters(self, ws, scene: Scene) -> None:
        """Visible raster layers, bottom first; each stored raster is opened once and kept open."""
        from ...gis.raster_layer import raster_display
        from ...gis.raster_style import hazard_raster_style
        cache = self.__dict__.setdefault("_raster_datasets", {})
        hazard = self._hazard_raster
        for r in reversed(ws.list_rasters()):
            if hazard is not None and r.id == hazard[0]:
                r = replace(r, visible=True, style=hazard_raster_style(hazard[1]), opacity=max(r.opacity, 0.75))
            if not r.visible:
                continue
            if r.sha256 not in cache:
                try:
                    cache[r.sha256] = ws.open_raster_dataset(r.id)
                except Exception as exc:  # a damaged or unwritable cache: say so, draw the rest
                    scene.warnings.append(tr("{name}: cannot be drawn: {reason}", name=r.name, reason=exc))
                    continue
            scene.rasters.append(raster_display(r.id, r.name, cache[r.sha256], scene.crs, r.style, r.opacity))

    def refresh(self, *, reset_view: bool = False) -> None:
        if reset_view:
            self._prepared.clear()
            self.attributes.clear_feature()
        scene = self.scene()
        self.canvas.set_scene(scene, keep_view=not reset_view)
        self._scene_warnings = scene.warnings
        self._show_notice()
        ws = self.model.ws
        writable = ws is not None and not ws.read_only
        self.import_button.setEnabled(writable)
        self.basemap_button.setEnabled(writable)
        self.crs_button.setEnabled(writable)
        self.crs_button.setText(tr("CRS: {crs}", crs=_short(crs_label(scene.crs))))
        with QSignalBlocker(self.builtin_action):
            self.builtin_action.setChecked(ws is not None and ws.builtin_basemap_on())
        if self.table.isVisible():
            self._load_table()
        # A screen reader cannot see the drawing: it hears which layers are on the map.
        names = [x.name for x in ws.list_layers() if x.visible and x.crs is not None] if ws is not None else []
        self.canvas.setAccessibleDescription(
            tr("Visible map layers: {layers}", layers=", ".join(names)) if names else tr("No map layers yet: File > Import > Map layer… (GeoPackage, Shapefile, GeoJSON, KML, CSV)"))

    def _show_notice(self) -> None:
        ws = self.model.ws
        if self.canvas.measure is not None:
            self.notice.setText(self.canvas.measure.text())
        elif ws is None or not ws.list_layers(include_removed=False):
            self.notice.setText(tr("No map layers yet: File > Import > Map layer… (GeoPackage, Shapefile, "
                                   "GeoJSON, KML, CSV)"))
        elif getattr(self, "_scene_warnings", None):
            self.notice.setText("⚠ " + "; ".join(self._scene_warnings))
        else:
            self.notice.setText("")

    # ------------------------------------------------------------------ map settings
    def choose_crs(self) -> None:
        from .crs_dialog import CrsDialog
        ws = self.model.ws
        if ws is None or ws.read_only:
            return
        dialog = CrsDialog(ws.map_crs(), self)
        if dialog.exec() and dialog.chosen():
            self.set_map_crs(dialog.chosen())

    def set_map_crs(self, crs: str) -> None:
        from ..dialogs.error_dialog import show_error
        from .map_commands import set_map_crs_command
        ws = self.model.ws
        if ws is None or ws.read_only or crs == ws.map_crs():
            return
        try:
            self.model.execute(set_map_crs_command(ws, ws.map_crs(), crs))
        except Exception as exc:  # a CRS PROJ cannot use for a map: say why, nothing changed
            show_error(self, exc, title=tr("Cannot use this CRS"))

    def set_builtin_basemap(self, on: bool) -> None:
        from .map_commands import set_builtin_basemap_command
        ws = self.model.ws
        if ws is not None and not ws.read_only and on != ws.builtin_basemap_on():
            self.model.execute(set_builtin_basemap_command(ws, on))

    # ------------------------------------------------------------------ attribute table and selection
    def show_table(self, on: bool) -> None:
        self.table.setVisible(on)
        if on:
            self._load_table()

    def _load_table(self) -> None:
        ws = self.model.ws
        layer = self.panel.current_layer()
        if ws is None or layer is None or not self.table.isVisible():
            return
        if self.table.layer_id != layer.id or self.table.model is None:
            self.table.set_layer(layer.id, layer.name, list(layer.fields), ws.layer_attribute_rows(layer.id))
        self.table.select_fids(self.canvas.selection.get(layer.id, []))

    def _table_selected(self, layer_id: str, fids: list) -> None:
        with QSignalBlocker(self.canvas):
            self.canvas.set_selection({layer_id: fids} if fids else {})
        self._count_selected()

    def _canvas_selected(self, selection: dict) -> None:
        if self.table.isVisible() and self.table.layer_id:
            self.table.select_fids(selection.get(self.table.layer_id, []))
        self._count_selected()

    def _count_selected(self) -> None:
        n = sum(len(v) for v in self.canvas.selection.values())
        self.selection_label.setText(tr("Features selected: {n}", n=n) if n else "")  # no plural form needed

    def export_selection(self, layer_id: str, fids: list, path: str) -> None:
        from ...gis.export import export_features
        from ..dialogs.error_dialog import show_error
        ws = self.model.ws
        if ws is None:
            return
        layer = ws.get_layer(layer_id)
        rows = ws.layer_attribute_rows(layer_id)
        geoms = ws.layer_geometries(layer_id)
        try:
            n = export_features(path, geoms[fids], [rows[i] for i in fids], list(layer.fields), layer.crs,
                                layer=layer.name)
        except Exception as exc:  # a file that cannot be written: say why
            show_error(self, exc, title=tr("Cannot export the selection"))
            return
        self.notice.setText(tr("{n} features written to {path}", n=n, path=path))

    def save_report_extent(self, this_view: bool = True) -> None:
        """Make the report's map show what the canvas shows now (or the city again)."""
        from ...gis.crs import WGS84, transform_bounds
        from ..dialogs.error_dialog import show_error
        ws = self.model.ws
        if ws is None or ws.read_only:
            return
        try:
            box = transform_bounds(self.canvas.view.bounds, self.canvas.scene.crs, WGS84) if this_view else None
            ws.set_report_extent(box)
        except Exception as exc:  # a view PROJ cannot express in longitude/latitude
            show_error(self, exc)
            return
        self.notice.setText(tr("The report's map will show this view") if this_view else
                            tr("The report's map will show the city's surroundings"))

    def export_image(self) -> None:
        from .export_image_dialog import export_map_image
        export_map_image(self, self.canvas.scene, self.canvas.view)

    def _identify(self, layer_id: str, fid: int) -> None:
        ws = self.model.ws
        if ws is None or not layer_id or fid < 0:
            self.attributes.clear_feature()
            return
        self.attributes.show_feature(ws.get_layer(layer_id).name, fid, ws.layer_attributes(layer_id, fid))

    def _show_cursor(self, lonlat) -> None:
        if lonlat is None:
            self.coords_label.setText("")
        else:
            lon, lat = lonlat
            self.coords_label.setText(tr("Lon {lon}, Lat {lat} (WGS 84)", lon=f"{lon:.5f}", lat=f"{lat:.5f}"))




def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
