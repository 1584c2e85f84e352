"""Temporary files and folders that never outlive their purpose, even after a crash.

Every temporary name we make carries the id of the process that made it (``.NAME.rd<pid>-XXXX.tmp``
beside a target, ``rd-bundle-<pid>-XXXX`` in the temporary folder). Normal and failing paths
remove their own; what a killed process left is removed later by :func:`sweep_beside` (before
the next write to the same folder) and :func:`sweep_temp_dir` (at start-up), which only touch
names whose process is gone, so two running instances never remove each other's work.
"""

from __future__ import annotations

__all__ = ["tagged_prefix", "owner_pid", "is_orphan", "sweep_beside", "sweep_temp_dir", "make_temp_dir",
           "temp_dir", "TEMP_DIR_PREFIXES"]

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: Prefixes of our folders in the system temporary folder.
TEMP_DIR_PREFIXES = ("rd-bundle-", "rd-verify-", "rd-report-", "rd-demo-", "rd-raster-", "rd-shx-", "rd-pending-")
_PID = re.compile(r"rd(\d+)-")


def tagged_prefix(prefix: str) -> str:
    """``prefix`` followed by this process's tag (``rd<pid>-``)."""
    return f"{prefix}rd{os.getpid()}-"


def owner_pid(name: str) -> int | None:
    """The process id in a tagged name, or ``None`` when the name carries none."""
    found = _PID.findall(name)  # the last one: the tag is added after the user's own file name
    return int(found[-1]) if found else None


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    except OSError:  # Windows raises OSError for a pid that is gone
        return False
    return True


def is_orphan(name: str) -> bool:
    """Whether a tagged name was left by a process that no longer runs."""
    pid = owner_pid(name)
    return pid is not None and not _alive(pid)


def _remove(path: Path) -> bool:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
        return True
    except FileNotFoundError:
        return True
    except OSError:
        return False


def sweep_beside(folder: Path, pattern: str) -> int:
    """Remove the orphans matching ``pattern`` in ``folder``; return how many were removed."""
    removed = 0
    try:
        entries = list(Path(folder).glob(pattern))
    except OSError:
        return 0
    for path in entries:
        if is_orphan(path.name) and _remove(path):
            removed += 1
    return removed


def sweep_temp_dir(folder: Path | None = None) -> int:
    """Remove what killed instances left in the temporary folder (called at start-up)."""
    base = Path(folder or tempfile.gettempdir())
    return sum(sweep_beside(base, f"{prefix}rd*") for prefix in TEMP_DIR_PREFIXES)


def make_temp_dir(prefix: str) -> Path:
    """A new temporary folder tagged with this process (``prefix`` is one of :data:`TEMP_DIR_PREFIXES`)."""
    return Path(tempfile.mkdtemp(prefix=tagged_prefix(prefix)))


@contextmanager
def temp_dir(prefix: str) -> Iterator[Path]:
    """:func:`make_temp_dir` for a ``with`` block: removed when the block ends, and by the next start's
    :func:`sweep_temp_dir` when the process is killed inside it (a plain ``TemporaryDirectory`` stays for ever:
    a raster packed while the demo was being written was found left after a SIGKILL)."""
    folder = make_temp_dir(prefix)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
