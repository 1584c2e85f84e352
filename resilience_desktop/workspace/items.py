"""Evidence, action items and stakeholder proposals of a workspace (part of :class:`Workspace`).

Kept apart from ``workspace.py`` only for size; the same rules hold: validate first, one
transaction per edit with its change-log rows, then tell subscribers.
"""

from __future__ import annotations

__all__ = ["WorkspaceItemsMixin", "ACTION_STATUSES", "MAX_EVIDENCE_BYTES"]

import hashlib
import re
from pathlib import Path

from ..errors import InvalidInputError, NotFoundError
from ..i18n.catalog import tr
from .records import ActionItem, ChangeEvent, Evidence, StakeholderScore
from .common import UNSET, new_id as _uuid, now as _now, score_text as _score_text
from .limits import check_length

ACTION_STATUSES = ("open", "in_progress", "done", "dropped")
MAX_EVIDENCE_BYTES = 200 * 1024 * 1024


class WorkspaceItemsMixin:
    """Methods of :class:`~resilience_desktop.workspace.facade.Workspace` for the items around answers."""

    # ----------------------------------------------------------------- evidence
    def add_evidence_file(self, assessment_id: str, question_id: str | None, path: str | Path,
                          *, name: str | None = None, note: str = "") -> str:
        """Copy a file into the workspace (stored once per content hash) and attach it."""
        path = Path(path)
        if question_id is not None:
            self._question(assessment_id, question_id)
        else:
            self.get_assessment(assessment_id)
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
            raise InvalidInputError(tr("cannot read {path}: {reason}", path=path, reason=exc.strerror or exc)) from exc
        digest = hashlib.sha256(data).hexdigest()
        return self._add_evidence(assessment_id, question_id, "file", name or path.name, note,
                                  sha256=digest, size=len(data), data=data)

    def add_evidence_link(self, assessment_id: str, question_id: str | None, url: str,
                          *, name: str | None = None, note: str = "") -> str:
        url = (url or "").strip()
        if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url):
            raise InvalidInputError(tr("{url!r} is not a link (expected e.g. https://… or file:…)", url=url))
        if question_id is not None:
            self._question(assessment_id, question_id)
        return self._add_evidence(assessment_id, question_id, "link", name or url, note, url=url)

    def _add_evidence(self, assessment_id: str, question_id: str | None, kind: str, name: str, note: str,
                      *, sha256: str | None = None, size: int | None = None, data: bytes | None = None,
                      url: str | None = None) -> str:
        check_length(tr("the evidence name"), name)
        check_length(tr("the evidence note"), note)
        eid, now = _uuid(), _now()
        with self._db.transaction() as c:
            if data is not None:
                c.execute("INSERT OR IGNORE INTO blobs (sha256, size, data) VALUES (?, ?, ?)", (sha256, size, data))
            c.execute("INSERT INTO evidence (id, assessment_id, question_id, kind, name, sha256, size, url, note,"
                      " added_by, added_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                      (eid, assessment_id, question_id, kind, name, sha256, size, url, note, self.user, now))
            self._log(c, "evidence", eid, "added", None, f"{kind}: {name}" + (f" ({sha256})" if sha256 else ""),
                      assessment_id, question_id)
        self._emit(ChangeEvent("evidence", eid, assessment_id, question_id, ("added",)))
        return eid

    def list_evidence(self, assessment_id: str, question_id: str | None = UNSET) -> list[Evidence]:
        # Ties within one millisecond are common (scripts, several files dropped at once): rowid
        # keeps them in the order they were added, so lists do not reshuffle between refreshes.
        sql, params = "SELECT * FROM evidence WHERE assessment_id = ? AND removed_at IS NULL", [assessment_id]
        if question_id is not UNSET:
            sql += " AND question_id IS ?"; params.append(question_id)
        return [Evidence(r["id"], r["question_id"], r["kind"], r["name"], r["sha256"], r["size"], r["url"],
                         r["note"], r["added_by"], r["added_at"])
                for r in self._db.query(sql + " ORDER BY added_at, rowid", tuple(params))]

    def _evidence_row(self, evidence_id: str) -> dict:
        rows = self._db.query("SELECT * FROM evidence WHERE id = ?", (evidence_id,))
        if not rows:
            raise NotFoundError(tr("no evidence with id {evidence_id!r}", evidence_id=evidence_id))
        return rows[0]

    def evidence_data(self, evidence_id: str) -> bytes:
        r = self._evidence_row(evidence_id)
        if r["kind"] != "file":
            raise InvalidInputError(tr("evidence {name!r} is a {kind}, not a file", name=r["name"], kind=r["kind"]))
        return self._db.query("SELECT data FROM blobs WHERE sha256 = ?", (r["sha256"],))[0]["data"]

    def rename_evidence(self, evidence_id: str, name: str) -> None:
        r = self._evidence_row(evidence_id)
        name = (name or "").strip()
        if not name:
            raise InvalidInputError(tr("evidence needs a name"))
        check_length(tr("the evidence name"), name)
        if name == r["name"]:
            return
        with self._db.transaction() as c:
            c.execute("UPDATE evidence SET name = ? WHERE id = ?", (name, evidence_id))
            self._log(c, "evidence", evidence_id, "name", r["name"], name, r["assessment_id"], r["question_id"])
        self._emit(ChangeEvent("evidence", evidence_id, r["assessment_id"], r["question_id"], ("name",)))

    def set_evidence_removed(self, evidence_id: str, removed: bool) -> None:
        """Remove evidence from its question (or bring it back); the stored file is kept."""
        r = self._evidence_row(evidence_id)
        if (r["removed_at"] is not None) == removed:
            return
        with self._db.transaction() as c:
            c.execute("UPDATE evidence SET removed_at = ? WHERE id = ?", (_now() if removed else None, evidence_id))
            self._log(c, "evidence", evidence_id, "removed" if removed else "restored", r["name"], None,
                      r["assessment_id"], r["question_id"])
        self._emit(ChangeEvent("evidence", evidence_id, r["assessment_id"], r["question_id"], ("removed",)))

    # ----------------------------------------------------------------- action items
    def add_action(self, assessment_id: str, question_id: str | None, action: str, *, responsible: str = "",
                   timescale: str = "", status: str = "open") -> str:
        if question_id is not None:
            self._question(assessment_id, question_id)
        else:
            self.get_assessment(assessment_id)
        action = (action or "").strip()
        if not action:
            raise InvalidInputError(tr("an action item needs a description of the action"))
        if status not in ACTION_STATUSES:
            raise InvalidInputError(tr("status must be one of {statuses}", statuses=", ".join(ACTION_STATUSES)))
        for label, text in ((tr("the action"), action), (tr("responsible"), responsible), (tr("timescale"), timescale)):
            check_length(label, text)
        xid, now = _uuid(), _now()
        with self._db.transaction() as c:
            c.execute("INSERT INTO action_items (id, assessment_id, question_id, action, responsible, timescale,"
                      " status, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)",
                      (xid, assessment_id, question_id, action, responsible, timescale, status, now, now))
            self._log(c, "action", xid, "added", None, action, assessment_id, question_id)
        self._emit(ChangeEvent("action", xid, assessment_id, question_id, ("added",)))
        return xid

    def update_action(self, action_id: str, **fields: str) -> None:
        rows = self._db.query("SELECT * FROM action_items WHERE id = ?", (action_id,))
        if not rows:
            raise NotFoundError(tr("no action item with id {action_id!r}", action_id=action_id))
        r = rows[0]
        bad = set(fields) - {"action", "responsible", "timescale", "status"}
        if bad:
            raise InvalidInputError(tr("unknown action item fields: {fields}", fields=", ".join(sorted(bad))))
        if "status" in fields and fields["status"] not in ACTION_STATUSES:
            raise InvalidInputError(tr("status must be one of {statuses}", statuses=", ".join(ACTION_STATUSES)))
        if "action" in fields and not fields["action"].strip():
            raise InvalidInputError(tr("an action item needs a description of the action"))
        for k, v in fields.items():
            check_length(tr(k), v)
        changed = {k: v for k, v in fields.items() if r[k] != v}
        if not changed:
            return
        with self._db.transaction() as c:
            for k, v in changed.items():
                c.execute(f"UPDATE action_items SET {k} = ?, updated_at = ? WHERE id = ?", (v, _now(), action_id))
                self._log(c, "action", action_id, k, r[k], v, r["assessment_id"], r["question_id"])
        self._emit(ChangeEvent("action", action_id, r["assessment_id"], r["question_id"], tuple(changed)))

    def set_action_removed(self, action_id: str, removed: bool) -> None:
        rows = self._db.query("SELECT * FROM action_items WHERE id = ?", (action_id,))
        if not rows:
            raise NotFoundError(tr("no action item with id {action_id!r}", action_id=action_id))
        r = rows[0]
        if (r["removed_at"] is not None) == removed:
            return
        with self._db.transaction() as c:
            c.execute("UPDATE action_items SET removed_at = ? WHERE id = ?", (_now() if removed else None, action_id))
            self._log(c, "action", action_id, "removed" if removed else "restored", r["action"], None,
                      r["assessment_id"], r["question_id"])
        self._emit(ChangeEvent("action", action_id, r["assessment_id"], r["question_id"], ("removed",)))

    def list_actions(self, assessment_id: str, question_id: str | None = UNSET) -> list[ActionItem]:
        sql, params = "SELECT * FROM action_items WHERE assessment_id = ? AND removed_at IS NULL", [assessment_id]
        if question_id is not UNSET:
            sql += " AND question_id IS ?"; params.append(question_id)
        return [ActionItem(r["id"], r["question_id"], r["action"], r["responsible"], r["timescale"], r["status"],
                           r["updated_at"])
                for r in self._db.query(sql + " ORDER BY created_at, rowid", tuple(params))]

    # ----------------------------------------------------------------- stakeholder scores
    def set_stakeholder_score(self, assessment_id: str, question_id: str, stakeholder: str, *,
                              score: int | None = None, na: bool = False, note: str = "",
                              note_private: bool = False) -> None:
        """Record one stakeholder group's proposed score (``score=None, na=False`` removes it).

        ``note_private`` keeps the note off projected screens, reports and bundles unless included."""
        _, card = self._question(assessment_id, question_id)
        stakeholder = (stakeholder or "").strip()
        if not stakeholder:
            raise InvalidInputError(tr("name the stakeholder group"))
        check_length(tr("the stakeholder group"), stakeholder)
        check_length(tr("the note"), note)
        if score is not None and (isinstance(score, bool) or not card.min_score <= score <= card.max_score):
            raise InvalidInputError(tr("score must be from {low} to {high}", low=card.min_score, high=card.max_score))
        rows = self._db.query("SELECT * FROM stakeholder_scores WHERE assessment_id = ? AND question_id = ?"
                              " AND stakeholder = ?", (assessment_id, question_id, stakeholder))
        old = ((_score_text(rows[0]["score"], bool(rows[0]["na"])), rows[0]["note"],
                bool(rows[0].get("note_private", 0))) if rows else (None, "", False))
        remove = score is None and not na
        new = (None, "", False) if remove else (_score_text(score, na), note, bool(note_private))
        if old == new:
            return
        with self._db.transaction() as c:
            if remove:
                c.execute("DELETE FROM stakeholder_scores WHERE assessment_id = ? AND question_id = ? AND stakeholder = ?",
                          (assessment_id, question_id, stakeholder))
            else:
                c.execute("INSERT INTO stakeholder_scores (id, assessment_id, question_id, stakeholder, score, na,"
                          " note, note_private, updated_by, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)"
                          " ON CONFLICT (assessment_id, question_id, stakeholder) DO UPDATE SET"
                          " score = excluded.score, na = excluded.na, note = excluded.note,"
                          " note_private = excluded.note_private,"
                          " updated_by = excluded.updated_by, updated_at = excluded.updated_at",
                          (_uuid(), assessment_id, question_id, stakeholder, score, int(na), note,
                           int(bool(note_private)), self.user, _now()))
            if old[0] != new[0]:
                self._log(c, "stakeholder", stakeholder, "proposed score", old[0], new[0], assessment_id, question_id)
            if old[1] != new[1]:
                self._log(c, "stakeholder", stakeholder, "note", old[1], new[1], assessment_id, question_id)
            if old[2] != new[2]:
                self._log(c, "stakeholder", stakeholder, "note_private", old[2], new[2], assessment_id, question_id)
        self._emit(ChangeEvent("stakeholder", stakeholder, assessment_id, question_id, ("score",)))

    def stakeholder_scores(self, assessment_id: str, question_id: str) -> list[StakeholderScore]:
        return [StakeholderScore(r["stakeholder"], r["score"], bool(r["na"]), r["note"], r["updated_at"],
                                 bool(r.get("note_private", 0)))
                for r in self._db.query("SELECT * FROM stakeholder_scores WHERE assessment_id = ? AND question_id = ?"
                                        " ORDER BY stakeholder COLLATE NOCASE", (assessment_id, question_id))]
