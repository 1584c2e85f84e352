"""The report's map page: the workspace's visible layers drawn by the map's own renderer.

The same scene (:func:`~resilience_desktop.gis.scene.scene_from_workspace`) and painter
(:func:`~resilience_desktop.ui.map.render_png.render_image`) as the canvas and ``map render``,
fitted to the view the user saved, else to the report's city (:func:`~resilience_desktop.gis.report_extent.
report_map_extent`), else to everything visible, with nothing highlighted. Returns ``None`` when
there is nothing to draw, so the report then has no map page.

Needs a ``QGuiApplication`` (``ensure_gui_app``).
"""

from __future__ import annotations

__all__ = ["render_report_map", "MAP_SIZE"]

import numpy as np
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage

from ....gis.display import View
from ....gis.raster_style import raster_legend
from ....gis.report_extent import report_map_extent
from ....gis.scene import scene_from_workspace
from ....gis.style import legend_entries
from ....report import MapImage, map_image
from ....workspace.facade import Workspace
from ...map.render_png import ensure_gui_app, render_image

#: Pixel size of the map image (scaled to the page width in the PDF: about 230 dpi).
MAP_SIZE = (1600, 1000)


def render_report_map(ws: Workspace, *, lang: str = "en", size: tuple[int, int] = MAP_SIZE,
                      city_id: str | None = None) -> MapImage | None:
    """The visible layers of ``ws`` round the city ``city_id`` (the report's; ``None``: the first
    located city) as a PNG :class:`MapImage` captioned in ``lang``, or ``None`` if none can be drawn."""
    ensure_gui_app()
    scene = scene_from_workspace(ws)
    try:
        extent = report_map_extent(ws, scene.crs, scene.extent, city_id=city_id)
        if not (scene.layers or scene.rasters) or extent is None:
            return None
        w, h = size
        image = QImage(w, h, QImage.Format.Format_RGB32)
        render_image(image, scene, View.fit(extent, w, h))
    finally:
        if scene.basemap is not None:
            scene.basemap.close()
        for raster in scene.rasters:
            raster.dataset.close()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    names, legend = [], []
    for shown in reversed(scene.layers):  # topmost first, as the layer list
        layer = ws.get_layer(shown.id)
        names.append(layer.name)
        if layer.style.get("kind") == "graduated":
            ranges = legend_entries(layer.style)
            used = sorted(set(np.unique(shown.colour_index).tolist()) - {0})
            legend.append((layer.name, [(ranges[i - 1][0], ranges[i - 1][1]) for i in used]))
            continue
        # The colours actually drawn: index 0 is the layer's own colour, the others its categories.
        categories = {i + 1: value for i, value in enumerate(layer.style.get("categories", {}))}
        used = sorted(set(np.unique(shown.colour_index).tolist()), key=lambda i: (i == 0, i))
        legend.append((layer.name, [(categories.get(i), shown.colours[i]) for i in used]))
    for raster in reversed(scene.rasters):
        names.append(raster.name)
        legend.append((raster.name, list(raster_legend(raster.style))))
    return map_image(bytes(data.data()), names, scene.crs, lang=lang, legend=legend)
