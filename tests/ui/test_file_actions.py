"""One save-path dialog and file-name helper for every export: suffixes, refused targets, suggested names."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from resilience_desktop.ui.exchange.file_actions import suggested_path, with_suffix
from tests.ui.helpers import error_dialogs

pytestmark = pytest.mark.ui


preselected: list[str] = []  # the file type each dialog opened with


@pytest.fixture
def save_dialog(monkeypatch):
    """Answer the next plain save dialogs with ``(path, chosen filter)``; record what was suggested."""
    answers: list[tuple[Path, str]] = []
    asked: list[tuple[str, str, str]] = []
    preselected.clear()

    def fake(parent, caption, suggested, filters, selected=""):
        asked.append((caption, suggested, filters))
        preselected.append(selected)
        if not answers:
            return "", ""
        path, chosen = answers.pop(0)
        return str(path), chosen
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    return answers, asked


def test_with_suffix_keeps_adds_or_follows_the_chosen_filter():
    assert with_suffix(Path("/t/a.PNG"), (".png", ".svg")) == Path("/t/a.PNG")
    assert with_suffix(Path("/t/a"), (".png", ".svg"), "SVG image (*.svg)") == Path("/t/a.svg")
    assert with_suffix(Path("/t/a.txt"), ".csv") == Path("/t/a.txt.csv")
    assert with_suffix(Path("/t/a"), (".gpkg", ".csv"), "") == Path("/t/a.gpkg")


def test_suggested_names_are_made_safe_in_the_home_folder(tmp_path):
    assert suggested_path("Ош / Osh: 2025", ".zip") == Path.home() / "Ош - Osh- 2025.zip"
    assert suggested_path("", ".csv", fallback="actions", folder=tmp_path) == tmp_path / "actions.csv"


def test_the_dashboard_chart_export_asks_through_the_shared_dialog(demo_window, save_dialog, tmp_path):
    answers, asked = save_dialog
    w = demo_window
    w.show_view("dashboard")
    answers.append((tmp_path / "radar", "SVG image (*.svg)"))  # no suffix typed: the chosen filter's
    w.dashboard_view._export_dialog("radar")
    assert (tmp_path / "radar.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    caption, suggested, _filters = asked[0]
    assert caption == "Export chart" and Path(suggested).parent == Path.home()
    assert Path(suggested).name.endswith(" radar.png") and "/" not in Path(suggested).name


def test_the_action_plan_export_refuses_a_workspace_file(demo_window, save_dialog, tmp_path):
    answers, asked = save_dialog
    w = demo_window
    w.show_view("actions")
    disguised = tmp_path / "plan.csv"  # a workspace someone saved under a .csv name
    shutil.copyfile(w.model.ws.path, disguised)
    before = disguised.read_bytes()
    answers.append((disguised, "CSV files (*.csv)"))
    w.action_plan_view._export_dialog()
    [box] = error_dialogs()
    assert box.windowTitle() == "Export action plan" and "workspace" in box.text()
    box.close()
    assert disguised.read_bytes() == before
    assert asked[0][1].endswith(".csv") and Path(asked[0][1]).parent == Path.home()


SEMICOLONS = "CSV for Excel, separated by semicolons (*.csv)"
COMMAS = "CSV, separated by commas (*.csv)"


def test_a_csv_export_offers_semicolons_for_excel_and_remembers_the_choice(demo_window, save_dialog, tmp_path, qtbot):
    """A Russian Excel opens a comma-separated file as one column of text: a CSV export offers
    semicolons with decimal commas (chosen first where the language writes 0,5) or commas, and
    keeps the choice for the next export."""
    import csv

    answers, asked = save_dialog
    w = demo_window
    w.set_ui_language("ru")
    w.show_view("actions")
    qtbot.waitUntil(lambda: w.action_plan_view.table.rowCount() > 5)  # the rebuilt views show on the next turn
    answers.append((tmp_path / "plan", "CSV для Excel, разделитель — точка с запятой (*.csv)"))
    w.action_plan_view._export_dialog()
    filters = asked[0][2].split(";;")
    assert filters == ["CSV для Excel, разделитель — точка с запятой (*.csv)", "CSV, разделитель — запятая (*.csv)"]
    assert preselected[0] == filters[0]  # Russian writes a decimal comma: semicolons first
    text = (tmp_path / "plan.csv").read_text("utf-8-sig")
    rows = list(csv.reader(text.splitlines(), delimiter=";"))
    assert len(rows) > 5 and len(rows[0]) == len(rows[1]) > 4 and "," not in text.splitlines()[0]
    w.set_ui_language("en")
    qtbot.waitUntil(lambda: w.action_plan_view.table.rowCount() > 5)
    answers.append((tmp_path / "plan-en.csv", COMMAS))  # chosen: remembered, whatever the language
    w.action_plan_view._export_dialog()
    assert preselected[1] == SEMICOLONS  # the last choice, not the language's
    header = (tmp_path / "plan-en.csv").read_text("utf-8-sig").splitlines()[0]
    assert ";" not in header and len(header.split(",")) == len(rows[0])
    answers.append((tmp_path / "plan-3.csv", ""))
    w.action_plan_view._export_dialog()
    assert preselected[2] == COMMAS and w.settings.value("export/csv_separator") == "comma"


def test_an_english_window_starts_with_commas_and_xlsx_stays_first(demo_window, save_dialog, tmp_path):
    answers, asked = save_dialog
    w = demo_window
    w.show_view("actions")
    answers.append((tmp_path / "plan.csv", ""))
    w.action_plan_view._export_dialog()
    assert asked[0][2] == f"{SEMICOLONS};;{COMMAS}" and preselected[0] == COMMAS
    assert "," in (tmp_path / "plan.csv").read_text("utf-8-sig").splitlines()[0]
    from resilience_desktop.ui.exchange.file_actions import with_csv_filters
    assert with_csv_filters("Excel workbook (*.xlsx);;CSV (*.csv)") == f"Excel workbook (*.xlsx);;{SEMICOLONS};;{COMMAS}"


def test_the_answers_export_dialog_offers_both_csv_types(main_window, tmp_path):
    """The save dialog with the document's language (answers CSV) offers the same two CSV types."""
    from resilience_desktop.i18n.catalog import set_language
    from resilience_desktop.ui.exchange.export_dialog import ExportDialog
    set_language("ru")
    dialog = ExportDialog(main_window, "Экспорт", tmp_path / "a.csv", "Таблицы CSV (*.csv)", "ru")
    assert dialog.nameFilters() == ["CSV для Excel, разделитель — точка с запятой (*.csv)",
                                    "CSV, разделитель — запятая (*.csv)"]
    assert dialog.selectedNameFilter() == dialog.nameFilters()[0]
    main_window.settings.setValue("export/csv_separator", "comma")
    again = ExportDialog(main_window, "Экспорт", tmp_path / "a.csv", "Таблицы CSV (*.csv)", "ru")
    assert again.selectedNameFilter() == again.nameFilters()[1]
    pdf = ExportDialog(main_window, "Экспорт", tmp_path / "a.pdf", "PDF (*.pdf)", "ru")
    assert pdf.nameFilters() == ["PDF (*.pdf)"]
