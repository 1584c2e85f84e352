"""The national PDF: the report's HTML laid out on Qt's PDF writer (A4 landscape), with the map.

Like the assessment report (``ui/exchange/report/pdf_report.py``): a ``QTextDocument`` laid out
on a 300 dpi ``QPdfWriter``, painted page by page with a footer ("Page 2 of 5"), written beside
the target and moved into place. The map is :class:`NationalMapPicture` painted on an image, so
no widget (and no ``QApplication``) is needed: ``national report`` runs headless.
"""

from __future__ import annotations

__all__ = ["write_national_pdf"]

from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import QColor, QPainter, QPdfWriter, QPen, QTextDocument, QTextOption

from ...atomic import atomic_target
from ...errors import ResilienceError
from ...i18n.catalog import tr
from ...national.report_html import MAP_URL, national_html
from ..exchange.report.pdf_report import PAGE_DPI, _font, _mm, a4_writer, draw_document_page, ensure_gui_app
from ..exchange.report.report_html import stylesheet
from .map_picture import NationalMapPicture

_MARGIN_MM = 14.0


def write_national_pdf(data: dict[str, Any], path: str | Path) -> int:
    """Write the national report of ``data`` (:func:`~resilience_desktop.national.report.national_data`)
    to ``path``; return the number of pages."""
    ensure_gui_app()
    path = Path(path)
    with atomic_target(path) as tmp:
        writer = a4_writer(tmp, tr("National report"), "Resilience Desktop", landscape=True)
        pages = _paint(data, writer)
        if pages == 0:
            raise ResilienceError(tr("cannot write the PDF to {path}", path=path))
    return pages


def _document(data: dict[str, Any], writer: QPdfWriter, width: float, height: float) -> QTextDocument:
    scale = PAGE_DPI / 96.0
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)
    doc.setDefaultFont(_font(8.5))
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    doc.setDefaultTextOption(option)
    doc.setDocumentMargin(0)
    doc.setDefaultStyleSheet(stylesheet())
    picture = NationalMapPicture()
    picture.set_cities(data["cities"])
    map_size = (0, 0)
    if picture.cities:
        w, h = int(width / scale), int(0.62 * height / scale)  # CSS pixels
        picture.font = _font(9)
        picture.font.setPixelSize(12)
        image = picture.to_image(w, h, scale=3.0)  # three device pixels per CSS pixel: sharp in print
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(MAP_URL), image)
        map_size = (w, h)
    doc.setHtml(national_html(data, map_size=map_size))
    doc.setPageSize(QSizeF(width, height))
    return doc


def _paint(data: dict[str, Any], writer: QPdfWriter) -> int:
    page = writer.pageLayout().fullRectPixels(PAGE_DPI)
    m = _mm(_MARGIN_MM)
    body = QRectF(m, m, page.width() - 2 * m, page.height() - 2 * m - _mm(4))
    doc = _document(data, writer, body.width(), body.height())
    count = doc.pageCount()
    painter = QPainter()
    if not painter.begin(writer):
        return 0
    try:
        for i in range(count):
            if i:
                writer.newPage()
            draw_document_page(painter, doc, body, i)
            y = body.bottom() + _mm(3)
            painter.setPen(QPen(QColor("#c8ccd2"), _mm(0.2)))
            painter.drawLine(int(body.left()), int(y), int(body.right()), int(y))
            painter.setFont(_font(7))
            painter.setPen(QColor("#5b6470"))
            line = QRectF(body.left(), y + _mm(1), body.width(), _mm(5))
            painter.drawText(line, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop),
                             tr("Page {page} of {pages}", page=i + 1, pages=count))
            painter.drawText(line, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
                             tr("National report") + " · " + data["loaded_at"][:10])
    finally:
        painter.end()
    return count
