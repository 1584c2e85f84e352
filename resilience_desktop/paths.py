"""Where the shipped data folders are, installed or in a source checkout."""

from __future__ import annotations

__all__ = ["data_dir", "config_dir"]

from pathlib import Path

import platformdirs

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The shipped ``scorecards`` or ``resources`` folder.

    An installed wheel has it inside the package (``resilience_desktop/<name>``); a source
    checkout or an editable install keeps it at the top of the repository.
    """
    inside = _PACKAGE / name
    return inside if inside.is_dir() else _PACKAGE.parent / name


def config_dir() -> Path:
    """The user's configuration folder of the app (platformdirs; ``XDG_CONFIG_HOME`` on Linux): the name
    the history records, the sync tokens' fallback file."""
    return Path(platformdirs.user_config_dir("ResilienceDesktop", appauthor=False))
