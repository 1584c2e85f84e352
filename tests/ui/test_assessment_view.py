"""Scoring from the keyboard: digits, N, Backspace, question navigation, search and filter."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from .helpers import CTRL, focus_navigator, focused, nav_item, nav_score, press, selected_levels

pytestmark = pytest.mark.ui

K = Qt.Key


def _context(window):
    ws, aid = window.model.ws, window.model.assessment_id
    return ws, aid, ws.scorecard_of(aid), window.assessment_view


def test_digits_n_and_backspace_score_the_current_question(assessment_window, qtbot):
    w = assessment_window
    ws, aid, card, view = _context(w)
    panel = view.panel
    qid = card.active_questions[0].id
    n = len(card.active_questions)
    tree = focus_navigator(qtbot, w)
    assert view.navigator.current_question() == qid
    assert selected_levels(panel) == [] and nav_score(w, qid) == "—"

    press(qtbot, "2")
    assert selected_levels(panel) == [2]
    assert nav_score(w, qid) == "2"
    assert "⚠" in nav_item(w, qid).text(1), "scored without evidence is flagged"
    assert panel.state_label.text().startswith("Score 2 saved")
    a = ws.answer(aid, qid)
    assert (a.score, a.na) == (2, False)
    assert f"1 of {n}" in w.completion_label.text()
    assert focused() is tree, "scoring keeps the focus in the navigator"
    essential_row = nav_item(w, qid).parent()
    assert essential_row.text(1) == f"1/{len(card.questions_of(1))}"

    press(qtbot, "N")
    assert selected_levels(panel) == []
    assert panel.na_button.isChecked()
    assert nav_score(w, qid) == "N/A"
    a = ws.answer(aid, qid)
    assert (a.score, a.na) == (None, True)
    assert panel.state_label.text().startswith("Not applicable")

    press(qtbot, "3")
    assert selected_levels(panel) == [3] and not panel.na_button.isChecked()
    assert ws.answer(aid, qid).score == 3

    press(qtbot, "7")  # outside the 0-3 range of this scorecard: ignored
    assert selected_levels(panel) == [3] and ws.answer(aid, qid).score == 3

    press(qtbot, K.Key_Backspace)
    assert selected_levels(panel) == [] and not panel.na_button.isChecked()
    assert nav_score(w, qid) == "—"
    a = ws.answer(aid, qid)
    assert (a.score, a.na, a.answered) == (None, False, False)
    assert f"0 of {n}" in w.completion_label.text()
    assert panel.state_label.text().startswith("Not answered yet")

    # every change is in the log, old -> new
    scores = [(c.old_value, c.new_value) for c in ws.history(aid, qid) if c.field == "score"]
    assert scores == [(None, "2"), ("2", "N/A"), ("N/A", "3"), ("3", None)]


def test_page_and_ctrl_arrows_move_between_questions(assessment_window, qtbot):
    w = assessment_window
    ws, aid, card, view = _context(w)
    ids = [q.id for q in card.active_questions]
    focus_navigator(qtbot, w)
    steps = [(K.Key_PageDown, Qt.KeyboardModifier.NoModifier, 1), (K.Key_Down, CTRL, 2),
             (K.Key_Down, CTRL, 3), (K.Key_PageUp, Qt.KeyboardModifier.NoModifier, 2), (K.Key_Up, CTRL, 1)]
    for key, mod, index in steps:
        press(qtbot, key, mod)
        assert view.navigator.current_question() == ids[index]
        assert view.panel.topic_label.text() == card.question(ids[index]).topic["en"]
        assert view.panel.question.id == ids[index]
    press(qtbot, "1")  # scores the question now shown
    assert ws.answer(aid, ids[1]).score == 1 and ws.answer(aid, ids[0]).answered is False
    # the ends stay put
    press(qtbot, K.Key_Up, CTRL)
    press(qtbot, K.Key_PageUp)
    assert view.navigator.current_question() == ids[0]


def test_ctrl_f_searches_and_digits_typed_there_do_not_score(assessment_window, qtbot):
    w = assessment_window
    ws, aid, card, view = _context(w)
    nav = view.navigator
    focus_navigator(qtbot, w)
    press(qtbot, "F", CTRL)
    assert focused() is nav.search
    qtbot.keyClicks(focused(), "P2.")
    needle = "p2."

    def matches(q) -> bool:
        return needle in " ".join([q.id, *q.topic.values(), *q.text.values(), *q.guidance.values()]).lower()

    expected = [q.id for q in card.active_questions if matches(q)]
    assert nav.visible_questions() == expected
    assert {q.id for q in card.questions_of(2)} <= set(expected)
    assert len(expected) < len(card.active_questions)
    assert ws.answers(aid) == {}, "digits typed in the search box must not score"
    assert nav_item(w, card.active_questions[0].id).isHidden()

    nav.search.clear()
    assert nav.visible_questions() == [q.id for q in card.active_questions]


def test_not_answered_filter_hides_answered_questions(assessment_window, qtbot):
    w = assessment_window
    ws, aid, card, view = _context(w)
    nav = view.navigator
    ids = [q.id for q in card.active_questions]
    focus_navigator(qtbot, w)
    press(qtbot, "3")          # ids[0] = 3
    press(qtbot, K.Key_PageDown)
    press(qtbot, "N")          # ids[1] = N/A
    press(qtbot, K.Key_PageDown)
    press(qtbot, K.Key_PageDown)  # ids[3] is current, ids[2] stays unanswered

    nav.filter.setFocus()
    qtbot.keyClick(nav.filter, K.Key_Down)
    assert nav.filter.currentData() == "unanswered"
    assert nav.filter.currentText() == "Not answered"
    assert nav_item(w, ids[0]).isHidden() and nav_item(w, ids[1]).isHidden()
    assert nav.visible_questions() == [ids[2], *ids[3:]]

    # scoring the current question under this filter hides it; the next key goes on from there
    focus_navigator(qtbot, w)
    assert nav.current_question() == ids[3]
    press(qtbot, "0")
    assert nav_item(w, ids[3]).isHidden()
    assert ws.answer(aid, ids[3]).score == 0
    press(qtbot, K.Key_PageDown)
    assert nav.current_question() == ids[4]
    press(qtbot, "1")  # hidden too; going back skips the answered ones
    press(qtbot, K.Key_PageUp)
    assert nav.current_question() == ids[2]

    qtbot.keyClick(nav.filter, K.Key_Up)
    assert nav.filter.currentData() == "all"
    assert nav.visible_questions() == ids
    assert {q: (a.score, a.na) for q, a in ws.answers(aid).items()} == {
        ids[0]: (3, False), ids[1]: (None, True), ids[3]: (0, False), ids[4]: (1, False)}


def test_the_questions_names_get_the_navigators_width_not_the_score_column(assessment_window, qtbot):
    """A city official's trial at 1280×720 in Russian: the score column took half the navigator (it stretched
    as the last column) and cut every question's name to «Разработ…»."""
    w = assessment_window
    w.set_ui_language("ru")
    w.resize(1280, 720)
    qtbot.waitUntil(lambda: w.assessment_view.navigator.tree.viewport().width() > 200)
    tree = w.assessment_view.navigator.tree
    header = tree.header()
    widest_score = max(tree.fontMetrics().horizontalAdvance(t) for t in ("3/3", "2 ⚠", "Н/П"))
    assert header.sectionSize(1) <= widest_score + 40, (header.sectionSize(0), header.sectionSize(1))
    assert header.sectionSize(0) >= tree.viewport().width() - header.sectionSize(1) - 2
