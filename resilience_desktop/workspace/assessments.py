"""Assessments and their answers (``ws.assessments``): start one, edit its fields, answer, score, history.

The scorecard definition is copied into the workspace when an assessment starts, so it keeps
reading its answers with the exact texts and scale it was started on (:mod:`.scorecards`).
"""

from __future__ import annotations

__all__ = ["Assessments", "ASSESSMENT_STATUSES"]

import json
from datetime import date
from typing import Any, Callable, Iterable

from ..errors import InvalidInputError, NotFoundError
from ..i18n.catalog import current, tr
from ..safety.validate import MAX_NAME, MAX_TEXT, check_optional_text, check_text
from ..scorecard import AnswerState, AssessmentScore, Scorecard, ScorecardRegistry, score_assessment, tr_text
from ..store import Database
from .cities import Cities
from .common import UNSET, new_id, now, score_text
from .limits import MAX_TITLE, check_json_value, check_length
from .recorder import Recorder
from .records import Answer, Assessment, Change, ChangeEvent, Entity
from .scorecards import Scorecards

ASSESSMENT_STATUSES = ("in_progress", "final", "archived")
_SQL = "SELECT a.*, c.name AS city FROM assessments a JOIN cities c ON c.id = a.city_id"


class Assessments:
    """The assessments of a workspace and their answers.

    Parameters
    ----------
    database, recorder
        Reads; writes (``Entity.ASSESSMENT`` and ``Entity.ANSWER`` events).
    cities
        The cities part (an assessment is of one city).
    scorecards
        The scorecards kept in the workspace.
    registry
        Returns the installed scorecards (a new assessment copies its definition from there).
    """

    def __init__(self, database: Database, recorder: Recorder, cities: Cities, scorecards: Scorecards,
                 registry: Callable[[], ScorecardRegistry]):
        self._db = database
        self._recorder = recorder
        self._cities = cities
        self._scorecards = scorecards
        self._registry = registry

    # ------------------------------------------------------------ assessments
    def new(self, city_id: str, scorecard_id: str, *, title: str | None = None, version: int | None = None,
            essentials: Iterable[int] | None = None, team: Iterable[str] = (), started_on: str | None = None) -> str:
        """Start an assessment of ``city_id`` on a scorecard; return its id."""
        check_optional_text(title, "title")
        city = self._cities.get(city_id)
        card = self._registry().get(scorecard_id, version)
        scope = sorted(set(essentials)) if essentials is not None else None
        if scope is not None:
            known = {e.number for e in card.essentials}
            bad = [n for n in scope if n not in known]
            if bad or not scope:
                raise InvalidInputError(tr("essentials {essentials} are not in scorecard {scorecard_id!r}",
                                           essentials=bad or scope, scorecard_id=card.id))
        # The default title is written in the language in force (the interface's, or the command's --lang).
        title = (title or "").strip() or f"{city.name} — {tr_text(card.title, current()) or card.id} {date.today().year}"
        check_length(tr("the title"), title, MAX_TITLE)
        for member in team:
            check_length(tr("a team member"), member)
        aid, at = new_id(), now()
        row = {"id": aid, "city_id": city_id, "scorecard_id": card.id, "scorecard_version": card.version,
               "title": title, "status": "in_progress", "started_on": started_on or date.today().isoformat(),
               "completed_on": None, "team": json.dumps(list(team), ensure_ascii=False),
               "essentials_scope": json.dumps(scope) if scope is not None else None,
               "created_at": at, "updated_at": at}
        with self._recorder.write() as w:
            w.execute("INSERT OR IGNORE INTO scorecards (id, version, definition) VALUES (?, ?, ?)",
                      (card.id, card.version, json.dumps(dict(card.raw), ensure_ascii=False, sort_keys=True)))
            cols = ", ".join(row)
            w.execute(f"INSERT INTO assessments ({cols}) VALUES ({', '.join(':' + k for k in row)})", row)
            w.log(Entity.ASSESSMENT, aid, "created", None,
                  json.dumps({"city_id": city_id, "scorecard": f"{card.id}@{card.version}", "title": title},
                             ensure_ascii=False), assessment_id=aid)
            w.emit(ChangeEvent(Entity.ASSESSMENT, aid, aid, fields=("created",)))
        return aid

    def update(self, assessment_id: str, *, title: str = UNSET, status: str = UNSET, team: Iterable[str] = UNSET,
               completed_on: str | None = UNSET, profile: dict[str, Any] = UNSET) -> None:
        """Change the assessment's own fields. ``profile`` replaces the whole profile mapping
        (city facts, known disasters, lead, stakeholders) and is logged key by key."""
        old = self.get(assessment_id)
        changes: dict[str, tuple[Any, Any]] = {}
        if title is not UNSET:
            check_text(title, "title")
            if not title.strip():
                raise InvalidInputError(tr("an assessment needs a title"))
            check_length(tr("the title"), title.strip(), MAX_TITLE)
            changes["title"] = (old.title, title.strip())
        if status is not UNSET:
            if status not in ASSESSMENT_STATUSES:
                raise InvalidInputError(tr("status must be one of {statuses}", statuses=", ".join(ASSESSMENT_STATUSES)))
            changes["status"] = (old.status, status)
        if team is not UNSET:
            team = list(team)
            for member in team:
                check_length(tr("a team member"), member)
            changes["team"] = (json.dumps(list(old.team), ensure_ascii=False), json.dumps(list(team), ensure_ascii=False))
        if completed_on is not UNSET:
            changes["completed_on"] = (old.completed_on, completed_on)
        profile_diff: list[tuple[str, Any, Any]] = []
        if profile is not UNSET:
            if not isinstance(profile, dict):
                raise InvalidInputError(tr("the profile must be a mapping of fields"))
            new_profile = check_json_value(tr("the profile"), profile)
            changes["profile"] = (json.dumps(old.profile, ensure_ascii=False, sort_keys=True), new_profile)
            profile_diff = [(k, old.profile.get(k), profile.get(k)) for k in sorted(set(old.profile) | set(profile))
                            if old.profile.get(k) != profile.get(k)]
        changes = {k: v for k, v in changes.items() if v[0] != v[1]}
        if not changes:
            return
        with self._recorder.write() as w:
            for k, (before, after) in changes.items():
                w.execute(f"UPDATE assessments SET {k} = ?, updated_at = ? WHERE id = ?", (after, now(), assessment_id))
                if k != "profile":
                    w.log(Entity.ASSESSMENT, assessment_id, k, before, after, assessment_id=assessment_id)
            for key, before, after in profile_diff:
                w.log(Entity.ASSESSMENT, assessment_id, f"profile.{key}",
                      None if before is None else json.dumps(before, ensure_ascii=False),
                      None if after is None else json.dumps(after, ensure_ascii=False), assessment_id=assessment_id)
            w.emit(ChangeEvent(Entity.ASSESSMENT, assessment_id, assessment_id, fields=tuple(changes)))

    def all(self, city_id: str | None = None) -> list[Assessment]:
        sql = _SQL + (" WHERE a.city_id = ?" if city_id else "") + " ORDER BY a.created_at, a.rowid"
        return [_assessment(r) for r in self._db.query(sql, (city_id,) if city_id else ())]

    def get(self, assessment_id: str) -> Assessment:
        rows = self._db.query(_SQL + " WHERE a.id = ?", (assessment_id,))
        if not rows:
            raise NotFoundError(tr("no assessment with id {assessment_id!r}", assessment_id=assessment_id))
        return _assessment(rows[0])

    def scorecard_of(self, assessment_id: str) -> Scorecard:
        a = self.get(assessment_id)
        return self._scorecards.get(a.scorecard_id, a.scorecard_version)

    # ------------------------------------------------------------ answers
    def question(self, assessment_id: str, question_id: str) -> tuple[Assessment, Scorecard]:
        """The assessment and its scorecard, once ``question_id`` is known to be one it can answer."""
        a = self.get(assessment_id)
        card = self._scorecards.get(a.scorecard_id, a.scorecard_version)
        if not card.has_question(question_id):
            raise NotFoundError(tr("scorecard {scorecard_id!r} has no question {question_id!r}",
                                   scorecard_id=card.id, question_id=question_id))
        q = card.question(question_id)
        if q.retired:
            raise InvalidInputError(tr("question {question_id} is retired in {scorecard_id!r} version {version}",
                                       question_id=question_id, scorecard_id=card.id, version=card.version))
        if a.essentials_scope is not None and q.essential not in a.essentials_scope:
            raise InvalidInputError(tr("question {question_id} is outside this assessment's essentials",
                                       question_id=question_id))
        return a, card

    def set_answer(self, assessment_id: str, question_id: str, *, score: int | None = UNSET, na: bool = UNSET,
                   comment: str = UNSET, verification: str = UNSET, responsible: str = UNSET,
                   data_sources: str = UNSET, comment_private: bool = UNSET) -> Answer:
        """Change any part of an answer; arguments not given stay as they are.

        ``score=N`` scores (and clears N/A); ``na=True`` marks not applicable (and clears the score);
        ``score=None`` with ``na=False`` takes the answer back to *not answered yet*.
        ``comment_private=True`` keeps the comment off projected screens (presentation mode).
        """
        self.check_answer(assessment_id, question_id, score=score, na=na, comment=comment,
                          verification=verification, responsible=responsible, data_sources=data_sources)
        old = self.answer(assessment_id, question_id)
        new_score, new_na = old.score, old.na
        if na is True:
            new_score, new_na = None, True
        elif score is not UNSET:
            new_score, new_na = score, False
        elif na is False:
            new_na = False
        texts: dict[str, Any] = {"comment": comment, "verification": verification, "responsible": responsible,
                                 "data_sources": data_sources}
        texts = {k: v for k, v in texts.items() if v is not UNSET}
        for k, v in texts.items():
            if not isinstance(v, str):
                raise InvalidInputError(tr("{field} must be text", field=k))
            check_length(tr(k.replace("_", " ")), v)
        if comment_private is not UNSET:
            texts["comment_private"] = bool(comment_private)
        changed: list[str] = []
        if (new_score, new_na) != (old.score, old.na):
            changed.append("score")
        changed += [k for k, v in texts.items() if getattr(old, k) != v]
        if not changed:
            return old
        at, user = now(), self._recorder.user
        with self._recorder.write() as w:
            w.execute("INSERT INTO answers (id, assessment_id, question_id, updated_by, updated_at)"
                      " VALUES (?, ?, ?, ?, ?) ON CONFLICT (assessment_id, question_id) DO NOTHING",
                      (new_id(), assessment_id, question_id, user, at))
            values = {"score": new_score, "na": int(new_na), **texts, "by": user, "now": at,
                      "aid": assessment_id, "qid": question_id}
            sets = ", ".join(f"{k} = :{k}" for k in ("score", "na", *texts))
            w.execute(f"UPDATE answers SET {sets}, updated_by = :by, updated_at = :now"
                      " WHERE assessment_id = :aid AND question_id = :qid", values)
            w.execute("UPDATE assessments SET updated_at = ? WHERE id = ?", (at, assessment_id))
            if "score" in changed:
                w.log(Entity.ANSWER, question_id, "score", score_text(old.score, old.na),
                      score_text(new_score, new_na), assessment_id, question_id)
            for k in changed:
                if k != "score":
                    w.log(Entity.ANSWER, question_id, k, getattr(old, k), texts[k], assessment_id, question_id)
            w.emit(ChangeEvent(Entity.ANSWER, question_id, assessment_id, question_id, tuple(changed)))
        return self.answer(assessment_id, question_id)

    def check_answer(self, assessment_id: str, question_id: str, *, score: int | None = UNSET, na: bool = UNSET,
                     comment: str = UNSET, verification: str = UNSET, responsible: str = UNSET,
                     data_sources: str = UNSET) -> None:
        """Raise what :meth:`set_answer` would raise for these values, without writing anything
        (the command line checks on a read-only workspace before opening it for writing)."""
        _a, card = self.question(assessment_id, question_id)
        if score is not UNSET and score is not None:
            if isinstance(score, bool) or not isinstance(score, int) or not card.min_score <= score <= card.max_score:
                shown = score if isinstance(score, int) and abs(score) < 10**6 else str(score)[:20]
                raise InvalidInputError(tr(
                    "score for {question_id} must be a whole number from {low} to {high}, not {score!r}",
                    question_id=question_id, low=card.min_score, high=card.max_score, score=shown))
        if score is not UNSET and score is not None and na is True:
            raise InvalidInputError(tr("an answer cannot be both scored and not applicable"))
        for k, v in (("comment", comment), ("verification", verification), ("responsible", responsible),
                     ("data_sources", data_sources)):
            if v is not UNSET:
                check_text(v, k, limit=MAX_TEXT if k != "responsible" else MAX_NAME)

    def answer(self, assessment_id: str, question_id: str) -> Answer:
        rows = self._db.query("SELECT * FROM answers WHERE assessment_id = ? AND question_id = ?",
                              (assessment_id, question_id))
        return _answer(rows[0]) if rows else Answer(question_id, None, False)

    def answers(self, assessment_id: str) -> dict[str, Answer]:
        self.get(assessment_id)
        return {r["question_id"]: _answer(r)
                for r in self._db.query("SELECT * FROM answers WHERE assessment_id = ?", (assessment_id,))}

    def score(self, assessment_id: str) -> AssessmentScore:
        a = self.get(assessment_id)
        card = self._scorecards.get(a.scorecard_id, a.scorecard_version)
        states = {qid: AnswerState(ans.score, ans.na) for qid, ans in self.answers(assessment_id).items()}
        return score_assessment(card, states, a.essentials_scope)

    # ------------------------------------------------------------ history
    def history(self, assessment_id: str | None = None, question_id: str | None = None) -> list[Change]:
        """The change log, oldest first; for one assessment and optionally one question."""
        where: list[str] = []
        params: list[str] = []
        if assessment_id is not None:
            self.get(assessment_id)
            where.append("assessment_id = ?")
            params.append(assessment_id)
        if question_id is not None:
            where.append("question_id = ?")
            params.append(question_id)
        sql = "SELECT * FROM change_log" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY seq"
        return [Change(r["seq"], r["at"], r["who"], r["entity"], r["entity_id"], r["assessment_id"],
                       r["question_id"], r["field"], r["old_value"], r["new_value"])
                for r in self._db.query(sql, tuple(params))]


def _assessment(r: dict[str, Any]) -> Assessment:
    scope = json.loads(r["essentials_scope"]) if r["essentials_scope"] else None
    return Assessment(r["id"], r["city_id"], r["city"], r["scorecard_id"], r["scorecard_version"], r["title"],
                      r["status"], r["started_on"], r["completed_on"], tuple(json.loads(r["team"] or "[]")),
                      tuple(scope) if scope is not None else None, json.loads(r.get("profile") or "{}"))


def _answer(r: dict[str, Any]) -> Answer:
    return Answer(r["question_id"], r["score"], bool(r["na"]), r["comment"], r["verification"],
                  r["responsible"], r.get("data_sources", ""), r["updated_by"], r["updated_at"],
                  bool(r.get("comment_private", 0)))
