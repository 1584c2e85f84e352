"""The bars of one Essential's questions: the legend and the upright notes stay whole and apart."""

from __future__ import annotations

import pytest

from resilience_desktop.ui.results.charts.bars_widget import QuestionBarsWidget
from resilience_desktop.ui.results.charts.chart_data import BarValue

pytestmark = pytest.mark.ui

LONG = "ҷавоб дода нашудааст ва ҳанӯз интизор аст"  # a long "not answered", longer than the plot is tall


@pytest.fixture
def bars(qtbot, monkeypatch):
    import resilience_desktop.ui.results.charts.bars_widget as module

    monkeypatch.setattr(module, "tr", lambda text, **kw: LONG if text == "not answered" else text.format(**kw))
    widget = QuestionBarsWidget()
    qtbot.addWidget(widget)
    widget.resize(500, 200)
    widget.show()
    qtbot.waitExposed(widget)
    values = [BarValue("P9.1", 2), BarValue("P9.2", 3), BarValue("P9.3", None)]
    widget.set_bars(values, (0, 3), name="Bishkek 2026", other=[BarValue(v.label, 3) for v in values],
                    other_name="Bishkek 2024")
    qtbot.wait(50)
    return widget


def _scene_rect(item):
    return item.mapRectToScene(item.boundingRect())


def test_the_legend_sits_above_the_plot_not_on_the_bars(bars):
    plot = bars.getPlotItem()
    legend, area = _scene_rect(bars.legend), _scene_rect(plot.vb)
    assert [label.text for _sample, label in bars.legend.items] == ["Bishkek 2026", "Bishkek 2024"]
    assert legend.bottom() <= area.top() + 1, (legend, area)


def test_a_long_note_is_wrapped_inside_the_plot_and_away_from_the_legend(bars):
    (note,) = bars.notes
    area, legend = _scene_rect(bars.getPlotItem().vb), _scene_rect(bars.legend)
    text = _scene_rect(note.textItem)
    assert text.top() >= area.top() - 1 and text.bottom() <= area.bottom() + 1, (text, area)
    assert not text.intersects(legend)
    assert 0 < note.textItem.textWidth() < note.textItem.document().idealWidth() * 2  # wrapped, not shrunk


def test_the_legend_takes_the_title_cell_without_a_layout_warning(qtbot, qtlog):
    widget = QuestionBarsWidget()
    qtbot.addWidget(widget)
    warnings = [r.message for r in qtlog.records if "QGridLayoutEngine" in r.message]
    assert warnings == []  # Qt refused the legend's cell, taken by the hidden title, and said so
    assert widget.getPlotItem().layout.itemAt(0, 1) is widget.legend
