"""The question navigator: Essentials and their questions, with state, filter and search."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QIcon
from PySide6.QtWidgets import (
    QComboBox, QHeaderView, QLineEdit, QTreeWidget, QTreeWidgetItem, QTreeWidgetItemIterator, QVBoxLayout, QWidget,
)

from ...i18n.catalog import language, tr
from ...scorecard import tr_text
from ..workspace_model import WorkspaceModel
from .lock_icon import lock_icon

FILTERS = ("all", "unanswered", "low", "no_evidence")


def question_state(answer, evidence_count: int) -> str:
    """One of ``unanswered``, ``na``, ``needs_evidence``, ``scored``."""
    if answer is None or not answer.answered:
        return "unanswered"
    if answer.na:
        return "na"
    if evidence_count == 0 and not answer.verification.strip():
        return "needs_evidence"
    return "scored"


class NavigatorWidget(QWidget):
    sig_question_selected = Signal(str)
    """Emitted with the id of the question the user selected."""

    def __init__(self, model: WorkspaceModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit(objectName="questionSearch")
        self.search.setPlaceholderText(tr("Search questions (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self._apply_filter())
        self.filter = QComboBox(objectName="questionFilter")
        for key, label in zip(FILTERS, (tr("All questions"), tr("Not answered"), tr("Low scores (0–1)"),
                                        tr("Missing evidence"))):
            self.filter.addItem(label, key)
        self.filter.currentIndexChanged.connect(lambda _i: self._apply_filter())
        self.tree = QTreeWidget(objectName="questionTree")
        self.tree.setHeaderLabels([tr("Question"), tr("Score")])
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        # the score column as wide as a score: stretched as the last section, it took half the tree and cut the
        # questions' names to «Разработ…» (a city official's trial)
        self.tree.header().setStretchLastSection(False)
        self.tree.currentItemChanged.connect(self._current_changed)
        self.search.setAccessibleName(tr("Search questions"))
        self.filter.setAccessibleName(tr("Show"))
        self.tree.setAccessibleName(tr("Questions"))
        self.tree.setAccessibleDescription(tr("Each question with its score; type a digit to score the selected one, "
                                              "N for not applicable"))
        layout.addWidget(self.search)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree, 1)
        self._items: dict[str, QTreeWidgetItem] = {}
        self._states: dict[str, tuple[str, int | None, str]] = {}

    # ------------------------------------------------------------------ content
    def rebuild(self) -> None:
        """Build the tree for the current assessment (on workspace/assessment change)."""
        self.tree.blockSignals(True)
        self.tree.clear()
        self._items.clear()
        ws, aid = self.model.ws, self.model.assessment_id
        if ws is not None and aid is not None:
            a = ws.get_assessment(aid)
            card = ws.scorecard_of(aid)
            lang = language()
            for ess in card.essentials:
                if a.essentials_scope is not None and ess.number not in a.essentials_scope:
                    continue
                top = QTreeWidgetItem([f"{ess.number}. {tr_text(ess.title, lang)}", ""])
                top.setData(0, Qt.ItemDataRole.UserRole, None)
                top.setToolTip(0, tr_text(ess.title, lang))
                font = top.font(0)
                font.setBold(True)
                top.setFont(0, font)
                top.setFlags(top.flags() & ~Qt.ItemFlag.ItemIsSelectable)
                self.tree.addTopLevelItem(top)
                for q in card.questions_of(ess.number):
                    item = QTreeWidgetItem([f"{q.id}  {tr_text(q.topic, lang)}", ""])
                    item.setData(0, Qt.ItemDataRole.UserRole, q.id)
                    item.setToolTip(0, tr_text(q.text, lang))
                    top.addChild(item)
                    self._items[q.id] = item
                top.setExpanded(True)
        self.tree.blockSignals(False)
        self.refresh_states()

    def refresh_states(self) -> None:
        """Update each question's state and each Essential's completion (after any edit)."""
        ws, aid = self.model.ws, self.model.assessment_id
        if ws is None or aid is None:
            return
        answers = ws.answers(aid)
        evidence: dict[str | None, int] = {}
        for e in ws.list_evidence(aid):
            evidence[e.question_id] = evidence.get(e.question_id, 0) + 1
        labels = {"unanswered": "—", "na": tr("N/A"), "needs_evidence": "", "scored": ""}
        colours = {"unanswered": "#888888", "na": "#555555", "needs_evidence": "#b35c00", "scored": "#1d6b35"}
        for qid, item in self._items.items():
            ans = answers.get(qid)
            state = question_state(ans, evidence.get(qid, 0))
            text = labels[state] or str(ans.score)
            if state == "needs_evidence":
                text += " ⚠"
                item.setToolTip(1, tr("Scored, but no evidence or means of verification yet"))
            else:
                item.setToolTip(1, "")
            item.setText(1, text)
            item.setForeground(1, QBrush(QColor(colours[state])))
            private = bool(ans and ans.comment_private and ans.comment)
            item.setIcon(1, lock_icon(True, "#b3261e") if private else QIcon())  # a lock: kept off the projector
            if private:
                item.setToolTip(1, tr("Private: not projected, not in reports or bundles"))
            self._states[qid] = (state, ans.score if ans else None, item.text(0))
        score = ws.score(aid)
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            number = int(top.text(0).split(".")[0])
            es = score.essential(number)
            top.setText(1, f"{es.answered}/{es.questions}")
        self._apply_filter()

    def _apply_filter(self) -> None:
        mode = self.filter.currentData()
        needle = self.search.text().strip().lower()
        ws, aid = self.model.ws, self.model.assessment_id
        card = ws.scorecard_of(aid) if ws is not None and aid is not None else None
        for qid, item in self._items.items():
            state, score, _label = self._states.get(qid, ("unanswered", None, ""))
            visible = (mode == "all" or (mode == "unanswered" and state == "unanswered")
                       or (mode == "low" and score is not None and card is not None and score - card.min_score <= 1)
                       or (mode == "no_evidence" and state == "needs_evidence"))
            if visible and needle and card is not None:
                q = card.question(qid)
                hay = " ".join([qid, *q.topic.values(), *q.text.values(), *q.guidance.values()]).lower()
                visible = needle in hay
            item.setHidden(not visible)
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            top.setHidden(all(top.child(j).isHidden() for j in range(top.childCount())))

    # ------------------------------------------------------------------ selection
    def current_question(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def select(self, question_id: str) -> None:
        item = self._items.get(question_id)
        if item is not None:
            self.tree.setCurrentItem(item)
            self.tree.scrollToItem(item)

    def visible_questions(self) -> list[str]:
        out = []
        it = QTreeWidgetItemIterator(self.tree)
        while it.value():
            item = it.value()
            qid = item.data(0, Qt.ItemDataRole.UserRole)
            if qid and not item.isHidden() and not (item.parent() and item.parent().isHidden()):
                out.append(qid)
            it += 1
        return out

    def step(self, delta: int) -> None:
        """Select the next (``+1``) or previous (``-1``) visible question."""
        order = self.visible_questions()
        if not order:
            return
        current = self.current_question()
        if current not in order and current in self._items:
            # The filter just hid the current question (e.g. it was answered under "Not answered"):
            # go on from where it stands, not back to the top.
            rank = {qid: i for i, qid in enumerate(self._items)}
            if delta > 0:
                after = [q for q in order if rank[q] > rank[current]]
                self.select(after[0] if after else order[-1])
            else:
                before = [q for q in order if rank[q] < rank[current]]
                self.select(before[-1] if before else order[0])
            return
        idx = order.index(current) + delta if current in order else 0
        self.select(order[max(0, min(len(order) - 1, idx))])

    def _current_changed(self, item: QTreeWidgetItem | None, _prev: QTreeWidgetItem | None) -> None:
        if item is None:
            return
        qid = item.data(0, Qt.ItemDataRole.UserRole)
        if qid:
            self.sig_question_selected.emit(qid)
