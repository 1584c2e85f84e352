"""Add or edit a sync destination: a name, a folder or the receiver's address, a token, a CA file."""

from __future__ import annotations

__all__ = ["DestinationDialog"]

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QVBoxLayout, QWidget)

from ...errors import ResilienceError
from ...i18n.catalog import tr
from ...workspace.outbox import Destination, Outbox, classify_target


class DestinationDialog(QDialog):
    """Writes through :class:`Outbox` on OK; a refused value is shown in the dialog, which stays open."""

    def __init__(self, outbox: Outbox, destination: Destination | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.outbox = outbox
        self.original = destination
        self.setWindowTitle(tr("Edit sync destination") if destination else tr("Add sync destination"))
        self.setMinimumWidth(560)
        self.name_edit = QLineEdit(destination.name if destination else "")
        self.name_edit.setReadOnly(destination is not None)
        self.name_edit.setPlaceholderText(tr("e.g. national"))
        self.target_edit = QLineEdit(destination.url if destination else "")
        self.target_edit.setPlaceholderText(tr("https://platform.example.org or a folder (USB stick, shared folder)"))
        folder_button = QPushButton(tr("Folder…"))
        folder_button.clicked.connect(self._choose_folder)
        self.token_edit = QLineEdit(destination.token or "" if destination else "")
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_edit.setPlaceholderText(tr("the token the national platform gave this city"))
        if destination is not None and destination.needs_token:
            self.token_edit.setPlaceholderText(tr("needed again: this computer does not have the token"))
        self.ca_edit = QLineEdit(destination.ca_file or "" if destination else "")
        self.ca_edit.setPlaceholderText(tr("optional: the platform's CA certificate (PEM)"))
        ca_button = QPushButton(tr("Browse…"))
        ca_button.clicked.connect(self._choose_ca)
        self.error_label = QLabel()
        self.error_label.setObjectName("destinationError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b3261e;")
        form = QFormLayout()
        form.addRow(tr("Name"), self.name_edit)
        form.addRow(tr("Address or folder"), _row(self.target_edit, folder_button))
        form.addRow(tr("Token"), self.token_edit)
        form.addRow(tr("CA file"), _row(self.ca_edit, ca_button))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.target_edit.textChanged.connect(self._update_https_fields)
        self._update_https_fields()

    def _update_https_fields(self) -> None:
        is_folder = "://" not in self.target_edit.text() or self.target_edit.text().startswith("file://")
        for w in (self.token_edit, self.ca_edit):
            w.setEnabled(not is_folder or bool(w.text()))

    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, tr("Sync folder"), self.target_edit.text())
        if chosen:
            self.target_edit.setText(chosen)

    def _choose_ca(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, tr("CA certificate"), "", tr("Certificates (*.pem *.crt)"))
        if chosen:
            self.ca_edit.setText(chosen)

    def accept(self) -> None:  # noqa: D102 - writes, or shows why not
        token = self.token_edit.text().strip() or None
        ca = self.ca_edit.text().strip() or None
        try:
            kind, _url = classify_target(self.target_edit.text())
            if kind == "folder":
                token, ca = None, None
            if self.original is None:
                self.outbox.add_destination(self.name_edit.text().strip(), self.target_edit.text(), token=token,
                                            ca_file=ca)
            else:
                self.outbox.update_destination(self.original.name, target=self.target_edit.text(), token=token,
                                               ca_file=ca)
        except ResilienceError as exc:
            self.error_label.setText(str(exc))
            return
        super().accept()


def _row(*widgets: QWidget) -> QWidget:
    box = QWidget()
    lay = QHBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    for w in widgets:
        lay.addWidget(w, 1 if isinstance(w, QLineEdit) else 0)
    return box
