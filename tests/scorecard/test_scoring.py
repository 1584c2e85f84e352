"""Scoring rules (resilience_desktop/scorecard/scoring.py)."""

from __future__ import annotations

import pytest

from resilience_desktop.scorecard import AnswerState, scorecard_from_dict, score_assessment

from ..fixtures import MINI_QUESTIONS, mini_doc


@pytest.fixture(scope="module")
def card(mini_registry):
    return mini_registry.get("mini")


def test_nothing_answered(card):
    s = score_assessment(card, {})
    assert (s.points, s.max, s.answered, s.questions, s.percent, s.completion) == (0, 60, 0, 20, 0.0, 0.0)
    assert [e.essential for e in s.essentials] == list(range(1, 11))
    assert all((e.points, e.max, e.answered, e.questions) == (0, 6, 0, 2) for e in s.essentials)


def test_zero_is_an_answer_and_unanswered_is_not(card):
    zero = score_assessment(card, {"P1.1": AnswerState(0)})
    blank = score_assessment(card, {"P1.1": AnswerState()})
    assert (zero.points, zero.max, zero.answered) == (0, 60, 1)
    assert (blank.points, blank.max, blank.answered) == (0, 60, 0)
    assert zero.essential(1).completion == 0.5 and blank.essential(1).completion == 0.0


def test_not_applicable_leaves_the_maximum(card):
    s = score_assessment(card, {"P1.1": AnswerState(na=True), "P1.2": AnswerState(2)})
    e1 = s.essential(1)
    assert (e1.points, e1.max, e1.answered, e1.na, e1.percent) == (2, 3, 2, 1, 66.7)
    assert (s.points, s.max, s.answered) == (2, 57, 2)


def test_all_not_applicable_has_no_percentage(card):
    s = score_assessment(card, {"P3.1": AnswerState(na=True), "P3.2": AnswerState(na=True)})
    e3 = s.essential(3)
    assert (e3.points, e3.max, e3.percent, e3.completion) == (0, 0, None, 1.0)
    assert e3.to_json()["percent"] is None


def test_per_essential_and_overall(card):
    answers = {"P1.1": AnswerState(3), "P1.2": AnswerState(1), "P2.1": AnswerState(2),
               "P10.2": AnswerState(3)}
    s = score_assessment(card, answers)
    assert [(e.essential, e.points, e.max) for e in s.essentials if e.points] == [(1, 4, 6), (2, 2, 6), (10, 3, 6)]
    assert (s.points, s.max, s.percent, s.answered) == (9, 60, 15.0, 4)
    assert s.overall_json() == {"points": 9, "max": 60, "percent": 15.0, "answered": 4, "questions": 20,
                                "completion": 0.2}
    assert s.essential(1).to_json() == {"essential": 1, "points": 4, "max": 6, "percent": 66.7,
                                        "answered": 2, "questions": 2, "na": 0}


def test_full_marks(card):
    s = score_assessment(card, {q: AnswerState(3) for q in MINI_QUESTIONS})
    assert (s.points, s.max, s.percent, s.completion) == (60, 60, 100.0, 1.0)


def test_essentials_scope_limits_everything(card):
    answers = {"P1.1": AnswerState(3), "P2.1": AnswerState(na=True), "P5.1": AnswerState(3)}
    s = score_assessment(card, answers, essentials=[2, 1])
    assert [e.essential for e in s.essentials] == [1, 2]
    assert (s.points, s.max, s.answered, s.questions) == (3, 9, 2, 4)   # P5.1 is out of scope
    with pytest.raises(KeyError):
        s.essential(5)


def test_unknown_questions_are_ignored(card):
    s = score_assessment(card, {"P7.7": AnswerState(3)})
    assert (s.points, s.answered) == (0, 0)


def test_points_count_from_the_minimum_score():
    doc = mini_doc()
    doc["score_range"] = [1, 5]
    for q in doc["questions"]:
        q["levels"] = {str(s): {"en": f"Level {s}"} for s in range(1, 6)}
    card = scorecard_from_dict(doc)
    s = score_assessment(card, {"P1.1": AnswerState(1), "P1.2": AnswerState(5)})
    assert (s.essential(1).points, s.essential(1).max) == (4, 8)
    assert s.max == 80


def test_retired_questions_are_neither_scored_nor_counted():
    doc = mini_doc()
    doc["questions"][1]["retired"] = True   # P1.2
    card = scorecard_from_dict(doc)
    s = score_assessment(card, {"P1.1": AnswerState(3), "P1.2": AnswerState(3)})
    assert (s.essential(1).points, s.essential(1).max, s.essential(1).questions) == (3, 3, 1)
    assert (s.points, s.max, s.questions) == (3, 57, 19)
