"""One radar painter for the dashboard, the projector and the PDF report."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF, QSizeF
from PySide6.QtGui import QColor, QImage, QPainter, QTextDocument

from resilience_desktop.ui.exchange.report.radar_object import RadarTextObject
from resilience_desktop.ui.results.charts.chart_style import DARK, LIGHT, PRINT
from resilience_desktop.ui.results.charts.radar_painter import RadarData, RadarSeries, _Geometry, paint_radar
from resilience_desktop.ui.results.charts.radar_widget import RadarWidget

pytestmark = pytest.mark.ui

SIZE = 300


def draw(data: RadarData, style=LIGHT) -> QImage:
    image = QImage(SIZE, SIZE, QImage.Format.Format_ARGB32)
    image.fill(QColor(style.background))
    painter = QPainter(image)
    paint_radar(painter, QRectF(0, 0, SIZE, SIZE), data, style)
    painter.end()
    return image


def colour_at(image: QImage, point) -> QColor:
    return image.pixelColor(round(point.x()), round(point.y()))


def inside_wedge(geo: _Geometry, i: int, r: float = 0.45):
    a, b = geo.point(i, r), geo.point((i + 1) % geo.n, r)
    return (a + b) / 2


def test_a_gap_is_left_out_of_the_area_and_the_line_never_drawn_as_zero(qapp):
    values = (0.9, 0.9, None, 0.9, 0.9, 0.9)  # the third Essential is all N/A
    image = draw(RadarData(tuple("123456"), (RadarSeries("current", "", values),)))
    geo = _Geometry(QRectF(0, 0, SIZE, SIZE), 6)
    white = QColor(LIGHT.background)
    assert colour_at(image, inside_wedge(geo, 0)) != white  # between two scored Essentials: filled
    assert colour_at(image, inside_wedge(geo, 4)) != white
    assert colour_at(image, inside_wedge(geo, 1)) == white  # either side of the gap: empty
    assert colour_at(image, inside_wedge(geo, 2)) == white
    # no line down to the centre and no dot there (a zero would draw both)
    assert colour_at(image, geo.point(1, 0.45)).name() != QColor(LIGHT.series[0]).name()
    assert colour_at(image, geo.point(2, 0.0)).name() != QColor(LIGHT.series[0]).name()
    assert colour_at(image, geo.point(0, 0.9)).name() == QColor(LIGHT.series[0]).name()  # a dot on a value


def test_the_highlighted_spoke_and_label_take_the_highlight_colour(qapp):
    labels = tuple(str(n) for n in range(1, 11))
    plain = draw(RadarData(labels), DARK)
    marked = draw(RadarData(labels, highlight=3), DARK)
    geo = _Geometry(QRectF(0, 0, SIZE, SIZE), 10)
    spoke = geo.point(3, 0.6)
    assert colour_at(marked, spoke).name() == QColor(DARK.highlight).name()
    assert colour_at(plain, spoke).name() != QColor(DARK.highlight).name()


def test_the_legend_lists_named_series_only(qapp):
    labels = tuple("12345")
    unnamed = draw(RadarData(labels, (RadarSeries("current", "", (0.5,) * 5),)))
    named = draw(RadarData(labels, (RadarSeries("current", "Bishkek 2026", (0.5,) * 5),)))
    corner = [(x, y) for x in range(10, 50) for y in range(10, 40)]
    blue = QColor(LIGHT.series[0]).name()
    assert not any(unnamed.pixelColor(x, y).name() == blue for x, y in corner)
    assert any(named.pixelColor(x, y).name() == blue for x, y in corner)


def test_the_widget_paints_with_the_one_painter(qtbot):
    widget = RadarWidget()
    qtbot.addWidget(widget)
    widget.resize(SIZE, SIZE)
    widget.set_axes(list("12345"), ["10%", "20%", "30%", "40%", "50%"])
    widget.set_series("current", "", [0.1, 0.2, None, 0.4, 0.5])
    shown = widget.grab().toImage().convertToFormat(QImage.Format.Format_ARGB32)
    shown.setDevicePixelRatio(1)
    expected = QImage(shown.size(), QImage.Format.Format_ARGB32)
    expected.fill(QColor(LIGHT.background))
    painter = QPainter(expected)
    paint_radar(painter, QRectF(0, 0, SIZE, SIZE), widget.data(), LIGHT, pt=widget.logicalDpiY() / 72.0)
    painter.end()
    assert shown == expected
    assert widget.data().ring_labels == ("25%", "50%", "75%", "100%")


def test_the_report_object_draws_its_shares_in_the_print_style(qapp):
    obj = RadarTextObject(list("123456"), [0.5, None, 1.0, 0.25, 0.75, 0.5], ["50%", "—", "100%", "25%", "75%", "50%"],
                          size=400, font_families=["DejaVu Sans"], ring_labels=["25 %", "50 %", "75 %", "100 %"])
    assert obj.data.series[0].values == (0.5, None, 1.0, 0.25, 0.75, 0.5)
    assert obj.intrinsicSize(QTextDocument(), 0, obj.char_format()) == QSizeF(400, 344)
    image = QImage(400, 344, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    obj.drawObject(painter, QRectF(0, 0, 400, 344), QTextDocument(), 0, obj.char_format())
    painter.end()
    expected = QImage(image.size(), QImage.Format.Format_ARGB32)
    expected.fill(QColor("white"))
    painter = QPainter(expected)
    paint_radar(painter, QRectF(0, 0, 400, 344), obj.data, PRINT, px=1.0, pt=1.0)
    painter.end()
    assert image == expected
    with pytest.raises(ValueError):
        RadarTextObject(list("123"), [0.1, 0.2, 0.3], ["", "", ""], size=400, font_families=[], ring_labels=["x"])


def _label_boxes_meeting_the_legend(width: int, height: int) -> list[str]:
    """Paint a compared radar (two named series) into ``width`` x ``height``; return the axis labels
    whose pixels the legend's box would cover."""
    from resilience_desktop.ui.results.charts import radar_painter as rp

    labels = tuple(str(n) for n in range(1, 11))
    data = RadarData(labels, (RadarSeries("current", "Жашыл-Дала 2026", (0.5,) * 10),
                              RadarSeries("other", "Жашыл-Дала 2024", (0.3,) * 10, dashed=True)),
                     tuple("50 %" for _ in labels))
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor(LIGHT.background))
    painter = QPainter(image)
    paint_radar(painter, QRectF(0, 0, width, height), data, LIGHT)
    painter.end()
    legend = rp._legend_rect(QRectF(0, 0, width, height), data, LIGHT, 1.0, 96.0 / 72.0)
    geo, _ = rp._layout(QRectF(0, 0, width, height), data, LIGHT, 1.0, 96.0 / 72.0)
    return [label for i, label in enumerate(labels)
            if rp._label_rect(geo, i, label, "50 %", False, data, LIGHT, 1.0, 96.0 / 72.0)[0].intersects(legend)]


@pytest.mark.parametrize(("width", "height"), [(508, 350), (420, 350), (300, 300)])
def test_the_legend_never_covers_an_axis_label(qapp, width, height):
    """A narrow dashboard radar (Tajik: the table beside it is wider) moved its label 10 under the legend."""
    assert _label_boxes_meeting_the_legend(width, height) == []


def test_a_roomy_radar_stays_centred_beside_its_legend(qapp):
    from resilience_desktop.ui.results.charts import radar_painter as rp

    data = RadarData(tuple("12345"), (RadarSeries("current", "Bishkek 2026", (0.5,) * 5),))
    rect = QRectF(0, 0, 900, 350)
    geo, legend = rp._layout(rect, data, LIGHT, 1.0, 96.0 / 72.0)
    assert legend is not None and geo.centre == rect.center()
