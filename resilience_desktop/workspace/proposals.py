"""Stakeholder groups' proposed scores (``ws.proposals``): what each group thinks a question deserves."""

from __future__ import annotations

__all__ = ["Proposals"]

from typing import Any

from ..errors import InvalidInputError
from ..i18n.catalog import tr
from ..store import Database
from .assessments import Assessments
from .common import new_id, now, score_text
from .limits import check_length
from .recorder import Recorder
from .records import ChangeEvent, Entity, StakeholderScore


class Proposals:
    """Stakeholder proposals per question (``Entity.STAKEHOLDER`` events).

    Parameters
    ----------
    database, recorder
        Reads; writes.
    assessments
        Checks the question and gives its scorecard's scale.
    """

    def __init__(self, database: Database, recorder: Recorder, assessments: Assessments):
        self._db = database
        self._recorder = recorder
        self._assessments = assessments

    def set(self, assessment_id: str, question_id: str, stakeholder: str, *, score: int | None = None,
            na: bool = False, note: str = "", note_private: bool = False) -> None:
        """Record one stakeholder group's proposed score (``score=None, na=False`` removes it).

        ``note_private`` keeps the note off projected screens, reports and bundles unless included."""
        _, card = self._assessments.question(assessment_id, question_id)
        stakeholder = (stakeholder or "").strip()
        if not stakeholder:
            raise InvalidInputError(tr("name the stakeholder group"))
        check_length(tr("the stakeholder group"), stakeholder)
        check_length(tr("the note"), note)
        if score is not None and (isinstance(score, bool) or not card.min_score <= score <= card.max_score):
            raise InvalidInputError(tr("score must be from {low} to {high}", low=card.min_score, high=card.max_score))
        rows = self._db.query("SELECT * FROM stakeholder_scores WHERE assessment_id = ? AND question_id = ?"
                              " AND stakeholder = ?", (assessment_id, question_id, stakeholder))
        old = ((score_text(rows[0]["score"], bool(rows[0]["na"])), rows[0]["note"],
                bool(rows[0].get("note_private", 0))) if rows else (None, "", False))
        remove = score is None and not na
        new = (None, "", False) if remove else (score_text(score, na), note, bool(note_private))
        if old == new:
            return
        with self._recorder.write() as w:
            if remove:
                w.execute("DELETE FROM stakeholder_scores WHERE assessment_id = ? AND question_id = ? AND stakeholder = ?",
                          (assessment_id, question_id, stakeholder))
            else:
                w.execute("INSERT INTO stakeholder_scores (id, assessment_id, question_id, stakeholder, score, na,"
                          " note, note_private, updated_by, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)"
                          " ON CONFLICT (assessment_id, question_id, stakeholder) DO UPDATE SET"
                          " score = excluded.score, na = excluded.na, note = excluded.note,"
                          " note_private = excluded.note_private,"
                          " updated_by = excluded.updated_by, updated_at = excluded.updated_at",
                          (new_id(), assessment_id, question_id, stakeholder, score, int(na), note,
                           int(bool(note_private)), self._recorder.user, now()))
            for field, before, after in zip(("proposed score", "note", "note_private"), old, new):
                if before != after:
                    w.log(Entity.STAKEHOLDER, stakeholder, field, before, after, assessment_id, question_id)
            w.emit(ChangeEvent(Entity.STAKEHOLDER, stakeholder, assessment_id, question_id, ("score",)))

    def all(self, assessment_id: str, question_id: str) -> list[StakeholderScore]:
        return [StakeholderScore(r["stakeholder"], r["score"], bool(r["na"]), r["note"], r["updated_at"],
                                 bool(r.get("note_private", 0)))
                for r in self._db.query("SELECT * FROM stakeholder_scores WHERE assessment_id = ? AND question_id = ?"
                                        " ORDER BY stakeholder COLLATE NOCASE", (assessment_id, question_id))]

    def rows(self, assessment_id: str) -> list[dict[str, Any]]:
        """Every proposal of the assessment as stored rows (what a bundle carries)."""
        return self._db.query("SELECT * FROM stakeholder_scores WHERE assessment_id = ?"
                              " ORDER BY question_id, stakeholder", (assessment_id,))
