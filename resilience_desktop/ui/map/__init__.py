"""The map in Qt: the renderer shared by the canvas and ``map render``, the canvas, the layer panel."""
