"""Issue 16 item 6 (GUI): a private switch on each justification and stakeholder note, shown as a
lock; private text never appears in presentation mode; ``--view presentation`` hides menus and
the status bar (which shows the workspace path) as F5 does.
"""

from __future__ import annotations

import pytest

from resilience_desktop.ui.app import open_view

from .helpers import LEFT

pytestmark = pytest.mark.ui


def test_the_lock_marks_a_justification_private_undoably(assessment_window, qtbot):
    w = assessment_window
    ws, aid = w.model.ws, w.model.assessment_id
    panel = w.assessment_view.panel
    qid = panel.question.id
    ws.set_answer(aid, qid, score=1, comment="Финотдел оспаривает оценку")
    toggle = panel.private_toggle
    assert toggle.isVisible() and not toggle.isChecked() and toggle.text() == "Shared"
    qtbot.mouseClick(toggle, LEFT)
    assert ws.answer(aid, qid).comment_private and toggle.isChecked() and toggle.text() == "Private"
    assert "private" in w.undo_action.text().lower()
    w.undo_action.trigger()
    assert not ws.answer(aid, qid).comment_private and toggle.text() == "Shared"
    w.redo_action.trigger()
    assert ws.answer(aid, qid).comment_private and toggle.isChecked()

    # projected: the score is there, the private justification is not
    w.presentation.enter()
    slide = w.presentation_view
    shown = " ".join(lbl.text() for lbl in slide.findChildren(type(panel.state_label)))
    assert "Финотдел" not in shown and "1 of 3" in shown
    w.presentation.leave()


def test_stakeholder_notes_can_be_private(assessment_window, qtbot):
    w = assessment_window
    ws, aid = w.model.ws, w.model.assessment_id
    panel = w.assessment_view.panel
    sh = panel.stakeholders
    sh.group_edit.setText("Finance Department")
    sh.note_edit.setText("budget cut, do not project")
    sh.private_check.setChecked(True)
    sh.record_from_form()
    [s] = ws.stakeholder_scores(aid, panel.question.id)
    assert s.note_private and not sh.private_check.isChecked()
    assert not sh.table.item(0, 2).icon().isNull()
    w.undo_action.trigger()
    assert ws.stakeholder_scores(aid, panel.question.id) == []
    w.redo_action.trigger()
    assert ws.stakeholder_scores(aid, panel.question.id)[0].note_private


def test_presentation_from_the_command_line_hides_menus_and_path(demo_window, qtbot):
    w = demo_window
    assert w.menuBar().isVisible() and str(w.model.ws.path) in w.path_label.text()
    open_view(w, "presentation")
    assert w.current_view() == "presentation"
    assert not w.menuBar().isVisible() and not w.statusBar().isVisible()
    w.presentation.leave()
    assert w.menuBar().isVisible()


def test_demo_open_elsewhere_is_refused_with_a_dialog(main_window, qtbot):
    """Issue 16 item 2 in the GUI: File > Open demo (and --demo) never replace a demo in use."""
    from PySide6.QtWidgets import QMessageBox

    from resilience_desktop.ui import main_window as main_window_module
    from resilience_desktop.workspace.facade import Workspace
    assert main_window.open_demo()
    path = main_window.model.ws.path
    main_window.close_workspace()
    with Workspace.open(path) as other:  # "another instance" holds it
        aid = other.list_assessments()[-1].id
        other.update_assessment(aid, title="Edited elsewhere")
        assert main_window.open_demo() is False
        boxes = [b for b in main_window.findChildren(QMessageBox, "errorDialog") if b.isVisible()]
        assert boxes and "open in another running" in boxes[-1].text()
        assert other.get_assessment(aid).title == "Edited elsewhere"
    assert path == main_window_module.demo_workspace_path()


def test_a_demo_that_cannot_be_written_says_why_on_stderr_when_rendering_headless(main_window, monkeypatch, capsys):
    """--demo --screenshot: no dialog anybody could read, so the reason is printed (CI saw only
    "see the dialog" when the packaged app lacked a module)."""
    from resilience_desktop.ui import main_window as main_window_module

    def broken(path):
        raise ModuleNotFoundError("No module named 'rasterio.serde'")

    monkeypatch.setattr(main_window_module, "ensure_demo", broken)
    main_window.headless = True
    assert main_window.open_demo() is False
    err = capsys.readouterr().err
    assert "rasterio.serde" in err and "ModuleNotFoundError" in err
