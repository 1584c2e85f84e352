"""Paints a search hit's snippet with its matched words in bold (rich text in a tree column)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

#: The item data role holding the HTML to paint (the display role keeps the plain text for screen readers).
HTML_ROLE = Qt.ItemDataRole.UserRole + 2


def snippet_html(text: str, highlights: tuple[tuple[int, int], ...]) -> str:
    """``text`` as HTML with each ``(start, end)`` range in bold.

    >>> snippet_html("a <b> flood", ((6, 11),))
    'a &lt;b&gt; <b>flood</b>'
    """
    out, at = [], 0
    for start, end in highlights:
        out += [escape(text[at:start], quote=False), "<b>", escape(text[start:end], quote=False), "</b>"]
        at = end
    return "".join(out) + escape(text[at:], quote=False)


class SnippetDelegate(QStyledItemDelegate):
    """Draws the HTML of :data:`HTML_ROLE` when an item has it, else the item as usual."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        html = index.data(HTML_ROLE)
        if not html:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = self._document(html, opt)
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        painter.save()
        painter.translate(text_rect.left(), text_rect.top() + max(0.0, (text_rect.height() - doc.size().height()) / 2))
        painter.setClipRect(QRectF(0, 0, text_rect.width(), text_rect.height()))
        ctx = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        ctx.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802 (Qt override)
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        html = index.data(HTML_ROLE)
        if html:
            doc = self._document(html, option)
            size.setHeight(max(size.height(), int(doc.size().height()) + 2))
        return size

    @staticmethod
    def _document(html: str, option: QStyleOptionViewItem) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(1)
        doc.setHtml(html)
        return doc
