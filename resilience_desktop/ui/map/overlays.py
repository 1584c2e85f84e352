"""Scale bar and north arrow, drawn over the map by the canvas and by ``map render`` alike."""

from __future__ import annotations

__all__ = ["draw_overlays", "nice_length"]

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QPolygonF

from ...gis.display import View
from ...i18n.catalog import tr


def nice_length(max_length: float) -> float:
    """The largest 1, 2 or 5 × 10^k not above ``max_length``.

    >>> nice_length(730), nice_length(0.37)
    (500.0, 0.2)
    """
    if max_length <= 0:
        return 0.0
    k = math.floor(math.log10(max_length))
    for m in (5, 2, 1):
        if m * 10 ** k <= max_length:
            return float(m * 10 ** k) if k >= 0 else round(m * 10 ** k, -k)
    return float(10 ** k)


def _metres_per_unit(geographic: bool, lat: float) -> float:
    return 111_320.0 * max(math.cos(math.radians(lat)), 0.01) if geographic else 1.0


def draw_overlays(painter: QPainter, view: View, *, geographic: bool = False, lat: float = 0.0) -> None:
    """A scale bar (bottom left) and a north arrow (top right)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    font = QFont(painter.font())
    font.setPixelSize(12)
    painter.setFont(font)
    # ---- scale bar
    metres_per_px = view.resolution * _metres_per_unit(geographic, lat)
    length_m = nice_length(metres_per_px * min(view.width / 4, 240))
    if length_m > 0:
        px = length_m / metres_per_px
        label = tr("{n} km", n=f"{length_m / 1000:g}") if length_m >= 1000 else tr("{n} m", n=f"{length_m:g}")
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
