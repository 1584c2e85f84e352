"""Scale bar and north arrow, drawn over the map by the canvas and by ``map render`` alike."""

from __future__ import annotations

__all__ = ["draw_overlays", "nice_length"]


from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QPolygonF

from ...gis.display import View
from ...gis.measure import nice_length, scale_bar
from ...i18n.catalog import tr


def draw_overlays(painter: QPainter, view: View, crs: str) -> None:
    """A scale bar (bottom left, geodesic: true at the view's centre) and a north arrow (top right)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    font = QFont(painter.font())
    font.setPixelSize(12)
    painter.setFont(font)
    # ---- scale bar
    bar = scale_bar(view.cx, view.cy, view.resolution, crs, min(view.width / 4, 240))
    if bar is not None:
        px, label = bar.pixels, bar.label
        x, y = 16.0, view.height - 22.0
        box = QRectF(x - 8, y - 24, px + 16, 36)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 255, 255, 200))
        painter.drawRoundedRect(box, 4, 4)
        painter.setPen(QPen(QColor("#202020"), 2))
        painter.drawLine(QPointF(x, y), QPointF(x + px, y))
        for tick in (x, x + px / 2, x + px):
            painter.drawLine(QPointF(tick, y - 5), QPointF(tick, y + 1))
        painter.drawText(QRectF(x, y - 24, px, 18), Qt.AlignmentFlag.AlignCenter, label)
    # ---- north arrow (grid north: the map is never rotated)
    cx, top = view.width - 30.0, 14.0
    painter.setPen(QPen(QColor("#202020"), 1))
    painter.setBrush(QColor(255, 255, 255, 200))
    painter.drawEllipse(QPointF(cx, top + 22), 17, 17)
    painter.setBrush(QColor("#202020"))
    painter.drawPolygon(QPolygonF([QPointF(cx, top + 8), QPointF(cx + 7, top + 30), QPointF(cx, top + 25),
                                   QPointF(cx - 7, top + 30)]))
    painter.drawText(QRectF(cx - 15, top + 40, 30, 16), Qt.AlignmentFlag.AlignCenter, tr("N"))
    painter.restore()
