"""The results dashboard: radar and bars follow the model, comparisons show the right change,
charts export as PNG and SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from PySide6.QtGui import QImage

from resilience_desktop.results.analysis import compare_results, lowest_questions, summarize
from resilience_desktop.ui.assessment.commands import set_score_command
from resilience_desktop.ui.results.dashboard_view import DashboardView, change_text

pytestmark = pytest.mark.ui


@pytest.fixture
def dash(demo_window) -> DashboardView:
    demo_window.show_view("dashboard")
    assert demo_window.current_view() == "dashboard"
    return demo_window.dashboard_view


def assessments(dash: DashboardView):
    """``(baseline, other_city, current)`` of the demo workspace."""
    baseline, other, current = dash.model.ws.list_assessments()
    return baseline, other, current


def table_column(dash: DashboardView, col: int) -> list[str]:
    t = dash.essentials_table
    return [t.item(r, col).text() for r in range(t.rowCount())]


def test_radar_compares_the_follow_up_with_its_baseline(dash):
    ws = dash.model.ws
    baseline, _, current = assessments(dash)
    assert dash.model.assessment_id == current.id
    assert dash.compare_combo.currentData() == baseline.id     # the same city's previous assessment by default
    now, then = summarize(ws, current.id), summarize(ws, baseline.id)
    assert dash.radar.values("current") == tuple(e.share for e in now.essentials)
    assert dash.radar.values("other") == tuple(e.share for e in then.essentials)
    deltas = compare_results(now.essentials, then.essentials)
    assert table_column(dash, 4) == [change_text(d.change) for d in deltas]
    # the change is in percentage points of each Essential's maximum, signed
    e1 = now.essentials[0]
    b1 = then.essentials[0]
    expected = round(100 * e1.points / e1.max) - round(100 * b1.points / b1.max)
    assert abs(round(100 * deltas[0].change) - expected) <= 1
    assert table_column(dash, 4)[0] == f"+{round(100 * deltas[0].change)} pts"
    assert dash.essentials_table.horizontalHeaderItem(3).text() == f"{baseline.city} {baseline.started_on[:4]}"
    assert f"{now.score.answered} of {now.score.questions} answered" in dash.completion.text()


def test_charts_follow_every_change_and_undo(dash, qtbot):
    model, ws = dash.model, dash.model.ws
    aid = model.assessment_id
    card = ws.scorecard_of(aid)
    qid = next(q.id for q in card.questions_of(4) if ws.answer(aid, q.id).score not in (None, 3))
    old = ws.answer(aid, qid)
    share_before = dash.radar.values("current")[3]
    dash.set_essential(4)
    assert dash.bars.heights() == [ws.answer(aid, q.id).score if not ws.answer(aid, q.id).na else None
                                   for q in card.questions_of(4)]
    model.execute(set_score_command(ws, aid, qid, (old.score, old.na), (3, False)))
    after = summarize(ws, aid).essentials[3]
    assert dash.radar.values("current")[3] == after.share > share_before
    assert dash.bars.heights()[[q.id for q in card.questions_of(4)].index(qid)] == 3
    assert table_column(dash, 1)[3].startswith(f"{round(100 * after.share)}%")
    model.undo_stack.undo()
    assert dash.radar.values("current")[3] == share_before


def test_compare_with_another_city_leaves_gaps_outside_its_scope(dash):
    _, other, current = assessments(dash)
    index = dash.compare_combo.findData(other.id)
    assert index > 0 and dash.compare_combo.itemText(index).startswith("Other city: Sary-Tala")
    dash.compare_combo.setCurrentIndex(index)
    dash.compare_combo.activated.emit(index)                    # as when the user picks it
    values = dash.radar.values("other")
    assert [n for n, v in enumerate(values, 1) if v is None] == [6, 7, 8, 10]
    assert all(v is not None for v in dash.radar.values("current"))
    changes = table_column(dash, 4)
    assert changes[5] == "—" and changes[0] != "—"
    dash.set_essential(8)                                       # not assessed there: no bars to pair
    assert dash.bars.other is None
    dash.set_essential(1)
    assert dash.bars.other is not None and len(dash.bars.other) == len(dash.bars.bars)
    dash.set_comparison(None)
    assert "other" not in dash.radar.series
    assert dash.essentials_table.isColumnHidden(3) and dash.essentials_table.isColumnHidden(4)
    dash.refresh()                                              # the user's choice survives a refresh
    assert dash.compare_combo.currentData() == ""


def test_lowest_questions_list_their_actions(dash):
    ws, aid = dash.model.ws, dash.model.assessment_id
    s = summarize(ws, aid)
    low = lowest_questions(s.card, s.answers, s.actions, scope=s.assessment.essentials_scope)
    t = dash.lowest_table
    assert t.rowCount() == len(low) > 0
    for r, item in enumerate(low):
        assert t.item(r, 0).text().startswith(item.question.question_id)
        assert t.item(r, 1).text() == str(item.question.score)
        assert t.item(r, 2).text() == ("; ".join(a.action for a in item.actions) or "No action yet")


def test_charts_export_as_png_and_svg(dash, tmp_path):
    for name in ("radar", "bars"):
        png = dash.export(name, tmp_path / f"{name}.png")
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        image = QImage(str(png))
        chart = dash.chart(name)
        assert image.width() >= chart.width() and image.height() >= chart.height() * 0.9
        assert len({image.pixel(x, y) for x in range(0, image.width(), 11) for y in range(0, image.height(), 11)}) > 5
        svg = dash.export(name, tmp_path / f"{name}.svg")
        root = ET.parse(svg).getroot()
        assert root.tag.endswith("svg")
        drawn = [el for el in root.iter() if el.tag.rsplit("}", 1)[-1] in ("path", "polyline", "polygon", "rect")]
        assert len(drawn) > 10
    with pytest.raises(ValueError):
        dash.export("radar", tmp_path / "radar.jpg")


def test_two_assessments_started_in_one_year_are_told_apart_by_their_titles(dash):
    """Two revisions opened from the national view, or two assessments of a city started in one
    year, have the same city-and-year name: the legend and the table header use their titles."""
    ws = dash.model.ws
    _, _, current = assessments(dash)
    second = ws.new_assessment(current.city_id, current.scorecard_id, title="Second look",
                               started_on=current.started_on)
    dash.refresh()
    assert dash.compare_combo.findData(second) > 0
    dash.set_comparison(second)  # as choosing it in the combo does
    assert (dash.radar.series["current"].name, dash.radar.series["other"].name) == (current.title, "Second look")
    assert dash.essentials_table.horizontalHeaderItem(3).text() == "Second look"


def test_the_questions_chart_starts_on_the_weakest_essential_that_has_answers(demo_window, qtbot):
    """A city official's trial: with 11 of 47 questions answered, the chart opened on Principle 6 (0 %, none
    answered): six empty bars, when Principle 5 (11 %) was the weakest the team had scored."""
    ws = demo_window.model.ws
    city = ws.list_cities()[0].id
    aid = ws.new_assessment(city, "preliminary", title="A first pass")
    card = ws.scorecard_of(aid)
    for q in card.active_questions:
        if q.essential in (1, 2):
            ws.set_answer(aid, q.id, score=2 if q.essential == 1 else 1)
    demo_window.model.select_assessment(aid)
    demo_window.show_view("dashboard")
    dash = demo_window.dashboard_view
    assert dash.essential_combo.currentData() == 2


def test_at_the_largest_text_the_title_gives_way_to_the_score_and_the_heading_wraps(demo_window, qtbot):
    """A facilitator's trial at the largest text size on a 1920×1080 projector: the score was drawn over the
    assessment's title, and the lowest questions' heading was cut at the window's edge."""
    from resilience_desktop.ui.main_window import TEXT_SCALES
    w = demo_window
    w.set_ui_language("ru")
    w.resize(1920, 1080)
    w.set_text_scale(TEXT_SCALES[-1])
    w.show_view("dashboard")
    dash = w.dashboard_view
    qtbot.waitUntil(lambda: dash.title_label.width() > 0 and dash.overall_label.width() > 0)
    assert dash.title_label.geometry().right() < dash.overall_label.geometry().left()
    # the title may give way (it asked for its whole width, and the score was drawn over it when there was none)
    from PySide6.QtWidgets import QSizePolicy
    assert dash.title_label.sizePolicy().horizontalPolicy() == QSizePolicy.Policy.Ignored
    assert dash.title_label.toolTip() == dash.title_label.text() and dash.title_label.shown_text()
    heading = next(x for x in dash.findChildren(type(dash.overall_label))
                   if x.text() == "Вопросы с самыми низкими баллами и мероприятия по ним")
    assert heading.wordWrap() and heading.heightForWidth(heading.width()) <= heading.height() + 1
