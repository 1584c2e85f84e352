"""The selected question: its text, score levels as cards, justification, evidence, actions,
stakeholder proposals and history. Every change is saved at once and can be undone."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFormLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QScrollArea,
    QSplitter, QTabWidget, QTableWidget, QTableWidgetItem, QToolButton, QVBoxLayout, QWidget,
)

from ...i18n.catalog import language, tr
from ...i18n.times import local_time_text
from ...workspace.labels import action_names, change_value, change_what
from ...scorecard import Question, tr_text
from .actions_widget import ActionsWidget
from .commands import set_answer_text_command, set_comment_private_command, set_score_command
from .private_toggle import PrivateToggle
from .text_undo import TextUndoFilter, clear_own_undo
from ..dialogs.error_dialog import show_error
from .evidence_widget import EvidenceWidget
from .level_card import LevelCard
from .stakeholders_widget import StakeholdersWidget
from ..workspace_model import WorkspaceModel

TEXT_SAVE_DELAY_MS = 400


class QuestionPanel(QWidget):
    def __init__(self, model: WorkspaceModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.question: Question | None = None
        self.cards: list[LevelCard] = []
        self._pending: set[str] = set()
        self._timer = QTimer(self, singleShot=True, interval=TEXT_SAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush_edits)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        outer.addWidget(self.splitter)

        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(16, 12, 16, 8)
        self.context_label = QLabel(objectName="muted")
        self.topic_label = QLabel(objectName="topic")
        self.topic_label.setWordWrap(True)
        self.text_label = QLabel(objectName="question")
        self.text_label.setWordWrap(True)
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.scenario_label = QLabel(objectName="scenario")
        self.scenario_label.setWordWrap(True)
        self.guidance_toggle = QToolButton(checkable=True)
        self.guidance_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.guidance_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.guidance_toggle.setText(tr("Guidance: what evidence counts, who holds the data"))
        self.guidance_toggle.toggled.connect(self._toggle_guidance)
        self.guidance_label = QLabel()
        self.guidance_label.setWordWrap(True)
        self.guidance_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.guidance_label.hide()
        self.cards_box = QVBoxLayout()
        self.cards_box.setSpacing(6)
        score_row = QHBoxLayout()
        self.na_button = QPushButton(tr("Not applicable (N)"), checkable=True, objectName="naButton")
        self.na_button.clicked.connect(lambda: self.set_na())
        self.clear_button = QPushButton(tr("Clear score"), objectName="clearButton")
        self.clear_button.clicked.connect(lambda: self.set_score(None))
        self.state_label = QLabel(objectName="muted")
        # wraps, never widens the panel: a long name in "last change by …" pushed the cards and the buttons
        # out of a 1280-pixel window
        self.state_label.setWordWrap(True)
        self.state_label.setMinimumWidth(1)
        score_row.addWidget(self.state_label, 1)
        score_row.addWidget(self.na_button)
        score_row.addWidget(self.clear_button)
        for w in (self.context_label, self.topic_label, self.text_label, self.scenario_label, self.guidance_toggle,
                  self.guidance_label):
            tl.addWidget(w)
        tl.addSpacing(6)
        tl.addLayout(self.cards_box)
        tl.addLayout(score_row)
        tl.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(top)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the cards inside (it scrolls to them)
        self.splitter.addWidget(scroll)

        self.tabs = QTabWidget(objectName="questionTabs")
        self.tabs.setAccessibleName(tr("Justification, evidence, actions, stakeholders and history"))
        just = QWidget()
        form = QFormLayout(just)
        self.fields: dict[str, QPlainTextEdit | QLineEdit] = {
            "comment": QPlainTextEdit(objectName="commentEdit"),
            "verification": QPlainTextEdit(objectName="verificationEdit"),
            "responsible": QLineEdit(objectName="responsibleEdit"),
            "data_sources": QLineEdit(objectName="dataSourcesEdit"),
        }
        labels = {"comment": tr("Why this score"), "verification": tr("Means of verification"),
                  "responsible": tr("Responsible institution"), "data_sources": tr("Data sources")}
        self._undo_filter = TextUndoFilter(self.flush_edits, self.model.undo_stack.undo, self.model.undo_stack.redo,
                                           self)
        self.private_toggle = PrivateToggle(objectName="commentPrivate")
        self.private_toggle.clicked.connect(self.toggle_private)
        for key, widget in self.fields.items():
            if isinstance(widget, QPlainTextEdit):
                widget.setTabChangesFocus(True)
                widget.setMinimumHeight(48)
                widget.setMaximumHeight(100)
            widget.textChanged.connect(lambda *_a, key=key: self._text_edited(key))
            widget.installEventFilter(self._undo_filter)
            widget.setAccessibleName(labels[key])
            if key == "comment":  # the justification and its lock, side by side
                row = QWidget()
                box = QHBoxLayout(row)
                box.setContentsMargins(0, 0, 0, 0)
                box.addWidget(widget, 1)
                box.addWidget(self.private_toggle, 0, Qt.AlignmentFlag.AlignTop)
                form.addRow(labels[key], row)
            else:
                form.addRow(labels[key], widget)
        chain = [*self.fields.values(), self.private_toggle]  # the lock after the texts, not between them
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)
        self.evidence = EvidenceWidget(model)
        self.actions = ActionsWidget(model)
        self.stakeholders = StakeholdersWidget(model)
        self.history = QTableWidget(0, 4, objectName="historyTable")
        self.history.setHorizontalHeaderLabels([tr("When"), tr("Who"), tr("What"), tr("Old → new")])
        self.history.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.history.verticalHeader().hide()
        self.history.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.history.setAccessibleName(tr("History"))
        self.history.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.history.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self._history_changes: list = []
        self.restore_button = QPushButton(tr("Restore this version"), objectName="restoreVersion")
        self.restore_button.setToolTip(tr("Put the text this change saved back into its field (an undoable edit)"))
        self.restore_button.clicked.connect(self.restore_selected_version)
        self.history.itemSelectionChanged.connect(self._history_selection_changed)
        self.history.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.restore_action = QAction(tr("Restore this version"), self.history)
        self.restore_action.triggered.connect(self.restore_selected_version)
        self.history.addAction(self.restore_action)
        self.history_tab = QWidget(objectName="historyTab")
        history_box = QVBoxLayout(self.history_tab)
        history_box.setContentsMargins(0, 0, 0, 0)
        history_box.addWidget(self.history, 1)
        restore_row = QHBoxLayout()
        restore_row.addStretch(1)
        restore_row.addWidget(self.restore_button)
        history_box.addLayout(restore_row)
        self._history_selection_changed()
        self.tabs.addTab(just, tr("Justification"))
        self.tabs.addTab(self.evidence, tr("Evidence"))
        self.tabs.addTab(self.actions, tr("Actions"))
        self.tabs.addTab(self.stakeholders, tr("Stakeholders"))
        self.tabs.addTab(self.history_tab, tr("History"))
        self.tabs.currentChanged.connect(lambda _i: self.tabs.currentWidget() is self.history_tab
                                         and self.question is not None and self._refresh_history())
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

    # ------------------------------------------------------------------ showing a question
    def set_question(self, question_id: str | None) -> None:
        self.flush_edits()
        ws, aid = self.model.ws, self.model.assessment_id
        for card in self.cards:
            card.setParent(None)
            card.deleteLater()
        self.cards = []
        if ws is None or aid is None or question_id is None:
            self.question = None
            self.topic_label.setText(tr("Choose a question on the left."))
            for w in (self.text_label, self.context_label, self.scenario_label):
                w.setText("")
            self.scenario_label.hide()
            self.setEnabled(ws is not None and aid is not None)
            return
        self.setEnabled(True)
        card = ws.scorecard_of(aid)
        q = card.question(question_id)
        self.question = q
        lang = language()
        self.context_label.setText(f"{q.id}  ·  {tr('Essential {n}', n=q.essential)}: "
                                   f"{tr_text(card.essential(q.essential).title, lang)}")
        self.topic_label.setText(tr_text(q.topic, lang))
        self.setAccessibleName(tr("Question {id}: {topic}", id=q.id, topic=tr_text(q.topic, lang)))
        self.setAccessibleDescription(tr_text(q.text, lang))
        self.text_label.setText(tr_text(q.text, lang))
        self.guidance_label.setText(tr_text(q.guidance, lang))
        self.guidance_toggle.setVisible(bool(q.guidance))
        if q.scenarios:
            names = {"most_probable": tr("most probable"), "most_severe": tr("most severe")}
            self.scenario_label.setText(tr("Judged against the city's {s} scenario(s).",
                                           s=tr(" and ").join(names[s] for s in q.scenarios)))
            self.scenario_label.show()
        else:
            self.scenario_label.hide()
        span = max(1, card.max_score - card.min_score)
        for score in sorted(q.levels, reverse=True):
            lc = LevelCard(score, tr_text(q.levels[score], lang), (score - card.min_score) / span, self)
            lc.sig_chosen.connect(self.set_score)
            self.cards_box.addWidget(lc)
            self.cards.append(lc)
        self._set_tab_order()
        self.evidence.set_question(q.id)
        self.actions.set_question(q.id)
        self.stakeholders.set_question(q.id)
        self.refresh()

    def _set_tab_order(self) -> None:
        """The level cards first (highest score first), then the score buttons, then the tabs and fields."""
        chain: list[QWidget] = [*self.cards, self.na_button, self.clear_button, self.guidance_toggle, self.tabs,
                                *self.fields.values(), self.private_toggle]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def refresh(self) -> None:
        """Show the stored answer (after any edit, undo or redo)."""
        ws, aid, q = self.model.ws, self.model.assessment_id, self.question
        if ws is None or aid is None or q is None:
            return
        ans = ws.answer(aid, q.id)
        for card in self.cards:
            card.set_selected(not ans.na and ans.score == card.score)
        self.na_button.setChecked(ans.na)
        if ans.na:
            state = tr("Not applicable")
        elif ans.score is None:
            state = tr("Not answered yet — press a digit or click a level")
        else:
            state = tr("Score {s} saved", s=ans.score)
        if ans.updated_at and ans.answered:
            state += "  ·  " + tr("last change by {who}, {when}", who=ans.updated_by, when=local_time_text(ans.updated_at))
        self.state_label.setText(state)
        for key, widget in self.fields.items():
            if key in self._pending:
                continue  # the user is typing here; never overwrite that
            value = getattr(ans, key)
            current = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
            if current != value:
                widget.blockSignals(True)
                if isinstance(widget, QPlainTextEdit):
                    widget.setPlainText(value)
                else:
                    widget.setText(value)
                widget.blockSignals(False)
        writable = not ws.read_only
        for w in (self.na_button, self.clear_button, *self.fields.values()):
            w.setEnabled(writable)
        for card in self.cards:
            card.setEnabled(writable)
        self.evidence.refresh()
        self.actions.refresh()
        self.stakeholders.refresh()
        self.private_toggle.set_private(ans.comment_private)
        self.private_toggle.setEnabled(not ws.read_only)
        if self.tabs.currentWidget() is self.history_tab:
            self._refresh_history()
        self.tabs.setTabText(1, tr("Evidence ({n})", n=self.evidence.count()))
        self.tabs.setTabText(2, tr("Actions ({n})", n=self.actions.count()))
        self.tabs.setTabText(3, tr("Stakeholders ({n})", n=self.stakeholders.count()))

    def _refresh_history(self) -> None:
        ws, aid, q = self.model.ws, self.model.assessment_id, self.question
        every = ws.history(aid, q.id)
        names = action_names(every)  # "action status (Adopt the plan)": which of the question's actions
        changes = list(reversed(every))[:200]
        self._history_changes = changes
        self.history.setRowCount(len(changes))
        for r, c in enumerate(changes):
            old, new = change_value(c, c.old_value), change_value(c, c.new_value)
            values = [local_time_text(c.at, seconds=True), c.who, change_what(c, names=names),
                      f"{_short(old)} → {_short(new)}"]
            for col, v in enumerate(values):
                item = QTableWidgetItem(v)
                if col == 3:
                    item.setToolTip(f"{old}\n→\n{new}")  # the whole of a text the cell cuts
                self.history.setItem(r, col, item)
        self.history.resizeColumnsToContents()
        self._history_selection_changed()

    def _selected_change(self):
        """The selected History entry when it saved a text of this answer, else ``None``."""
        row = self.history.currentRow()
        selected = self.history.selectionModel().hasSelection() if self.history.selectionModel() else False
        if not selected or not 0 <= row < len(self._history_changes):
            return None
        change = self._history_changes[row]
        return change if change.entity == "answer" and change.field in self.fields else None

    def _history_selection_changed(self) -> None:
        ws = self.model.ws
        ok = self._selected_change() is not None and ws is not None and not ws.read_only
        self.restore_button.setEnabled(ok)
        self.restore_action.setEnabled(ok)

    def restore_selected_version(self) -> None:
        """Put the text the selected History entry saved back into its field, as one undoable edit."""
        change = self._selected_change()
        ws, aid, q = self.model.ws, self.model.assessment_id, self.question
        if change is None or ws is None or aid is None or q is None or ws.read_only:
            return
        self.flush_edits()
        current = getattr(ws.answer(aid, q.id), change.field)
        value = change.new_value or ""
        if value == current:
            return
        try:
            self.model.execute(set_answer_text_command(ws, aid, q.id, change.field, current, value))
        except Exception as exc:
            show_error(self, exc)

    def toggle_private(self) -> None:
        """Mark the justification private (or shared again): an undoable edit."""
        ws, aid, q = self.model.ws, self.model.assessment_id, self.question
        if ws is None or aid is None or q is None or ws.read_only:
            return
        self.flush_edits()
        private = not ws.answer(aid, q.id).comment_private
        try:
            self.model.execute(set_comment_private_command(ws, aid, q.id, private))
        except Exception as exc:
            show_error(self, exc)
        self.private_toggle.set_private(ws.answer(aid, q.id).comment_private)

    def _toggle_guidance(self, shown: bool) -> None:
        self.guidance_label.setVisible(shown)
        self.guidance_toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)

    # ------------------------------------------------------------------ edits
    def set_score(self, score: int | None) -> None:
        ws, aid, q = self.model.ws, self.model.assessment_id, self.question
        if ws is None or aid is None or q is None or ws.read_only:
            return
        card = ws.scorecard_of(aid)
        if score is not None and not card.min_score <= score <= card.max_score:
            return
        ans = ws.answer(aid, q.id)
        old, new = (ans.score, ans.na), (score, False)
        if old == new:
            return
        try:
            self.model.execute(set_score_command(ws, aid, q.id, old, new))
        except Exception as exc:
            show_error(self, exc)

    def set_na(self) -> None:
        ws, aid, q = self.model.ws, self.model.assessment_id, self.question
        if ws is None or aid is None or q is None or ws.read_only:
            return
        ans = ws.answer(aid, q.id)
        new = (None, False) if ans.na else (None, True)
        try:
            self.model.execute(set_score_command(ws, aid, q.id, (ans.score, ans.na), new))
        except Exception as exc:
            show_error(self, exc)

    def _text_edited(self, key: str) -> None:
        self._pending.add(key)
        self._timer.start()

    def flush_edits(self) -> None:
        """Commit any text typed but not yet saved (called on a timer, navigation and close)."""
        self._timer.stop()
        ws, aid, q = self.model.ws, self.model.assessment_id, self.question
        pending, self._pending = self._pending, set()
        if ws is None or aid is None or q is None or ws.read_only:
            return
        ans = ws.answer(aid, q.id)
        # Read every pending field first: each save refreshes the panel, which would overwrite
        # the fields not saved yet with their stored values.
        typed = {key: w.toPlainText() if isinstance(w, QPlainTextEdit) else w.text()
                 for key, w in self.fields.items() if key in pending}
        for key in sorted(pending):
            value = typed[key]
            clear_own_undo(self.fields[key])  # the burst is saved: Ctrl+Z now steps the window's stack
            if value != getattr(ans, key):
                try:
                    self.model.execute(set_answer_text_command(ws, aid, q.id, key, getattr(ans, key), value))
                except Exception as exc:
                    show_error(self, exc)


def _short(value: str, limit: int = 80) -> str:
    value = value.replace("\n", " ")
    return value if len(value) <= limit else value[: limit - 1] + "…"
