"""Views refresh only for the change events that concern them (typed by ``Entity``): an edit of a
layer or a hazard does not rebuild the dashboard, the action plan or the question panel."""

from __future__ import annotations

import pytest

from resilience_desktop.ui.results import action_plan_view, dashboard_view

pytestmark = pytest.mark.ui


def _counting(monkeypatch, obj, name: str) -> list[int]:
    calls: list[int] = []
    real = getattr(obj, name)

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)
    monkeypatch.setattr(obj, name, counted)
    return calls


def _edit_elsewhere(ws) -> None:
    """Edits no results view shows: a layer's opacity, a new hazard, the map CRS."""
    layer = ws.list_layers()[0]
    ws.set_layer_opacity(layer.id, 0.4 if layer.opacity != 0.4 else 0.6)
    ws.add_hazard(ws.list_cities()[0].id, "landslide", "Test slope")
    ws.set_map_crs("EPSG:4326")


def _score_something(ws, aid) -> None:
    card = ws.scorecard_of(aid)
    qid = next(q.id for q in card.active_questions if ws.answer(aid, q.id).score != 1)
    ws.set_answer(aid, qid, score=1)


def test_dashboard_recomputes_for_answers_not_for_layers_or_hazards(demo_window, monkeypatch):
    demo_window.show_view("dashboard")
    ws, aid = demo_window.model.ws, demo_window.model.assessment_id
    calls = _counting(monkeypatch, dashboard_view, "summarize")
    _edit_elsewhere(ws)
    assert calls == []
    _score_something(ws, aid)
    assert calls, "a new score redraws the dashboard"


def test_action_plan_rebuilds_for_actions_not_for_the_map(demo_window, monkeypatch):
    demo_window.show_view("actions")
    ws, aid = demo_window.model.ws, demo_window.model.assessment_id
    calls = _counting(monkeypatch, action_plan_view, "action_plan_rows")
    _edit_elsewhere(ws)
    assert calls == []
    ws.add_action(aid, None, "Review the evacuation routes")
    assert len(calls) == 1


def test_question_panel_ignores_layer_and_hazard_edits(demo_window, monkeypatch):
    demo_window.show_view("assessment")
    view = demo_window.assessment_view
    ws, aid = demo_window.model.ws, demo_window.model.assessment_id
    states = _counting(monkeypatch, view.navigator, "refresh_states")
    _edit_elsewhere(ws)
    assert states == []
    _score_something(ws, aid)
    assert len(states) == 1
