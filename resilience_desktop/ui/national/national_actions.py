"""The national view in the main window: File > Open national store…, View > National, drill-down.

:func:`install_view` is called from ``MainWindow._build_views`` and :func:`install` from
``MainWindow._build_feature_menus``. A drill-down rebuilds the chosen stored revisions into a
temporary workspace (:func:`resilience_desktop.national.drilldown.rebuild_workspace`) and opens
it read-only in a second main window with its own throw-away settings, so the user's recent
files and last workspace are untouched; the folder is removed when that window closes.
"""

from __future__ import annotations

__all__ = ["install_view", "install", "open_national", "choose_national", "open_revisions", "export", "write_export",
           "choose_basemap", "set_basemap", "set_builtin_basemap", "RECENT_KEY", "BASEMAP_KEY",
           "BUILTIN_BASEMAP_KEY", "RULE_KEY"]

import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QSignalBlocker, Qt
from PySide6.QtWidgets import QDialog

from ...errors import NationalStoreError
from ...i18n.catalog import tr
from ...safety import csv_safe
from ..dialogs.error_dialog import show_error

if TYPE_CHECKING:  # the view (and pyqtgraph, for its trend chart) is imported when it is first shown
    from ...national.sendai import E2Rule
    from .national_view import NationalView

RECENT_KEY = "national/recent"
BASEMAP_KEY = "national/basemap"
RULE_KEY = "national/e2_rule"
BUILTIN_BASEMAP_KEY = "national/builtin_basemap"
_MAX_RECENT = 8


def install_view(window) -> NationalView:
    from .national_view import NationalView
    view = NationalView(window.stack)
    view.setObjectName("nationalView")
    view.sig_open_revisions.connect(lambda chosen, other: open_revisions(window, chosen, other))
    view.sig_export.connect(lambda kind: export(window, kind))
    view.sig_choose_basemap.connect(lambda: choose_basemap(window))
    saved = window.settings.value(RULE_KEY)
    if saved:  # the platform's own reading of the national strategy, kept between sessions
        view.apply_rule(str(saved))
    view.sig_rule_changed.connect(lambda text: window.settings.setValue(RULE_KEY, text))
    view.sig_clear_basemap.connect(lambda: set_basemap(window, None))
    view.sig_builtin_basemap_toggled.connect(lambda on: set_builtin_basemap(window, on))
    builtin = str(window.settings.value(BUILTIN_BASEMAP_KEY, "true")).lower() != "false"
    with QSignalBlocker(view.builtin_basemap_action):  # restoring the setting, not a user's change
        view.builtin_basemap_action.setChecked(builtin)
    view.map.set_builtin_basemap(builtin)
    window._add_view("national", view)
    window.national_view = view
    window.destroyed.connect(lambda *_: _close_store(view))
    return view


def install(window, view_menu) -> None:
    window._action(view_menu, tr("&National view"), lambda: window.show_view("national"), "Ctrl+8",
                   name="nationalAction")
    file_menu = window.recent_menu.parentWidget()
    act = window._action(file_menu, tr("Open national s&tore…"), lambda: choose_national(window),
                         name="openNationalAction")
    actions = file_menu.actions()
    after = actions.index(window.recent_menu.menuAction()) + 1
    file_menu.removeAction(act)
    file_menu.insertAction(actions[after] if after < len(actions) else None, act)


def _recent(window) -> list[str]:
    value = window.settings.value(RECENT_KEY, [])
    return [str(v) for v in ([value] if isinstance(value, str) else (value or []))]


def choose_national(window) -> bool:
    """Ask for an SQLite file (typed, recent or browsed) or a ``postgresql://`` URL and open it."""
    from .open_store_dialog import OpenStoreDialog
    dialog = OpenStoreDialog(_recent(window), window)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.address():
        return False
    return open_national(window, dialog.address())


def _close_store(view: NationalView) -> None:
    if view.store is not None:
        if view.task is not None and not view.task.done:
            view.task.cancel()
        view.store.close()
        view.store = None


def open_national(window, url: str, *, wait: bool = False) -> bool:
    """Open the national store at ``url`` in the national view; on failure say why and keep the current one.

    The store is read on a worker thread; ``wait`` returns only when the view shows it (``--screenshot``, tests).
    """
    from ...national import open_store
    text = str(url)
    try:
        if not text.startswith(("postgresql://", "postgres://")):
            path = Path(text[len("sqlite:///"):] if text.startswith("sqlite:///") else text)
            if not path.is_file():  # the view only reads: never create an empty store by mistake
                raise NationalStoreError(tr("no national store at {path}", path=path))
        store = open_store(text, create=False)  # a PostgreSQL database without a store is refused, not made one
    except Exception as exc:  # noqa: BLE001 - shown to the user, the current store stays
        show_error(window, exc, title=tr("Cannot open the national store"))
        return False
    view: NationalView = window.national_view
    view.wait_loaded()  # the worker reading the old store ends before that store is closed
    old = view.store
    view.set_store(store)
    if old is not None:
        old.close()
    recent = [text] + [r for r in _recent(window) if r != text]
    window.settings.setValue(RECENT_KEY, recent[:_MAX_RECENT])
    window.show_view("national")
    if wait:
        view.wait_loaded()
    basemap = window.settings.value(BASEMAP_KEY)
    if basemap and view.map.picture.basemap is None and Path(str(basemap)).is_file():
        set_basemap(window, str(basemap))
    return True


