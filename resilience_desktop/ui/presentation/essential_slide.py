"""One Essential on the projector: its share of the maximum and each question with its score.
Up/Down choose the question that digit keys score."""

from __future__ import annotations

from typing import Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ...results.analysis import EssentialResult
from ...i18n.catalog import current, tr, trn
from ...scorecard import Scorecard, tr_text
from ...results.workshop import PublicAnswer
from ..theme import score_colour
from . import presentation_style as ps

BORDER = 3  # pixels around a score badge


class QuestionRow(QFrame):
    def __init__(self, question_id: str, topic: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("questionRow")
        self.question_id, self.topic = question_id, topic
        self.setProperty("selected", False)
        layout = QHBoxLayout(self)
        self.id_label = QLabel(question_id)
        self.id_label.setProperty("role", "muted")
        self.topic_label = QLabel(topic)
        self.topic_label.setWordWrap(True)
        self.topic_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.score_label = QLabel()
        self.score_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.id_label, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.topic_label, 1)
        layout.addWidget(self.score_label, 0, Qt.AlignmentFlag.AlignVCenter)

    def set_answer(self, answer: PublicAnswer, share: float | None) -> None:
        if answer.na:
            text, colour = tr("N/A"), ps.MUTED
        elif answer.score is None:
            text, colour = "–", ps.MUTED
        else:
            text, colour = str(answer.score), score_colour(share, projector=True)
        self.score_label.setText(text)
        filled = answer.score is not None and not answer.na
        self.score_label.setStyleSheet(
            f"background: {colour}; color: {ps.BACKGROUND}; border: {BORDER}px solid {colour}; border-radius: 8px;"
            if filled else f"color: {colour}; border: {BORDER}px solid {colour}; border-radius: 8px;")

    def set_selected(self, selected: bool) -> None:
        self.setProperty("selected", selected)
        ps.repolish(self)


