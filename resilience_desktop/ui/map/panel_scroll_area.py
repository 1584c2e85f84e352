"""The map's side panel in a scroll area that scrolls only when the window is too small for it."""

from __future__ import annotations

__all__ = ["PanelScrollArea"]

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

from ...i18n.catalog import tr


class PanelScrollArea(QScrollArea):
    """Holds ``widget`` at the viewport's size, or at its minimum height when the viewport is smaller.

    QScrollArea's own ``widgetResizable`` gives a widget with word-wrapped labels its *preferred*
    height for the width and so scrolls even when everything would fit; here the rows keep their
    minimum heights at 1280x720 (scrolling) and share the room the window has (no scroll bar).
    """

    def __init__(self, widget: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(widget)
        self.setAccessibleName(tr("Map layers and their styles"))
        widget.installEventFilter(self)
        self.setMinimumWidth(widget.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width())

    def fit(self) -> None:
        """Size the widget to the viewport's width and the larger of its height and the widget's minimum."""
        widget = self.widget()
        if widget is None:
            return
        view = self.viewport().size()
        least = widget.minimumSizeHint().height()
        if widget.hasHeightForWidth():  # word-wrapped labels need more height when the panel is narrow
            least = max(least, widget.heightForWidth(view.width()))
        height = max(view.height(), least)
        if widget.size().width() != view.width() or widget.size().height() != height:
            widget.resize(view.width(), height)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return super().viewportEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.fit()
        return super().eventFilter(watched, event)
