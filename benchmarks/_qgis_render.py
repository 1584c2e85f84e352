"""QGIS reference for bench_map_render.py: render layers to a PNG headless, like ``map render``.

Run with the system Python that has Debian's ``python3-qgis`` (not the project's venv)::

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 benchmarks/_qgis_render.py OUT.png 1920x1080 EPSG:32643 \
        [--basemap natural_earth.gpkg] [--labels LAYER.gpkg:FIELD] A.gpkg B.tif ...

Later layers are drawn on top (as in ``map render``). QGIS's default styles and its default
map settings (antialiasing on) are used: what a user gets from QGIS out of the box. A GeoTIFF
is drawn as ``map render`` draws it: single-band pseudocolour, a yellow-to-red ramp over the
band's min..max (QGIS estimates them from a sample, as the app does for large rasters).
``--basemap`` draws the app's Natural Earth layers under everything (countries, rivers, lakes,
admin-1 lines, coastline, places) and labels the places, regions and countries; ``--labels`` labels one layer by a field (QGIS's default
placement, with a buffer like the app's halo).
"""

import os
import sys

from qgis.core import (QgsApplication, QgsColorRampShader, QgsCoordinateReferenceSystem, QgsMapRendererParallelJob,
                       QgsMapSettings, QgsPalLayerSettings, QgsRasterBandStats, QgsRasterLayer, QgsRasterShader,
                       QgsRectangle, QgsSingleBandPseudoColorRenderer, QgsTextBufferSettings, QgsTextFormat,
                       QgsVectorLayer, QgsVectorLayerSimpleLabeling)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor


def raster_layer(path):
    layer = QgsRasterLayer(path, path)
    stats = layer.dataProvider().bandStatistics(1, QgsRasterBandStats.Min | QgsRasterBandStats.Max,
                                                layer.extent(), 250_000)
    lo, hi = stats.minimumValue, stats.maximumValue
    ramp = QgsColorRampShader(lo, hi)
    ramp.setColorRampType(QgsColorRampShader.Interpolated)
    stops = ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"]
    ramp.setColorRampItemList([QgsColorRampShader.ColorRampItem(lo + (hi - lo) * i / 4, QColor(c))
                               for i, c in enumerate(stops)])
    shader = QgsRasterShader()
    shader.setRasterShaderFunction(ramp)
    layer.setRenderer(QgsSingleBandPseudoColorRenderer(layer.dataProvider(), 1, shader))
    return layer


def label(layer, field):
    settings = QgsPalLayerSettings()
    settings.fieldName = field
    fmt = QgsTextFormat()
    fmt.setSize(8)
    buffer = QgsTextBufferSettings()
    buffer.setEnabled(True)
    fmt.setBuffer(buffer)
    settings.setFormat(fmt)
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(True)


def main() -> int:
    args = sys.argv[1:]
    basemap, labels = None, {}
    while "--basemap" in args:
        i = args.index("--basemap")
        basemap = args[i + 1]
        del args[i:i + 2]
    while "--labels" in args:
        i = args.index("--labels")
        path, field = args[i + 1].rsplit(":", 1)
        labels[path] = field
        del args[i:i + 2]
    out, size, crs, *paths = args
    w, h = (int(v) for v in size.split("x"))
    app = QgsApplication([], False)
    app.initQgis()
    layers = []
    for p in paths:
        layer = raster_layer(p) if p.lower().endswith((".tif", ".tiff")) else QgsVectorLayer(p, p, "ogr")
        if not layer.isValid():
            print(f"cannot open {p}", file=sys.stderr)
            return 2
        if p in labels:
            label(layer, labels[p])
        layers.append(layer)
    base = []
    if basemap:
        for name in ("countries", "rivers", "lakes", "admin1_lines", "coastline", "places", "region_labels",
                     "country_labels"):
            layer = QgsVectorLayer(f"{basemap}|layername={name}", name, "ogr")
            if name in ("places", "region_labels", "country_labels"):
                label(layer, "name")
            base.append(layer)
    settings = QgsMapSettings()
    settings.setLayers(list(reversed(base + layers)))  # QGIS draws the first listed on top
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
