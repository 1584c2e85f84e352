"""The SQLite workspace store: one portable file per workspace. Pure Python, no Qt."""

from .database import (
    BACKUPS_KEPT, WORKSPACE_SUFFIX, Database, backups_dir, create_database, open_database, take_backup,
)
from .schema import APPLICATION_ID, SCHEMA_VERSION, migrate

__all__ = [
    "APPLICATION_ID", "BACKUPS_KEPT", "Database", "SCHEMA_VERSION", "WORKSPACE_SUFFIX", "backups_dir",
    "create_database", "migrate", "open_database", "take_backup",
]
