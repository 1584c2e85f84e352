"""Startup benchmark child: the reference, a bare PySide6 main window with the app's imports.

``bench_startup.py`` passes the modules to import in ``BENCH_IMPORTS`` (comma-separated, in the
order the app loaded them; normally every non-app module the app had loaded by its first paint)
and reads one JSON line from stdout. Nothing else of the app runs here.
"""

import time  # noqa: I001

import _first_paint
from _first_paint import mark

_first_paint.phases["python_ready"] = time.time() - _first_paint.T0

import importlib  # noqa: E402
import os  # noqa: E402

failed = []
for name in filter(None, os.environ.get("BENCH_IMPORTS", "").split(",")):
    try:
        importlib.import_module(name)
    except Exception:  # noqa: BLE001 (a module the app built at run time; counted, reported)
        failed.append(name)
_first_paint.extra["imports_failed"] = failed

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow  # noqa: E402

mark("imports")
app = QApplication([])
window = QMainWindow()
window.setCentralWidget(QLabel("reference"))
window.statusBar().showMessage("reference")
window.resize(1600, 1000)
mark("window_built")
window.show()
mark("shown")
_first_paint.wait_for_first_paint(window, app)
