"""Child of bench_map_render.py: the canvas's frame times on the benchmark city (JSON on stdout).

A 1920x1080 ``MapCanvas`` (offscreen) shows the three GeoPackages at full extent. Measured:

* ``full_render_ms``: a complete re-render of the cached map image (what follows a zoom, and
  what runs once a pan pauses), ``--renders`` times;
* ``pan_frame_ms``: the paint of one frame while panning at full extent (``pan_by`` 7 px, then
  a synchronous ``repaint()``), ``--frames`` times: the cached image shifted, nothing re-drawn;
* ``prepare_ms``: reading and preparing the layers (once).
"""

import json
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    paths = sys.argv[1:]
    t = time.perf_counter()
    from PySide6.QtWidgets import QApplication

    from resilience_desktop.gis.scene import scene_from_files
    from resilience_desktop.ui.map.canvas import MapCanvas
    app = QApplication.instance() or QApplication([])
    scene = scene_from_files(paths)
    for layer in scene.layers:
        _ = layer.tree  # the spatial index, built lazily on first identify: build it here, off the clock
    prepare_ms = (time.perf_counter() - t) * 1000
    canvas = MapCanvas()
    canvas.resize(1920, 1080)
    canvas.show()
    app.processEvents()
    canvas.set_scene(scene, keep_view=False)
    renders = []
    for _ in range(8):
        t = time.perf_counter()
        canvas._render_now()
        renders.append((time.perf_counter() - t) * 1000)
    canvas.repaint()
    frames = []
    for i in range(120):
        canvas.pan_by(7 if (i // 30) % 2 == 0 else -7, 0)
        t = time.perf_counter()
        canvas.repaint()
        frames.append((time.perf_counter() - t) * 1000)
        canvas._render_timer.stop()  # a continuous drag: the full render waits for the pause
    import resource
    print(json.dumps({"prepare_ms": prepare_ms, "full_render_ms": renders, "pan_frame_ms": frames,
                      "canvas_size": [canvas.width(), canvas.height()],
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
