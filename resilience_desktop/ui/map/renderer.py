"""Drawing prepared layers with QPainter: the one renderer of the canvas and of ``map render``.

Level of detail, per layer and frame (see :meth:`DisplayLayer.frame`): features outside the
view are culled by a vectorized bounding-box test; features smaller than a pixel become
one-pixel specks; vertices that fall on the same half-pixel are dropped; everything of one
colour is batched into one ``QPainterPath`` (or one ``QPolygonF`` of points) built from numpy
in one call. Dense layers are drawn without antialiasing, where it costs the most and shows
the least.
"""

from __future__ import annotations

__all__ = ["render_layers", "render_selection", "RenderStats", "DENSE", "BACKGROUND"]

from dataclasses import dataclass

import numpy as np
import shapely
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen

from ...gis.display import DisplayLayer, View
from .qt_arrays import path_from_arrays, polygon_from_xy

#: Above this many drawn parts a layer is drawn without antialiasing.
DENSE = 4_000
#: Above this many drawn polygons their outlines are left out (the fill says enough).
OUTLINE_LIMIT = 20_000
BACKGROUND = "#f4f3ef"
SELECTION = "#ffd400"


@dataclass
class RenderStats:
    polygons: int = 0
    lines: int = 0
    points: int = 0
    labels: int = 0


def _fill(colour: str, alpha: int = 190) -> QColor:
    c = QColor(colour)
    c.setAlpha(alpha)
    return c


def _outline(colour: str, outline: str | None = None) -> QPen:
    pen = QPen(QColor(outline) if outline else QColor(colour).darker(140))
    pen.setCosmetic(True)
    pen.setWidthF(0)
    return pen


def render_layers(painter: QPainter, layers: list[DisplayLayer], view: View) -> RenderStats:
    """Draw ``layers`` (bottom first) into ``painter`` for ``view``."""
    stats = RenderStats()
    for layer in layers:
        if view.resolution > layer.max_resolution:
            continue
        frame = layer.frame(view)
        stats.polygons += frame.polygon_count
        stats.lines += frame.line_count
        stats.points += frame.point_count
        painter.save()
        painter.setOpacity(layer.opacity)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, frame.polygon_count < DENSE)
        for ci, xy, start in frame.polygons:
            colour = layer.colours[ci]
            painter.setBrush(QBrush(_fill(colour, layer.fill_alpha)))
            painter.setPen(_outline(colour, layer.outline) if frame.polygon_count < OUTLINE_LIMIT else Qt.PenStyle.NoPen)
            painter.drawPath(path_from_arrays(xy, start))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, frame.line_count < DENSE)
        for ci, xy, start in frame.lines:
            pen = QPen(QColor(layer.colours[ci]), layer.line_width)
            pen.setCosmetic(True)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            painter.drawPath(path_from_arrays(xy, start))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for ci, xy in frame.specks:
            pen = QPen(QColor(layer.colours[ci]).darker(115), 2)
            pen.setCapStyle(Qt.PenCapStyle.SquareCap)
            painter.setPen(pen)
            painter.drawPoints(polygon_from_xy(xy))
        dense_points = sum(len(xy) for _c, xy in frame.points) > DENSE
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, not dense_points)
        for ci, xy in frame.points:
            # A dark ring under the coloured dot keeps points readable on a light fill, a white halo around it
            # on a dark one: blue points vanished on a dark blue flood raster (a GIS analyst's trial).
            size = layer.sizes[ci] if layer.sizes else layer.point_size
            halo = QPen(QColor("#ffffff"), size + 4)
            halo.setCapStyle(Qt.PenCapStyle.RoundCap)
            ring = QPen(QColor("#303030"), size + 2)
            ring.setCapStyle(Qt.PenCapStyle.RoundCap)
            dot = QPen(QColor(layer.colours[ci]), size)
            dot.setCapStyle(Qt.PenCapStyle.RoundCap)
            poly = polygon_from_xy(xy)
            if not dense_points:
                painter.setPen(halo)
                painter.drawPoints(poly)
                painter.setPen(ring)
                painter.drawPoints(poly)
            painter.setPen(dot)
            painter.drawPoints(poly)
        painter.restore()
    return stats


def render_selection(painter: QPainter, geometries: np.ndarray, view: View) -> None:
    """Outline the selected features (map CRS) in the selection colour, above everything."""
    geoms = np.asarray([g for g in geometries if g is not None], dtype=object)
    if len(geoms) == 0:
        return
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, len(geoms) < DENSE)
    pen = QPen(QColor(SELECTION), 3)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    parts = shapely.get_parts(geoms)
    polys = parts[shapely.get_type_id(parts) == 3]
    lines = np.concatenate([shapely.get_rings(polys), parts[np.isin(shapely.get_type_id(parts), (1, 2))]])
    if len(lines):
        coords, idx = shapely.get_coordinates(lines, return_index=True)
        start = np.ones(len(idx), dtype=bool)
        start[1:] = idx[1:] != idx[:-1]
        painter.drawPath(path_from_arrays(view.to_pixels(coords), start))
    pts = parts[shapely.get_type_id(parts) == 0]
    if len(pts):
        pen.setWidthF(12)
        painter.setPen(pen)
        painter.drawPoints(polygon_from_xy(view.to_pixels(shapely.get_coordinates(pts))))
    painter.restore()


def render_overlay(painter: QPainter, zones: np.ndarray, features: np.ndarray, view: View) -> None:
    """A hazard zone (map CRS) filled translucent red, and its hazard features outlined dark red."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    zparts = shapely.get_parts(np.asarray([g for g in zones if g is not None], dtype=object))
    polys = zparts[shapely.get_type_id(zparts) == 3] if len(zparts) else zparts
    if len(polys):
        rings = shapely.get_rings(polys)
        coords, idx = shapely.get_coordinates(rings, return_index=True)
        start = np.ones(len(idx), dtype=bool)
        start[1:] = idx[1:] != idx[:-1]
        path = path_from_arrays(view.to_pixels(coords), start)
        path.setFillRule(Qt.FillRule.OddEvenFill)
        painter.setPen(QPen(QColor("#c0392b"), 1.5, Qt.PenStyle.DashLine))
        painter.setBrush(QColor(192, 57, 43, 55))
        painter.drawPath(path)
    fparts = shapely.get_parts(np.asarray([g for g in features if g is not None], dtype=object))
    if len(fparts):
        tid = shapely.get_type_id(fparts)
        lines = np.concatenate([shapely.get_rings(fparts[tid == 3]), fparts[np.isin(tid, (1, 2))]])
        painter.setBrush(Qt.BrushStyle.NoBrush)
        pen = QPen(QColor("#7b1d12"), 2.5)
        painter.setPen(pen)
        if len(lines):
            coords, idx = shapely.get_coordinates(lines, return_index=True)
            start = np.ones(len(idx), dtype=bool)
            start[1:] = idx[1:] != idx[:-1]
            painter.drawPath(path_from_arrays(view.to_pixels(coords), start))
        pts = fparts[tid == 0]
        if len(pts):
            pen.setWidthF(9)
            painter.setPen(pen)
            painter.drawPoints(polygon_from_xy(view.to_pixels(shapely.get_coordinates(pts))))
    painter.restore()
