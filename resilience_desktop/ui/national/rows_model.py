"""A read-only table of dict rows described by columns, and the filter the national view applies.

One model serves the cities × Essentials table, the reporting status, the regional roll-up and
the E-2 list: each column says how to show, sort and colour its value. Sorting uses the raw
value (numbers as numbers, a missing score below every score), never the displayed text, and
is done by the model itself with one key per row, so 1,000 cities sort in milliseconds.
"""

from __future__ import annotations

__all__ = ["Column", "RowsModel", "CityFilterProxy", "ROW_ROLE"]

from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from ...i18n.catalog import current
from ..theme import score_colour

#: The role returning the whole row dict of an index.
ROW_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


@dataclass
class Column:
    """One column: its header, the raw value of a row, and how to show it."""

    header: str
    value: Callable[[dict[str, Any]], Any]
    text: Callable[[Any], str] = lambda v: "—" if v is None else str(v)
    score: bool = False          # a percent 0-100: the cell is tinted like the dashboard
    tooltip: Callable[[dict[str, Any]], str] | None = None
    align_right: bool = False


def percent_text(value: float | None) -> str:
    """A 0–100 percentage as a table cell shows it (the language's CLDR format, whole numbers)."""
    return current().percent(value, 0)


def tint(percent: float) -> QColor:
    """The dashboard's score colour, lightened so black text stays readable."""
    return QColor(score_colour(percent / 100.0)).lighter(150)


class RowsModel(QAbstractTableModel):
    """Rows (dicts) shown through :class:`Column` definitions; replace them with :meth:`set_rows`."""

    def __init__(self, columns: list[Column], parent: Any = None):
        super().__init__(parent)
        self.columns = columns
        self.rows: list[dict[str, Any]] = []
        self._sorted: tuple[int, bool] | None = None

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        if self._sorted is not None:
            self.rows.sort(key=self._key(self._sorted[0]), reverse=self._sorted[1])
        self.endResetModel()

    def _key(self, column: int) -> Any:
        col = self.columns[column]

        def key(row: dict[str, Any]) -> tuple:
            v = col.value(row)
            if v is None:
                return (0, 0)
            return (1, v) if isinstance(v, (int, float)) else (1, str(v).casefold())
        return key

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows themselves (one key per row: far faster than a proxy asking ``data`` per comparison).

        A missing value sorts last in descending order and first in ascending order, like a zero.
        """
        if not 0 <= column < len(self.columns):
            return
        self.layoutAboutToBeChanged.emit()
        old = {id(r): i for i, r in enumerate(self.rows)}
        self._sorted = (column, order == Qt.SortOrder.DescendingOrder)
        self.rows.sort(key=self._key(column), reverse=self._sorted[1])
        new = {id(r): i for i, r in enumerate(self.rows)}
        moved = {old[k]: new[k] for k in old}
        for index in self.persistentIndexList():
            self.changePersistentIndex(index, self.index(moved[index.row()], index.column()))
        self.layoutChanged.emit()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 (Qt override)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 (Qt override)
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = self.rows[index.row()], self.columns[index.column()]
        if role == ROW_ROLE:
            return row
        value = col.value(row)
        if role == Qt.ItemDataRole.DisplayRole:
            return col.text(value)
        if role == Qt.ItemDataRole.BackgroundRole and col.score and value is not None:
            return QBrush(tint(value))
        if role == Qt.ItemDataRole.ToolTipRole and col.tooltip is not None:
            return col.tooltip(row) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and (col.score or col.align_right):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class CityFilterProxy(QSortFilterProxyModel):
    """Sorts by raw values and keeps the rows matching country, region, scorecard, date and name."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.filters: dict[str, str | None] = {"country": None, "region": None, "scorecard": None,
                                               "since": None, "text": None}

    def set_filter(self, **values: str | None) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+: invalidateFilter() is deprecated
            self.beginFilterChange()
            self.filters.update({k: (v or None) for k, v in values.items()})
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.filters.update({k: (v or None) for k, v in values.items()})
            self.invalidateRowsFilter()

    def accepts(self, row: dict[str, Any]) -> bool:
        f = self.filters
        if f["country"] and row.get("country") != f["country"]:
            return False
        if f["region"] and (row.get("region") or "") != f["region"]:
            return False
        if f["scorecard"] and row.get("scorecard_id") != f["scorecard"]:
            return False
        if f["since"] and (row.get("updated_at") or row.get("exported_at") or "")[:10] < f["since"]:
            return False
        return not f["text"] or f["text"].casefold() in (row.get("name") or "").casefold()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is done by the source model (:meth:`RowsModel.sort`); the proxy keeps its order."""
        model = self.sourceModel()
        if isinstance(model, RowsModel):
            model.sort(column, order)
        else:
            super().sort(column, order)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802 (Qt override)
        model = self.sourceModel()
        return self.accepts(model.rows[source_row]) if isinstance(model, RowsModel) else True
