"""Issue 16 item 1: one Ctrl+Z inside "Why this score" never empties it for good.

The sequence from the issue: type, wait (saved), type more, Ctrl+Z in the field. Before, the
field became empty, the empty text was saved, and Edit > Undo could not bring the text back
because the edits had merged into one '' → '' step; only History still showed the text.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from resilience_desktop.ui.assessment import question_panel

from .helpers import CTRL, CTRL_SHIFT, LEFT, field_text

pytestmark = pytest.mark.ui


def _saved(qtbot, ws, aid, qid, text: str) -> None:
    qtbot.waitUntil(lambda: ws.answer(aid, qid).comment == text, timeout=3 * question_panel.TEXT_SAVE_DELAY_MS + 2000)


def test_type_pause_type_undo_keeps_every_saved_text(assessment_window, qtbot):
    w = assessment_window
    assert w.assessment_view.panel._timer.interval() == question_panel.TEXT_SAVE_DELAY_MS == 120  # tests/ui/conftest.py
    ws, aid = w.model.ws, w.model.assessment_id
    panel = w.assessment_view.panel
    qid = panel.question.id
    comment = panel.fields["comment"]
    qtbot.mouseClick(comment.viewport(), LEFT)
    qtbot.keyClicks(comment, "Plan adopted in 2024")
    _saved(qtbot, ws, aid, qid, "Plan adopted in 2024")            # wait a second: saved
    qtbot.keyClicks(comment, "; reviewed yearly")
    _saved(qtbot, ws, aid, qid, "Plan adopted in 2024; reviewed yearly")

    qtbot.keyClick(comment, Qt.Key.Key_Z, CTRL)                    # one Ctrl+Z inside the field
    qtbot.wait(question_panel.TEXT_SAVE_DELAY_MS + 200)
    assert field_text(panel, "comment") == "Plan adopted in 2024"  # one burst back, not empty
    assert ws.answer(aid, qid).comment == "Plan adopted in 2024"
    qtbot.keyClick(comment, Qt.Key.Key_Z, CTRL)
    assert field_text(panel, "comment") == "" == ws.answer(aid, qid).comment
    # ... and every text comes back: with the keys in the field, and with Edit > Redo
    qtbot.keyClick(comment, Qt.Key.Key_Z, CTRL_SHIFT)
    assert field_text(panel, "comment") == "Plan adopted in 2024" == ws.answer(aid, qid).comment
    w.redo_action.trigger()
    assert field_text(panel, "comment") == "Plan adopted in 2024; reviewed yearly" == ws.answer(aid, qid).comment


def test_undo_inside_an_unsaved_burst_is_the_fields_own(assessment_window, qtbot):
    w = assessment_window
    ws, aid = w.model.ws, w.model.assessment_id
    panel = w.assessment_view.panel
    qid = panel.question.id
    comment = panel.fields["comment"]
    qtbot.mouseClick(comment.viewport(), LEFT)
    qtbot.keyClicks(comment, "First")
    _saved(qtbot, ws, aid, qid, "First")
    depth = w.model.undo_stack.count()
    qtbot.keyClicks(comment, " second")
    qtbot.keyClick(comment, Qt.Key.Key_Z, CTRL)                    # before the pause: Qt's own undo
    assert field_text(panel, "comment") == "First"
    qtbot.wait(question_panel.TEXT_SAVE_DELAY_MS + 200)
    assert ws.answer(aid, qid).comment == "First" and w.model.undo_stack.count() == depth
    w.undo_action.trigger()                                         # Edit > Undo: the saved burst
    assert field_text(panel, "comment") == "" == ws.answer(aid, qid).comment


def test_an_emptied_field_can_always_be_brought_back(assessment_window, qtbot):
    """Select all and delete, pause: the empty text is a step of its own that Edit > Undo reverts."""
    w = assessment_window
    ws, aid = w.model.ws, w.model.assessment_id
    panel = w.assessment_view.panel
    qid = panel.question.id
    comment = panel.fields["comment"]
    qtbot.mouseClick(comment.viewport(), LEFT)
    qtbot.keyClicks(comment, "Spreadsheet from the water utility")
    _saved(qtbot, ws, aid, qid, "Spreadsheet from the water utility")
    qtbot.keyClick(comment, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(comment, Qt.Key.Key_Delete)
    _saved(qtbot, ws, aid, qid, "")
    assert "comment" in w.undo_action.text().lower()
    w.undo_action.trigger()
    assert field_text(panel, "comment") == "Spreadsheet from the water utility" == ws.answer(aid, qid).comment


def test_restore_this_version_from_history(assessment_window, qtbot):
    w = assessment_window
    ws, aid = w.model.ws, w.model.assessment_id
    panel = w.assessment_view.panel
    qid = panel.question.id
    for text in ("Version one", "Version two", ""):
        ws.set_answer(aid, qid, comment=text)
    assert field_text(panel, "comment") == ""
    panel.tabs.setCurrentWidget(panel.history_tab)
    rows = [panel.history.item(r, 3).text() for r in range(panel.history.rowCount())]
    assert rows[:3] == ["Version two → ∅", "Version one → Version two", "∅ → Version one"]
    assert not panel.restore_button.isEnabled()
    panel.history.selectRow(2)
    assert panel.restore_button.isEnabled()
    qtbot.mouseClick(panel.restore_button, LEFT)
    assert field_text(panel, "comment") == "Version one" == ws.answer(aid, qid).comment
    w.undo_action.trigger()  # restoring is an ordinary, undoable edit
    assert ws.answer(aid, qid).comment == ""
    ws.set_answer(aid, qid, score=2)
    panel.tabs.setCurrentWidget(panel.history_tab)
    panel.history.selectRow(0)  # a score change: nothing to restore as text
    assert not panel.restore_button.isEnabled()
