"""Lay a :class:`~resilience_desktop.report.Report` out as an A4 PDF with Qt's PDF writer.

The text is a ``QTextDocument`` built from HTML (``report_html.py``), laid out directly on the
300 dpi ``QPdfWriter`` and painted page by page, so we can add a footer with the page number
("Page 3 of 14"). The radar chart is a vector text object (``radar_object.py``). Text is set in
DejaVu Sans, which has every Cyrillic glyph; the PDF title is set from the report (Qt writes it
as UTF-16, so Cyrillic titles survive). The file is written beside the target and moved into
place, so a reader never sees half a PDF.

Needs a ``QGuiApplication`` (fonts); :func:`ensure_gui_app` makes one for headless callers.
"""

from __future__ import annotations

__all__ = ["render_pdf", "write_report_pdf", "ensure_gui_app", "PAGE_DPI"]

import sys
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor, QFont, QGuiApplication, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen, QTextDocument,
    QTextFormat, QTextOption, QTextTable,
)

from ....atomic import atomic_target
from ....errors import ResilienceError
from ....i18n.catalog import tr
from ....i18n.language import Language
from ....report import Report, build_report
from ...results.charts.radar_painter import RINGS
from .radar_object import RadarTextObject, RADAR_OBJECT_TYPE
from .report_html import FONT_FAMILIES, MAP_URL, RADAR_PLACEHOLDER, report_html, stylesheet

PAGE_DPI = 300
#: Page margins in millimetres: left, top, right, bottom (the footer sits in the bottom one).
MARGINS_MM = (18.0, 18.0, 18.0, 20.0)
_MM_PER_INCH = 25.4

_app: QGuiApplication | None = None


def ensure_gui_app() -> QGuiApplication:
    """The running Qt application, or a new ``QGuiApplication`` (set ``QT_QPA_PLATFORM`` before)."""
    global _app
    app = QGuiApplication.instance()
    if app is None:
        _app = app = QGuiApplication(sys.argv[:1] or ["resilience-desktop"])
    return app  # type: ignore[return-value]


def a4_writer(path: Path, title: str, creator: str, *, landscape: bool = False) -> QPdfWriter:
    """A ``QPdfWriter`` for an A4 page at :data:`PAGE_DPI`, without printer margins (the
    documents draw their own), titled ``title`` (Qt writes it as UTF-16: Cyrillic survives)."""
    writer = QPdfWriter(str(path))
    writer.setResolution(PAGE_DPI)
    orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation, QMarginsF(0, 0, 0, 0)))
    writer.setTitle(title)
    writer.setCreator(creator)
    return writer


def _mm(value: float) -> float:
    return value / _MM_PER_INCH * PAGE_DPI


def _font(point_size: float) -> QFont:
    font = QFont()
    font.setFamilies(list(FONT_FAMILIES))
    font.setPointSizeF(point_size)
    if hasattr(QFont, "Tag"):  # Qt >= 6.7: no "fi"/"fl" ligatures, so searching the PDF finds "first"
        font.setFeature(QFont.Tag("liga"), 0)
    return font


def render_pdf(report: Report, path: str | Path) -> int:
    """Write ``report`` as a PDF to ``path`` (replaced atomically); return the number of pages.

    Raises
    ------
    ResilienceError
        When Qt cannot write the PDF (for example the folder is not writable).
    """
    ensure_gui_app()
    path = Path(path)
    with atomic_target(path) as tmp:
        writer = a4_writer(tmp, report.title, report.creator)
        if hasattr(writer, "setAuthor") and report.cover.team:  # Qt >= 6.8
            writer.setAuthor(report.cover.team[0])
        pages = _paint(report, writer)
        if pages == 0:
            raise ResilienceError(tr("cannot write the PDF to {path}", path=path))
    return pages


def write_report_pdf(ws, assessment_id: str, path: str | Path, *, lang: Language | str,
                     include_private: bool = False) -> tuple[Report, int]:
    """Build an assessment's report, with its map page, and write it as a PDF at ``path``.

    The one way a report is made (menu, ``report`` command, the PDF inside a bundle), so they
    never differ. Returns the report and the number of pages.
    """
    from .report_map import render_report_map  # the map renderer, only when a report is written
    with Language.of(lang).active() as language:  # this thread only: the interface keeps its language
        city_id = ws.get_assessment(assessment_id).city_id  # the map shows this assessment's city
        report = build_report(ws, assessment_id, lang=language, include_private=include_private,
                              map_image=render_report_map(ws, lang=language, city_id=city_id))
        return report, render_pdf(report, path)


