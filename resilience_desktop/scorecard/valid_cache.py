"""Remember, by content hash, which definitions passed validation, so a workspace's stored copy
is not validated again at every start.

Every workspace keeps a copy of the definition its assessment was started on, and reading it
used to run the full JSON Schema validation (and import jsonschema) on each open. The cache holds
the SHA-256 of exactly what was validated: the app's version, the schema, and the definition
with its translation overlays merged in, written canonically (sorted keys). A copy changed in any
way, corrupted on disk or edited by hand in the ``.rdw`` file, has another hash and is validated
again, so its problems are still reported. The hashes live in the user's cache folder, never in
the workspace: a workspace cannot vouch for itself.

The file is one hex digest a line (``validated-scorecards.txt``); losing it costs one validation.
"""

from __future__ import annotations

__all__ = ["content_key", "is_known_valid", "remember_valid", "cache_path", "MAX_ENTRIES"]

import hashlib
import json
import logging
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import platformdirs

from .. import __version__

#: The file keeps at most this many hashes (the newest); each is one stored definition version.
MAX_ENTRIES = 256
_known: dict[Path, set[str]] = {}


def cache_path() -> Path:
    """``validated-scorecards.txt`` in the user's cache folder (beside the demo workspace)."""
    return Path(platformdirs.user_cache_dir("ResilienceDesktop", appauthor=False)) / "validated-scorecards.txt"


@lru_cache(maxsize=1)
def _schema_digest() -> bytes:
    return hashlib.sha256(resources.files(__package__).joinpath("schema.json").read_bytes()).digest()


def content_key(doc: Any) -> str:
    """The hash of ``doc`` as this version of the app validates it (its schema included).

    Examples
    --------
    >>> content_key({"id": "x", "version": 1}) == content_key({"version": 1, "id": "x"})
    True
    >>> content_key({"id": "x", "version": 1}) == content_key({"id": "x", "version": 2})
    False
    """
    h = hashlib.sha256(__version__.encode() + b"\0" + _schema_digest())
    h.update(json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return h.hexdigest()


def _load(path: Path) -> set[str]:
    if path not in _known:
        try:
            lines = path.read_text(encoding="ascii").split()
        except (OSError, UnicodeDecodeError):  # no cache yet, or unreadable: validate as before
            lines = []
        _known[path] = {ln for ln in lines if len(ln) == 64 and all(c in "0123456789abcdef" for c in ln)}
    return _known[path]


def is_known_valid(key: str) -> bool:
    """``True`` when a definition with this :func:`content_key` passed validation before."""
    return key in _load(cache_path())


def remember_valid(key: str) -> None:
    """Record that the definition with this key passed validation (appended to the cache file).

    A cache that cannot be written (read-only home, full disk) only means validating again next
    time, so that error is not the user's problem and is not raised.
    """
    path = cache_path()
    known = _load(path)
    if key in known:
        return
    known.add(key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if len(known) > MAX_ENTRIES:  # keep the newest half: rewrite the file in one step
            from ..atomic import atomic_target
            kept = [k for k in path.read_text(encoding="ascii").split() if k in known and k != key]
            kept = [*dict.fromkeys(kept)][-(MAX_ENTRIES // 2 - 1):] + [key]
            with atomic_target(path) as tmp:
                tmp.write_text("\n".join(kept) + "\n", encoding="ascii")
            _known[path] = set(kept)
        else:
            with path.open("a", encoding="ascii") as fh:  # one short line: two instances cannot interleave it
                fh.write(key + "\n")
    except OSError as exc:  # see the docstring: only a lost speed-up
        logging.getLogger(__name__).debug("cannot write %s: %s", path, exc)
