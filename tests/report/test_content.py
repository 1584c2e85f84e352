"""The report's content (resilience_desktop/report/content.py): plain data, no Qt."""

from __future__ import annotations

import re
from datetime import date

import pytest

from resilience_desktop.errors import NotFoundError
from resilience_desktop.i18n.catalog import language, set_language
from resilience_desktop.report import MapImage, build_report, format_count, format_number, map_image
from resilience_desktop.workspace.facade import Workspace

from ..fixtures import MINI_QUESTIONS, populate


@pytest.fixture
def filled(workspace):
    """The mini workspace of ``populate`` plus evidence, actions and a private comment."""
    _city, aid = populate(workspace)
    workspace.set_answer(aid, "P2.2", score=2, comment="Treasurer disagrees", comment_private=True,
                         verification="Budget 2026", responsible="Finance Department", data_sources="Treasury")
    workspace.add_evidence_link(aid, "P1.1", "https://example.org/plan", name="City plan")
    workspace.add_action(aid, "P2.1", "Draft a budget line", responsible="Finance", timescale="1 year")
    workspace.add_action(aid, None, "Hold a follow-up workshop", timescale="6 months", status="in_progress")
    return workspace, aid


def test_cover_and_summary_hold_the_assessment(filled):
    ws, aid = filled
    r = build_report(ws, aid, today=date(2026, 10, 1))
    assert (r.cover.city, r.cover.country, r.cover.assessment_title) == ("Testgrad", "KG", "Testgrad 2026")
    assert (r.cover.scorecard_id, r.cover.scorecard_version, r.cover.scorecard_title) == ("mini", 1, "Mini test scorecard")
    assert r.cover.generated_on == "2026-10-01"
    # P1.1 = 3, P1.2 = N/A, P2.1 = 0, P2.2 = 2; 20 questions of 0-3, one N/A: max 57
    s = r.summary
    assert (s.points, s.max, s.answered, s.questions) == (5, 57, 4, 20)
    assert s.overall_text == "5 / 57 (8.8%)"
    assert s.completion_text == "4 of 20 questions answered (20%)"
    assert [e.number for e in s.essentials] == list(range(1, 11))
    e1, e2 = s.essentials[:2]
    assert (e1.points, e1.max, e1.percent_text) == (3, 3, "100.0%")
    assert (e2.points, e2.max, e2.answered) == (2, 6, 2)
    assert r.title == "Scorecard report: Testgrad 2026"
    assert r.exposure == () and r.map_image is None  # no hazards, no map given: no exposure part, no map page


def test_one_section_per_essential_with_every_question(filled):
    ws, aid = filled
    r = build_report(ws, aid)
    assert [s.number for s in r.sections] == list(range(1, 11))
    assert [q.id for s in r.sections for q in s.questions] == list(MINI_QUESTIONS)
    q11, q12 = r.sections[0].questions
    assert (q11.score, q11.score_text, q11.comment) == (3, "3 / 3", "fully in place")
    assert q11.level == ws.scorecard("mini", 1).question("P1.1").levels[3]["en"]
    assert [(e.name, e.kind, e.detail) for e in q11.evidence] == [("City plan", "link", "https://example.org/plan")]
    assert (q12.na, q12.score, q12.score_text, q12.level) == (True, None, "N/A", "")
    q31 = r.sections[2].questions[0]
    assert (q31.answered, q31.score_text, q31.comment) == (False, "not answered", "")
    assert r.sections[0].heading == "Essential 1: Essential 1"
    assert r.sections[1].score_text == "2 / 6 (33.3%)"


def test_private_comments_are_left_out_unless_asked(filled):
    ws, aid = filled
    q22 = build_report(ws, aid).sections[1].questions[1]
    assert q22.id == "P2.2" and q22.comment == ""
    assert (q22.verification, q22.responsible, q22.data_sources) == ("Budget 2026", "Finance Department", "Treasury")
    assert build_report(ws, aid, include_private=True).sections[1].questions[1].comment == "Treasurer disagrees"


def test_action_plan_lists_every_action_item(filled):
    ws, aid = filled
    plan = build_report(ws, aid).actions
    assert [(a.question_id, a.essential, a.action, a.timescale, a.status_text) for a in plan] == [
        (None, None, "Hold a follow-up workshop", "6 months", "in progress"),
        ("P2.1", 2, "Draft a budget line", "1 year", "open"),
    ]


def test_file_evidence_has_size_and_hash(filled, tmp_path):
    ws, aid = filled
    doc = tmp_path / "plan.txt"
    doc.write_bytes(b"x" * 2048)
    ws.add_evidence_file(aid, "P1.1", doc)
    ev = build_report(ws, aid).sections[0].questions[0].evidence[-1]
    assert (ev.name, ev.kind, ev.size) == ("plan.txt", "file", 2048)
    assert ev.sha256 and ev.detail == f"2.0 KB, SHA-256 {ev.sha256}"


