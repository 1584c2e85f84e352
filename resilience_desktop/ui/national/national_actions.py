"""The national view in the main window: File > Open national store…, View > National, drill-down.

:func:`install_view` is called from ``MainWindow._build_views`` and :func:`install` from
``MainWindow._build_feature_menus``. A drill-down rebuilds the chosen stored revisions into a
temporary workspace (:func:`resilience_desktop.national.drilldown.rebuild_workspace`) and opens
it read-only in a second main window with its own throw-away settings, so the user's recent
files and last workspace are untouched; the folder is removed when that window closes.
"""

from __future__ import annotations

__all__ = ["install_view", "install", "open_national", "choose_national", "open_revisions", "RECENT_KEY"]

import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QInputDialog

from ...errors import NationalStoreError
from ...i18n.catalog import tr
from ..dialogs.error_dialog import show_error
from .national_view import NationalView

RECENT_KEY = "national/recent"
_MAX_RECENT = 8


def install_view(window) -> NationalView:
    view = NationalView(window)
    view.setObjectName("nationalView")
    view.sig_open_revisions.connect(lambda chosen, other: open_revisions(window, chosen, other))
    window._add_view("national", view)
    window.national_view = view
    window.destroyed.connect(lambda *_: _close_store(view))
    return view


def install(window, view_menu) -> None:
    window._action(view_menu, tr("&National view"), lambda: window.show_view("national"), "Ctrl+8",
                   name="nationalAction")
    file_menu = window.recent_menu.parentWidget()
    act = window._action(file_menu, tr("Open &national store…"), lambda: choose_national(window),
                         name="openNationalAction")
    actions = file_menu.actions()
    after = actions.index(window.recent_menu.menuAction()) + 1
    file_menu.removeAction(act)
    file_menu.insertAction(actions[after] if after < len(actions) else None, act)


def _recent(window) -> list[str]:
    value = window.settings.value(RECENT_KEY, [])
    return [str(v) for v in ([value] if isinstance(value, str) else (value or []))]


def choose_national(window) -> None:
    """Ask for an SQLite file or a ``postgresql://`` URL (recent ones offered) and open it."""
    recent = _recent(window)
    text, ok = QInputDialog.getItem(window, tr("Open national store"),
                                    tr("An SQLite file or a postgresql:// URL:"), recent or [""], 0, True)
    if ok and text.strip():
        open_national(window, text.strip())


def _close_store(view: NationalView) -> None:
    if view.store is not None:
        view.store.close()
        view.store = None


def open_national(window, url: str) -> bool:
    """Open the national store at ``url`` in the national view; on failure say why and keep the current one."""
    from ...national import open_store
    text = str(url)
    try:
        if not text.startswith(("postgresql://", "postgres://")):
            path = Path(text[len("sqlite:///"):] if text.startswith("sqlite:///") else text)
            if not path.is_file():  # the view only reads: never create an empty store by mistake
                raise NationalStoreError(tr("no national store at {path}", path=path))
        store = open_store(text)
    except Exception as exc:  # noqa: BLE001 - shown to the user, the current store stays
        show_error(window, exc, title=tr("Cannot open the national store"))
        return False
    view: NationalView = window.national_view
    old = view.store
    view.set_store(store)
    if old is not None:
        old.close()
    recent = [text] + [r for r in _recent(window) if r != text]
    window.settings.setValue(RECENT_KEY, recent[:_MAX_RECENT])
    window.show_view("national")
    return True


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
