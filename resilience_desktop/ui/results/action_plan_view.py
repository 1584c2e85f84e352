"""The action plan: every action item of the assessment in one sortable, filterable table,
exportable as CSV. Items are edited where they belong (the question's Actions tab); this view
reads them and follows every change."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from ...results.action_plan import ActionPlanFilter, ActionPlanRow, action_plan_rows, filter_choices, status_label, write_action_plan_csv
from ...i18n.catalog import language, tr, trn
from ..dialogs.error_dialog import show_error
from ..refresh_when_shown import RefreshWhenShown
from ..workspace_model import ChangeEvent, Entity, WorkspaceModel

#: What the action plan shows: scores, action items, the assessment's title.
_ENTITIES = frozenset({Entity.ASSESSMENT, Entity.ANSWER, Entity.ACTION})

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole
_ANY = "\x00any"  # combo data for "no filter" (cannot clash with a real value)


class _SortItem(QTableWidgetItem):
    """A cell that sorts by its sort key (numbers, scorecard order) instead of its text."""

    def __lt__(self, other: QTableWidgetItem) -> bool:  # type: ignore[override]
        return self.data(SORT_ROLE) < other.data(SORT_ROLE)


class ActionPlanView(RefreshWhenShown, QWidget):
    def __init__(self, model: WorkspaceModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.rows: list[ActionPlanRow] = []
        self._stale = True
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        top = QHBoxLayout()
        self.title_label = QLabel(objectName="h2")
        self.count_label = QLabel(objectName="muted")
        top.addWidget(self.title_label, 1)
        top.addWidget(self.count_label)
        layout.addLayout(top)

        filters = QHBoxLayout()
        self.filters: dict[str, QComboBox] = {}
        for key, label in (("essential", tr("Essential")), ("responsible", tr("Responsible institution")),
                           ("timescale", tr("Timescale")), ("status", tr("Status"))):
            combo = QComboBox(objectName=f"{key}Filter")
            # they stretch when there is room; at 1280 px the Russian row must fit without cutting a label
            combo.setMinimumContentsLength(10 if key in ("essential", "status") else 12)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.activated.connect(lambda _i: self._apply())
            filters.addWidget(QLabel(label))
            filters.addWidget(combo, 1)
            self.filters[key] = combo
        self.clear_button = QPushButton(tr("Show all"))
        self.clear_button.clicked.connect(self.clear_filters)
        self.export_button = QPushButton(tr("Export CSV…"), objectName="exportActionPlan")
        self.export_button.clicked.connect(self._export_dialog)
        filters.addWidget(self.clear_button)
        layout.addLayout(filters)
        # on the title row: with four filters in Kyrgyz at 1280 px the filter row has no room for it
        top.addSpacing(12)
        top.addWidget(self.export_button)

        self.headers = [tr("Essential"), tr("Question"), tr("Topic"), tr("Score"), tr("Action"),
                        tr("Responsible institution"), tr("Timescale"), tr("Status")]
        self.table = QTableWidget(0, len(self.headers), objectName="actionPlanTable")
        self.table.setHorizontalHeaderLabels(self.headers)
        for c, text in enumerate(self.headers):
            self.table.horizontalHeaderItem(c).setToolTip(text)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self._user_sized: set[int] = set()  # columns the user dragged: never fitted again
        self._fitting = False
        header.sectionResized.connect(lambda c, _old, _new: None if self._fitting else self._user_sized.add(c))
        self._fit_timer = QTimer(self, singleShot=True, interval=80)  # once a drag of the window's edge pauses
        self._fit_timer.timeout.connect(self._fit_columns)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        layout.addWidget(self.table, 1)

        model.sig_workspace_replaced.connect(self._reset)
        model.sig_assessment_selected.connect(self._reset)
        model.sig_changed.connect(self._on_changed)  # bound methods: disconnected when this view is deleted

    def _reset(self, _aid: str | None = None) -> None:
        for combo in self.filters.values():
            combo.clear()
        self.refresh()

    def _on_changed(self, event: ChangeEvent) -> None:
        if event.entity in _ENTITIES:
            self.refresh(event)

    def refresh(self, _event: object = None) -> None:
        if self.defer_while_hidden():
            return
        ws, aid = self.model.ws, self.model.assessment_id
        if ws is None or aid is None:
            self.rows = []
            self.title_label.setText(tr("No assessment open"))
            self._fill_table([])
            return
        a = ws.get_assessment(aid)
        self.title_label.setText(tr("Action plan: {title}", title=a.title))
        self.rows = action_plan_rows(ws.scorecard_of(aid), ws.answers(aid), ws.list_actions(aid), language())
        self._fill_filters()
        self._apply()

    # ------------------------------------------------------------------ filters
    def _fill_filters(self) -> None:
        choices = filter_choices(self.rows)
        labels = {
            "essential": lambda v: tr("Essential {n}", n=v),
            "responsible": lambda v: v or tr("(not set)"),
            "timescale": lambda v: v or tr("(not set)"),
            "status": status_label,
        }
        for key, combo in self.filters.items():
            keep = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(tr("All"), _ANY)
            for value in choices[key]:
                combo.addItem(labels[key](value), value)
            index = combo.findData(keep) if keep is not None else 0
            combo.setCurrentIndex(max(0, index))
            combo.blockSignals(False)

    def current_filter(self) -> ActionPlanFilter:
        values = {key: combo.currentData() for key, combo in self.filters.items()}
        return ActionPlanFilter(**{k: (None if v in (None, _ANY) else v) for k, v in values.items()})

    def set_filter(self, **values) -> None:
        """Choose filter values by data (``essential=3, status="open"``; ``None`` = all)."""
        for key, value in values.items():
            combo = self.filters[key]
            combo.setCurrentIndex(max(0, combo.findData(_ANY if value is None else value)))
        self._apply()

    def clear_filters(self) -> None:
        for combo in self.filters.values():
            combo.setCurrentIndex(0)
        self._apply()

    def _apply(self) -> None:
        shown = self.current_filter().apply(self.rows)
        self._fill_table(shown)
        self.count_label.setText(trn("{n} of {total} action", "{n} of {total} actions", len(self.rows), n=len(shown), total=len(self.rows)))

    # ------------------------------------------------------------------ table
    def _fill_table(self, rows: list[ActionPlanRow]) -> None:
        table = self.table
        sorting = table.isSortingEnabled()
        table.setSortingEnabled(False)
        table.setRowCount(len(rows))
        order = {r.action_id: i for i, r in enumerate(self.rows)}  # scorecard order
        for r, row in enumerate(rows):
            score_key = float(row.score) if row.score.isdigit() else (98.0 if row.score else 99.0)
            cells = [
                ("" if row.essential is None else str(row.essential), float(row.essential or 99)),
                (row.question_id or "", float(order[row.action_id])),
                (row.topic, row.topic.casefold()),
                (row.score, score_key),
                (row.action, row.action.casefold()),
                (row.responsible, row.responsible.casefold()),
                (row.timescale, row.timescale.casefold()),
                (row.status_text, row.status_text.casefold()),
            ]
            for c, (text, key) in enumerate(cells):
                item = _SortItem(text)
                item.setData(SORT_ROLE, key)
                item.setData(ID_ROLE, row.action_id)
                item.setToolTip(text)
                if c in (0, 1, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                table.setItem(r, c, item)
        table.setSortingEnabled(sorting)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Responsible, timescale and status as wide as their cells, not their long headers ("Responsible
        institution"; a header cut shows whole in its tooltip), the responsible at most a quarter of the table;
        where even that leaves the action and the topic less than 40 % (large text on a small screen), the
        Essential, question and score columns take their cells' width too: the action keeps room to wrap in.
        A column the user sized is left as it is."""
        table = self.table
        if not table.rowCount():
            return
        header = table.horizontalHeader()
        em = table.fontMetrics().horizontalAdvance("M")
        width = table.viewport().width()
        cells = {c: max(table.sizeHintForColumn(c), 6 * em) for c in (5, 6, 7)}
        cells[5] = min(cells[5], max(8 * em, width // 4))
        numbers = {c: max(table.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in (0, 1, 3)}
        if sum(numbers.values()) + sum(cells.values()) > 0.6 * width:
            numbers = {c: max(table.sizeHintForColumn(c), 3 * em) for c in (0, 1, 3)}
        self._fitting = True
        try:
            for c, w in {**numbers, **cells}.items():
                if c not in self._user_sized:
                    table.setColumnWidth(c, w)
            table.resizeRowsToContents()
        finally:
            self._fitting = False

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit_timer.start()

    def visible_rows(self) -> list[ActionPlanRow]:
        """The rows as shown: filtered, in the table's current sort order."""
        by_id = {r.action_id: r for r in self.rows}
        return [by_id[self.table.item(i, 0).data(ID_ROLE)] for i in range(self.table.rowCount())]

    # ------------------------------------------------------------------ export
    def export_csv(self, path: str | Path) -> Path:
        """Write the rows shown (filtered and sorted as on screen) as CSV, UTF-8 with a BOM."""
        write_action_plan_csv(self.visible_rows(), path)
        return Path(path)

    def _export_dialog(self) -> None:
        ws, aid = self.model.ws, self.model.assessment_id
        if ws is None or aid is None:
            return
        from ..exchange.file_actions import ask_save_path, suggested_path
        suggested = suggested_path(f"{ws.get_assessment(aid).city} {tr('action plan')}", ".csv", fallback="actions")
        path = ask_save_path(self, tr("Export action plan"), suggested, ".csv", tr("CSV files (*.csv)"))
        if path is None:
            return
        try:
            self.export_csv(path)
        except Exception as exc:
            show_error(self, exc, title=tr("Cannot export the action plan"))
