"""The one radar (spider) chart painter of the Ten Essentials: dashboard, projector and PDF report.

:func:`paint_radar` draws with a ``QPainter`` into a rectangle, so the same drawing goes to a
widget (:mod:`.radar_widget`), a PNG or SVG export, and a ``QPdfWriter`` page as vector paths and
text (:mod:`..exchange.report.radar_object`). Each axis is an Essential, each value its share of
the maximum. An Essential with nothing to score (every question N/A, or outside the assessment)
is a gap in the line and in the filled area, never a zero: a zero would say "nothing in place".
"""

from __future__ import annotations

__all__ = ["RINGS", "REACH", "RadarData", "RadarSeries", "paint_radar"]

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF

from .chart_style import ChartStyle

#: The rings drawn behind the values, as shares of the maximum.
RINGS = (0.25, 0.5, 0.75, 1.0)
#: The chart spans -REACH..+REACH radii each way: room for the axis labels around the unit circle.
REACH = 1.5
#: Space around the text of a label or ring tick, in style pixels.
_TEXT_MARGIN = 4.0
_LEGEND_LINE = 30.0


@dataclass(frozen=True)
class RadarSeries:
    """One line on the radar: a share (0..1, or ``None`` for a gap) per axis, in axis order."""

    key: str
    name: str
    values: tuple[float | None, ...]
    fill: bool = True
    dashed: bool = False


@dataclass(frozen=True)
class RadarData:
    """What a radar shows.

    ``labels`` name the axes (Essential numbers), ``sublabels`` are printed under them (the
    share of the first series), ``ring_labels`` beside the rings (one per :data:`RINGS`, in the
    language of the screen or report); ``highlight`` marks one axis (the Essential being
    discussed). Series with a name are listed in a legend.
    """

    labels: tuple[str, ...]
    series: tuple[RadarSeries, ...] = ()
    sublabels: tuple[str, ...] = ()
    ring_labels: tuple[str, ...] = ()
    highlight: int | None = None
    font_families: tuple[str, ...] = ()


def paint_radar(painter: QPainter, rect: QRectF, data: RadarData, style: ChartStyle, *,
                px: float = 1.0, pt: float = 96.0 / 72.0) -> None:
    """Draw ``data`` centred in ``rect`` (the background is the caller's).

    Parameters
    ----------
    painter, rect
        Where to draw, in the painter's coordinates.
    data, style
        What to draw and in which colours and sizes.
    px
        Painter units per style pixel (line widths, markers, margins): 1 on a screen.
    pt
        Painter units per style point (text): the screen's dots per inch over 72 on a screen.
    """
    n = len(data.labels)
    if n < 3:
        return
    painter.save()
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        geo, legend = _layout(rect, data, style, px, pt)
        _paint_grid(painter, geo, data, style, px, pt)
        for idx, series in enumerate(data.series):
            _paint_series(painter, geo, series, QColor(style.series[idx % len(style.series)]), style, px)
        for i, label in enumerate(data.labels):
            sub = data.sublabels[i] if i < len(data.sublabels) else ""
            _paint_label(painter, geo, i, label, sub, i == data.highlight, data, style, px, pt)
        if legend is not None:
            _paint_legend(painter, legend, data, style, px, pt)
    finally:
        painter.restore()


def _layout(rect: QRectF, data: RadarData, st: ChartStyle, px: float, pt: float) -> tuple[_Geometry, QRectF | None]:
    """Where the radar and its legend go: centred in ``rect``, or below the legend when they would meet.

    The legend sits in the top-left corner; in a narrow rectangle (a long translation widens the
    dashboard's table beside the chart) the upper-left axis labels would run into it.
    """
    geo = _Geometry(rect, len(data.labels))
    legend = _legend_rect(rect, data, st, px, pt)
    if legend is None:
        return geo, legend
    top = rect.top()
    for _ in range(12):  # each step lowers the top by the overlap left: converges in a few
        footprint = _footprint(geo, data, st, px, pt)
        if not footprint.intersects(legend) or rect.bottom() - top < 4 * legend.height():
            break
        top += max(1.0, legend.bottom() - footprint.boundingRect().top())
        geo = _Geometry(QRectF(rect.left(), top, rect.width(), rect.bottom() - top), len(data.labels))
    return geo, legend


