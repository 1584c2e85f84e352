"""A radar (spider) chart of the Ten Essentials, each as a share of its maximum, on screen.

The drawing is :func:`.radar_painter.paint_radar`, the same one the PDF report uses; this widget
keeps the axes and series and repaints when they change. An Essential with nothing to score is
a gap in the line and in the filled area, never a zero.
"""

from __future__ import annotations

__all__ = ["RadarWidget", "RadarSeries"]

from typing import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from ....i18n.catalog import current, tr
from ...theme import text_scale
from .chart_style import LIGHT, ChartStyle
from .radar_painter import RINGS, RadarData, RadarSeries, paint_radar


class RadarWidget(QWidget):
    """Axes are set with :meth:`set_axes`; each series is a tuple of shares (0..1 or ``None``)."""

    def __init__(self, parent: QWidget | None = None, *, style: ChartStyle | None = None):
        style = style or LIGHT.scaled(text_scale())  # the dashboard's labels follow View > Larger text
        super().__init__(parent)
        self.chart_style = style
        self.labels: list[str] = []
        self.series: dict[str, RadarSeries] = {}
        self.highlight: int | None = None
        #: What each axis label shows under its name (e.g. the share of the first series).
        self.sublabels: list[str] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName(tr("Radar chart: score of each Essential as a share of its maximum"))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(400, 360)

    # ------------------------------------------------------------------ data
    def set_style(self, style: ChartStyle) -> None:
        self.chart_style = style
        self.update()

    def set_axes(self, labels: Sequence[str], sublabels: Sequence[str] = ()) -> None:
        if (list(labels), list(sublabels)) == (self.labels, self.sublabels):
            return
        self.labels = list(labels)
        self.sublabels = list(sublabels)
        self.update()
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
        self.update()

    def remove_series(self, key: str) -> None:
        if self.series.pop(key, None) is not None:
            self.update()

    def values(self, key: str) -> tuple[float | None, ...]:
        return self.series[key].values

    def set_highlight(self, index: int | None) -> None:
        """Mark one axis (the Essential being discussed)."""
        if index != self.highlight:
            self.highlight = index
            self.update()

    def data(self) -> RadarData:
        """What the chart shows now, as the painter takes it."""
        lang = current()
        return RadarData(tuple(self.labels), tuple(self.series.values()), tuple(self.sublabels),
                         tuple(lang.share(r) for r in RINGS), self.highlight)

    # ------------------------------------------------------------------ drawing
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), QColor(self.chart_style.background))
            paint_radar(painter, QRectF(self.rect()), self.data(), self.chart_style, pt=self.logicalDpiY() / 72.0)
        finally:
            painter.end()
