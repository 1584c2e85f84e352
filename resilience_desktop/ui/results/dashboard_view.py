"""The results dashboard: radar of the Ten Essentials, one Essential's questions as bars,
completion, the lowest-scoring questions with their actions, and a comparison with another
assessment (the same city's baseline, or another city)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QComboBox, QGridLayout, QHBoxLayout, QHeaderView, QLabel, QProgressBar,
    QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from ...results.analysis import (
    AssessmentSummary, EssentialResult, comparison_candidates, compare_results, default_comparison,
    lowest_questions, question_results, summarize,
)
from ...i18n.catalog import current, language, tr
from ...workspace.records import Assessment
from ...scorecard import tr_text
from .charts.chart_data import BarValue
from ..dialogs.error_dialog import show_error
from ..elided_label import ElidedLabel
from ..theme import score_colour, text_scale
from ..refresh_when_shown import RefreshWhenShown
from ..workspace_model import ChangeEvent, Entity, WorkspaceModel

#: What the dashboard shows: scores of the assessments and their titles.
_ENTITIES = frozenset({Entity.CITY, Entity.ASSESSMENT, Entity.ANSWER})

if TYPE_CHECKING:
    from .charts.bars_widget import QuestionBarsWidget
    from .charts.radar_widget import RadarWidget

_NO_COMPARISON = ""


def short_name(a: Assessment) -> str:
    """A legend-sized name: the city and the year the assessment started."""
    return f"{a.city} {a.started_on[:4]}" if a.started_on else a.city


def legend_names(a: Assessment, b: Assessment) -> tuple[str, str]:
    """The names of two compared assessments: city and year, or their titles when those are the
    same (two revisions of one assessment opened from the national view, or two assessments of a
    city started in one year), so the legend never shows one name twice."""
    mine, theirs = short_name(a), short_name(b)
    return (a.title, b.title) if mine == theirs and a.title != b.title else (mine, theirs)


def change_text(change: float | None) -> str:
    if change is None:
        return "—"
    points = round(100 * change)
    sign = "+" if points > 0 else "−" if points < 0 else "±"
    return tr("{change} pts", change=f"{sign}{abs(points)}")


class DashboardView(RefreshWhenShown, QWidget):
    def __init__(self, model: WorkspaceModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.current: AssessmentSummary | None = None
        self.other: AssessmentSummary | None = None
        self._compare_id: str | None = None
        self._compare_chosen = False  # the user picked a comparison: keep it across refreshes
        self._essential: int | None = None
        self._stale = True

        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 10, 12, 10)
        top = QHBoxLayout()
        # ends in "…" when the score beside it needs the room: at the largest text the score was drawn over it
        # (a facilitator's trial); the whole title is in its tooltip
        self.title_label = ElidedLabel(objectName="h2")
        self.overall_label = QLabel(objectName="dashboardOverall")
        # 1.5 times the text size (View > Larger text scales it with the rest)
        self.overall_label.setStyleSheet(f"font-size: {1.5 * QApplication.font().pointSizeF():.1f}pt; font-weight: 600;")
        self.completion = QProgressBar(objectName="dashboardCompletion")
        self.completion.setTextVisible(True)
        self.completion.setMinimumWidth(round(320 * text_scale()))  # its text grows with View > Larger text
        top.addWidget(self.title_label, 1)
        top.addWidget(self.overall_label)
        top.addSpacing(12)
        top.addWidget(self.completion)
        outer.addLayout(top)

        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Compare with:")))
        self.compare_combo = QComboBox(objectName="compareCombo")
        self.compare_combo.setMinimumContentsLength(36)
        self.compare_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.compare_combo.activated.connect(self._compare_chosen_by_user)
        row.addWidget(self.compare_combo, 1)
        row.addStretch(0)
        self.export_radar_button = QPushButton(tr("Export radar…"))
        self.export_radar_button.clicked.connect(lambda: self._export_dialog("radar"))
        self.export_bars_button = QPushButton(tr("Export bar chart…"))
        self.export_bars_button.clicked.connect(lambda: self._export_dialog("bars"))
        row.addWidget(self.export_radar_button)
        row.addWidget(self.export_bars_button)
        outer.addLayout(row)

        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(8)
        # The charts (pyqtgraph) are made when the dashboard is first shown: not at startup.
        self.radar: RadarWidget | None = None
        self.bars: QuestionBarsWidget | None = None
        self._radar_box = _box()
        self._bars_box = _box()
        self.essentials_table = _table((tr("Essential"), tr("Score"), tr("Answered"), tr("Compared"), tr("Change")))
        self.essentials_table.setObjectName("essentialsTable")
        self.essentials_table.setAccessibleName(tr("Essentials"))
        self.essentials_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.essentials_table.cellClicked.connect(self._essential_row_clicked)
        bars_box = QVBoxLayout()
        bars_row = QHBoxLayout()
        bars_row.addWidget(QLabel(tr("Questions of")))
        self.essential_combo = QComboBox(objectName="essentialCombo")
        self.essential_combo.setMinimumContentsLength(24)
        self.essential_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.essential_combo.activated.connect(lambda _i: self.set_essential(self.essential_combo.currentData()))
        bars_row.addWidget(self.essential_combo, 1)
        bars_box.addLayout(bars_row)
        bars_box.addWidget(self._bars_box, 1)
        low_box = QVBoxLayout()
        low_heading = QLabel(tr("Lowest-scoring questions and their actions"), objectName="h2")
        low_heading.setWordWrap(True)  # two lines at a large text size, not cut at the window's edge
        low_box.addWidget(low_heading)
        self.lowest_table = _table((tr("Question"), tr("Score"), tr("Action items")))
        self.lowest_table.setObjectName("lowestTable")
        self.lowest_table.setAccessibleName(tr("Lowest-scoring questions and their actions"))
        self.lowest_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.lowest_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        low_box.addWidget(self.lowest_table, 1)
        grid.addWidget(self._radar_box, 0, 0)
        grid.addWidget(self.essentials_table, 0, 1)
        grid.addLayout(bars_box, 1, 0)
        grid.addLayout(low_box, 1, 1)
        grid.setColumnStretch(0, 5)
        grid.setColumnStretch(1, 6)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 2)
        outer.addLayout(grid, 1)

        model.sig_workspace_replaced.connect(self._assessment_changed)
        model.sig_assessment_selected.connect(self._assessment_changed)
        model.sig_changed.connect(self._on_changed)  # bound methods: disconnected when this view is deleted

    # ------------------------------------------------------------------ model events
    def _ensure_charts(self) -> None:
        if self.radar is not None:
            return
        from .charts.bars_widget import QuestionBarsWidget
        from .charts.radar_widget import RadarWidget
        self.radar = RadarWidget()
        self.radar.setMinimumSize(280, 260)
        self._radar_box.layout().addWidget(self.radar)
        self.bars = QuestionBarsWidget()
        self.bars.setMinimumHeight(160)
        self._bars_box.layout().addWidget(self.bars)

    def _assessment_changed(self, _aid: str | None = None) -> None:
        self._compare_id, self._compare_chosen, self._essential = None, False, None
        self.refresh()

    def _on_changed(self, event: ChangeEvent) -> None:
        if event.entity in _ENTITIES:
            self.refresh(event)

    def refresh(self, _event: object = None) -> None:
        """Read the assessment (and the one compared with) again and redraw everything."""
        if self.defer_while_hidden():
            return
        self._ensure_charts()
        ws, aid = self.model.ws, self.model.assessment_id
        if ws is None or aid is None:
            self.current = self.other = None
            self.title_label.setText(tr("No assessment open"))
            return
        self.current = summarize(ws, aid)
        self._fill_compare_combo(ws.list_assessments())
        self.other = summarize(ws, self._compare_id) if self._compare_id else None
        self._show_overall()
        self._show_radar()
        self._show_essentials_table()
        self._fill_essential_combo()
        self._show_bars()
        self._show_lowest()

    # ------------------------------------------------------------------ comparison
    def _fill_compare_combo(self, assessments: list[Assessment]) -> None:
        current = self.current.assessment
        candidates = comparison_candidates(assessments, current)
        ids = {a.id for a in candidates}
        if not self._compare_chosen or self._compare_id not in ids:
            default = default_comparison(assessments, current)
            self._compare_id = default.id if default is not None and not self._compare_chosen else None
        combo = self.compare_combo
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(tr("No comparison"), _NO_COMPARISON)
        for a in candidates:
            prefix = tr("Same city") if a.city_id == current.city_id else tr("Other city")
            combo.addItem(f"{prefix}: {short_name(a)} — {a.title}", a.id)
        combo.setCurrentIndex(max(0, combo.findData(self._compare_id or _NO_COMPARISON)))
        combo.blockSignals(False)

    def _compare_chosen_by_user(self, _index: int) -> None:
        self.set_comparison(self.compare_combo.currentData() or None)

    def set_comparison(self, assessment_id: str | None) -> None:
        """Compare with ``assessment_id`` (``None``: show this assessment alone)."""
        self._compare_id, self._compare_chosen = assessment_id, True
        self.refresh()

    def deltas(self):
        """Per Essential: this assessment's share, the compared one's, and the change."""
        mine = self.current.essentials if self.current else []
        return compare_results(mine, self.other.essentials) if self.other else compare_results(mine, [])

    # ------------------------------------------------------------------ drawing
    def _show_overall(self) -> None:
        cur = self.current
        s = cur.score
        self.title_label.setText(cur.assessment.title)
        self.overall_label.setText(tr("Score {p}  ({pts} / {mx})", p=current().share(s.points / s.max if s.max else None),
                                      pts=s.points, mx=s.max))
        self.completion.setRange(0, max(1, s.questions))
        self.completion.setValue(s.answered)
        self.completion.setFormat(tr("{a} of {n} answered ({p})", a=s.answered, n=s.questions,
                                     p=current().percent(100 * s.completion, 0)))

    def _names(self) -> tuple[str, str]:
        """The legend names of the current assessment and the compared one ("" when none)."""
        if self.other is None:
            return short_name(self.current.assessment), ""
        return legend_names(self.current.assessment, self.other.assessment)

    def _show_radar(self) -> None:
        results = self.current.essentials
        self.radar.set_axes([str(e.number) for e in results], [current().share(e.share) for e in results])
        mine, other_name = self._names()
        self.radar.set_series("current", mine, [e.share for e in results])
        if self.other is not None:
            theirs = {e.number: e.share for e in self.other.essentials}
            self.radar.set_series("other", other_name,
                                  [theirs.get(e.number) for e in results], fill=False, dashed=True)
        else:
            self.radar.remove_series("other")

    def _show_essentials_table(self) -> None:
        lang = language()
        results = self.current.essentials
        deltas = {d.number: d for d in self.deltas()}
        table = self.essentials_table
        compared = self._names()[1] if self.other else tr("Compared")
        table.setHorizontalHeaderLabels([tr("Essential"), tr("Score"), tr("Answered"), compared, tr("Change")])
        table.setColumnHidden(3, self.other is None)
        table.setColumnHidden(4, self.other is None)
        table.setRowCount(len(results))
        for r, e in enumerate(results):
            d = deltas[e.number]
            cells = [f"{e.number}. {tr_text(e.title, lang)}", _score_cell(e),
                     f"{e.answered} / {e.questions}" if e.in_scope else "—",
                     current().share(d.other_share), change_text(d.change)]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, e.number)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                table.setItem(r, c, item)
            table.item(r, 0).setToolTip(tr_text(e.title, lang))
            if e.share is not None:
                tint = QColor(score_colour(e.share))
                tint.setAlpha(90)
                table.item(r, 1).setBackground(QBrush(tint))
            if d.change is not None and round(100 * d.change):
                table.item(r, 4).setForeground(QBrush(QColor("#1e7b34" if d.change > 0 else "#b03a2e")))
                f = table.item(r, 4).font()
                f.setBold(True)
                table.item(r, 4).setFont(f)
        table.resizeColumnsToContents()
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    def _fill_essential_combo(self) -> None:
        lang = language()
        in_scope = [e for e in self.current.essentials if e.in_scope]
        if self._essential not in {e.number for e in in_scope}:
            # start with the weakest Essential that has answers: an unanswered one is a row of empty bars (a trial)
            scored = [e for e in in_scope if e.share is not None and e.answered]
            self._essential = min(scored, key=lambda e: e.share).number if scored else (
                in_scope[0].number if in_scope else None)
        combo = self.essential_combo
        combo.blockSignals(True)
        combo.clear()
        for e in in_scope:
            combo.addItem(f"{e.number}. {tr_text(e.title, lang)}", e.number)
        combo.setCurrentIndex(max(0, combo.findData(self._essential)))
        combo.blockSignals(False)

    def set_essential(self, number: int | None) -> None:
        """Show the questions of Essential ``number`` in the bar chart."""
        if number is None or self.current is None:
            return
        self._essential = number
        self.essential_combo.setCurrentIndex(max(0, self.essential_combo.findData(number)))
        self._show_bars()

    def _essential_row_clicked(self, row: int, _col: int) -> None:
        item = self.essentials_table.item(row, 0)
        if item is not None and any(e.number == item.data(Qt.ItemDataRole.UserRole) and e.in_scope
                                    for e in self.current.essentials):
            self.set_essential(item.data(Qt.ItemDataRole.UserRole))

    def _show_bars(self) -> None:
        cur, n = self.current, self._essential
        if self.bars is None:
            return
        if cur is None or n is None:
            self.bars.set_bars([], (0, 1))
            return
        mine = question_results(cur.card, cur.answers, n)
        other = None
        if self.other is not None and self.other.card.id == cur.card.id and (
                self.other.assessment.essentials_scope is None or n in self.other.assessment.essentials_scope):
            theirs = {r.question_id: r for r in question_results(self.other.card, self.other.answers, n)}
            other = [BarValue(r.question_id, theirs[r.question_id].score if r.question_id in theirs else None,
                              theirs[r.question_id].na if r.question_id in theirs else False) for r in mine]
        self.bars.set_bars([BarValue(r.question_id, r.score, r.na) for r in mine],
                           (cur.card.min_score, cur.card.max_score), name=self._names()[0],
                           other=other, other_name=self._names()[1] if other else "")

    def _show_lowest(self) -> None:
        cur = self.current
        lang = language()
        low = lowest_questions(cur.card, cur.answers, cur.actions, scope=cur.assessment.essentials_scope)
        table = self.lowest_table
        table.setRowCount(len(low))
        for r, item in enumerate(low):
            q = item.question
            actions = "; ".join(a.action for a in item.actions)
            cells = [f"{q.question_id}  {tr_text(q.topic, lang)}", str(q.score), actions or tr("No action yet")]
            for c, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                table.setItem(r, c, cell)
            table.item(r, 1).setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            tint = QColor(score_colour(q.share or 0.0))
            tint.setAlpha(90)
            table.item(r, 1).setBackground(QBrush(tint))
            if not item.actions:
                f = QFont(table.item(r, 2).font())
                f.setItalic(True)
                table.item(r, 2).setFont(f)
                table.item(r, 2).setForeground(QBrush(QColor("#b03a2e")))
        table.resizeColumnToContents(1)

    # ------------------------------------------------------------------ export
    def chart(self, name: str) -> RadarWidget | QuestionBarsWidget:
        self._ensure_charts()
        return {"radar": self.radar, "bars": self.bars}[name]

    def export(self, name: str, path: str | Path) -> Path:
        """Save the chart ``name`` ("radar" or "bars") as PNG or SVG (by the file's suffix)."""
        from .charts.export import export_chart
        title = self.current.assessment.title if self.current else ""
        return export_chart(self.chart(name), path, title=title)

    def _export_dialog(self, name: str) -> None:
        if self.current is None:
            return
        from ..exchange.file_actions import ask_save_path, suggested_path
        stem = f"{short_name(self.current.assessment)} {tr('radar') if name == 'radar' else tr('bars')}"
        path = ask_save_path(self, tr("Export chart"), suggested_path(stem, ".png", fallback="chart"),
                             (".png", ".svg"), tr("PNG image (*.png)") + ";;" + tr("SVG image (*.svg)"))
        if path is None:
            return
        try:
            self.export(name, path)
        except Exception as exc:
            show_error(self, exc, title=tr("Cannot export the chart"))


def _box() -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    return box


def _table(headers: tuple[str, ...]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(False)
    return table


def _score_cell(e: EssentialResult) -> str:
    if not e.in_scope:
        return tr("not assessed")
    if e.share is None:
        return tr("N/A")
    return f"{current().share(e.share)}  ({e.points} / {e.max})"
