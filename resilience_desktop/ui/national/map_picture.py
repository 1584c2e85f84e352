"""Drawing the national map: cities as points coloured by overall score, labels, a legend, a graticule.

Points are drawn in Web Mercator (so an offline MBTiles basemap fits under them), over a
graticule when there is no basemap. A label goes right of its point, or left of it when it would
leave the map or overlap an earlier label there; one that fits on neither side is skipped (the
selected city is labelled first, then the others in table order). Used by the map
widget and, on a ``QImage``, by the national PDF report (no widget needed there).
"""

from __future__ import annotations

__all__ = ["NationalMapPicture"]

import math
from typing import Any

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPen

from ...gis.crs import transformer
from ...gis.display import View
from ...i18n.catalog import current, tr
from ..theme import score_colour

_NO_SCORE = "#95a5a6"
_MERCATOR = "EPSG:3857"


class NationalMapPicture:
    """The cities and the current view; :meth:`paint` draws them on any ``QPainter``."""

    def __init__(self) -> None:
        self.cities: list[dict[str, Any]] = []
        self.xy = np.empty((0, 2))
        self.missing = 0
        self.selected: str | None = None
        self.basemap: Any = None  # an open gis.mbtiles.MBTiles, or None
        self.builtin = True  # the shipped Natural Earth basemap when no tile basemap draws
        self.view: View | None = None
        self.font = QFont()
        self.labels: list[tuple[str, QRectF]] = []
        """The labels drawn by the last :meth:`paint`: text and box in pixels."""
        self.legend: list[str] = []
        """The legend's lines drawn by the last :meth:`paint`, title first."""

    def set_cities(self, cities: list[dict[str, Any]]) -> None:
        """Show these cities (those without coordinates are counted in the legend, not drawn)."""
        self.cities = [c for c in cities if c.get("lon") is not None and c.get("lat") is not None]
        self.missing = len(cities) - len(self.cities)
        if self.cities:
            lon = np.array([c["lon"] for c in self.cities], dtype=float)
            lat = np.clip(np.array([c["lat"] for c in self.cities], dtype=float), -85, 85)
            x, y = transformer("EPSG:4326", _MERCATOR).transform(lon, lat)
            self.xy = np.column_stack([x, y])
        else:
            self.xy = np.empty((0, 2))
        self.view = None

    def fitted(self, width: int, height: int) -> View:
        """The current view, or every city in view when there is none yet (or the size changed)."""
        if self.view is None or (self.view.width, self.view.height) != (width, height):
            if len(self.xy):
                x0, y0 = self.xy.min(axis=0)
                x1, y1 = self.xy.max(axis=0)
                pad = max(x1 - x0, y1 - y0, 20_000) * 0.08
                self.view = View.fit((x0 - pad, y0 - pad, x1 + pad, y1 + pad), width, height)
            else:
                self.view = View.fit((-2e6, -1e6, 2e6, 1e6), width, height)
        return self.view

    def to_image(self, width: int, height: int, scale: float = 1.0) -> QImage:
        """The map alone as an image of ``width`` × ``height`` logical pixels, ``scale`` device pixels each."""
        image = QImage(round(width * scale), round(height * scale), QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        p = QPainter(image)
        p.scale(scale, scale)
        self.paint(p, width, height)
        p.end()
        return image

    def paint(self, p: QPainter, width: int, height: int) -> None:
        p.fillRect(QRectF(0, 0, width, height), QColor("#eef3f7"))
        view = self.fitted(width, height)
        if not self.cities:  # nothing to place: say so, rather than a basemap of the sea off 0°, 0°
            p.setPen(QColor("#5d6d7e"))
            text = tr("No city with coordinates to show.")
            p.drawText(QRectF(20, 0, width - 40, height), int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                       text)
            self.labels = []
            self._legend(p, width, height)
            return
        drawn_basemap = 0
        if self.basemap is not None:
            from ..map.basemap import render_basemap
            drawn_basemap = render_basemap(p, self.basemap, _MERCATOR, view)
        if not drawn_basemap:
            if self.builtin:
                self._builtin_basemap(p, view)
            self._graticule(p, view)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        px = view.to_pixels(self.xy) if len(self.xy) else np.empty((0, 2))
        radius = 7 if len(self.cities) <= 200 else 4
        order = sorted(range(len(self.cities)), key=lambda i: self.cities[i]["city_id"] == self.selected)
        for i in order:
            c = self.cities[i]
            share = c["overall_percent"]
            colour = QColor(_NO_SCORE if share is None else score_colour(share / 100))
            sel = c["city_id"] == self.selected
            p.setPen(QPen(QColor("#1f5fa8" if sel else "#2c3e50"), 3 if sel else 1))
            p.setBrush(colour)
            r = radius + (3 if sel else 0)
            p.drawEllipse(QPointF(px[i, 0], px[i, 1]), r, r)
            if share is None:  # the "no answers" mark: a cross through the grey point
                p.drawLine(QPointF(px[i, 0] - r, px[i, 1] - r), QPointF(px[i, 0] + r, px[i, 1] + r))
        self._labels(p, px, radius, width, height)
        self._legend(p, width, height)

    def _builtin_basemap(self, p: QPainter, view: View) -> None:
        """The shipped Natural Earth basemap (issue 14) under the cities, when no tile basemap is set."""
        try:
            from ...gis.basemap import basemap_layers
            from ..map.renderer import render_layers
            render_layers(p, basemap_layers(_MERCATOR, places=False), view)
        except Exception:  # a missing or damaged resource: the graticule alone still orients
            return

    def _graticule(self, p: QPainter, view: View) -> None:
        x0, y0, x1, y1 = view.bounds
        inv = transformer(_MERCATOR, "EPSG:4326")
        lon0, lat0 = inv.transform(x0, max(y0, -2e7))
        lon1, lat1 = inv.transform(x1, min(y1, 2e7))
        span = max(lon1 - lon0, 1e-6)
        step = next(s for s in (0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60) if span / s <= 12)
        fwd = transformer("EPSG:4326", _MERCATOR)
        p.setPen(QPen(QColor("#c9d6e2"), 1))
        f = QFont(self.font)
        f.setPointSizeF(8)
        p.setFont(f)
        lon = math.floor(lon0 / step) * step
        while lon <= lon1:
            x, _ = fwd.transform(lon, 0)
            sx = view.to_pixels(np.array([[x, 0.0]]))[0, 0]
            p.drawLine(QPointF(sx, 0), QPointF(sx, view.height))
            p.drawText(QPointF(sx + 2, view.height - 4), f"{lon:g}°")
            lon += step
        lat = math.floor(lat0 / step) * step
        while lat <= lat1:
            _, y = fwd.transform(0, max(min(lat, 85), -85))
            sy = view.to_pixels(np.array([[0.0, y]]))[0, 1]
            p.drawLine(QPointF(0, sy), QPointF(view.width, sy))
            p.drawText(QPointF(2, sy - 2), f"{lat:g}°")
            lat += step

    def _labels(self, p: QPainter, px: np.ndarray, radius: int, width: int, height: int) -> None:
        f = QFont(self.font)
        f.setPointSizeF(9)
        p.setFont(f)
        fm = QFontMetrics(f)
        taken: list[QRectF] = []
        area = QRectF(0, 0, width, height)
        self.labels = []
        first = [i for i, c in enumerate(self.cities) if c["city_id"] == self.selected]
        for i in first + [i for i in range(len(self.cities)) if i not in first]:
            c = self.cities[i]
            text = c["name"] + ("" if c["overall_percent"] is None else " " + current().percent(c["overall_percent"], 0))
            w = fm.horizontalAdvance(text) + 4
            top = px[i, 1] - fm.height() / 2
            # right of the point, else left of it (a city near the east edge keeps its label)
            box = next((b for b in (QRectF(px[i, 0] + radius + 3, top, w, fm.height()),
                                    QRectF(px[i, 0] - radius - 3 - w, top, w, fm.height()))
                        if area.contains(b) and not any(b.intersects(t) for t in taken)), None)
            if box is None:
                continue
            taken.append(box)
            self.labels.append((text, box))
            p.fillRect(box, QColor(255, 255, 255, 200))
            p.setPen(QColor("#1c2833"))
            p.drawText(box.adjusted(2, 0, 0, 0), int(Qt.AlignmentFlag.AlignVCenter), text)

    def _legend(self, p: QPainter, width: int, height: int) -> None:
        f = QFont(self.font)
        f.setPointSizeF(9)
        p.setFont(f)
        fm = QFontMetrics(f)
        # the dashboard's classes: thirds of the maximum, green only for the full score
        pct = current().percent  # "33%", "33 %": the language's way, as in the table
        items = [(score_colour(0.0), f"0–{pct(33, 0)}"), (score_colour(0.34), f"33–{pct(67, 0)}"),
                 (score_colour(0.7), f"67–{pct(99, 0)}"), (score_colour(1.0), pct(100, 0))]
        items.append((_NO_SCORE, tr("no answers")))
        title = tr("Overall score")
        lines = [title] + [t for _c, t in items]
        if self.missing:
            lines.append(tr("{n} without coordinates", n=self.missing))
        self.legend = lines
        w = max(fm.horizontalAdvance(t) for t in lines) + 34
        h = fm.height() * len(lines) + 12
        box = QRectF(width - w - 10, height - h - 10, w, h)
        p.setPen(QPen(QColor("#95a5a6"), 1))
        p.setBrush(QColor(255, 255, 255, 230))
        p.drawRoundedRect(box, 4, 4)
        y = box.top() + 6
        p.setPen(QColor("#1c2833"))
        p.drawText(QPointF(box.left() + 8, y + fm.ascent()), title)
        for colour, text in items:
            y += fm.height()
            p.setBrush(QColor(colour))
            p.setPen(QPen(QColor("#2c3e50"), 1))
            p.drawEllipse(QPointF(box.left() + 14, y + fm.height() / 2), 5, 5)
            if colour == _NO_SCORE:  # the same cross as on the map's points
                p.drawLine(QPointF(box.left() + 9, y + fm.height() / 2 - 5), QPointF(box.left() + 19, y + fm.height() / 2 + 5))
            p.setPen(QColor("#1c2833"))
            p.drawText(QPointF(box.left() + 26, y + fm.ascent()), text)
        if self.missing:
            p.setPen(QColor("#7f8c8d"))
            p.drawText(QPointF(box.left() + 8, y + fm.height() + fm.ascent()), lines[-1])
