"""Small helpers the UI tests share: real key presses, and reading what the user sees."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication, QMessageBox, QTabWidget, QTreeWidget, QTreeWidgetItem, QTreeWidgetItemIterator, QWidget,
)

from resilience_desktop.ui.main_window import MainWindow
from resilience_desktop.ui.assessment.question_panel import QuestionPanel

NO_MOD = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
LEFT = Qt.MouseButton.LeftButton

#: Big enough that nothing in the assessment view is squeezed.
WINDOW_SIZE = (1400, 900)


def make_window(qtbot, settings_path: Path, *, show: bool = True) -> MainWindow:
    """A MainWindow on the INI file ``settings_path``, shown and active (shortcuts need an active window)."""
    window = MainWindow(settings=QSettings(str(settings_path), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    if show:
        window.resize(*WINDOW_SIZE)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        until(qtbot, lambda: QApplication.activeWindow() is window)
    return window


def until(qtbot, condition, timeout_ms: int = 2000) -> None:
    """Wait until ``condition()`` holds, handling Qt's events in between.

    ``qtbot.waitUntil`` sleeps 10 ms in an event loop between two looks: a window's activation,
    which offscreen takes one pass of the posted events, cost ~12 ms of each of the suite's ~160
    windows. Here the events are handled at once and the 10 ms wait comes only if that was not enough.
    The widgets waiting for deletion (``deleteLater``: the message boxes an earlier test closed) are
    deleted first, as an event loop would: ``processEvents`` alone leaves them among the top-level widgets.
    """
    for _ in range(5):
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        if condition():
            return
        QApplication.processEvents()
    qtbot.waitUntil(condition, timeout=timeout_ms)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "no widget has the keyboard focus"
    return widget


def press(qtbot, key, modifier=NO_MOD) -> None:
    """Press ``key`` where the keyboard focus is, as a user would (shortcuts included)."""
    qtbot.keyClick(focused(), key, modifier)


def focus_navigator(qtbot, window: MainWindow) -> QTreeWidget:
    tree = window.assessment_view.navigator.tree
    if QApplication.activeWindow() is not window:  # e.g. after a message box closed
        window.activateWindow()
        until(qtbot, lambda: QApplication.activeWindow() is window)
    tree.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tree, timeout=2000)
    return tree


def nav_item(window: MainWindow, question_id: str) -> QTreeWidgetItem:
    """The navigator row of ``question_id`` (found by its data, as the widget stores it)."""
    it = QTreeWidgetItemIterator(window.assessment_view.navigator.tree)
    while it.value():
        item = it.value()
        if item.data(0, Qt.ItemDataRole.UserRole) == question_id:
            return item
        it += 1
    raise AssertionError(f"{question_id} is not in the navigator")


def nav_score(window: MainWindow, question_id: str) -> str:
    """The score column of the question's navigator row, without the 'needs evidence' mark."""
    return nav_item(window, question_id).text(1).replace("⚠", "").strip()


def selected_levels(panel: QuestionPanel) -> list[int]:
    return [card.score for card in panel.cards if card.is_selected()]


def level_card(panel: QuestionPanel, score: int):
    return next(card for card in panel.cards if card.score == score)


def field_text(panel: QuestionPanel, key: str) -> str:
    w = panel.fields[key]
    return w.toPlainText() if hasattr(w, "toPlainText") else w.text()


def click_tab(qtbot, tabs: QTabWidget, index: int) -> None:
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index


def click_item(qtbot, view, item, column: int = 0) -> None:
    """Click a row of a list or tree view (scrolling it into view first)."""
    view.scrollToItem(item)
    rect = view.visualItemRect(item)
    qtbot.mouseClick(view.viewport(), LEFT, pos=QPoint(rect.left() + 8, rect.center().y()))


def error_dialogs() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.objectName() == "errorDialog" and w.isVisible()]


def answer_next_modal(button: QMessageBox.StandardButton, seen: list[str] | None = None) -> None:
    """Click ``button`` in the next modal message box (for ``QMessageBox.question`` and friends).

    The box runs its own event loop, so the click is scheduled before the call that opens it.
    The box's text is appended to ``seen`` so the test can check what the user was asked.
    """
    tries = [0]

    def attempt() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            if seen is not None:
                seen.append(box.text())
            box.button(button).click()
            return
        tries[0] += 1
        if tries[0] < 200:
            QTimer.singleShot(10, attempt)

    QTimer.singleShot(0, attempt)


def drop_files(widget: QWidget, paths_or_urls) -> bool:
    """Drag ``paths_or_urls`` onto ``widget`` and drop them; returns whether the drag was accepted."""
    mime = QMimeData()
    mime.setUrls([u if isinstance(u, QUrl) else QUrl.fromLocalFile(str(u)) for u in paths_or_urls])
    centre = widget.rect().center()
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    try:
        enter = QDragEnterEvent(QPointF(centre), *args)  # Qt >= 6.10; the QPoint form is deprecated
    except TypeError:
        enter = QDragEnterEvent(centre, *args)
    QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False
    QApplication.sendEvent(widget, QDropEvent(QPointF(centre), *args))
    return True
