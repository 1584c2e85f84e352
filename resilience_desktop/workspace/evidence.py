"""Evidence attached to an assessment or one of its questions (``ws.evidence``): files and links.

A file is copied into the workspace once per content hash (``blobs``); removing evidence hides
it (undo brings it back) and keeps the stored file.
"""

from __future__ import annotations

__all__ = ["EvidenceItems", "MAX_EVIDENCE_BYTES"]

import hashlib
import re
from pathlib import Path
from typing import Any

from ..errors import InvalidInputError, NotFoundError
from ..i18n.catalog import tr
from ..i18n.reasons import os_reason
from ..store import Database
from .assessments import Assessments
from .common import UNSET, new_id, now
from .limits import check_length
from .recorder import Recorder
from .records import ChangeEvent, Entity, Evidence

MAX_EVIDENCE_BYTES = 200 * 1024 * 1024


class EvidenceItems:
    """The evidence of every assessment (``Entity.EVIDENCE`` events).

    Parameters
    ----------
    database, recorder
        Reads; writes.
    assessments
        Checks that the assessment and question exist and can be answered.
    """

    def __init__(self, database: Database, recorder: Recorder, assessments: Assessments):
        self._db = database
        self._recorder = recorder
        self._assessments = assessments

    def _check_target(self, assessment_id: str, question_id: str | None) -> None:
        if question_id is not None:
            self._assessments.question(assessment_id, question_id)
        else:
            self._assessments.get(assessment_id)

    def add_file(self, assessment_id: str, question_id: str | None, path: str | Path, *, name: str | None = None,
                 note: str = "") -> str:
        """Copy a file into the workspace (stored once per content hash) and attach it; return its id."""
        path = Path(path)
        self._check_target(assessment_id, question_id)
        try:
            size = path.stat().st_size
            if not path.is_file():
                raise InvalidInputError(tr("{path} is not a file", path=path))
            if size > MAX_EVIDENCE_BYTES:
                raise InvalidInputError(tr(
                    "{name} is {size} MiB; evidence files are limited to {limit} MiB (attach a link instead)",
                    name=path.name, size=size // 2**20, limit=MAX_EVIDENCE_BYTES // 2**20))
            data = path.read_bytes()
        except OSError as exc:
            raise InvalidInputError(tr("cannot read {path}: {reason}", path=path, reason=os_reason(exc))) from exc
        return self.add_data(assessment_id, question_id, data, name=name or path.name, note=note)

    def add_data(self, assessment_id: str, question_id: str | None, data: bytes, *, name: str,
                 note: str = "") -> str:
        """Attach ``data`` as a file called ``name`` (a table the app made, say); return the evidence id."""
        self._check_target(assessment_id, question_id)
        if len(data) > MAX_EVIDENCE_BYTES:
            raise InvalidInputError(tr(
                "{name} is {size} MiB; evidence files are limited to {limit} MiB (attach a link instead)",
                name=name, size=len(data) // 2**20, limit=MAX_EVIDENCE_BYTES // 2**20))
        digest = hashlib.sha256(data).hexdigest()
        return self._add(assessment_id, question_id, "file", name, note, sha256=digest, size=len(data), data=data)

    def add_link(self, assessment_id: str, question_id: str | None, url: str, *, name: str | None = None,
                 note: str = "") -> str:
        url = (url or "").strip()
        if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url):
            raise InvalidInputError(tr("{url!r} is not a link (expected e.g. https://… or file:…)", url=url))
        if question_id is not None:
            self._assessments.question(assessment_id, question_id)
        return self._add(assessment_id, question_id, "link", name or url, note, url=url)

    def _add(self, assessment_id: str, question_id: str | None, kind: str, name: str, note: str, *,
             sha256: str | None = None, size: int | None = None, data: bytes | None = None,
             url: str | None = None) -> str:
        check_length(tr("the evidence name"), name)
        check_length(tr("the evidence note"), note)
        eid, at = new_id(), now()
        with self._recorder.write() as w:
            if data is not None:
                w.execute("INSERT OR IGNORE INTO blobs (sha256, size, data) VALUES (?, ?, ?)", (sha256, size, data))
            w.execute("INSERT INTO evidence (id, assessment_id, question_id, kind, name, sha256, size, url, note,"
                      " added_by, added_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                      (eid, assessment_id, question_id, kind, name, sha256, size, url, note, self._recorder.user, at))
            w.log(Entity.EVIDENCE, eid, "added", None, f"{kind}: {name}" + (f" ({sha256})" if sha256 else ""),
                  assessment_id, question_id)
            w.emit(ChangeEvent(Entity.EVIDENCE, eid, assessment_id, question_id, ("added",)))
        return eid

    def all(self, assessment_id: str, question_id: str | None = UNSET) -> list[Evidence]:
        # Ties within one millisecond are common (scripts, several files dropped at once): rowid
        # keeps them in the order they were added, so lists do not reshuffle between refreshes.
        params: list[str | None]
        sql, params = "SELECT * FROM evidence WHERE assessment_id = ? AND removed_at IS NULL", [assessment_id]
        if question_id is not UNSET:
            sql += " AND question_id IS ?"
            params.append(question_id)
        return [Evidence(r["id"], r["question_id"], r["kind"], r["name"], r["sha256"], r["size"], r["url"],
                         r["note"], r["added_by"], r["added_at"])
                for r in self._db.query(sql + " ORDER BY added_at, rowid", tuple(params))]

    def _row(self, evidence_id: str) -> dict[str, Any]:
        rows = self._db.query("SELECT * FROM evidence WHERE id = ?", (evidence_id,))
        if not rows:
            raise NotFoundError(tr("no evidence with id {evidence_id!r}", evidence_id=evidence_id))
        return rows[0]

    def data(self, evidence_id: str) -> bytes:
        r = self._row(evidence_id)
        if r["kind"] != "file":
            raise InvalidInputError(tr("evidence {name!r} is a {kind}, not a file", name=r["name"], kind=r["kind"]))
        return bytes(self._db.query("SELECT data FROM blobs WHERE sha256 = ?", (r["sha256"],))[0]["data"])

    def rename(self, evidence_id: str, name: str) -> None:
        r = self._row(evidence_id)
        name = (name or "").strip()
        if not name:
            raise InvalidInputError(tr("evidence needs a name"))
        check_length(tr("the evidence name"), name)
        if name == r["name"]:
            return
        with self._recorder.write() as w:
            w.execute("UPDATE evidence SET name = ? WHERE id = ?", (name, evidence_id))
            w.log(Entity.EVIDENCE, evidence_id, "name", r["name"], name, r["assessment_id"], r["question_id"])
            w.emit(ChangeEvent(Entity.EVIDENCE, evidence_id, r["assessment_id"], r["question_id"], ("name",)))

    def set_removed(self, evidence_id: str, removed: bool) -> None:
        """Remove evidence from its question (or bring it back); the stored file is kept."""
        r = self._row(evidence_id)
        self._recorder.soft_remove(
            "evidence", evidence_id, removed,
            ChangeEvent(Entity.EVIDENCE, evidence_id, r["assessment_id"], r["question_id"], ("removed",)),
            old=r["name"], assessment_id=r["assessment_id"], question_id=r["question_id"])
