"""Drawing labels placed by :func:`resilience_desktop.gis.labels.place_labels`, with a halo."""

from __future__ import annotations

__all__ = ["draw_labels"]

from typing import Sequence

import numpy as np
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen

from ...gis.display import View
from ...gis.labels import LabelSpec, PlacedLabel, place_labels


def _font(base: QFont, size: float) -> QFont:
    font = QFont(base)
    font.setPixelSize(max(6, int(round(size))))
    return font


def draw_labels(painter: QPainter, specs: Sequence[LabelSpec], view: View,
                blocked: Sequence[tuple[float, float, float, float]] = ()) -> list[PlacedLabel]:
    """Place and draw the labels of ``specs`` (bottom layer first: later ones win); return those drawn."""
    shown = [s for s in specs if s is not None and view.resolution <= s.max_resolution and len(s.texts)]
    if not shown:
        return []
    base = painter.font()
    metrics: dict[float, QFontMetricsF] = {}

    def measure(text: str, size: float) -> tuple[float, float]:
        m = metrics.get(size)
        if m is None:
            m = metrics[size] = QFontMetricsF(_font(base, size))
        return m.horizontalAdvance(text), m.height()

    pairs = []
    for spec in shown:
        px = np.full_like(spec.anchors, np.nan)
        ok = np.isfinite(spec.anchors).all(axis=1)
        if ok.any():
            px[ok] = view.to_pixels(spec.anchors[ok])
        pairs.append((spec, px))
    placed = place_labels(pairs, measure, view.width, view.height, blocked=blocked)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    for label in placed:
        font = _font(base, label.size)
        m = metrics[label.size]
        origin = QPointF(label.x, label.y + m.ascent())
        if label.halo:
            path = QPainterPath()
            path.addText(origin, font, label.text)
            halo = QPen(QColor(255, 255, 255, 220), max(2.0, label.size / 4))
            halo.setJoinStyle(QPen().joinStyle().RoundJoin)
            painter.strokePath(path, halo)
            painter.fillPath(path, QColor(label.colour))
        else:
            painter.setFont(font)
            painter.setPen(QColor(label.colour))
            painter.drawText(origin, label.text)
    painter.restore()
    return placed
