"""The questions of one Essential as bars, optionally beside another assessment's scores."""

from __future__ import annotations

from typing import Sequence

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QSizePolicy, QWidget

from ....i18n.catalog import tr
from ...theme import score_colour, text_scale
from .chart_data import BarValue
from .chart_style import LIGHT, ChartStyle

#: The plot's height in score units over the scale's span, and where an upright note starts.
_HEADROOM, _NOTE_FOOT = 1.12, 0.04


class QuestionBarsWidget(pg.PlotWidget):
    def __init__(self, parent: QWidget | None = None, *, style: ChartStyle | None = None):
        style = style or LIGHT.scaled(text_scale())  # the dashboard's labels follow View > Larger text
        super().__init__(parent, background=style.background)
        self.chart_style = style
        self.bars: list[BarValue] = []
        self.other: list[BarValue] | None = None
        self.names: tuple[str, str] = ("", "")
        self.score_range = (0, 3)
        plot = self.getPlotItem()
        plot.setMouseEnabled(False, False)
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.showGrid(x=False, y=True, alpha=0.25)
        for side in ("left", "bottom"):
            axis = plot.getAxis(side)
            axis.setPen(pg.mkPen(style.muted))
            axis.setTextPen(pg.mkPen(style.foreground))
            axis.setStyle(tickFont=_font(style.label_pt * 0.9))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # The legend goes in the title's row above the plot, in one line: inside the plot its corner
        # hid the top of the last bars and met the upright "not answered" notes of long translations.
        self.legend = pg.LegendItem(colCount=2, labelTextColor=style.foreground)
        self.legend.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        plot.legend = self.legend
        plot.layout.removeItem(plot.titleLabel)  # the (never shown) title's cell is the legend's
        plot.titleLabel.setVisible(False)
        plot.layout.addItem(self.legend, 0, 1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.notes: list[pg.TextItem] = []
        plot.vb.sigResized.connect(self._fit_notes)
        self.setAccessibleName(tr("Bar chart: the score of each question"))

    def set_bars(self, bars: Sequence[BarValue], score_range: tuple[int, int], *, name: str = "",
                 other: Sequence[BarValue] | None = None, other_name: str = "") -> None:
        """Show ``bars``; with ``other`` (same questions, same order) draw its bars beside them."""
        self.bars = list(bars)
        self.other = list(other) if other is not None else None
        self.names = (name, other_name)
        self.score_range = score_range
        self._redraw()
        self.setAccessibleDescription("; ".join(
            tr("{q}: {score}", q=b.label, score=tr("N/A") if b.na else b.score if b.score is not None
               else tr("not answered"))
            for b in self.bars))

    def heights(self) -> list[int | None]:
        return [b.score for b in self.bars]

    def _redraw(self) -> None:
        st = self.chart_style
        plot = self.getPlotItem()
        plot.clear()
        self.legend.clear()
        self.notes = []
        low, high = self.score_range
        span = max(1, high - low)
        n = len(self.bars)
        paired = self.other is not None and len(self.other) == n
        width = 0.38 if paired else 0.6
        offset = 0.2 if paired else 0.0
        xs = [i - offset for i in range(n)]
        stub = span * 0.03  # a score of 0 is a visible sliver, so it never looks like a missing answer
        heights = [max(stub, b.score - low) if b.score is not None else 0 for b in self.bars]
        brushes = [pg.mkBrush(score_colour((b.score - low) / span)) if b.score is not None else pg.mkBrush(st.grid)
                   for b in self.bars]
        # Filled by score; outlined in the series colour that the legend and the radar use.
        plot.addItem(pg.BarGraphItem(x=xs, height=heights, width=width, brushes=brushes, brush=QColor(st.background),
                                     pen=pg.mkPen(st.series[0], width=2), name=self.names[0] or None))
        if paired:
            ox = [i + offset for i in range(n)]
            oh = [max(stub, b.score - low) if b.score is not None else 0 for b in self.other]  # type: ignore[union-attr]
            other_colour = QColor(st.series[1])
            fill = QColor(other_colour)
            fill.setAlpha(90)
            plot.addItem(pg.BarGraphItem(x=ox, height=oh, width=width, brush=fill,
                                         pen=pg.mkPen(other_colour, width=2, style=Qt.PenStyle.DashLine),
                                         name=self.names[1] or None))
        for x, b in zip(xs, self.bars):
            if b.score is None:
                # Upright along the empty bar: a long translation never runs into the neighbours or off the chart.
                note = pg.TextItem(tr("N/A") if b.na else tr("not answered"), color=st.muted, anchor=(0.0, 0.5),
                                   angle=90)
                note.setFont(_font(st.label_pt * 0.85))
                note.setPos(x, span * _NOTE_FOOT)
                plot.addItem(note)
                self.notes.append(note)
        self.legend.setVisible(bool(self.legend.items))
        plot.layout.setRowFixedHeight(0, self.legend.height() if self.legend.items else 0)
        plot.getAxis("bottom").setTicks([[(i, b.label) for i, b in enumerate(self.bars)], []])
        plot.getAxis("left").setTicks([[(v - low, str(v)) for v in range(low, high + 1)], []])
        plot.setXRange(-0.6, max(0.6, n - 0.4), padding=0)
        plot.setYRange(0, span * _HEADROOM, padding=0)
        self._fit_notes()

    def _fit_notes(self, *_: object) -> None:
        """Wrap an upright note onto a second line when the plot is too short for it, never cut it off."""
        room = self.getPlotItem().vb.height() * (1 - _NOTE_FOOT / _HEADROOM) - 4
        for note in self.notes:
            note.setTextWidth(-1)
            if room > 0 and note.textItem.boundingRect().width() > room:
                note.setTextWidth(room)


def _font(pt: float) -> QFont:
    f = QFont()
    f.setPointSizeF(max(6.0, pt))
    return f
