"""The action plan view: every action of the assessment, filtered, sorted, exported as CSV."""

from __future__ import annotations

import contextlib
import csv
import io

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from resilience_desktop.ui.results.action_plan_view import ActionPlanView

pytestmark = pytest.mark.ui


@pytest.fixture
def plan(demo_window) -> ActionPlanView:
    demo_window.show_view("actions")
    assert demo_window.current_view() == "actions"
    return demo_window.action_plan_view


def column(view: ActionPlanView, col: int) -> list[str]:
    return [view.table.item(r, col).text() for r in range(view.table.rowCount())]


def test_lists_every_action_and_filters_them(plan):
    ws, aid = plan.model.ws, plan.model.assessment_id
    actions = ws.list_actions(aid)
    assert plan.table.rowCount() == len(actions) > 5
    assert plan.count_label.text() == f"{len(actions)} of {len(actions)} actions"
    plan.set_filter(essential=8)
    assert set(column(plan, 0)) == {"8"}
    assert sorted(column(plan, 1)) == sorted(a.question_id for a in actions if a.question_id.startswith("P8."))
    plan.set_filter(status="done")
    assert set(column(plan, 7)) <= {"done"}
    expected = [a for a in actions if a.question_id.startswith("P8.") and a.status == "done"]
    assert plan.table.rowCount() == len(expected)
    plan.clear_filters()
    who = actions[0].responsible
    plan.set_filter(responsible=who)
    assert set(column(plan, 5)) == {who}
    assert plan.table.rowCount() == sum(a.responsible == who for a in actions)


def test_sorting_by_score_is_numeric(plan):
    plan.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    scores = [int(s) for s in column(plan, 3)]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[-1]
    plan.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)       # question order, not text order
    card = plan.model.ws.scorecard_of(plan.model.assessment_id)
    order = [q.id for q in card.questions]
    ids = column(plan, 1)
    assert ids == sorted(ids, key=order.index)


def test_follows_edits_made_elsewhere(plan):
    ws, aid = plan.model.ws, plan.model.assessment_id
    before = plan.table.rowCount()
    ws.add_action(aid, "P5.1", "Restore the river banks", responsible="Water Utility", timescale="3 years")
    assert plan.table.rowCount() == before + 1
    assert "Restore the river banks" in column(plan, 4)
    assert plan.filters["timescale"].findData("3 years") > 0


def test_exports_what_is_shown_as_csv_with_a_bom(plan, tmp_path):
    plan.set_filter(essential=9)
    plan.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)
    path = plan.export_csv(tmp_path / "plan.csv")
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == plan.headers
    assert [r[1] for r in rows[1:]] == column(plan, 1)
    assert {r[0] for r in rows[1:]} == {"9"}


@contextlib.contextmanager
def _plan_at_1280(window, qtbot, lang: str):
    """The action plan in ``lang`` in a 1280x720 window with the app's own font size (ui/app.py make_app)."""
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance()
    font = app.font()
    try:
        app.setFont(QFont(font.family(), 10))
        window.set_ui_language(lang)
        window.resize(1280, 720)
        window.show_view("actions")
        view = window.action_plan_view
        qtbot.waitUntil(lambda: view.isVisible() and view.width() <= 1280, timeout=2000)
        yield view
    finally:
        window.set_ui_language("en")
        app.setFont(font)


def test_the_russian_filter_labels_are_not_cut_at_1280_pixels(demo_window, qtbot):
    """A projector's 1280x720 in Russian: "Ответственная организация" was cut to "…организаци"."""
    from PySide6.QtWidgets import QLabel
    with _plan_at_1280(demo_window, qtbot, "ru") as view:
        labels = [lab for lab in view.findChildren(QLabel) if lab.text() in
                  ("Принцип", "Ответственная организация", "Срок", "Статус")]
        assert len(labels) == 4
        assert [lab.text() for lab in labels if lab.width() < lab.sizeHint().width()] == []


def test_no_kyrgyz_label_or_button_is_cut_at_1280_pixels(demo_window, qtbot):
    """Kyrgyz on a projector: "CSV форматына экспорттоо…" was squeezed to "форматына экспортт"."""
    from PySide6.QtWidgets import QApplication, QLabel, QPushButton
    with _plan_at_1280(demo_window, qtbot, "ky") as view:
        QApplication.processEvents()
        assert view.export_button.text() == "CSV форматына экспорттоо…"
        widgets = [*view.findChildren(QPushButton), *(lab for lab in view.findChildren(QLabel)
                                                        if lab not in (view.title_label, view.count_label))]
        cut = [x.text() for x in widgets if x.isVisibleTo(view) and x.width() < x.sizeHint().width()]
        assert cut == []
