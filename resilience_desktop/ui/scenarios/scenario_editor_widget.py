"""The city's hazards (a list) and the selected hazard's two scenarios (a form each).

Reads the workspace through the model and writes every edit back as an undoable command; it
refreshes on ``sig_changed`` with its own signals blocked, and never holds the truth.
"""

from __future__ import annotations

__all__ = ["ScenarioEditor"]

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
    QPushButton, QTabWidget, QVBoxLayout, QWidget,
)

from ...gis.hazard_units import UNITS, default_unit, unit_label
from ...workspace.hazards import HAZARD_KINDS, SCENARIO_KINDS, hazard_kind_label, scenario_kind_label
from ...i18n.catalog import tr
from ..dialogs.error_dialog import show_error
from .scenario_commands import add_hazard_command, remove_hazard_command, set_scenario_command, update_hazard_command
from ..workspace_model import WorkspaceModel

_NONE = ""
#: The hazard-layer combo's data for a raster layer: this prefix and the raster's id.
RASTER = "raster:"
#: Thresholds offered when a raster is first chosen, by the unit its values are in (the user edits them).
DEFAULT_THRESHOLDS = {"m": [0.5, 1.0, 2.0], "cm": [50.0, 100.0, 200.0], "g": [0.1, 0.2, 0.4],
                      "m/s2": [1.0, 2.0, 4.0], "cm/s2": [100.0, 200.0, 400.0], "m/s": [0.5, 1.0, 2.0],
                      "class": [1.0, 2.0, 3.0]}


