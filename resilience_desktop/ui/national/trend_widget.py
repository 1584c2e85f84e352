"""One city's trend across its revisions: the overall percent bold, each Essential thin."""

from __future__ import annotations

__all__ = ["TrendWidget"]

from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QSizePolicy, QWidget

from ...i18n.catalog import tr

#: Ten distinguishable colours for the Essentials' lines.
_ESSENTIAL_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                      "#bcbd22", "#17becf")


class TrendWidget(pg.PlotWidget):
    """Call :meth:`set_trend` with :func:`resilience_desktop.national.views.city_trend` rows."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, background="w")
        plot = self.getPlotItem()
        plot.setMouseEnabled(False, False)
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.showGrid(x=False, y=True, alpha=0.25)
        plot.setYRange(0, 100, padding=0.02)
        for side in ("left", "bottom"):
            plot.getAxis(side).setPen(pg.mkPen("#7f8c8d"))
            plot.getAxis(side).setTextPen(pg.mkPen("#1c2833"))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # The legend beside the plot, not over it: inside, it hid the lines near 100 % (a trial)
        self.legend = pg.LegendItem(labelTextColor="#1c2833", colCount=2, verSpacing=-6)
        plot.layout.addItem(self.legend, 2, 3)
        # its own height at the top, not stretched down the plot's
        self.legend.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        plot.layout.setAlignment(self.legend, Qt.AlignmentFlag.AlignTop)
        self.trend: list[dict[str, Any]] = []
        self.setMinimumHeight(160)

    def set_trend(self, trend: list[dict[str, Any]], title: str = "") -> None:
        self.trend = list(trend)
        plot = self.getPlotItem()
        plot.clear()
        self.legend.clear()
        if title and len(assessment_starts(trend)) > 1:
            title += " · " + tr("dotted: the next assessment")
        plot.setTitle(title, color="#1c2833", size="10pt")
        if not trend:
            plot.getAxis("bottom").setTicks([[]])  # no revisions: no 0.1 … 0.9 ticks left from pyqtgraph's default
            return
        labels = trend_labels(trend)
        plot.getAxis("bottom").setTicks([labels])
        plot.setXRange(-0.3, max(len(trend) - 0.7, 0.3), padding=0)
        for x in assessment_starts(trend)[1:]:  # where another assessment of the city begins
            plot.addItem(pg.InfiniteLine(x - 0.5, angle=90, pen=pg.mkPen("#95a5a6", width=1, style=Qt.PenStyle.DashLine)))
        for n in range(10):
            self._line([t["essentials"][n] for t in trend], f"E{n + 1}", _ESSENTIAL_COLOURS[n], 1.2, "o", 4)
        self._line([t["overall_percent"] for t in trend], tr("Overall"), "#1c2833", 3, "s", 8)

    def _line(self, ys: list[float | None], name: str, colour: str, width: float, symbol: str, size: int) -> None:
        """One series: solid within an assessment, dotted from one assessment's last revision to the next
        one's first (a new assessment, not a later revision of the same); one legend entry."""
        plot = self.getPlotItem()
        first_item = None
        starts = assessment_starts(self.trend) + [len(ys)]
        previous: tuple[int, float] | None = None
        for start, end in zip(starts, starts[1:]):
            pts = [(x, ys[x]) for x in range(start, end) if ys[x] is not None]
            if not pts:
                continue
            if previous is not None:
                plot.plot([previous[0], pts[0][0]], [previous[1], pts[0][1]],
                          pen=pg.mkPen(QColor(colour), width=width, style=Qt.PenStyle.DotLine))
            item = plot.plot([p[0] for p in pts], [p[1] for p in pts], pen=pg.mkPen(QColor(colour), width=width),
                             symbol=symbol, symbolSize=size, symbolBrush=colour)
            first_item = first_item or item
            previous = pts[-1]
        if first_item is not None:
            self.legend.addItem(first_item, name)

    def overall_values(self) -> list[float | None]:
        return [t["overall_percent"] for t in self.trend]


def assessment_starts(trend: list[dict[str, Any]]) -> list[int]:
    """The positions in ``trend`` where an assessment's revisions begin (``[0]`` for one assessment).

    >>> assessment_starts([{"assessment_id": "a"}, {"assessment_id": "a"}, {"assessment_id": "b"}])
    [0, 2]
    """
    return [i for i, t in enumerate(trend) if i == 0 or t["assessment_id"] != trend[i - 1]["assessment_id"]]


def trend_labels(trend: list[dict[str, Any]]) -> list[tuple[int, str]]:
    """The x-axis labels: ``r2 · 2026-05-14`` (revision and export day) for one assessment; with
    several, each revision says which assessment by the month it was started (``2024-03 · r1``),
    since two assessments' first revisions sent on one day would otherwise read the same.
    """
    if len({t["assessment_id"] for t in trend}) <= 1:
        return [(i, f"r{t['revision']} · {(t['exported_at'] or '')[:10]}") for i, t in enumerate(trend)]
    return [(i, f"{(t.get('started_on') or '?')[:7]} · r{t['revision']}") for i, t in enumerate(trend)]
