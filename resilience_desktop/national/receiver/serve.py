"""``national serve``: run the receiver with uvicorn, one or several worker processes.

Several workers on Linux each listen on their own socket bound with ``SO_REUSEPORT``, so the kernel
spreads new connections evenly over them. With uvicorn's own ``--workers`` they share one listening
socket, and the first worker to wake accepts every connection waiting: when 32 cities connected at
once, one worker often took all 32 and the other idled (9.7 instead of ~21 bundles/s on two cores).
Elsewhere (no ``SO_REUSEPORT`` load balancing) uvicorn's supervisor runs them.
"""

from __future__ import annotations

__all__ = ["serve"]

import os
import signal
import socket
import sys
import time
from typing import Any

from ...i18n.catalog import tr
from ...i18n.reasons import os_reason
from ..store import open_store
from .app import CONFIG_ENV, ReceiverConfig, config_to_environment

APP_FACTORY = "resilience_desktop.national.receiver.app:app_from_environment"


def serve(config: ReceiverConfig, *, host: str = "127.0.0.1", port: int = 8765, workers: int = 1,
          ssl_certfile: str | None = None, ssl_keyfile: str | None = None, log_level: str = "info") -> None:
    """Serve until interrupted. The store is opened (and created) once first, so a bad URL is one
    clear error before any worker starts; each worker then builds its own app from the same settings."""
    import uvicorn
    open_store(config.db_url).close()
    os.environ[CONFIG_ENV] = config_to_environment(config)
    options: dict[str, Any] = dict(factory=True, host=host, port=port, ssl_certfile=ssl_certfile,
                                   ssl_keyfile=ssl_keyfile, log_level=log_level, proxy_headers=False,
                                   timeout_graceful_shutdown=10, server_header=False)
    if workers > 1 and reuse_port_balances():
        _serve_reuse_port(options, workers)
        return
    uvicorn.run(APP_FACTORY, workers=workers if workers > 1 else None, **options)


def reuse_port_balances() -> bool:
    """Whether the kernel spreads a port's connections over the sockets that share it (Linux)."""
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def _listening_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


def _worker(options: dict[str, Any]) -> None:
    """One worker process: its own socket on the shared port, one uvicorn server on it."""
    # A terminal's Ctrl+C reaches every process of the group. uvicorn still shuts down gracefully on it,
    # but then raises the SIGINT again; with Python's default handler that is a KeyboardInterrupt
    # traceback per worker whenever the supervisor's SIGTERM comes too late. The supervisor stops us.
    # We started with SIGINT ignored and blocked (see _serve_reuse_port): ignored it stays, unblocked.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the supervisor's handler came with the fork; uvicorn sets its own
    import uvicorn
    sock = _listening_socket(options["host"], options["port"])
    uvicorn.Server(uvicorn.Config(APP_FACTORY, **options)).run(sockets=[sock])


def _serve_reuse_port(options: dict[str, Any], workers: int) -> None:
    """Start ``workers`` processes, restart one that dies, stop them all on SIGINT or SIGTERM."""
    import multiprocessing
    try:  # a port in use (or a bad host) is one clear error before any worker starts
        _listening_socket(options["host"], options["port"]).close()
    except OSError as exc:
        print("resilience-desktop: error: " + tr("cannot listen on {host}:{port}: {reason}", host=options["host"],
                                                 port=options["port"], reason=os_reason(exc)), file=sys.stderr)
        raise SystemExit(1) from None
    # The workers are forks of this process made after it loaded the receiver and did what a worker's
    # first verification would (warm_up): spawned, each imported FastAPI, the app and GDAL again (~1 s of
    # CPU per worker), and a worker that died took as long to replace. At this point this process holds
    # no threads and no open connection (the store was opened and closed above), which is what spawning
    # a fresh interpreter guaranteed.
    import uvicorn  # noqa: F401
    from ...bundle.verify import warm_up
    from . import app  # noqa: F401
    warm_up()
    fork = multiprocessing.get_context("fork")
    stopping: list[int] = []
    previous = {sig: signal.signal(sig, lambda sig, _frame: stopping.append(sig))
                for sig in (signal.SIGINT, signal.SIGTERM)}

    def start() -> Any:
        # A Ctrl+C reaching a worker before _worker runs was a KeyboardInterrupt traceback (when it was
        # spawned, it imported the receiver for about a second first). Started with SIGINT ignored, it has no
        # handler for it. Blocked meanwhile, a SIGINT for the supervisor waits for its own handler.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        handler = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            sys.stdout.flush()
            sys.stderr.flush()  # nothing buffered is written twice by the copy
            process = fork.Process(target=_worker, args=(options,), daemon=False)
            process.start()
        finally:
            signal.signal(signal.SIGINT, handler)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        return process

    processes = [start() for _ in range(workers)]
    try:
        while not stopping:
            for i, process in enumerate(processes):
                if not process.is_alive() and not stopping:
                    print("resilience-desktop: " + tr("receiver worker {pid} stopped (exit {code}); starting another",
                                                      pid=process.pid, code=process.exitcode), file=sys.stderr)
                    processes[i] = start()
            time.sleep(0.2)
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()  # uvicorn finishes the requests in flight (graceful shutdown)
        for process in processes:
            process.join(15)
            if process.is_alive():
                process.kill()
                process.join()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
