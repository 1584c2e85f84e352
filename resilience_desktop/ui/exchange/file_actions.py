"""What every File > Import/Export action does around its work: ask for a path, save the text
being typed, show a wait cursor, and turn a failure into the error dialog."""

from __future__ import annotations

__all__ = ["ask_save_path", "run_busy"]

from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow

from ...errors import InvalidInputError
from ...safety.targets import check_output_target
from ..dialogs.error_dialog import show_error


def ask_save_path(window: QMainWindow, title: str, suggested: Path, suffix: str, filter_text: str) -> Path | None:
    """Ask where to save; the chosen name always ends in ``suffix``. ``None`` when cancelled, or
    when the file chosen is a workspace or a national store (said in a dialog)."""
    chosen, _ = QFileDialog.getSaveFileName(window, title, str(suggested), filter_text)
    if not chosen:
        return None
    path = Path(chosen)
    path = path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)
    ws = getattr(getattr(window, "model", None), "ws", None)
    try:  # never over the open workspace, another workspace or a national store
        check_output_target(path, [ws.path if ws is not None else None])
    except InvalidInputError as exc:
        show_error(window, exc, title=title)
        return None
    return path


def run_busy(window: QMainWindow, work: Callable[[], Any], *, failed: str) -> tuple[bool, Any]:
    """Run ``work()`` under a wait cursor after saving pending edits; on an error show it titled
    ``failed``. Returns ``(True, result)`` or ``(False, None)``."""
    window.assessment_view.flush_edits()  # the comment typed a moment ago belongs in the file
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        result = work()
    except Exception as exc:  # shown to the user; our own errors carry a plain message
        QApplication.restoreOverrideCursor()
        show_error(window, exc, title=failed)
        return False, None
    QApplication.restoreOverrideCursor()
    return True, result