class EssentialSlide(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.scale = 1.0
        self.essential: int | None = None
        self.rows: list[QuestionRow] = []
        self.selected = 0
        self.factor = 1.0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title_label = QLabel(objectName="presentationEssential")
        self.title_label.setProperty("role", "accent")
        self.title_label.setWordWrap(True)
        self.title_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.share_label = QLabel(objectName="presentationShare")
        self.detail_label = QLabel(objectName="presentationShareDetail")
        self.detail_label.setProperty("role", "muted")
        self.detail_label.setWordWrap(True)
        self.detail_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        share_row = QHBoxLayout()
        share_row.addWidget(self.share_label, 0, Qt.AlignmentFlag.AlignVCenter)
        share_row.addSpacing(16)
        share_row.addWidget(self.detail_label, 1, Qt.AlignmentFlag.AlignVCenter)
        self.rows_box = QVBoxLayout()
        layout.addWidget(self.title_label)
        layout.addLayout(share_row)
        layout.addLayout(self.rows_box)
        layout.addStretch(1)

    def show_essential(self, card: Scorecard, result: EssentialResult, answers: Mapping[str, PublicAnswer],
                       lang: str) -> None:
        questions = card.questions_of(result.number)
        if result.number != self.essential or [r.question_id for r in self.rows] != [q.id for q in questions]:
            for row in self.rows:
                row.setParent(None)
                row.deleteLater()
            self.rows = [QuestionRow(q.id, tr_text(q.topic, lang), self) for q in questions]
            for row in self.rows:
                self.rows_box.addWidget(row)
            self.essential = result.number
            self.selected = 0
            self.title_label.setText(tr("Essential {n}: {title}", n=result.number, title=tr_text(result.title, lang)))
        span = max(1, card.max_score - card.min_score)
        for row in self.rows:
            a = answers.get(row.question_id, PublicAnswer(None, False, ""))
            row.set_answer(a, (a.score - card.min_score) / span if a.score is not None else None)
        share = result.share
        colour = score_colour(share, projector=True)
        pct = current().share(share)
        self.share_label.setText(pct)
        self.share_label.setStyleSheet(f"color: {colour};")
        self.detail_label.setText(trn("{pts} of {mx} point · {a} of {n} answered",
                                      "{pts} of {mx} points · {a} of {n} answered", result.max,
                                      pts=result.points, mx=result.max, a=result.answered, n=result.questions))
        self.select(self.selected)
        self.fit()

    def select(self, index: int) -> None:
        if not self.rows:
            return
        self.selected = max(0, min(len(self.rows) - 1, index))
        for i, row in enumerate(self.rows):
            row.set_selected(i == self.selected)

    def selected_question(self) -> str | None:
        return self.rows[self.selected].question_id if self.rows else None

    def select_question(self, question_id: str) -> None:
        for i, row in enumerate(self.rows):
            if row.question_id == question_id:
                self.select(i)

    def set_scale(self, scale: float) -> None:
        self.scale = scale
        self.fit()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self.fit()

    def fit(self) -> None:
        if not self.rows:
            return
        width, height = self.width(), self.height()
        # the largest type that fits; the smallest when nothing does
        f = ps.largest_fitting(lambda k: self._needed_height(width, k) <= height, 0.45, 1.0) or 0.45
        self.factor = f
        self._apply_fonts(f)

    def _metrics(self, f: float) -> tuple[int, int, int, int]:
        s = self.scale * f
        # the score column fits the widest thing it shows: «Колд. эмес» (Kyrgyz N/A) was cut to «д. э» (a trial)
        bold = QFontMetrics(ps.font(ps.SIZES["row"] * self.scale * f, bold=True))
        score_w = max(36, int(84 * s), bold.horizontalAdvance(tr("N/A")) + max(12, int(24 * s)))
        return max(4, int(10 * s)), max(40, int(96 * s)), score_w, max(4, int(10 * s))

    def _heights(self, width: int, f: float) -> list[tuple[QWidget, int]]:
        """The height each part needs at ``width`` pixels with type factor ``f``, top to bottom."""
        s, z = self.scale, ps.SIZES
        pad, id_w, score_w, _gap = self._metrics(f)
        out: list[tuple[QWidget, int]] = [
            (self.title_label, ps.text_height(self.title_label.text(), ps.font(z["essential_title"] * s * f, bold=True),
                                              width)),
            (self.share_label, ps.text_height("100%", ps.font(z["share"] * s * f, bold=True), width)),
        ]
        text_w = width - id_w - score_w - 4 * pad
        row_font = ps.font(z["row"] * s * f)
        badge_h = ps.text_height("0", ps.font(z["row"] * s * f, bold=True), score_w) + 2 * BORDER
        for row in self.rows:
            out.append((row, 2 * pad + max(badge_h, ps.text_height(row.topic, row_font, text_w))))
        return [(w, h + 2 + h // 50) for w, h in out]

    def _needed_height(self, width: int, f: float) -> int:
        heights = self._heights(width, f)
        return sum(h for _w, h in heights) + self._metrics(f)[3] * (len(heights) - 1)

    def _apply_fonts(self, f: float) -> None:
        s, z = self.scale, ps.SIZES
        pad, id_w, score_w, gap = self._metrics(f)
        self.layout().setSpacing(gap)
        self.rows_box.setSpacing(gap)
        self.title_label.setFont(ps.font(z["essential_title"] * s * f, bold=True))
        self.share_label.setFont(ps.font(z["share"] * s * f, bold=True))
        self.detail_label.setFont(ps.font(z["row"] * s * f))
        for row in self.rows:
            row.layout().setContentsMargins(pad, pad, pad, pad)
            row.layout().setSpacing(pad)
            row.id_label.setFont(ps.font(z["row"] * s * f))  # same size as the topic: first lines align
            row.id_label.setFixedWidth(id_w)
            row.topic_label.setFont(ps.font(z["row"] * s * f))
            row.score_label.setFont(ps.font(z["row"] * s * f, bold=True))
            row.score_label.setFixedWidth(score_w)
        for widget, height in self._heights(self.width(), f):  # exact heights: nothing left to squeeze
            widget.setFixedHeight(height)