def draw_document_page(painter: QPainter, doc, body: QRectF, index: int) -> None:
    """Draw page ``index`` of a paginated ``QTextDocument`` into ``body`` (shared by every PDF report)."""
    painter.save()
    painter.translate(body.left(), body.top() - index * body.height())
    # The first line of the next page starts exactly on this page's bottom edge, and the
    # layout draws lines touching the clip: without the half-pixel inset it would land in
    # the PDF's text (invisible, but found by search and copy) at the foot of this page.
    doc.drawContents(painter, QRectF(0, index * body.height() + 0.5, body.width(), body.height() - 1))
    painter.restore()


def _document(report: Report, writer: QPdfWriter, width: float, height: float) -> tuple[QTextDocument, list]:
    """The laid-out document, and the objects it needs kept alive while painting."""
    # Laid out on the writer, QTextDocument scales every CSS length (px) and image size from 96 dpi
    # to the device itself; only our own text object works in device pixels.
    scale = PAGE_DPI / 96.0
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)
    doc.setDefaultFont(_font(9.5))
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)  # long hashes and links
    doc.setDefaultTextOption(option)
    doc.setDocumentMargin(0)
    doc.setDefaultStyleSheet(stylesheet())
    keep: list = []
    map_size = (0, 0)
    if report.map_image is not None:
        image = QImage.fromData(report.map_image.png)
        if not image.isNull():
            fit = min(width / image.width(), 0.7 * height / image.height()) / scale
            map_size = (round(image.width() * fit), round(image.height() * fit))
            doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(MAP_URL), image)
    doc.setHtml(report_html(report, map_size=map_size))
    found = doc.find(RADAR_PLACEHOLDER)
    if not found.isNull():
        s = report.summary
        radar = RadarTextObject([str(e.number) for e in s.essentials], [
            None if e.percent is None else e.percent / 100 for e in s.essentials],
            [e.percent_text for e in s.essentials], size=width * 0.62, font_families=FONT_FAMILIES,
            ring_labels=[Language.of(report.lang).share(r) for r in RINGS])
        doc.documentLayout().registerHandler(RADAR_OBJECT_TYPE, radar)
        found.insertText("\ufffc", radar.char_format())
        keep.append(radar)
    doc.setPageSize(QSizeF(width, height))
    _keep_tables_together(doc, height)
    return doc, keep


def _keep_tables_together(doc: QTextDocument, page_height: float) -> None:
    """Start a table on a new page when it would break across two but fits on one.

    ``QTextDocument`` has no ``page-break-inside: avoid``; without this a question's last rows
    would sit alone on the next page, cut off from its number and topic. Tables taller than a
    page (a long action plan) break as they must, repeating their header row (``<thead>``).
    """
    layout = doc.documentLayout()
    for frame in doc.rootFrame().childFrames():
        if not isinstance(frame, QTextTable):
            continue
        doc.pageCount()  # finishes the layout changed by the previous table's page break
        rect = layout.frameBoundingRect(frame)
        bottom = rect.bottom() - frame.frameFormat().bottomMargin()
        if bottom - rect.top() >= page_height:
            continue
        if int(rect.top() // page_height) != int((bottom - 1) // page_height):
            fmt = frame.frameFormat()
            fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
            frame.setFrameFormat(fmt)


def _paint(report: Report, writer: QPdfWriter) -> int:
    page = writer.pageLayout().fullRectPixels(PAGE_DPI)
    left, top, right, bottom = (_mm(m) for m in MARGINS_MM)
    body = QRectF(left, top, page.width() - left - right, page.height() - top - bottom)
    doc, _keep = _document(report, writer, body.width(), body.height())
    count = doc.pageCount()
    painter = QPainter()
    if not painter.begin(writer):
        return 0
    try:
        footer_font = _font(7.5)
        footer_left = f"{report.cover.city} · {report.cover.assessment_title}"
        for i in range(count):
            if i:
                writer.newPage()
            draw_document_page(painter, doc, body, i)
            if i == 0:
                continue  # no footer on the cover
            y = page.height() - bottom + _mm(6)
            painter.setPen(QPen(QColor("#c8ccd2"), _mm(0.2)))
            painter.drawLine(int(body.left()), int(y), int(body.right()), int(y))
            painter.setFont(footer_font)
            painter.setPen(QColor("#5b6470"))
            line = QRectF(body.left(), y + _mm(1.5), body.width(), _mm(5))
            number = report.labels.page.format(page=i + 1, pages=count)
            painter.drawText(line, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop), number)
            room = line.adjusted(0, 0, -_mm(35), 0)
            text = painter.fontMetrics().elidedText(footer_left, Qt.TextElideMode.ElideRight, int(room.width()))
            painter.drawText(room, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), text)
    finally:
        painter.end()
    return count
