"""The assessment view: navigator beside the question panel, driven from the keyboard."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QWidget

from ...workspace.records import ChangeEvent, Entity
from .navigator_widget import NavigatorWidget
from .question_panel import QuestionPanel
from ..workspace_model import WorkspaceModel

#: What the navigator and the question panel show (a layer or hazard edited elsewhere is not).
_ENTITIES = frozenset({Entity.ASSESSMENT, Entity.ANSWER, Entity.EVIDENCE, Entity.ACTION, Entity.STAKEHOLDER})


class AssessmentView(QWidget):
    def __init__(self, model: WorkspaceModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, objectName="assessmentSplitter")
        self.navigator = NavigatorWidget(model)
        self.panel = QuestionPanel(model)
        self.splitter.addWidget(self.navigator)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self._sized = False
        layout.addWidget(self.splitter)
        self.navigator.sig_question_selected.connect(self.panel.set_question)
        self.navigator.sig_question_selected.connect(lambda _q: self._order_tabs())
        model.sig_workspace_replaced.connect(self._rebuild)
        model.sig_assessment_selected.connect(self._rebuild)  # bound: disconnected when this view is deleted
        model.sig_changed.connect(self._changed)
        self._shortcuts()
        self._rebuild()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if not self._sized:  # first show: proportions that suit 1280x720 up to 1920x1080
            self._sized = True
            QTimer.singleShot(0, self._apply_proportions)  # after the layout has given us a size

    def _apply_proportions(self) -> None:
        w = max(self.width(), 800)
        if not self._restored:
            self.splitter.setSizes([int(w * 0.3), w - int(w * 0.3)])
        h = max(self.panel.splitter.height(), 400)
        top = int(h * 0.7)
        self.panel.splitter.setSizes([top, h - top])

    def restore_splitter(self, state) -> None:
        self._restored = bool(self.splitter.restoreState(state))

    _restored = False

    def _shortcuts(self) -> None:
        ctx = Qt.ShortcutContext.WidgetWithChildrenShortcut

        def add(keys: str, slot) -> None:
            sc = QShortcut(QKeySequence(keys), self)
            sc.setContext(ctx)
            sc.activated.connect(slot)

        for digit in range(10):
            add(str(digit), lambda d=digit: self.panel.set_score(d))
        add("N", self.panel.set_na)
        add("Backspace", lambda: self.panel.set_score(None))
        for keys, delta in (("PgDown", 1), ("Ctrl+Down", 1), ("PgUp", -1), ("Ctrl+Up", -1)):
            add(keys, lambda delta=delta: self.go(delta))

    def _rebuild(self, _assessment_id: str | None = None) -> None:
        current = self.navigator.current_question()
        self.navigator.rebuild()
        if current and current in self.navigator._items:
            self.navigator.select(current)
        else:
            order = self.navigator.visible_questions()
            if order:
                self.navigator.select(order[0])
            else:
                self.panel.set_question(None)

    def _changed(self, event: ChangeEvent) -> None:
        if event.entity not in _ENTITIES or event.assessment_id not in (None, self.model.assessment_id):
            return
        self.navigator.refresh_states()
        if event.question_id is None or (self.panel.question and event.question_id == self.panel.question.id):
            self.panel.refresh()

    def _order_tabs(self) -> None:
        """Tab from the question list goes straight to the level cards (the panel orders the rest)."""
        if self.panel.cards:
            QWidget.setTabOrder(self.navigator.tree, self.panel.cards[0])

    def go(self, delta: int) -> None:
        self.panel.flush_edits()
        self.navigator.step(delta)

    def focus_search(self) -> None:
        self.navigator.search.setFocus()
        self.navigator.search.selectAll()

    def focus_navigator(self) -> None:
        self.navigator.tree.setFocus()

    def flush_edits(self) -> None:
        self.panel.flush_edits()

    def show_item(self, question_id: str, kind: str = "answer", item_id: str | None = None,
                  field: str | None = None, item: str | None = None) -> None:
        """Show ``question_id`` with one of its items (a search hit): the tab of ``kind`` with the row of
        ``item_id`` (actions, evidence) or ``item`` (a stakeholder group) selected, or ``field`` focused."""
        nav = self.navigator
        if question_id not in nav.visible_questions():  # the question filter hides it: show every question
            with QSignalBlocker(nav.search), QSignalBlocker(nav.filter):
                nav.search.clear()
                nav.filter.setCurrentIndex(0)
            nav._apply_filter()
        nav.select(question_id)
        panel = self.panel
        if kind == "answer":
            panel.tabs.setCurrentIndex(0)
            edit = panel.fields.get({"justification": "comment"}.get(field or "", field or ""))
            if edit is not None:
                edit.setFocus()
            return
        widget = {"action": panel.actions, "evidence": panel.evidence, "stakeholder": panel.stakeholders}[kind]
        panel.tabs.setCurrentWidget(widget)
        view = widget.list if kind == "evidence" else widget.table
        for row in range(view.count() if kind == "evidence" else view.rowCount()):
            cell = view.item(row) if kind == "evidence" else view.item(row, 0)
            if cell is not None and (cell.data(Qt.ItemDataRole.UserRole) == item_id
                                     or (kind == "stakeholder" and cell.text() == item)):
                view.setCurrentRow(row) if kind == "evidence" else view.selectRow(row)
                break
        view.setFocus()
