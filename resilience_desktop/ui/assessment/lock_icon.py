"""A padlock drawn with QPainter (closed: private; open: shared), so it looks the same on every
platform and needs no font glyph or image file."""

from __future__ import annotations

__all__ = ["lock_icon"]

from functools import lru_cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap


@lru_cache(maxsize=None)
def _pixmap(closed: bool, size: int, color: str) -> QPixmap:
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    ink = QColor(color)
    p.setPen(QPen(ink, max(1.5, size / 10)))
    shackle = QPainterPath()
    w = size * 0.5
    left = (size - w) / 2 if closed else size * 0.12
    shackle.arcMoveTo(QRectF(left, size * 0.08, w, size * 0.6), 0)
    shackle.arcTo(QRectF(left, size * 0.08, w, size * 0.6), 0, 180)
    p.drawPath(shackle)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(ink)
    p.drawRoundedRect(QRectF(size * 0.16, size * 0.42, size * 0.68, size * 0.5), size * 0.08, size * 0.08)
    p.end()
    return pm


def lock_icon(closed: bool, color: str = "#5b6472", size: int = 32) -> QIcon:
    """A padlock icon: closed for private text, open for text everyone may see."""
    return QIcon(_pixmap(closed, size, color))
