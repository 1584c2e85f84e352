"""The search panel (Ctrl+Shift+F): results as you type, grouped by assessment, Enter opens the item."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from resilience_desktop.i18n.catalog import set_language
from resilience_desktop.ui.search.search_dialog import SEARCH_DELAY_MS

pytestmark = pytest.mark.ui


@pytest.fixture
def filled(assessment_window):
    window = assessment_window
    ws, aid = window.model.ws, window.model.assessment_id
    ws.set_answer(aid, "P1.1", score=2, comment="Паводок 2024 года затопил два района")
    ws.set_answer(aid, "P3.1", score=1, comment="Тасқын қаупі жоғары", verification="Протокол КЧС")
    ws.set_answer(aid, "P2.1", score=0, comment="Паводковая карта устарела", comment_private=True)
    action = ws.add_action(aid, "P5.2", "Обновить карту паводков", responsible="Отдел ЧС")
    evidence = ws.add_evidence_link(aid, "P4.1", "https://example.kg/plan", name="План паводковых мероприятий")
    other = ws.new_assessment(ws.list_cities()[0].id, "preliminary", title="Testgrad 2024")
    ws.set_answer(other, "P1.2", score=3, comment="Паводок 2019 года")
    return window, aid, other, action, evidence


def _open(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.search_dialog
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def _rows(dialog) -> dict[str, list[tuple[str, str, str]]]:
    tree, out = dialog.tree, {}
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        out[top.text(0)] = [tuple(top.child(j).text(c) for c in range(3)) for j in range(top.childCount())]
    return out


def test_results_as_you_type_grouped_by_assessment(filled, qtbot):
    window, aid, other, *_ = filled
    dialog = _open(window, qtbot)
    for ch in "пав":  # typed as a Russian keyboard sends it (QTest's keyClicks knows only ASCII)
        QApplication.sendEvent(dialog.edit, QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, ch))
    assert dialog.tree.topLevelItemCount() == 0  # not before the pause
    qtbot.waitUntil(lambda: dialog.tree.topLevelItemCount() == 2, timeout=SEARCH_DELAY_MS * 8)
    rows = _rows(dialog)
    assert set(rows) == {"Testgrad · Testgrad 2026", "Testgrad · Testgrad 2024"}
    assert ("P1.2 · Essential 1", "Why this score", "Паводок 2019 года") in rows["Testgrad · Testgrad 2024"]
    mine = rows["Testgrad · Testgrad 2026"]
    assert ("P1.1 · Essential 1", "Why this score", "Паводок 2024 года затопил два района") in mine
    assert ("P5.2 · Essential 5", "Action", "Обновить карту паводков") in mine
    assert ("P4.1 · Essential 4", "Evidence: Name", "План паводковых мероприятий") in mine
    assert ("P2.1 · Essential 2", "Why this score", "Паводковая карта устарела") in mine  # private: shown, marked
    private = next(dialog.tree.topLevelItem(i).child(j) for i in range(2)
                   for j in range(dialog.tree.topLevelItem(i).childCount())
                   if dialog.tree.topLevelItem(i).child(j).text(0).startswith("P2.1"))
    assert not private.icon(1).isNull()
    html = [dialog.tree.topLevelItem(i).child(j).data(2, Qt.ItemDataRole.UserRole + 2)
            for i in range(2) for j in range(dialog.tree.topLevelItem(i).childCount())]
    assert "<b>Паводок</b> 2024 года затопил два района" in html and "<b>Паводковая</b> карта устарела" in html
    dialog.private_box.setChecked(False)
    assert all(not r[0].startswith("P2.1") for r in _rows(dialog)["Testgrad · Testgrad 2026"])
    assert "Matches: " in dialog.status.text()


def test_enter_opens_the_hit_in_the_assessment_view(filled, qtbot):
    window, aid, other, action, evidence = filled
    dialog = _open(window, qtbot)
    # Hide the question first: the panel must show it anyway.
    window.assessment_view.navigator.search.setText("zzz")
    dialog.search("обновить карту")
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    view = window.assessment_view
    assert window.current_view() == "assessment" and window.model.assessment_id == aid
    assert view.navigator.current_question() == "P5.2"
    assert view.panel.tabs.currentWidget() is view.panel.actions
    assert view.panel.actions.table.currentRow() == 0
    # The other assessment's hit: double-click switches assessments.
    dialog.search("2019")
    item = dialog.tree.topLevelItem(0).child(0)
    assert item.text(0) == "P1.2 · Essential 1"
    rect = dialog.tree.visualItemRect(item)
    qtbot.mouseClick(dialog.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(dialog.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.model.assessment_id == other and view.navigator.current_question() == "P1.2"
    assert view.panel.fields["comment"].toPlainText() == "Паводок 2019 года"
    dialog.search("мероприятий")
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Down)
    assert dialog.focusWidget() is dialog.tree
    qtbot.keyClick(dialog.tree, Qt.Key.Key_Return)
    assert view.panel.tabs.currentWidget() is view.panel.evidence
    assert view.panel.evidence.list.currentItem().data(Qt.ItemDataRole.UserRole) == evidence


def test_results_follow_edits_and_nothing_found(filled, qtbot):
    window, aid, *_ = filled
    dialog = _open(window, qtbot)
    dialog.search("оползень")
    assert dialog.tree.topLevelItemCount() == 0 and "Nothing matches" in dialog.status.text()
    dialog.search("затопил")
    assert dialog.tree.topLevelItemCount() == 1
    window.model.ws.set_answer(aid, "P1.1", comment="Оползень")
    qtbot.waitUntil(lambda: dialog.tree.topLevelItemCount() == 0, timeout=SEARCH_DELAY_MS * 8)
    dialog.search('" AND (')  # any text is safe
    assert dialog.tree.topLevelItemCount() == 0


def test_russian_labels(filled, qtbot):
    window, *_ = filled
    set_language("ru")
    window.set_ui_language("ru")
    dialog = _open(window, qtbot)
    dialog.search("паводок")
    assert dialog.windowTitle() == "Поиск по всем оценкам"
    assert dialog.status.text().startswith("Совпадений: ")
    assert dialog.tree.headerItem().text(2) == "Совпадение"
    assert "Почему такой балл" in {dialog.tree.topLevelItem(0).child(j).text(1)
                                   for j in range(dialog.tree.topLevelItem(0).childCount())}
    window.set_ui_language("en")
