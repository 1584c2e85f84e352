"""Save a chart as PNG (for slides) or SVG (for print and editing)."""

from __future__ import annotations

from pathlib import Path

import pyqtgraph as pg
import pyqtgraph.exporters as pg_exporters
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QWidget

from ....i18n.catalog import tr

FORMATS = (".png", ".svg")
PNG_SCALE = 2  # twice the on-screen size: sharp on a slide or in a printed report


def export_chart(chart: QWidget, path: str | Path, *, title: str = "") -> Path:
    """Write ``chart`` to ``path``; the format follows the suffix (``.png`` or ``.svg``).

    Raises ``ValueError`` for another suffix and ``OSError`` when the file cannot be written.
    """
    path = Path(path)
    from ....safety.targets import check_output_target
    check_output_target(path)  # never over a workspace or a national store
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(tr("charts are saved as PNG or SVG, not {suffix!r}", suffix=path.suffix))
    if suffix == ".png" and not isinstance(chart, pg.PlotWidget):
        _export_png(chart, path)  # a chart that paints itself (the radar): drawn again at PNG_SCALE
    elif suffix == ".png":
        exporter = pg_exporters.ImageExporter(chart.getPlotItem())
        exporter.parameters()["width"] = int(chart.width() * PNG_SCALE)
        exporter.export(str(path))
    else:
        _export_svg(chart, path, title)
    if not path.exists() or path.stat().st_size == 0:
        raise OSError(tr("cannot write {path}", path=path))
    return path


def _export_png(chart: QWidget, path: Path) -> None:
    image = QImage(chart.width() * PNG_SCALE, chart.height() * PNG_SCALE, QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(PNG_SCALE)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    try:
        _render(chart, painter)
    finally:
        painter.end()
    if not image.save(str(path), "PNG"):
        raise OSError(tr("cannot write {path}", path=path))


def _export_svg(chart: QWidget, path: Path, title: str) -> None:
    if isinstance(chart, pg.PlotWidget):
        try:
            pg_exporters.SVGExporter(chart.getPlotItem()).export(str(path))
            return
        except ValueError:
            # pyqtgraph <= 0.14 cannot parse closed paths ("... Z") that Qt >= 6.10 writes
            # (pyqtgraph issue #3495). Qt's own SVG generator draws the same scene as vectors.
            path.unlink(missing_ok=True)
    size = chart.size()
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(QSize(size.width(), size.height()))
    generator.setViewBox(QRect(0, 0, size.width(), size.height()))
    generator.setTitle(title or "Resilience Desktop")
    generator.setDescription(tr("Chart exported from Resilience Desktop"))
    painter = QPainter(generator)
    try:
        _render(chart, painter)
    finally:
        painter.end()


def _render(chart: QWidget, painter: QPainter) -> None:
    if isinstance(chart, pg.PlotWidget):
        chart.render(painter)  # QGraphicsView.render: the scene, fitted to the painter's device
    else:
        chart.render(painter, QPoint())  # QWidget.render: the widget paints itself
