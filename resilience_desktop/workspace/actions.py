"""Action items of an assessment (``ws.actions``): what the city will do, who, by when, how far it got."""

from __future__ import annotations

__all__ = ["ActionItems", "ACTION_STATUSES"]

from typing import Any

from ..errors import InvalidInputError, NotFoundError
from ..i18n.catalog import tr
from ..store import Database
from .assessments import Assessments
from .common import UNSET, new_id, now
from .limits import check_length
from .recorder import Recorder
from .records import ActionItem, ChangeEvent, Entity

ACTION_STATUSES = ("open", "in_progress", "done", "dropped")


class ActionItems:
    """The action items of every assessment (``Entity.ACTION`` events); removing one hides it.

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

    def add(self, assessment_id: str, question_id: str | None, action: str, *, responsible: str = "",
            timescale: str = "", status: str = "open") -> str:
        if question_id is not None:
            self._assessments.question(assessment_id, question_id)
        else:
            self._assessments.get(assessment_id)
        action = (action or "").strip()
        if not action:
            raise InvalidInputError(tr("an action item needs a description of the action"))
        if status not in ACTION_STATUSES:
            raise InvalidInputError(tr("status must be one of {statuses}", statuses=", ".join(ACTION_STATUSES)))
        for label, text in ((tr("the action"), action), (tr("responsible"), responsible), (tr("timescale"), timescale)):
            check_length(label, text)
        xid, at = new_id(), now()
        with self._recorder.write() as w:
            w.execute("INSERT INTO action_items (id, assessment_id, question_id, action, responsible, timescale,"
                      " status, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)",
                      (xid, assessment_id, question_id, action, responsible, timescale, status, at, at))
            w.log(Entity.ACTION, xid, "added", None, action, assessment_id, question_id)
            w.emit(ChangeEvent(Entity.ACTION, xid, assessment_id, question_id, ("added",)))
        return xid

    def _row(self, action_id: str) -> dict[str, Any]:
        rows = self._db.query("SELECT * FROM action_items WHERE id = ?", (action_id,))
        if not rows:
            raise NotFoundError(tr("no action item with id {action_id!r}", action_id=action_id))
        return rows[0]

    def update(self, action_id: str, /, **fields: str) -> None:
        r = self._row(action_id)
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
        with self._recorder.write() as w:
            for k, v in changed.items():
                w.execute(f"UPDATE action_items SET {k} = ?, updated_at = ? WHERE id = ?", (v, now(), action_id))
                w.log(Entity.ACTION, action_id, k, r[k], v, r["assessment_id"], r["question_id"])
            w.emit(ChangeEvent(Entity.ACTION, action_id, r["assessment_id"], r["question_id"], tuple(changed)))

    def set_removed(self, action_id: str, removed: bool) -> None:
        r = self._row(action_id)
        self._recorder.soft_remove(
            "action_items", action_id, removed,
            ChangeEvent(Entity.ACTION, action_id, r["assessment_id"], r["question_id"], ("removed",)),
            old=r["action"], assessment_id=r["assessment_id"], question_id=r["question_id"])

    def all(self, assessment_id: str, question_id: str | None = UNSET) -> list[ActionItem]:
        params: list[str | None]
        sql, params = "SELECT * FROM action_items WHERE assessment_id = ? AND removed_at IS NULL", [assessment_id]
        if question_id is not UNSET:
            sql += " AND question_id IS ?"
            params.append(question_id)
        return [ActionItem(r["id"], r["question_id"], r["action"], r["responsible"], r["timescale"], r["status"],
                           r["updated_at"])
                for r in self._db.query(sql + " ORDER BY created_at, rowid", tuple(params))]