def _footprint(geo: _Geometry, data: RadarData, st: ChartStyle, px: float, pt: float) -> QPainterPath:
    """The outer ring and every axis label: what the legend must not cover."""
    path = QPainterPath()
    path.addPolygon(QPolygonF([geo.point(i, 1.0) for i in range(geo.n)]))
    path.closeSubpath()
    for i, label in enumerate(data.labels):
        sub = data.sublabels[i] if i < len(data.sublabels) else ""
        path.addRect(_label_rect(geo, i, label, sub, i == data.highlight, data, st, px, pt)[0])
    return path


class _Geometry:
    """Where a share on an axis lands: the first axis up, then clockwise."""

    def __init__(self, rect: QRectF, n: int):
        self.n = n
        self.centre = rect.center()
        self.scale = min(rect.width(), rect.height()) / (2 * REACH)  # painter units per unit radius

    def angle(self, i: int) -> float:
        return math.pi / 2 - 2 * math.pi * i / self.n  # mathematical angle, y up

    def point(self, i: int, r: float) -> QPointF:
        a = self.angle(i)
        return QPointF(self.centre.x() + r * self.scale * math.cos(a), self.centre.y() - r * self.scale * math.sin(a))


def _font(data: RadarData, size: float, *, bold: bool = False) -> QFont:
    font = QFont()
    if data.font_families:
        font.setFamilies(list(data.font_families))
    font.setPixelSize(max(1, round(size)))
    font.setBold(bold)
    return font


def _paint_grid(painter: QPainter, geo: _Geometry, data: RadarData, st: ChartStyle, px: float, pt: float) -> None:
    grid = QPen(QColor(st.grid), st.grid_width * px)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(grid)
    for r in RINGS:
        painter.drawPolygon(QPolygonF([geo.point(i, r) for i in range(geo.n)]))
    font = _font(data, max(6.0, st.label_pt * 0.7) * pt)
    metrics = QFontMetricsF(font)
    painter.setFont(font)
    painter.setPen(QColor(st.muted))
    for r, text in zip(RINGS, data.ring_labels):
        width = metrics.horizontalAdvance(text)
        # Just right of the first spoke, the text's foot on the ring.
        left = geo.centre.x() + 0.02 * geo.scale + 0.1 * (width + 2 * _TEXT_MARGIN * px) + _TEXT_MARGIN * px
        box = QRectF(left, geo.centre.y() - r * geo.scale - _TEXT_MARGIN * px - metrics.height(),
                     width + 1, metrics.height())
        painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
    for i in range(geo.n):
        if i == data.highlight:
            painter.setPen(QPen(QColor(st.highlight), st.line_width * 0.8 * px))
        else:
            painter.setPen(grid)
        painter.drawLine(geo.centre, geo.point(i, 1.0))


