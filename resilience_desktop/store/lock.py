"""The write lock of a workspace: an OS lock on the workspace file itself.

A lock *file* beside the workspace (``x.rdw.lock``) can be deleted while it is held, after which
a second writer creates a new one and gets in. Here the lock is ``flock`` on the ``.rdw`` file:
it lives on the file's inode, so nothing on disk can be removed to bypass it, and it goes away
with the process (no stale lock after a crash). SQLite's own locks on the same file are POSIX
byte-range locks, which ``flock`` does not interact with on Linux and macOS. After locking, the
path must still name the locked inode: a workspace replaced underneath (moved away and a copy
put in its place) is refused rather than written unlocked.

Windows has no ``flock``; there the lock is the ``.lock`` file beside the workspace, held open
(Windows does not let an open file be deleted, which closes the same hole).
"""

from __future__ import annotations

__all__ = ["WorkspaceLock", "lock_path"]

import os
import sys
from pathlib import Path

from ..errors import WorkspaceLockedError
from ..i18n.catalog import tr


def lock_path(path: Path) -> Path:
    """Where the Windows lock file lives (unused on POSIX)."""
    return path.with_name(path.name + ".lock")


def _locked(path: Path) -> WorkspaceLockedError:
    return WorkspaceLockedError(tr(
        "{name} is open in another running Resilience Desktop; close it there, or open this one read-only",
        name=path.name))


class WorkspaceLock:
    """An exclusive, non-blocking write lock on ``path``; :meth:`release` (or process exit) frees it.

    ``create=True`` creates the file (which must not exist) and locks it in one step, so two
    processes creating the same workspace cannot both succeed.
    """

    def __init__(self, path: Path, *, create: bool = False):
        self.path = Path(path)
        self._fd: int | None = None
        self._other = None
        if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
            import filelock
            if create:
                os.close(os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL))
            self._other = filelock.FileLock(str(lock_path(self.path)), timeout=0)
            try:
                self._other.acquire()
            except filelock.Timeout:
                raise _locked(self.path) from None
            return
        import fcntl
        flags = os.O_RDONLY | os.O_CLOEXEC | ((os.O_CREAT | os.O_EXCL) if create else 0)
        fd = os.open(self.path, flags, 0o666)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise _locked(self.path) from None
            try:
                same = os.stat(self.path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if not same:
                raise _locked(self.path)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the flock
            self._fd = None
        if self._other is not None:  # pragma: no cover - Windows
            self._other.release()
            self._other = None
