"""Scoring: per Essential and overall, with completion.

Rules (as the official tool, plus the distinction it lacks):

* every question counts equally; points are ``score - min_score``;
* *not applicable* removes the question from the maximum;
* *not answered yet* stays in the maximum with no points, and is not counted as answered;
* retired questions are neither scored nor counted.
"""

from __future__ import annotations

__all__ = ["AnswerState", "EssentialScore", "AssessmentScore", "score_assessment"]

from dataclasses import dataclass, field
from typing import Iterable, Mapping

from .model import Scorecard


@dataclass(frozen=True)
class AnswerState:
    """The part of an answer scoring needs. ``score`` is ``None`` when N/A or not answered."""

    score: int | None = None
    na: bool = False

    @property
    def answered(self) -> bool:
        return self.na or self.score is not None


class _Shares:
    """Percent of the maximum and completion, shared by an Essential's score and the total."""

    points: int
    max: int
    answered: int
    questions: int

    @property
    def percent(self) -> float | None:
        """Share of the maximum, 0-100; ``None`` when every question is N/A."""
        return round(100.0 * self.points / self.max, 1) if self.max else None

    @property
    def completion(self) -> float:
        return self.answered / self.questions if self.questions else 1.0


@dataclass(frozen=True)
class EssentialScore(_Shares):
    essential: int
    points: int
    max: int
    answered: int
    questions: int
    na: int

    def to_json(self) -> dict:
        return {
            "essential": self.essential,
            "points": self.points,
            "max": self.max,
            "percent": self.percent,
            "answered": self.answered,
            "questions": self.questions,
            "na": self.na,
        }


@dataclass(frozen=True)
class AssessmentScore(_Shares):
    essentials: tuple[EssentialScore, ...]
    points: int = field(init=False)
    max: int = field(init=False)
    answered: int = field(init=False)
    questions: int = field(init=False)

    def __post_init__(self) -> None:
        for name in ("points", "max", "answered", "questions"):
            object.__setattr__(self, name, sum(getattr(e, name) for e in self.essentials))

    def essential(self, number: int) -> EssentialScore:
        for e in self.essentials:
            if e.essential == number:
                return e
        raise KeyError(number)

    def overall_json(self) -> dict:
        return {
            "points": self.points,
            "max": self.max,
            "percent": self.percent,
            "answered": self.answered,
            "questions": self.questions,
            "completion": round(self.completion, 4),
        }


def score_assessment(
    card: Scorecard,
    answers: Mapping[str, AnswerState],
    essentials: Iterable[int] | None = None,
) -> AssessmentScore:
    """Score ``answers`` (question id -> state) against ``card``.

    ``essentials`` limits the assessment to some Essentials (partial Detailed assessments).

    Examples
    --------
    >>> from resilience_desktop.scorecard.loader import scorecard_from_dict
    >>> card = scorecard_from_dict({"format": 1, "id": "t", "version": 1, "title": {"en": "T"},
    ...     "score_range": [0, 3], "essentials": [{"number": 1, "title": {"en": "E1"}}],
    ...     "questions": [{"id": f"P1.{i}", "essential": 1, "topic": {"en": "x"}, "text": {"en": "q"},
    ...                    "levels": {str(s): {"en": str(s)} for s in range(4)}} for i in (1, 2, 3)]})
    >>> s = score_assessment(card, {"P1.1": AnswerState(3), "P1.2": AnswerState(na=True)})
    >>> (s.points, s.max, s.answered, s.questions)
    (3, 6, 2, 3)
    """
    span = card.max_score - card.min_score
    scope = set(essentials) if essentials is not None else None
    results = []
    for ess in card.essentials:
        if scope is not None and ess.number not in scope:
            continue
        points = maximum = answered = na = total = 0
        for q in card.questions_of(ess.number):
            total += 1
            state = answers.get(q.id)
            if state is not None and state.na:
                na += 1
                answered += 1
                continue
            maximum += span
            if state is not None and state.score is not None:
                points += state.score - card.min_score
                answered += 1
        results.append(EssentialScore(ess.number, points, maximum, answered, total, na))
    return AssessmentScore(tuple(results))
