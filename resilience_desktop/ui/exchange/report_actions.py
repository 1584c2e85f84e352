"""File > Export > "Report (PDF)…" and "Answers (CSV)…" for the assessment being worked on.

Installed by ``MainWindow._build_feature_menus`` (and again whenever the menus are rebuilt,
e.g. on a language switch). The report is written in the language chosen in the save dialog
(by default the interface language), without comments
marked private (the command line has ``--include-private``); its map page shows the workspace's
visible layers.
"""

from __future__ import annotations

__all__ = ["install", "export_report", "export_answers_csv"]

from pathlib import Path
from typing import Callable

from PySide6.QtWidgets import QMainWindow

from ...report.answers_csv import write_answers_csv
from ...i18n.catalog import tr
from ...i18n.language import Language
from .export_dialog import ask_export_path, export_language
from .file_actions import add_file_action, run_busy, suggested_path
from .report.pdf_report import write_report_pdf

STATUS_MS = 10_000


def install(window: QMainWindow) -> None:
    """Add the two export actions to ``window.export_menu``; they are enabled while an assessment is open."""
    def assessment_open() -> bool:
        return window.model.ws is not None and window.model.assessment_id is not None

    add_file_action(window.export_menu, tr("Report (PDF)…"), "exportReportPdf", lambda: export_report(window),
                    assessment_open)
    add_file_action(window.export_menu, tr("Answers (CSV)…"), "exportAnswersCsv",
                    lambda: export_answers_csv(window), assessment_open)


def _suggested_name(window: QMainWindow, suffix: str) -> Path:
    a = window.model.ws.get_assessment(window.model.assessment_id)
    return suggested_path(a.title, suffix, fallback="assessment")


def _ask_path(window: QMainWindow, title: str, suffix: str, filter_text: str) -> tuple[Path, str] | None:
    return ask_export_path(window, title, _suggested_name(window, suffix), suffix, filter_text)


def _run(window: QMainWindow, write: Callable[[Path], None], path: Path, *, done: str, failed: str) -> bool:
    ok, _ = run_busy(window, lambda: write(path), failed=failed)
    if ok:
        window.statusBar().showMessage(done.format(path=path), STATUS_MS)
    return ok


def _where(window: QMainWindow, path: Path | None, lang: str | None, title: str, suffix: str,
           filter_text: str) -> tuple[Path, str] | None:
    if path is not None:
        return path, lang or export_language(window)
    return _ask_path(window, title, suffix, filter_text)


def _export_current(window: QMainWindow, path: Path | None, lang: str | None, write, where: tuple[str, str, str],
                    done: str, failed: str) -> bool:
    """Ask where and in which language (unless ``path`` is given), then ``write(ws, aid, path, lang=...)``
    the current assessment."""
    if window.model.ws is None or window.model.assessment_id is None:
        return False
    chosen = _where(window, path, lang, *where)
    if chosen is None:
        return False
    path, code = chosen
    ws, aid = window.model.ws, window.model.assessment_id
    return _run(window, lambda p: write(ws, aid, p, lang=Language.get(code)), path, done=done, failed=failed)


def export_report(window: QMainWindow, path: Path | None = None, lang: str | None = None) -> bool:
    """Ask where and in which language (unless ``path`` is given) and write the current assessment's PDF report."""
    return _export_current(window, path, lang, write_report_pdf, (tr("Save report"), ".pdf", tr("PDF documents (*.pdf)")),
                           done=tr("Report saved to {path}"), failed=tr("Cannot write the report"))


def export_answers_csv(window: QMainWindow, path: Path | None = None, lang: str | None = None) -> bool:
    """Ask where and in which language (unless ``path`` is given) and write the answers as CSV."""
    return _export_current(window, path, lang, write_answers_csv, (tr("Export answers"), ".csv", tr("CSV tables (*.csv)")),
                           done=tr("Answers saved to {path}"), failed=tr("Cannot export the answers"))