def test_russian_report_translates_labels_and_scorecard_texts(filled):
    ws, aid = filled
    set_language("en")
    r = build_report(ws, aid, lang="ru")
    assert language() == "en", "building a report must not switch the interface language"
    assert r.lang == "ru"
    assert r.labels.summary == "Сводка" and r.labels.action_plan == "План мероприятий"
    assert r.cover.scorecard_title == "Мини-карта для тестов"
    assert r.sections[0].heading == "Принцип 1: Принцип 1"
    assert r.sections[0].questions[0].topic == "Тема 1.1"
    assert r.sections[0].questions[1].score_text == "Н/П"
    assert r.summary.overall_text == "5 / 57 (8,8\xa0%)"
    assert r.title == "Отчёт по оценочной карте: Testgrad 2026"
    assert r.sections[0].questions[0].comment == "fully in place"  # answers stay as written


def test_partial_assessment_reports_only_its_essentials(workspace):
    city = workspace.add_city("Partial", "KG")
    aid = workspace.new_assessment(city, "mini", essentials=[2, 5])
    r = build_report(workspace, aid)
    assert [s.number for s in r.sections] == [2, 5]
    assert [e.number for e in r.summary.essentials] == [2, 5]
    assert r.summary.max == 12


def test_unknown_assessment_is_a_not_found_error(workspace):
    with pytest.raises(NotFoundError):
        build_report(workspace, "nope")


def test_format_number_uses_the_decimal_comma_in_russian():
    assert format_number(12.34, "en") == "12.3"
    assert format_number(12.34, "ru") == "12,3"


# ------------------------------------------------------------------ exposure results and the map
GROUPS = [
    {"group": "Schools", "layer": "Facilities", "total": 18, "affected": 2, "exposed_length_m": None,
     "total_length_m": None, "exposed_area_m2": None, "total_area_m2": None, "by_class": {"flood": 2}},
    {"group": "Roads", "layer": "Roads", "total": 47, "affected": 9, "exposed_length_m": 12345.678,
     "total_length_m": 50000.0, "exposed_area_m2": None, "total_area_m2": None, "by_class": {"flood": 9}},
    {"group": "Buildings", "layer": "Buildings", "total": 6215, "affected": 875, "exposed_length_m": None,
     "total_length_m": None, "exposed_area_m2": 365470.63, "total_area_m2": 2683295.0, "by_class": {"flood": 875}},
]


@pytest.fixture
def with_result(filled):
    """``filled`` plus a flood hazard with both scenarios; only the most severe has results (two)."""
    ws, aid = filled
    city = ws.get_assessment(aid).city_id
    hid = ws.add_hazard(city, "flood", "River flood")
    ws.set_scenario(hid, "most_probable", likelihood="1 in 100 years")  # no result: not in the report
    sid = ws.set_scenario(hid, "most_severe", description="Dam break", likelihood="1 in 1000 years")
    inputs = {"zones": {"id": "z", "name": "Flood zones", "sha256": "0"}, "classes": ["flood"]}
    ws.add_exposure_result(sid, inputs, {"crs": "EPSG:32643", "groups": GROUPS[:1], "population_exposed": None})
    ws.add_exposure_result(sid, inputs, {"crs": "EPSG:32643", "groups": GROUPS, "population_exposed": 4321.4,
                                         "zone_area_m2": 10437004.59})
    other = ws.add_city("Elsewhere", "KG")  # another city's hazards stay out of this report
    ws.set_scenario(ws.add_hazard(other, "earthquake"), "most_probable")
    return ws, aid


def test_exposure_holds_the_newest_result_of_each_scenario_of_the_city(with_result):
    ws, aid = with_result
    (t,) = build_report(ws, aid).exposure
    assert t.title == "River flood — Most severe"
    facts = dict(t.facts)
    assert facts["Hazard"] == "River flood (Flood)"
    assert facts["Scenario"] == "Most severe: Dam break"
    assert facts["Likelihood"] == "1 in 1000 years"
    assert facts["Hazard zones"] == "Flood zones (flood), 10.44 km²"
    assert facts["Computed"].endswith(f" by {ws.user}")
    # the date written as the cover writes its dates, not 2026-12-02 (the time and its zone kept)
    assert re.match(r"[A-Z][a-z]+ \d{1,2}, \d{4}, \d\d:\d\d \(", facts["Computed"]), facts["Computed"]
    assert facts["Population exposed"] == "4,321"
    assert t.columns == ("Asset group", "Affected / total", "Exposed length, m", "Exposed area, m²", "Exposed share")
    assert t.rows == (
        ("Schools", "2 / 18", "—", "—", "11.1%"),
        ("Roads", "9 / 47", "12,346", "—", "24.7%"),  # share of the length
        ("Buildings", "875 / 6,215", "—", "365,471", "13.6%"),  # share of the area
    )


