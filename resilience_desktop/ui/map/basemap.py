"""Drawing an MBTiles raster basemap under the layers, warped from Web Mercator into the map's CRS.

Each tile is drawn through the projective transform that maps its square onto the quadrilateral
its four corners make in the map CRS; at city scale the error inside one tile is far below a pixel.
"""

from __future__ import annotations

__all__ = ["render_basemap"]

import numpy as np
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QImage, QPainter, QPolygonF, QTransform

from ...gis.crs import transform_bounds, transformer
from ...gis.display import View
from ...gis.mbtiles import WEB_MERCATOR, MBTiles, tile_bounds


def render_basemap(painter: QPainter, basemap: MBTiles, map_crs: str, view: View) -> int:
    """Draw the tiles covering ``view``; return how many were drawn."""
    try:
        b = transform_bounds(view.bounds, map_crs, WEB_MERCATOR)
    except Exception:  # a view PROJ cannot express in Web Mercator: no basemap there
        return 0
    res = max((b[2] - b[0]) / max(view.width, 1), (b[3] - b[1]) / max(view.height, 1))
    tiles = basemap.tiles_for(b, res)
    if not tiles:
        return 0
    to_map = transformer(WEB_MERCATOR, map_crs)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
    drawn = 0
    for z, x, y, data in tiles:
        image = QImage.fromData(data)
        if image.isNull():
            continue
        x0, y0, x1, y1 = tile_bounds(z, x, y)
        mx, my = to_map.transform(np.array([x0, x1, x1, x0]), np.array([y1, y1, y0, y0]))
        px = view.to_pixels(np.column_stack([mx, my]))
        quad = QPolygonF([QPointF(float(u), float(v)) for u, v in px])
        w, h = image.width(), image.height()
        square = QPolygonF([QPointF(0, 0), QPointF(w, 0), QPointF(w, h), QPointF(0, h)])
        transform = QTransform()
        if not QTransform.quadToQuad(square, quad, transform):
            continue
        painter.setTransform(transform)
        painter.drawImage(QRectF(0, 0, w, h), image)
        drawn += 1
    painter.restore()
    return drawn
