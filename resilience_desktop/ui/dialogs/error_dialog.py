"""Errors shown to the user: a plain message, with the technical details one click away."""

from __future__ import annotations

import traceback

from PySide6.QtWidgets import QMessageBox, QWidget

from ...errors import ResilienceError
from ...i18n.catalog import tr
from ...i18n.reasons import os_reason


def error_message(exc: BaseException) -> str:
    """A plain sentence for the user: our own errors say it themselves; others get a generic line."""
    if isinstance(exc, ResilienceError):
        return str(exc)
    if isinstance(exc, OSError):
        return tr("The file could not be read or written: {e}", e=os_reason(exc))
    return tr("Something went wrong that the app did not expect. Your saved work is safe.")


def show_error(parent: QWidget | None, exc: BaseException, *, title: str | None = None) -> QMessageBox:
    """Show ``exc`` in a non-blocking message box (returned, so tests can inspect and close it)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title or tr("Resilience Desktop"))
    box.setText(error_message(exc))
    box.setDetailedText("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setObjectName("errorDialog")
    box.open()
    return box
