"""The Sync view in the main window: the view, its View-menu entry, the status-bar line, and the
"queue for sync" choice offered when a bundle is exported.

:func:`install_view` is called from ``MainWindow._build_views`` and :func:`install` from
``MainWindow._build_feature_menus``.
"""

from __future__ import annotations

__all__ = ["install_view", "install", "ask_bundle_path"]

from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QFileDialog, QGridLayout, QLabel, QMainWindow

from ...i18n.catalog import tr
from .sync_view import SyncView


def install_view(window: QMainWindow) -> SyncView:
    view = SyncView(window.model, window.stack)
    view.setObjectName("syncView")
    window._add_view("sync", view)
    window.sync_view = view
    old = getattr(window, "sync_status_label", None)
    if old is not None:  # the window is rebuilt (language change): one status line, not two
        window.statusBar().removeWidget(old)
        old.deleteLater()
    label = SyncStatusLabel(view)
    window.statusBar().addPermanentWidget(label)
    window.sync_status_label = label
    return view


class SyncStatusLabel(QLabel):
    """The status-bar line: "delivered rev N to national · 10:42" or "2 waiting (offline)"."""

    def __init__(self, view: SyncView):
        super().__init__()
        self.setObjectName("syncStatus")
        self.view = view
        view.sig_sync_finished.connect(self.show_text)
        view.model.sig_changed.connect(self.on_changed)
        view.model.sig_workspace_replaced.connect(self.update_text)
        self.update_text()

    def on_changed(self, event) -> None:
        if event.entity in ("outbox", "destination"):
            self.update_text()

    def update_text(self) -> None:
        self.show_text(self.view.status_text() if self.view.model.ws is not None else "")

    def show_text(self, text: str) -> None:
        """Show ``text``; hidden while there is nothing to say (no destination, empty outbox)."""
        self.setText(text)
        self.setVisible(bool(text))


def install(window: QMainWindow, view_menu) -> None:
    window._action(view_menu, tr("S&ync"), lambda: window.show_view("sync"), "Ctrl+7", name="syncAction")


def ask_bundle_path(window: QMainWindow, title: str, suggested: Path) -> tuple[Path | None, bool]:
    """Where to export a bundle and whether to queue it for sync (offered when destinations exist).

    Returns ``(None, False)`` when cancelled. The chosen name always ends in ``.zip``.
    """
    ws = window.model.ws
    names = [d.name for d in ws.outbox.destinations()] if ws is not None else []
    if not names:  # nothing to sync to: the plain save dialog, as before sync existed
        from ..exchange.file_actions import ask_save_path
        return ask_save_path(window, title, suggested, ".zip", tr("Bundles (*.zip)")), False
    dialog = QFileDialog(window, title, str(suggested), tr("Bundles (*.zip)"))
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setObjectName("exportBundleDialog")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)  # a native dialog cannot hold the check box
    check = QCheckBox(tr("Queue for sync to: {names}", names=", ".join(names)), dialog)
    check.setObjectName("queueForSync")
    check.setChecked(True)
    grid = dialog.layout()
    if isinstance(grid, QGridLayout):
        grid.addWidget(check, grid.rowCount(), 0, 1, grid.columnCount())
    if not dialog.exec() or not dialog.selectedFiles():
        return None, False
    from ..exchange.file_actions import finish_save_path
    path = finish_save_path(window, title, dialog.selectedFiles()[0], ".zip")
    return (path, check.isChecked()) if path is not None else (None, False)
