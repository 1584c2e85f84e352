"""Headless rendering of a scene to a PNG: exactly what the canvas paints, without a window."""

from __future__ import annotations

__all__ = ["render_image", "render_png", "draw_legend", "beside_legend", "ensure_gui_app"]

import os
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QGuiApplication, QImage, QPainter

from ...gis.basemap import is_place_layer
from ...gis.display import View
from ...gis.scene import Scene
from .overlays import draw_overlays
from .renderer import BACKGROUND, RenderStats, render_layers


def ensure_gui_app() -> QGuiApplication:
    """A Qt application for fonts and images; offscreen unless a platform is already chosen."""
    app = QGuiApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication(["resilience-desktop"])
    return app  # type: ignore[return-value]


def render_image(image: QImage, scene: Scene, view: View) -> RenderStats:
    """Paint ``scene`` into ``image`` for ``view``: background, layers, scale bar, north arrow."""
    image.fill(QColor(scene.background or BACKGROUND))
    painter = QPainter(image)
    try:
        # the basemap's places go over the tiles and rasters, with their labels: a town's name
        # never floats over a hazard raster that hides its symbol
        places = [x for x in scene.basemap_layers if is_place_layer(x)]
        render_layers(painter, [x for x in scene.basemap_layers if not is_place_layer(x)], view)
        if scene.basemap is not None:
            from .basemap import render_basemap
            render_basemap(painter, scene.basemap, scene.crs, view)
        if scene.rasters:
            from .raster_renderer import render_rasters
            render_rasters(painter, scene.rasters, scene.crs, view)
        render_layers(painter, places, view)
        stats = render_layers(painter, scene.layers, view)
        specs = list(scene.basemap_labels) + [x.labels for x in scene.layers if x.labels is not None]
        if specs:
            from .labels_painter import draw_labels
            # the scale bar and the north arrow keep their corners
            blocked = [(0.0, view.height - 60.0, 280.0, 60.0), (view.width - 60.0, 0.0, 60.0, 70.0)]
            stats.labels = len(draw_labels(painter, specs, view, blocked))
        draw_overlays(painter, view, scene.crs)
    finally:
        painter.end()
    return stats


_ROW = 20  # a legend row's height in pixels


def legend_rows(scene: Scene, names: dict[str, str] | None = None,
                 styles: dict[str, dict] | None = None) -> list[tuple[str, str | None, bool]]:
    """``(text, swatch colour or None, is a title)`` for each legend row, top first."""
    from ...gis.raster_style import raster_legend
    from ...gis.style import legend_entries
    rows: list[tuple[str, str | None, bool]] = []
    for layer in reversed(scene.layers):
        own_name, own_style = scene.legend.get(layer.id, (layer.id, {}))
        style = (styles or {}).get(layer.id, own_style)
        entries = legend_entries(style)
        title = (names or {}).get(layer.id, own_name)
        if entries and style.get("field"):  # what the classes are classes of
            title = f"{title} ({style['field']})"
        rows.append((title, None if entries else layer.colours[0], True))
        rows += [(label, colour, False) for label, colour, _size in entries]
    for raster in reversed(scene.rasters):
        rows.append((raster.name, None, True))
        rows += [(label, colour, False) for label, colour in raster_legend(raster.style)]
    return rows


def beside_legend(view: View, extent: tuple[float, float, float, float], rows: list, *, margin: float = 0.0) -> View:
    """``view`` (``view.width`` × ``view.height`` pixels) moved and zoomed so that ``extent`` lies whole to the
    right of the legend box of ``rows``, not under it; unchanged when the legend would take half the width."""
    if not rows:
        return view
    w, h = view.width, view.height
    room = _legend_box(rows, w).right() + 12
    if room >= w / 2:
        return view
    beside = View.fit(extent, int(w - room), h, margin=margin)
    return View(beside.cx - room / 2 * beside.resolution, beside.cy, beside.resolution, w, h)


def _legend_box(rows: list, width: int) -> QRectF:
    return QRectF(12, 12, min(320, width / 3), _ROW * len(rows) + 12)


def draw_legend(painter: QPainter, scene: Scene, width: int, names: dict[str, str] | None = None,
                styles: dict[str, dict] | None = None) -> None:
    """A legend box (top left): each layer's name and its colours or class ranges, the rasters' ramps.

    Names and styles come from ``scene.legend``; ``names`` and ``styles`` (by layer id) take precedence."""
    rows = legend_rows(scene, names, styles)
    if not rows:
        return
    painter.save()
    font = QFont(painter.font())
    font.setPixelSize(13)
    painter.setFont(font)
    h = _ROW
    box = _legend_box(rows, width)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(255, 255, 255, 215))
    painter.drawRoundedRect(box, 4, 4)
    y = box.top() + 6
    for text, colour, title in rows:
        x = box.left() + (8 if title else 20)
        if colour:
            painter.setPen(QColor(colour).darker(140))
            painter.setBrush(QColor(colour))
            painter.drawRect(QRectF(x, y + 3, 14, 12))
        painter.setPen(QColor("#202020"))
        font.setBold(title)
        painter.setFont(font)
        room = box.right() - 8 - (x + (20 if colour else 0))
        painter.drawText(QRectF(x + (20 if colour else 0), y, room, h), Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, int(room)))
        y += h
    painter.restore()


def render_png(scene: Scene, out: str | Path, size: tuple[int, int],
               extent: tuple[float, float, float, float] | None = None, *, legend: bool = False) -> RenderStats:
    """Render ``scene`` into a ``size`` PNG at ``out``, fitted to ``extent`` (map CRS) or to its own
    (``legend``: with the legend box of File > Export map image)."""
    from ...safety.targets import check_output_target
    check_output_target(out)  # never over a workspace or a national store
    ensure_gui_app()
    w, h = size
    extent = extent or scene.extent or (-1.0, -1.0, 1.0, 1.0)
    view = View.fit(extent, w, h)
    if legend:
        view = beside_legend(view, extent, legend_rows(scene), margin=0.05)
    image = QImage(w, h, QImage.Format.Format_RGB32)
    stats = render_image(image, scene, view)
    if legend:
        painter = QPainter(image)
        try:
            draw_legend(painter, scene, w)
        finally:
            painter.end()
    # quality 80 (zlib level ~2): half the default level's encoding time for a file ~40 % larger
    if not image.save(str(out), "PNG", 80):
        from ...errors import GisError
        from ...i18n.catalog import tr
        raise GisError(tr("cannot write {path}", path=out))
    return stats
