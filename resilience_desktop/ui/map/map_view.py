"""The map view: layer panel, canvas and identify panel over the open workspace's layers."""

from __future__ import annotations

__all__ = ["MapView"]

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QLabel, QMenu, QPushButton, QSplitter, QToolButton,
                               QVBoxLayout, QWidget)

from ...gis.display import DisplayLayer, categories_for
from ...gis.scene import Scene, display_layer_for, open_basemap
from ...i18n.catalog import tr
from ..workspace_model import WorkspaceModel
from .attributes_widget import AttributesPanel
from .canvas import MapCanvas
from .layer_panel_widget import LayerPanel


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
        menu.addAction(tr("Choose an MBTiles file…"), self.choose_basemap)
        menu.addAction(tr("No basemap"), lambda: self.set_basemap(None))
        self.basemap_button.setMenu(menu)
        bar = QHBoxLayout()
        for b in (self.import_button, full, to_sel, self.basemap_button):
            bar.addWidget(b)
        bar.addWidget(self.notice, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.panel)
        self.splitter.addWidget(self.canvas)
        self.splitter.addWidget(self.attributes)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([260, 1000, 240])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)
        self.panel.sig_zoom_to_layer.connect(self.canvas.zoom_to_layer)
        self.canvas.sig_feature_identified.connect(self._identify)
        self.canvas.sig_cursor_moved.connect(self._show_cursor)
        model.sig_changed.connect(self._on_changed)
        # Bound methods, not lambdas: Qt drops them with this view when the window rebuilds its views.
        model.sig_workspace_replaced.connect(self._on_workspace_replaced)
        self.refresh(reset_view=True)

    def _on_workspace_replaced(self) -> None:
        self.refresh(reset_view=True)

    def _on_changed(self, event) -> None:
        if event.entity in ("layer", "city", "map"):
            self.refresh()

    def choose_basemap(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Basemap"), "", tr("MBTiles tile files (*.mbtiles);;All files (*)"))
        if path:
            self.set_basemap(path)

    def set_basemap(self, path: str | None) -> None:
        from ..dialogs.error_dialog import show_error
        from .layer_commands import SetBasemapCommand
        ws = self.model.ws
        if ws is None or ws.read_only:
            return
        try:
            self.model.execute(SetBasemapCommand(ws, ws.basemap_path(), path))
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
            values = ws.layer_field_values(layer.id, layer.style["field"]) if layer.style.get("kind") == "categorized" else None
            idx, colours = categories_for(layer.style, values, len(base.geometries))
            scene.layers.append(dataclasses.replace(
                base, colour_index=idx, colours=colours, opacity=layer.opacity,
                point_size=float(layer.style.get("size", 6.0)), line_width=float(layer.style.get("width", 1.0)),
                ))
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
        return scene

    def refresh(self, *, reset_view: bool = False) -> None:
        if reset_view:
            self._prepared.clear()
            self.attributes.clear_feature()
        scene = self.scene()
        self.canvas.set_scene(scene, keep_view=not reset_view)
        ws = self.model.ws
        # A screen reader cannot see the drawing: it hears which layers are on the map.
        names = [x.name for x in ws.list_layers() if x.visible and x.crs is not None] if ws is not None else []
        self.canvas.setAccessibleDescription(
            tr("Visible map layers: {layers}", layers=", ".join(names)) if names else tr("No map layers yet: File > Import > Map layer… (GeoPackage, Shapefile, GeoJSON, KML, CSV)"))
        if ws is None or not ws.list_layers(include_removed=False):
            self.notice.setText(tr("No map layers yet: File > Import > Map layer… (GeoPackage, Shapefile, "
                                   "GeoJSON, KML, CSV)"))
        elif scene.warnings:
            self.notice.setText("⚠ " + "; ".join(scene.warnings))
        else:
            self.notice.setText(tr("Map CRS: {crs}", crs=scene.crs))
        self.import_button.setEnabled(ws is not None and not ws.read_only)
        self.basemap_button.setEnabled(ws is not None and not ws.read_only)

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


