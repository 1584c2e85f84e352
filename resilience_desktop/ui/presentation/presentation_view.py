"""Presentation mode: one question (or one Essential) per screen for the room, a live radar, a
timer per item, driven from the keyboard. Private comments and people's names never appear:
the view reads answers only as :class:`~resilience_desktop.results.workshop.PublicAnswer`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from ...results.analysis import essential_results
from ...i18n.catalog import current, language, tr
from ...scorecard import tr_text
from ...results.workshop import ItemClock, Mode, PublicAnswer, Slide, format_elapsed, slides
from ..results.charts.chart_style import DARK
from ..assessment.commands import set_score_command
from ..dialogs.error_dialog import show_error
from ..workspace_model import ChangeEvent, Entity, WorkspaceModel
from ..elided_label import ElidedLabel
from ..theme import score_colour

#: What the slides show: answers and scores, the assessment and its city.
_ENTITIES = frozenset({Entity.CITY, Entity.ASSESSMENT, Entity.ANSWER})
from . import presentation_style as ps
from .essential_slide import EssentialSlide
from .question_slide import QuestionSlide

if TYPE_CHECKING:
    from ..results.charts.radar_widget import RadarWidget

#: N, E and T typed on a Cyrillic layout (ЙЦУКЕН: the same keys give т, у, е), and «н» for «Н/П»: a
#: facilitator with a Russian keyboard pressed N and nothing happened (a trial).
_NA_LETTERS = frozenset("тн")
_ESSENTIAL_LETTERS = frozenset("у")
_TIMER_LETTERS = frozenset("е")
_NEXT = (Qt.Key.Key_Right, Qt.Key.Key_PageDown)
_PREVIOUS = (Qt.Key.Key_Left, Qt.Key.Key_PageUp)


class PresentationView(QWidget):
    sig_leave_requested = Signal()
    """Emitted (no arguments) when the user presses Esc to leave presentation mode."""

    def __init__(self, model: WorkspaceModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.setObjectName("presentation")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(ps.STYLE)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.mode: Mode = "question"
        self.slides: list[Slide] = []
        self.index = 0
        self.scale = 1.0
        self.clock = ItemClock()
        self._tick = QTimer(self, interval=500)
        self._tick.timeout.connect(self._update_timer)
        self._stale = True

        self.outer = QVBoxLayout(self)
        header = QHBoxLayout()
        # the Essential's title shares the row with the counter: "…" at its end, never a cut word
        self.context_label = ElidedLabel(objectName="presentationContext")
        self.context_label.setProperty("role", "muted")
        self.counter_label = QLabel(objectName="presentationCounter")
        self.timer_caption = QLabel(tr("time on this item"))
        self.timer_caption.setProperty("role", "muted")
        self.timer_label = QLabel(objectName="presentationTimer")
        self.timer_label.setProperty("role", "accent")
        header.addWidget(self.context_label, 1)
        header.addWidget(self.counter_label)
        header.addSpacing(32)
        header.addWidget(self.timer_caption)
        header.addWidget(self.timer_label)
        self.outer.addLayout(header)

        body = QHBoxLayout()
        self.stack = QStackedWidget()
        self.question_slide = QuestionSlide()
        self.essential_slide = EssentialSlide()
        self.stack.addWidget(self.question_slide)
        self.stack.addWidget(self.essential_slide)
        self.stack.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        side = QVBoxLayout()
        self.radar: RadarWidget | None = None  # made on first show: pyqtgraph is not loaded at startup
        self._radar_box = QWidget()
        self._radar_box.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        QVBoxLayout(self._radar_box).setContentsMargins(0, 0, 0, 0)
        self.overall_label = QLabel(objectName="presentationOverall")
        self.overall_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.answered_label = QLabel(objectName="presentationAnswered")
        self.answered_label.setProperty("role", "muted")
        self.answered_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        side.addWidget(self._radar_box, 1)
        side.addWidget(self.overall_label)
        side.addWidget(self.answered_label)
        body.addWidget(self.stack, 64)
        body.addLayout(side, 36)
        self.body = body
        self.outer.addLayout(body, 1)
        self.hint_label = QLabel(objectName="presentationHint")
        self.hint_label.setProperty("role", "muted")
        self.hint_label.setWordWrap(True)
        self.hint_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.outer.addWidget(self.hint_label)
        for w in self.findChildren(QWidget):
            w.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        model.sig_workspace_replaced.connect(self._assessment_changed)
        model.sig_assessment_selected.connect(self._assessment_changed)
        model.sig_changed.connect(self._changed)  # bound methods: disconnected when this view is deleted
        self._apply_scale()

    # ------------------------------------------------------------------ model events
    def _ensure_radar(self) -> RadarWidget:
        if self.radar is None:
            from ..results.charts.radar_widget import RadarWidget
            self.radar = RadarWidget(style=DARK.scaled(self.scale))
            self.radar.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
            self._radar_box.layout().addWidget(self.radar)
        return self.radar

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self._ensure_radar()
        if self._stale:
            self._rebuild()
        self.clock.reset()
        self._update_timer()
        self._tick.start()
        self.setFocus()

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().hideEvent(event)
        self._tick.stop()

    def _assessment_changed(self, _aid: str | None = None) -> None:
        self.index = 0
        self._rebuild()

    def _changed(self, event: ChangeEvent | None = None) -> None:
        if event is not None and event.entity not in _ENTITIES:
            return
        if self.isVisible():
            self._show()
        else:
            self._stale = True

    def _rebuild(self) -> None:
        """Recompute the screens (new assessment or mode) and show the current one."""
        ws, aid = self.model.ws, self.model.assessment_id
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        if ws is None or aid is None:
            self.slides = []
            self.context_label.setText(tr("No assessment open"))
            return
        a = ws.get_assessment(aid)
        self.slides = slides(ws.scorecard_of(aid), self.mode, a.essentials_scope)
        self.index = max(0, min(self.index, len(self.slides) - 1))
        self._show()

    def _show(self) -> None:
        ws, aid = self.model.ws, self.model.assessment_id
        if ws is None or aid is None or not self.slides:
            return
        lang = language()
        card = ws.scorecard_of(aid)
        answers = {qid: PublicAnswer.from_answer(a) for qid, a in ws.answers(aid).items()}
        score = ws.score(aid)
        results = essential_results(card, score)
        slide = self.slides[self.index]
        essential = card.essential(slide.essential)
        if self.mode == "question":
            q = card.question(slide.question_id)
            self.question_slide.show_question(card, q, answers.get(q.id, PublicAnswer(None, False, "")), lang)
            self.stack.setCurrentWidget(self.question_slide)
            self.context_label.setText(tr("Essential {n}: {title}", n=essential.number,
                                          title=tr_text(essential.title, lang)))
            self.counter_label.setText(tr("Question {i} of {n}", i=self.index + 1, n=len(self.slides)))
        else:
            result = next(r for r in results if r.number == slide.essential)
            self.essential_slide.show_essential(card, result, answers, lang)
            self.stack.setCurrentWidget(self.essential_slide)
            self.context_label.setText(ws.get_assessment(aid).city)
            self.counter_label.setText(tr("Essential {i} of {n}", i=self.index + 1, n=len(self.slides)))
        radar = self._ensure_radar()
        radar.set_axes([str(r.number) for r in results],
                       [current().share(r.share) for r in results])
        radar.set_series("current", "", [r.share for r in results])
        radar.set_highlight(next(i for i, r in enumerate(results) if r.number == slide.essential))
        overall = score.points / score.max if score.max else None
        self.overall_label.setText(tr("Overall {p}", p=current().percent(None if overall is None else 100 * overall, 0)))
        self.overall_label.setStyleSheet(f"color: {score_colour(overall, projector=True)};")
        self.answered_label.setText(tr("{a} of {n} answered", a=score.answered, n=score.questions))
        if self.mode == "question":
            hint = tr("←/→ move · {low}–{high} score · N not applicable · E one Essential per screen · "
                      "T pause timer · Esc leave", low=card.min_score, high=card.max_score)
        else:
            hint = tr("←/→ move · ↑/↓ choose a question · {low}–{high} score it · N not applicable · "
                      "E one question per screen · T pause timer · Esc leave", low=card.min_score, high=card.max_score)
        if ws.read_only:
            hint += "  ·  " + tr("read-only: scores cannot be changed")
        self.hint_label.setText(hint)

    # ------------------------------------------------------------------ navigation
    def current_question_id(self) -> str | None:
        if not self.slides:
            return None
        if self.mode == "question":
            return self.slides[self.index].question_id
        return self.essential_slide.selected_question()

    def go(self, delta: int) -> None:
        self.go_to(self.index + delta)

    def go_to(self, index: int) -> None:
        if not self.slides:
            return
        index = max(0, min(len(self.slides) - 1, index))
        if index != self.index:
            self.index = index
            self.clock.reset()
            self._update_timer()
            self._show()

    def go_to_question(self, question_id: str | None) -> None:
        """Show ``question_id`` (its Essential in Essential mode)."""
        if question_id is None:
            return
        if self._stale:
            self._rebuild_quietly()
        ws, aid = self.model.ws, self.model.assessment_id
        if ws is None or aid is None or not ws.scorecard_of(aid).has_question(question_id):
            return
        essential = ws.scorecard_of(aid).question(question_id).essential
        for i, s in enumerate(self.slides):
            if s.question_id == question_id or (s.question_id is None and s.essential == essential):
                self.index = i
                break
        if self.isVisible():
            self._show()
        if self.mode == "essential":
            self.essential_slide.select_question(question_id)

    def _rebuild_quietly(self) -> None:
        ws, aid = self.model.ws, self.model.assessment_id
        if ws is not None and aid is not None:
            self.slides = slides(ws.scorecard_of(aid), self.mode, ws.get_assessment(aid).essentials_scope)

    def set_mode(self, mode: Mode) -> None:
        """One question per screen, or one Essential per screen; stays on the same question."""
        if mode == self.mode:
            return
        keep = self.current_question_id()
        self.mode = mode
        self._rebuild_quietly()
        self.index = 0
        self.clock.reset()
        self.go_to_question(keep)
        if self.isVisible():
            self._show()
            if mode == "essential" and keep:
                self.essential_slide.select_question(keep)

    def toggle_timer(self) -> None:
        self.clock.toggle_pause()
        self._update_timer()

    def _update_timer(self) -> None:
        t = format_elapsed(self.clock.elapsed())
        self.timer_label.setText(tr("{t} paused", t=t) if self.clock.paused else t)
        self.timer_label.setProperty("role", "warning" if self.clock.paused else "accent")
        ps.repolish(self.timer_label)

    # ------------------------------------------------------------------ scoring
    def _can_edit(self) -> str | None:
        ws, aid, qid = self.model.ws, self.model.assessment_id, self.current_question_id()
        if ws is None or aid is None or qid is None or ws.read_only:
            return None
        return qid

    def score(self, value: int | None) -> None:
        """Record the score the room agreed for the current question (undoable)."""
        qid = self._can_edit()
        if qid is None:
            return
        ws, aid = self.model.ws, self.model.assessment_id
        card = ws.scorecard_of(aid)
        if value is not None and not card.min_score <= value <= card.max_score:
            return
        ans = ws.answer(aid, qid)
        self._execute(qid, (ans.score, ans.na), (value, False))

    def toggle_na(self) -> None:
        qid = self._can_edit()
        if qid is None:
            return
        ans = self.model.ws.answer(self.model.assessment_id, qid)
        self._execute(qid, (ans.score, ans.na), (None, False) if ans.na else (None, True))

    def _execute(self, qid: str, old: tuple[int | None, bool], new: tuple[int | None, bool]) -> None:
        if old == new:
            return
        try:
            self.model.execute(set_score_command(self.model.ws, self.model.assessment_id, qid, old, new))
        except Exception as exc:
            show_error(self, exc)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        key, text = event.key(), event.text()
        plain = not (event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier))
        if key in _NEXT:
            self.go(1)
        elif key in _PREVIOUS:
            self.go(-1)
        elif key == Qt.Key.Key_Home:
            self.go_to(0)
        elif key == Qt.Key.Key_End:
            self.go_to(len(self.slides) - 1)
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.mode == "essential":
            self.essential_slide.select(self.essential_slide.selected + (1 if key == Qt.Key.Key_Down else -1))
        elif plain and len(text) == 1 and text.isdigit():
            self.score(int(text))
        elif plain and (key == Qt.Key.Key_N or text.lower() in _NA_LETTERS):
            self.toggle_na()
        elif key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            self.score(None)
        elif plain and (key == Qt.Key.Key_E or text.lower() in _ESSENTIAL_LETTERS):
            self.set_mode("essential" if self.mode == "question" else "question")
        elif plain and (key == Qt.Key.Key_T or text.lower() in _TIMER_LETTERS):
            self.toggle_timer()
        elif key == Qt.Key.Key_Escape:
            self.sig_leave_requested.emit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    # ------------------------------------------------------------------ type size
    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._apply_scale()

    def _apply_scale(self) -> None:
        s = ps.scale_for(self.height())
        self.scale = s
        margin = int(28 * s)
        self.outer.setContentsMargins(margin, int(16 * s), margin, int(12 * s))
        self.outer.setSpacing(int(14 * s))
        self.body.setSpacing(int(36 * s))
        z = ps.SIZES
        self.context_label.setFont(ps.font(z["header"] * s))
        self.timer_caption.setFont(ps.font(z["header"] * s))
        self.counter_label.setFont(ps.font(z["counter"] * s, bold=True))
        self.timer_label.setFont(ps.font(z["counter"] * s, bold=True))
        self.hint_label.setFont(ps.font(z["hint"] * s))
        self.overall_label.setFont(ps.font(z["overall"] * s, bold=True))
        self.answered_label.setFont(ps.font(z["header"] * s))
        if self.radar is not None:
            self.radar.set_style(DARK.scaled(s))
        self.question_slide.set_scale(s)
        self.essential_slide.set_scale(s)
