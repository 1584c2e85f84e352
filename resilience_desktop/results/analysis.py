"""Results of an assessment as the dashboard and the workshop screens show them. No Qt.

Shares per Essential (for the radar), the change against another assessment (baseline vs
follow-up, or another city), each question of an Essential (for the bar chart) and the
lowest-scoring questions with their action items. Everything here works on plain records;
:func:`summarize` gathers them from anything with the :class:`~resilience_desktop.workspace.facade.Workspace`
reading methods.
"""

from __future__ import annotations

__all__ = [
    "EssentialResult", "EssentialDelta", "QuestionResult", "LowQuestion", "AssessmentSummary",
    "essential_results", "compare_results", "question_results", "lowest_questions",
    "comparison_candidates", "default_comparison", "summarize",
]

from dataclasses import dataclass
from typing import Mapping, Protocol, Sequence

from ..workspace.records import ActionItem, Answer, Assessment
from ..scorecard import AssessmentScore, Scorecard
from ..scorecard.model import Text


@dataclass(frozen=True)
class EssentialResult:
    """One Essential of one assessment.

    ``share`` is the score as a share of its maximum (0..1); ``None`` when nothing in it can be
    scored (every question N/A) or it is outside the assessment's scope: a gap on the radar,
    never a zero.
    """

    number: int
    title: Text
    points: int
    max: int
    answered: int
    questions: int
    na: int
    in_scope: bool = True

    @property
    def share(self) -> float | None:
        return self.points / self.max if self.in_scope and self.max else None

    @property
    def completion(self) -> float:
        return self.answered / self.questions if self.questions else 1.0


@dataclass(frozen=True)
class EssentialDelta:
    """An Essential's share in this assessment and in the one compared with."""

    number: int
    share: float | None
    other_share: float | None

    @property
    def change(self) -> float | None:
        """``share - other_share`` (positive: better now); ``None`` when either is a gap."""
        if self.share is None or self.other_share is None:
            return None
        return self.share - self.other_share


@dataclass(frozen=True)
class QuestionResult:
    question_id: str
    essential: int
    topic: Text
    score: int | None
    na: bool
    #: (score - min) / (max - min); ``None`` when N/A or not answered yet.
    share: float | None

    @property
    def answered(self) -> bool:
        return self.na or self.score is not None


@dataclass(frozen=True)
class LowQuestion:
    question: QuestionResult
    actions: tuple[ActionItem, ...]


@dataclass(frozen=True)
class AssessmentSummary:
    """What the result screens read about one assessment, gathered once per refresh."""

    assessment: Assessment
    card: Scorecard
    score: AssessmentScore
    answers: Mapping[str, Answer]
    actions: tuple[ActionItem, ...]

    @property
    def essentials(self) -> list[EssentialResult]:
        return essential_results(self.card, self.score)


class AssessmentSource(Protocol):
    """The reading part of the workspace façade that :func:`summarize` needs."""

    def get_assessment(self, assessment_id: str) -> Assessment: ...
    def scorecard_of(self, assessment_id: str) -> Scorecard: ...
    def score(self, assessment_id: str) -> AssessmentScore: ...
    def answers(self, assessment_id: str) -> dict[str, Answer]: ...
    def list_actions(self, assessment_id: str) -> list[ActionItem]: ...


def summarize(source: AssessmentSource, assessment_id: str) -> AssessmentSummary:
    """Read one assessment's scores, answers and action items from the workspace."""
    return AssessmentSummary(source.get_assessment(assessment_id), source.scorecard_of(assessment_id),
                             source.score(assessment_id), source.answers(assessment_id),
                             tuple(source.list_actions(assessment_id)))