def _paint_series(painter: QPainter, geo: _Geometry, s: RadarSeries, colour: QColor, st: ChartStyle,
                  px: float) -> None:
    n = geo.n
    pts = [geo.point(i, v) if v is not None else None for i, v in enumerate(s.values[:n])]
    pts += [None] * (n - len(pts))
    pairs = [(pts[i], pts[(i + 1) % n]) for i in range(n)]
    if s.fill:
        path = QPainterPath()
        for a, b in pairs:  # one wedge per pair of neighbouring values: a gap leaves two wedges out
            if a is not None and b is not None:
                path.moveTo(geo.centre)
                path.lineTo(a)
                path.lineTo(b)
                path.closeSubpath()
        fill = QColor(colour)
        fill.setAlpha(70)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(fill))
        painter.drawPath(path)
    line = QPainterPath()
    for a, b in pairs:  # a gap breaks the line on both sides
        if a is not None and b is not None:
            if line.currentPosition() != a or line.elementCount() == 0:
                line.moveTo(a)
            line.lineTo(b)
    pen = QPen(colour, st.line_width * px, Qt.PenStyle.DashLine if s.dashed else Qt.PenStyle.SolidLine,
               Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(line)
    painter.setPen(QPen(QColor(st.background), 1.5 * px))
    painter.setBrush(colour)
    radius = st.marker_size * px / 2
    for p in pts:
        if p is not None:
            painter.drawEllipse(p, radius, radius)


def _label_rect(geo: _Geometry, i: int, label: str, sub: str, marked: bool, data: RadarData, st: ChartStyle,
                px: float, pt: float) -> tuple[QRectF, QFont, QFont]:
    """The box of axis ``i``'s label (name over sublabel) and its two fonts."""
    size = st.label_pt * (1.25 if marked else 1.0) * pt
    head, foot = _font(data, size, bold=True), _font(data, size * 0.8)
    hm, fm = QFontMetricsF(head), QFontMetricsF(foot)
    width = max(hm.horizontalAdvance(label), fm.horizontalAdvance(sub) if sub else 0.0) + 2
    height = hm.height() + (fm.height() if sub else 0.0)
    margin = _TEXT_MARGIN * px
    # Anchor the side of the text that faces the chart, so labels never overlap the rings.
    a = geo.angle(i)
    p = geo.point(i, 1.08)
    left = p.x() - (0.5 - 0.5 * math.cos(a)) * (width + 2 * margin) + margin
    top = p.y() - (0.5 + 0.5 * math.sin(a)) * (height + 2 * margin) + margin
    return QRectF(left, top, width, height), head, foot


def _paint_label(painter: QPainter, geo: _Geometry, i: int, label: str, sub: str, marked: bool, data: RadarData,
                 st: ChartStyle, px: float, pt: float) -> None:
    box, head, foot = _label_rect(geo, i, label, sub, marked, data, st, px, pt)
    left, top, width = box.left(), box.top(), box.width()
    hm, fm = QFontMetricsF(head), QFontMetricsF(foot)
    painter.setFont(head)
    painter.setPen(QColor(st.highlight if marked else st.foreground))
    painter.drawText(QRectF(left, top, width, hm.height()), Qt.AlignmentFlag.AlignCenter, label)
    if sub:
        painter.setFont(foot)
        painter.setPen(QColor(st.muted))
        painter.drawText(QRectF(left, top + hm.height(), width, fm.height()), Qt.AlignmentFlag.AlignCenter, sub)


def _legend_font(data: RadarData, st: ChartStyle, pt: float) -> QFont:
    return _font(data, 9.0 * pt * st.label_pt / 11.0)


def _legend_row(metrics: QFontMetricsF, st: ChartStyle, px: float) -> float:
    return max(metrics.height(), st.line_width * px) + 8 * px


def _legend_rect(rect: QRectF, data: RadarData, st: ChartStyle, px: float, pt: float) -> QRectF | None:
    """The legend's box in the top-left corner of ``rect``; ``None`` when no series has a name."""
    names = [s.name for s in data.series if s.name]
    if not names:
        return None
    metrics = QFontMetricsF(_legend_font(data, st, pt))
    width = (_LEGEND_LINE + 8) * px + max(metrics.horizontalAdvance(n) for n in names) + 2
    return QRectF(rect.left() + 15 * px, rect.top() + 14 * px, width, len(names) * _legend_row(metrics, st, px))


def _paint_legend(painter: QPainter, legend: QRectF, data: RadarData, st: ChartStyle, px: float, pt: float) -> None:
    named = [(i, s) for i, s in enumerate(data.series) if s.name]
    font = _legend_font(data, st, pt)
    metrics = QFontMetricsF(font)
    painter.setFont(font)
    row = _legend_row(metrics, st, px)
    x, y = legend.left(), legend.top()
    for idx, s in named:
        colour = QColor(st.series[idx % len(st.series)])
        middle = y + row / 2
        painter.setPen(QPen(colour, st.line_width * px,
                            Qt.PenStyle.DashLine if s.dashed else Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
        painter.drawLine(QPointF(x, middle), QPointF(x + _LEGEND_LINE * px, middle))
        painter.setPen(QColor(st.foreground))
        painter.drawText(QRectF(x + (_LEGEND_LINE + 8) * px, y, metrics.horizontalAdvance(s.name) + 2, row),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, s.name)
        y += row
