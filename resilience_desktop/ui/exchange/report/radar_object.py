"""The report's radar chart: a vector drawing placed in a ``QTextDocument`` like a character.

A ``QTextObjectInterface`` handler draws with QPainter straight into whatever the document is
painted on; on a ``QPdfWriter`` that is PDF vector paths and text, sharp at any zoom (a picture
resource would be a bitmap). The drawing is the dashboard's own
(:func:`~resilience_desktop.ui.results.charts.radar_painter.paint_radar`) in the print style.

The handler derives from ``QPyTextObject``: PySide's stand-in for ``QObject`` +
``QTextObjectInterface`` with ``Q_INTERFACES``. A Python class inheriting both itself is not
recognised by ``registerHandler`` (nothing is drawn, silently).
"""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import QObject, QRectF, QSizeF
from PySide6.QtGui import QPainter, QPyTextObject, QTextCharFormat, QTextDocument, QTextFormat

from ...results.charts.chart_style import PRINT
from ...results.charts.radar_painter import RINGS, RadarData, RadarSeries, paint_radar

#: The object type the handler is registered for in a document.
RADAR_OBJECT_TYPE = QTextFormat.ObjectTypes.UserObject + 1
#: The chart is designed on a square this many units wide (the print style's sizes are in them).
DESIGN_WIDTH = 400.0


class RadarTextObject(QPyTextObject):
    """Draws a radar of ``shares`` (0..1, or ``None`` for an Essential that is all N/A).

    ``labels`` name the axes (Essential numbers), ``values`` are printed under them
    (the percentages), ``ring_labels`` beside the 25/50/75/100 % rings (in the report's
    language); ``size`` is the chart's width in the document's units.
    """

    def __init__(self, labels: Sequence[str], shares: Sequence[float | None], values: Sequence[str],
                 size: float, font_families: Sequence[str], ring_labels: Sequence[str] = (),
                 parent: QObject | None = None):
        super().__init__(parent)
        self.size = size
        if ring_labels and len(ring_labels) != len(RINGS):
            raise ValueError(f"{len(ring_labels)} ring labels for {len(RINGS)} rings")
        self.data = RadarData(tuple(labels), (RadarSeries("current", "", tuple(shares)),), tuple(values),
                              tuple(ring_labels), font_families=tuple(font_families))

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
        unit = rect.width() / DESIGN_WIDTH
        paint_radar(painter, rect, self.data, PRINT, px=unit, pt=unit)
