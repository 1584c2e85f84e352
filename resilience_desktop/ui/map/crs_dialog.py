"""Choosing the map's CRS: search PROJ's database by EPSG code or by name."""

from __future__ import annotations

__all__ = ["CrsDialog"]

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QVBoxLayout, QWidget)

from ...gis.crs import crs_label, search_crs
from ...i18n.catalog import tr


class CrsDialog(QDialog):
    """Type ``32643``, ``UTM 43N`` or ``Kazakhstan``; pick one of the matches."""

    def __init__(self, current: str | None, parent: QWidget | None = None, *, title: str | None = None,
                 note: str | None = None, suggest: str | None = None):
        """``current``: the CRS in use (said above the search); ``title`` and ``note`` replace the map's own
        wording (a layer's CRS is asked for too); ``suggest`` is typed into the search to start with."""
        super().__init__(parent)
        self.setWindowTitle(title or tr("Map coordinate reference system"))
        self.resize(520, 460)
        self.current = current
        self.search = QLineEdit(self)
        self.search.setObjectName("crsSearch")
        self.search.setPlaceholderText(tr("EPSG code or name, e.g. 32643 or UTM zone 43N"))
        self.results = QListWidget(self)
        self.results.setObjectName("crsResults")
        self.results.itemDoubleClicked.connect(lambda _i: self.accept())
        note = QLabel(note or tr("Current: {crs}", crs=crs_label(current)), self)
        note.setObjectName("crsNote")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.search)
        layout.addWidget(self.results, 1)
        layout.addWidget(buttons)
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.update_results)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        if suggest:
            self.search.setText(suggest.removeprefix("EPSG:"))
            self.update_results()

    def update_results(self) -> None:
        self.results.clear()
        for code, name in search_crs(self.search.text(), limit=200):
            item = QListWidgetItem(f"{code} — {name}")
            item.setData(Qt.ItemDataRole.UserRole, code)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)

    def chosen(self) -> str | None:
        item = self.results.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None
