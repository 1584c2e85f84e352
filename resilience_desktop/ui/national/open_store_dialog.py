"""File > Open national store…: an SQLite file (typed, recent, or picked with Browse…) or a ``postgresql://`` URL.

A plain input box made the user type a file's whole path; a national officer opening the store a
colleague copied onto the machine expects a file browser, and one who connects to the ministry's
database pastes a URL. Both go into one editable box, which also offers the recent stores.
"""

from __future__ import annotations

__all__ = ["OpenStoreDialog"]

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QPushButton, QWidget,
)

from ...i18n.catalog import tr
from ..dialogs.form_footer import add_form_footer


class OpenStoreDialog(QDialog):
    """Asks for a national store's address; :meth:`address` is the text chosen (stripped)."""

    def __init__(self, recent: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("Open national store"))
        self.setMinimumWidth(560)
        form = QFormLayout(self)
        self.combo = QComboBox(objectName="nationalAddress", editable=True)
        self.combo.addItems(recent)
        self.combo.setCurrentIndex(0 if recent else -1)
        self.combo.setMinimumContentsLength(40)
        self.browse_button = QPushButton(tr("Browse…"), objectName="nationalBrowse")
        self.browse_button.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.combo, 1)
        row.addWidget(self.browse_button)
        label = QLabel(tr("An SQLite file or a postgresql:// URL:"))
        label.setBuddy(self.combo)
        form.addRow(label)  # above the box, over the whole width: a long label beside it squeezed the box
        form.addRow(row)
        self.error, self.buttons = add_form_footer(self, form)
        self.combo.editTextChanged.connect(lambda _t: self._update_ok())
        self._update_ok()

    def address(self) -> str:
        return self.combo.currentText().strip()

    def browse(self) -> None:
        """Pick an SQLite file; it replaces the text in the box."""
        current = self.address()
        start = str(Path(current).parent) if current and "://" not in current else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, tr("Open national store"), start,
                                              "SQLite (*.db *.sqlite *.sqlite3);;" + tr("All files (*)"))
        if path:
            self.combo.setEditText(path)

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.address()))
