"""Child-side timing for ``bench_startup.py``: phase marks and the first paint of a window.

Both startup children (the app and the bare reference) use exactly this code, so whatever it
costs is paid equally. Times are ``time.time()`` offsets from ``BENCH_T0``, the parent's
``time.time()`` taken just before it launched the process (wall clock on both sides, because a
``perf_counter`` value does not cross processes).
"""

from __future__ import annotations

import json
import os
import sys
import time

T0 = float(os.environ["BENCH_T0"])
phases: dict[str, float] = {}
extra: dict[str, object] = {}

# BENCH_PROFILE=FILE: profile the child with cProfile from here to the first paint (bench_startup --profile).
_profiler = None
if os.environ.get("BENCH_PROFILE"):
    import cProfile
    _profiler = cProfile.Profile()
    _profiler.enable()


def mark(name: str) -> None:
    """Record that phase ``name`` ended now (seconds since the parent launched us)."""
    phases[name] = time.time() - T0


def wait_for_first_paint(window, app, *, timeout_s: float = 60.0) -> None:
    """Run ``app``'s event loop until ``window`` gets its first paint event, report, and exit.

    Reports ``first_paint`` (the window's first ``QEvent.Paint``) and ``frame_done`` (the next
    turn of the event loop, when that whole paint pass with the child widgets is flushed), plus
    the modules loaded by then, as one JSON line on stdout. Exits with ``os._exit`` so teardown
    is not part of anything the parent waits for.
    """
    from PySide6.QtCore import QEvent, QObject, QTimer

    def finish(ok: bool) -> None:
        if ok:
            mark("frame_done")
        if _profiler is not None:
            _profiler.disable()
            _profiler.dump_stats(os.environ["BENCH_PROFILE"])
        print(json.dumps({"ok": ok, "phases": phases, "platform": app.platformName(), "extra": extra,
                          "modules": list(sys.modules)}), flush=True)
        os._exit(0 if ok else 1)

    class FirstPaint(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 (Qt override)
            if event.type() == QEvent.Type.Paint and "first_paint" not in phases:
                mark("first_paint")
                QTimer.singleShot(0, lambda: finish(True))
            return False

    flt = FirstPaint(window)
    window.installEventFilter(flt)
    QTimer.singleShot(int(timeout_s * 1000), lambda: finish(False))
    app.exec()
