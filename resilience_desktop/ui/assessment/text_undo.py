"""Undo in a text field that never loses text (issue 16 item 1).

While the user types, Ctrl+Z and Ctrl+Shift+Z (Ctrl+Y) are the field's own undo, within the
burst not yet saved. Each saved burst is one step of the window's undo stack holding the text
before and after it (:func:`~.commands.set_answer_text_command`), and the field's own history is
cleared when a burst is saved, so once the field has nothing of its own left to undo the same keys
step through the window's stack: first the previous burst, then the one before, and back again.
"""

from __future__ import annotations

__all__ = ["TextUndoFilter", "clear_own_undo"]

from typing import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget


def _is_undo(event: QKeyEvent) -> bool:
    return event.matches(QKeySequence.StandardKey.Undo)


def _is_redo(event: QKeyEvent) -> bool:
    ctrl = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier == Qt.KeyboardModifier.ControlModifier
    return event.matches(QKeySequence.StandardKey.Redo) or (ctrl and event.key() == Qt.Key.Key_Y)


def _own_available(widget: QWidget, redo: bool) -> bool:
    if isinstance(widget, QPlainTextEdit):
        doc = widget.document()
        return doc.isRedoAvailable() if redo else doc.isUndoAvailable()
    if isinstance(widget, QLineEdit):
        return widget.isRedoAvailable() if redo else widget.isUndoAvailable()
    return False


def clear_own_undo(widget: QWidget) -> None:
    """Forget the field's own undo history (its text and cursor stay): called when a burst is saved."""
    if isinstance(widget, QPlainTextEdit):
        widget.document().clearUndoRedoStacks()
    elif isinstance(widget, QLineEdit) and (widget.isUndoAvailable() or widget.isRedoAvailable()):
        position, was = widget.cursorPosition(), widget.blockSignals(True)
        try:
            widget.setText(widget.text())  # QLineEdit's only way to clear its history
            widget.setCursorPosition(position)
        finally:
            widget.blockSignals(was)


class TextUndoFilter(QObject):
    """Installed on each answer text field: routes undo/redo keys to the field or the window.

    ``flush`` saves the burst being typed; ``undo`` and ``redo`` step the window's stack.
    """

    def __init__(self, flush: Callable[[], None], undo: Callable[[], None], redo: Callable[[], None],
                 parent: QObject | None = None):
        super().__init__(parent)
        self._flush, self._undo, self._redo = flush, undo, redo

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) or not isinstance(watched, QWidget):
            return False
        key_event: QKeyEvent = event  # type: ignore[assignment]
        redo = _is_redo(key_event)
        if not (redo or _is_undo(key_event)):
            return False
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()  # the key is ours (the field's or the window's, decided on the press)
            return True
        if _own_available(watched, redo):
            return False  # the field's own undo, inside the burst being typed
        self._flush()  # anything typed becomes its own step first
        (self._redo if redo else self._undo)()
        return True
