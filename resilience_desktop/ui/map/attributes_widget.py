"""The identify panel: the attributes of the feature the user clicked."""

from __future__ import annotations

__all__ = ["AttributesPanel"]

import json
from typing import Any

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from ...i18n.catalog import tr


class AttributesPanel(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = QLabel(tr("Click a feature to see its attributes"), self)
        self.title.setWordWrap(True)
        self.table = QTableWidget(0, 2, self)
        self.table.setObjectName("attributesTable")
        self.table.setAccessibleName(tr("Click a feature to see its attributes"))
        self.table.setHorizontalHeaderLabels([tr("Field"), tr("Value")])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.table)

    def show_feature(self, layer_name: str, fid: int, attributes: dict[str, Any]) -> None:
        self.title.setText(tr("{layer}, feature {fid}", layer=layer_name, fid=fid))
        self.table.setRowCount(len(attributes))
        for row, (key, value) in enumerate(attributes.items()):
            text = "" if value is None else (value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
            self.table.setItem(row, 0, QTableWidgetItem(str(key)))
            self.table.setItem(row, 1, QTableWidgetItem(text))

    def clear_feature(self) -> None:
        self.title.setText(tr("Click a feature to see its attributes"))
        self.table.setRowCount(0)

    def values(self) -> dict[str, str]:
        """What the table shows, as text (for tests)."""
        return {self.table.item(r, 0).text(): self.table.item(r, 1).text() for r in range(self.table.rowCount())}
