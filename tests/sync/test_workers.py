"""``national serve --workers 2`` on Linux: each worker listens on its own socket (SO_REUSEPORT), so
cities connecting at once are spread over both; a worker that dies is replaced; SIGTERM stops all.

With uvicorn's shared socket the first worker to wake took every waiting connection: 32 cities
uploading at once often all went to one worker while the other idled (benchmarks/README.md)."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from pathlib import Path

import httpx
import pytest

from resilience_desktop.national.receiver.serve import reuse_port_balances

from .helpers import Receiver

pytestmark = pytest.mark.skipif(not reuse_port_balances(), reason="SO_REUSEPORT balancing is Linux's")


def _children(pid: int) -> list[int]:
    """The receiver's worker processes (its children other than multiprocessing's resource tracker)."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if int(stat[1]) == pid and b"resource_tracker" not in cmdline:
                out.append(int(entry.name))
    return out


def _sockets(port: int, state: str) -> dict[int, str]:
    """inode -> local address of the TCP sockets on ``port`` in ``state`` (0A listen, 01 established)."""
    rows = [line.split() for line in Path("/proc/net/tcp").read_text().splitlines()[1:]]
    return {int(r[9]): r[1] for r in rows if r[1].endswith(f":{port:04X}") and r[3] == state}


def _owned(pid: int, inodes: dict[int, str]) -> int:
    """How many of ``inodes`` process ``pid`` holds open."""
    n = 0
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:[") and int(target[8:-1]) in inodes:
            n += 1
    return n


def _wait(condition, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


async def _hold_connections(url: str, n: int, check) -> None:
    """Open ``n`` keep-alive connections at once (one request each), then call ``check`` while they are open."""
    limits = httpx.Limits(max_connections=n, max_keepalive_connections=n)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        gate = asyncio.Event()

        async def one() -> int:
            async with client.stream("GET", f"{url}/api/v1/health") as r:  # each holds its connection
                await gate.wait()
                await r.aread()
                return r.status_code

        tasks = [asyncio.create_task(one()) for _ in range(n)]
        await asyncio.sleep(0)
        deadline = time.monotonic() + 4  # uvicorn closes a connection idle for 5 s
        while len(_sockets(int(url.rsplit(":", 1)[1]), "01")) < n and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        check()
        gate.set()
        assert await asyncio.gather(*tasks) == [200] * n


def test_two_workers_each_listen_and_share_the_connections_of_cities_arriving_together(tmp_path):
    receiver = Receiver(f"sqlite:///{tmp_path / 'national.db'}", workers=2).start()
    try:
        assert _wait(lambda: len(_sockets(receiver.port, "0A")) == 2), "each worker listens on its own socket"
        workers = _children(receiver.proc.pid)
        assert len(workers) == 2, workers

        def spread() -> None:
            server_side = _sockets(receiver.port, "01")  # local address on the port: the server's ends
            held = [_owned(w, server_side) for w in workers]
            assert sum(held) == 16 and min(held) >= 1, held  # 16 connections at once: not all on one worker

        asyncio.run(_hold_connections(receiver.url, 16, spread))

        # a worker that dies is replaced, and the receiver keeps answering meanwhile
        os.kill(workers[0], signal.SIGKILL)
        assert _wait(lambda: len(_children(receiver.proc.pid)) == 2 and workers[0] not in _children(receiver.proc.pid))
        assert _wait(lambda: len(_sockets(receiver.port, "0A")) == 2)
        assert httpx.get(f"{receiver.url}/api/v1/health", timeout=10).status_code == 200
        workers = _children(receiver.proc.pid)
    finally:
        receiver.stop()  # SIGTERM to the supervisor
    assert _wait(lambda: not any(Path(f"/proc/{w}").exists() for w in workers), 30), "SIGTERM stops every worker"
    assert _sockets(receiver.port, "0A") == {}


def test_a_port_in_use_is_one_sentence_before_any_worker_starts(tmp_path, capfd):
    import socket

    from resilience_desktop.cli.main import main
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(SystemExit) as exit_:
            main(["national", "serve", "--db", f"sqlite:///{tmp_path / 'n.db'}", "--port", str(port), "--workers", "2"])
    assert exit_.value.code == 1
    err = capfd.readouterr().err.strip().splitlines()
    assert err[-1].startswith(f"resilience-desktop: error: cannot listen on 127.0.0.1:{port}: "), err


def test_ctrl_c_stops_every_worker_without_a_traceback(tmp_path):
    # a terminal's Ctrl+C sends SIGINT to the whole process group: the supervisor and each worker
    receiver = Receiver(f"sqlite:///{tmp_path / 'national.db'}", workers=2).start()
    proc = receiver.proc
    try:
        assert _wait(lambda: len(_children(proc.pid)) == 2)
        workers = _children(proc.pid)
        os.killpg(proc.pid, signal.SIGINT)
        assert proc.wait(timeout=30) == 0
    finally:
        receiver.kill()
    err = proc.stderr.read().decode()
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert _wait(lambda: not any(Path(f"/proc/{w}").exists() for w in workers), 30), "Ctrl+C stops every worker"


def test_a_worker_that_gets_ctrl_c_before_the_supervisors_sigterm_ends_without_a_traceback(tmp_path):
    # which comes first is a race on a real Ctrl+C; here the worker finishes its shutdown before any SIGTERM
    receiver = Receiver(f"sqlite:///{tmp_path / 'national.db'}", workers=2).start()
    proc = receiver.proc
    try:
        assert _wait(lambda: len(_children(proc.pid)) == 2)
        worker = _children(proc.pid)[0]
        os.kill(worker, signal.SIGINT)
        assert _wait(lambda: worker not in _children(proc.pid), 30)
    finally:
        receiver.stop()
    err = proc.stderr.read().decode()
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err


def test_ctrl_c_while_the_workers_still_start_ends_without_a_traceback(tmp_path):
    # a worker imports the receiver for about a second after it is started (also when one is replaced)
    import subprocess
    import sys
    from .helpers import free_port
    proc = subprocess.Popen([sys.executable, "-m", "resilience_desktop", "national", "serve", "--db",
                             f"sqlite:///{tmp_path / 'national.db'}", "--port", str(free_port()), "--workers", "2",
                             "--log-level", "warning"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        assert _wait(lambda: len(_children(proc.pid)) == 2, 30)
        workers = _children(proc.pid)
        os.killpg(proc.pid, signal.SIGINT)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    err = proc.stderr.read().decode()
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert _wait(lambda: not any(Path(f"/proc/{w}").exists() for w in workers), 30)
