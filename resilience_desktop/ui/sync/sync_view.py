"""The Sync view: destinations (add, edit, remove, test), the outbox with states, receipts and
reasons, and *Sync now*. The sending runs on a worker (``sync.run_sync``); outcomes are stored
on the GUI thread. Failed items are retried by themselves when their back-off time comes."""

from __future__ import annotations

__all__ = ["SyncView"]

from datetime import datetime, timezone

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QMessageBox,
                               QProgressBar, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ...i18n.catalog import tr
from ...sync import apply_results, jobs_for, latest_by_destination, run_sync, status_line
from ...sync.transports import check_destination
from ...workspace.outbox import Outbox, needs_token_message, state_label
from ..dialogs.error_dialog import show_error
from ..workers import Task, run_task
from .destination_dialog import DestinationDialog

_STATE_COLOURS = {"delivered": "#1b7f3b", "rejected": "#b3261e", "failed": "#a15c00", "sending": "#1f5fa8",
                  "queued": "#555555"}
RETRY_CHECK_MS = 30_000


def outcome_label(outcome: str) -> str:
    """A receipt's outcome code (``imported``, ``already_imported``, …) as the interface says it."""
    return {"imported": tr("Imported"), "already_imported": tr("Already imported"),
            "older_revision": tr("Older revision"), "rejected": tr("Rejected")}.get(outcome, outcome)


