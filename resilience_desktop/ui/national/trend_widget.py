"""One city's trend across its revisions: the overall percent bold, each Essential thin."""

from __future__ import annotations

__all__ = ["TrendWidget"]

from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

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
        self.legend = plot.addLegend(offset=(-6, 6), labelTextColor="#1c2833", colCount=4)
        self.trend: list[dict[str, Any]] = []
        self.setMinimumHeight(160)

    def set_trend(self, trend: list[dict[str, Any]], title: str = "") -> None:
        self.trend = list(trend)
        plot = self.getPlotItem()
        plot.clear()
        self.legend.clear()
        plot.setTitle(title, color="#1c2833", size="10pt")
        if not trend:
            plot.getAxis("bottom").setTicks([[]])  # no revisions: no 0.1 … 0.9 ticks left from pyqtgraph's default
            return
        xs = list(range(len(trend)))
        labels = trend_labels(trend)
        plot.getAxis("bottom").setTicks([labels])
        plot.setXRange(-0.3, max(len(trend) - 0.7, 0.3), padding=0)
        for n in range(10):
            ys = [t["essentials"][n] for t in trend]
            pts = [(x, y) for x, y in zip(xs, ys) if y is not None]
            if pts:
                plot.plot([p[0] for p in pts], [p[1] for p in pts], pen=pg.mkPen(_ESSENTIAL_COLOURS[n], width=1.2),
                          symbol="o", symbolSize=4, symbolBrush=_ESSENTIAL_COLOURS[n], name=f"E{n + 1}")
        overall = [(x, t["overall_percent"]) for x, t in zip(xs, trend) if t["overall_percent"] is not None]
        if overall:
            plot.plot([p[0] for p in overall], [p[1] for p in overall], pen=pg.mkPen(QColor("#1c2833"), width=3),
                      symbol="s", symbolSize=8, symbolBrush="#1c2833", name=tr("Overall"))

    def overall_values(self) -> list[float | None]:
        return [t["overall_percent"] for t in self.trend]


def trend_labels(trend: list[dict[str, Any]]) -> list[tuple[int, str]]:
    """The x-axis labels: ``r2 · 2026-05-14`` (revision and export day) for one assessment; with
    several, each revision says which assessment by the month it was started (``2024-03 · r1``),
    since two assessments' first revisions sent on one day would otherwise read the same.
    """
    if len({t["assessment_id"] for t in trend}) <= 1:
        return [(i, f"r{t['revision']} · {(t['exported_at'] or '')[:10]}") for i, t in enumerate(trend)]
    return [(i, f"{(t.get('started_on') or '?')[:7]} · r{t['revision']}") for i, t in enumerate(trend)]
