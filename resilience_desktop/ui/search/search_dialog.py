"""The search panel (Ctrl+Shift+F): every assessment's justifications, verification, actions, evidence
and stakeholder notes, searched as you type; results grouped by assessment; Enter opens one.

A view over the workspace: it reads hits through :func:`resilience_desktop.search.search_workspace` (an
FTS5 query of a few milliseconds, run on the GUI thread like every workspace read) and never writes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (QCheckBox, QDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from ...i18n.catalog import language, tr
from ...search import SearchHit, group_by_assessment, hit_label, search_workspace
from ...store.search_index import match_expression
from ...workspace.records import ChangeEvent
from ..assessment.lock_icon import lock_icon
from ..workspace_model import WorkspaceModel
from .snippet_delegate import HTML_ROLE, SnippetDelegate, snippet_html

#: Milliseconds after the last keystroke before the search runs.
SEARCH_DELAY_MS = 250
#: Hits shown: a few screens of them; more words narrow them (each costs a snippet, benchmarks/bench_search.py).
PANEL_LIMIT = 100
HIT_ROLE = Qt.ItemDataRole.UserRole


class SearchDialog(QDialog):
    """Type words; matching fields of every assessment appear, grouped by assessment, best first."""

    sig_hit_activated = Signal(object)
    """A hit was chosen (Enter or double-click); argument: the :class:`~resilience_desktop.search.SearchHit`."""

    def __init__(self, model: WorkspaceModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        #: The interface language the labels were made in.
        self.language = language()
        self.setObjectName("searchDialog")
        self.setWindowTitle(tr("Search all assessments"))
        self.hits: list[SearchHit] = []
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        layout = QVBoxLayout(self)
        self.edit = QLineEdit(objectName="searchText")
        self.edit.setPlaceholderText(tr("Words to find in justifications, verification, actions, evidence, "
                                        "stakeholder notes"))
        self.edit.setAccessibleName(tr("Search all assessments"))
        self.edit.setClearButtonEnabled(True)
        self.edit.textChanged.connect(lambda _t: self._timer.start())
        self.edit.returnPressed.connect(self._open_first)
        self.edit.installEventFilter(self)
        self.private_box = QCheckBox(tr("Include private text"), objectName="searchPrivate")
        self.private_box.setChecked(True)
        self.private_box.setToolTip(tr("Private justifications and stakeholder notes (never projected)"))
        self.private_box.toggled.connect(lambda _on: self.run_search())
        row = QHBoxLayout()
        row.addWidget(self.edit, 1)
        row.addWidget(self.private_box)
        self.tree = QTreeWidget(objectName="searchResults")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([tr("Question"), tr("Field"), tr("Match")])
        self.tree.setAccessibleName(tr("Search results"))
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(True)
        self.tree.setItemDelegateForColumn(2, SnippetDelegate(self.tree))
        self.tree.setUniformRowHeights(True)
        self.tree.itemActivated.connect(self._activated)
        self.status = QLabel(objectName="muted")
        self.status.setWordWrap(True)
        close = QPushButton(tr("Close"))
        close.setAutoDefault(False)
        close.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(close)
        layout.addLayout(row)
        layout.addWidget(self.tree, 1)
        layout.addLayout(bottom)
        model.sig_changed.connect(self._changed)
        model.sig_workspace_replaced.connect(self.run_search)
        self.resize(980, 560)
        self.run_search()

    # ------------------------------------------------------------------ searching
    def search(self, text: str) -> None:
        """Put ``text`` in the box and search at once (what typing does after a pause)."""
        with QSignalBlocker(self.edit):
            self.edit.setText(text)
        self.run_search()

    def run_search(self) -> None:
        self._timer.stop()
        text = self.edit.text()
        ws = self.model.ws
        if ws is None or match_expression(text) is None:
            self.hits = []
            self._fill()
            self.status.setText(tr("No workspace is open.") if ws is None else
                                tr("Type a word, or the start of one: every assessment of the workspace is searched."))
            return
        self.hits = search_workspace(ws, text, include_private=self.private_box.isChecked(), limit=PANEL_LIMIT)
        self._fill()
        groups = len({h.assessment_id for h in self.hits})
        if not self.hits:
            self.status.setText(tr("Nothing matches “{text}”.", text=text.strip()))
        elif len(self.hits) >= PANEL_LIMIT:
            self.status.setText(tr("The best {n} matches in {m} assessment(s); type more to narrow them. Enter or "
                                   "double-click opens one.", n=len(self.hits), m=groups))
        else:
            self.status.setText(tr("Matches: {n} in {m} assessment(s). Enter or double-click opens one.",
                                   n=len(self.hits), m=groups))

    def _changed(self, _event: ChangeEvent) -> None:
        if self.isVisible() and self.hits:
            self._timer.start()  # an edit may have added or removed matches

    def _fill(self) -> None:
        ws = self.model.ws
        with QSignalBlocker(self.tree):
            self.tree.clear()
            for aid, hits in group_by_assessment(self.hits):
                first = hits[0]
                top = QTreeWidgetItem([f"{first.city} · {first.assessment_title}", "", ""])
                top.setFirstColumnSpanned(True)
                font = top.font(0)
                font.setBold(True)
                top.setFont(0, font)
                top.setData(0, HIT_ROLE, first)
                self.tree.addTopLevelItem(top)
                for hit in hits:
                    top.addChild(self._item(hit))
                top.setExpanded(True)
                top.setFirstColumnSpanned(True)
            if ws is not None and self.tree.topLevelItemCount():
                self.tree.setCurrentItem(self.tree.topLevelItem(0).child(0))

    @staticmethod
    def _item(hit: SearchHit) -> QTreeWidgetItem:
        where = (f"{hit.question_id} · {tr('Essential {n}', n=hit.essential)}" if hit.essential is not None
                 else hit.question_id or tr("Whole assessment"))
        item = QTreeWidgetItem([where, hit_label(hit.kind, hit.field), hit.snippet])
        item.setData(2, HTML_ROLE, snippet_html(hit.snippet, hit.highlights))
        item.setToolTip(2, hit.snippet if not hit.item or hit.kind == "answer" else f"{hit.item}\n\n{hit.snippet}")
        if hit.private:
            item.setIcon(1, lock_icon(True, "#b3261e"))
            item.setToolTip(1, tr("Private: not projected, not in reports or bundles"))
        for column in range(3):
            item.setData(column, HIT_ROLE, hit)
        return item

    # ------------------------------------------------------------------ opening a hit
    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        hit = item.data(0, HIT_ROLE)
        if isinstance(hit, SearchHit):
            self.sig_hit_activated.emit(hit)

    def _open_first(self) -> None:
        self.run_search()  # Enter before the pause: search what is typed now
        item = self.tree.currentItem()
        if item is not None:
            self._activated(item)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """Down in the text box moves into the results (the keyboard never has to reach for the mouse)."""
        if watched is self.edit and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() == Qt.Key.Key_Down and self.tree.topLevelItemCount():
            self.tree.setFocus()
            return True
        return super().eventFilter(watched, event)

    def show_and_focus(self) -> None:
        """Show (or raise) the panel with the text selected, ready to type."""
        self.show()
        self.raise_()
        self.activateWindow()
        self.edit.setFocus()
        self.edit.selectAll()
