"""File > Import / Export entries for Excel workbooks (the official Preliminary tool, and a clean .xlsx).

:func:`install` adds the two actions to the main window's ``import_menu`` and ``export_menu``;
the main window calls it each time it builds its menus. The work is done by the Qt-free
:mod:`resilience_desktop.excel`; this module only asks for paths and shows what happened.
A workbook imports in well under a second, so it runs on the GUI thread under a wait cursor.
"""

from __future__ import annotations

__all__ = ["install", "import_excel", "export_excel"]

import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ...excel import ImportReport, export_workbook, import_workbook
from ...excel.content import id_list
from ...i18n.catalog import tr, trn
from .export_dialog import ask_export_path
from .file_actions import add_file_action, run_busy, suggested_path

_LAST_DIR = "excel/last_dir"


def install(window) -> None:
    """Add "Excel workbook (official Preliminary tool)…" to File > Import and "Excel workbook…" to
    File > Export of ``window`` (a :class:`~resilience_desktop.ui.main_window.MainWindow`)."""
    add_file_action(window.import_menu, tr("Excel workbook (official Preliminary tool)…"), "importExcel",
                    lambda: import_excel(window), lambda: window.model.ws is not None and not window.model.ws.read_only,
                    tip=tr("Bring in a completed official Preliminary workbook as a new assessment"))
    add_file_action(window.export_menu, tr("Excel workbook…"), "exportExcel", lambda: export_excel(window),
                    lambda: window.model.ws is not None and window.model.assessment_id is not None,
                    tip=tr("Save the open assessment as an Excel workbook"))


def _notice(parent: QWidget, title: str, text: str, name: str, informative: str = "") -> QMessageBox:
    """A non-blocking message box (returned, so tests can read and close it)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(title)
    box.setText(text)
    if informative:
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setInformativeText(informative)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setObjectName(name)
    box.open()
    return box


def _start_dir(window) -> str:
    return str(window.settings.value(_LAST_DIR, str(Path.home())))


def _html_list(title: str, items: list[str]) -> str:
    if not items:
        return ""
    return f"<p><b>{html.escape(title)}</b></p><ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"


def report_text(name: str, report: ImportReport) -> tuple[str, str]:
    """The summary line and the detail (HTML) of an import, as the result dialog shows them."""
    city = (tr("the new city {city}", city=report.city_name) if report.city_created
            else tr("the existing city {city}", city=report.city_name))
    summary = (tr("{file} updated the assessment of {city} it was exported from.", file=name, city=report.city_name)
               if report.updated else tr("{file} was imported into {city}.", file=name, city=city))
    imported = ([tr("questions changed: {n}", n=len(report.changed)) + (f" ({id_list(report.changed)})"
                                                                       if report.changed else "")]
                if report.updated else [])
    imported += [tr("{n} answered questions, {m} unanswered", n=report.answered, m=report.unanswered),
                 tr("action items added: {n}", n=report.actions) if report.updated else
                 trn("{n} action item", "{n} action items", report.actions),
                trn("{n} profile field (city facts, known disasters, lead, stakeholders)",
                    "{n} profile fields (city facts, known disasters, lead, stakeholders)", len(report.profile_fields))]
    detail = (_html_list(tr("Imported"), imported) + _html_list(tr("Warnings"), report.warnings)
              + _html_list(tr("Not imported"), report.not_imported))
    return summary, detail


def import_excel(window) -> ImportReport | None:
    """Ask for a workbook, import it (a workbook exported from an assessment here updates it; any other
    becomes a new assessment), open that assessment and say what happened."""
    ws = window.model.ws
    if ws is None or ws.read_only:
        _notice(window, tr("Import an Excel workbook"),
                tr("Open a workspace you can edit first: the workbook comes in as a new assessment in it."),
                "excelNeedsWorkspace")
        return None
    path, _ = QFileDialog.getOpenFileName(window, tr("Import an Excel workbook"), _start_dir(window),
                                          tr("Excel workbooks (*.xlsm *.xlsx);;All files (*)"))
    if not path:
        return None
    window.settings.setValue(_LAST_DIR, str(Path(path).parent))
    ok, report = run_busy(window, lambda: import_workbook(ws, Path(path)), failed=tr("Cannot import the workbook"))
    if not ok:
        return None
    window.model.select_assessment(report.assessment_id)
    window.show_view("assessment")
    summary, detail = report_text(Path(path).name, report)
    _notice(window, tr("Excel workbook imported"), summary, "excelImportReport", detail)
    return report


def export_excel(window) -> Path | None:
    """Ask where to save the open assessment as an .xlsx, write it, and say where it went."""
    ws, aid = window.model.ws, window.model.assessment_id
    if ws is None or aid is None:
        _notice(window, tr("Export to an Excel workbook"), tr("Open an assessment first: its answers are what is exported."),
                "excelNeedsAssessment")
        return None
    title = ws.get_assessment(aid).title
    suggested = suggested_path(title, ".xlsx", fallback="assessment", folder=Path(_start_dir(window)))
    chosen = ask_export_path(window, tr("Export to an Excel workbook"), suggested, ".xlsx",
                             tr("Excel workbooks (*.xlsx)"))
    if chosen is None:
        return None
    out, code = chosen
    window.settings.setValue(_LAST_DIR, str(out.parent))
    ok, _ = run_busy(window, lambda: export_workbook(ws, aid, out, lang=code), failed=tr("Cannot export the workbook"))
    if not ok:
        return None
    message = tr("{title} was saved to {path}", title=title, path=str(out))
    window.statusBar().showMessage(message, 8000)
    _notice(window, tr("Excel workbook saved"), message, "excelExportDone")
    return out
