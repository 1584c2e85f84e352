"""Run the exposure analysis of the selected scenario and show its latest stored result.

The inputs (layers, their fields and content hashes) are read on the GUI thread; the analysis
runs on a worker through :func:`~resilience_desktop.ui.workers.run_task` with a progress bar and
Cancel; the result is stored in the workspace on the GUI thread and shown from there.
"""

from __future__ import annotations

__all__ = ["ExposurePanel"]

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QListWidget, QListWidgetItem,
    QProgressBar, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from ...gis.exposure import ExposureCancelled, run_exposure
from ...gis.raster_exposure import run_raster_exposure
from ...i18n.catalog import current, tr
from ...i18n.times import local_time_text
from ...gis.exposure_table import columns, exposure_rows
from ..dialogs.error_dialog import show_error
from ..workers import Task, run_task
from ..workspace_model import WorkspaceModel

_NONE = ""


def _decimals(v: float) -> int:
    """The decimals a threshold was written with (0.25 → 2, 2 → 0)."""
    text = f"{float(v):g}"
    return len(text.split(".")[1]) if "." in text and "e" not in text else 0


def _num(v: float | None, digits: int = 0) -> str:
    return "–" if v is None else current().count(v, digits)


class ExposurePanel(QWidget):
    sig_show_on_map = Signal(object)
    """Emitted with ``{layer_id: [fid, ...]}`` of the affected features to highlight."""
    sig_attach = Signal(str)
    """Emitted with the id of the stored result to attach to a question as evidence."""

    def __init__(self, model: WorkspaceModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.scenario_id = ""
        self.task: Task | None = None
        self.record: Any = None
        self._pending: dict[str, Any] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        box = QGroupBox(tr("Assets"))
        bl = QHBoxLayout(box)
        self.asset_list = QListWidget(objectName="assetLayers")
        self.asset_list.setMaximumHeight(96)
        bl.addWidget(self.asset_list, 2)
        right = QVBoxLayout()
        right.addWidget(QLabel(tr("Group by field")))
        self.group_field = QComboBox(objectName="groupField")
        right.addWidget(self.group_field)
        self.population_label = QLabel(tr("Population grid"))
        self.population_raster = QComboBox(objectName="populationRaster")
        self.population_raster.setToolTip(tr("A raster of people per cell: the people in each hazard class"))
        right.addWidget(self.population_label)
        right.addWidget(self.population_raster)
        run_row = QHBoxLayout()
        self.run_button = QPushButton(tr("Run analysis"), objectName="runExposure")
        self.cancel_button = QPushButton(tr("Cancel"), objectName="cancelExposure")
        self.cancel_button.setEnabled(False)
        run_row.addWidget(self.run_button)
        run_row.addWidget(self.cancel_button)
        right.addLayout(run_row)
        self.progress = QProgressBar(objectName="exposureProgress")
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(10)
        self.progress.hide()
        right.addWidget(self.progress)
        right.addStretch(1)
        bl.addLayout(right, 1)
        layout.addWidget(box)
        self.summary = QLabel(objectName="exposureSummary", wordWrap=True)
        layout.addWidget(self.summary)
        self.headers = columns()
        self.table = QTableWidget(0, len(self.headers), objectName="exposureTable")
        self.table.setHorizontalHeaderLabels(self.headers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        # every column as wide as its contents, the asset group first: when the (Kyrgyz, Russian)
        # headers are wider than the panel, the numbers scroll, never the names of the groups
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.population = QLabel(objectName="exposurePopulation")
        buttons = QHBoxLayout()
        buttons.addWidget(self.population, 1)
        self.export_button = QPushButton(tr("Export…"), objectName="exportExposure")
        buttons.addWidget(self.export_button)
        self.map_button = QPushButton(tr("Show on map"), objectName="showExposureOnMap")
        self.attach_button = QPushButton(tr("Attach to question…"), objectName="attachExposure")
        buttons.addWidget(self.map_button)
        buttons.addWidget(self.attach_button)
        layout.addLayout(buttons)
        self.run_button.clicked.connect(self.run)
        self.cancel_button.clicked.connect(self.cancel)
        self.asset_list.itemChanged.connect(lambda _i: self._fill_group_fields())
        self.map_button.clicked.connect(self._show_on_map)
        self.export_button.clicked.connect(self.export_dialog)
        self.attach_button.clicked.connect(lambda: self.record and self.sig_attach.emit(self.record.id))

    # ------------------------------------------------------------------ refreshing
    def set_scenario(self, scenario_id: str) -> None:
        self.scenario_id = scenario_id
        self.refresh()

    def refresh(self) -> None:
        ws = self.model.ws
        self.record = None
        if ws is not None and self.scenario_id:
            results = ws.exposure_results(self.scenario_id)
            self.record = results[0] if results else None
        checked = self.checked_layers()
        if self.record is not None and not checked:
            checked = [a["id"] for a in self.record.inputs.get("assets", [])]
        group = self.group_field.currentData() or (self.record.inputs.get("group_field") if self.record else None)
        self.asset_list.blockSignals(True)
        self.asset_list.clear()
        sc = ws.get_scenario(self.scenario_id) if ws is not None and self.scenario_id else None
        zone = sc.zone_layer_id if sc is not None else None
        self._fill_population(ws, sc)
        for layer in (ws.list_layers() if ws is not None else []):
            if layer.id == zone:
                continue
            item = QListWidgetItem(layer.name)
            item.setData(Qt.ItemDataRole.UserRole, layer.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if layer.id in checked else Qt.CheckState.Unchecked)
            self.asset_list.addItem(item)
        self.asset_list.blockSignals(False)
        self._fill_group_fields(group)
        self._show_record()
        self._update_buttons()

    def _fill_population(self, ws: Any, sc: Any) -> None:
        """The population grids offered for a raster hazard (hidden for zone layers)."""
        raster = sc is not None and sc.raster_id is not None
        keep = self.population_raster.currentData()
        if getattr(self, "_population_for", None) != self.scenario_id:  # another scenario: the grid it last used
            self._population_for = self.scenario_id
            keep = ((self.record.inputs.get("population") or {}).get("id") if self.record is not None else None)
        self.population_raster.clear()
        self.population_raster.addItem(tr("(none)"), _NONE)
        for r in (ws.list_rasters() if raster else []):
            if r.id != sc.raster_id:
                self.population_raster.addItem(r.name, r.id)
        self.population_raster.setCurrentIndex(max(0, self.population_raster.findData(keep or _NONE)))
        self.population_label.setVisible(raster)
        self.population_raster.setVisible(raster)

    def checked_layers(self) -> list[str]:
        return [self.asset_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.asset_list.count())
                if self.asset_list.item(i).checkState() == Qt.CheckState.Checked]

    def _fill_group_fields(self, keep: str | None = None) -> None:
        keep = keep if keep is not None else self.group_field.currentData()
        ws = self.model.ws
        fields: list[str] = []
        for lid in self.checked_layers():
            for f in ws.get_layer(lid).fields if ws is not None else ():
                if f not in fields:
                    fields.append(f)
        self.group_field.clear()
        self.group_field.addItem(tr("(by layer)"), _NONE)
        for f in fields:
            self.group_field.addItem(f, f)
        self.group_field.setCurrentIndex(max(0, self.group_field.findData(keep or _NONE)))
        self._update_buttons()

    def _update_buttons(self) -> None:
        ws = self.model.ws
        running = self.task is not None
        self.run_button.setEnabled(ws is not None and not ws.read_only and bool(self.scenario_id)
                                   and bool(self.checked_layers()) and not running)
        self.cancel_button.setEnabled(running)
        self.map_button.setEnabled(self.record is not None and not running)
        self.export_button.setEnabled(self.record is not None and not running)
        self.attach_button.setEnabled(self.record is not None and not running and ws is not None
                                      and not ws.read_only and self.model.assessment_id is not None)

    def _show_record(self) -> None:
        rec = self.record
        self.table.setSortingEnabled(False)
        self.table.setRowCount(0)
        if rec is None:
            self.summary.setText(tr("No result yet for this scenario: choose asset layers and run the analysis.")
                                 if self.scenario_id else tr("Choose a hazard and describe its scenario first."))
            self.population.setText("")
            return
        r = rec.result
        if rec.inputs.get("raster"):
            self._show_raster_record(rec)
            return
        zones = rec.inputs.get("zones", {}).get("name", "")
        classes = ", ".join(rec.inputs.get("classes") or []) or tr("all zones")
        self.summary.setText(tr("Computed {at} by {who} · zones: {zones} ({classes}), {area} km² · CRS {crs}",
                                at=local_time_text(rec.computed_at), who=rec.computed_by, zones=zones,
                                classes=classes, area=_num((r.get("zone_area_m2") or 0) / 1e6, 2), crs=r.get("crs")))
        self._fill_table(r)
        buffer = rec.inputs.get("buffer")
        if buffer is not None:
            text = _num(buffer) if isinstance(buffer, (int, float)) else ", ".join(
                f"{k}: {_num(v) if isinstance(v, (int, float)) else v}" for k, v in buffer.items())
            self.summary.setText(self.summary.text() + " · " + tr("buffer {buffer} m", buffer=text))
        pop = r.get("population_exposed")
        self.population.setText("" if pop is None else tr("Population exposed: {n}", n=_num(pop)))

    def _show_raster_record(self, rec: Any) -> None:
        """A raster hazard's result: the raster, its thresholds and unit, people per class."""
        from ...gis.hazard_units import unit_label
        r, inputs = rec.result, rec.inputs
        limits = ", ".join(current().number(v, _decimals(v)) for v in inputs.get("thresholds", []))
        self.summary.setText(tr("Computed {at} by {who} · raster: {raster}, thresholds {limits} {unit} · CRS {crs}",
                                at=local_time_text(rec.computed_at), who=rec.computed_by,
                                raster=inputs["raster"].get("name", ""), limits=limits,
                                unit=unit_label(inputs.get("unit", "")), crs=r.get("crs")))
        self._fill_table(r)
        self._note_unreached(inputs)
        pop = r.get("population_exposed")
        by_class = r.get("population_by_class") or {}
        text = "" if pop is None else tr("Population exposed: {n}", n=_num(pop))
        if by_class:
            text += " (" + ", ".join(f"{c}: {_num(n)}" for c, n in by_class.items()) + ")"
        self.population.setText(text)

    def _note_unreached(self, inputs: dict[str, Any]) -> None:
        """Say so when no cell of the raster reaches the first threshold: most often a unit mistake."""
        from ...gis.hazard_units import unit_label
        ws, first = self.model.ws, (inputs.get("thresholds_in_raster_unit") or [None])[0]
        try:
            raster = ws.get_raster(inputs["raster"]["id"]) if ws is not None else None
        except Exception:  # noqa: BLE001 - the raster was removed since: nothing to compare with
            raster = None
        if raster is None or raster.max is None or first is None or first <= raster.max:
            return
        self.summary.setText(self.summary.text() + " · " + tr(
            "no cell of the raster reaches the first threshold (its largest value is {max} {unit}); check the units",
            max=current().number(raster.max, 2), unit=unit_label(inputs.get("raster_unit", ""))))

    def _fill_table(self, r: dict[str, Any]) -> None:
        rows = exposure_rows(r)
        self.table.setRowCount(len(rows))
        for row, values in enumerate(rows):
            for col, v in enumerate(values):
                text = v if isinstance(v, str) else ("" if v is None else
                                                     current().percent(v) if col == 3 else _num(v, 0 if col < 7 else 2))
                item = QTableWidgetItem(text)
                if col:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        for col in range(1, len(self.headers)):  # no empty columns: values for rasters, lengths for lines
            self.table.setColumnHidden(col, col > 2 and all(values[col] is None for values in rows))

    # ------------------------------------------------------------------ running
    def run(self) -> Task | None:
        ws = self.model.ws
        if ws is None or not self.scenario_id or self.task is not None:
            return None
        try:
            raster = ws.get_scenario(self.scenario_id).raster_id is not None
            kwargs, inputs = ws.scenario_inputs(
                self.scenario_id, self.checked_layers(), group_field=self.group_field.currentData() or None,
                population_layer_id=(self.population_raster.currentData() or None) if raster else None)
        except Exception as exc:  # no zone layer, no assets, a layer without CRS: say why
            show_error(self, exc, title=tr("Cannot run the analysis"))
            return None
        self._pending = {"scenario_id": self.scenario_id, "inputs": inputs}
        self.progress.setRange(0, 0)
        self.progress.show()
        self.summary.setText(tr("Running…"))
        func = run_raster_exposure if "raster" in kwargs else run_exposure
        self.task = run_task(func, on_done=self._done, on_error=self._failed,
                             on_progress=self._progress, parent=self, **kwargs)
        self._update_buttons()
        return self.task

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _progress(self, done: int, total: int) -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def _finish(self) -> None:
        self.task = None
        self.progress.hide()

    def _done(self, result: Any) -> None:
        self._finish()
        pending, self._pending = self._pending, None
        ws = self.model.ws
        if ws is not None and pending is not None and not ws.read_only:
            try:
                ws.add_exposure_result(pending["scenario_id"], pending["inputs"], result)
            except Exception as exc:  # the scenario vanished meanwhile (workspace replaced): say so
                show_error(self, exc)
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self._finish()
        self._pending = None
        self.refresh()
        if isinstance(exc, ExposureCancelled):
            self.summary.setText(tr("Analysis cancelled; nothing was stored."))
        else:
            show_error(self, exc, title=tr("The analysis failed"))

    def export_dialog(self) -> None:
        """Save the shown result as CSV or XLSX (the file type chosen by its name)."""
        from ...gis.exposure_table import write_csv, write_xlsx
        from ..exchange.file_actions import ask_save_path, suggested_path
        rec = self.record
        if rec is None:
            return
        path = ask_save_path(self, tr("Export exposure result"), suggested_path("exposure", ".xlsx"), (".xlsx", ".csv"),
                             tr("Excel workbook (*.xlsx);;CSV (*.csv)"))
        if path is None:
            return
        from ...gis.exposure_table import facts_of
        facts = facts_of(rec.computed_at, rec.result, rec.inputs)
        try:
            if path.suffix.lower() == ".csv":
                write_csv(path, rec.result, facts=facts)
            else:
                write_xlsx(path, rec.result, facts=facts, title=self.summary.text())
        except Exception as exc:
            show_error(self, exc)

    def hazard_overlay(self, map_crs: str) -> tuple[Any, Any] | None:
        """The scenario's hazard zone (buffered when it has a buffer) and features, in ``map_crs``."""
        import numpy as np

        from ...gis.crs import transform_geometries
        from ...gis.distance import hazard_zone_geometries
        from ...gis.exposure import _str, exposure_crs
        ws = self.model.ws
        if ws is None or not self.scenario_id:
            return None
        sc = ws.get_scenario(self.scenario_id)
        if sc.zone_layer_id is None:  # no zone layer, or a raster hazard (drawn as a raster instead)
            return None
        bf = sc.buffer.get("field") if isinstance(sc.buffer, dict) and "field" in sc.buffer else None
        layer = ws.exposure_layer(sc.zone_layer_id, [sc.class_field, bf])
        if layer.crs is None:
            return None
        crs = (self.record.result.get("crs") if self.record else None) or exposure_crs([layer])
        geoms = transform_geometries(np.asarray(layer.geometries, dtype=object), layer.crs, crs)
        classes = (np.array([_str(v) for v in layer.column(sc.class_field)], dtype=object)
                   if sc.class_field else None)
        feats, zones = hazard_zone_geometries(geoms, crs, buffer=sc.buffer, classes=classes,
                                              wanted=list(sc.affected_classes) or None,
                                              field_values=layer.column(bf) if bf else None)
        return transform_geometries(zones, crs, map_crs), transform_geometries(feats, crs, map_crs)

    def hazard_raster(self) -> tuple[str, list[float]] | None:
        """The shown result's hazard raster and its thresholds in the raster's unit (``None``: a zone layer)."""
        rec = self.record
        if rec is None or not rec.inputs.get("raster"):
            return None
        return rec.inputs["raster"]["id"], list(rec.inputs.get("thresholds_in_raster_unit") or [])

    def _show_on_map(self) -> None:
        rec = self.record
        if rec is None:
            return
        fids = rec.result.get("affected_fids", [])
        selection = {a["id"]: f for a, f in zip(rec.inputs.get("assets", []), fids) if f}
        self.sig_show_on_map.emit(selection)
