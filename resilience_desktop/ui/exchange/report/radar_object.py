"""The report's radar chart: a vector drawing placed in a ``QTextDocument`` like a character.

A ``QTextObjectInterface`` handler draws with QPainter straight into whatever the document is
painted on; on a ``QPdfWriter`` that is PDF vector paths and text, sharp at any zoom (a picture
resource would be a bitmap).

The handler derives from ``QPyTextObject``: PySide's stand-in for ``QObject`` +
``QTextObjectInterface`` with ``Q_INTERFACES``. A Python class inheriting both itself is not
recognised by ``registerHandler`` (nothing is drawn, silently).
"""

from __future__ import annotations

import math
from typing import Sequence

from PySide6.QtCore import QObject, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QBrush, QColor, QFont, QPainter, QPainterPath, QPen, QPolygonF, QPyTextObject, QTextCharFormat, QTextDocument,
    QTextFormat,
)

#: The object type the handler is registered for in a document.
RADAR_OBJECT_TYPE = QTextFormat.ObjectTypes.UserObject + 1


class RadarTextObject(QPyTextObject):
    """Draws a radar of ``shares`` (0..1, or ``None`` for an Essential that is all N/A).

    ``labels`` name the axes (Essential numbers), ``values`` are printed under them
    (the percentages); ``size`` is the chart's width and height in the document's units.
    """

    def __init__(self, labels: Sequence[str], shares: Sequence[float | None], values: Sequence[str],
                 size: float, font_families: Sequence[str], parent: QObject | None = None):
        super().__init__(parent)
        self.labels, self.shares, self.values = list(labels), list(shares), list(values)
        self.size = size
        self.font_families = list(font_families)

    def char_format(self) -> QTextCharFormat:
        """The format of the character that stands for the chart in the document."""
        fmt = QTextCharFormat()
        fmt.setObjectType(RADAR_OBJECT_TYPE)
        return fmt

    # ------------------------------------------------------------------ QTextObjectInterface
    def intrinsicSize(self, doc: QTextDocument, pos_in_document: int, fmt: QTextFormat) -> QSizeF:  # noqa: N802
        return QSizeF(self.size, self.size * 0.86)

    def drawObject(self, painter: QPainter, rect: QRectF, doc: QTextDocument, pos_in_document: int,  # noqa: N802
                   fmt: QTextFormat) -> None:
        n = len(self.labels)
        if n < 3:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        unit = rect.width() / 400.0  # the chart is designed on a 400-unit square
        centre = rect.center()
        radius = min(rect.width(), rect.height()) / 2 - 58 * unit
        font = QFont()
        font.setFamilies(self.font_families)

        def point(i: int, share: float) -> QPointF:
            angle = -math.pi / 2 + 2 * math.pi * i / n  # Essential 1 at the top, clockwise
            return QPointF(centre.x() + radius * share * math.cos(angle),
                           centre.y() + radius * share * math.sin(angle))

        # Rings at 25 % steps and the spokes.
        grid = QPen(QColor("#c8ccd2"), 1.2 * unit)
        painter.setPen(grid)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for ring in (0.25, 0.5, 0.75, 1.0):
            painter.drawPolygon(QPolygonF([point(i, ring) for i in range(n)]))
        for i in range(n):
            painter.drawLine(centre, point(i, 1.0))
        font.setPixelSize(max(1, round(10 * unit)))
        painter.setFont(font)
        painter.setPen(QColor("#8a929c"))
        for ring in (0.5, 1.0):
            p = point(0, ring)
            painter.drawText(QRectF(p.x() + 3 * unit, p.y() - 2 * unit, 40 * unit, 14 * unit),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, f"{round(ring * 100)}%")

        # The scores.
        path = QPainterPath()
        pts = [point(i, max(0.0, min(1.0, s or 0.0))) for i, s in enumerate(self.shares)]
        path.addPolygon(QPolygonF([*pts, pts[0]]))
        painter.setBrush(QBrush(QColor(31, 95, 168, 70)))
        painter.setPen(QPen(QColor("#1f5fa8"), 2.6 * unit, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                            Qt.PenJoinStyle.RoundJoin))
        painter.drawPath(path)
        painter.setBrush(QColor("#1f5fa8"))
        painter.setPen(Qt.PenStyle.NoPen)
        for p, s in zip(pts, self.shares):
            if s is not None:
                painter.drawEllipse(p, 4 * unit, 4 * unit)

        # Axis labels: the Essential's number in bold, its share below.
        for i, (label, value) in enumerate(zip(self.labels, self.values)):
            p = point(i, 1.0)
            dx, dy = p.x() - centre.x(), p.y() - centre.y()
            d = math.hypot(dx, dy) or 1.0
            box = QRectF(0, 0, 80 * unit, 34 * unit)
            box.moveCenter(QPointF(p.x() + dx / d * 30 * unit, p.y() + dy / d * 24 * unit))
            font.setPixelSize(max(1, round(14 * unit)))
            font.setBold(True)
            painter.setFont(font)
            painter.setPen(QColor("#1b1f24"))
            top = QRectF(box.left(), box.top(), box.width(), box.height() / 2)
            painter.drawText(top, Qt.AlignmentFlag.AlignCenter, label)
            font.setPixelSize(max(1, round(11 * unit)))
            font.setBold(False)
            painter.setFont(font)
            painter.setPen(QColor("#5b6470"))
            painter.drawText(top.translated(0, box.height() / 2), Qt.AlignmentFlag.AlignCenter, value)
        painter.restore()
