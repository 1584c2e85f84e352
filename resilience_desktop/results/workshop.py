"""The workshop (presentation mode) without Qt: what is shown, in which order, for how long.

A projected screen is public. :class:`PublicAnswer` is the only form of an answer the
presentation reads: it has no names (who changed it, the team) and drops a comment marked
private. The order of screens and the per-item clock are plain Python so they are tested
without a display.
"""

from __future__ import annotations

__all__ = ["PublicAnswer", "Slide", "slides", "ItemClock", "format_elapsed"]

import time
from dataclasses import dataclass
from typing import Callable, Literal, Sequence

from ..workspace.records import Answer
from ..scorecard import Scorecard

Mode = Literal["question", "essential"]


@dataclass(frozen=True)
class PublicAnswer:
    """The part of an answer that may be projected: score, N/A and a comment not marked private."""

    score: int | None
    na: bool
    comment: str

    @classmethod
    def from_answer(cls, answer: Answer | None) -> "PublicAnswer":
        if answer is None:
            return cls(None, False, "")
        return cls(answer.score if not answer.na else None, answer.na,
                   "" if answer.comment_private else answer.comment.strip())

    @property
    def answered(self) -> bool:
        return self.na or self.score is not None


@dataclass(frozen=True)
class Slide:
    """One screen: a question, or an Essential with all its questions (``question_id`` None)."""

    essential: int
    question_id: str | None = None


def slides(card: Scorecard, mode: Mode, scope: Sequence[int] | None = None) -> list[Slide]:
    """The screens in order: one per scored question, or one per Essential in the scope.

    Examples
    --------
    >>> from resilience_desktop.scorecard.loader import scorecard_from_dict
    >>> card = scorecard_from_dict({"format": 1, "id": "t", "version": 1, "title": {"en": "T"},
    ...     "score_range": [0, 3], "essentials": [{"number": n, "title": {"en": f"E{n}"}} for n in (1, 2)],
    ...     "questions": [{"id": f"P{n}.{i}", "essential": n, "topic": {"en": "x"}, "text": {"en": "q"},
    ...                    "levels": {str(s): {"en": str(s)} for s in range(4)}} for n in (1, 2) for i in (1, 2)]})
    >>> [s.question_id for s in slides(card, "question", scope=[2])]
    ['P2.1', 'P2.2']
    >>> [s.essential for s in slides(card, "essential")]
    [1, 2]
    """
    numbers = [e.number for e in card.essentials if scope is None or e.number in scope]
    if mode == "essential":
        return [Slide(n) for n in numbers if card.questions_of(n)]
    return [Slide(n, q.id) for n in numbers for q in card.questions_of(n)]


class ItemClock:
    """Time spent on the current item, with pause. ``now`` is injectable for tests.

    Examples
    --------
    >>> t = [100.0]
    >>> clock = ItemClock(lambda: t[0])
    >>> t[0] = 130.0; clock.elapsed()
    30.0
    >>> clock.toggle_pause(); t[0] = 200.0; clock.elapsed()
    30.0
    >>> clock.toggle_pause(); t[0] = 205.0; clock.elapsed()
    35.0
    >>> clock.reset(); clock.elapsed()
    0.0
    """

    def __init__(self, now: Callable[[], float] = time.monotonic):
        self._now = now
        self._started = now()
        self._paused_at: float | None = None

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    def reset(self) -> None:
        """Start counting from zero (a new item); a paused clock stays paused."""
        now = self._now()
        self._started = now
        if self._paused_at is not None:
            self._paused_at = now

    def toggle_pause(self) -> None:
        now = self._now()
        if self._paused_at is None:
            self._paused_at = now
        else:
            self._started += now - self._paused_at
            self._paused_at = None

    def elapsed(self) -> float:
        end = self._paused_at if self._paused_at is not None else self._now()
        return max(0.0, end - self._started)


def format_elapsed(seconds: float) -> str:
    """``m:ss`` under an hour, ``h:mm:ss`` after.

    >>> format_elapsed(75.9), format_elapsed(3725)
    ('1:15', '1:02:05')
    """
    s = int(seconds)
    h, rest = divmod(s, 3600)
    m, sec = divmod(rest, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"
