"""The workspace's own settings (``meta`` key/value rows): the demo flag, the map CRS, the basemap …"""

from __future__ import annotations

__all__ = ["Meta"]

from ..store import Database
from .recorder import Recorder
from .records import ChangeEvent


class Meta:
    """Key/value settings kept in the workspace; every change is logged.

    Parameters
    ----------
    database
        The open workspace database (reads).
    recorder
        Writes (transaction and change log).
    """

    def __init__(self, database: Database, recorder: Recorder):
        self._db = database
        self._recorder = recorder

    def get(self, key: str, default: str | None = None) -> str | None:
        rows = self._db.query("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0]["value"] if rows else default

    def set(self, key: str, value: str, *, event: ChangeEvent | None = None) -> None:
        """Store ``value`` under ``key`` (logged); subscribers get ``event`` when one is given."""
        with self._recorder.write() as w:
            old = self.get(key)
            w.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                      (key, value))
            w.log("meta", key, key, old, value)
            if event is not None:
                w.emit(event)

    @property
    def is_demo(self) -> bool:
        return self.get("demo") == "1"
