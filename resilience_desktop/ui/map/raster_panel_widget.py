"""Raster layers in the layer panel: visibility, colour ramp, continuous or classed, hillshade, legend."""

from __future__ import annotations

__all__ = ["RasterPanel"]

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QLabel, QListWidget, QListWidgetItem, QPushButton,
                               QVBoxLayout, QWidget)

from ...gis.classify import RAMPS
from ...gis.raster_style import raster_legend
from ...i18n.catalog import tr
from ..workspace_model import WorkspaceModel
from .raster_commands import set_raster_command


class RasterPanel(QWidget):
    """A view of the workspace's raster layers; every change is an undoable command."""

    def __init__(self, model: WorkspaceModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.list = QListWidget(self)
        self.list.setObjectName("rasterList")
        self.list.setMaximumHeight(90)
        self.list.setMinimumHeight(3 * self.fontMetrics().height() + 10)
        self.list.itemChanged.connect(self._on_item_changed)
        self.list.currentItemChanged.connect(lambda *_: self._show_current())
        self.ramp = QComboBox(self)
        names = {"yellow-red": tr("yellow-red"), "blues": tr("blues"), "greens": tr("greens"),
                 "viridis": tr("viridis"), "terrain": tr("terrain")}
        for name in RAMPS:
            self.ramp.addItem(names.get(name, name), name)
        self.mode = QComboBox(self)
        self.mode.addItem(tr("Continuous"), "continuous")
        self.mode.addItem(tr("Classed"), "classed")
        self.hillshade = QCheckBox(tr("Hillshade (elevation)"), self)
        for w in (self.ramp, self.mode):
            w.activated.connect(lambda _i: self._on_style())
        self.hillshade.toggled.connect(lambda _v: self._on_style())
        self.legend = QLabel(self)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.remove = QPushButton(tr("Remove raster"), self)
        self.remove.clicked.connect(self._remove)
        form = QFormLayout()
        form.setVerticalSpacing(3)  # many rows in a side panel: tight, so the lists keep their room
        form.addRow(tr("Colour ramp"), self.ramp)
        form.addRow(tr("Drawn"), self.mode)
        form.addRow("", self.hillshade)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(tr("Raster layers"), self))
        layout.addWidget(self.list)
        layout.addLayout(form)
        layout.addWidget(self.legend)
        layout.addWidget(self.remove)
        model.sig_changed.connect(lambda e: self.refresh() if e.entity == "raster" else None)
        model.sig_workspace_replaced.connect(self.refresh)
        self.refresh()

    #: The raster a scenario's "Show on map" draws by hazard class, with that style (``None``: none).
    hazard: tuple[str, dict] | None = None

    def show_hazard(self, raster_id: str | None, style: dict | None = None) -> None:
        """Select ``raster_id`` and show the hazard classes it is drawn with (``None`` clears)."""
        self.hazard = (raster_id, style or {}) if raster_id else None
        self.refresh()
        for row in range(self.list.count()):
            if raster_id and self.list.item(row).data(Qt.ItemDataRole.UserRole) == raster_id:
                self.list.setCurrentRow(row)

    def rasters(self):
        ws = self.model.ws
        return ws.list_rasters() if ws is not None else []

    def current(self):
        item = self.list.currentItem()
        rid = str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else ""
        return next((r for r in self.rasters() if r.id == rid), None)

    def refresh(self) -> None:
        keep = self.current().id if self.current() is not None else ""
        rasters = self.rasters()
        self.setVisible(bool(rasters))
        with QSignalBlocker(self.list):
            self.list.clear()
            for r in rasters:
                item = QListWidgetItem(r.name)
                item.setData(Qt.ItemDataRole.UserRole, r.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if r.visible else Qt.CheckState.Unchecked)
                item.setToolTip(tr("{source} · {w} × {h} cells · {crs}", source=r.source_name, w=r.width,
                                   h=r.height, crs=r.crs))
                self.list.addItem(item)
                if r.id == keep:
                    self.list.setCurrentItem(item)
            if self.list.currentItem() is None and self.list.count():
                self.list.setCurrentRow(0)
        self._show_current()

    def _show_current(self) -> None:
        r = self.current()
        writable = self.model.ws is not None and not self.model.ws.read_only
        for w in (self.ramp, self.mode, self.hillshade, self.remove):
            w.setEnabled(r is not None and writable)
        if r is None:
            self.legend.setText("")
            return
        with QSignalBlocker(self.ramp), QSignalBlocker(self.mode), QSignalBlocker(self.hillshade):
            self.ramp.setCurrentIndex(max(0, self.ramp.findData(r.style.get("ramp"))))
            self.mode.setCurrentIndex(max(0, self.mode.findData(r.style.get("mode"))))
            self.hillshade.setChecked(bool(r.style.get("hillshade")))
        hazard = self.hazard is not None and self.hazard[0] == r.id
        rows = "".join(f'<tr><td style="background:{c}">&nbsp;&nbsp;&nbsp;&nbsp;</td><td>&nbsp;{label}</td></tr>'
                       for label, c in raster_legend(self.hazard[1] if hazard else r.style))  # type: ignore[index]
        head = f"<b>{tr('Drawn by the scenario’s hazard classes')}</b>" if hazard else ""
        self.legend.setText(f"{head}<table>{rows}<tr><td style='border:1px solid #999'>&nbsp;&nbsp;&nbsp;&nbsp;</td>"
                            f"<td>&nbsp;{tr('no data (transparent)')}</td></tr></table>")

    def _execute(self, command) -> None:
        from ..dialogs.error_dialog import show_error
        try:
            self.model.execute(command)
        except Exception as exc:  # a refused edit: show why, the raster is unchanged
            show_error(self, exc)
            self.refresh()

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        rid = str(item.data(Qt.ItemDataRole.UserRole))
        r = next((x for x in self.rasters() if x.id == rid), None)
        visible = item.checkState() == Qt.CheckState.Checked
        if r is not None and r.visible != visible:
            self._execute(set_raster_command(self.model.ws, r.id, "visible", r.visible, visible, r.name))

    def _on_style(self) -> None:
        r = self.current()
        if r is None:
            return
        new = {**r.style, "ramp": self.ramp.currentData(), "mode": self.mode.currentData(),
               "hillshade": self.hillshade.isChecked()}
        if new != r.style:
            self._execute(set_raster_command(self.model.ws, r.id, "style", r.style, new, r.name))

    def _remove(self) -> None:
        r = self.current()
        if r is not None:
            self._execute(set_raster_command(self.model.ws, r.id, "removed", False, True, r.name))
