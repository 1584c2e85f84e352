"""A radar (spider) chart of the Ten Essentials, each as a share of its maximum.

An Essential with nothing to score (every question N/A, or outside the assessment) is a gap
in the line and in the filled area, never a zero: a zero would say "nothing in place".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem, QWidget

from ....i18n.catalog import current, tr
from .chart_style import LIGHT, ChartStyle

RINGS = (0.25, 0.5, 0.75, 1.0)
_REACH = 1.5  # the view spans -_REACH..+_REACH: room for the axis labels around the unit circle


@dataclass(frozen=True)
class RadarSeries:
    key: str
    name: str
    values: tuple[float | None, ...]
    fill: bool = True
    dashed: bool = False


class RadarWidget(pg.PlotWidget):
    """Axes are set with :meth:`set_axes`; each series is a tuple of shares (0..1 or ``None``)."""

    def __init__(self, parent: QWidget | None = None, *, style: ChartStyle = LIGHT):
        super().__init__(parent, background=style.background)
        self.chart_style = style
        self.labels: list[str] = []
        self.series: dict[str, RadarSeries] = {}
        self.highlight: int | None = None
        #: What each axis label shows under its name (e.g. the share of the first series).
        self.sublabels: list[str] = []
        plot = self.getPlotItem()
        plot.hideAxis("left")
        plot.hideAxis("bottom")
        plot.setMouseEnabled(False, False)
        plot.setMenuEnabled(False)
        plot.hideButtons()
        self.setAspectLocked(True)
        self.setRange(xRange=(-_REACH, _REACH), yRange=(-_REACH, _REACH), padding=0)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAntialiasing(True)
        self.legend = plot.addLegend(offset=(6, 6), labelTextColor=style.foreground)
        self.setAccessibleName(tr("Radar chart: score of each Essential as a share of its maximum"))
        self._redraw()

    # ------------------------------------------------------------------ data
    def set_style(self, style: ChartStyle) -> None:
        self.chart_style = style
        self.setBackground(style.background)
        self._redraw()

    def set_axes(self, labels: Sequence[str], sublabels: Sequence[str] = ()) -> None:
        if (list(labels), list(sublabels)) == (self.labels, self.sublabels):
            return  # unchanged: redrawing costs more than everything else on a slide change
        self.labels = list(labels)
        self.sublabels = list(sublabels)
        self._redraw()
        self._describe()

    def _describe(self) -> None:
        """The chart as text for screen readers: each axis with what it shows under its name."""
        parts = [f"{label}: {sub}" if sub else label
                 for label, sub in zip(self.labels, [*self.sublabels, *[""] * len(self.labels)])]
        self.setAccessibleDescription("; ".join(parts))

    def set_series(self, key: str, name: str, values: Sequence[float | None], *, fill: bool = True,
                   dashed: bool = False) -> None:
        """Add or replace the series ``key`` (one value per axis, in axis order)."""
        if len(values) != len(self.labels):
            raise ValueError(f"{len(values)} values for {len(self.labels)} axes")
        series = RadarSeries(key, name, tuple(values), fill, dashed)
        if self.series.get(key) == series:
            return
        self.series[key] = series
        self._redraw()

    def remove_series(self, key: str) -> None:
        if self.series.pop(key, None) is not None:
            self._redraw()

    def values(self, key: str) -> tuple[float | None, ...]:
        return self.series[key].values

    def set_highlight(self, index: int | None) -> None:
        """Mark one axis (the Essential being discussed)."""
        if index != self.highlight:
            self.highlight = index
            self._redraw()

    # ------------------------------------------------------------------ drawing
    def _angle(self, i: int) -> float:
        return math.pi / 2 - 2 * math.pi * i / max(1, len(self.labels))  # first axis up, then clockwise

    def _point(self, i: int, r: float) -> QPointF:
        a = self._angle(i)
        return QPointF(r * math.cos(a), r * math.sin(a))

    def _redraw(self) -> None:
        st = self.chart_style
        plot = self.getPlotItem()
        plot.clear()
        self.legend.clear()
        n = len(self.labels)
        if n < 3:
            return
        grid = pg.mkPen(st.grid, width=1)
        for r in RINGS:
            xs = [self._point(i % n, r).x() for i in range(n + 1)]
            ys = [self._point(i % n, r).y() for i in range(n + 1)]
            plot.addItem(pg.PlotDataItem(xs, ys, pen=grid))
            tick = pg.TextItem(current().percent(r * 100, 0), color=st.muted, anchor=(-0.1, 1.0))
            tick.setFont(_font(st.label_pt * 0.7))
            tick.setPos(0.02, r)
            plot.addItem(tick)
        for i in range(n):
            p = self._point(i, 1.0)
            spoke = pg.mkPen(st.highlight, width=st.line_width * 0.8) if i == self.highlight else grid
            plot.addItem(pg.PlotDataItem([0, p.x()], [0, p.y()], pen=spoke))
        for idx, s in enumerate(self.series.values()):
            self._draw_series(s, QColor(st.series[idx % len(st.series)]))
        for i, label in enumerate(self.labels):
            self._draw_label(i, label, self.sublabels[i] if i < len(self.sublabels) else "")

    def _draw_series(self, s: RadarSeries, colour: QColor) -> None:
        st, n = self.chart_style, len(self.labels)
        pts = [self._point(i, v) if v is not None else None for i, v in enumerate(s.values)]
        if s.fill:
            path = QPainterPath()
            for i in range(n):  # one wedge per pair of neighbouring values: a gap leaves two wedges out
                a, b = pts[i], pts[(i + 1) % n]
                if a is not None and b is not None:
                    path.moveTo(0, 0)
                    path.lineTo(a)
                    path.lineTo(b)
                    path.closeSubpath()
            area = QGraphicsPathItem(path)
            fill = QColor(colour)
            fill.setAlpha(70)
            area.setBrush(QBrush(fill))
            area.setPen(QPen(Qt.PenStyle.NoPen))
            self.getPlotItem().addItem(area)
        xs = [p.x() if p is not None else math.nan for p in pts]
        ys = [p.y() if p is not None else math.nan for p in pts]
        pen = pg.mkPen(colour, width=st.line_width,
                       style=Qt.PenStyle.DashLine if s.dashed else Qt.PenStyle.SolidLine)
        line = pg.PlotDataItem(xs + xs[:1], ys + ys[:1], pen=pen, connect="finite", name=s.name or None)
        self.getPlotItem().addItem(line)
        finite = [p for p in pts if p is not None]
        if finite:
            dots = pg.ScatterPlotItem([p.x() for p in finite], [p.y() for p in finite], size=st.marker_size,
                                      brush=pg.mkBrush(colour), pen=pg.mkPen(st.background, width=1.5))
            self.getPlotItem().addItem(dots)

    def _draw_label(self, i: int, label: str, sub: str) -> None:
        st = self.chart_style
        a = self._angle(i)
        colour = st.highlight if i == self.highlight else st.foreground
        size = st.label_pt * (1.25 if i == self.highlight else 1.0)
        html = (f'<div style="text-align:center; color:{colour}; font-size:{size:.1f}pt;">'
                f"<b>{_escape(label)}</b>")
        if sub:
            html += f'<br><span style="font-size:{size * 0.8:.1f}pt; color:{st.muted};">{_escape(sub)}</span>'
        html += "</div>"
        # Anchor the side of the text that faces the chart, so labels never overlap the rings.
        item = pg.TextItem(html=html, anchor=(0.5 - 0.5 * math.cos(a), 0.5 + 0.5 * math.sin(a)))
        p = self._point(i, 1.08)
        item.setPos(p.x(), p.y())
        self.getPlotItem().addItem(item)


def _font(pt: float) -> QFont:
    f = QFont()
    f.setPointSizeF(max(6.0, pt))
    return f


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
