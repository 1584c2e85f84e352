"""Startup benchmark child: the real app, started the way ``run_gui`` starts it with ``--demo``.

Not production code and not a test: ``bench_startup.py`` runs this with ``BENCH_T0`` set and
reads one JSON line from stdout. It repeats ``resilience_desktop.ui.app.run_gui`` step by step
(for ``--demo``, no ``--view``, no ``--screenshot``) so it can mark each phase; keep it in step
with ``run_gui`` when that changes.
"""

import time  # noqa: I001 (first, to mark when Python handed over to this script)

import _first_paint
from _first_paint import mark

_first_paint.phases["python_ready"] = time.time() - _first_paint.T0

from resilience_desktop.cli import main as cli_main  # noqa: E402,F401  (the console script's module)
from resilience_desktop.i18n.catalog import set_language  # noqa: E402
from resilience_desktop.ui import app as app_module  # noqa: E402
from resilience_desktop.ui.app import make_app, settings  # noqa: E402
from PySide6.QtCore import QTimer  # noqa: E402

mark("imports")
app = make_app()
s = settings()
set_language(str(s.value("language", "en")))
from resilience_desktop.ui.main_window import MainWindow  # noqa: E402  (as run_gui: after the language)

mark("app_and_main_window_import")
window = MainWindow(settings=s)
if hasattr(app_module, "install_excepthook"):  # newer run_gui does this
    app_module.install_excepthook(window)
mark("window_built")
import os  # noqa: E402
if os.environ.get("BENCH_WORKSPACE"):  # an existing workspace, as --workspace PATH opens it
    from pathlib import Path  # noqa: E402
    window.open_workspace(Path(os.environ["BENCH_WORKSPACE"]))
else:
    window.open_demo()
mark("demo_written_and_opened")
window.restore_geometry_or((1600, 1000))
window.show()
QTimer.singleShot(0, window.raise_)
mark("shown")
_first_paint.wait_for_first_paint(window, app)
