"""Drill-down: a stored revision rebuilt as a workspace reads exactly as the city's own."""

from __future__ import annotations

import pytest

from resilience_desktop.errors import NotFoundError
from resilience_desktop.national import open_store
from resilience_desktop.national.drilldown import rebuild_workspace
from resilience_desktop.workspace.facade import Workspace

from .country import CITIES


def test_demo_revision_rebuilt_with_the_same_scores(country, registry, tmp_path):
    with Workspace.open(country.folder / "demo.rdw", read_only=True, registry=registry) as ws:
        originals = {a.id: (ws.score(a.id), {q: (x.score, x.na) for q, x in ws.answers(a.id).items()},
                            len(ws.list_actions(a.id)),
                            sorted((e.kind, e.name, e.sha256) for e in ws.list_evidence(a.id)))
                     for a in ws.list_assessments()}
        assert any(ev for *_rest, ev in originals.values()), "the demo carries evidence"
    with open_store(country.url) as store:
        rebuilt = rebuild_workspace(store, [(aid, 1) for aid in originals], tmp_path / "drill.rdw")
    with Workspace.open(tmp_path / "drill.rdw", read_only=True) as ws:
        assert len(ws.list_cities()) == 2 and len(ws.list_assessments()) == 3
        for r in rebuilt:
            score, answers, actions, evidence = originals[r.assessment_id]
            got = ws.score(r.workspace_assessment_id)
            assert (got.points, got.max, got.answered) == (score.points, score.max, score.answered)
            assert {q: (x.score, x.na) for q, x in ws.answers(r.workspace_assessment_id).items()
                    if x.score is not None or x.na} == {q: v for q, v in answers.items() if v[0] is not None or v[1]}
            assert len(ws.list_actions(r.workspace_assessment_id)) == actions
            assert sorted((e.kind, e.name, e.sha256) for e in ws.list_evidence(r.workspace_assessment_id)) == evidence
            assert "revision 1" in ws.get_assessment(r.workspace_assessment_id).title


def test_two_revisions_of_a_city_side_by_side_and_an_empty_one(country, tmp_path):
    bishkek = next(c for c in CITIES if c.name == "Бишкек-Тест")
    empty = next(c for c in CITIES if c.name == "Empty-Town")
    with open_store(country.url) as store:
        rebuilt = rebuild_workspace(store, [(bishkek.assessment_id, 1), (bishkek.assessment_id, 2),
                                            (empty.assessment_id, 1)], tmp_path / "two.rdw")
        with pytest.raises(NotFoundError):
            rebuild_workspace(store, [(bishkek.assessment_id, 9)], tmp_path / "none.rdw")
    with Workspace.open(tmp_path / "two.rdw", read_only=True) as ws:
        assert sorted(c.name for c in ws.list_cities()) == ["Empty-Town", "Бишкек-Тест"]
        first, second, blank = (ws.score(r.workspace_assessment_id) for r in rebuilt)
        assert first.points != second.points
        assert blank.answered == 0