#: Export kinds: (dialog title, suffix, file filter).
_EXPORTS = {"pdf": ("National report (PDF)…", ".pdf", "PDF (*.pdf)"),
            "xlsx": ("National workbook (XLSX)…", ".xlsx", "Excel (*.xlsx)"),
            "e2-csv": ("Sendai E-2 (CSV)…", ".csv", "CSV (*.csv)"),
            "e2-xlsx": ("Sendai E-2 (XLSX)…", ".xlsx", "Excel (*.xlsx)")}


def write_export(store, kind: str, path: Path, *, rule: E2Rule | None = None,
                 overdue_months: float | None = None) -> Path:
    """Write one national output of ``kind`` (see :data:`_EXPORTS`) from ``store`` to ``path``, by the
    view's E-2 ``rule`` and overdue months (the defaults when not given), so the file says what the view does."""
    from ...atomic import atomic_target
    from ...national.report import national_data, write_e2_xlsx, write_national_xlsx
    from ...national.sendai import e2_csv, sendai_e2
    from ...national.sendai import DEFAULT_E2_RULE
    from ...national.views import DEFAULT_OVERDUE_MONTHS, shown_url
    rule = rule or DEFAULT_E2_RULE
    months = DEFAULT_OVERDUE_MONTHS if overdue_months is None else overdue_months
    if kind == "pdf":
        from .report_pdf import write_national_pdf
        data = national_data(store, rule=rule, overdue_months=months)
        data["source"] = shown_url(store.url)
        write_national_pdf(data, path)
    elif kind == "xlsx":
        write_national_xlsx(store, path, rule=rule, overdue_months=months)
    elif kind == "e2-csv":
        with atomic_target(path) as tmp:
            tmp.write_text(e2_csv(sendai_e2(store, rule)), encoding=csv_safe.WRITE_ENCODING)
    elif kind == "e2-xlsx":
        write_e2_xlsx(sendai_e2(store, rule), path)
    else:
        raise ValueError(kind)
    return path


def export(window, kind: str) -> Path | None:
    """Ask where, then write the national report, workbook or E-2 table of the open store."""
    from ..exchange.file_actions import ask_save_path, run_busy
    store = window.national_view.store
    if store is None or kind not in _EXPORTS:
        return None
    title, suffix, filter_text = _EXPORTS[kind]
    stem = "sendai-e2" if kind.startswith("e2") else "national-report"
    path = ask_save_path(window, tr(title), Path.home() / f"{stem}{suffix}", suffix, filter_text)
    if path is None:
        return None
    view = window.national_view
    ok, _ = run_busy(window, lambda: write_export(store, kind, path, rule=view.e2_rule,
                                                  overdue_months=view.overdue.value()),
                     failed=tr("Cannot write the file"))
    if ok:
        window.statusBar().showMessage(tr("Saved {path}", path=path), 8000)
    return path if ok else None


def choose_basemap(window) -> None:
    from PySide6.QtWidgets import QFileDialog
    path, _ = QFileDialog.getOpenFileName(window, tr("Basemap…"), str(Path.home()),
                                          tr("Tile files (*.mbtiles *.pmtiles);;All files (*)"))
    if path:
        set_basemap(window, path)


def set_basemap(window, path: str | None) -> bool:
    """Draw the MBTiles or PMTiles file at ``path`` under the national map (``None``: no basemap); remembered."""
    from ...gis.pmtiles_source import open_tiles
    view: NationalView = window.national_view
    old = view.map.picture.basemap
    try:
        basemap = open_tiles(path) if path else None
    except Exception as exc:  # noqa: BLE001 - shown, the old basemap stays
        show_error(window, exc, title=tr("Cannot use this basemap"))
        return False
    view.map.set_basemap(basemap)
    if old is not None:
        old.close()
    window.settings.setValue(BASEMAP_KEY, path or "")
    return True


def set_builtin_basemap(window, on: bool) -> None:
    """Draw the shipped Natural Earth basemap under the national map, or not; remembered."""
    window.national_view.map.set_builtin_basemap(on)
    window.settings.setValue(BUILTIN_BASEMAP_KEY, "true" if on else "false")


def open_revisions(window, chosen: tuple[str, int], other: tuple[str, int] | None):
    """Open stored revision ``chosen`` (and ``other`` to compare with) read-only in a new window."""
    from ...national.drilldown import rebuild_workspace
    from ..main_window import MainWindow
    store = window.national_view.store
    if store is None:
        return None
    folder = Path(tempfile.mkdtemp(prefix="rd-national-"))
    try:
        rebuilt = rebuild_workspace(store, [chosen] + ([other] if other else []), folder / "national-revision.rdw")
    except Exception as exc:  # noqa: BLE001
        shutil.rmtree(folder, ignore_errors=True)
        show_error(window, exc, title=tr("Cannot open this revision"))
        return None
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    drill = MainWindow(settings=settings)
    drill.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    drill.destroyed.connect(lambda *_: shutil.rmtree(folder, ignore_errors=True))
    if not drill.open_workspace(folder / "national-revision.rdw", read_only=True):
        drill.close()
        return None
    drill.model.select_assessment(rebuilt[0].workspace_assessment_id)
    drill.show_view("dashboard")
    if other:
        drill.dashboard_view.set_comparison(rebuilt[1].workspace_assessment_id)
    drill.setWindowTitle(tr("{city}, revision {revision} — national store (read-only)", city=rebuilt[0].city_name,
                            revision=rebuilt[0].revision))
    drill.resize(window.size())
    drill.show()
    window._national_windows = [w for w in getattr(window, "_national_windows", []) if w.isVisible()] + [drill]
    return drill
