"""The one place that runs core functions in the background.

A long core function is written ``run_x(inputs, *, progress, cancelled) -> result`` and knows
nothing of Qt. :func:`run_task` runs it on a pool of worker threads and delivers its progress,
its result or its error on the GUI thread (signals of an object living there are queued across
threads). The function must not touch widgets or the open workspace's SQLite connection: it
reads files and computes; the GUI thread stores the result.

The pool is a Python ``ThreadPoolExecutor``, not ``QThreadPool``: PySide6 gives each
``QRunnable.run`` a fresh Python thread state on a reused OS thread, and PROJ (pyproj), whose
per-thread context is tied to the thread, then crashed on the second layer import in a row
(reproduced in ``tests/ui/test_map.py``). Python-created threads keep one thread state for life.
"""

from __future__ import annotations

__all__ = ["Task", "run_task", "wait_for"]

import threading
from typing import Any, Callable

from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal


class Task(QObject):
    """A background run of one function; cancel it with :meth:`cancel`."""

    sig_progress = Signal(int, int)
    """Emitted on the GUI thread with ``(done, total)``."""
    sig_finished = Signal(object)
    """Emitted on the GUI thread with the function's result."""
    sig_failed = Signal(object)
    """Emitted on the GUI thread with the exception the function raised (also after a cancel)."""

    # The worker emits only these; each has one connection, to a slot of this object (which lives
    # on the GUI thread), so each delivery is ONE queued event, processed in the order emitted.
    # The public signals are then emitted on the GUI thread, and ``done`` becomes true only after
    # every listener has run (with several queued connections a waiter could see ``done`` first).
    _sig_progress_from_worker = Signal(int, int)
    _sig_result_from_worker = Signal(object)
    _sig_error_from_worker = Signal(object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._cancel = threading.Event()
        self.done = False
        self.result: Any = None
        self.error: BaseException | None = None
        self._sig_progress_from_worker.connect(self._deliver_progress)
        self._sig_result_from_worker.connect(self._deliver_result)
        self._sig_error_from_worker.connect(self._deliver_error)

    def cancel(self) -> None:
        """Ask the function to stop at its next ``cancelled()`` check."""
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _deliver_progress(self, done: int, total: int) -> None:
        self.sig_progress.emit(done, total)

    def _deliver_result(self, result: Any) -> None:
        self.result = result
        try:
            self.sig_finished.emit(result)
        finally:
            self.done = True

    def _deliver_error(self, error: BaseException) -> None:
        self.error = error
        try:
            self.sig_failed.emit(error)
        finally:
            self.done = True


def _run(task: Task, fn: Callable[..., Any], args: tuple, kwargs: dict) -> None:  # on a pool thread
    try:
        result = fn(*args, progress=lambda d, t: task._sig_progress_from_worker.emit(int(d), int(t)),
                    cancelled=task.cancelled, **kwargs)
    except BaseException as exc:  # delivered to the GUI thread, shown there
        task._sig_error_from_worker.emit(exc)
    else:
        task._sig_result_from_worker.emit(result)


_pool: ThreadPoolExecutor | None = None


def _executor() -> ThreadPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=max(2, QThread.idealThreadCount()), thread_name_prefix="worker")
    return _pool


#: Tasks still running, so neither they nor their signals are collected mid-run.
_running: set[Task] = set()


def run_task(fn: Callable[..., Any], *args: Any, on_done: Callable[[Any], None] | None = None,
             on_error: Callable[[BaseException], None] | None = None,
             on_progress: Callable[[int, int], None] | None = None, parent: QObject | None = None,
             **kwargs: Any) -> Task:
    """Run ``fn(*args, progress=..., cancelled=..., **kwargs)`` on a worker thread.

    ``on_done(result)``, ``on_error(exc)`` and ``on_progress(done, total)`` are called on the GUI
    thread. Returns the :class:`Task` (to cancel it or to wait for it in tests).
    """
    task = Task(parent)
    _running.add(task)
    if on_progress is not None:
        task.sig_progress.connect(on_progress)
    if on_done is not None:
        task.sig_finished.connect(on_done)
    if on_error is not None:
        task.sig_failed.connect(on_error)
    task.sig_finished.connect(lambda _r: _running.discard(task))
    task.sig_failed.connect(lambda _e: _running.discard(task))
    _executor().submit(_run, task, fn, args, kwargs)
    return task


def wait_for(task: Task, timeout_ms: int = 30_000) -> None:
    """Process events until ``task`` has delivered its result or error (tests, shutdown)."""
    import time
    end = time.monotonic() + timeout_ms / 1000
    while not task.done and time.monotonic() < end:
        QCoreApplication.processEvents()
        time.sleep(0.005)
    if not task.done:
        raise TimeoutError("background task did not finish")
