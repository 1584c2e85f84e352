"""The attribute table of a layer: sortable, filtered by an expression, linked with the map selection."""

from __future__ import annotations

__all__ = ["AttributeTable", "FeatureTableModel"]

from typing import Any

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QItemSelection, QItemSelectionModel, QModelIndex, QSignalBlocker, \
    QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QTableView, QVBoxLayout, QWidget)

from ...gis.classify import numeric
from ...gis.selection import OPERATORS, matching
from ...i18n.catalog import tr

_SORT = Qt.ItemDataRole.UserRole + 1


class FeatureTableModel(QAbstractTableModel):
    """Rows are features (by fid), columns the layer's fields; numbers sort as numbers."""

    def __init__(self, fields: list[str], rows: list[dict[str, Any]], parent=None):
        super().__init__(parent)
        self.fields = list(fields)
        self.rows = rows
        self._numeric = []
        for f in self.fields:
            vals = [r.get(f) for r in rows]
            nums = numeric(vals)
            present = np.array([v is not None and v != "" for v in vals], dtype=bool)
            self._numeric.append(bool(present.any()) and bool(np.isfinite(nums[present]).all()))

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt override)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.fields)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self.rows[index.row()].get(self.fields[index.column()])
        numeric_col = self._numeric[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if value is None else (f"{value:g}" if isinstance(value, float) else str(value))
        if role == Qt.ItemDataRole.TextAlignmentRole and numeric_col:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == _SORT:
            if numeric_col:
                try:
                    return float(value)
                except (TypeError, ValueError):
                    return float("-inf")
            return "" if value is None else str(value).casefold()
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.fields[section] if orientation == Qt.Orientation.Horizontal else str(section)


class _Filter(QSortFilterProxyModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.mask: np.ndarray | None = None
        self.setSortRole(_SORT)

    def set_mask(self, mask: np.ndarray | None) -> None:
        self.mask = mask
        self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:  # noqa: N802
        return self.mask is None or bool(self.mask[row])


class AttributeTable(QWidget):
    sig_selection_changed = Signal(str, object)
    """Emitted with ``(layer_id, [fid, ...])`` when the user selects rows."""
    sig_export_requested = Signal(str, object, str)
    """Emitted with ``(layer_id, [fid, ...], path)`` to export the selected features."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.layer_id = ""
        self.model: FeatureTableModel | None = None
        self.proxy = _Filter(self)
        self.title = QLabel(tr("Choose a layer to see its attribute table"), self)
        self.field = QComboBox(self)
        self.op = QComboBox(self)
        words = {"contains": tr("contains"), "is empty": tr("is empty"), "is not empty": tr("is not empty")}
        for op in OPERATORS:
            self.op.addItem(words.get(op, op), op)
        self.value = QLineEdit(self)
        self.value.setPlaceholderText(tr("value"))
        self.value.returnPressed.connect(self.apply_filter)
        self.filter_button = QPushButton(tr("Filter"), self)
        self.filter_button.clicked.connect(self.apply_filter)
        self.clear_button = QPushButton(tr("Show all"), self)
        self.clear_button.clicked.connect(self.clear_filter)
        self.select_button = QPushButton(tr("Select matching"), self)
        self.select_button.clicked.connect(self.select_matching)
        self.export_button = QPushButton(tr("Export selection…"), self)
        self.export_button.clicked.connect(self._export)
        self.count = QLabel(self)
        self.count.setObjectName("attributeTableCount")
        self.view = QTableView(self)
        self.view.setObjectName("attributeTable")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.selectionModel().selectionChanged.connect(self._on_rows_selected)
        bar = QHBoxLayout()
        for w in (self.field, self.op, self.value, self.filter_button, self.clear_button, self.select_button,
                  self.export_button):
            bar.addWidget(w)
        bar.addWidget(self.count, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.title)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

    def set_layer(self, layer_id: str, name: str, fields: list[str], rows: list[dict[str, Any]]) -> None:
        self.layer_id = layer_id
        self.model = FeatureTableModel(fields, rows, self)
        self.proxy.mask = None
        self.proxy.setSourceModel(self.model)
        self.title.setText(tr("Attributes of {layer}", layer=name))
        with QSignalBlocker(self.field):
            self.field.clear()
            self.field.addItems(fields)
        self._update_count()

    def _mask(self) -> np.ndarray:
        assert self.model is not None
        field = self.field.currentText()
        values = [r.get(field) for r in self.model.rows]
        return matching(values, self.op.currentData(), self.value.text())

    def apply_filter(self) -> None:
        if self.model is None or not self.field.currentText():
            return
        self.proxy.set_mask(self._mask())
        self._update_count()

    def clear_filter(self) -> None:
        self.proxy.set_mask(None)
        self._update_count()

    def select_matching(self) -> None:
        """Select every feature matching the expression (select by attribute)."""
        if self.model is None or not self.field.currentText():
            return
        fids = np.nonzero(self._mask())[0]
        self.select_fids(fids)
        self.sig_selection_changed.emit(self.layer_id, fids.tolist())

    def select_fids(self, fids: Any) -> None:
        """Show ``fids`` as the selected rows (from the map), without echoing back."""
        if self.model is None:
            return
        sel = QItemSelection()
        last = self.model.columnCount() - 1
        for fid in fids:
            src = self.model.index(int(fid), 0)
            idx = self.proxy.mapFromSource(src)
            if idx.isValid():
                sel.select(idx, idx.siblingAtColumn(last))
        with QSignalBlocker(self.view.selectionModel()):
            self.view.selectionModel().select(sel, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        first = next(iter(fids), None)
        if first is not None:
            idx = self.proxy.mapFromSource(self.model.index(int(first), 0))
            if idx.isValid():
                self.view.scrollTo(idx)
        self.view.viewport().update()
        self._update_count()

    def selected_fids(self) -> list[int]:
        rows = {self.proxy.mapToSource(i).row() for i in self.view.selectionModel().selectedRows()}
        return sorted(rows)

    def _on_rows_selected(self, *_args) -> None:
        self._update_count()
        if self.model is not None:
            self.sig_selection_changed.emit(self.layer_id, self.selected_fids())

    def _update_count(self) -> None:
        total = len(self.model.rows) if self.model is not None else 0
        self.count.setText(tr("{shown} of {total} shown, {selected} selected", shown=self.proxy.rowCount(),
                              total=total, selected=len(self.selected_fids())))

    def _export(self) -> None:
        fids = self.selected_fids()
        if not fids:
            return
        from ..exchange.file_actions import ask_save_path, suggested_path
        path = ask_save_path(self, tr("Export selection"), suggested_path("selection", ".gpkg"), (".gpkg", ".csv"),
                             tr("GeoPackage (*.gpkg);;CSV table (*.csv)"))
        if path is not None:
            self.sig_export_requested.emit(self.layer_id, fids, str(path))
