"""Bars of a city's loss records: events (or a figure) per year or per hazard kind (pyqtgraph)."""

from __future__ import annotations

__all__ = ["LossChart"]

import pyqtgraph as pg
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget


class LossChart(pg.PlotWidget):
    """One bar per label; ``None`` (not recorded) is drawn as no bar, never as 0 height with a label."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, background="w")
        self.setMinimumHeight(220)
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        self.showGrid(x=False, y=True, alpha=0.25)
        self.getPlotItem().setMenuEnabled(False)

    def set_bars(self, labels: list[str], values: list[float | None], *, title: str, colour: str = "#1f5fa8",
                 rotate: bool = False) -> None:
        plot = self.getPlotItem()
        plot.clear()
        plot.setTitle(title, color="#222", size="11pt")
        xs = [i for i, v in enumerate(values) if v is not None]
        hs = [float(v) for v in values if v is not None]
        if xs:
            plot.addItem(pg.BarGraphItem(x=xs, height=hs, width=0.7, brush=QColor(colour), pen=pg.mkPen(None)))
        ticks = [(i, lab) for i, lab in enumerate(labels)]
        if len(ticks) > 16:  # years: every n-th label keeps them legible
            step = (len(ticks) + 15) // 16
            ticks = ticks[::step]
        axis = plot.getAxis("bottom")
        axis.setTicks([ticks])
        axis.setTextPen("#222")
        plot.getAxis("left").setTextPen("#222")
        plot.setXRange(-0.6, max(len(labels), 1) - 0.4, padding=0)
        plot.setYRange(0, max(hs + [1.0]) * 1.12, padding=0)
