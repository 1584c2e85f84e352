"""Results for the dashboard (resilience_desktop/analysis.py): shares, gaps, comparisons, lowest questions."""

from __future__ import annotations

import pytest

from resilience_desktop.results.analysis import (
    compare_results, comparison_candidates, default_comparison, essential_results, lowest_questions,
    question_results, summarize,
)

from .fixtures import populate


@pytest.fixture
def filled(workspace):
    """``(workspace, city_id, assessment_id)`` with P1.1 = 3, P1.2 = N/A, P2.1 = 0 (mini scorecard)."""
    city, aid = populate(workspace)
    return workspace, city, aid


def shares(results) -> dict[int, float | None]:
    return {e.number: e.share for e in results}


def test_shares_follow_the_scoring_rules(filled):
    ws, _, aid = filled
    ws.set_answer(aid, "P3.1", na=True)
    ws.set_answer(aid, "P3.2", na=True)
    ws.set_answer(aid, "P4.1", score=2)
    s = summarize(ws, aid)
    got = shares(s.essentials)
    assert got[1] == 1.0            # 3 of 3: the N/A question leaves the maximum
    assert got[2] == 0.0            # 0 and not answered: both count in the maximum
    assert got[3] is None           # every question N/A: a gap, not a zero
    assert got[4] == pytest.approx(2 / 6)
    assert [e.number for e in s.essentials] == list(range(1, 11))
    e1 = s.essentials[0]
    assert (e1.points, e1.max, e1.answered, e1.questions, e1.na, e1.completion) == (3, 3, 2, 2, 1, 1.0)


def test_essentials_outside_the_scope_are_gaps(workspace):
    city = workspace.add_city("Scoped", "KG")
    aid = workspace.new_assessment(city, "mini", essentials=[1, 2])
    workspace.set_answer(aid, "P1.1", score=1)
    results = essential_results(workspace.scorecard_of(aid), workspace.score(aid))
    assert len(results) == 10
    assert [(e.number, e.in_scope) for e in results[:3]] == [(1, True), (2, True), (3, False)]
    assert shares(results)[1] == pytest.approx(1 / 6)
    assert shares(results)[3] is None and results[2].questions == 2


def test_comparison_gives_the_change_per_essential(filled):
    ws, city, aid = filled
    base = ws.new_assessment(city, "mini", title="Baseline")
    ws.set_answer(base, "P1.1", score=1)
    ws.set_answer(base, "P1.2", score=1)
    ws.set_answer(base, "P2.1", na=True)
    ws.set_answer(base, "P2.2", na=True)
    deltas = {d.number: d for d in compare_results(summarize(ws, aid).essentials, summarize(ws, base).essentials)}
    assert deltas[1].share == 1.0 and deltas[1].other_share == pytest.approx(2 / 6)
    assert deltas[1].change == pytest.approx(1.0 - 2 / 6)
    assert deltas[2].other_share is None and deltas[2].change is None  # a gap on either side: no change
    assert deltas[3].change == 0.0
    assert list(deltas) == list(range(1, 11))


def test_comparison_keeps_essentials_only_the_other_has(workspace):
    city = workspace.add_city("A", "KG")
    small = workspace.new_assessment(city, "mini", essentials=[1])
    full = workspace.new_assessment(city, "mini")
    mine = [e for e in summarize(workspace, small).essentials if e.in_scope]
    deltas = compare_results(mine, summarize(workspace, full).essentials)
    assert [d.number for d in deltas] == list(range(1, 11))
    assert deltas[1].share is None and deltas[1].other_share == 0.0


def test_question_results_of_one_essential(filled):
    ws, _, aid = filled
    card = ws.scorecard_of(aid)
    answers = ws.answers(aid)
    r1 = question_results(card, answers, 1)
    assert [(r.question_id, r.score, r.na, r.share, r.answered) for r in r1] == [
        ("P1.1", 3, False, 1.0, True), ("P1.2", None, True, None, True)]
    r2 = question_results(card, answers, 2)
    assert [(r.question_id, r.score, r.share, r.answered) for r in r2] == [
        ("P2.1", 0, 0.0, True), ("P2.2", None, None, False)]


def test_lowest_questions_come_with_their_actions(filled):
    ws, _, aid = filled
    ws.set_answer(aid, "P5.2", score=1)
    ws.set_answer(aid, "P4.1", score=1)
    ws.set_answer(aid, "P6.1", score=2)
    ws.set_answer(aid, "P7.1", score=3)                      # full marks: not a weakness
    ws.add_action(aid, "P5.2", "Train the staff")
    ws.add_action(aid, "P5.2", "Buy the sirens")
    ws.add_action(aid, None, "Assessment-wide follow-up")
    s = summarize(ws, aid)
    low = lowest_questions(s.card, s.answers, s.actions)
    # lowest first; ties in scorecard order; N/A, unanswered and full scores left out
    assert [(x.question.question_id, x.question.score) for x in low] == [
        ("P2.1", 0), ("P4.1", 1), ("P5.2", 1), ("P6.1", 2)]
    assert [a.action for a in low[2].actions] == ["Train the staff", "Buy the sirens"]
    assert low[0].actions == ()
    assert len(lowest_questions(s.card, s.answers, s.actions, limit=2)) == 2
    assert [x.question.question_id for x in lowest_questions(s.card, s.answers, s.actions, scope=[4, 6])] == [
        "P4.1", "P6.1"]


def test_comparison_candidates_and_the_default_baseline(workspace):
    home = workspace.add_city("Bishkek-demo", "KG")
    away = workspace.add_city("Aral-demo", "KG")
    base = workspace.new_assessment(home, "mini", title="2024", started_on="2024-03-01")
    elsewhere = workspace.new_assessment(away, "mini", title="Aral 2025")
    current = workspace.new_assessment(home, "mini", title="2026", started_on="2026-03-01")
    later = workspace.new_assessment(home, "mini", title="2027 draft")
    everything = workspace.list_assessments()
    by_id = {a.id: a for a in everything}
    got = [a.id for a in comparison_candidates(everything, by_id[current])]
    assert got == [later, base, elsewhere]                    # same city (most recent first), then others
    assert default_comparison(everything, by_id[current]).id == base  # the one before, not the later draft
    assert default_comparison(everything, by_id[base]) is None
    assert default_comparison(everything, by_id[elsewhere]) is None


def test_summary_reads_everything_once(filled):
    ws, _, aid = filled
    ws.add_action(aid, "P2.1", "Do something")
    s = summarize(ws, aid)
    assert s.assessment.id == aid and s.card.id == "mini"
    assert s.score.points == 3 and set(s.answers) == {"P1.1", "P1.2", "P2.1"}
    assert [a.action for a in s.actions] == ["Do something"]
