"""The two generic undo commands every edit is built from: set a value, or do/undo (create once)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QUndoStack

from resilience_desktop.i18n.catalog import language, set_language
from resilience_desktop.ui.assessment.commands import set_score_command, add_action_command
from resilience_desktop.ui.edit_commands import DoUndoCommand, EditCommand, SetValueCommand
from resilience_desktop.ui.scenarios.scenario_commands import add_hazard_command
from resilience_desktop.workspace.facade import Workspace

pytestmark = pytest.mark.ui


@pytest.fixture
def ws(demo_path):
    with Workspace.open(demo_path) as ws:
        yield ws


def execute(stack: QUndoStack, command: EditCommand) -> None:
    """As WorkspaceModel.execute: apply once, then push without applying twice."""
    command.apply_redo()
    command.done = True
    stack.push(command)


def test_set_value_sets_new_on_redo_and_old_on_undo(qapp, ws):
    seen: list[int] = []
    stack = QUndoStack()
    execute(stack, SetValueCommand(ws, "Opacity", seen.append, 30, 80))
    assert seen == [80] and stack.undoText() == "Opacity"
    stack.undo()
    stack.redo()
    assert seen == [80, 30, 80]


def test_a_score_edit_round_trips_through_the_workspace(qapp, ws):
    a = ws.list_assessments()[-1]
    q = next(x for x in ws.answers(a.id).values() if x.score is not None and not x.na)
    stack = QUndoStack()
    execute(stack, set_score_command(ws, a.id, q.question_id, (q.score, False), (None, True)))
    assert ws.answer(a.id, q.question_id).na
    stack.undo()
    assert (ws.answer(a.id, q.question_id).score, ws.answer(a.id, q.question_id).na) == (q.score, False)
    stack.redo()
    assert ws.answer(a.id, q.question_id).na


def test_undo_texts_are_translated_when_the_edit_is_made(qapp, ws):
    before = language()
    try:
        set_language("ru")
        command = add_action_command(ws, "x", "Обновить план эвакуации")
        assert command.text() != "Add action: Обновить план эвакуации" and "Обновить план эвакуации" in command.text()
    finally:
        set_language(before)


def test_do_runs_once_then_redo_restores_the_same_thing(qapp, ws):
    city = ws.list_assessments()[0].city_id
    stack = QUndoStack()
    command = add_hazard_command(ws, city, "flood", "Паводок на реке Ала-Арча")
    execute(stack, command)
    hazard_id = command.result
    assert hazard_id and any(h.id == hazard_id for h in ws.list_hazards(city))
    stack.undo()
    assert not any(h.id == hazard_id for h in ws.list_hazards(city))
    count = len(ws.list_hazards(city, include_removed=True))
    stack.redo()
    assert command.result == hazard_id and any(h.id == hazard_id for h in ws.list_hazards(city))
    assert len(ws.list_hazards(city, include_removed=True)) == count  # brought back, not added again


def test_do_is_let_go_after_the_first_application(qapp, ws):
    calls: list[str] = []
    big = [bytearray(10)]
    command = DoUndoCommand(ws, "Import", do=lambda: calls.append("do") or len(big), undo=lambda: calls.append("undo"),
                            redo=lambda: calls.append("redo"))
    stack = QUndoStack()
    execute(stack, command)
    stack.undo()
    stack.redo()
    stack.undo()
    stack.redo()
    assert calls == ["do", "undo", "redo", "undo", "redo"] and command.result == 1
    assert command._do is None  # the closure (and the layers it held) can be freed


def test_without_redo_do_is_repeated(qapp, ws):
    calls: list[str] = []
    stack = QUndoStack()
    execute(stack, DoUndoCommand(ws, "Remove", do=lambda: calls.append("do"), undo=lambda: calls.append("undo")))
    stack.undo()
    stack.redo()
    assert calls == ["do", "undo", "do"]


def test_a_failing_undo_is_reported_not_raised(qapp, ws, monkeypatch):
    errors: list[BaseException] = []
    monkeypatch.setattr(EditCommand, "on_error", errors.append)

    def fail(_value):
        raise ValueError("the layer is gone")
    stack = QUndoStack()
    command = SetValueCommand(ws, "Style", fail, "old", "new")
    command.done = True
    stack.push(command)
    stack.undo()
    assert [str(e) for e in errors] == ["the layer is gone"]
