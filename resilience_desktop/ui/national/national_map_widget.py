"""The national map widget: the map picture on screen, with zoom, pan and click-to-select.

Wheel zooms about the cursor, dragging pans, a double click shows every city again, a click
selects the nearest city within a few pixels.
"""

from __future__ import annotations

__all__ = ["NationalMapWidget"]

from typing import Any

import numpy as np
from PySide6.QtCore import QPointF, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent, QWheelEvent
from PySide6.QtWidgets import QWidget

from ...gis.display import View
from .map_picture import NationalMapPicture


class NationalMapWidget(QWidget):
    """Cities on a map; call :meth:`set_cities` with the (filtered) rows of the cities table."""

    sig_city_clicked = Signal(str)
    """A city was clicked: its ``city_id``."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMinimumSize(320, 260)
        self.picture = NationalMapPicture()
        self._drag: QPointF | None = None
        self._moved = False

    @property
    def cities(self) -> list[dict[str, Any]]:
        return self.picture.cities

    @property
    def xy(self) -> np.ndarray:
        return self.picture.xy

    @property
    def missing(self) -> int:
        return self.picture.missing

    def set_cities(self, cities: list[dict[str, Any]]) -> None:
        self.picture.set_cities(cities)
        self.update()

    def set_selected(self, city_id: str | None) -> None:
        self.picture.selected = city_id
        self.update()

    def set_basemap(self, basemap: Any) -> None:
        self.picture.basemap = basemap
        self.update()

    def set_builtin_basemap(self, on: bool) -> None:
        """Draw the shipped Natural Earth basemap under the cities (when no tile basemap does), or not."""
        self.picture.builtin = bool(on)
        self.update()

    def view(self) -> View:
        return self.picture.fitted(self.width(), self.height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        p = QPainter(self)
        self.picture.font = self.font()
        self.picture.paint(p, self.width(), self.height())
        p.end()

    # ------------------------------------------------------------------ interaction
    def city_at(self, x: float, y: float, tolerance: float = 9) -> str | None:
        if not len(self.xy):
            return None
        px = self.view().to_pixels(self.xy)
        d = np.hypot(px[:, 0] - x, px[:, 1] - y)
        i = int(np.argmin(d))
        return self.cities[i]["city_id"] if d[i] <= tolerance else None

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt override)
        v = self.view()
        factor = 0.8 if event.angleDelta().y() > 0 else 1.25
        mx, my = v.to_map(event.position().x(), event.position().y())
        res = v.resolution * factor
        cx = mx - (event.position().x() - v.width / 2) * res
        cy = my + (event.position().y() - v.height / 2) * res
        self.picture.view = View(cx, cy, res, v.width, v.height)
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        self._drag = event.position()
        self._moved = False

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if self._drag is None:
            return
        d = event.position() - self._drag
        if abs(d.x()) + abs(d.y()) > 3 or self._moved:
            v = self.view()
            self.picture.view = View(v.cx - d.x() * v.resolution, v.cy + d.y() * v.resolution, v.resolution, v.width, v.height)
            self._drag, self._moved = event.position(), True
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if self._drag is not None and not self._moved:
            city = self.city_at(event.position().x(), event.position().y())
            if city is not None:
                self.set_selected(city)
                self.sig_city_clicked.emit(city)
        self._drag = None

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        self.picture.view = None
        self.update()
