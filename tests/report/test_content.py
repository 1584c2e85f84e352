"""The report's content (resilience_desktop/report/content.py): plain data, no Qt."""

from __future__ import annotations

from datetime import date

import pytest

from resilience_desktop.errors import NotFoundError
from resilience_desktop.i18n import language, set_language
from resilience_desktop.report import build_report, format_number

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
    assert r.exposure == () and r.map_image is None  # optional parts stay out until issues 5/6 fill them


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
    assert r.labels.summary == "Сводка" and r.labels.action_plan == "План действий"
    assert r.cover.scorecard_title == "Мини-карта для тестов"
    assert r.sections[0].heading == "Принцип 1: Принцип 1"
    assert r.sections[0].questions[0].topic == "Тема 1.1"
    assert r.sections[0].questions[1].score_text == "Н/П"
    assert r.summary.overall_text == "5 / 57 (8,8\u202f%)"
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
