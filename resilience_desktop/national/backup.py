"""Rolling backups of a national store file before anything writes to it.

The same backups a workspace gets (:func:`resilience_desktop.store.database.take_backup`): an
online SQLite copy into ``<store>.backups/`` beside the file, the folder bounded in count and
size. A PostgreSQL store is backed up by its server's own tools, not here.
"""

from __future__ import annotations

__all__ = ["backup_store"]

from pathlib import Path

from ..store.database import take_backup
from ..safety.targets import NATIONAL_APP_ID, sqlite_application_id, store_path_of_url


def backup_store(url: str | Path) -> Path | None:
    """Back up the SQLite national store at ``url``; return the backup, or ``None`` when there is
    nothing of ours to back up (a new or empty file, a server, a file that is not a national store)."""
    path = store_path_of_url(url)
    if path is None or not path.is_file() or sqlite_application_id(path) != NATIONAL_APP_ID:
        return None
    return take_backup(path)
