"""The map canvas: draws a :class:`~resilience_desktop.gis.scene.Scene` and lets the user move round it.

Pan by dragging or with the arrow keys; zoom with the wheel or +/-; Shift+drag selects by
rectangle; a click identifies (and selects) the topmost feature under the cursor. The map is
rendered into a cached image only when the view or the scene changes; while panning, the
cached image is shifted (a blit), and the full render follows when the movement pauses,
which keeps every pan frame far below 16 ms however large the layers are.
"""

from __future__ import annotations

__all__ = ["MapCanvas"]

import time

import numpy as np
from PySide6.QtCore import QPoint, QPointF, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (QColor, QImage, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen, QResizeEvent,
                           QWheelEvent)
from PySide6.QtWidgets import QWidget

from ...i18n.catalog import tr
from ...gis.crs import WGS84, is_geographic, transformer
from ...gis.display import View
from ...gis.scene import Scene
from .render_png import render_image
from .renderer import BACKGROUND, render_overlay, render_selection

Bounds = tuple[float, float, float, float]
#: Zoom step of one wheel notch or one +/- key press.
ZOOM_STEP = 1.25
#: Pan step of an arrow key, as a share of the canvas size.
PAN_STEP = 0.2
#: Pixels of tolerance round the cursor when identifying.
PICK_TOLERANCE = 4
#: A press that moves less than this many pixels is a click.
CLICK_SLOP = 4


