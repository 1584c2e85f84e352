"""The bottom of every form dialog: an error line the dialog fills in, then OK / Cancel."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel


class _ErrorLine(QLabel):
    """The error label: a message that wraps to more lines makes its dialog taller, never clipped."""

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        super().setText(text)
        window = self.window()
        layout = window.layout()
        if layout is None or not window.isVisible():
            return
        layout.activate()
        need = layout.totalHeightForWidth(window.width()) if layout.hasHeightForWidth() else layout.sizeHint().height()
        if need > window.height():
            window.resize(window.width(), need)


def add_form_footer(dialog: QDialog, form: QFormLayout) -> tuple[QLabel, QDialogButtonBox]:
    """Add the error label and the OK/Cancel buttons (wired to accept/reject) to ``form``."""
    error = _ErrorLine(objectName="formError")
    error.setStyleSheet("color: #b00020;")
    error.setWordWrap(True)
    form.addRow(error)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    return error, buttons
