"""Every kind of change an assessment's history holds is named and shown in words (workspace/labels.py),
in English and Russian: ``assessment history`` printed stored names and JSON ("created: ∅ -> {"city_id": …}",
"status: in_progress -> final", "added: ∅ -> …" without saying what was added)."""

from __future__ import annotations

import pytest

from resilience_desktop.i18n.catalog import set_language
from resilience_desktop.workspace.labels import action_names, change_value, change_what

from ..fixtures import cli_ok, populate


@pytest.fixture
def edited(workspace):
    """One change of every kind an assessment's history holds."""
    _, aid = populate(workspace)
    ws = workspace
    ws.update_assessment(aid, title="Testgrad 2027", status="final", team=["Ainura", "Bakyt"],
                         completed_on="2027-03-01", profile={"population": 250000})
    ws.set_answer(aid, "P1.1", comment_private=True, data_sources="census")
    xid = ws.add_action(aid, "P1.1", "Write the plan")
    ws.update_action(xid, status="done", timescale="2027")
    ws.set_action_removed(xid, True)
    eid = ws.add_evidence_link(aid, "P1.1", "https://example.org/plan", name="Plan")
    ws.rename_evidence(eid, "City plan")
    ws.set_stakeholder_score(aid, "P1.1", "Hydromet", na=True, note="ask again", note_private=True)
    return ws, aid


def _lines(ws, aid) -> list[tuple[str, str, str]]:
    return [(change_what(c), change_value(c, c.old_value), change_value(c, c.new_value)) for c in ws.history(aid)]


def test_every_change_of_an_assessment_is_said_in_words(edited):
    ws, aid = edited
    lines = _lines(ws, aid)
    for expected in [("started", "∅", "Testgrad 2026 (scorecard mini@1)"), ("status", "in progress", "final"),
                     ("team", "∅", "Ainura, Bakyt"), ("completed on", "∅", "2027-03-01"),
                     ("title", "Testgrad 2026", "Testgrad 2027"), ("profile: population", "∅", "250000"),
                     ("score", "∅", "N/A"), ("justification marked private", "no", "yes"),
                     ("data sources", "∅", "census"), ("action added", "∅", "Write the plan"),
                     ("action status", "open", "done"), ("action timescale", "∅", "2027"),
                     ("action removed", "Write the plan", "∅"), ("evidence added", "∅", "link: Plan"),
                     ("evidence renamed", "Plan", "City plan"), ("Hydromet: proposed score", "∅", "N/A"),
                     ("Hydromet: note", "∅", "ask again"), ("Hydromet: note marked private", "no", "yes")]:
        assert expected in lines, (expected, lines)
    assert not any("{" in old + new or "_" in what for what, old, new in lines), lines


def test_a_questions_actions_are_told_apart(edited):
    # a trial's: two actions, and History said only "action status: open -> done"
    ws, aid = edited
    other = ws.add_action(aid, "P1.1", "Fund the plan from two budgets, the city's and the oblast's")
    ws.update_action(other, status="in_progress")
    history = ws.history(aid)
    names = action_names(history)
    said = [change_what(c, names=names) for c in history if c.entity == "action" and c.field == "status"]
    assert said == ["action status (Write the plan)", "action status (Fund the plan from two budgets, the cit…)"]


def test_in_russian(edited):
    ws, aid = edited
    set_language("ru")
    try:
        lines = _lines(ws, aid)
    finally:
        set_language("en")
    for expected in [("начата", "∅", "Testgrad 2026 (оценочная карта mini@1)"), ("статус", "выполняется", "окончательная"),
                     ("статус мероприятия", "открыто", "выполнено"), ("подтверждение добавлено", "∅", "ссылка: Plan"),
                     ("Hydromet: предложенный балл", "∅", "Н/П"), ("обоснование скрыто", "нет", "да")]:
        assert expected in lines, (expected, lines)


def test_the_command_line_history_says_it_too_and_its_json_keeps_the_stored_values(edited, tmp_path, monkeypatch):
    ws, aid = edited
    path = ws.path
    ws.close()
    monkeypatch.setenv("TZ", "UTC")  # the times' width below: "(UTC)" wherever the test runs
    monkeypatch.setenv("RESILIENCE_USER", "Айгуль Токтогулова")  # longer than the column was
    cli_ok("answer", "set", "--assessment", aid, "--question", "P2.1", "--score", "1", "--workspace", path)
    lines = cli_ok("assessment", "history", aid, "--workspace", path).splitlines()
    at = len("2026-12-04 15:33:01 (UTC)  ") + len("Айгуль Токтогулова") + 1  # each line's question in one column
    assert all(line[at:].startswith(("assessment ", "P")) for line in lines), lines
    text = cli_ok("--lang", "ru", "assessment", "history", aid, "--workspace", path)
    assert "оценка     начата: ∅ -> Testgrad 2026 (оценочная карта mini@1)" in text
    assert "P1.1       мероприятие удалено: Write the plan -> ∅" in text
    assert "Hydromet: примечание: [скрыто] -> [скрыто]" in text  # a private note stays private in its history
    import json
    rows = json.loads(cli_ok("assessment", "history", aid, "--workspace", path, "--json"))
    assert {(r["entity"], r["field"], r["new_value"]) for r in rows} >= {("assessment", "status", "final"),
                                                                          ("action", "removed", None)}
