"""The layer panel: visibility, order (drag), opacity, style (single colour, by field, graduated),
point size and line width, labels (field, size, halo, priority), and legend.

A view of the workspace's layers: it reads them from the façade, writes every change through an
undoable command, and rebuilds itself when the workspace says layers changed. A layer whose
CRS is unknown is marked in the list and offers "Assign CRS…" (no blocking dialog).
"""

from __future__ import annotations

__all__ = ["LayerPanel", "PALETTE"]

from collections import Counter

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QColorDialog, QComboBox, QFormLayout, QHBoxLayout,
                               QDoubleSpinBox, QInputDialog, QLabel, QListWidget, QListWidgetItem, QPushButton,
                               QSlider, QSpinBox, QVBoxLayout, QWidget)

from ...gis.crs import crs_label
from ...gis.model import Layer
from ...gis.style import graduated_style, legend_entries, sort_categories
from ...i18n.catalog import tr, trn
from ..workspace_model import WorkspaceModel
from .layer_commands import remove_layer_command, set_layer_command, set_layer_order_command

#: Colours of categories in turn.
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22",
           "#7f7f7f", "#393b79", "#637939")
MAX_CATEGORIES = len(PALETTE)


def swatch(colour: str, size: int = 14) -> QIcon:
    pix = QPixmap(size, size)
    pix.fill(QColor(colour))
    return QIcon(pix)