def test_exposure_in_russian(with_result):
    ws, aid = with_result
    (t,) = build_report(ws, aid, lang="ru").exposure
    assert t.title == "River flood — Наиболее тяжёлый"
    facts = dict(t.facts)
    assert facts["Опасность"] == "River flood (Наводнение)"
    assert facts["Население в зоне"] == "4\xa0321"
    assert facts["Опасные зоны"] == "Flood zones (flood), 10,44 км²"
    assert re.match(r"\d{1,2} [а-я]+ \d{4}\sг\., \d\d:\d\d \(", facts["Рассчитано"]), facts["Рассчитано"]
    assert t.columns[:2] == ("Группа объектов", "Затронуто / всего")
    assert t.rows[2] == ("Buildings", "875 / 6\xa0215", "—", "365\xa0471", "13,6\xa0%")


def test_demo_report_shows_the_stored_flood_result(demo_path):
    with Workspace.open(demo_path, read_only=True) as ws:
        a = ws.list_assessments()[-1]
        hz, _quake = ws.list_hazards(a.city_id)
        sc = ws.scenarios(hz.id)["most_probable"]
        (rec,) = ws.exposure_results(sc.id)
        report = build_report(ws, a.id)
    t, _fault, shaking = report.exposure  # the flood's most severe scenario has no result in the demo
    assert shaking.title == "Jasyl-Dala fault earthquake — Most severe"
    assert dict(shaking.facts)["Hazard raster"] == "Peak ground acceleration, M7.2 (g): 0.1, 0.2, 0.4 g"
    assert "Population exposed" in dict(shaking.facts)  # the shaking map's population grid
    assert t.title == "Jasyl-Suu river flood — Most probable"
    assert dict(t.facts)["Likelihood"] == "1 in 100 years"
    groups = rec.result["groups"]
    assert [row[0] for row in t.rows] == [g["group"] for g in groups]
    buildings = next(row for row in t.rows if row[0] == "Buildings")
    g = next(g for g in groups if g["group"] == "Buildings")
    assert buildings[1] == f"{g['affected']:,} / {g['total']:,}"
    assert buildings[3] == f"{g['exposed_area_m2']:,.0f}"
    assert buildings[4] == f"{100 * g['exposed_area_m2'] / g['total_area_m2']:.1f}%"
    assert "Population exposed" not in dict(t.facts)  # the demo analysis has no population layer


def test_the_map_image_is_given_not_drawn_here(filled):
    ws, aid = filled
    image = map_image(b"\x89PNG...", ["Roads", "Zones"], "EPSG:32643", lang="ru")
    assert image == MapImage(b"\x89PNG...", "Видимые слои карты: Roads, Zones · СК EPSG:32643")
    legend = map_image(b"", ["Roads", "Zones"], None, legend=[
        ("Roads", [(None, "#777777")]), ("Zones", [("flood", "#0000ff"), ("", "#00ff00"), (None, "#999999")])]).legend
    assert legend == (("Roads", "#777777"), ("Zones: flood", "#0000ff"), ("Zones: (empty)", "#00ff00"),
                      ("Zones: other values", "#999999"))
    assert build_report(ws, aid, map_image=image).map_image is image


def test_format_count_groups_thousands():
    assert format_count(1234567.8, "en") == "1,234,568"
    assert format_count(1234567.8, "ru") == "1\xa0234\xa0568"
    assert format_count(0.25, "ru", 2) == "0,25"
    assert format_count(None, "ru") == "—"


def test_docstring_examples():
    import doctest

    from resilience_desktop.report import content
    result = doctest.testmod(content)
    assert result.failed == 0 and result.attempted > 0


def test_demo_report_has_the_recorded_losses_in_russian(demo_path):
    with Workspace.open(demo_path, read_only=True) as ws:
        a = ws.list_assessments()[-1]
        s = ws.loss_summary(a.city_id)
        report = build_report(ws, a.id, lang="ru")
    per_hazard, sendai = report.losses
    assert report.losses_title == "Записанный ущерб от бедствий"
    assert per_hazard.rows[-1][0] == "Все" and per_hazard.rows[-1][1] == str(s.records)
    assert per_hazard.columns[2] == "Погибшие" and per_hazard.rows[-1][3] == ""  # missing: not recorded
    # the indicator names the row, its value the one number, the formulas one line each under the table
    # (four columns broke in the Russian PDF: the code's column one letter wide, the formulas lost)
    assert sendai.columns == ("Показатель", "Значение")
    assert [row[0].split(" · ")[0] for row in sendai.rows][:2] == ["A-1", "A-2 + A-3"]
    assert sendai.rows[1][0] == "A-2 + A-3 · Погибшие и пропавшие без вести"
    assert "A-2 + A-3: погибшие + пропавшие" in sendai.note.splitlines()
