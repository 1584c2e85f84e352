"""File > Export > "Bundle for the national platform…": the current assessment as the next
revision of its bundle, with its PDF report inside.

Installed by ``MainWindow._build_feature_menus``. The export itself is the core's
:func:`resilience_desktop.bundle.export_bundle` (atomic; each export a new recorded revision).
It reads the workspace, so it runs on the GUI thread like every workspace access, behind a
wait cursor: the demo's bundle takes well under a second.
"""

from __future__ import annotations

__all__ = ["install", "export_bundle_dialog"]

from pathlib import Path

from PySide6.QtWidgets import QMainWindow

from ...bundle import export_bundle
from ...i18n.catalog import tr
from ...safety.tempfiles import temp_dir
from ...i18n.language import Language
from .export_dialog import export_language
from .file_actions import add_file_action, run_busy, suggested_path
from .report.pdf_report import write_report_pdf

STATUS_MS = 10_000


def install(window: QMainWindow) -> None:
    """Add the action to ``window.export_menu``; it is enabled while an assessment is open."""
    add_file_action(window.export_menu, tr("Bundle for the national platform…"), "exportBundle",
                    lambda: export_bundle_dialog(window),
                    lambda: (window.model.ws is not None and window.model.assessment_id is not None
                             and not window.model.ws.read_only))


def export_bundle_dialog(window: QMainWindow, path: Path | None = None, *, with_report: bool = True,
                         queue: bool = True) -> bool:
    """Ask where (unless ``path`` is given) and export the current assessment's bundle; with
    ``queue`` (the dialog's "Queue for sync" box) it is queued for every sync destination."""
    ws, aid = window.model.ws, window.model.assessment_id
    if ws is None or aid is None:
        return False
    code = export_language(window)  # the report inside: the exports' language (remembered), else the interface's
    if path is None:
        from ..sync.sync_actions import ask_bundle_path
        suggested = suggested_path(f"{ws.get_assessment(aid).city}-bundle", ".zip", fallback="bundle")
        path, queue = ask_bundle_path(window, tr("Export bundle"), suggested)
        if path is None:
            return False

    def work():  # noqa: ANN202
        with temp_dir("rd-report-") as tmp:
            report = None
            if with_report:
                report = Path(tmp) / "report.pdf"
                write_report_pdf(ws, aid, report, lang=Language.get(code))
            return export_bundle(ws, aid, path, report_pdf=report, queue=queue)
    ok, result = run_busy(window, work, failed=tr("Cannot export the bundle"))
    if ok:
        message = tr("Bundle revision {revision} saved to {path}", revision=result.revision, path=path)
        if result.queued_for:
            message += " · " + tr("queued for sync to {names}", names=", ".join(result.queued_for))
        window.statusBar().showMessage(message, STATUS_MS)
    return ok
