"""Entering and leaving presentation mode: full screen without menus, and back to where the
user was (the view, the question, the window state) on Esc."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu

from .presentation_view import PresentationView


class PresentationController(QObject):
    """Drives :class:`PresentationView` inside the main window.

    The window is expected to have ``stack``, ``views``, ``show_view(name)``, ``current_view()``,
    ``model`` and ``assessment_view`` (the :class:`~resilience_desktop.ui.main_window.MainWindow`).
    Leaving the presentation any way (Esc, or a view shortcut such as Ctrl+2) restores the window.
    """

    def __init__(self, window: QMainWindow, view: PresentationView):
        super().__init__(view)  # lives as long as the view (the window rebuilds its views on a language switch)
        self.window = window
        self.view = view
        #: The view to return to on Esc: the last one shown before the presentation.
        self.previous = "assessment"
        self._entered = False
        self._full_screen_by_us = False
        self._was_maximized = False
        self._borrowed: list[QAction] = []
        window.stack.currentChanged.connect(self._view_changed)
        view.sig_leave_requested.connect(self.leave)

    @property
    def active(self) -> bool:
        return self.window.stack.currentWidget() is self.view

    def _view_changed(self, _index: int) -> None:
        current = self.window.stack.currentWidget()
        if current is self.view:
            return
        self.previous = next((n for n, w in self.window.views.items() if w is current), self.previous)
        if self._entered:
            self._restore_window()

    def enter(self) -> None:
        """Full screen, no menu or status bar, starting on the question the user was on."""
        w = self.window
        if w.model.assessment_id is None or self.active:
            return
        w.assessment_view.flush_edits()
        question = w.assessment_view.navigator.current_question()
        self._was_maximized = w.isMaximized()
        self._entered = True
        w.menuBar().hide()
        w.statusBar().hide()
        # A hidden menu bar takes its shortcuts with it; keep Ctrl+Z, Ctrl+Y, F1, ... working.
        self._borrowed = [a for a in _menu_actions(w.menuBar().actions()) if not a.shortcut().isEmpty()]
        w.addActions(self._borrowed)
        w.show_view("presentation")
        self.view.go_to_question(question)
        if not w.isFullScreen():
            w.showFullScreen()
            self._full_screen_by_us = True
        self.view.setFocus()

    def leave(self) -> None:
        """Back to the view shown before, at the question presented last."""
        w = self.window
        question = self.view.current_question_id()
        target = self.previous if self.previous in w.views and self.previous != "presentation" else "assessment"
        w.show_view(target)  # _view_changed restores the window
        if w.current_view() == "assessment" and question:
            w.assessment_view.navigator.select(question)

    def _restore_window(self) -> None:
        w = self.window
        self._entered = False
        for action in self._borrowed:
            w.removeAction(action)
        self._borrowed = []
        if self._full_screen_by_us:
            self._full_screen_by_us = False
            if self._was_maximized:
                w.showMaximized()
            else:
                w.showNormal()
        w.menuBar().show()
        w.statusBar().show()


def _menu_actions(actions: list[QAction]) -> list[QAction]:
    out: list[QAction] = []
    for a in actions:
        menu = a.menu()
        if isinstance(menu, QMenu):
            out += _menu_actions(menu.actions())
        elif not a.isSeparator():
            out.append(a)
    return out
