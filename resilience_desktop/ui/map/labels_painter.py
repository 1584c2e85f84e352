"""Drawing labels placed by :func:`resilience_desktop.gis.labels.place_labels`, with a halo."""

from __future__ import annotations

__all__ = ["draw_labels"]

import math
from typing import Sequence

import numpy as np
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter

from ...gis.display import View
from ...gis.labels import LabelSpec, PlacedLabel, place_labels


#: Directions the halo is drawn in (unit circle, eight points).
_HALO_OFFSETS = [(math.cos(a), math.sin(a)) for a in (i * math.pi / 4 for i in range(8))]


def _font(base: QFont, size: float, italic: bool = False) -> QFont:
    font = QFont(base)
    font.setPixelSize(max(6, int(round(size))))
    font.setItalic(italic)
    return font


def draw_labels(painter: QPainter, specs: Sequence[LabelSpec], view: View,
                blocked: Sequence[tuple[float, float, float, float]] = ()) -> list[PlacedLabel]:
    """Place and draw the labels of ``specs`` (bottom layer first: later ones win); return those drawn."""
    shown = [s for s in specs if s is not None and s.shown_at(view.resolution) and len(s.texts)]
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
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    halo_colour = QColor(255, 255, 255, 235)
    for label in placed:
        painter.setFont(_font(base, label.size, label.italic))
        m = metrics[label.size]
        x, y = label.x, label.y + m.ascent()
        if label.halo:
            # the halo: the text drawn round itself in white (glyphs are cached: far cheaper than
            # stroking the outline path of every label)
            r = max(1.0, label.size / 7)
            painter.setPen(halo_colour)
            for dx, dy in _HALO_OFFSETS:
                painter.drawText(QPointF(x + dx * r, y + dy * r), label.text)
        painter.setPen(QColor(label.colour))
        painter.drawText(QPointF(x, y), label.text)
    painter.restore()
    return placed
