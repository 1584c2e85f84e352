"""Presentation mode without Qt (resilience_desktop/workshop.py): what may be projected, screen
order, the per-item clock."""

from __future__ import annotations

import dataclasses

from resilience_desktop.workspace.records import Answer
from resilience_desktop.results.workshop import ItemClock, PublicAnswer, format_elapsed, slides

from .fixtures import MINI_QUESTIONS, populate


def test_public_answer_drops_private_comments_and_names():
    private = Answer("P1.1", 2, False, comment="The deputy mayor disagrees", updated_by="a.toktosunova",
                     comment_private=True)
    public = PublicAnswer.from_answer(private)
    assert (public.score, public.na, public.comment) == (2, False, "")
    assert {f.name for f in dataclasses.fields(PublicAnswer)} == {"score", "na", "comment"}  # no names at all
    shown = PublicAnswer.from_answer(Answer("P1.2", None, True, comment="  No coastline  ", updated_by="x"))
    assert (shown.score, shown.na, shown.comment, shown.answered) == (None, True, "No coastline", True)
    assert PublicAnswer.from_answer(None) == PublicAnswer(None, False, "")
    assert not PublicAnswer.from_answer(None).answered


def test_slides_per_question_or_per_essential(workspace):
    _, aid = populate(workspace)
    card = workspace.scorecard_of(aid)
    assert [s.question_id for s in slides(card, "question")] == list(MINI_QUESTIONS)
    assert [(s.essential, s.question_id) for s in slides(card, "essential")] == [(n, None) for n in range(1, 11)]
    assert [s.question_id for s in slides(card, "question", scope=[2, 10])] == ["P2.1", "P2.2", "P10.1", "P10.2"]
    assert [s.essential for s in slides(card, "essential", scope=[3])] == [3]


def test_item_clock_counts_pauses_and_resets():
    t = [1000.0]
    clock = ItemClock(lambda: t[0])
    t[0] += 42
    assert clock.elapsed() == 42
    clock.toggle_pause()
    assert clock.paused
    t[0] += 100                      # discussion paused: not counted
    assert clock.elapsed() == 42
    clock.toggle_pause()
    t[0] += 8
    assert clock.elapsed() == 50 and not clock.paused
    clock.reset()                    # next item
    assert clock.elapsed() == 0
    t[0] += 5
    clock.toggle_pause()
    clock.reset()                    # a paused clock stays paused on the next item, at zero
    t[0] += 30
    assert clock.paused and clock.elapsed() == 0


def test_format_elapsed():
    assert [format_elapsed(s) for s in (0, 9.99, 61, 599, 3600, 3725)] == [
        "0:00", "0:09", "1:01", "9:59", "1:00:00", "1:02:05"]