class _ScenarioForm(QWidget):
    """The fields of one scenario (most probable or most severe)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        outer.addLayout(form)
        outer.addStretch(1)
        self.description = QLineEdit(placeholderText=tr("What happens, where, how bad"))
        self.likelihood = QLineEdit(placeholderText=tr("e.g. 1 in 100 years"))
        self.layer = QComboBox()
        self.field = QComboBox()
        self.classes = QListWidget()
        self.classes.setMaximumHeight(110)
        self.buffer = QLineEdit(objectName="bufferEdit", placeholderText=tr(
            "metres, e.g. 2000; per class: active=2000, inactive=500; or field:NAME"))
        self.buffer.setToolTip(tr("Faults, rivers and other lines or points become zones only with a buffer "
                                  "distance, measured on the ground in metres"))
        form.addRow(tr("Description"), self.description)
        form.addRow(tr("Return period or likelihood"), self.likelihood)
        form.addRow(tr("Hazard layer"), self.layer)
        form.addRow(tr("Class field"), self.field)
        form.addRow(tr("Affected classes"), self.classes)
        form.addRow(tr("Buffer (m)"), self.buffer)
        # a raster hazard: what its cells hold, and the thresholds (classes) that count
        self.raster_unit = QComboBox(objectName="rasterUnit")
        self.thresholds = QLineEdit(objectName="rasterThresholds", placeholderText=tr("e.g. 0.5, 1, 2"))
        self.thresholds.setToolTip(tr("Increasing limits of the hazard classes; a cell at or above the first "
                                      "one counts as affected. No-data cells are no hazard."))
        self.unit = QComboBox(objectName="thresholdUnit")
        for code in UNITS:
            self.raster_unit.addItem(unit_label(code), code)
            self.unit.addItem(unit_label(code), code)
        row = QHBoxLayout()
        row.addWidget(self.thresholds, 1)
        row.addWidget(self.unit)
        form.addRow(tr("Raster values in"), self.raster_unit)
        form.addRow(tr("Thresholds"), row)
        self._form = form
        self.vector_rows = (self.field, self.classes, self.buffer)
        self.raster_rows = (self.raster_unit, row)

    def show_raster_rows(self, raster: bool) -> None:
        """A zone layer's rows (class field, classes, buffer) or a raster's (unit, thresholds)."""
        for w in self.vector_rows:
            self._form.setRowVisible(w, not raster)
        for w in self.raster_rows:
            self._form.setRowVisible(w, raster)

    def raster_thresholds(self) -> dict[str, Any]:
        """The thresholds as typed (the workspace checks them)."""
        return {"values": self.thresholds.text(), "unit": self.unit.currentData(),
                "raster_unit": self.raster_unit.currentData()}


def buffer_text(buffer: Any) -> str:
    """How a stored buffer is shown: ``2000``, ``active=2000, inactive=500`` or ``field:zone_m``."""
    if buffer is None:
        return ""
    if isinstance(buffer, dict):
        if "field" in buffer and len(buffer) == 1:
            return f"field:{buffer['field']}"
        return ", ".join(f"{k}={v:g}" for k, v in buffer.items())
    return f"{float(buffer):g}"


def parse_buffer_text(text: str) -> Any:
    """The reverse of :func:`buffer_text` (the workspace checks the numbers)."""
    text = text.strip()
    if not text:
        return None
    if text.lower().startswith("field:"):
        return {"field": text[6:].strip()}
    if "=" in text:
        return {k.strip(): v.strip() for k, _eq, v in (p.partition("=") for p in text.split(",")) if k.strip()}
    return text.replace(" ", "").replace(",", ".")


class ScenarioEditor(QWidget):
    sig_scenario_selected = Signal(str)
    """Emitted with the id of the scenario shown (``""`` when it does not exist yet)."""

    def __init__(self, model: WorkspaceModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.city_id: str | None = None
        self._refreshing = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        box = QGroupBox(tr("Hazards"))
        bl = QVBoxLayout(box)
        self.hazard_list = QListWidget(objectName="hazardList")
        self.hazard_list.setMaximumHeight(120)
        bl.addWidget(self.hazard_list)
        row = QHBoxLayout()
        self.new_kind = QComboBox(objectName="newHazardKind")
        for k in HAZARD_KINDS:
            self.new_kind.addItem(hazard_kind_label(k), k)
        self.add_button = QPushButton(tr("Add"), objectName="addHazard")
        self.remove_button = QPushButton(tr("Remove"), objectName="removeHazard")
        row.addWidget(self.new_kind, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        bl.addLayout(row)
        hf = QFormLayout()
        self.kind = QComboBox(objectName="hazardKind")
        for k in HAZARD_KINDS:
            self.kind.addItem(hazard_kind_label(k), k)
        self.name = QLineEdit(objectName="hazardName", placeholderText=tr("Name (free text)"))
        hf.addRow(tr("Kind"), self.kind)
        hf.addRow(tr("Name"), self.name)
        bl.addLayout(hf)
        layout.addWidget(box)
        self.tabs = QTabWidget(objectName="scenarioTabs")
        self.forms: dict[str, _ScenarioForm] = {}
        for k in SCENARIO_KINDS:
            form = _ScenarioForm(self)
            self.forms[k] = form
            self.tabs.addTab(form, scenario_kind_label(k))
            form.description.editingFinished.connect(lambda k=k: self._save(k, "description"))
            form.likelihood.editingFinished.connect(lambda k=k: self._save(k, "likelihood"))
            form.layer.activated.connect(lambda _i, k=k: self._save(k, "zone_layer_id"))
            form.field.activated.connect(lambda _i, k=k: self._save(k, "class_field"))
            form.classes.itemChanged.connect(lambda _it, k=k: self._save(k, "affected_classes"))
            form.buffer.editingFinished.connect(lambda k=k: self._save(k, "buffer"))
            form.thresholds.editingFinished.connect(lambda k=k: self._save(k, "raster_thresholds"))
            form.unit.activated.connect(lambda _i, k=k: self._save(k, "raster_thresholds"))
            form.raster_unit.activated.connect(lambda _i, k=k: self._save(k, "raster_unit"))
        layout.addWidget(self.tabs, 1)
        self.hint = QLabel(objectName="muted", wordWrap=True)
        layout.addWidget(self.hint)
        self.hazard_list.currentRowChanged.connect(lambda _r: self._show_hazard())
        self.tabs.currentChanged.connect(lambda _i: self._emit_selected())
        self.add_button.clicked.connect(self.add_hazard)
        self.remove_button.clicked.connect(self.remove_hazard)
        self.kind.activated.connect(lambda _i: self._save_hazard("kind", self.kind.currentData()))
        self.name.editingFinished.connect(lambda: self._save_hazard("name", self.name.text().strip()))

    # ------------------------------------------------------------------ reading
    def hazard_id(self) -> str | None:
        item = self.hazard_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def scenario_kind(self) -> str:
        return SCENARIO_KINDS[max(0, self.tabs.currentIndex())]

    def scenario_id(self) -> str:
        hid, ws = self.hazard_id(), self.model.ws
        if hid is None or ws is None:
            return ""
        sc = ws.scenarios(hid).get(self.scenario_kind())
        return sc.id if sc is not None else ""

    def set_city(self, city_id: str | None) -> None:
        self.city_id = city_id
        self.refresh()

    def refresh(self) -> None:
        ws = self.model.ws
        self._refreshing = True
        try:
            current = self.hazard_id()
            self.hazard_list.clear()
            hazards = ws.list_hazards(self.city_id) if ws is not None and self.city_id else []
            for h in hazards:
                item = QListWidgetItem(f"{h.label}  ·  {hazard_kind_label(h.kind)}" if h.name else h.label)
                item.setData(Qt.ItemDataRole.UserRole, h.id)
                self.hazard_list.addItem(item)
            ids = [h.id for h in hazards]
            if ids:
                self.hazard_list.setCurrentRow(ids.index(current) if current in ids else 0)
            editable = ws is not None and not ws.read_only and self.city_id is not None
            self.add_button.setEnabled(editable)
            self.remove_button.setEnabled(editable and bool(ids))
            self._show_hazard()
            if not ids:
                self.hint.setText(tr("Add the city's main hazards, then describe a most probable and a most severe "
                                     "scenario for each, with the map layer of its hazard zones."))
            else:
                self.hint.setText("")
        finally:
            self._refreshing = False
        self._emit_selected()

    def _show_hazard(self) -> None:
        ws, hid = self.model.ws, self.hazard_id()
        was = self._refreshing
        self._refreshing = True
        try:
            has = ws is not None and hid is not None
            editable = has and not ws.read_only  # type: ignore[union-attr]
            for w in (self.kind, self.name, self.tabs):
                w.setEnabled(editable)
            if not has:
                self.name.clear()
                for form in self.forms.values():
                    self._fill(form, None)
                return
            h = ws.get_hazard(hid)  # type: ignore[union-attr, arg-type]
            self.kind.setCurrentIndex(max(0, self.kind.findData(h.kind)))
            self.name.setText(h.name)
            scs = ws.scenarios(hid)  # type: ignore[union-attr, arg-type]
            for k, form in self.forms.items():
                self._fill(form, scs.get(k))
        finally:
            self._refreshing = was
        if not was:
            self._emit_selected()

    def _fill(self, form: _ScenarioForm, sc: Any) -> None:
        ws = self.model.ws
        for edit, text in ((form.description, sc.description if sc else ""),
                           (form.likelihood, sc.likelihood if sc else "")):
            edit.setText(text)
            edit.setCursorPosition(0)  # show the beginning of a long text, not its end
        form.layer.clear()
        form.layer.addItem(tr("(choose a layer)"), _NONE)
        layers = ws.list_layers() if ws is not None else []
        for layer in layers:  # zones, and faults/rivers/vents that a buffer turns into zones
            if layer.geometry_types:
                form.layer.addItem(layer.name, layer.id)
        for raster in (ws.list_rasters() if ws is not None else []):  # depth, PGA, susceptibility grids
            form.layer.addItem(tr("{name} (raster)", name=raster.name), RASTER + raster.id)
        form.buffer.setText(buffer_text(sc.buffer if sc else None))
        lid = sc.zone_layer_id if sc else None
        rid = sc.raster_id if sc else None
        form.layer.setCurrentIndex(max(0, form.layer.findData(RASTER + rid if rid else (lid or _NONE))))
        th = sc.raster_thresholds if sc else None
        form.thresholds.setText(", ".join(f"{v:g}" for v in th["values"]) if th else "")
        form.unit.setCurrentIndex(max(0, form.unit.findData(th["unit"] if th else "m")))
        form.raster_unit.setCurrentIndex(max(0, form.raster_unit.findData(th["raster_unit"] if th else "m")))
        form.show_raster_rows(rid is not None)
        form.field.clear()
        form.field.addItem(tr("(none: every zone counts)"), _NONE)
        layer = next((x for x in layers if x.id == lid), None)
        for f in (layer.fields if layer else ()):
            form.field.addItem(f, f)
        form.field.setCurrentIndex(max(0, form.field.findData((sc.class_field if sc else None) or _NONE)))
        form.classes.clear()
        if layer is not None and sc is not None and sc.class_field:
            values = sorted({str(v) for v in ws.layer_field_values(layer.id, sc.class_field) if v is not None})  # type: ignore[union-attr]
            for v in values:
                item = QListWidgetItem(v)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if v in sc.affected_classes else Qt.CheckState.Unchecked)
                form.classes.addItem(item)
        form.classes.setEnabled(form.classes.count() > 0)

    def _emit_selected(self) -> None:
        if not self._refreshing:
            self.sig_scenario_selected.emit(self.scenario_id())

    # ------------------------------------------------------------------ writing
    def add_hazard(self) -> None:
        ws = self.model.ws
        if ws is None or self.city_id is None:
            return
        cmd = add_hazard_command(ws, self.city_id, self.new_kind.currentData())
        self._run(cmd)
        if cmd.result:
            for row in range(self.hazard_list.count()):
                if self.hazard_list.item(row).data(Qt.ItemDataRole.UserRole) == cmd.result:
                    self.hazard_list.setCurrentRow(row)

    def remove_hazard(self) -> None:
        ws, hid = self.model.ws, self.hazard_id()
        if ws is not None and hid is not None:
            self._run(remove_hazard_command(ws, hid, ws.get_hazard(hid).label))

    def _save_hazard(self, field: str, value: str) -> None:
        ws, hid = self.model.ws, self.hazard_id()
        if self._refreshing or ws is None or hid is None:
            return
        old = getattr(ws.get_hazard(hid), field)
        if old != value:
            self._run(update_hazard_command(ws, hid, field, old, value))

    def _save(self, kind: str, field: str) -> None:
        ws, hid = self.model.ws, self.hazard_id()
        if self._refreshing or ws is None or hid is None:
            return
        form = self.forms[kind]
        sc = ws.scenarios(hid).get(kind)
        old: dict[str, Any] = {"description": sc.description if sc else "", "likelihood": sc.likelihood if sc else "",
                               "zone_layer_id": sc.zone_layer_id if sc else None,
                               "class_field": sc.class_field if sc else None,
                               "affected_classes": list(sc.affected_classes) if sc else [],
                               "buffer": sc.buffer if sc else None,
                               "raster_id": sc.raster_id if sc else None,
                               "raster_thresholds": sc.raster_thresholds if sc else None}
        new = dict(old)
        if field == "zone_layer_id" and str(form.layer.currentData() or "").startswith(RASTER):
            rid = form.layer.currentData()[len(RASTER):]
            th = old["raster_thresholds"]
            if th is None:  # first choice of a raster: the usual unit of this hazard and its usual classes
                unit = default_unit(ws.get_hazard(hid).kind)
                th = {"values": DEFAULT_THRESHOLDS[unit], "unit": unit, "raster_unit": unit}
            new.update(zone_layer_id=None, class_field=None, affected_classes=[], buffer=None, raster_id=rid,
                       raster_thresholds=th)
        elif field == "zone_layer_id":
            new.update(zone_layer_id=form.layer.currentData() or None, class_field=None, affected_classes=[],
                       raster_id=None)
        elif field == "raster_thresholds":
            new["raster_thresholds"] = form.raster_thresholds()
        elif field == "raster_unit":  # the thresholds follow the raster's unit unless the user chose another
            th = form.raster_thresholds()
            if form.unit.currentData() == (old["raster_thresholds"] or {}).get("raster_unit"):
                th["unit"] = th["raster_unit"]
            new["raster_thresholds"] = th
        elif field == "buffer":
            new["buffer"] = parse_buffer_text(form.buffer.text())
        elif field in ("description", "likelihood"):
            new[field] = getattr(form, field).text().strip()
        elif field == "class_field":
            new.update(class_field=form.field.currentData() or None, affected_classes=[])
        else:
            new["affected_classes"] = [form.classes.item(i).text() for i in range(form.classes.count())
                                       if form.classes.item(i).checkState() == Qt.CheckState.Checked]
        if new != old or sc is None:
            self._run(set_scenario_command(ws, hid, kind, old, new))

    def _run(self, cmd) -> None:
        try:
            self.model.execute(cmd)
        except Exception as exc:  # invalid input: say why; nothing changed
            show_error(self, exc)
            self.refresh()
