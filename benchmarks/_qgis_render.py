"""QGIS reference for bench_map_render.py: render GeoPackages to a PNG headless, like ``map render``.

Run with the system Python that has Debian's ``python3-qgis`` (not the project's venv)::

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 benchmarks/_qgis_render.py OUT.png 1920x1080 EPSG:32643 A.gpkg B.gpkg ...

Later layers are drawn on top (as in ``map render``). QGIS's default styles and its default
map settings (antialiasing on) are used: what a user gets from QGIS out of the box.
"""

import os
import sys

from qgis.core import (QgsApplication, QgsCoordinateReferenceSystem, QgsMapRendererParallelJob, QgsMapSettings,
                       QgsRectangle, QgsVectorLayer)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor


def main() -> int:
    out, size, crs, *paths = sys.argv[1:]
    w, h = (int(v) for v in size.split("x"))
    app = QgsApplication([], False)
    app.initQgis()
    layers = []
    for p in paths:
        layer = QgsVectorLayer(p, p, "ogr")
        if not layer.isValid():
            print(f"cannot open {p}", file=sys.stderr)
            return 2
        layers.append(layer)
    settings = QgsMapSettings()
    settings.setLayers(list(reversed(layers)))  # QGIS draws the first listed on top
    settings.setDestinationCrs(QgsCoordinateReferenceSystem(crs))
    extent = QgsRectangle()
    extent.setMinimal()
    for layer in layers:
        extent.combineExtentWith(settings.layerExtentToOutputExtent(layer, layer.extent()))
    extent.scale(1.1)
    settings.setExtent(extent)
    settings.setOutputSize(QSize(w, h))
    settings.setBackgroundColor(QColor("#f4f3ef"))
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    ok = job.renderedImage().save(out, "PNG")
    # Leave at once: QGIS 3.22's Python shutdown (exitQgis / interpreter teardown) can crash with a
    # fresh profile, after the PNG is written; skipping it also spares QGIS its teardown time.
    sys.stdout.flush()
    os._exit(0 if ok else 2)


if __name__ == "__main__":
    main()
