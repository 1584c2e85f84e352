"""Keyboard-only work in the assessment view, and what a screen reader is told (issue 17, item 6)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QTabBar, QWidget

from resilience_desktop.ui.assessment.level_card import LevelCard
from resilience_desktop.ui.theme import HIGH_CONTRAST_SCORE_COLOURS, score_colour, style_sheet

from .helpers import focus_navigator, focused, press

pytestmark = pytest.mark.ui
K = Qt.Key


def spoken_name(widget: QWidget) -> str:
    """The name assistive technology reads for ``widget`` (set, or derived from its text or label)."""
    iface = QAccessible.queryAccessibleInterface(widget)
    assert iface is not None and iface.isValid(), type(widget).__name__
    return iface.text(QAccessible.Text.Name).strip()


def _is_viewport(widget: QWidget) -> bool:
    """The drawing surface of a scroll area (a chart's view): the scroll area itself carries the name."""
    parent = widget.parentWidget()
    return parent is not None and parent.inherits("QAbstractScrollArea") and parent.viewport() is widget


def tab_until(qtbot, wanted, limit: int = 40) -> list[QWidget]:
    """Press Tab until ``wanted(focused widget)``; return every widget the focus visited."""
    seen = []
    for _ in range(limit):
        press(qtbot, K.Key_Tab)
        seen.append(focused())
        if wanted(focused()):
            return seen
    raise AssertionError(f"Tab never reached the widget; visited {[type(w).__name__ for w in seen]}")


def test_keyboard_only_walk_scores_justifies_adds_an_action_and_moves_on(assessment_window, qtbot):
    w = assessment_window
    ws, aid = w.model.ws, w.model.assessment_id
    view = w.assessment_view
    panel = view.panel
    tree = focus_navigator(qtbot, w)
    qid = view.navigator.current_question()
    q = ws.scorecard_of(aid).question(qid)
    visited: list[QWidget] = [tree]

    # the level cards come first after the question list, highest score first
    press(qtbot, K.Key_Tab)
    first = focused()
    assert isinstance(first, LevelCard) and first.score == max(q.levels)
    assert spoken_name(first) == f"Score {first.score}"
    assert first.accessibleDescription() == q.levels[first.score]["en"]
    press(qtbot, K.Key_Tab)
    second = focused()
    assert isinstance(second, LevelCard) and second.score == max(q.levels) - 1
    press(qtbot, K.Key_Space)
    assert ws.answer(aid, qid).score == second.score
    assert spoken_name(second) == f"Score {second.score}, chosen"
    visited += [first, second]

    # justify: Tab to the "why this score" field, type, leave it
    visited += tab_until(qtbot, lambda x: x is panel.fields["comment"])
    qtbot.keyClicks(focused(), "Agreed at the workshop")
    press(qtbot, K.Key_Tab)
    visited.append(focused())
    panel.flush_edits()
    assert ws.answer(aid, qid).comment == "Agreed at the workshop"

    # the Actions tab, its first field, Enter in the LAST field adds the action
    press(qtbot, K.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    visited += tab_until(qtbot, lambda x: isinstance(x, QTabBar))
    bar = focused()
    while panel.tabs.currentWidget() is not panel.actions:
        press(qtbot, K.Key_Right)
    assert bar.currentIndex() == panel.tabs.indexOf(panel.actions)
    visited += tab_until(qtbot, lambda x: x is panel.actions.action_edit)
    qtbot.keyClicks(focused(), "Adopt the flood plan")
    press(qtbot, K.Key_Tab)
    qtbot.keyClicks(focused(), "City Emergency Department")
    press(qtbot, K.Key_Tab)
    assert focused() is panel.actions.timescale_edit
    qtbot.keyClicks(focused(), "1 year")
    visited += [panel.actions.responsible_edit, panel.actions.timescale_edit]
    press(qtbot, K.Key_Return)
    (item,) = [x for x in ws.list_actions(aid, qid) if x.action == "Adopt the flood plan"]
    assert (item.responsible, item.timescale) == ("City Emergency Department", "1 year")

    # move on to the next question with the keyboard only
    focus_navigator(qtbot, w)
    press(qtbot, K.Key_PageDown)
    assert view.navigator.current_question() != qid

    unnamed = sorted({type(x).__name__ for x in visited if not spoken_name(x)})
    assert not unnamed, f"focused widgets a screen reader cannot name: {unnamed}"


def test_every_interactive_widget_of_the_assessment_view_has_a_name(assessment_window):
    view = assessment_window.assessment_view
    interactive = [x for x in view.findChildren(QWidget)
                   if x.isVisible() and x.focusPolicy() != Qt.FocusPolicy.NoFocus and x.isEnabled()
                   and not x.inherits("QScrollBar") and not x.inherits("QSplitterHandle")]
    assert len(interactive) > 10
    unnamed = [f"{type(x).__name__}#{x.objectName()}" for x in interactive if not spoken_name(x)]
    assert not unnamed, f"interactive widgets without an accessible name: {unnamed}"


def test_the_navigator_and_the_question_say_what_they_are(assessment_window):
    view = assessment_window.assessment_view
    assert spoken_name(view.navigator.tree) == "Questions"
    assert "digit" in view.navigator.tree.accessibleDescription()
    q = view.panel.question
    assert view.panel.accessibleName() == f"Question {q.id}: {q.topic['en']}"


def test_enter_in_the_action_field_adds_the_action(assessment_window, qtbot):
    w = assessment_window
    actions = w.assessment_view.panel.actions
    actions.action_edit.setText("Map the evacuation routes")
    actions.responsible_edit.setFocus()
    qtbot.keyClick(actions.responsible_edit, K.Key_Enter)
    ws, aid = w.model.ws, w.model.assessment_id
    assert any(x.action == "Map the evacuation routes" for x in ws.list_actions(aid))


def test_style_follows_the_system_font_and_high_contrast_is_darker(monkeypatch):
    big, normal = style_sheet(16.0), style_sheet(10.0)
    assert "font-size: 35.2pt" in big and "font-size: 22.0pt" in normal  # the h1 heading scales
    assert "levelCard:focus" in normal
    from resilience_desktop.ui import theme
    monkeypatch.setattr(theme, "_theme", "high-contrast")
    assert score_colour(0.0) == HIGH_CONTRAST_SCORE_COLOURS[0.0]
    assert "#ffff66" in style_sheet(10.0)


def test_high_contrast_is_a_view_menu_choice_kept_in_the_settings(assessment_window, qtbot):
    w = assessment_window
    action = next(a for m in w.menuBar().actions() for a in m.menu().actions()
                  if a.objectName() == "highContrastAction")
    assert action.isCheckable() and not action.isChecked()
    action.trigger()
    try:
        assert w.settings.value("theme") == "high-contrast"
        assert "#ffff66" in w.styleSheet()
        assert QApplication.palette().window().color().name() == "#ffffff"
        card = w.assessment_view.panel.cards[0]
        assert card.score_label.text() == str(card.score)  # the colour always comes with the number
    finally:
        w.set_theme("standard")


@pytest.mark.parametrize("view", ["start", "dashboard", "map"])
def test_every_interactive_widget_of_the_main_views_has_a_name(assessment_window, qtbot, view):
    w = assessment_window
    w.show_view(view)
    qtbot.wait(50)
    widget = w.views[view]
    interactive = [x for x in widget.findChildren(QWidget)
                   if x.isVisible() and x.focusPolicy() != Qt.FocusPolicy.NoFocus and x.isEnabled()
                   and not x.inherits("QScrollBar") and not x.inherits("QSplitterHandle")
                   and not _is_viewport(x)]
    assert interactive
    unnamed = [f"{type(x).__name__}#{x.objectName()}" for x in interactive if not spoken_name(x)]
    assert not unnamed, f"{view}: interactive widgets without an accessible name: {unnamed}"
