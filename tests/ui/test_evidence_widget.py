"""Evidence: attach by dialog path and by drag and drop, remove with confirmation, undo."""

from __future__ import annotations

import hashlib

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QMessageBox

from .helpers import (
    answer_next_modal, click_item, click_tab, drop_files, error_dialogs, focus_navigator, nav_item, press,
)

pytestmark = pytest.mark.ui

EVIDENCE_TAB = 1


def _names(ev) -> list[str]:
    return [ev.list.item(i).text().split("    ")[0].split("  ", 1)[1] for i in range(ev.list.count())]


def test_attach_by_path_and_by_drop_hash_remove_and_undo(assessment_window, qtbot, tmp_path):
    w = assessment_window
    ws, aid = w.model.ws, w.model.assessment_id
    panel = w.assessment_view.panel
    qid = panel.question.id
    focus_navigator(qtbot, w)
    press(qtbot, "2")
    assert "⚠" in nav_item(w, qid).text(1)  # scored, no evidence yet
    click_tab(qtbot, panel.tabs, EVIDENCE_TAB)
    ev = panel.evidence

    plan = tmp_path / "drr-plan.pdf"
    plan.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 40)
    ev.attach_files([plan])
    [stored] = ws.list_evidence(aid, qid)
    assert (stored.kind, stored.name, stored.size) == ("file", "drr-plan.pdf", plan.stat().st_size)
    assert stored.sha256 == hashlib.sha256(plan.read_bytes()).hexdigest()
    assert ws.evidence_data(stored.id) == plan.read_bytes()
    assert _names(ev) == ["drr-plan.pdf"]
    assert panel.tabs.tabText(EVIDENCE_TAB) == "Evidence (1)"
    assert nav_item(w, qid).text(1) == "2", "evidence clears the 'needs evidence' mark"

    photo = tmp_path / "flood photo.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + b"jpeg" * 1000)
    folder = tmp_path / "a-folder"
    folder.mkdir()
    assert drop_files(ev, [photo, folder])
    assert not drop_files(ev, [QUrl("https://example.org/x.pdf")]), "only local files can be dropped"
    files = {e.name: e for e in ws.list_evidence(aid, qid)}
    assert set(files) == {"drr-plan.pdf", "flood photo.jpg"}
    assert files["flood photo.jpg"].sha256 == hashlib.sha256(photo.read_bytes()).hexdigest()
    assert _names(ev) == ["drr-plan.pdf", "flood photo.jpg"]
    assert panel.tabs.tabText(EVIDENCE_TAB) == "Evidence (2)"
    assert plan.read_bytes().startswith(b"%PDF") and photo.exists(), "the originals are left alone"

    # remove: the confirmation can say no
    click_item(qtbot, ev.list, ev.list.item(1))
    seen: list[str] = []
    answer_next_modal(QMessageBox.StandardButton.No, seen)
    qtbot.mouseClick(ev.remove_button, Qt.MouseButton.LeftButton)
    assert seen and "flood photo.jpg" in seen[0]
    assert len(ws.list_evidence(aid, qid)) == 2
    # ... and without confirmation it goes
    ev.remove_selected(confirm=False)
    assert [e.name for e in ws.list_evidence(aid, qid)] == ["drr-plan.pdf"]
    assert _names(ev) == ["drr-plan.pdf"]
    assert ("evidence", "removed") in {(c.entity, c.field) for c in ws.history(aid, qid)}

    w.undo_action.trigger()
    assert _names(ev) == ["drr-plan.pdf", "flood photo.jpg"]
    assert {e.name for e in ws.list_evidence(aid, qid)} == {"drr-plan.pdf", "flood photo.jpg"}
    assert panel.tabs.tabText(EVIDENCE_TAB) == "Evidence (2)"
    w.redo_action.trigger()
    assert _names(ev) == ["drr-plan.pdf"] and len(ws.list_evidence(aid, qid)) == 1


def test_add_link_and_rename(assessment_window, qtbot):
    w = assessment_window
    ws, aid = w.model.ws, w.model.assessment_id
    ev = w.assessment_view.panel.evidence
    qid = w.assessment_view.panel.question.id
    ev.add_link("https://example.org/plan", name="Published plan")
    [link] = ws.list_evidence(aid, qid)
    assert (link.kind, link.url, link.name) == ("link", "https://example.org/plan", "Published plan")
    assert "https://example.org/plan" in ev.list.item(0).text()
    ev.rename(link.id, "Published plan", "  City DRR plan  ")
    assert ws.list_evidence(aid, qid)[0].name == "City DRR plan"
    assert _names(ev) == ["City DRR plan"]
    w.undo_action.trigger()
    assert ws.list_evidence(aid, qid)[0].name == "Published plan"
    ev.add_link("not a link")
    [box] = error_dialogs()
    assert "is not a link" in box.text()
    box.button(QMessageBox.StandardButton.Ok).click()
    assert len(ws.list_evidence(aid, qid)) == 1


def test_the_same_file_attached_twice_to_a_question_is_said_not_listed_twice(assessment_window, qtbot, tmp_path):
    """A city official's trial: the plan attached twice was listed twice ("Evidence (2)", one SHA-256) and
    printed twice in the report. Another question may still carry the same file."""
    from PySide6.QtWidgets import QApplication

    w = assessment_window
    ws, aid = w.model.ws, w.model.assessment_id
    panel = w.assessment_view.panel
    qid = panel.question.id
    ev = panel.evidence
    plan = tmp_path / "Генплан 2025.pdf"
    plan.write_bytes(b"%PDF-1.4\n" + b"plan" * 500)
    copy = tmp_path / "Генплан 2025 (копия).pdf"
    copy.write_bytes(plan.read_bytes())
    ev.attach_files([plan])
    ev.attach_files([copy])
    assert [e.name for e in ws.list_evidence(aid, qid)] == ["Генплан 2025.pdf"]
    qtbot.waitUntil(lambda: any(x.objectName() == "alreadyAttached" and x.isVisible()
                                for x in QApplication.topLevelWidgets()))
    box = next(x for x in QApplication.topLevelWidgets() if x.objectName() == "alreadyAttached" and x.isVisible())
    assert "Генплан 2025 (копия).pdf (attached as Генплан 2025.pdf)" in box.text()
    box.close()
    other = next(q.id for q in ws.scorecard_of(aid).active_questions if q.id != qid)
    ws.add_evidence_file(aid, other, plan)  # the same plan for another question: fine
    assert len(ws.list_evidence(aid)) == 2
