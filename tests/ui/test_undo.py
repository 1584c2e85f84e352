"""Undo and redo across score, text and evidence edits: the widgets and the store always agree."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from .helpers import (
    CTRL, CTRL_SHIFT, LEFT, field_text, focus_navigator, nav_score, press, selected_levels,
)

pytestmark = pytest.mark.ui


def _seen_and_stored(window) -> dict:
    """What the panel shows and what the workspace holds, for the current question."""
    ws, aid = window.model.ws, window.model.assessment_id
    panel = window.assessment_view.panel
    qid = panel.question.id
    a = ws.answer(aid, qid)
    shown = {
        "score": (selected_levels(panel) or [None])[0], "na": panel.na_button.isChecked(),
        "comment": field_text(panel, "comment"), "evidence": panel.evidence.count(),
        "nav": nav_score(window, qid),
    }
    stored = {
        "score": a.score, "na": a.na, "comment": a.comment, "evidence": len(ws.list_evidence(aid, qid)),
        "nav": "N/A" if a.na else ("—" if a.score is None else str(a.score)),
    }
    assert shown == stored, "the widgets disagree with the workspace"
    return stored


def _state(score, comment, evidence, na=False) -> dict:
    return {"score": score, "na": na, "comment": comment, "evidence": evidence,
            "nav": "N/A" if na else ("—" if score is None else str(score))}


def test_undo_redo_by_menu_and_keys(assessment_window, qtbot, tmp_path):
    w = assessment_window
    ws, aid = w.model.ws, w.model.assessment_id
    panel = w.assessment_view.panel
    assert not w.undo_action.isEnabled() and not w.redo_action.isEnabled()

    focus_navigator(qtbot, w)
    press(qtbot, "3")
    press(qtbot, "N")
    comment = panel.fields["comment"]
    qtbot.mouseClick(comment.viewport(), LEFT)
    qtbot.keyClicks(comment, "Agreed at the workshop")
    qtbot.waitUntil(lambda: ws.answer(aid, panel.question.id).comment == "Agreed at the workshop", timeout=3000)
    qtbot.keyClicks(comment, ", 14 Sept")  # a second burst of typing: its own undo step (issue 16)
    qtbot.waitUntil(lambda: ws.answer(aid, panel.question.id).comment.endswith("14 Sept"), timeout=3000)
    evidence = tmp_path / "minutes.txt"
    evidence.write_text("workshop minutes\n", encoding="utf-8")
    panel.evidence.attach_files([evidence])
    final = _state(None, "Agreed at the workshop, 14 Sept", 1, na=True)
    assert _seen_and_stored(w) == final
    assert "minutes.txt" in w.undo_action.text()

    # ---- undo through the Edit menu actions, one edit at a time
    expected_after_undo = [
        _state(None, "Agreed at the workshop, 14 Sept", 0, na=True),  # evidence
        _state(None, "Agreed at the workshop", 0, na=True),           # the second typing burst
        _state(None, "", 0, na=True),                                 # the first typing burst
        _state(3, "", 0),                                              # N/A
        _state(None, "", 0),                                           # 3
    ]
    for expected in expected_after_undo:
        w.undo_action.trigger()
        assert _seen_and_stored(w) == expected
    assert not w.undo_action.isEnabled()
    for expected in [*reversed(expected_after_undo[:-1]), final]:
        w.redo_action.trigger()
        assert _seen_and_stored(w) == expected
    assert not w.redo_action.isEnabled()

    # ---- the same with Ctrl+Z / Ctrl+Shift+Z (and Ctrl+Y) pressed in the navigator
    focus_navigator(qtbot, w)
    for expected in expected_after_undo:
        press(qtbot, Qt.Key.Key_Z, CTRL)
        assert _seen_and_stored(w) == expected
    redo_keys = [(Qt.Key.Key_Z, CTRL_SHIFT), (Qt.Key.Key_Y, CTRL), (Qt.Key.Key_Z, CTRL_SHIFT), (Qt.Key.Key_Z, CTRL_SHIFT),
                 (Qt.Key.Key_Y, CTRL)]
    for (key, mod), expected in zip(redo_keys, [*reversed(expected_after_undo[:-1]), final]):
        press(qtbot, key, mod)
        assert _seen_and_stored(w) == expected

    # undo is an edit too: the change log keeps everything, nothing is erased
    fields = [c.field for c in ws.history(aid, panel.question.id)]
    assert fields.count("score") == 2 + 2 * 2 * 2 and fields.count("removed") == 2
    assert fields.count("comment") == 2 + 2 * 2 * 2


def test_undo_of_an_edit_on_another_question_refreshes_the_navigator(assessment_window, qtbot):
    w = assessment_window
    ws, aid = w.model.ws, w.model.assessment_id
    view = w.assessment_view
    focus_navigator(qtbot, w)
    first = view.navigator.current_question()
    press(qtbot, "1")
    press(qtbot, Qt.Key.Key_PageDown)
    second = view.navigator.current_question()
    press(qtbot, "2")
    press(qtbot, Qt.Key.Key_PageDown)
    press(qtbot, Qt.Key.Key_Z, CTRL)
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert nav_score(w, first) == "—" and nav_score(w, second) == "—"
    assert ws.answers(aid)[first].answered is False and ws.answers(aid)[second].answered is False
    assert "0 of" in w.completion_label.text()
