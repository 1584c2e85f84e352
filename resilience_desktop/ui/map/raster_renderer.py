"""Drawing raster layers: the window in view, warped to the map CRS, through its colour ramp."""

from __future__ import annotations

__all__ = ["render_rasters"]

import numpy as np
from PySide6.QtGui import QImage, QPainter

from ...gis.display import View
from ...gis.raster_layer import RasterDisplay, read_view
from ...gis.raster_style import colourise


def render_rasters(painter: QPainter, rasters: list[RasterDisplay], map_crs: str, view: View) -> int:
    """Draw ``rasters`` (bottom first) over the whole view; return how many were in view."""
    drawn = 0
    for r in rasters:
        if r.extent is not None:
            x0, y0, x1, y1 = view.bounds
            if r.extent[2] < x0 or r.extent[0] > x1 or r.extent[3] < y0 or r.extent[1] > y1:
                continue
        got = read_view(r.dataset, map_crs, view.bounds, view.width, view.height,
                        with_hillshade=bool(r.style.get("hillshade")))
        if got is None:
            continue
        style = r.style
        if style.get("auto_range"):
            finite = got.values[np.isfinite(got.values)]
            if finite.size:
                style = {**style, "min": float(finite.min()), "max": float(finite.max())}
                r.style = style  # the legend shows the range drawn
        rgba = colourise(got.values, style, got.shade)
        h, w = rgba.shape[:2]
        image = QImage(rgba.data, w, h, 4 * w, QImage.Format.Format_RGBA8888)
        painter.save()
        painter.setOpacity(r.opacity)
        painter.drawImage(0, 0, image)
        painter.restore()
        drawn += 1
    return drawn
