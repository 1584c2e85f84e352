"""Refusing an output file that would destroy something: an input, a workspace, a national store.

Every command that writes a file (the command line, the GUI's export actions and the core
writers through :func:`~resilience_desktop.atomic.atomic_target`) calls :func:`check_output_target`
before it writes anything. A refused target changes nothing and raises one plain sentence.
"""

from __future__ import annotations

__all__ = ["check_output_target", "sqlite_application_id", "store_path_of_url", "WORKSPACE_APP_ID",
           "NATIONAL_APP_ID"]

import os
from pathlib import Path
from typing import Iterable, Optional, Union

from ..errors import InvalidInputError
from ..i18n.catalog import tr

#: ``PRAGMA application_id`` of a workspace ("RDWS") and of a national store ("RDNS").
WORKSPACE_APP_ID = 0x52445753
NATIONAL_APP_ID = 0x52444E53
_SQLITE_MAGIC = b"SQLite format 3\x00"
_SIDE_SUFFIXES = ("-wal", "-shm", "-journal", ".lock")

PathLike = Union[str, Path]


def store_path_of_url(url: PathLike) -> Optional[Path]:
    """The file of a national store URL (``sqlite:///PATH`` or a plain path); ``None`` for a server."""
    text = str(url)
    if text.startswith("sqlite:///"):
        return Path(text[len("sqlite:///"):])
    if "://" in text:
        return None
    return Path(text)


def sqlite_application_id(path: Path) -> Optional[int]:
    """The ``application_id`` in an SQLite file's header (bytes 68–71), or ``None`` when ``path``
    is not an SQLite file (or cannot be read). Reads 72 bytes; never opens a database."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(72)
    except OSError:
        return None
    if len(head) < 72 or head[:16] != _SQLITE_MAGIC:
        return None
    return int.from_bytes(head[68:72], "big")


def _same(a: Path, b: Path) -> bool:
    try:
        if a.resolve() == b.resolve():
            return True
        return a.exists() and b.exists() and os.path.samefile(a, b)  # a hard link: same inode
    except OSError:
        return False


def _kind(path: Path) -> Optional[str]:
    app_id = sqlite_application_id(path)
    if app_id == WORKSPACE_APP_ID:
        return "workspace"
    if app_id == NATIONAL_APP_ID:
        return "national"
    return None


def check_output_target(target: PathLike, inputs: Iterable[Optional[PathLike]] = ()) -> None:
    """Refuse ``target`` when writing it would destroy something the user has.

    Raises :class:`~resilience_desktop.errors.InvalidInputError` (one sentence) when ``target`` is

    - one of ``inputs`` (the same path, or the same file through a link: compared by inode);
    - a Resilience Desktop workspace or a national store, or one of their side files
      (``-wal``, ``-shm``, ``-journal``, ``.lock``);
    - a folder.

    ``inputs`` may hold ``None`` (skipped) and national store URLs (``postgresql://`` is skipped).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> src = pathlib.Path(tempfile.mkdtemp()) / "in.csv"
    >>> _ = src.write_text("a")
    >>> check_output_target(src.with_name("out.csv"), [src])
    >>> check_output_target(src, [src])
    Traceback (most recent call last):
    ...
    resilience_desktop.errors.InvalidInputError: in.csv is one of this command's inputs; choose another output file
    """
    out = Path(target)
    for item in inputs:
        if item is None:
            continue
        path = store_path_of_url(item)
        if path is not None and _same(out, path):
            raise InvalidInputError(tr("{name} is one of this command's inputs; choose another output file",
                                       name=out.name))
    if out.is_dir():
        raise InvalidInputError(tr("{path} is a folder; give a file name to write", path=out))
    candidates = [out]
    for suffix in _SIDE_SUFFIXES:
        if out.name.endswith(suffix) and len(out.name) > len(suffix):
            candidates.append(out.with_name(out.name[: -len(suffix)]))
    for path in candidates:
        kind = _kind(path) if path.is_file() else None
        if kind is not None and path != out:
            raise InvalidInputError(tr("{name} belongs to {owner} (SQLite keeps its working data there); "
                                       "choose another output file", name=out.name, owner=path.name))
        if kind == "workspace":
            raise InvalidInputError(tr("{name} is a Resilience Desktop workspace; writing there would destroy it, "
                                       "choose another output file", name=out.name))
        if kind == "national":
            raise InvalidInputError(tr("{name} is a national store; writing there would destroy it, "
                                       "choose another output file", name=out.name))
