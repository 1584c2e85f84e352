"""Action items of one question: what to do, who does it, by when, and its status."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QHeaderView, QLineEdit, QMessageBox, QPushButton, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from ...i18n.catalog import tr
from ...workspace.facade import ACTION_STATUSES
from .commands import add_action_command, edit_action_command, remove_action_command
from ..dialogs.error_dialog import show_error
from ...workspace.labels import action_status_label as status_label
from ..workspace_model import WorkspaceModel

_COLUMNS = ("action", "responsible", "timescale", "status")


class ActionsWidget(QWidget):
    def __init__(self, model: WorkspaceModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.question_id: str | None = None
        self._refreshing = False
        layout = QVBoxLayout(self)
        form = QHBoxLayout()
        self.action_edit = QLineEdit(objectName="newAction")
        self.action_edit.setPlaceholderText(tr("Action to achieve the highest score"))
        self.responsible_edit = QLineEdit()
        self.responsible_edit.setPlaceholderText(tr("Responsible institution"))
        self.timescale_edit = QLineEdit()
        self.timescale_edit.setPlaceholderText(tr("Timescale"))
        self.add_button = QPushButton(tr("Add action"))
        self.add_button.clicked.connect(self.add_from_form)
        # Enter in any of the three fields adds the action (the keyboard never has to reach the button).
        for edit in (self.action_edit, self.responsible_edit, self.timescale_edit):
            edit.returnPressed.connect(self.add_from_form)
        self.action_edit.setAccessibleName(tr("Action to achieve the highest score"))
        self.responsible_edit.setAccessibleName(tr("Responsible institution"))
        self.timescale_edit.setAccessibleName(tr("Timescale"))
        form.addWidget(self.action_edit, 3)
        form.addWidget(self.responsible_edit, 2)
        form.addWidget(self.timescale_edit, 1)
        form.addWidget(self.add_button)
        self.table = QTableWidget(0, 4, objectName="actionTable")
        self.table.setHorizontalHeaderLabels([tr("Action"), tr("Responsible"), tr("Timescale"), tr("Status")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setAccessibleName(tr("Action items"))
        self.table.itemChanged.connect(self._item_changed)
        self.remove_button = QPushButton(tr("Remove action"))
        self.remove_button.clicked.connect(lambda: self.remove_selected(confirm=True))
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.remove_button)
        layout.addLayout(row)

    def set_question(self, question_id: str | None) -> None:
        self.question_id = question_id
        self.refresh()

    def refresh(self) -> None:
        ws, aid = self.model.ws, self.model.assessment_id
        self._refreshing = True
        self.table.setRowCount(0)
        if ws is not None and aid is not None and self.question_id is not None:
            for item in ws.list_actions(aid, self.question_id):
                r = self.table.rowCount()
                self.table.insertRow(r)
                for c, key in enumerate(_COLUMNS[:3]):
                    cell = QTableWidgetItem(getattr(item, key))
                    cell.setData(Qt.ItemDataRole.UserRole, item.id)
                    self.table.setItem(r, c, cell)
                combo = QComboBox()
                for s in ACTION_STATUSES:
                    combo.addItem(status_label(s), s)
                combo.setCurrentIndex(ACTION_STATUSES.index(item.status))
                combo.currentIndexChanged.connect(
                    lambda _i, xid=item.id, combo=combo, old=item.status: self._edit(xid, {"status": old},
                                                                                     {"status": combo.currentData()}))
                self.table.setCellWidget(r, 3, combo)
            writable = not ws.read_only
            for w in (self.add_button, self.remove_button, self.action_edit):
                w.setEnabled(writable)
        self._refreshing = False

    def count(self) -> int:
        return self.table.rowCount()

    def add_from_form(self) -> None:
        if self.add(self.action_edit.text(), self.responsible_edit.text(), self.timescale_edit.text()):
            for e in (self.action_edit, self.responsible_edit, self.timescale_edit):
                e.clear()

    def add(self, action: str, responsible: str = "", timescale: str = "") -> bool:
        ws, aid = self.model.ws, self.model.assessment_id
        if ws is None or aid is None or self.question_id is None:
            return False
        try:
            xid = ws.add_action(aid, self.question_id, action, responsible=responsible, timescale=timescale)
        except Exception as exc:
            show_error(self, exc, title=tr("Cannot add the action"))
            return False
        cmd = add_action_command(ws, xid, action)
        cmd.done = True
        self.model.undo_stack.push(cmd)
        return True

    def _item_changed(self, cell: QTableWidgetItem) -> None:
        if self._refreshing:
            return
        xid = cell.data(Qt.ItemDataRole.UserRole)
        key = _COLUMNS[cell.column()]
        old = next(a for a in self.model.ws.list_actions(self.model.assessment_id) if a.id == xid)
        self._edit(xid, {key: getattr(old, key)}, {key: cell.text()})

    def _edit(self, xid: str, old: dict[str, str], new: dict[str, str]) -> None:
        if self._refreshing or old == new:
            return
        try:
            self.model.execute(edit_action_command(self.model.ws, xid, old, new))
        except Exception as exc:
            show_error(self, exc)
            self.refresh()

    def remove_selected(self, *, confirm: bool) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        xid = self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)
        text = self.table.item(row, 0).text()
        if confirm and QMessageBox.question(
                self, tr("Remove action"), tr("Remove the action “{a}”?", a=text),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No) != QMessageBox.StandardButton.Yes:
            return
        self.model.execute(remove_action_command(self.model.ws, xid, text))
