"""Start page: a new workspace, a city and an assessment made through the dialogs."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from .helpers import LEFT, focused, nav_item

pytestmark = pytest.mark.ui

SPACE = Qt.Key.Key_Space


def _ok_button(dialog):
    return dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)


def test_create_workspace_city_and_assessment_through_dialogs(main_window, qtbot, tmp_path):
    w = main_window
    path = tmp_path / "w.rdw"
    assert w.create_workspace(path)
    ws = w.model.ws
    assert ws.path == path and path.exists()
    assert w.current_view() == "start"
    assert w.path_label.text() == str(path)
    assert w.windowTitle().startswith("w.rdw")
    sv = w.start_view
    assert sv.tree.topLevelItemCount() == 0
    assert sv.new_city_button.isEnabled()

    # ---- a city, with a validation error first
    dlg = sv.new_city()
    qtbot.waitExposed(dlg)
    assert dlg.isModal() or dlg.windowModality() != Qt.WindowModality.NonModal
    qtbot.keyClicks(dlg.name, "Testgrad")
    qtbot.keyClicks(dlg.country, "X")
    qtbot.mouseClick(_ok_button(dlg), LEFT)
    assert dlg.isVisible(), "a bad country must keep the dialog open"
    assert "two-letter code" in dlg.error.text() and "'X'" in dlg.error.text()
    assert ws.list_cities() == []
    assert sv.tree.topLevelItemCount() == 0

    dlg.country.lineEdit().selectAll()
    qtbot.keyClicks(dlg.country, "kg")
    qtbot.keyClicks(dlg.region, "North")
    dlg.population.selectAll()
    qtbot.keyClicks(dlg.population, "250000")
    qtbot.mouseClick(_ok_button(dlg), LEFT)
    assert not dlg.isVisible()
    [city] = ws.list_cities()
    assert (city.name, city.country, city.region, city.population) == ("Testgrad", "KG", "North", 250_000)
    assert (city.lon, city.lat) == (None, None), "an untouched location is unknown, not (-180, 0)"
    assert dlg.city_id == city.id
    assert sv.tree.topLevelItemCount() == 1
    assert sv.tree.topLevelItem(0).text(0) == "Testgrad (KG)"

    # ---- an assessment: the city selected on the start page is preselected
    sv.tree.setCurrentItem(sv.tree.topLevelItem(0))
    dlg = sv.new_assessment()
    qtbot.waitExposed(dlg)
    assert dlg.city.currentData() == city.id
    dlg.scorecard.setCurrentIndex(dlg.scorecard.findData("preliminary"))
    assert "Preliminary" in dlg.scorecard.currentText()
    # no Essential chosen: refused, dialog stays open
    for box in dlg.essential_boxes:
        box.setFocus()
        qtbot.keyClick(box, SPACE)
    assert not any(b.isChecked() for b in dlg.essential_boxes)
    qtbot.mouseClick(_ok_button(dlg), LEFT)
    assert dlg.isVisible()
    assert dlg.error.text() == "Choose at least one Essential."
    assert ws.list_assessments() == []
    for box in dlg.essential_boxes:
        qtbot.keyClick(box, SPACE)
    qtbot.keyClicks(dlg.title, "Testgrad 2026")
    qtbot.mouseClick(_ok_button(dlg), LEFT)
    assert not dlg.isVisible()

    [a] = ws.list_assessments()
    assert (a.city_id, a.scorecard_id, a.title, a.essentials_scope) == (city.id, "preliminary", "Testgrad 2026", None)
    card = ws.scorecard_of(a.id)
    # accepting opens the assessment view on its first question
    assert w.current_view() == "assessment"
    assert w.model.assessment_id == a.id
    nav = w.assessment_view.navigator
    assert nav.visible_questions() == [q.id for q in card.active_questions]
    assert nav.current_question() == card.active_questions[0].id
    assert w.assessment_view.panel.topic_label.text() == card.active_questions[0].topic["en"]
    assert focused() is nav.tree
    assert f"0 of {len(card.active_questions)}" in w.completion_label.text()

    # back on the start page (Ctrl+1), the assessment is listed under its city with its progress
    qtbot.keyClick(focused(), Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert w.current_view() == "start"
    row = sv.tree.topLevelItem(0).child(0)
    assert row.text(0) == "Testgrad 2026"
    assert row.text(2).startswith(f"0 / {len(card.active_questions)}")


def test_assessment_of_some_essentials_only(main_window, qtbot, tmp_path):
    w = main_window
    w.create_workspace(tmp_path / "w.rdw")
    ws = w.model.ws
    ws.add_city("Testgrad", "KG")
    dlg = w.start_view.new_assessment()
    dlg.scorecard.setCurrentIndex(dlg.scorecard.findData("preliminary"))
    for box in dlg.essential_boxes[2:]:  # keep Essentials 1 and 2
        qtbot.keyClick(box, SPACE)
    qtbot.mouseClick(_ok_button(dlg), LEFT)
    [a] = ws.list_assessments()
    assert a.essentials_scope == (1, 2)
    assert a.title == f"Testgrad — {ws.scorecard_of(a.id).title['en']} {date.today().year}"
    card = ws.scorecard_of(a.id)
    expected = [q.id for q in card.active_questions if q.essential in (1, 2)]
    assert w.assessment_view.navigator.visible_questions() == expected
    assert w.assessment_view.navigator.tree.topLevelItemCount() == 2
    nav_item(w, expected[-1])  # present
    assert f"0 of {len(expected)}" in w.completion_label.text()
