"""The action plan (resilience_desktop/action_plan.py): rows, filters and the CSV file."""

from __future__ import annotations

import csv
import io

import pytest

from resilience_desktop.results.action_plan import (
    ActionPlanFilter, action_plan_rows, filter_choices, write_action_plan_csv,
)
from resilience_desktop.i18n.catalog import set_language

from .fixtures import populate


@pytest.fixture
def plan(workspace):
    """``(workspace, assessment_id)`` with actions on P2.1 (score 0), P1.2 (N/A), P3.1 (open) and none."""
    _, aid = populate(workspace)
    ws = workspace
    ws.add_action(aid, "P2.1", "Adopt a plan", responsible="City council", timescale="1 year")
    ws.add_action(aid, None, "Publish the results", responsible="Mayor's office", timescale="3 months",
                  status="in_progress")
    ws.add_action(aid, "P1.2", "Check the coast", responsible=" city  COUNCIL ", timescale="", status="done")
    ws.add_action(aid, "P3.1", "Map the hazards — Бишкек", responsible="Hydromet", timescale="2 years")
    return ws, aid


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    set_language("en")


def rows_of(ws, aid, lang="en"):
    return action_plan_rows(ws.scorecard_of(aid), ws.answers(aid), ws.list_actions(aid), lang)


def test_rows_in_scorecard_order_with_their_question(plan):
    ws, aid = plan
    rows = rows_of(ws, aid)
    assert [(r.essential, r.question_id, r.score, r.action) for r in rows] == [
        (1, "P1.2", "N/A", "Check the coast"),
        (2, "P2.1", "0", "Adopt a plan"),
        (3, "P3.1", "", "Map the hazards — Бишкек"),          # not answered yet: no score
        (None, None, "", "Publish the results"),            # assessment-wide actions come last
    ]
    assert rows[1].topic == ws.scorecard_of(aid).question("P2.1").topic["en"]
    assert rows_of(ws, aid, "ru")[1].topic == ws.scorecard_of(aid).question("P2.1").topic["ru"]
    assert [r.status_text for r in rows] == ["done", "open", "open", "in progress"]


def test_filters_match_every_criterion_given(plan):
    ws, aid = plan
    rows = rows_of(ws, aid)
    assert [r.question_id for r in ActionPlanFilter(essential=2).apply(rows)] == ["P2.1"]
    # responsible: case and spaces do not matter
    assert [r.question_id for r in ActionPlanFilter(responsible="City Council").apply(rows)] == ["P1.2", "P2.1"]
    assert [r.action for r in ActionPlanFilter(status="in_progress").apply(rows)] == ["Publish the results"]
    assert [r.question_id for r in ActionPlanFilter(timescale="").apply(rows)] == ["P1.2"]
    assert ActionPlanFilter(responsible="city council", status="open").apply(rows) == [rows[1]]
    assert ActionPlanFilter(essential=9).apply(rows) == []
    assert ActionPlanFilter().apply(rows) == rows


def test_filter_choices_are_distinct_and_sorted(plan):
    ws, aid = plan
    choices = filter_choices(rows_of(ws, aid))
    assert choices["essential"] == [1, 2, 3]
    assert choices["responsible"] == ["City council", "Hydromet", "Mayor's office"]  # " city  COUNCIL " folded in
    assert choices["timescale"] == ["", "1 year", "2 years", "3 months"]
    assert choices["status"] == ["done", "in_progress", "open"]


def test_csv_is_utf8_with_a_bom_and_keeps_cyrillic(plan, tmp_path):
    ws, aid = plan
    path = tmp_path / "plan.csv"
    write_action_plan_csv(rows_of(ws, aid), path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")                    # the BOM spreadsheet programs look for
    assert b"\r\n" in data
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert table[0] == ["Essential", "Question", "Topic", "Score", "Action", "Responsible institution",
                        "Timescale", "Status"]
    assert table[1][:2] == ["1", "P1.2"] and table[1][3] == "N/A" and table[1][7] == "done"
    assert table[3][4] == "Map the hazards — Бишкек"
    assert table[4][:4] == ["", "", "", ""] and table[4][7] == "in progress"
    assert len(table) == 5
    assert not list(tmp_path.glob(".plan.csv.*")), "no temporary file left behind"


def test_csv_header_and_statuses_in_the_interface_language(plan):
    ws, aid = plan
    set_language("ru")
    out = io.StringIO()
    write_action_plan_csv(rows_of(ws, aid, "ru"), out)
    table = list(csv.reader(io.StringIO(out.getvalue())))
    assert table[0][:2] == ["Принцип", "Вопрос"]
    assert table[1][3] == "Н/П"
    assert table[2][2] == ws.scorecard_of(aid).question("P2.1").topic["ru"]


def test_csv_of_filtered_rows_only(plan, tmp_path):
    ws, aid = plan
    path = tmp_path / "council.csv"
    write_action_plan_csv(ActionPlanFilter(responsible="city council").apply(rows_of(ws, aid)), path)
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 3 and all("Hydromet" not in line for line in lines)