def _clock(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


class SyncView(QWidget):
    sig_sync_finished = Signal(str)
    """Emitted after a sync's outcomes are stored, with the status-bar line."""

    def __init__(self, model, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.task: Task | None = None
        self.offline = False
        self._claimed: list[str] = []
        self._ws = None
        self.tokenless: list[str] = []
        #: destinations whose receiver refused the token at the last attempt (unknown or revoked)
        self.token_refused: set[str] = set()
        title = QLabel(tr("Sync to the national platform"))
        title.setObjectName("viewTitle")
        title.setStyleSheet(f"font-size: {1.8 * QApplication.font().pointSizeF():.1f}pt; font-weight: 600;")
        intro = QLabel(tr("Every exported bundle is queued for each destination. An item is delivered only when the"
                          " platform's receipt says so; nothing on this computer is deleted."))
        intro.setWordWrap(True)

        self.destinations = QTableWidget(0, 4)
        self.destinations.setObjectName("destinationsTable")
        self.destinations.setHorizontalHeaderLabels([tr("Name"), tr("Kind"), tr("Address or folder"), tr("Token")])
        self._table_style(self.destinations)
        self.destinations.horizontalHeader().setStretchLastSection(False)
        self.destinations.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.destinations.itemSelectionChanged.connect(self._update_buttons)
        self.destinations.itemDoubleClicked.connect(lambda _i: self.edit_destination())
        self.add_button = QPushButton(tr("Add…"))
        self.edit_button = QPushButton(tr("Edit…"))
        self.remove_button = QPushButton(tr("Remove"))
        self.test_button = QPushButton(tr("Test connection"))
        self.add_button.clicked.connect(self.add_destination)
        self.edit_button.clicked.connect(self.edit_destination)
        self.remove_button.clicked.connect(self.remove_destination)
        self.test_button.clicked.connect(self.test_connection)
        self.test_label = QLabel()
        self.test_label.setObjectName("testResult")
        self.test_label.setWordWrap(True)
        # a workspace copied from another computer: its tokens stayed there (store/secrets.py)
        self.token_label = QLabel()
        self.token_label.setObjectName("tokenNeeded")
        self.token_label.setWordWrap(True)
        self.token_label.setStyleSheet("color: #a15c00; font-weight: 600;")
        self.token_button = QPushButton(tr("Enter token…"))
        self.token_button.setObjectName("enterTokenButton")
        self.token_button.clicked.connect(self.enter_token)
        token_row = QHBoxLayout()
        token_row.addWidget(self.token_label, 1)
        token_row.addWidget(self.token_button)
        dest_box = QGroupBox(tr("Destinations"))
        dl = QVBoxLayout(dest_box)
        dl.addLayout(token_row)
        dl.addWidget(self.destinations)
        row = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.remove_button, self.test_button):
            row.addWidget(b)
        row.addWidget(self.test_label, 1)
        dl.addLayout(row)

        self.outbox = QTableWidget(0, 7)
        self.outbox.setObjectName("outboxTable")
        self.outbox.setHorizontalHeaderLabels([tr("Bundle"), tr("Assessment"), tr("Rev."), tr("Destination"),
                                               tr("State"), tr("Attempts / next retry"), tr("Receipt or reason")])
        self._table_style(self.outbox)
        out_box = QGroupBox(tr("Outbox"))
        ol = QVBoxLayout(out_box)
        ol.addWidget(self.outbox)

        self.sync_button = QPushButton(tr("Sync now"))
        self.sync_button.setObjectName("syncNowButton")
        self.sync_button.setDefault(True)
        self.sync_button.clicked.connect(lambda: self.sync_now())
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(240)
        self.progress.hide()
        self.summary_label = QLabel()
        self.summary_label.setObjectName("syncSummary")
        bottom = QHBoxLayout()
        bottom.addWidget(self.sync_button)
        bottom.addWidget(self.progress)
        bottom.addWidget(self.summary_label, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(dest_box, 2)
        layout.addWidget(out_box, 5)
        layout.addLayout(bottom)

        self.retry_timer = QTimer(self)
        self.retry_timer.setInterval(RETRY_CHECK_MS)
        self.retry_timer.timeout.connect(self._retry_due)
        self.retry_timer.start()
        model.sig_changed.connect(self._on_changed)
        model.sig_workspace_replaced.connect(self.refresh)
        self.refresh()

    @staticmethod
    def _table_style(table: QTableWidget) -> None:
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.verticalHeader().hide()
        table.setAlternatingRowColors(True)
        table.horizontalHeader().setStretchLastSection(True)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    # ------------------------------------------------------------ reading the model
    def box(self) -> Outbox | None:
        ws = self.model.ws
        return ws.outbox if ws is not None else None

    def _on_changed(self, event) -> None:
        if event.entity in ("outbox", "destination", "assessment", "city"):
            self.refresh()

    def refresh(self) -> None:
        box = self.box()
        dests = box.destinations() if box else []
        items = box.items() if box else []
        titles = {a.id: f"{a.city} · {a.title}" for a in self.model.ws.list_assessments()} if box else {}
        with QSignalBlocker(self.destinations):
            selected = self.selected_destination()
            self.destinations.setRowCount(len(dests))
            for r, d in enumerate(dests):
                values = (d.name, tr("folder") if d.kind == "folder" else "HTTPS", d.url,
                          tr("needed again") if d.needs_token else
                          tr("refused by the platform") if d.name in self.token_refused else
                          tr("set") if d.token else ("—" if d.kind == "folder" else tr("none")))
                for c, v in enumerate(values):
                    cell = QTableWidgetItem(v)
                    if c == 3 and (d.needs_token or d.name in self.token_refused):
                        cell.setForeground(QColor(_STATE_COLOURS["failed"]))
                    self.destinations.setItem(r, c, cell)
                if d.name == selected:
                    self.destinations.selectRow(r)
        self.outbox.setRowCount(len(items))
        for r, i in enumerate(items):
            receipt = i.receipt or {}
            outcome = receipt.get("outcome", "")
            detail = (f"{outcome_label(outcome)} · {_clock(receipt.get('server_time'))}" if outcome else "") + \
                (f" — {i.reason}" if i.reason and i.reason != outcome else "")
            retry = str(i.attempts) + (f" / {_clock(i.next_retry_at)}" if i.next_retry_at else "")
            values = (i.bundle, titles.get(i.assessment_id, i.assessment_id), str(i.revision), i.destination,
                      state_label(i.state), retry, detail.strip(" —"))
            for c, v in enumerate(values):
                cell = QTableWidgetItem(v)
                if c == 4:
                    cell.setForeground(QColor(_STATE_COLOURS.get(i.state, "#000000")))
                    cell.setData(Qt.ItemDataRole.UserRole, i.state)
                if c == 6:
                    cell.setToolTip(v)
                self.outbox.setItem(r, c, cell)
        read_only = box is None or self.model.ws.read_only
        self.token_refused &= {d.name for d in dests}
        missing = [d.name for d in dests if d.needs_token]
        refused = [n for n in sorted(self.token_refused) if n not in missing]
        self.tokenless = missing + refused  # the destinations whose token is to be entered
        self.token_label.setText(" ".join(
            [needs_token_message(n)[:1].upper() + needs_token_message(n)[1:] + "." for n in missing]
            + [tr("The platform refused the token of {name} (unknown or revoked): waiting will not help; enter the"
                  " new token the platform gives you.", name=n) for n in refused]))
        self.token_label.setVisible(bool(self.tokenless))
        self.token_button.setVisible(bool(self.tokenless))
        self.token_button.setEnabled(not read_only)
        self.add_button.setEnabled(not read_only)
        self.sync_button.setEnabled(not read_only and self.task is None and bool(dests))
        self.summary_label.setText(self.status_text() if dests else tr("Add a destination to sync this workspace."))
        self._update_buttons()

    def status_text(self) -> str:
        box = self.box()
        return status_line(box.items(), offline=self.offline, token_refused=frozenset(self.token_refused)) if box else ""

    def selected_destination(self) -> str | None:
        rows = self.destinations.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.destinations.item(rows[0].row(), 0)
        return item.text() if item else None

    def _update_buttons(self) -> None:
        chosen = self.selected_destination() is not None
        writable = self.model.ws is not None and not self.model.ws.read_only
        self.edit_button.setEnabled(chosen and writable)
        self.remove_button.setEnabled(chosen and writable)
        self.test_button.setEnabled(chosen)

    # ------------------------------------------------------------ destinations
    def add_destination(self) -> None:
        if (box := self.box()) is not None:
            DestinationDialog(box, None, self).exec()

    def edit_destination(self) -> None:
        box, name = self.box(), self.selected_destination()
        if box is not None and name is not None:
            if DestinationDialog(box, box.destination(name), self).exec():
                self.token_refused.discard(name)  # perhaps a new token: the next attempt will tell
                self.refresh()

    def enter_token(self) -> None:
        """Edit the first destination whose token this computer lacks, with the token field focused."""
        box = self.box()
        if box is None or not self.tokenless:
            return
        name = self.tokenless[0]
        dialog = DestinationDialog(box, box.destination(name), self)
        dialog.token_edit.setFocus()
        if dialog.exec():
            self.token_refused.discard(name)  # a new token: the next attempt will tell
            self.refresh()

    def remove_destination(self) -> None:
        box, name = self.box(), self.selected_destination()
        if box is None or name is None:
            return
        answer = QMessageBox.question(self, tr("Remove destination"), tr(
            "Stop syncing to {name}? Its outbox items are removed; the bundle files stay.", name=name))
        if answer == QMessageBox.StandardButton.Yes:
            box.remove_destination(name)

    def test_connection(self) -> None:
        box, name = self.box(), self.selected_destination()
        if box is None or name is None:
            return
        self.test_label.setText(tr("Testing…"))
        run_task(check_destination, box.destination(name), parent=self,
                 on_done=lambda r: self.test_label.setText(("✓ " if r[0] else "✗ ") + r[1]),
                 on_error=lambda e: self.test_label.setText("✗ " + str(e)))

    # ------------------------------------------------------------ syncing
    def sync_now(self, *, due_only: bool = False) -> Task | None:
        """Claim what waits and send it on a worker; ``None`` when nothing was to send."""
        box = self.box()
        if box is None or self.task is not None or self.model.ws.read_only:
            return None
        claimed = box.claim(due_only=due_only)
        if not claimed:
            self.refresh()
            return None
        self._claimed, self._ws = [i.id for i in claimed], self.model.ws
        self.progress.setRange(0, len(claimed))
        self.progress.setValue(0)
        self.progress.show()
        self.task = run_task(run_sync, jobs_for(box, claimed), parent=self, on_done=self._on_done,
                             on_error=self._on_error, on_progress=lambda d, t: self.progress.setValue(d))
        self.refresh()
        return self.task

    def _finish(self) -> bool:
        self.task = None
        self.progress.hide()
        return self.model.ws is not None and self.model.ws is self._ws  # else the workspace was closed meanwhile

    def _on_done(self, results) -> None:
        if self._finish():
            self.offline = any(r.offline for r in results)
            apply_results(self.model.ws.outbox, results, self._claimed)
            for name, r in latest_by_destination(results, self.model.ws.outbox.items()).items():
                if r.token_refused:
                    self.token_refused.add(name)
                else:
                    self.token_refused.discard(name)
        self.refresh()
        self.sig_sync_finished.emit(self.status_text())

    def _on_error(self, exc: BaseException) -> None:
        if self._finish():
            self.model.ws.outbox.release(self._claimed)
        self.refresh()
        show_error(self, exc, title=tr("Sync failed"))

    def _retry_due(self) -> None:
        box = self.box()
        if box is None or self.task is not None or self.model.ws.read_only:
            return
        now = datetime.now(timezone.utc)
        if any(i.state == "failed" and i.next_retry_at and datetime.fromisoformat(i.next_retry_at) <= now
               for i in box.items()):
            self.sync_now(due_only=True)