class MapCanvas(QWidget):
    sig_cursor_moved = Signal(object)
    """Emitted with ``(lon, lat)`` in WGS 84 of the cursor, or ``None`` when it is unknown."""
    sig_feature_identified = Signal(str, int)
    """Emitted with ``(layer_id, fid)`` of the feature clicked (fid ``-1``: nothing there)."""
    sig_selection_changed = Signal(object)
    """Emitted with ``{layer_id: [fid, ...]}`` after a click or rectangle selection."""
    sig_view_changed = Signal(object)
    """Emitted with the new :class:`View` after a pan or zoom."""
    sig_measured = Signal(str)
    """Emitted with the measure tool's text (distance, area) after each click."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumSize(200, 150)
        self.setAccessibleName(tr("Map"))
        self.scene = Scene("EPSG:4326", [])
        self.view = View(0.0, 0.0, 1.0, max(self.width(), 1), max(self.height(), 1))
        self.selection: dict[str, np.ndarray] = {}
        self._image: QImage | None = None
        self._image_view: View | None = None
        self._drag_start: QPoint | None = None
        self._drag_last: QPoint | None = None
        self._rubber: QRect | None = None
        self._has_view = False
        #: The extent the view was last fitted to, refitted on resize until the user moves the map.
        self._fit_bounds: Bounds | None = None
        #: The measure tool while it is on (clicks add points instead of identifying).
        self.measure = None
        self.last_render_ms = 0.0
        self.last_paint_ms = 0.0
        self._render_timer = QTimer(self, singleShot=True, interval=60)
        self._render_timer.timeout.connect(self._render_now)

    # ------------------------------------------------------------------ the model
    def set_scene(self, scene: Scene, *, keep_view: bool = True) -> None:
        """Show ``scene``; the first scene (or ``keep_view=False``) zooms to its full extent."""
        crs_changed = scene.crs != self.scene.crs
        self.scene = scene
        if crs_changed and self.measure is not None:
            self.set_measuring(True)
        live = {layer.id for layer in scene.layers}
        self.selection = {k: v for k, v in self.selection.items() if k in live}
        if not (keep_view and self._has_view) or crs_changed:
            self.zoom_to_full_extent()
        else:
            self._invalidate()

    #: A hazard zone and its features (map CRS) drawn above the layers: "Show on map" of a scenario.
    overlay: tuple[np.ndarray, np.ndarray] | None = None

    def set_overlay(self, zones: np.ndarray | None, features: np.ndarray | None = None) -> None:
        """Draw ``zones`` filled and ``features`` outlined above the layers (``None`` clears)."""
        self.overlay = None if zones is None else (zones, features if features is not None else zones[:0])

    def set_measuring(self, on: bool) -> None:
        """Switch the measure tool on (clicks measure) or off (clicks identify)."""
        from .measure_tool import MeasureTool
        self.measure = MeasureTool(self.scene.crs) if on else None
        self.sig_measured.emit(self.measure.text() if on else "")
        self.update()

    def set_selection(self, selection: dict[str, np.ndarray | list[int]]) -> None:
        self.selection = {k: np.asarray(v, dtype=np.int64) for k, v in selection.items() if len(v)}
        self.update()
        self.sig_selection_changed.emit({k: v.tolist() for k, v in self.selection.items()})

    # ------------------------------------------------------------------ zooming
    def set_view(self, view: View, *, fit: Bounds | None = None) -> None:
        self._fit_bounds = fit
        self.view = view.resized(max(self.width(), 1), max(self.height(), 1))
        self._has_view = True
        self._invalidate()
        self.sig_view_changed.emit(self.view)

    def zoom_to(self, bounds: Bounds | None) -> None:
        if bounds is None:
            return
        self.set_view(View.fit(bounds, max(self.width(), 1), max(self.height(), 1)), fit=bounds)

    def zoom_to_full_extent(self) -> None:
        self.zoom_to(self.scene.extent or (-1.0, -1.0, 1.0, 1.0))

    def zoom_to_layer(self, layer_id: str) -> None:
        layer = next((x for x in self.scene.layers if x.id == layer_id), None)
        if layer is not None:
            self.zoom_to(layer.extent)

    def zoom_to_selection(self) -> None:
        boxes = [self._layer(lid).bounds[fids] for lid, fids in self.selection.items() if self._layer(lid) is not None]
        if boxes:
            b = np.concatenate(boxes)
            b = b[np.isfinite(b[:, 0])]
            if len(b):
                x0, y0, x1, y1 = b[:, 0].min(), b[:, 1].min(), b[:, 2].max(), b[:, 3].max()
                # A quarter of the selection's size around it; one point (no size) keeps the scale shown.
                size = max(x1 - x0, y1 - y0)
                pad = size * 0.25 if size > 0 else 50 * self.view.resolution
                self.zoom_to((x0 - pad, y0 - pad, x1 + pad, y1 + pad))

    def zoom_by(self, factor: float, at: QPointF | None = None) -> None:
        p = at if at is not None else QPointF(self.width() / 2, self.height() / 2)
        self.set_view(self.view.zoomed(factor, p.x(), p.y()))

    def pan_by(self, dx: float, dy: float) -> None:
        """Move the map content by ``(dx, dy)`` pixels (shown at once by shifting the cached image)."""
        self.view = self.view.panned(dx, dy)
        self._has_view = True
        self._fit_bounds = None
        self.update()
        self._render_timer.start()
        self.sig_view_changed.emit(self.view)

    def _layer(self, layer_id: str):
        return next((x for x in self.scene.layers if x.id == layer_id), None)

    # ------------------------------------------------------------------ rendering
    def _invalidate(self) -> None:
        self._image = None
        self._render_timer.stop()
        self.update()

    def _render_now(self) -> None:
        t = time.perf_counter()
        size = QSize(max(self.width(), 1), max(self.height(), 1))
        image = QImage(size, QImage.Format.Format_RGB32)
        view = self.view.resized(size.width(), size.height())
        render_image(image, self.scene, view)
        self._image, self._image_view = image, view
        self.last_render_ms = (time.perf_counter() - t) * 1000
        self.update()

    def render_to_image(self) -> QImage:
        """The map as shown (for tests and export)."""
        self._render_now()
        assert self._image is not None
        return self._image.copy()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        t = time.perf_counter()
        if self._image is None:
            self._render_now()
        painter = QPainter(self)
        try:
            assert self._image is not None and self._image_view is not None
            iv, v = self._image_view, self.view
            if iv.resolution == v.resolution:
                # Pan in progress: shift the last render; the fresh one follows on the timer.
                dx = (iv.cx - v.cx) / v.resolution
                dy = (v.cy - iv.cy) / v.resolution
                if dx or dy:
                    painter.fillRect(self.rect(), QColor(BACKGROUND))
                painter.drawImage(QPointF(dx, dy), self._image)
            else:
                painter.fillRect(self.rect(), QColor(BACKGROUND))
                painter.drawImage(self.rect(), self._image)
            if self.overlay is not None:
                render_overlay(painter, self.overlay[0], self.overlay[1], v)
            if self.selection:
                geoms = [self._layer(lid).geometries[fids] for lid, fids in self.selection.items()
                         if self._layer(lid) is not None]
                if geoms:
                    render_selection(painter, np.concatenate(geoms), v)
            if self.measure is not None:
                self.measure.paint(painter, v)
            if self._rubber is not None:
                painter.setPen(QPen(QColor("#1f5fbf"), 1, Qt.PenStyle.DashLine))
                painter.setBrush(QColor(31, 95, 191, 40))
                painter.drawRect(self._rubber)
        finally:
            painter.end()
        self.last_paint_ms = (time.perf_counter() - t) * 1000

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        if not self._has_view:
            self.view = self.view.resized(max(self.width(), 1), max(self.height(), 1))
            self.zoom_to_full_extent()
        elif self._fit_bounds is not None:
            self.zoom_to(self._fit_bounds)
        else:
            self.view = self.view.resized(max(self.width(), 1), max(self.height(), 1))
            self._invalidate()
        super().resizeEvent(event)

    # ------------------------------------------------------------------ identify and select
    def features_at(self, pos: QPointF) -> tuple[str, int] | None:
        """The topmost feature within a few pixels of ``pos``: ``(layer_id, fid)``."""
        x, y = self.view.to_map(pos.x(), pos.y())
        tol = PICK_TOLERANCE * self.view.resolution
        for layer in reversed(self.scene.layers):
            hits = layer.query((0, 0, 0, 0), at=(x, y), tolerance=tol)
            if len(hits):
                return layer.id, int(hits[-1])
        return None

    def select_rect(self, rect: QRect) -> None:
        x0, y0 = self.view.to_map(rect.left(), rect.bottom())
        x1, y1 = self.view.to_map(rect.right(), rect.top())
        self.set_selection({layer.id: layer.query((x0, y0, x1, y1)) for layer in self.scene.layers})

    # ------------------------------------------------------------------ input
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag_start = self._drag_last = event.position().toPoint()
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self._rubber = QRect(self._drag_start, QSize(0, 0))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        pos = event.position().toPoint()
        self._emit_cursor(event.position())
        if self._drag_start is None:
            return
        if self._rubber is not None:
            self._rubber = QRect(self._drag_start, pos).normalized()
            self.update()
            return
        assert self._drag_last is not None
        delta = pos - self._drag_last
        self._drag_last = pos
        if delta.x() or delta.y():
            self.pan_by(delta.x(), delta.y())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton or self._drag_start is None:
            return
        pos = event.position().toPoint()
        moved = (pos - self._drag_start).manhattanLength()
        if self._rubber is not None:
            rect, self._rubber = self._rubber, None
            if moved > CLICK_SLOP:
                self.select_rect(rect)
            self.update()
        elif moved <= CLICK_SLOP and self.measure is not None:
            self.measure.add(*self.view.to_map(event.position().x(), event.position().y()))
            self.sig_measured.emit(self.measure.text())
            self.update()
        elif moved <= CLICK_SLOP:
            hit = self.features_at(event.position())
            if hit is None:
                self.set_selection({})
                self.sig_feature_identified.emit("", -1)
            else:
                self.set_selection({hit[0]: [hit[1]]})
                self.sig_feature_identified.emit(hit[0], hit[1])
        else:
            self._render_timer.start(0)
        self._drag_start = self._drag_last = None

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(ZOOM_STEP ** steps, event.position())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        w, h = self.width() * PAN_STEP, self.height() * PAN_STEP
        moves = {Qt.Key.Key_Left: (w, 0), Qt.Key.Key_Right: (-w, 0), Qt.Key.Key_Up: (0, h), Qt.Key.Key_Down: (0, -h)}
        if key in moves:
            self.pan_by(*moves[key])
            self._render_timer.start(0)
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(ZOOM_STEP)
        elif key == Qt.Key.Key_Minus:
            self.zoom_by(1 / ZOOM_STEP)
        elif key == Qt.Key.Key_Home:
            self.zoom_to_full_extent()
        elif key == Qt.Key.Key_Escape:
            if self.measure is not None:
                self.measure.clear()
                self.sig_measured.emit(self.measure.text())
                self.update()
            self.set_selection({})
        else:
            super().keyPressEvent(event)

    def _emit_cursor(self, pos: QPointF) -> None:
        x, y = self.view.to_map(pos.x(), pos.y())
        try:
            lon, lat = (x, y) if is_geographic(self.scene.crs) else transformer(self.scene.crs, WGS84).transform(x, y)
        except Exception:  # outside the CRS's area: no coordinates to show
            self.sig_cursor_moved.emit(None)
            return
        self.sig_cursor_moved.emit((lon, lat) if np.isfinite(lon) and np.isfinite(lat) else None)
