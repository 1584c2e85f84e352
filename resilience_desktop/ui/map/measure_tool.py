"""The measure tool: click points on the map; the line's ground length and the area it encloses."""

from __future__ import annotations

__all__ = ["MeasureTool"]

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF

from ...gis.display import View
from ...gis.measure import format_area, format_length, geodesic_area, geodesic_length
from ...i18n.catalog import tr


class MeasureTool:
    """Points clicked so far (map CRS); geodesic length and area whatever the map CRS."""

    def __init__(self, crs: str):
        self.crs = crs
        self.points: list[tuple[float, float]] = []

    def add(self, x: float, y: float) -> None:
        self.points.append((x, y))

    def clear(self) -> None:
        self.points = []

    def length(self) -> float:
        return geodesic_length(np.array(self.points), self.crs) if len(self.points) > 1 else 0.0

    def area(self) -> float:
        return geodesic_area(np.array(self.points), self.crs) if len(self.points) > 2 else 0.0

    def text(self) -> str:
        if len(self.points) < 2:
            return tr("Measure: click points on the map; Esc starts again")
        out = tr("Distance: {length}", length=format_length(self.length()))
        if len(self.points) > 2:
            out += "  ·  " + tr("Area: {area}", area=format_area(self.area()))
        return out

    def paint(self, painter: QPainter, view: View) -> None:
        if not self.points:
            return
        px = view.to_pixels(np.array(self.points, dtype=float))
        poly = QPolygonF([QPointF(float(x), float(y)) for x, y in px])
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if len(self.points) > 2:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(230, 60, 40, 40))
            painter.drawPolygon(poly)
        pen = QPen(QColor("#e63c28"), 2)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPolyline(poly)
        pen.setWidthF(7)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawPoints(poly)
        painter.restore()
