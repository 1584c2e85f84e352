"""The Sync view (resilience_desktop/ui/sync/): destinations, the outbox, Sync now on a worker, the
status bar, and "Queue for sync" in the bundle export dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialogButtonBox, QFileDialog

from resilience_desktop.bundle import export_bundle
from resilience_desktop.ui.sync.destination_dialog import DestinationDialog
from resilience_desktop.ui.exchange.bundle_actions import export_bundle_dialog

from ..sync.helpers import free_port
from .helpers import error_dialogs

pytestmark = pytest.mark.ui


def _column(table, col: int) -> list[str]:
    return [table.item(r, col).text() for r in range(table.rowCount())]


def test_sync_view_lists_destinations_and_sends_to_a_folder(demo_window, qtbot, tmp_path):
    w = demo_window
    w.show_view("sync")
    view = w.sync_view
    assert w.current_view() == "sync" and not view.sync_button.isEnabled()  # no destination yet
    assert view.summary_label.text() == "Add a destination to sync this workspace."
    usb = tmp_path / "usb"
    usb.mkdir()
    dialog = DestinationDialog(w.model.ws.outbox, None, view)
    qtbot.addWidget(dialog)
    dialog.name_edit.setText("USB stick")
    dialog.target_edit.setText("http://platform.example.kg")       # refused: shown, the dialog stays open
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert "only to this machine" in dialog.error_label.text() and w.model.ws.outbox.destinations() == []
    dialog.target_edit.setText(str(usb))
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert _column(view.destinations, 0) == ["USB stick"] and view.sync_button.isEnabled()

    export_bundle(w.model.ws, w.model.assessment_id, tmp_path / "r1.zip")
    assert _column(view.outbox, 0) == ["r1.zip"] and _column(view.outbox, 4) == ["queued"]
    task = view.sync_now()
    assert task is not None and not view.sync_button.isEnabled()     # the window stays usable meanwhile
    qtbot.waitUntil(lambda: view.task is None, timeout=30_000)
    assert _column(view.outbox, 4) == ["sending"]
    assert "waiting for the platform's receipt" in view.outbox.item(0, 6).text()
    assert w.sync_status_label.text() == "1 waiting"
    assert len(list((usb / "outbox").iterdir())) == 1 and not error_dialogs()


def test_offline_destination_shows_failed_with_the_reason_and_waiting_in_the_status_bar(demo_window, qtbot, tmp_path):
    w = demo_window
    w.model.ws.outbox.add_destination("national", f"http://127.0.0.1:{free_port()}", token="rdt_x")
    export_bundle(w.model.ws, w.model.assessment_id, tmp_path / "r1.zip")
    view = w.sync_view
    w.show_view("sync")
    view.sync_now()
    qtbot.waitUntil(lambda: view.task is None, timeout=30_000)
    assert _column(view.outbox, 4) == ["failed"]
    assert view.outbox.item(0, 4).data(Qt.ItemDataRole.UserRole) == "failed"
    assert "cannot reach" in view.outbox.item(0, 6).text()
    assert w.sync_status_label.text() == "1 waiting (offline)"
    view.destinations.selectRow(0)
    view.test_connection()
    qtbot.waitUntil(lambda: view.test_label.text().startswith("✗"), timeout=30_000)


def test_export_dialog_offers_queue_for_sync(demo_window, monkeypatch, tmp_path):
    w = demo_window
    w.model.ws.outbox.add_destination("national", "http://127.0.0.1:9", token="rdt_x")
    seen = {}

    def fake_exec(dialog):  # the user types a name and unticks the box
        box = dialog.findChild(QCheckBox, "queueForSync")
        seen["label"], seen["checked"] = box.text(), box.isChecked()
        box.setChecked(False)
        dialog.selectFile(str(tmp_path / "unqueued"))
        return 1
    monkeypatch.setattr(QFileDialog, "exec", fake_exec)
    assert export_bundle_dialog(w, with_report=False)
    assert seen == {"label": "Queue for sync to: national", "checked": True}
    assert (tmp_path / "unqueued.zip").exists() and w.model.ws.outbox.items() == []
    assert export_bundle_dialog(w, tmp_path / "queued.zip", with_report=False)  # the default: queued
    assert [i.bundle for i in w.model.ws.outbox.items()] == ["queued.zip"]
    assert w.statusBar().currentMessage().endswith("queued for sync to national")


def test_sync_view_in_russian(demo_window):
    w = demo_window
    w.set_ui_language("ru")
    w.show_view("sync")
    assert w.sync_view.sync_button.text() == "Синхронизировать"


def test_a_destination_without_its_token_here_asks_for_it_and_takes_it(demo_window, qtbot, monkeypatch):
    from resilience_desktop.store import secrets
    w = demo_window
    box = w.model.ws.outbox
    box.add_destination("national", f"http://127.0.0.1:{free_port()}", token="rdt_x")
    view = w.sync_view
    w.show_view("sync")
    assert view.token_label.isHidden() and _column(view.destinations, 3) == ["set"]
    # the workspace opened on another computer: the reference is there, the token is not
    secrets.delete_secret(box.destination("national").token_ref)
    view.refresh()
    assert view.token_label.isVisible() and view.token_button.isVisible()
    assert view.token_label.text() == ("The destination national needs its token again: tokens stay on the computer"
                                       " where they were entered, not in the workspace file.")
    assert _column(view.destinations, 3) == ["needed again"]
    shown = []

    def enter(dialog):
        shown.append(dialog.token_edit.placeholderText())
        dialog.token_edit.setText("rdt_again")
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
        return dialog.result()
    monkeypatch.setattr(DestinationDialog, "exec", enter)
    view.token_button.click()
    assert shown == ["needed again: this computer does not have the token"]
    assert box.destination("national").token == "rdt_again" and view.token_label.isHidden()
    assert _column(view.destinations, 3) == ["set"] and not error_dialogs()


def test_a_receipts_outcome_is_in_the_interface_language(demo_window, tmp_path):
    w = demo_window
    box = w.model.ws.outbox
    box.add_destination("usb", str(tmp_path))
    for n, outcome in enumerate(("imported", "already_imported", "older_revision")):
        export_bundle(w.model.ws, w.model.assessment_id, tmp_path / f"r{n}.zip")
        item = next(i for i in box.items() if i.bundle == f"r{n}.zip")
        box.record(item.id, "delivered", receipt={"outcome": outcome, "server_time": "2026-12-03T10:42:00+00:00"})
    w.set_ui_language("ru")
    w.show_view("sync")
    view = w.sync_view
    details = {view.outbox.item(r, 0).text(): view.outbox.item(r, 6).text() for r in range(view.outbox.rowCount())}
    assert details["r0.zip"].startswith("Импортировано · 2026-12-03 "), details
    assert details["r1.zip"].startswith("Уже импортирован · "), details
    assert details["r2.zip"].startswith("Более старая редакция · "), details


def test_a_refused_token_asks_for_a_new_one_instead_of_retry_later(demo_window, qtbot, tmp_path, monkeypatch):
    """HTTP 401 (unknown or revoked token): the status bar and the view say a new token is needed,
    with the button to enter it; a new token entered clears it until the receiver answers again."""
    from resilience_desktop.sync.transports import SendResult
    from resilience_desktop.ui.sync import sync_view as module

    def refused(jobs, **_kw):
        return [SendResult(j.item_id, "failed", None, "the receiver refused the token: revoked",
                           token_refused=True) for j in jobs]
    monkeypatch.setattr(module, "run_sync", refused)
    w = demo_window
    w.model.ws.outbox.add_destination("national", "http://127.0.0.1:9", token="rdt_old")
    export_bundle(w.model.ws, w.model.assessment_id, tmp_path / "r1.zip")
    view = w.sync_view
    w.show_view("sync")
    view.sync_now()
    qtbot.waitUntil(lambda: view.task is None, timeout=30_000)
    assert w.sync_status_label.text() == "1 waiting (a new token is needed)"
    assert "refused the token of national" in view.token_label.text()
    assert not view.token_label.isHidden() and not view.token_button.isHidden()
    assert _column(view.destinations, 3) == ["refused by the platform"]

    def type_new_token(dialog):
        dialog.token_edit.setText("rdt_new")
        dialog.accept()
        return dialog.result()
    monkeypatch.setattr(DestinationDialog, "exec", type_new_token)
    view.enter_token()
    assert w.model.ws.outbox.destination("national").token == "rdt_new"
    assert view.token_label.isHidden() and "new token" not in view.summary_label.text()
    assert _column(view.destinations, 3) == ["set"]
