"""National view benchmark child: the main window, ``--national URL --view national``, to its first paint.

Run by ``bench_national_view.py`` with ``BENCH_T0`` and ``BENCH_NATIONAL`` set; prints one JSON
line (see ``_first_paint.py``). ``open_national`` marks where the store is read and the view
filled; ``first_paint`` is the window's first paint event after that.
"""

import os
import time  # noqa: I001

import _first_paint
from _first_paint import mark

_first_paint.phases["python_ready"] = time.time() - _first_paint.T0

from resilience_desktop.ui.app import make_app, settings  # noqa: E402
from resilience_desktop.i18n.catalog import set_language  # noqa: E402

app = make_app()
set_language("en")
from resilience_desktop.ui.main_window import MainWindow  # noqa: E402
from resilience_desktop.ui.national.national_actions import open_national  # noqa: E402

mark("imports")
window = MainWindow(settings=settings())
mark("window_built")
started = time.time()
assert open_national(window, os.environ["BENCH_NATIONAL"], wait=True)  # the store read on a worker
_first_paint.extra["open_national_s"] = time.time() - started
_first_paint.extra["cities"] = len(window.national_view.data["cities"])
mark("national_opened")
window.resize(1600, 1000)
window.show()
mark("shown")
_first_paint.wait_for_first_paint(window, app)