def essential_results(card: Scorecard, score: AssessmentScore) -> list[EssentialResult]:
    """Every Essential of ``card`` in order; those outside the assessment's scope are gaps.

    Examples
    --------
    >>> from resilience_desktop.scorecard.loader import scorecard_from_dict
    >>> from resilience_desktop.scorecard import AnswerState, score_assessment
    >>> card = scorecard_from_dict({"format": 1, "id": "t", "version": 1, "title": {"en": "T"},
    ...     "score_range": [0, 3], "essentials": [{"number": n, "title": {"en": f"E{n}"}} for n in (1, 2)],
    ...     "questions": [{"id": f"P{n}.1", "essential": n, "topic": {"en": "x"}, "text": {"en": "q"},
    ...                    "levels": {str(s): {"en": str(s)} for s in range(4)}} for n in (1, 2)]})
    >>> s = score_assessment(card, {"P1.1": AnswerState(2), "P2.1": AnswerState(na=True)})
    >>> [(e.number, e.share) for e in essential_results(card, s)]
    [(1, 0.6666666666666666), (2, None)]
    """
    scored = {e.essential: e for e in score.essentials}
    out = []
    for ess in card.essentials:
        e = scored.get(ess.number)
        if e is None:
            n = len(card.questions_of(ess.number))
            out.append(EssentialResult(ess.number, ess.title, 0, 0, 0, n, 0, in_scope=False))
        else:
            out.append(EssentialResult(ess.number, ess.title, e.points, e.max, e.answered, e.questions, e.na))
    return out


def compare_results(current: Sequence[EssentialResult], other: Sequence[EssentialResult]) -> list[EssentialDelta]:
    """Pair the Essentials of two assessments by number (the Ten Essentials are shared by every
    scorecard level), in the order of ``current`` followed by any only ``other`` has."""
    theirs = {e.number: e.share for e in other}
    out = [EssentialDelta(e.number, e.share, theirs.get(e.number)) for e in current]
    seen = {e.number for e in current}
    out += [EssentialDelta(e.number, None, e.share) for e in other if e.number not in seen]
    return out


def question_results(card: Scorecard, answers: Mapping[str, Answer], essential: int) -> list[QuestionResult]:
    """The scored questions of one Essential in scorecard order."""
    span = max(1, card.max_score - card.min_score)
    out = []
    for q in card.questions_of(essential):
        a = answers.get(q.id)
        score = a.score if a is not None and not a.na else None
        na = bool(a is not None and a.na)
        share = (score - card.min_score) / span if score is not None else None
        out.append(QuestionResult(q.id, q.essential, q.topic, score, na, share))
    return out


def lowest_questions(card: Scorecard, answers: Mapping[str, Answer], actions: Sequence[ActionItem], *,
                     scope: Sequence[int] | None = None, limit: int = 8) -> list[LowQuestion]:
    """The scored questions furthest from the maximum, lowest first (ties in scorecard order),
    each with its action items. N/A, unanswered and full-score questions are left out."""
    by_question: dict[str, list[ActionItem]] = {}
    for item in actions:
        if item.question_id is not None:
            by_question.setdefault(item.question_id, []).append(item)
    results = [r for ess in card.essentials if scope is None or ess.number in scope
               for r in question_results(card, answers, ess.number)]
    low = [r for r in results if r.share is not None and r.share < 1.0]
    order = {r.question_id: i for i, r in enumerate(results)}
    low.sort(key=lambda r: (r.share, order[r.question_id]))
    return [LowQuestion(r, tuple(by_question.get(r.question_id, ()))) for r in low[:limit]]


def comparison_candidates(assessments: Sequence[Assessment], current: Assessment) -> list[Assessment]:
    """Assessments worth comparing ``current`` with: the same city's others (most recent first),
    then other cities' (by city name, most recent first). ``assessments`` is in creation order."""
    others = [a for a in assessments if a.id != current.id]
    same = [a for a in reversed(others) if a.city_id == current.city_id]
    rest = [a for a in reversed(others) if a.city_id != current.city_id]
    rest.sort(key=lambda a: a.city.casefold())  # stable: keeps most recent first within a city
    return same + rest


def default_comparison(assessments: Sequence[Assessment], current: Assessment) -> Assessment | None:
    """The baseline to compare a follow-up with: the same city's assessment created just before
    ``current`` (``assessments`` in creation order), or ``None``."""
    ids = [a.id for a in assessments]
    if current.id not in ids:
        return None
    earlier = [a for a in assessments[: ids.index(current.id)] if a.city_id == current.city_id]
    return earlier[-1] if earlier else None
