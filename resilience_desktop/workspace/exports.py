"""The record of bundles exported from a workspace (``ws.exports``): revisions, hashes, the outbox.

Each export of an assessment takes the next revision number inside one write transaction
(two exports cannot take the same one), signs with the city's key kept in the workspace, and
records the file and its hash, queued for every sync destination, before the transaction
commits. Not in the change log: an export must not change the payload of the next export.
"""

from __future__ import annotations

__all__ = ["BundleExports", "Revision"]

import contextlib
from pathlib import Path
from typing import Any, Iterator

from ..store import Database
from .cities import Cities, KeyMaker
from .common import new_id
from .outbox import queue_export
from .recorder import Recorder, Write
from .records import ChangeEvent, Entity


class Revision:
    """One export being written: its number, the previous file's hash, and how to record it."""

    def __init__(self, write: Write, cities: Cities, assessment_id: str, number: int, previous_sha256: str | None):
        self._write = write
        self._cities = cities
        self.assessment_id = assessment_id
        self.number = number
        self.previous_sha256 = previous_sha256

    def signing_key(self, city_id: str, make: KeyMaker) -> bytes:
        """The city's private key (raw bytes), made now (and kept only if the export commits) if none."""
        return self._cities.key_pair(city_id, make, write=self._write)[0]

    def record(self, *, file_name: str, sha256: str, exported_at: str, exported_by: str, path: str | Path,
               queue: bool = True) -> tuple[str, ...]:
        """Record the exported file; queue it for every sync destination (``queue``); return their names."""
        self._write.execute(
            "INSERT INTO bundle_exports (id, assessment_id, revision, sha256, previous_sha256, file_name,"
            " exported_at, exported_by, path) VALUES (?,?,?,?,?,?,?,?,?)",
            (new_id(), self.assessment_id, self.number, sha256, self.previous_sha256, file_name, exported_at,
             exported_by, str(path)))
        queued = queue_export(self._write, self.assessment_id, self.number, sha256, path) if queue else ()
        if queued:
            self._write.emit(ChangeEvent(Entity.OUTBOX, self.assessment_id, self.assessment_id, fields=("queued",)))
        return queued


class BundleExports:
    """Bundle revisions of each assessment.

    Parameters
    ----------
    database, recorder
        Reads; writes.
    cities
        Where each city's signing key is kept.
    """

    def __init__(self, database: Database, recorder: Recorder, cities: Cities):
        self._db = database
        self._recorder = recorder
        self._cities = cities

    @contextlib.contextmanager
    def new_revision(self, assessment_id: str) -> Iterator[Revision]:
        """Hold the write lock while the next revision of ``assessment_id`` is written.

        An exception inside the block records nothing (the revision number is not used up).
        """
        with self._recorder.write() as w:
            last = w.execute("SELECT revision, sha256 FROM bundle_exports WHERE assessment_id = ?"
                             " ORDER BY revision DESC LIMIT 1", (assessment_id,)).fetchone()
            number, previous = (last[0] + 1, last[1]) if last else (1, None)
            yield Revision(w, self._cities, assessment_id, number, previous)

    def history(self, assessment_id: str) -> list[dict[str, Any]]:
        """Every bundle exported for ``assessment_id``, oldest first (the local history of what was sent)."""
        return self._db.query("SELECT revision, sha256, previous_sha256, file_name, exported_at, exported_by"
                              " FROM bundle_exports WHERE assessment_id = ? ORDER BY revision", (assessment_id,))
