"""Shared sync test data: a copy of the demo workspace, the receiver on a real port, tokens."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from resilience_desktop.workspace.facade import Workspace

JASYL = "Jasyl-Dala"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def copy_demo(template: Path, folder: Path) -> Path:
    """A private copy of the (closed) demo workspace."""
    return Path(shutil.copy(template, folder / "demo.rdw"))


def city_assessments(ws: Workspace, city_name: str = JASYL) -> tuple[str, list[str]]:
    """The id of the demo city ``city_name`` and its assessments' ids."""
    city = next(c for c in ws.list_cities() if c.name == city_name)
    return city.id, [a.id for a in ws.list_assessments() if a.city_id == city.id]


class Receiver:
    """``national serve`` in a subprocess on 127.0.0.1 at a free port: started, killed, restarted by the test."""

    def __init__(self, db: str, *extra: str, workers: int = 1):
        self.db, self.extra, self.workers = db, extra, workers
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> "Receiver":
        self.proc = subprocess.Popen([sys.executable, "-m", "resilience_desktop", "national", "serve", "--db", self.db,
                                      "--port", str(self.port), "--workers", str(self.workers), "--log-level",
                                      "warning", *self.extra], env=os.environ.copy(),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the receiver exited: {self.proc.stderr.read().decode()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/api/v1/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("the receiver did not start in time")

    def kill(self) -> None:
        """SIGKILL the whole process group (the server and its workers), as a crash would."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, 9)
            self.proc.wait(timeout=30)
        self.proc = None

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
        self.proc = None
