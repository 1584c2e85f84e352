"""Workshop scoring: each stakeholder group's proposed score for a question, and their spread.

The agreed score stays a separate, explicit choice (the level cards); proposals never set it.
"""

from __future__ import annotations

import statistics

from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from ...i18n.catalog import tr, trn
from .commands import stakeholder_score_command
from .lock_icon import lock_icon
from ..dialogs.error_dialog import show_error
from ..workspace_model import WorkspaceModel


class StakeholdersWidget(QWidget):
    def __init__(self, model: WorkspaceModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.question_id: str | None = None
        layout = QVBoxLayout(self)
        form = QHBoxLayout()
        self.group_edit = QLineEdit(objectName="stakeholderName")
        self.group_edit.setPlaceholderText(tr("Stakeholder group, e.g. Water utility"))
        self.score_combo = QComboBox(objectName="stakeholderScore")
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(tr("Why (optional)"))
        self.private_check = QCheckBox(tr("Private"), objectName="stakeholderNotePrivate")
        self.private_check.setIcon(lock_icon(True))
        self.private_check.setToolTip(tr("Keep this note off the projector, reports and bundles"))
        self.record_button = QPushButton(tr("Record proposal"))
        self.record_button.clicked.connect(self.record_from_form)
        form.addWidget(self.group_edit, 2)
        form.addWidget(self.score_combo)
        form.addWidget(self.note_edit, 3)
        form.addWidget(self.private_check)
        form.addWidget(self.record_button)
        self.spread = QLabel(objectName="stakeholderSpread")
        self.spread.setWordWrap(True)
        self.table = QTableWidget(0, 3, objectName="stakeholderTable")
        self.table.setHorizontalHeaderLabels([tr("Stakeholder group"), tr("Proposed"), tr("Note")])
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.remove_button = QPushButton(tr("Remove proposal"))
        self.remove_button.clicked.connect(self.remove_selected)
        layout.addLayout(form)
        layout.addWidget(self.spread)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("The agreed score is set with the level cards above."), objectName="muted"), 1)
        row.addWidget(self.remove_button)
        layout.addLayout(row)

    def set_question(self, question_id: str | None) -> None:
        self.question_id = question_id
        ws, aid = self.model.ws, self.model.assessment_id
        self.score_combo.clear()
        if ws is not None and aid is not None:
            card = ws.scorecard_of(aid)
            for s in range(card.max_score, card.min_score - 1, -1):
                self.score_combo.addItem(str(s), s)
            self.score_combo.addItem(tr("N/A"), "na")
        self.refresh()

    def refresh(self) -> None:
        self.table.setRowCount(0)
        ws, aid, qid = self.model.ws, self.model.assessment_id, self.question_id
        if ws is None or aid is None or qid is None:
            return
        rows = ws.stakeholder_scores(aid, qid)
        for r, s in enumerate(rows):
            self.table.insertRow(r)
            self.table.setItem(r, 0, QTableWidgetItem(s.stakeholder))
            self.table.setItem(r, 1, QTableWidgetItem(tr("N/A") if s.na else str(s.score)))
            note = QTableWidgetItem(s.note)
            if s.note_private:
                note.setIcon(lock_icon(True, "#b3261e"))
                note.setToolTip(tr("Private: not projected, not in reports or bundles"))
            self.table.setItem(r, 2, note)
        self.table.resizeColumnToContents(0)
        scores = [s.score for s in rows if s.score is not None]
        if scores:
            self.spread.setText(trn("{n} proposal · lowest {lo} · highest {hi} · median {med}",
                                    "{n} proposals · lowest {lo} · highest {hi} · median {med}", len(rows), lo=min(scores), hi=max(scores), med=statistics.median(scores)))
        else:
            self.spread.setText(tr("No proposals yet. Record what each group proposes, then agree the score."))
        writable = not ws.read_only
        self.record_button.setEnabled(writable)
        self.remove_button.setEnabled(writable)

    def count(self) -> int:
        return self.table.rowCount()

    def spread_text(self) -> str:
        return self.spread.text()

    def record_from_form(self) -> None:
        data = self.score_combo.currentData()
        if self.record(self.group_edit.text(), None if data == "na" else data, data == "na", self.note_edit.text(),
                       self.private_check.isChecked()):
            self.group_edit.clear()
            self.note_edit.clear()
            self.private_check.setChecked(False)

    def record(self, group: str, score: int | None, na: bool = False, note: str = "",
               note_private: bool = False) -> bool:
        ws, aid, qid = self.model.ws, self.model.assessment_id, self.question_id
        if ws is None or aid is None or qid is None:
            return False
        existing = {s.stakeholder: s for s in ws.stakeholder_scores(aid, qid)}
        group = group.strip()
        old = existing.get(group)
        old_value = _value(old) if old else None
        try:
            self.model.execute(stakeholder_score_command(ws, aid, qid, group, old_value,
                                                       {"score": score, "na": na, "note": note,
                                                        "note_private": note_private}))
        except Exception as exc:
            show_error(self, exc)
            return False
        return True

    def remove_selected(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        group = self.table.item(row, 0).text()
        ws, aid, qid = self.model.ws, self.model.assessment_id, self.question_id
        old = next(s for s in ws.stakeholder_scores(aid, qid) if s.stakeholder == group)
        self.model.execute(stakeholder_score_command(ws, aid, qid, group, _value(old), None))


def _value(s) -> dict:
    """What a stakeholder proposal command needs to put ``s`` back."""
    return {"score": s.score, "na": s.na, "note": s.note, "note_private": s.note_private}
