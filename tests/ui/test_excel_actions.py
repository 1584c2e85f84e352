"""File > Import / Export > Excel workbook (ui/excel_actions.py), as a user drives them.

The file dialogs are replaced by functions returning a path (QFileDialog's static methods), and
every message box the actions open is non-blocking, so nothing here waits for a click.
"""

from __future__ import annotations

import openpyxl
import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from ..excel.workbooks import SCORES, official_workbook
from ..fixtures import snapshot
from .helpers import error_dialogs
from resilience_desktop.ui.exchange.export_dialog import ExportDialog

pytestmark = pytest.mark.ui


def action(menu, name: str):
    found = [a for a in menu.actions() if a.objectName() == name]
    assert len(found) == 1, [a.objectName() for a in menu.actions()]
    return found[0]


def visible_box(name: str) -> QMessageBox:
    boxes = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, QMessageBox) and w.objectName() == name and w.isVisible()]
    assert len(boxes) == 1, name
    return boxes[0]


def choose_file(monkeypatch, path, seen: list | None = None) -> None:
    def fake(*args, **kwargs):
        if seen is not None:
            seen.append(args)
        return (str(path) if path else "", "")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(fake))
    monkeypatch.setattr(ExportDialog, "get_save_path",
                        staticmethod(lambda *args: (fake(*args[:4])[0], args[4])))


def test_the_menu_entries(main_window):
    imp = action(main_window.import_menu, "importExcel")
    exp = action(main_window.export_menu, "exportExcel")
    assert imp.text() == "Excel workbook (official Preliminary tool)…"
    assert exp.text() == "Excel workbook…"
    assert main_window.import_menu.isEnabled() and main_window.export_menu.isEnabled()


def test_menu_entries_survive_a_language_switch(main_window):
    main_window.set_ui_language("ru")
    assert action(main_window.import_menu, "importExcel").text().startswith("Книга Excel")
    assert action(main_window.export_menu, "exportExcel").text() == "Книга Excel…"


def test_import_opens_the_new_assessment_and_reports(assessment_window, monkeypatch, tmp_path):
    w = assessment_window
    old = w.model.assessment_id
    seen: list = []
    choose_file(monkeypatch, official_workbook(tmp_path / "Testgrad 2019.xlsm"), seen)
    action(w.import_menu, "importExcel").trigger()

    assert "*.xlsm" in seen[0][-1]
    aid = w.model.assessment_id
    assert aid != old and w.current_view() == "assessment"
    assert w.model.ws.answers(aid)["P1.1"].score == SCORES["P1.1"]
    assert QApplication.overrideCursor() is None
    box = visible_box("excelImportReport")
    # the window's workspace already holds Testgrad (KG): the workbook's assessment joins it
    assert box.text() == "Testgrad 2019.xlsm was imported into the existing city Testgrad."
    details = box.informativeText()
    assert "is already in the workspace" in details
    assert "44 answered questions, 3 unanswered" in details and "44 action items" in details
    assert "P2.4" in details  # the warning about unanswered questions
    assert "macros" in details  # what was not imported
    box.close()
    assert w.completion_label.text().startswith("Completion: 44 of 47")


def test_a_workbook_exported_from_this_assessment_updates_it(assessment_window, monkeypatch, tmp_path):
    """Export, a colleague edits in Excel, import: the same assessment is updated (not a second one)."""
    from resilience_desktop.excel import export_workbook

    w = assessment_window
    aid = w.model.assessment_id
    out = export_workbook(w.model.ws, aid, tmp_path / "for colleagues.xlsx")
    book = openpyxl.load_workbook(out)
    assert book["E01"]["A4"].value == "P1.1"
    book["E01"]["C4"] = 2
    book.save(out)
    choose_file(monkeypatch, out)
    action(w.import_menu, "importExcel").trigger()
    assert w.model.assessment_id == aid and len(w.model.ws.list_assessments()) == 1
    assert w.model.ws.answer(aid, "P1.1").score == 2
    box = visible_box("excelImportReport")
    assert box.text() == "for colleagues.xlsx updated the assessment of Testgrad it was exported from."
    assert "questions changed: 1 (P1.1)" in box.informativeText()
    box.close()


def test_import_error_shows_a_message_and_changes_nothing(assessment_window, monkeypatch, tmp_path):
    w = assessment_window
    before = snapshot(w.model.ws)
    bad = official_workbook(tmp_path / "bad.xlsm", options={"P3.1": "yes"})
    choose_file(monkeypatch, bad)
    action(w.import_menu, "importExcel").trigger()
    [box] = error_dialogs()
    assert box.windowTitle() == "Cannot import the workbook"
    assert "E03 cell E7 (question P3.1) holds 'yes'" in box.text()
    box.close()
    assert snapshot(w.model.ws) == before
    assert QApplication.overrideCursor() is None


def test_cancelled_dialog_does_nothing(assessment_window, monkeypatch):
    w = assessment_window
    before = snapshot(w.model.ws)
    choose_file(monkeypatch, None)
    action(w.import_menu, "importExcel").trigger()
    action(w.export_menu, "exportExcel").trigger()
    assert snapshot(w.model.ws) == before
    assert not error_dialogs()


def test_import_needs_a_workspace(main_window, monkeypatch):
    choose_file(monkeypatch, "never-asked.xlsm")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: pytest.fail("asked for a file")))
    action(main_window.import_menu, "importExcel").trigger()
    visible_box("excelNeedsWorkspace").close()


def test_export_writes_the_open_assessment(assessment_window, monkeypatch, tmp_path):
    w = assessment_window
    w.model.ws.set_answer(w.model.assessment_id, "P1.1", score=2, verification="the plan of 2024")
    choose_file(monkeypatch, tmp_path / "report")  # the user typed no extension
    action(w.export_menu, "exportExcel").trigger()
    out = tmp_path / "report.xlsx"
    assert out.exists()
    book = openpyxl.load_workbook(out, read_only=True)
    p11 = next(r for r in book["E01"].iter_rows(values_only=True) if r[0] == "P1.1")
    assert p11[2] == 2 and p11[4] == "the plan of 2024"
    box = visible_box("excelExportDone")
    assert str(out) in box.text()
    box.close()


def test_export_needs_an_assessment(main_window, tmp_path):
    assert main_window.create_workspace(tmp_path / "empty.rdw")
    action(main_window.export_menu, "exportExcel").trigger()
    visible_box("excelNeedsAssessment").close()


def test_entries_are_enabled_only_when_they_can_work(main_window, tmp_path):
    imp = action(main_window.import_menu, "importExcel")
    exp = action(main_window.export_menu, "exportExcel")

    def open_menus() -> None:  # each entry is checked as its own menu opens
        main_window.import_menu.aboutToShow.emit()
        main_window.export_menu.aboutToShow.emit()
    open_menus()
    assert not imp.isEnabled() and not exp.isEnabled()
    assert main_window.create_workspace(tmp_path / "w.rdw")
    open_menus()
    assert imp.isEnabled() and not exp.isEnabled()  # nothing to export yet
    ws = main_window.model.ws
    main_window.model.select_assessment(ws.new_assessment(ws.add_city("X", "KG"), "preliminary"))
    open_menus()
    assert imp.isEnabled() and exp.isEnabled()
