"""The Losses view in the main window, File > Import > "Loss records…" and View > Losses.

Reading an export runs on the thread pool with a progress dialog that can cancel it, in two
steps: its geography units (the user confirms which one is the city, the one named like the
city preselected), then the city's records. Storing them is one transaction on the GUI thread.
"""

from __future__ import annotations

__all__ = ["install_view", "install", "import_loss_records", "read_for_city"]

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QProgressDialog

from ...i18n.catalog import language, tr
from ..dialogs.error_dialog import show_error
from ..workers import Task, run_task

if TYPE_CHECKING:  # the view (and pyqtgraph, for its chart) is imported when it is first shown
    from .losses_view import LossesView

_LAST_DIR = "losses/last_dir"


def install_view(window) -> LossesView:
    from .losses_view import LossesView
    view = LossesView(window.model, window.stack)
    view.setObjectName("lossesView")
    view.sig_import_requested.connect(lambda: import_loss_records(window))
    view.sig_attach_requested.connect(lambda cid: attach_dialog(window, cid))
    window._add_view("losses", view)
    window.losses_view = view
    return view


def install(window, view_menu) -> None:
    from ..exchange.file_actions import add_file_action
    add_file_action(window.import_menu, tr("Loss records (DesInventar)…"), "importLossRecords",
                    lambda: import_loss_records(window),
                    lambda: window.model.ws is not None and not window.model.ws.read_only,
                    tip=tr("Read a city's recorded disaster losses from a DesInventar export"))
    window._action(view_menu, tr("L&osses"), lambda: window.show_view("losses"), "Ctrl+9", name="lossesAction")


def read_for_city(path: Path, geo_code: str | None, city_name: str, *, progress=None, cancelled=None):
    """The worker's part: the city's records and the file's sha256."""
    from ...workspace.losses import file_sha256
    from ...loss.desinventar import read_desinventar
    imp = read_desinventar(path, city_name=city_name, geo_code=geo_code, progress=progress, cancelled=cancelled)
    return imp, file_sha256(path)


def _progress(window, text: str) -> QProgressDialog:
    p = QProgressDialog(text, tr("Cancel"), 0, 0, window)
    p.setWindowModality(Qt.WindowModality.WindowModal)
    p.setMinimumDuration(400)
    p.setAutoClose(False)
    return p


def _dismiss(p: QProgressDialog) -> None:
    p.hide()  # not close(): that emits canceled()
    p.deleteLater()


def import_loss_records(window, path: Path | None = None) -> Task | None:
    ws = window.model.ws
    cid = window.losses_view.city_id()
    if ws is None or ws.read_only or cid is None:
        return None
    if path is None:
        folder = str(window.settings.value(_LAST_DIR, str(Path.home())))
        chosen, _ = QFileDialog.getOpenFileName(window, tr("Import loss records"), folder,
                                                tr("DesInventar exports (*.zip *.xml);;All files (*)"))
        if not chosen:
            return None
        path = Path(chosen)
        window.settings.setValue(_LAST_DIR, str(path.parent))
    city = ws.get_city(cid)
    progress = _progress(window, tr("Reading {name}…", name=path.name))

    def on_units(units) -> None:
        _dismiss(progress)
        code = confirm_unit(window, units, city.name)
        if code is False:
            return
        _read_records(window, ws, cid, city.name, path, code)

    def on_error(exc: BaseException) -> None:
        _dismiss(progress)
        if not task.cancelled():
            show_error(window, exc, title=tr("Cannot import loss records"))

    from ...loss.desinventar import read_units
    task = run_task(read_units, path, on_done=on_units, on_error=on_error, parent=window)
    progress.canceled.connect(task.cancel)
    return task


def confirm_unit(window, units, city_name: str):
    """The code of the unit the user confirms as the city (``None``: match by name; ``False``: cancelled)."""
    if not units:
        return None  # no geography tables: the records' own names are matched
    from ...loss.desinventar import suggest_unit
    suggested = suggest_unit(units, city_name)
    labels = [f"{u.name} ({u.code})" + (f" — {u.name_en}" if u.name_en and language() != "ru" else "")
              for u in units]
    index = units.index(suggested) if suggested else 0
    label, ok = QInputDialog.getItem(window, tr("Which place is the city?"), tr(
        "Records are kept when filed under this geography unit (or below it). Suggested from the city's "
        "name {city}:", city=city_name), labels, index, False)
    return units[labels.index(label)].code if ok else False


def _read_records(window, ws, cid: str, city_name: str, path: Path, code: str | None) -> Task:
    progress = _progress(window, tr("Reading the records of {name}…", name=path.name))

    def on_progress(done: int, total: int) -> None:
        if total:
            progress.setMaximum(total)
            progress.setValue(min(done, total))

    def on_done(result) -> None:
        _dismiss(progress)
        imp, sha = result
        if window.model.ws is not ws:
            return
        try:
            ws.add_loss_import(cid, imp, source_sha256=sha)
        except Exception as exc:
            show_error(window, exc, title=tr("Cannot import loss records"))
            return
        window.show_view("losses")
        QMessageBox.information(window, tr("Loss records imported"), tr(
            "{n} records imported for {city}; {excluded} unpublished records left out; {elsewhere} records of "
            "other places not imported.", n=len(imp.records), city=city_name, excluded=imp.excluded,
            elsewhere=imp.elsewhere))

    def on_error(exc: BaseException) -> None:
        _dismiss(progress)
        if not task.cancelled():
            show_error(window, exc, title=tr("Cannot import loss records"))

    task = run_task(read_for_city, path, code, city_name, on_done=on_done, on_error=on_error,
                    on_progress=on_progress, parent=window)
    progress.canceled.connect(task.cancel)
    return task


def attach_dialog(window, city_id: str) -> str | None:
    """Attach the city's loss summary (a CSV table) to a question of the current assessment."""
    ws, aid = window.model.ws, window.model.assessment_id
    if ws is None or aid is None:
        return None
    from ...scorecard import tr_text
    from ..assessment.commands import add_evidence_command
    card = ws.scorecard_of(aid)
    qs = list(card.active_questions)
    labels = [f"{q.id} — {tr_text(q.topic, language())}" for q in qs]
    label, ok = QInputDialog.getItem(window, tr("Attach to question"), tr("Question:"), labels, 0, False)
    if not ok:
        return None
    try:
        eid = ws.attach_loss_evidence(city_id, aid, qs[labels.index(label)].id)
    except Exception as exc:
        show_error(window, exc)
        return None
    cmd = add_evidence_command(ws, eid, tr("Loss summary"))
    cmd.done = True
    window.model.undo_stack.push(cmd)
    return eid
