"""Definition files already read and validated, kept in the user's cache folder (no Qt).

Every process that reads the scorecards folders (the app at start, each command-line call, each
``national import`` of a platform's queue) parsed the YAML of every definition and its translation
overlays and ran the JSON Schema over the merged result: ~1 s of CPU on an ordinary laptop before
any work. A definition that loaded cleanly is kept here, keyed by what it was made from: the app's
version, the schema, this code, the file's path and contents and the contents of every file in its
``translations`` folder. A file edited in any way, an overlay added, a new app version: another key,
read and validated again, so its problems are still reported. A definition with problems, or with
an overlay that had problems, is never kept.

The entries are pickles of plain data (dicts, lists, strings, numbers) read with an unpickler that
refuses every class, so a damaged or planted file is a miss, never code. Losing the folder costs
one read.
"""

from __future__ import annotations

__all__ = ["key_for", "lookup", "remember", "cache_dir", "MAX_FILES"]

import hashlib
import io
import json
import logging
import os
import pickle
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import platformdirs

from .. import __version__

#: At most this many definitions are kept (the oldest go first).
MAX_FILES = 64
#: A definition or overlay larger than this is never looked up or kept (the largest shipped is ~0.3 MB).
_MAX_HASHED = 8 * 1024 * 1024
_log = logging.getLogger(__name__)


def cache_dir() -> Path:
    """``scorecards/`` in the user's cache folder (beside ``validated-scorecards.txt``)."""
    return Path(platformdirs.user_cache_dir("ResilienceDesktop", appauthor=False)) / "scorecards"


#: The modules whose code decides what a definition loads to: an edited one invalidates the cache.
_CODE = ("loader.py", "overlays.py", "parsed_cache.py")


@lru_cache(maxsize=1)
def _code_stamp() -> str:
    """The schema's digest and the reading code's own stamps (size and time of each source file).

    A packaged app has no source files (its modules are bytecode in an archive): there the app's
    version, part of every key, is what identifies the code.
    """
    h = hashlib.sha256(resources.files(__package__).joinpath("schema.json").read_bytes())
    here = Path(__file__).parent
    for name in _CODE:
        try:
            st = (here / name).stat()
        except OSError:
            h.update(f"{name}:packaged".encode())
            continue
        h.update(f"{name}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()


def key_for(path: Path) -> str | None:
    """What ``path`` loads from, as one hex digest; ``None`` when a file cannot be read (nothing is kept).

    The files' contents, not their times: an edit within the file system's time resolution (a
    script, a test) is still seen. Hashing them takes ~2 ms; parsing and validating, ~1 s.
    """
    h = hashlib.sha256(json.dumps([__version__, _code_stamp(), str(path.resolve())]).encode("utf-8"))
    try:
        for p in [path, *_overlay_files(path.parent / "translations")]:
            st = p.stat()
            if st.st_size > _MAX_HASHED:  # never read a huge file here (the loader refuses or skips it)
                return None
            h.update(b"\0" + p.name.encode("utf-8", "surrogateescape") + b"\0" + p.read_bytes())
    except OSError:
        return None
    return h.hexdigest()


def _overlay_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []


class _PlainData(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:  # plain data needs no class: refuse every one
        raise pickle.UnpicklingError(f"{module}.{name} is not plain data")


def lookup(key: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """``(merged, raw)`` kept under ``key`` (:func:`key_for` of a definition file), or ``None``."""
    try:
        data = (cache_dir() / f"{key}.pickle").read_bytes()
        merged, raw = _PlainData(io.BytesIO(data)).load()
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, IndexError,
            MemoryError):
        return None
    if not isinstance(merged, dict) or not isinstance(raw, dict):
        return None
    return merged, raw


def remember(key: str, merged: dict[str, Any], raw: dict[str, Any]) -> None:
    """Keep what the definition file of ``key`` loaded to (``merged``, with its overlays; ``raw``, as
    the file says).

    A cache that cannot be written (read-only home, full disk) only costs the speed-up: no error.
    """
    folder = cache_dir()
    try:
        data = pickle.dumps((merged, raw), protocol=pickle.HIGHEST_PROTOCOL)
        _PlainData(io.BytesIO(data)).load()  # e.g. a YAML date: not plain data, so not kept
    except (pickle.PicklingError, pickle.UnpicklingError, TypeError, AttributeError, RecursionError):
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{key}.pickle"
        partial = folder / f".{key}.{os.getpid()}.part"
        partial.write_bytes(data)
        os.replace(partial, target)  # whole or absent: a reader never sees half a file
        entries = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns)
        for old in entries[:-MAX_FILES]:
            old.unlink(missing_ok=True)
    except OSError as exc:
        _log.debug("cannot keep %s in %s: %s", key, folder, exc)
