"""The start page: recent workspaces, and the open workspace's cities and assessments."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout, QHeaderView, QLabel, QListWidget, QListWidgetItem, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from ..i18n.catalog import current, language, tr
from ..scorecard import tr_text
from .dialogs.assessment_dialog import AssessmentDialog
from .dialogs.city_dialog import CityDialog
from .refresh_when_shown import RefreshWhenShown
from .workspace_model import ChangeEvent, Entity, WorkspaceModel

#: What the list of cities and assessments shows (names, titles, completion).
_ENTITIES = frozenset({Entity.CITY, Entity.ASSESSMENT, Entity.ANSWER})


class StartView(RefreshWhenShown, QWidget):
    sig_open_assessment = Signal(str)
    """Emitted with an assessment id when the user opens it."""
    sig_new_workspace = Signal()
    """Emitted when the user asks for a new workspace."""
    sig_open_workspace = Signal()
    """Emitted when the user asks to open a workspace file."""
    sig_open_recent = Signal(str)
    """Emitted with the path of a recent workspace to open."""
    sig_open_demo = Signal()
    """Emitted when the user asks for the demo workspace."""

    def __init__(self, model: WorkspaceModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        outer = QHBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 16)
        outer.setSpacing(24)

        left = QVBoxLayout()
        title = QLabel("Resilience Desktop", objectName="h1")
        subtitle = QLabel(tr("Disaster Resilience Scorecard for Cities — offline, with maps"), objectName="muted")
        subtitle.setWordWrap(True)
        left.addWidget(title)
        left.addWidget(subtitle)
        left.addSpacing(12)
        for text, signal, name in ((tr("New workspace…"), self.sig_new_workspace, "newWorkspace"),
                                   (tr("Open workspace…"), self.sig_open_workspace, "openWorkspace"),
                                   (tr("Open demo workspace"), self.sig_open_demo, "openDemo")):
            b = QPushButton(text, objectName="big")
            b.setAccessibleName(name)
            b.clicked.connect(signal.emit)
            left.addWidget(b)
        left.addSpacing(12)
        left.addWidget(QLabel(tr("Recent workspaces"), objectName="h2"))
        self.recent = QListWidget(objectName="recentList")
        self.recent.setAccessibleName(tr("Recent workspaces"))
        self.recent.itemActivated.connect(
            lambda item: item.data(Qt.ItemDataRole.UserRole) and self.sig_open_recent.emit(item.data(Qt.ItemDataRole.UserRole)))
        left.addWidget(self.recent, 1)
        left_wrap = QWidget()
        left_wrap.setLayout(left)
        left_wrap.setMaximumWidth(420)
        outer.addWidget(left_wrap, 1)

        right = QVBoxLayout()
        self.banner = QLabel(objectName="banner")
        self.banner.setWordWrap(True)
        right.addWidget(self.banner)
        right.addWidget(QLabel(tr("Cities and assessments"), objectName="h2"))
        self.tree = QTreeWidget(objectName="assessmentTree")
        self.tree.setAccessibleName(tr("Cities and assessments"))
        self.tree.setHeaderLabels([tr("City / assessment"), tr("Scorecard"), tr("Answered"), tr("Score")])
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            self.tree.header().setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemActivated.connect(self._activated)
        right.addWidget(self.tree, 1)
        buttons = QHBoxLayout()
        self.new_city_button = QPushButton(tr("New city…"))
        self.new_city_button.clicked.connect(self.new_city)
        self.new_assessment_button = QPushButton(tr("New assessment…"))
        self.new_assessment_button.clicked.connect(self.new_assessment)
        self.open_button = QPushButton(tr("Open assessment"))
        self.open_button.clicked.connect(lambda: self._activated(self.tree.currentItem()))
        for b in (self.new_city_button, self.new_assessment_button, self.open_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        right.addLayout(buttons)
        outer.addLayout(right, 2)

        model.sig_workspace_replaced.connect(self.refresh)
        model.sig_changed.connect(self._on_changed)  # a bound method: disconnected when this view is deleted
        self.refresh()

    def set_recent(self, paths: list[str]) -> None:
        self.recent.clear()
        if not paths:
            placeholder = QListWidgetItem(tr("No recent workspaces yet"))
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent.addItem(placeholder)
        for p in paths:
            self.recent.addItem(p)
            self.recent.item(self.recent.count() - 1).setData(Qt.ItemDataRole.UserRole, p)

    def _on_changed(self, event: ChangeEvent) -> None:
        if event.entity in _ENTITIES:
            self.refresh(event)

    def refresh(self, _event: object = None) -> None:
        if _event is not None and self.defer_while_hidden():
            return  # an edit elsewhere: rebuilt when the page is shown again
        self._stale = False
        ws = self.model.ws
        self.tree.clear()
        has_ws = ws is not None
        writable = has_ws and not ws.read_only
        self.new_city_button.setEnabled(writable)
        self.new_assessment_button.setEnabled(writable)
        self.open_button.setEnabled(has_ws)
        if ws is None:
            self.banner.setText(tr("No workspace is open. Create one, open one, or try the demo."))
            self.banner.show()
            return
        notes = []
        if ws.is_demo:
            # it said «recreated each time the demo is opened», and a facilitator found the changes still there
            notes.append(tr("Demo workspace: fictional cities and data. Try anything: it is written anew when the "
                            "language or the app's version changes."))
        if ws.read_only:
            notes.append(tr("Read-only: another window is editing this workspace."))
        self.banner.setText("  ".join(notes))
        self.banner.setVisible(bool(notes))
        lang = language()
        for city in ws.list_cities():
            city_item = QTreeWidgetItem([f"{city.name} ({city.country})", "", "", ""])
            font = city_item.font(0)
            font.setBold(True)
            city_item.setFont(0, font)
            city_item.setData(0, Qt.ItemDataRole.UserRole, ("city", city.id))
            self.tree.addTopLevelItem(city_item)
            for a in ws.list_assessments(city.id):
                s = ws.score(a.id)
                card = ws.scorecard(a.scorecard_id, a.scorecard_version)
                item = QTreeWidgetItem([
                    a.title, tr_text(card.title, lang).split(" — ")[-1],
                    f"{s.answered} / {s.questions}  ({current().percent(100 * s.completion, 0)})",
                    f"{s.points} / {s.max}"])
                item.setData(0, Qt.ItemDataRole.UserRole, ("assessment", a.id))
                city_item.addChild(item)
            city_item.setExpanded(True)

    def _activated(self, item: QTreeWidgetItem | None) -> None:
        if item is None:
            return
        kind, ident = item.data(0, Qt.ItemDataRole.UserRole)
        if kind == "assessment":
            self.sig_open_assessment.emit(ident)

    def _selected_city(self) -> str | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        kind, ident = item.data(0, Qt.ItemDataRole.UserRole)
        if kind == "city":
            return ident
        return item.parent().data(0, Qt.ItemDataRole.UserRole)[1] if item.parent() else None

    def new_city(self) -> CityDialog | None:
        if self.model.ws is None or self.model.ws.read_only:
            return None
        dlg = CityDialog(self.model.ws, self)
        dlg.open()
        return dlg

    def new_assessment(self) -> AssessmentDialog | None:
        if self.model.ws is None or self.model.ws.read_only:
            return None
        dlg = AssessmentDialog(self.model.ws, self, city_id=self._selected_city())
        dlg.accepted.connect(lambda: dlg.assessment_id and self.sig_open_assessment.emit(dlg.assessment_id))
        dlg.open()
        return dlg