class LayerPanel(QWidget):
    sig_zoom_to_layer = Signal(str)
    """Emitted with a layer id when the user asks to zoom to it."""

    def __init__(self, model: WorkspaceModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self._refreshing = False
        self.list = QListWidget(self)
        self.list.setObjectName("layerList")
        self.list.setAccessibleName(tr("Layers (drag to reorder)"))
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.model().rowsMoved.connect(self._on_rows_moved)
        self.list.itemChanged.connect(self._on_item_changed)
        self.list.setMinimumHeight(5 * (self.fontMetrics().height() + 4) + 8)  # five layers stay in sight
        self.list.currentItemChanged.connect(lambda *_: self._show_current())
        self.crs_label = QLabel(self)
        self.crs_label.setWordWrap(True)
        self.assign_crs = QPushButton(tr("Assign CRS…"), self)
        self.assign_crs.clicked.connect(self._assign_crs)
        self.opacity = QSlider(Qt.Orientation.Horizontal, self)
        self.opacity.setRange(0, 100)
        self.opacity.sliderReleased.connect(self._on_opacity)
        self.opacity.valueChanged.connect(lambda _v: None if self.opacity.isSliderDown() else self._on_opacity())
        self.style_kind = QComboBox(self)
        self.style_kind.addItem(tr("Single colour"), "single")
        self.style_kind.addItem(tr("Categorized by field"), "categorized")
        self.style_kind.addItem(tr("Graduated (numeric field)"), "graduated")
        self.style_kind.activated.connect(lambda _i: self._on_style_kind())
        self.field = QComboBox(self)
        self.field.activated.connect(lambda _i: self._on_style_kind())
        self.method = QComboBox(self)
        for label, key in ((tr("Natural breaks (Jenks)"), "jenks"), (tr("Quantiles"), "quantile"),
                           (tr("Equal interval"), "equal")):
            self.method.addItem(label, key)
        self.method.activated.connect(lambda _i: self._on_style_kind())
        self.classes = QSpinBox(self)
        self.classes.setRange(2, 12)
        self.classes.setValue(5)
        self.classes.valueChanged.connect(lambda _v: self._on_style_kind())
        self.size_by_value = QCheckBox(tr("Size points by value"), self)
        self.size_by_value.toggled.connect(lambda _v: self._on_style_kind())
        self.label_field = QComboBox(self)
        self.label_field.setObjectName("labelField")
        self.label_field.activated.connect(lambda _i: self._on_labels())
        # Symbol sizes and label options: each edit is one undoable style change (the ranges are
        # the ones gis.style.check_style accepts).
        self.point_size = self._spin(1.0, 40.0, 0.5, lambda v: self._on_symbol("size", v))
        self.point_size.setObjectName("pointSize")
        self.line_width = self._spin(0.0, 20.0, 0.25, lambda v: self._on_symbol("width", v))
        self.line_width.setObjectName("lineWidth")
        self.label_size = self._spin(6.0, 36.0, 1.0, lambda _v: self._on_labels())
        self.label_size.setObjectName("labelSize")
        self.label_halo = QCheckBox(tr("Halo"), self)
        self.label_halo.toggled.connect(lambda _v: self._on_labels())
        self.label_priority = QComboBox(self)
        self.label_priority.setObjectName("labelPriority")
        self.label_priority.setToolTip(tr("Where labels would overlap, the higher value of this field wins"))
        self.label_priority.activated.connect(lambda _i: self._on_labels())
        self.rename = QPushButton(tr("Rename…"), self)
        self.rename.clicked.connect(self._rename)
        self.colour = QPushButton(tr("Colour…"), self)
        self.colour.clicked.connect(self._choose_colour)
        self.legend = QListWidget(self)
        self.legend.setObjectName("legend")
        self.legend.setAccessibleName(tr("Legend"))
        self.legend.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.legend.setMinimumHeight(3 * (self.fontMetrics().height() + 4) + 8)
        self.zoom = QPushButton(tr("Zoom to layer"), self)
        self.zoom.clicked.connect(lambda: self.current_id() and self.sig_zoom_to_layer.emit(self.current_id()))
        self.remove = QPushButton(tr("Remove"), self)
        self.remove.clicked.connect(self._remove)

        form = self._form = QFormLayout()
        form.setVerticalSpacing(3)  # many rows in a side panel: tight, so the lists keep their room
        form.addRow(tr("Opacity"), self.opacity)
        form.addRow(tr("Style"), self.style_kind)
        form.addRow(tr("Field"), self.field)
        form.addRow(tr("Classes"), self.method)
        form.addRow(tr("Number of classes"), self.classes)
        form.addRow("", self.size_by_value)
        form.addRow(tr("Point size"), self.point_size)
        form.addRow(tr("Line width"), self.line_width)
        form.addRow(tr("Labels"), self.label_field)
        label_row = QHBoxLayout()
        label_row.addWidget(self.label_size, 1)
        label_row.addWidget(self.label_halo)
        form.addRow(tr("Label size"), label_row)
        form.addRow(tr("Label priority"), self.label_priority)
        buttons = QHBoxLayout()
        buttons.addWidget(self.zoom)
        buttons.addWidget(self.rename)
        buttons.addWidget(self.remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(QLabel(tr("Layers (drag to reorder)"), self))
        layout.addWidget(self.list, 3)
        layout.addWidget(self.crs_label)
        layout.addWidget(self.assign_crs)
        layout.addLayout(form)
        layout.addWidget(self.colour)
        layout.addWidget(QLabel(tr("Legend"), self))
        layout.addWidget(self.legend, 2)
        layout.addLayout(buttons)
        from .raster_panel_widget import RasterPanel
        self.rasters = RasterPanel(model, self)
        layout.addWidget(self.rasters)
        model.sig_changed.connect(self._on_changed)
        model.sig_workspace_replaced.connect(self.refresh)
        self.refresh()

    def heightForWidth(self, width: int) -> int:
        """The least height that shows every field at ``width``.

        The map view holds the panel in a scroll area; the word-wrapped CRS label makes Qt size it by
        this height, and the preferred height would make a 1000-pixel window scroll needlessly.
        """
        layout = self.layout()
        return layout.minimumHeightForWidth(width) if layout is not None else super().heightForWidth(width)

    def _spin(self, low: float, high: float, step: float, changed) -> QDoubleSpinBox:
        spin = QDoubleSpinBox(self)
        spin.setRange(low, high)
        spin.setSingleStep(step)
        spin.setDecimals(2)
        spin.setSuffix(" px")
        spin.setKeyboardTracking(False)  # typed values count when the user is done, not per digit
        spin.valueChanged.connect(changed)
        return spin

    # ------------------------------------------------------------------ reading the model
    def layers(self) -> list[Layer]:
        ws = self.model.ws
        return ws.list_layers() if ws is not None else []

    def current_id(self) -> str:
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else ""

    def current_layer(self) -> Layer | None:
        lid = self.current_id()
        return next((x for x in self.layers() if x.id == lid), None)

    def _on_changed(self, event) -> None:
        if event.entity == "layer":
            self.refresh()

    def refresh(self) -> None:
        keep = self.current_id()
        self._refreshing = True
        self.list.blockSignals(True)
        try:
            self.list.clear()
            for layer in self.layers():
                text = layer.name if layer.crs_known else tr("{name} — CRS unknown", name=layer.name)
                item = QListWidgetItem(swatch(layer.style.get("color", "#888888")), text)
                item.setData(Qt.ItemDataRole.UserRole, layer.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsDragEnabled)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsDropEnabled)
                item.setCheckState(Qt.CheckState.Checked if layer.visible else Qt.CheckState.Unchecked)
                item.setToolTip(trn("{source} · {n} feature · {crs}", "{source} · {n} features · {crs}", layer.feature_count,
                                    source=layer.source_name, crs=crs_label(layer.crs)))
                if not layer.crs_known:
                    item.setForeground(QColor("#b00020"))
                self.list.addItem(item)
                if layer.id == keep:
                    self.list.setCurrentItem(item)
            if self.list.currentItem() is None and self.list.count():
                self.list.setCurrentRow(0)
        finally:
            self.list.blockSignals(False)
            self._refreshing = False
        self._show_current()

    def _show_current(self) -> None:
        layer = self.current_layer()
        writable = self.model.ws is not None and not self.model.ws.read_only
        for w in (self.opacity, self.style_kind, self.field, self.colour, self.zoom, self.remove, self.assign_crs,
                  self.method, self.classes, self.size_by_value, self.label_field, self.rename, self.point_size,
                  self.line_width, self.label_size, self.label_halo, self.label_priority):
            w.setEnabled(layer is not None and (writable or w is self.zoom))
        self.legend.clear()
        if layer is None:
            self.crs_label.setText("")
            return
        blocked = (self.opacity, self.style_kind, self.field, self.method, self.classes, self.size_by_value,
                   self.label_field, self.point_size, self.line_width, self.label_size, self.label_halo,
                   self.label_priority)
        for w in blocked:
            w.blockSignals(True)
        try:
            kind = layer.style.get("kind", "single")
            graduated = kind == "graduated"
            for w in (self.method, self.classes, self.size_by_value):
                w.setEnabled(writable and graduated)
            if graduated:
                self.method.setCurrentIndex(max(0, self.method.findData(layer.style.get("method", "jenks"))))
                self.classes.setValue(len(layer.style.get("colors", [])) or 5)
                self.size_by_value.setChecked(bool(layer.style.get("sizes")))
            self.label_field.clear()
            self.label_field.addItem(tr("(no labels)"), "")
            for f in layer.fields:
                self.label_field.addItem(f, f)
            labels = layer.style.get("labels") or {}
            self.label_field.setCurrentIndex(max(0, self.label_field.findData(labels.get("field", ""))))
            self.label_priority.clear()
            self.label_priority.addItem(tr("(bigger features first)"), "")
            for f in layer.fields:
                self.label_priority.addItem(f, f)
            self.label_priority.setCurrentIndex(max(0, self.label_priority.findData(labels.get("priority", ""))))
            self.label_size.setValue(float(labels.get("size", 11.0)))
            self.label_halo.setChecked(bool(labels.get("halo", True)))
            for w in (self.label_size, self.label_halo, self.label_priority):
                w.setEnabled(writable and bool(labels))
            types = " ".join(layer.geometry_types)
            self.point_size.setValue(float(layer.style.get("size", 6.0)))
            self.line_width.setValue(float(layer.style.get("width", 1.0)))
            points, lines = "Point" in types, "Line" in types or "Polygon" in types
            self.point_size.setEnabled(writable and points and not layer.style.get("sizes"))
            self.line_width.setEnabled(writable and lines)
            # only the rows that apply (a layer of one geometry type shows one): the panel stays short
            self._form.setRowVisible(self.point_size, points or not lines)
            self._form.setRowVisible(self.line_width, lines or not points)
            self.opacity.setValue(round(layer.opacity * 100))
            self.style_kind.setCurrentIndex(self.style_kind.findData(layer.style.get("kind", "single")))
            self.field.clear()
            self.field.addItems(list(layer.fields))
            if layer.style.get("field") in layer.fields:
                self.field.setCurrentText(layer.style["field"])
            self.field.setEnabled(writable and layer.style.get("kind") in ("categorized", "graduated"))
        finally:
            for w in blocked:
                w.blockSignals(False)
        if layer.crs_known:
            self.crs_label.setText(tr("CRS: {crs}", crs=crs_label(layer.crs)))
        else:
            self.crs_label.setText(tr("This layer's file did not say which coordinate system it uses, so it "
                                      "is not drawn. Assign its CRS."))
        self.assign_crs.setVisible(True)
        default = layer.style.get("color", "#888888")
        if layer.style.get("kind") == "graduated":
            for label, colour, _size in legend_entries(layer.style):
                self.legend.addItem(QListWidgetItem(swatch(colour), label))
            self.legend.addItem(QListWidgetItem(swatch(default), tr("no value")))
        elif layer.style.get("kind") == "categorized":
            for value, colour in layer.style.get("categories", {}).items():
                self.legend.addItem(QListWidgetItem(swatch(colour), value or tr("(empty)")))
            self.legend.addItem(QListWidgetItem(swatch(default), tr("other values")))
        else:
            self.legend.addItem(QListWidgetItem(swatch(default), layer.name))

    # ------------------------------------------------------------------ writing through commands
    def _execute(self, command) -> None:
        from ..dialogs.error_dialog import show_error
        try:
            self.model.execute(command)
        except Exception as exc:  # a refused edit: show why, the layer is unchanged
            show_error(self, exc)
            self.refresh()

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        if self._refreshing or self.model.ws is None:
            return
        lid = str(item.data(Qt.ItemDataRole.UserRole))
        layer = next((x for x in self.layers() if x.id == lid), None)
        visible = item.checkState() == Qt.CheckState.Checked
        if layer is not None and layer.visible != visible:
            self._execute(set_layer_command(self.model.ws, lid, "visible", layer.visible, visible, layer.name))

    def _on_rows_moved(self, *_args) -> None:
        if self._refreshing or self.model.ws is None:
            return
        new = [str(self.list.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.list.count())]
        old = [x.id for x in self.layers()]
        if new != old:
            self._execute(set_layer_order_command(self.model.ws, old, new))

    def _on_opacity(self) -> None:
        layer = self.current_layer()
        value = self.opacity.value() / 100
        if layer is not None and abs(layer.opacity - value) > 1e-9:
            self._execute(set_layer_command(self.model.ws, layer.id, "opacity", layer.opacity, value, layer.name))

    def categorized_style(self, layer: Layer, field: str) -> dict:
        """A categorized style for ``field``: the most frequent values get the palette's colours."""
        assert self.model.ws is not None
        counts = Counter("" if v is None else str(v) for v in self.model.ws.layer_field_values(layer.id, field))
        values = [v for v, _n in counts.most_common(MAX_CATEGORIES)]
        return {"kind": "categorized", "field": field, "color": "#9e9e9e",
                "categories": {v: PALETTE[i] for i, v in enumerate(sort_categories(values))},
                **{k: layer.style[k] for k in ("width", "size", "labels") if k in layer.style}}

    def _on_style_kind(self) -> None:
        layer = self.current_layer()
        if layer is None:
            return
        kind = self.style_kind.currentData()
        if kind in ("categorized", "graduated"):
            if not layer.fields:
                self._show_current()
                return
            field = self.field.currentText() or layer.fields[0]
            if kind == "categorized":
                new = self.categorized_style(layer, field)
            else:
                new = self.graduated(layer, field)
                if new is None:
                    return
        else:
            new = {"kind": "single", "color": layer.style.get("color", "#4e79a7"),
                   **{k: layer.style[k] for k in ("width", "size", "labels") if k in layer.style}}
        if new != layer.style:
            self._execute(set_layer_command(self.model.ws, layer.id, "style", layer.style, new, layer.name))

    def graduated(self, layer: Layer, field: str) -> dict | None:
        """A graduated style of ``field`` with the chosen classification (``None``: not numeric, said why)."""
        from ..dialogs.error_dialog import show_error
        assert self.model.ws is not None
        try:
            return graduated_style(self.model.ws.layer_field_values(layer.id, field), field,
                                   method=self.method.currentData(), classes=self.classes.value(),
                                   size_by_value=self.size_by_value.isChecked(), base=layer.style)
        except Exception as exc:  # a text field: say so, keep the style
            show_error(self, exc, title=tr("Cannot grade this field"))
            self._show_current()
            return None

    def _on_labels(self) -> None:
        layer = self.current_layer()
        if layer is None:
            return
        field = self.label_field.currentData()
        new = {k: v for k, v in layer.style.items() if k != "labels"}
        if field:
            new["labels"] = {"field": field, "size": float(self.label_size.value()),
                             "halo": self.label_halo.isChecked()}
            if self.label_priority.currentData():
                new["labels"]["priority"] = self.label_priority.currentData()
        if new != layer.style:
            self._execute(set_layer_command(self.model.ws, layer.id, "style", layer.style, new, layer.name))

    def _on_symbol(self, key: str, value: float) -> None:
        """Point size (``key`` "size") or line width ("width") of the current layer, in pixels."""
        layer = self.current_layer()
        if layer is None or layer.style.get(key) == float(value):
            return
        new = {**layer.style, key: float(value)}
        self._execute(set_layer_command(self.model.ws, layer.id, "style", layer.style, new, layer.name))

    def _rename(self) -> None:
        layer = self.current_layer()
        if layer is None:
            return
        text, ok = QInputDialog.getText(self, tr("Rename layer"), tr("New name of {name}:", name=layer.name),
                                        text=layer.name)
        if ok and text.strip() and text.strip() != layer.name:
            self._execute(set_layer_command(self.model.ws, layer.id, "name", layer.name, text.strip(), layer.name))

    def _choose_colour(self) -> None:
        layer = self.current_layer()
        if layer is None:
            return
        colour = QColorDialog.getColor(QColor(layer.style.get("color", "#4e79a7")), self, tr("Layer colour"))
        if colour.isValid():
            new = {**layer.style, "color": colour.name()}
            self._execute(set_layer_command(self.model.ws, layer.id, "style", layer.style, new, layer.name))

    def _assign_crs(self) -> None:
        layer = self.current_layer()
        if layer is None:
            return
        text, ok = QInputDialog.getText(self, tr("Assign CRS"), tr(
            "Coordinate system of {name} (an EPSG code such as EPSG:32643, or WKT):", name=layer.name),
            text=layer.crs if layer.crs and len(layer.crs) < 40 else "EPSG:")
        if ok and text.strip():
            self.assign(layer, text.strip())

    def assign(self, layer: Layer, crs: str) -> None:
        self._execute(set_layer_command(self.model.ws, layer.id, "crs", layer.crs, crs, layer.name))

    def _remove(self) -> None:
        layer = self.current_layer()
        if layer is not None:
            self._execute(remove_layer_command(self.model.ws, layer.id, layer.name))
