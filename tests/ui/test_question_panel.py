"""The question panel: justification text, history, and stakeholder proposals."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from ..fixtures import TEST_USER
from .helpers import (
    LEFT, click_tab, field_text, focus_navigator, focused, level_card, nav_score, press, selected_levels,
)

pytestmark = pytest.mark.ui

HISTORY_TAB, STAKEHOLDER_TAB = 4, 3


def _history_rows(panel) -> list[tuple[str, str, str]]:
    t = panel.history
    return [(t.item(r, 1).text(), t.item(r, 2).text(), t.item(r, 3).text()) for r in range(t.rowCount())]


def test_comment_is_saved_after_the_pause_and_shown_in_history(assessment_window, qtbot):
    w = assessment_window
    ws, aid = w.model.ws, w.model.assessment_id
    panel = w.assessment_view.panel
    qid = panel.question.id
    comment = panel.fields["comment"]
    qtbot.mouseClick(comment.viewport(), LEFT)
    assert focused() is comment
    text = "Plan adopted in 2024, reviewed 3 times"
    qtbot.keyClicks(comment, text)
    # nothing saved while typing (and the digits typed did not score the question)
    assert ws.answer(aid, qid).comment == ""
    assert ws.answer(aid, qid).score is None and selected_levels(panel) == []
    qtbot.waitUntil(lambda: ws.answer(aid, qid).comment == text, timeout=3000)
    assert field_text(panel, "comment") == text
    assert ws.answer(aid, qid).updated_by == TEST_USER

    click_tab(qtbot, panel.tabs, HISTORY_TAB)
    assert panel.history.isVisible()
    assert (TEST_USER, "comment", f"∅ → {text}") in _history_rows(panel)

    # Tab moves on to the next field instead of typing a tab character
    click_tab(qtbot, panel.tabs, 0)
    qtbot.mouseClick(comment.viewport(), LEFT)
    qtbot.keyClick(comment, Qt.Key.Key_Tab)
    assert focused() is panel.fields["verification"]
    assert "\t" not in ws.answer(aid, qid).comment


def test_text_is_saved_at_once_when_moving_to_another_question(assessment_window, qtbot):
    w = assessment_window
    ws, aid = w.model.ws, w.model.assessment_id
    view = w.assessment_view
    panel = view.panel
    first = panel.question.id
    responsible = panel.fields["responsible"]
    qtbot.mouseClick(responsible, LEFT)
    qtbot.keyClicks(responsible, "City Emergency Department")
    sources = panel.fields["data_sources"]
    qtbot.mouseClick(sources, LEFT)
    qtbot.keyClicks(sources, "Hydromet yearbook")
    assert ws.answer(aid, first).responsible == ""
    press(qtbot, Qt.Key.Key_PageDown)  # from inside the line edit
    second = view.navigator.current_question()
    assert second != first and panel.question.id == second
    a = ws.answer(aid, first)  # no waiting: navigation commits
    assert (a.responsible, a.data_sources) == ("City Emergency Department", "Hydromet yearbook")
    assert field_text(panel, "responsible") == "" and field_text(panel, "data_sources") == ""
    assert ws.answer(aid, second).responsible == ""
    focus_navigator(qtbot, w)
    press(qtbot, Qt.Key.Key_PageUp)
    assert field_text(panel, "responsible") == "City Emergency Department"
    assert field_text(panel, "data_sources") == "Hydromet yearbook"


def test_stakeholder_proposals_show_their_spread_and_never_set_the_agreed_score(assessment_window, qtbot):
    w = assessment_window
    ws, aid = w.model.ws, w.model.assessment_id
    panel = w.assessment_view.panel
    qid = panel.question.id
    click_tab(qtbot, panel.tabs, STAKEHOLDER_TAB)
    sh = panel.stakeholders
    assert sh.spread.text().startswith("No proposals yet")
    proposals = [("Water utility", 1, "pipes are old"), ("Planning department", 3, ""),
                 ("Emergency department", 2, "drills every year")]
    for group, score, note in proposals:
        qtbot.mouseClick(sh.group_edit, LEFT)
        qtbot.keyClicks(sh.group_edit, group)
        sh.score_combo.setCurrentIndex(sh.score_combo.findData(score))
        qtbot.keyClicks(sh.note_edit, note)
        qtbot.mouseClick(sh.record_button, LEFT)
        assert sh.group_edit.text() == "" and sh.note_edit.text() == ""

    assert sh.spread.text() == "3 proposals · lowest 1 · highest 3 · median 2"
    table = [(sh.table.item(r, 0).text(), sh.table.item(r, 1).text(), sh.table.item(r, 2).text())
             for r in range(sh.table.rowCount())]
    assert table == sorted([(g, str(s), n) for g, s, n in proposals])
    assert {(s.stakeholder, s.score, s.note) for s in ws.stakeholder_scores(aid, qid)} == set(proposals)
    assert panel.tabs.tabText(STAKEHOLDER_TAB) == "Stakeholders (3)"
    # proposals are not the agreed score
    assert ws.answer(aid, qid).answered is False
    assert selected_levels(panel) == [] and nav_score(w, qid) == "—"

    card = level_card(panel, 2)
    qtbot.mouseClick(card, LEFT)
    assert ws.answer(aid, qid).score == 2
    assert selected_levels(panel) == [2] and card.is_selected() and nav_score(w, qid) == "2"
    assert len(ws.stakeholder_scores(aid, qid)) == 3
    assert sh.spread.text() == "3 proposals · lowest 1 · highest 3 · median 2"

    # a group revises its proposal: replaced, not added
    qtbot.keyClicks(sh.group_edit, "Water utility")
    sh.score_combo.setCurrentIndex(sh.score_combo.findData(2))
    qtbot.mouseClick(sh.record_button, LEFT)
    assert sh.spread.text() == "3 proposals · lowest 2 · highest 3 · median 2"
    assert ws.answer(aid, qid).score == 2


def test_history_names_evidence_kinds_in_the_interface_language(assessment_window):
    """The change log stores ``link: name`` (data); History shows the kind in the interface language."""
    from resilience_desktop.i18n.catalog import set_language
    w = assessment_window
    ws, aid = w.model.ws, w.model.assessment_id
    qid = w.assessment_view.panel.question.id
    ws.add_evidence_link(aid, qid, "https://example.org/plan", name="Городской план")
    w.set_ui_language("ru")
    try:
        panel = w.assessment_view.panel
        panel.tabs.setCurrentWidget(panel.history_tab)
        cells = [panel.history.item(r, 3).text() for r in range(panel.history.rowCount())]
        assert any("ссылка: Городской план" in c for c in cells), cells
        assert not any("link:" in c for c in cells)
    finally:
        w.set_ui_language("en")
        set_language("en")


def test_a_long_name_in_the_last_change_never_widens_the_panel(assessment_window, qtbot):
    """A trial's: «последнее изменение: Айгуль Токтосунова, …» made the panel wider than the window (1280 pixels
    with a wider navigator; here a 1024×768 projector), cutting the level cards and the Clear score button."""
    from resilience_desktop.i18n.catalog import set_language
    w = assessment_window
    w.resize(1024, 768)
    ws = w.model.ws
    ws.user = "Айгуль Токтосунова"  # as the user names themselves
    w.set_ui_language("ru")
    try:
        panel = w.assessment_view.panel  # built again in Russian
        panel.set_score(1)
        qtbot.waitUntil(lambda: "Токтосунова" in panel.state_label.text())
        scroll = panel.splitter.widget(0)
        qtbot.wait(100)  # the layouts settle
        assert scroll.widget().width() <= scroll.viewport().width() and not scroll.horizontalScrollBar().isVisible()
        from PySide6.QtCore import QPoint
        right = panel.clear_button.mapTo(scroll.viewport(), QPoint(panel.clear_button.width(), 0)).x()
        assert right <= scroll.viewport().width()  # the whole button inside what is seen
    finally:
        w.set_ui_language("en")
        set_language("en")


def test_history_names_the_action_and_shows_a_cut_text_whole_on_hover(assessment_window):
    w = assessment_window
    ws, aid = w.model.ws, w.model.assessment_id
    panel = w.assessment_view.panel
    qid = panel.question.id
    xid = ws.add_action(aid, qid, "Adopt the plan")
    ws.update_action(xid, status="done")
    long = "The plan was adopted by the council in March 2024 after two public hearings in every district " * 2
    ws.set_answer(aid, qid, comment=long.strip())
    panel.tabs.setCurrentWidget(panel.history_tab)
    rows = {panel.history.item(r, 2).text(): panel.history.item(r, 3) for r in range(panel.history.rowCount())}
    assert "action status (Adopt the plan)" in rows
    cell = rows["comment"]
    assert cell.text().endswith("…") and cell.toolTip() == f"∅\n→\n{long.strip()}"
