"""View > Larger text / Smaller text / Normal text size (Ctrl++, Ctrl+-, Ctrl+0): a facilitator projecting the
dashboard or the action plan makes every text bigger for the back of the room (a trial: only the presentation
view could); the choice is remembered, and the view shown stays."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from .helpers import make_window, press

CTRL = Qt.KeyboardModifier.ControlModifier


def _pt() -> float:
    return QApplication.font().pointSizeF()


def test_larger_text_by_the_keyboard_in_every_view_and_remembered(demo_window, qtbot):
    w = demo_window
    base = _pt()
    w.show_view("actions")
    before = w.action_plan_view.table.font().pointSizeF()
    press(qtbot, Qt.Key.Key_Equal, CTRL)  # Ctrl+=: Ctrl++ without reaching for Shift
    press(qtbot, Qt.Key.Key_Plus, CTRL)
    assert abs(_pt() - base * 1.3) < 0.05
    assert w.current_view() == "actions"
    assert w.action_plan_view.table.font().pointSizeF() > before * 1.25
    assert f"{1.5 * base * 1.3:.1f}pt" in w.dashboard_view.overall_label.styleSheet()
    # a window started again on the same settings opens at that size
    again = make_window(qtbot, Path(w.settings.fileName()), show=False)
    assert again.text_scale() == 1.3 and abs(_pt() - base * 1.3) < 0.05
    w.activateWindow()
    w.action_plan_view.table.setFocus()
    press(qtbot, Qt.Key.Key_Minus, CTRL)
    assert abs(_pt() - base * 1.15) < 0.05
    press(qtbot, Qt.Key.Key_0, CTRL)
    assert abs(_pt() - base) < 0.05 and float(w.settings.value("view/text_scale")) == 1.0


def test_the_actions_keep_room_to_wrap_in_at_twice_the_text_size(demo_window, qtbot):
    """The long "Responsible institution" header and the institutions' names took the width from the actions
    (a trial at 1280 pixels: the action column a tenth of the table, its texts cut)."""
    w = demo_window
    w.resize(1280, 720)
    w.show_view("actions")
    w.set_text_scale(2.0)
    try:
        table = w.action_plan_view.table
        qtbot.waitUntil(lambda: table.rowCount() > 0 and table.viewport().width() > 1000)  # built again, laid out
        qtbot.waitUntil(lambda: table.columnWidth(4) >= 0.15 * table.viewport().width())  # fitted once settled
        assert table.columnWidth(5) <= 0.26 * table.viewport().width()
        # a column the user dragged stays as dragged when the window is resized
        table.horizontalHeader().resizeSection(6, 321)
        w.resize(1300, 720)
        qtbot.wait(200)
        assert table.columnWidth(6) == 321
    finally:
        w.set_text_scale(1.0)


def test_the_steps_stop_at_both_ends(main_window):
    base = _pt()
    for _ in range(12):
        main_window.step_text_scale(+1)
    assert main_window.text_scale() == 2.0 and abs(_pt() - 2 * base) < 0.05
    for _ in range(12):
        main_window.step_text_scale(-1)
    assert main_window.text_scale() == 0.85
    main_window.set_text_scale(1.0)
    assert abs(_pt() - base) < 0.05
