"""The Losses view: what the city's recorded disasters cost, per hazard and per year.

Reads the workspace's loss summary (``Workspace.loss_summary``) on every refresh; never holds
the truth. Tables per hazard kind and per year, bar charts of events, and the Sendai A–D
figures with the formula each uses. Empty cells mean *not recorded*, never 0.
"""

from __future__ import annotations

__all__ = ["LossesView"]

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QGridLayout, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from ...i18n.catalog import tr
from ...loss import figure_label, sendai_figures
from ...loss.summary import TOTAL_FIGURES
from ...workspace.hazards import hazard_kind_label
from ..workspace_model import Entity, WorkspaceModel
from .loss_chart_widget import LossChart

_ENTITIES = frozenset({Entity.LOSSES, Entity.CITY, Entity.ASSESSMENT})


def _fmt(v) -> str:
    from ...i18n.catalog import language
    from ...report.content import format_count
    if v is None:
        return ""
    return format_count(v, language(), 2 if isinstance(v, float) and not v.is_integer() else 0)


class LossesView(QWidget):
    sig_import_requested = Signal()
    """Emitted when the user asks to import loss records (no arguments)."""
    sig_attach_requested = Signal(str)
    """Emitted with the city id: attach its loss summary to a question."""

    def __init__(self, model: WorkspaceModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        top = QHBoxLayout()
        self.title_label = QLabel(tr("Recorded disaster losses"), objectName="h2")
        self.city_combo = QComboBox()
        self.city_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.import_button = QPushButton(tr("Import loss records…"))
        self.import_button.clicked.connect(self.sig_import_requested)
        self.attach_button = QPushButton(tr("Attach to question…"))
        self.attach_button.clicked.connect(lambda: self.city_id() and self.sig_attach_requested.emit(self.city_id()))
        top.addWidget(self.title_label)
        top.addStretch(1)
        top.addWidget(self.city_combo)
        top.addWidget(self.import_button)
        top.addWidget(self.attach_button)
        layout.addLayout(top)
        self.source_label = QLabel(objectName="muted", wordWrap=True)
        layout.addWidget(self.source_label)
        self.tabs = QTabWidget()
        self.hazard_table = self._table()
        self.year_table = self._table()
        self.sendai_table = self._table()
        self.sendai_table.setProperty("stretchLast", True)
        self.sendai_table.setWordWrap(True)  # the formulas are long: two lines each
        self.sendai_table.verticalHeader().setDefaultSectionSize(int(self.fontMetrics().height() * 2.7))
        charts = QWidget()
        grid = QGridLayout(charts)
        self.hazard_chart = LossChart(charts)
        self.year_chart = LossChart(charts)
        grid.addWidget(self.hazard_chart, 0, 0)
        grid.addWidget(self.year_chart, 0, 1)
        by_hazard = QWidget()
        hl = QVBoxLayout(by_hazard)
        hl.addWidget(self.hazard_table, 1)
        hl.addWidget(charts, 1)
        self.tabs.addTab(by_hazard, tr("By hazard"))
        self.tabs.addTab(self.year_table, tr("By year"))
        self.tabs.addTab(self.sendai_table, tr("Sendai targets A–D"))
        layout.addWidget(self.tabs, 1)
        self.note_label = QLabel(tr("Empty cells: not recorded. \"Affected\" is the people directly affected "
                                    "(DesInventar \"damnificados\"); indirectly affected people are not added to it."),
                                 objectName="muted", wordWrap=True)
        layout.addWidget(self.note_label)
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self.refresh)
        model.sig_changed.connect(self._on_changed)
        model.sig_workspace_replaced.connect(self.refresh)
        self.refresh()

    @staticmethod
    def _table() -> QTableWidget:
        t = QTableWidget()
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.setAlternatingRowColors(True)
        t.verticalHeader().setVisible(False)
        t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        t.horizontalHeader().setStretchLastSection(False)
        return t

    def _on_changed(self, event) -> None:
        if event.entity in _ENTITIES:
            self._timer.start()

    def city_id(self) -> str | None:
        return self.city_combo.currentData()

    def _fill_cities(self) -> None:
        ws = self.model.ws
        current = self.city_id()
        if ws is not None and self.model.assessment_id and current is None:
            current = ws.get_assessment(self.model.assessment_id).city_id
        with QSignalBlocker(self.city_combo):
            self.city_combo.clear()
            for c in (ws.list_cities() if ws is not None else []):
                self.city_combo.addItem(c.name, c.id)
            i = self.city_combo.findData(current)
            self.city_combo.setCurrentIndex(i if i >= 0 else 0)

    def refresh(self) -> None:
        self._fill_cities()
        ws, cid = self.model.ws, self.city_id()
        self.import_button.setEnabled(ws is not None and cid is not None and not ws.read_only)
        if ws is None or cid is None:
            self._show_empty(tr("Open a workspace with a city to see its recorded losses."))
            return
        summary = ws.loss_summary(cid)
        imports = ws.loss_imports(cid)
        self.attach_button.setEnabled(bool(summary.records) and self.model.assessment_id is not None)
        if not summary.records:
            self._show_empty(tr("No loss records for this city yet: File > Import > Loss records… reads a "
                                "DesInventar export (DI_export_<code>.zip)."))
            return
        years = f"{summary.years[0]}–{summary.years[1]}" if summary.years else "-"
        imp = imports[0]
        self.source_label.setText(tr("{n} records, {years}, from {source} (unit {unit}); {excluded} unpublished "
                                     "records left out; {unknown} figures recorded as \"some, number unknown\".",
                                     n=summary.records, years=years, source=imp.source_name,
                                     unit=f"{imp.geo_name} {imp.geo_code}" if imp.geo_code else "-",
                                     excluded=summary.excluded, unknown=sum(summary.unknown.values())))
        self.tabs.setEnabled(True)
        head = [figure_label("events"), *(figure_label(k) for k in TOTAL_FIGURES)]
        rows = [[hazard_kind_label(k), v["events"], *(v[f] for f in TOTAL_FIGURES)]
                for k, v in summary.by_event.items()]
        rows.append([tr("All"), summary.records, *(summary.totals[f] for f in TOTAL_FIGURES)])
        self._fill(self.hazard_table, [tr("Hazard"), *head], rows)
        self._fill(self.year_table, [tr("Year"), *head],
                   [[str(y), v["events"], *(v[f] for f in TOTAL_FIGURES)] for y, v in summary.by_year.items()])
        city = ws.get_city(cid)
        self._fill(self.sendai_table, [tr("Indicator"), tr("What"), tr("Value"), tr("Formula")],
                   [[f.code, f.label, f.value, f.formula] for f in sendai_figures(summary, city.population)])
        kinds = list(summary.by_event)
        self.hazard_chart.set_bars([hazard_kind_label(k) for k in kinds], [summary.by_event[k]["events"] for k in kinds],
                                   title=tr("Events per hazard"))
        ys = list(range(summary.years[0], summary.years[1] + 1)) if summary.years else []
        self.year_chart.set_bars([str(y) for y in ys], [summary.by_year.get(y, {}).get("events") for y in ys],
                                 title=tr("Events per year"), colour="#c0392b")

    def _show_empty(self, text: str) -> None:
        self.source_label.setText(text)
        for t in (self.hazard_table, self.year_table, self.sendai_table):
            t.clear()
            t.setRowCount(0)
            t.setColumnCount(0)
        self.hazard_chart.set_bars([], [], title="")
        self.year_chart.set_bars([], [], title="")
        self.attach_button.setEnabled(False)
        self.tabs.setEnabled(False)

    @staticmethod
    def _fill(table: QTableWidget, head: list[str], rows: list[list]) -> None:
        table.clear()
        stretch = len(head) - 1 if table.property("stretchLast") else 0  # names, or the formula, take the room
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.setColumnCount(len(head))
        table.setHorizontalHeaderLabels(head)
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                item = QTableWidgetItem(v if isinstance(v, str) else _fmt(v))
                if not isinstance(v, str):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(r, c, item)
        if head:
            table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)

