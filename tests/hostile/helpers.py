"""Running the command line on hostile input and proving nothing changed."""

from __future__ import annotations

import hashlib
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

from resilience_desktop.cli.main import main


def refused(capsys, *args: object) -> str:
    """Run the CLI in this process; it must exit 2 with exactly one line on stderr (no traceback)."""
    code = main([str(a) if not isinstance(a, str) else a for a in args])
    out, err = capsys.readouterr()
    assert code == 2, (code, out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("resilience-desktop: error: "), err
    return lines[0]


def accepted(capsys, *args: object) -> str:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert code == 0, (code, err)
    return out


def tree_digest(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder`` (names relative): a workspace, its WAL, backups, locks."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _hwm_kib(pid: int) -> int:
    """The process's peak resident size since its exec (VmHWM), in KiB; 0 once it has exited."""
    try:
        with open(f"/proc/{pid}/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def measured(args: list[str], *, timeout: float | None = None) -> dict:
    """``python -m resilience_desktop ARGS`` in a fresh process: exit code, stderr, seconds and peak
    resident memory (MiB: the child's VmHWM, polled every 20 ms; ``ru_maxrss`` would count the
    size of this process too, which the child shares until its exec)."""
    if timeout is None:  # RD_HOSTILE_TIMEOUT: shorter when running these tests against the old code
        timeout = float(os.environ.get("RD_HOSTILE_TIMEOUT", "60"))
    err_path = Path(tempfile.mkstemp(prefix="hostile-err-")[1])
    actions = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
               (os.POSIX_SPAWN_OPEN, 2, str(err_path), os.O_WRONLY | os.O_TRUNC, 0)]
    env = dict(os.environ)
    t0 = time.perf_counter()
    pid = os.posix_spawn(sys.executable, [sys.executable, "-m", "resilience_desktop", *map(str, args)], env,
                         file_actions=actions, setsid=True)
    killed = False
    peak = 0
    while True:
        peak = max(peak, _hwm_kib(pid))  # before reaping: a reaped child has no /proc entry
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if time.perf_counter() - t0 > timeout:
            os.killpg(pid, signal.SIGKILL)
            _d, status, usage = os.wait4(pid, 0)
            killed = True
            break
        time.sleep(0.02)
    seconds = time.perf_counter() - t0
    err = err_path.read_text("utf-8", "replace")
    err_path.unlink()
    return {"code": os.waitstatus_to_exitcode(status), "stderr": err, "seconds": seconds,
            "peak_mib": peak / 1024, "killed": killed}
