"""Secrets a workspace refers to but never holds: the sync destinations' bearer tokens (no Qt).

A workspace file is copied, e-mailed, backed up and exported; a token inside it would travel
with it. So a destination keeps only a *reference* (a random id, ``sync_destinations.token_ref``)
and the token itself lives on this computer, for this user:

- in the operating system's keyring (macOS Keychain, Windows Credential Locker, the Secret
  Service of GNOME/KDE) through the ``keyring`` library, when a real backend is available;
- otherwise in one file in the user's config folder (``platformdirs``), readable by the user
  only (0600), a JSON object from reference to token.

Reading looks in both places (a token saved while the keyring was locked or absent is still
found later). A reference whose token is found nowhere means the workspace came from another
computer (or user): the destination needs its token again. Lookups are cached per process.

Tests point ``XDG_CONFIG_HOME`` at a temporary folder and ``PYTHON_KEYRING_BACKEND`` at
keyring's ``fail`` backend, so they touch neither the user's keyring nor config folder.
"""

from __future__ import annotations

__all__ = ["SERVICE", "new_ref", "put_secret", "get_secret", "delete_secret", "secrets_file", "backend_name",
           "clear_cache"]

import contextlib
import json
import os
import threading
import uuid
from pathlib import Path
from typing import Any, Iterator

from ..errors import WorkspaceError
from ..i18n.catalog import tr
from ..i18n.reasons import os_reason
from ..paths import config_dir

#: The keyring "service" under which tokens are saved (the reference is the user name).
SERVICE = "Resilience Desktop sync token"
_FILE_NAME = "sync-tokens.json"
_cache: dict[str, str] = {}
_lock = threading.Lock()


def new_ref() -> str:
    """A fresh reference for a secret (random, so two workspaces' destinations never share one)."""
    return "sync-" + uuid.uuid4().hex


def clear_cache() -> None:
    """Forget what this process has looked up (the next lookup asks the keyring and the file again)."""
    _cache.clear()


def secrets_file() -> Path:
    """The per-user file used when no keyring is available."""
    return config_dir() / _FILE_NAME


def _keyring() -> Any | None:
    """The keyring backend when it is a real one (not keyring's ``fail``/``null`` placeholders)."""
    try:
        import keyring
        from keyring.backends import chainer, fail, null
        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001 - a broken keyring installation is "no keyring"
        return None
    if isinstance(backend, (fail.Keyring, null.Keyring)):
        return None
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return None
    return backend


def backend_name() -> str:
    """Where new secrets go: ``"keyring (<backend>)"`` or ``"file (<path>)"`` (for ``--json`` and logs)."""
    backend = _keyring()
    return f"keyring ({type(backend).__module__}.{type(backend).__name__})" if backend else f"file ({secrets_file()})"


# ------------------------------------------------------------------ the file
def _read_file(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise WorkspaceError(tr("the token file {path} cannot be read ({reason}); move it away and enter the"
                                " tokens again", path=path, reason=exc)) from None
    tokens = data.get("tokens") if isinstance(data, dict) else None
    if not isinstance(tokens, dict):
        raise WorkspaceError(tr("the token file {path} is damaged; move it away and enter the tokens again",
                                path=path))
    return {str(k): str(v) for k, v in tokens.items()}


def _write_file(path: Path, tokens: dict[str, str]) -> None:
    """Replace the file atomically; it is created 0600 (never readable by others, not even briefly)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"format": 1, "tokens": tokens}, fh, indent=1, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


@contextlib.contextmanager
def _file_locked(path: Path) -> Iterator[None]:
    import filelock
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with _lock, filelock.FileLock(str(path.with_name(path.name + ".lock")), timeout=30):
        yield


def _file_error(path: Path, exc: OSError) -> WorkspaceError:
    return WorkspaceError(tr("the token cannot be saved in {path}: {reason}", path=path,
                             reason=os_reason(exc)))


# ------------------------------------------------------------------ the interface
def put_secret(ref: str, secret: str) -> None:
    """Save ``secret`` under ``ref``: in the keyring when there is one that works, else in the file."""
    backend = _keyring()
    if backend is not None:
        try:
            backend.set_password(SERVICE, ref, secret)
            _cache[ref] = secret
            return
        except Exception:  # noqa: BLE001 - a locked or unreachable keyring: the file still keeps it
            pass
    path = secrets_file()
    try:
        with _file_locked(path):
            tokens = _read_file(path)
            tokens[ref] = secret
            _write_file(path, tokens)
    except OSError as exc:
        raise _file_error(path, exc) from None
    _cache[ref] = secret


def get_secret(ref: str) -> str | None:
    """The secret saved under ``ref`` on this computer, or ``None`` when there is none."""
    if ref in _cache:
        return _cache[ref]
    value = None
    backend = _keyring()
    if backend is not None:
        with contextlib.suppress(Exception):
            value = backend.get_password(SERVICE, ref)
    if value is None:
        path = secrets_file()
        try:
            if path.exists() and os.name == "posix" and path.stat().st_mode & 0o077:
                os.chmod(path, 0o600)  # someone widened it: the file holds tokens
            value = _read_file(path).get(ref)
        except (OSError, WorkspaceError):
            value = None  # unreadable: the destination asks for its token again
    if value is not None:
        _cache[ref] = value
    return value


def delete_secret(ref: str) -> None:
    """Forget the secret saved under ``ref`` (from the keyring and the file); no error when absent."""
    _cache.pop(ref, None)
    backend = _keyring()
    if backend is not None:
        with contextlib.suppress(Exception):
            backend.delete_password(SERVICE, ref)
    path = secrets_file()
    if not path.exists():
        return
    try:
        with _file_locked(path):
            tokens = _read_file(path)
            if tokens.pop(ref, None) is not None:
                _write_file(path, tokens)
    except (OSError, WorkspaceError):
        pass  # a token left in the user's own 0600 file is harmless; removing the destination goes on
