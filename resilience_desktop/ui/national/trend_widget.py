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
        # Each series' items made once and given new data for each city: made anew for each city they took
        # ~3 ms a series (36 ms a city) in pyqtgraph. Solid: within an assessment; dotted: from one assessment's
        # last revision to the next one's first (a new assessment, not a later revision of the same).
        series = [(f"E{n + 1}", _ESSENTIAL_COLOURS[n], 1.2, "o", 4) for n in range(10)] + [
            (tr("Overall"), "#1c2833", 3.0, "s", 8)]
        self._items: list[tuple[pg.PlotDataItem, pg.PlotDataItem]] = []
        for name, colour, width, symbol, size in series:
            solid = pg.PlotDataItem(pen=pg.mkPen(QColor(colour), width=width), symbol=symbol, symbolSize=size,
                                    symbolBrush=colour, connect="finite")
            dotted = pg.PlotDataItem(pen=pg.mkPen(QColor(colour), width=width, style=Qt.PenStyle.DotLine),
                                     connect="finite")
            plot.addItem(dotted)
            plot.addItem(solid)
            self.legend.addItem(solid, name)
            self._items.append((solid, dotted))
        self._rules: list[pg.InfiniteLine] = []

    def set_trend(self, trend: list[dict[str, Any]], title: str = "") -> None:
        self.trend = list(trend)
        plot = self.getPlotItem()
        for rule in self._rules:
            plot.removeItem(rule)
        self._rules = []
        starts = assessment_starts(trend)
        if title and len(starts) > 1:
            title += " · " + tr("dotted: the next assessment")
        plot.setTitle(title, color="#1c2833", size="10pt")
        values = [[t["essentials"][n] for t in trend] for n in range(10)] + [[t["overall_percent"] for t in trend]]
        for (solid, dotted), ys in zip(self._items, values):
            (sx, sy), (dx, dy) = _segments(ys, starts)
            solid.setData(sx, sy)
            dotted.setData(dx, dy)
        if not trend:
            plot.getAxis("bottom").setTicks([[]])  # no revisions: no 0.1 … 0.9 ticks left from pyqtgraph's default
            return
        plot.getAxis("bottom").setTicks([trend_labels(trend)])
        plot.setXRange(-0.3, max(len(trend) - 0.7, 0.3), padding=0)
        for x in starts[1:]:  # where another assessment of the city begins
            rule = pg.InfiniteLine(x - 0.5, angle=90, pen=pg.mkPen("#95a5a6", width=1, style=Qt.PenStyle.DashLine))
            plot.addItem(rule)
            self._rules.append(rule)

    def overall_values(self) -> list[float | None]:
        return [t["overall_percent"] for t in self.trend]


def _segments(ys: list[float | None], starts: list[int]) -> tuple[tuple[list[float], list[float]],
                                                                   tuple[list[float], list[float]]]:
    """A series' solid points (one run per assessment, NaN between runs) and its dotted steps (from one
    assessment's last point to the next one's first, NaN between steps); unanswered revisions are skipped.

    >>> _segments([10.0, 20.0, None, 30.0], [0, 2])
    (([0, 1, nan, 3], [10.0, 20.0, nan, 30.0]), ([1, 3], [20.0, 30.0]))
    """
    nan = float("nan")
    solid: tuple[list[float], list[float]] = ([], [])
    dotted: tuple[list[float], list[float]] = ([], [])
    previous: tuple[int, float] | None = None
    bounds = starts + [len(ys)]
    for start, end in zip(bounds, bounds[1:]):
        pts = [(x, y) for x in range(start, end) if (y := ys[x]) is not None]
        if not pts:
            continue
        if previous is not None:
            for target, (px, py) in ((dotted, previous), (dotted, pts[0])):
                target[0].append(px)
                target[1].append(py)
            if len(dotted[0]) > 2:  # a step after another: apart
                dotted[0].insert(-2, nan)
                dotted[1].insert(-2, nan)
        if solid[0]:
            solid[0].append(nan)
            solid[1].append(nan)
        solid[0].extend(p[0] for p in pts)
        solid[1].extend(p[1] for p in pts)
        previous = pts[-1]
    return solid, dotted


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
