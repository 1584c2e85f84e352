"""File > Export > Report (PDF)… and Answers (CSV)… (resilience_desktop/ui/report_actions.py)."""

from __future__ import annotations


import pytest
from pypdf import PdfReader

from ..pdftext import page_texts
from PySide6.QtWidgets import QFileDialog

from resilience_desktop.ui.exchange.export_dialog import ExportDialog

from .helpers import error_dialogs

pytestmark = pytest.mark.ui


def export_action(window, name: str):
    menu = window.export_menu
    menu.aboutToShow.emit()  # as when the user opens File > Export
    actions = {a.objectName(): a for a in menu.actions()}
    return actions[name]


@pytest.fixture
def save_as(monkeypatch):
    """Answer the next save dialogs with the given paths; record the suggested names."""
    answers, asked = [], []

    def fake(parent, caption, suggested, filters, lang):
        asked.append((caption, suggested, filters, lang))
        if not answers:
            return "", lang
        answer = answers.pop(0)
        return (str(answer[0]), answer[1]) if isinstance(answer, tuple) else (str(answer), lang)

    def plain(parent, caption, suggested, filters, selected=""):  # the save dialogs without a language choice
        path, _lang = fake(parent, caption, suggested, filters, "")
        return path, filters

    monkeypatch.setattr(ExportDialog, "get_save_path", staticmethod(fake))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(plain))
    return answers, asked


def test_export_report_writes_the_pdf_of_the_open_assessment(demo_window, save_as, tmp_path):
    answers, asked = save_as
    w = demo_window
    ws, aid = w.model.ws, w.model.assessment_id
    score = ws.score(aid)
    action = export_action(w, "exportReportPdf")
    assert action.text() == "Report (PDF)…" and action.isEnabled()
    answers.append(tmp_path / "report")  # no suffix: the .pdf is added
    action.trigger()
    out = tmp_path / "report.pdf"
    reader = PdfReader(out)
    texts = page_texts(out)
    assert f"{score.points} / {score.max}" in texts[1]
    assert any(t.startswith("Exposure results") for t in texts)
    (map_page,) = [p for p, t in zip(reader.pages, texts) if t.startswith("Map ")]
    assert map_page["/Resources"].get("/XObject")  # the workspace's visible layers
    assert asked[0][1].endswith(".pdf") and "(demo)" in asked[0][1]  # suggested from the assessment title
    assert w.statusBar().currentMessage() == f"Report saved to {out}"
    assert not error_dialogs()


def test_export_answers_writes_the_csv(demo_window, save_as, tmp_path):
    answers, _ = save_as
    w = demo_window
    answers.append(tmp_path / "answers.csv")
    export_action(w, "exportAnswersCsv").trigger()
    raw = (tmp_path / "answers.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    card = w.model.ws.scorecard_of(w.model.assessment_id)
    assert len(raw.decode("utf-8-sig").strip().splitlines()) == 1 + len(card.active_questions)
    assert w.statusBar().currentMessage() == f"Answers saved to {tmp_path / 'answers.csv'}"


def test_cancelling_the_dialog_writes_nothing(demo_window, save_as, tmp_path):
    export_action(demo_window, "exportReportPdf").trigger()
    assert save_as[1] and list(tmp_path.glob("*.pdf")) == []
    assert demo_window.statusBar().currentMessage() == ""


def test_a_write_error_is_shown_in_the_error_dialog(demo_window, save_as, tmp_path):
    answers, _ = save_as
    answers.append(tmp_path / "missing" / "report.pdf")
    export_action(demo_window, "exportReportPdf").trigger()
    boxes = error_dialogs()
    assert len(boxes) == 1
    assert boxes[0].windowTitle() == "Cannot write the report"
    assert boxes[0].text().startswith("The file could not be read or written")
    boxes[0].close()


def test_disabled_without_an_assessment_and_translated(main_window, qtbot):
    w = main_window
    assert not export_action(w, "exportReportPdf").isEnabled()
    assert not export_action(w, "exportAnswersCsv").isEnabled()
    w.set_ui_language("ru")
    assert export_action(w, "exportReportPdf").text() == "Отчёт (PDF)…"
    assert export_action(w, "exportAnswersCsv").text() == "Ответы (CSV)…"


def test_the_report_language_is_chosen_in_the_dialog(demo_window, save_as, tmp_path):
    """A Russian report from an English interface: the interface keeps its language."""
    answers, asked = save_as
    w = demo_window
    answers.append((tmp_path / "ru.pdf", "ru"))
    export_action(w, "exportReportPdf").trigger()
    texts = page_texts(tmp_path / "ru.pdf")
    assert any("Общий балл" in t or "Итоговый балл" in t or "Сводка" in t for t in texts)
    assert asked[0][3] == "en"  # offered the interface language first
    assert w.statusBar().currentMessage() == f"Report saved to {tmp_path / 'ru.pdf'}"
    assert w.settings.value("export_language") == "ru"  # remembered for the next export
    answers.append(tmp_path / "again.pdf")
    export_action(w, "exportAnswersCsv").trigger()
    assert asked[1][3] == "ru"


def test_the_export_dialog_offers_every_language(qtbot, tmp_path):
    dialog = ExportDialog(None, "Save", tmp_path / "x.pdf", "PDF (*.pdf)", "kk")
    qtbot.addWidget(dialog)
    combo = dialog.lang_combo
    assert [combo.itemData(i) for i in range(combo.count())] == ["en", "ru", "kk", "ky", "uz", "tg"]
    assert dialog.language() == "kk" and combo.accessibleName()
