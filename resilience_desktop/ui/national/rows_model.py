"""A read-only table of dict rows described by columns, and the filter the national view applies.

One model serves the cities × Essentials table, the reporting status, the regional roll-up and
the E-2 list: each column says how to show, sort and colour its value. Sorting uses the raw
value (numbers as numbers, a missing score last), never the displayed text.
"""

from __future__ import annotations

__all__ = ["Column", "RowsModel", "CityFilterProxy", "ROW_ROLE"]

from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from ..theme import score_colour

#: The role returning the whole row dict of an index.
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
_SORT_ROLE = Qt.ItemDataRole.UserRole + 2

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
    return "—" if value is None else f"{value:.0f}%"


def tint(percent: float) -> QColor:
    """The dashboard's score colour, lightened so black text stays readable."""
    return QColor(score_colour(percent / 100.0)).lighter(150)


class RowsModel(QAbstractTableModel):
    """Rows (dicts) shown through :class:`Column` definitions; replace them with :meth:`set_rows`."""

    def __init__(self, columns: list[Column], parent: Any = None):
        super().__init__(parent)
        self.columns = columns
        self.rows: list[dict[str, Any]] = []

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

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
        if role == _SORT_ROLE:
            if value is None:
                return float("-inf") if col.score or col.align_right else ""
            return value if isinstance(value, (int, float)) else str(value).casefold()
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
        self.setSortRole(_SORT_ROLE)
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

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802 (Qt override)
        model = self.sourceModel()
        return self.accepts(model.rows[source_row]) if isinstance(model, RowsModel) else True
