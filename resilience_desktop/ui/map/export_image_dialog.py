"""File > Export map image: the map as PNG or SVG at a chosen size and DPI, with legend,
scale bar and north arrow."""

from __future__ import annotations

__all__ = ["export_map_image", "write_map_image"]

from pathlib import Path

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QSpinBox, QWidget)

from ...errors import GisError
from ...gis.display import View
from ...gis.scene import Scene
from ...i18n.catalog import tr
from .render_png import legend_rows, beside_legend, draw_legend, render_image


def write_map_image(path: str | Path, scene: Scene, view: View, size: tuple[int, int], dpi: int = 96,
                    names: dict[str, str] | None = None, styles: dict[str, dict] | None = None) -> None:
    """Render ``scene`` over the area ``view`` shows into ``path`` (.png or .svg) at ``size`` pixels."""
    path = Path(path)
    w, h = size
    scale = max(view.width / w, view.height / h) if view.width and view.height else 1.0
    out_view = View(view.cx, view.cy, view.resolution * scale, w, h)
    # what the canvas shows stays whole, beside the legend rather than under it (a GIS analyst's trial)
    half_w, half_h = view.width * view.resolution / 2, view.height * view.resolution / 2
    shown = (view.cx - half_w, view.cy - half_h, view.cx + half_w, view.cy + half_h)
    out_view = beside_legend(out_view, shown, legend_rows(scene, names, styles))
    image = QImage(w, h, QImage.Format.Format_ARGB32)
    dots_per_metre = round(dpi / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    render_image(image, scene, out_view)
    painter = QPainter(image)
    draw_legend(painter, scene, w, names, styles)
    painter.end()
    if path.suffix.lower() == ".svg":
        from PySide6.QtSvg import QSvgGenerator
        gen = QSvgGenerator()
        gen.setFileName(str(path))
        gen.setSize(QSize(w, h))
        gen.setViewBox(QRectF(0, 0, w, h))
        gen.setResolution(dpi)
        gen.setTitle(tr("Map"))
        p = QPainter(gen)
        p.drawImage(0, 0, image)  # the map as an embedded image: exact, and fast to write
        p.end()
    elif not image.save(str(path), "PNG"):
        raise GisError(tr("cannot write {path}", path=path))


class _SizeDialog(QDialog):
    def __init__(self, width: int, height: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("Export map image"))
        self.w, self.h, self.dpi = QSpinBox(self), QSpinBox(self), QSpinBox(self)
        for box, value, top in ((self.w, width, 16384), (self.h, height, 16384), (self.dpi, 150, 1200)):
            box.setRange(16 if box is not self.dpi else 50, top)
            box.setValue(value)
        form = QFormLayout(self)
        form.addRow(tr("Width (pixels)"), self.w)
        form.addRow(tr("Height (pixels)"), self.h)
        form.addRow(tr("Resolution (DPI)"), self.dpi)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


def export_map_image(parent: QWidget, scene: Scene, view: View) -> Path | None:
    """Ask for a size, DPI and file, then write the map as the canvas shows it."""
    from ..dialogs.error_dialog import show_error
    dialog = _SizeDialog(max(view.width * 2, 1600), max(view.height * 2, 1000), parent)
    if not dialog.exec():
        return None
    from ..exchange.file_actions import ask_save_path, suggested_path
    path = ask_save_path(parent, tr("Export map image"), suggested_path("map", ".png"), (".png", ".svg"),
                         tr("PNG image (*.png);;SVG drawing (*.svg)"))
    if path is None:
        return None
    ws = getattr(getattr(parent, "model", None), "ws", None)
    names, styles = {}, {}
    if ws is not None:
        for layer in ws.list_layers():
            names[layer.id], styles[layer.id] = layer.name, layer.style
    try:
        write_map_image(path, scene, view, (dialog.w.value(), dialog.h.value()), dialog.dpi.value(), names, styles)
    except Exception as exc:  # a file that cannot be written: say why
        show_error(parent, exc, title=tr("Cannot export the map image"))
        return None
    return Path(path)
