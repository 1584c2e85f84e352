"""The bottom of every form dialog: an error line the dialog fills in, then OK / Cancel."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel


def add_form_footer(dialog: QDialog, form: QFormLayout) -> tuple[QLabel, QDialogButtonBox]:
    """Add the error label and the OK/Cancel buttons (wired to accept/reject) to ``form``."""
    error = QLabel(objectName="formError")
    error.setStyleSheet("color: #b00020;")
    error.setWordWrap(True)
    form.addRow(error)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    return error, buttons
