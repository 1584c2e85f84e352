"""Writing a file so that readers see the old file or the new one, never half of one."""

from __future__ import annotations

__all__ = ["atomic_target"]

import contextlib
import os
import tempfile
from pathlib import Path
from glob import escape as glob_escape
from typing import Iterator

from .safety.targets import check_output_target
from .safety.tempfiles import sweep_beside, tagged_prefix


@contextlib.contextmanager
def atomic_target(path: str | Path, *, mode: int = 0o644) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path`` in one step.

    Write the whole file to the yielded path (with any writer: Python, Qt, SQLite). When the block
    ends normally the file is flushed to disk and moved over ``path`` with :func:`os.replace`; when
    it raises, the temporary file is removed and ``path`` is left as it was. The temporary name
    carries this process's id, so one left by a killed process is removed by the next write to
    the same folder. A ``path`` that is a workspace or a national store is refused
    (:func:`~resilience_desktop.safety.targets.check_output_target`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> with atomic_target(out) as tmp:
    ...     _ = tmp.write_text("done")
    >>> out.read_text()
    'done'
    """
    out = Path(path)
    check_output_target(out)  # never replace a workspace or a national store with an export
    sweep_beside(out.parent, f".{glob_escape(out.name)}.rd*.tmp")  # what a killed writer left here
    if out.exists() and out.is_file():
        mode = out.stat().st_mode & 0o777
    try:
        fd, name = tempfile.mkstemp(prefix=tagged_prefix(f".{out.name}."), suffix=".tmp", dir=out.parent)
    except OSError as exc:  # name the file the user asked for, not our temporary one
        raise OSError(exc.errno, exc.strerror, str(out)) from None
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)  # mkstemp makes the file private (0600); an export is meant to be shared
        os.replace(tmp, out)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
