"""One question on the projector: topic, question text, every score level, the agreed score
and (when not private) the comment. Type is as large as the screen allows, never clipped."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ...i18n.catalog import tr
from ...scorecard import Question, Scorecard, tr_text
from ...results.workshop import PublicAnswer
from ..theme import score_colour
from . import presentation_style as ps

COMMENT_LIMIT = 280  # characters: a projected comment is a reminder, not a document
MIN_FACTOR = 0.5  # of the nominal size (see presentation_style.SIZES), however long the text
LEVEL_RATIO = 0.85  # level descriptions are at least this share of the question factor
BADGE_BORDER = 3  # pixels


class LevelRow(QFrame):
    """A score level: the score in a coloured badge, and what it means."""

    def __init__(self, score: int, text: str, share: float, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("levelRow")
        self.score, self.text, self.share = score, text, share
        self.setProperty("selected", False)
        layout = QHBoxLayout(self)
        self.badge = QLabel(str(score))
        self.badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 1)

    def set_selected(self, selected: bool) -> None:
        colour = score_colour(self.share, projector=True)
        self.setProperty("selected", selected)
        ps.repolish(self)
        if selected:
            self.badge.setStyleSheet(f"background: {colour}; color: {ps.BACKGROUND}; border: {BADGE_BORDER}px solid {colour};"
                                     " border-radius: 8px;")
            self.label.setStyleSheet(f"color: {ps.TEXT};")
        else:
            self.badge.setStyleSheet(f"color: {colour}; border: {BADGE_BORDER}px solid {colour}; border-radius: 8px;")
            self.label.setStyleSheet(f"color: {ps.MUTED};")

    def is_selected(self) -> bool:
        return bool(self.property("selected"))


class QuestionSlide(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.scale = 1.0
        self.question: Question | None = None
        self.answer = PublicAnswer(None, False, "")
        self.rows: list[LevelRow] = []
        #: The factors chosen by the last fit: (question text, levels and notes).
        self.factors = (1.0, 1.0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.topic_label = QLabel(objectName="presentationTopic")
        self.topic_label.setProperty("role", "accent")
        self.text_label = QLabel(objectName="presentationQuestion")
        self.levels_box = QVBoxLayout()
        self.state_label = QLabel(objectName="presentationState")
        self.comment_label = QLabel(objectName="presentationComment")
        self.comment_label.setProperty("role", "muted")
        for w in (self.topic_label, self.text_label, self.state_label, self.comment_label):
            w.setWordWrap(True)
            w.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.topic_label)
        layout.addWidget(self.text_label)
        layout.addLayout(self.levels_box)
        layout.addWidget(self.state_label)
        layout.addWidget(self.comment_label)
        layout.addStretch(1)

    # ------------------------------------------------------------------ content
    def show_question(self, card: Scorecard, question: Question, answer: PublicAnswer, lang: str) -> None:
        if self.question is None or question.id != self.question.id:
            for row in self.rows:
                row.setParent(None)
                row.deleteLater()
            span = max(1, card.max_score - card.min_score)
            self.rows = [LevelRow(s, tr_text(question.levels[s], lang), (s - card.min_score) / span, self)
                         for s in sorted(question.levels, reverse=True)]
            for row in self.rows:
                self.levels_box.addWidget(row)
            self.question = question
            self.topic_label.setText(f"{question.id}  ·  {tr_text(question.topic, lang)}")
            self.text_label.setText(tr_text(question.text, lang))
            self._range = (card.min_score, card.max_score)
        self.answer = answer
        for row in self.rows:
            row.set_selected(not answer.na and answer.score == row.score)
        low, high = self._range
        if answer.na:
            self.state_label.setText(tr("Not applicable to this city"))
            self.state_label.setProperty("role", "warning")
        elif answer.score is None:
            self.state_label.setText(tr("Not scored yet: press {low}–{high} to record the score the room agrees",
                                        low=low, high=high))
            self.state_label.setProperty("role", "muted")
        else:
            self.state_label.setText(tr("Agreed score: {s} of {high}", s=answer.score, high=high))
            self.state_label.setProperty("role", "")
        ps.repolish(self.state_label)
        comment = answer.comment
        if len(comment) > COMMENT_LIMIT:
            comment = comment[: COMMENT_LIMIT - 1].rstrip() + "…"
        self.comment_label.setText(tr("Why: {comment}", comment=comment) if comment else "")
        self.comment_label.setVisible(bool(comment))
        self.fit()

    def set_scale(self, scale: float) -> None:
        self.scale = scale
        self.fit()

    # ------------------------------------------------------------------ type size
    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self.fit()

    def fit(self) -> None:
        """Choose the largest type with which everything fits the slide.

        The question text comes first; the level descriptions may be a little smaller but stay in
        proportion (at least :data:`LEVEL_RATIO` of the question's factor) so they remain readable.
        """
        if self.question is None:
            return
        width, height = self.width(), self.height()
        self.factors = (MIN_FACTOR, MIN_FACTOR * LEVEL_RATIO)
        # Keep the question at its floor (28 pt on a 1080-pixel screen) before anything else;
        # below the floor only when the text cannot fit otherwise.
        for lowest_fq, ratio in ((ps.QUESTION_FLOOR, LEVEL_RATIO), (ps.QUESTION_FLOOR, 0.0),
                                 (MIN_FACTOR, LEVEL_RATIO), (MIN_FACTOR, 0.0)):
            found = self._search(width, height, lowest_fq, ratio)
            if found is not None:
                self.factors = found
                break
        self._apply_fonts(*self.factors)

    def _search(self, width: int, height: int, lowest_fq: float, ratio: float) -> tuple[float, float] | None:
        fq = 1.0
        while fq >= lowest_fq - 1e-9:
            fl = self._largest_level_factor(width, height, fq)
            if fl is not None and fl >= fq * ratio:
                return fq, fl
            fq = round(fq - 0.03, 4)
        return None


    def _largest_level_factor(self, width: int, height: int, fq: float) -> float | None:
        """Binary search for the largest level factor that fits with question factor ``fq``."""
        return ps.largest_fitting(lambda fl: self._needed_height(width, fq, fl) <= height,
                                  MIN_FACTOR * LEVEL_RATIO, min(1.0, fq * 1.1), steps=6)

    def _sizes(self, fq: float, fl: float) -> dict[str, float]:
        s, z = self.scale, ps.SIZES
        return {"topic": z["topic"] * s * fq, "question": z["question"] * s * fq, "level": z["level"] * s * fl,
                "badge": z["badge"] * s * fl, "state": z["state"] * s * fl, "comment": z["comment"] * s * fl}

    def _metrics(self, fl: float) -> tuple[int, int, int]:
        """Row padding, badge width and spacing in pixels for the level factor ``fl``."""
        s = self.scale * fl
        return max(4, int(10 * s)), max(28, int(70 * s)), max(4, int(12 * s))

    def _heights(self, width: int, fq: float, fl: float) -> list[tuple[QWidget, int]]:
        """The height each part needs at ``width`` pixels with these factors, top to bottom."""
        sz = self._sizes(fq, fl)
        pad, badge_w, _gap = self._metrics(fl)
        out: list[tuple[QWidget, int]] = [
            (self.topic_label, ps.text_height(self.topic_label.text(), ps.font(sz["topic"], bold=True), width)),
            (self.text_label, ps.text_height(self.text_label.text(), ps.font(sz["question"]), width)),
        ]
        text_w = width - badge_w - 3 * pad
        badge_h = ps.text_height("0", ps.font(sz["badge"], bold=True), badge_w) + 2 * BADGE_BORDER
        for row in self.rows:
            out.append((row, 2 * pad + max(badge_h, ps.text_height(row.text, ps.font(sz["level"]), text_w))))
        out.append((self.state_label, ps.text_height(self.state_label.text(), ps.font(sz["state"], bold=True), width)))
        if self.comment_label.isVisibleTo(self):
            out.append((self.comment_label, ps.text_height(self.comment_label.text(),
                                                           ps.font(sz["comment"], italic=True), width)))
        # QLabel rounding and line spacing differ from the font metrics by a pixel or two
        return [(w, h + 2 + h // 50) for w, h in out]

    def _needed_height(self, width: int, fq: float, fl: float) -> int:
        heights = self._heights(width, fq, fl)
        return sum(h for _w, h in heights) + self._metrics(fl)[2] * (len(heights) - 1)

    def _apply_fonts(self, fq: float, fl: float) -> None:
        """Set the fonts and give every part exactly the height it needs: the layout then has
        nothing to squeeze (a layout pass may run before word-wrapped labels report their height)."""
        sz = self._sizes(fq, fl)
        pad, badge_w, gap = self._metrics(fl)
        self.layout().setSpacing(gap)
        self.levels_box.setSpacing(gap)
        self.topic_label.setFont(ps.font(sz["topic"], bold=True))
        self.text_label.setFont(ps.font(sz["question"]))
        self.state_label.setFont(ps.font(sz["state"], bold=True))
        self.comment_label.setFont(ps.font(sz["comment"], italic=True))
        for row in self.rows:
            row.layout().setContentsMargins(pad, pad, pad, pad)
            row.layout().setSpacing(pad)
            row.badge.setFont(ps.font(sz["badge"], bold=True))
            row.badge.setFixedWidth(badge_w)
            row.label.setFont(ps.font(sz["level"]))
        for widget, height in self._heights(self.width(), fq, fl):
            widget.setFixedHeight(height)

    def question_point_size(self) -> float:
        return self.text_label.font().pointSizeF()
