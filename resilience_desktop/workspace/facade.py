"""The workspace façade: the one Qt-free object the UI, the command line and the tests drive.

Every public method that changes data validates its input first, then writes in exactly one
SQLite transaction that also appends to the change log, then tells subscribers. A call that
raises has changed nothing.
"""

from __future__ import annotations

__all__ = ["Workspace", "UNSET", "ACTION_STATUSES", "MAX_EVIDENCE_BYTES", "default_workspace_path", "current_user"]

import contextlib
import getpass
import json
import os
import re
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import platformdirs

from ..errors import InvalidInputError, NotFoundError, ScorecardError
from ..safety.validate import (MAX_AREA_KM2, MAX_NAME, MAX_POPULATION, MAX_TEXT, check_number, check_optional_text,
                        check_text)
from ..i18n.catalog import current, tr
from .records import Answer, Assessment, Change, ChangeEvent, City
from ..scorecard import AnswerState, AssessmentScore, Scorecard, ScorecardRegistry, default_registry, score_assessment, tr_text
from ..scorecard.loader import scorecard_from_dict
from ..scorecard.overlays import with_overlays
from ..store import Database, create_database, open_database
from ..store.database import WORKSPACE_SUFFIX
from .common import UNSET, new_id as _uuid, now as _now, score_text as _score_text
from .items import ACTION_STATUSES, MAX_EVIDENCE_BYTES, WorkspaceItemsMixin
from .layers import WorkspaceLayersMixin
from .limits import MAX_CITY_NAME, MAX_REGION, MAX_TITLE, check_finite, check_json_value, check_length
from .hazards import WorkspaceHazardsMixin
from .losses import WorkspaceLossesMixin
from .rasters import WorkspaceRastersMixin


_ISO2 = re.compile(r"^[A-Z]{2}$")
ASSESSMENT_STATUSES = ("in_progress", "final", "archived")


def current_user(configured: str | None = None) -> str:
    """Who is editing, as the history records it: ``RESILIENCE_USER`` if set (scripts, shared
    machines), else the name the person gave in the app's settings (``configured``), else the
    operating-system login name."""
    try:
        return (os.environ.get("RESILIENCE_USER") or (configured or "").strip() or getpass.getuser())
    except Exception:  # getpass raises various errors when there is no login name
        return "unknown"


def default_workspace_path() -> Path:
    return Path(platformdirs.user_data_dir("ResilienceDesktop", appauthor=False)) / f"workspace{WORKSPACE_SUFFIX}"


class Workspace(WorkspaceItemsMixin, WorkspaceLayersMixin, WorkspaceHazardsMixin, WorkspaceLossesMixin,
                WorkspaceRastersMixin):
    """An open workspace file. Use :meth:`open` or :meth:`create`; close it (or use ``with``)."""

    def __init__(self, database: Database, *, user: str | None = None,
                 registry: ScorecardRegistry | None = None):
        self._db = database
        self.user = user or current_user()
        self._registry = registry
        self._subscribers: list[Callable[[ChangeEvent], None]] = []
        self._cards: dict[tuple[str, int], Scorecard] = {}

    # ----------------------------------------------------------------- lifecycle
    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False, create: bool = False,
             user: str | None = None, registry: ScorecardRegistry | None = None,
             backup: bool = True, backup_min_age_s: float = 0) -> "Workspace":
        """Open the workspace at ``path`` (creating it when ``create`` and it does not exist).

        Opening for writing takes a rolling backup first, unless ``backup`` is false or the newest
        backup is younger than ``backup_min_age_s`` seconds (scripts calling the CLI in a loop).
        """
        path = Path(path)
        if create and not path.exists():
            return cls(create_database(path), user=user, registry=registry)
        return cls(open_database(path, read_only=read_only, backup=backup, backup_min_age_s=backup_min_age_s),
                   user=user, registry=registry)

    @classmethod
    def create(cls, path: str | Path, *, user: str | None = None,
               registry: ScorecardRegistry | None = None) -> "Workspace":
        return cls(create_database(Path(path)), user=user, registry=registry)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "Workspace":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def path(self) -> Path:
        return self._db.path

    @property
    def read_only(self) -> bool:
        return self._db.read_only

    @property
    def registry(self) -> ScorecardRegistry:
        return self._registry or default_registry()

    # ----------------------------------------------------------------- events
    def subscribe(self, callback: Callable[[ChangeEvent], None]) -> Callable[[], None]:
        """Call ``callback(event)`` after every committed edit; returns an unsubscribe function."""
        self._subscribers.append(callback)
        return lambda: self._subscribers.remove(callback) if callback in self._subscribers else None

    def _emit(self, event: ChangeEvent) -> None:
        if self._deferred is not None:
            self._deferred.append(event)  # inside batch(): tell subscribers only after the commit
            return
        for cb in list(self._subscribers):
            cb(event)

    _deferred: list[ChangeEvent] | None = None

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Make every edit inside the block one transaction: all of it is saved, or none.

        For imports and generated content. Subscribers hear of the edits after the commit;
        after a rollback they hear nothing (nothing changed).
        """
        if self._deferred is not None:  # already batching: the outer batch decides
            yield
            return
        self._deferred = []
        try:
            with self._db.transaction():
                yield
            events, self._deferred = self._deferred, None
        except BaseException:
            self._deferred = None
            raise
        for event in events:
            self._emit(event)

    def _log(self, conn: Any, entity: str, entity_id: str, field: str, old: Any, new: Any,
             assessment_id: str | None = None, question_id: str | None = None) -> None:
        conn.execute(
            "INSERT INTO change_log (id, at, who, entity, entity_id, assessment_id, question_id,"
            " field, old_value, new_value) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (_uuid(), _now(), self.user, entity, entity_id, assessment_id, question_id, field,
             None if old is None else str(old), None if new is None else str(new)),
        )

    # ----------------------------------------------------------------- meta
    def get_meta(self, key: str, default: str | None = None) -> str | None:
        rows = self._db.query("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0]["value"] if rows else default

    def set_meta(self, key: str, value: str) -> None:
        with self._db.transaction() as c:
            old = self.get_meta(key)
            c.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                      (key, value))
            self._log(c, "meta", key, key, old, value)

    @property
    def is_demo(self) -> bool:
        return self.get_meta("demo") == "1"

    # ----------------------------------------------------------------- cities
    def add_city(self, name: str, country: str, *, region: str | None = None,
                 population: int | None = None, area_km2: float | None = None,
                 lon: float | None = None, lat: float | None = None) -> str:
        """Add a city; return its id."""
        values = self._check_city(name=name, country=country, region=region, population=population,
                                  area_km2=area_km2, lon=lon, lat=lat)
        cid, now = _uuid(), _now()
        with self._db.transaction() as c:
            c.execute(
                "INSERT INTO cities (id, name, country, region, population, area_km2, lon, lat, created_at, updated_at)"
                " VALUES (:id, :name, :country, :region, :population, :area_km2, :lon, :lat, :now, :now)",
                {**values, "id": cid, "now": now})
            self._log(c, "city", cid, "created", None, json.dumps(values, ensure_ascii=False))
        self._emit(ChangeEvent("city", cid, fields=("created",)))
        return cid

    def update_city(self, city_id: str, **fields: Any) -> None:
        old = self.get_city(city_id)
        merged = {**old.to_json(), **fields}
        merged.pop("id")
        values = self._check_city(**merged)
        changed = {k: v for k, v in values.items() if getattr(old, k) != v}
        if not changed:
            return
        with self._db.transaction() as c:
            sets = ", ".join(f"{k} = :{k}" for k in changed)
            c.execute(f"UPDATE cities SET {sets}, updated_at = :now WHERE id = :id",
                      {**changed, "now": _now(), "id": city_id})
            for k, v in changed.items():
                self._log(c, "city", city_id, k, getattr(old, k), v)
        self._emit(ChangeEvent("city", city_id, fields=tuple(changed)))

    @staticmethod
    def _check_city(*, name: str, country: str, region: str | None, population: int | None,
                    area_km2: float | None, lon: float | None, lat: float | None) -> dict[str, Any]:
        name = check_text(name or "", tr("the city name")).strip()
        if not name:
            raise InvalidInputError(tr("a city needs a name"))
        check_length(tr("the city name"), name, MAX_CITY_NAME)
        check_length(tr("the region"), region, MAX_REGION)
        for label, number in ((tr("the area"), area_km2), (tr("the longitude"), lon), (tr("the latitude"), lat)):
            check_finite(label, number)
        check_text(country or "", "country", limit=8)
        check_optional_text(region, "region")
        for field_, value, low, high in (("population", population, 0, MAX_POPULATION),
                                         ("area", area_km2, 0, MAX_AREA_KM2), ("longitude", lon, -180, 180),
                                         ("latitude", lat, -90, 90)):
            if value is not None:
                check_number(value, field_, low=low, high=high, integer=field_ == "population")
        country = (country or "").strip().upper()
        if not _ISO2.match(country):
            raise InvalidInputError(tr("country must be a two-letter ISO code such as KG or UZ, not {country!r}",
                                       country=country))
        if population is not None and (not isinstance(population, int) or population < 0):
            raise InvalidInputError(tr("population must be a whole number of 0 or more"))
        if area_km2 is not None and not (area_km2 > 0):
            raise InvalidInputError(tr("area must be more than 0 km²"))
        if (lon is None) != (lat is None):
            raise InvalidInputError(tr("give both longitude and latitude, or neither"))
        if lon is not None and not (-180 <= lon <= 180 and -90 <= lat <= 90):  # type: ignore[operator]
            raise InvalidInputError(tr("longitude must be within -180..180 and latitude within -90..90"))
        return {"name": name, "country": country, "region": (region or "").strip() or None,
                "population": population, "area_km2": area_km2, "lon": lon, "lat": lat}

    def list_cities(self) -> list[City]:
        return [self._city(r) for r in self._db.query("SELECT * FROM cities ORDER BY name COLLATE NOCASE")]

    def get_city(self, city_id: str) -> City:
        rows = self._db.query("SELECT * FROM cities WHERE id = ?", (city_id,))
        if not rows:
            raise NotFoundError(tr("no city with id {city_id!r}", city_id=city_id))
        return self._city(rows[0])

    @staticmethod
    def _city(r: dict) -> City:
        return City(r["id"], r["name"], r["country"], r["region"], r["population"], r["area_km2"], r["lon"], r["lat"])

    # ----------------------------------------------------------------- scorecards
    def scorecard(self, scorecard_id: str, version: int) -> Scorecard:
        """The exact definition an assessment was started on (the copy kept in the workspace)."""
        key = (scorecard_id, version)
        if key not in self._cards:
            rows = self._db.query("SELECT definition FROM scorecards WHERE id = ? AND version = ?", key)
            if not rows:
                raise ScorecardError(tr("this workspace holds no scorecard {scorecard_id!r} version {version}",
                                        scorecard_id=scorecard_id, version=version))
            # Translation overlays shipped since the assessment began add texts in more languages;
            # they never change the ids, levels or scale the answers were given on.
            stored = json.loads(rows[0]["definition"])
            doc, _ = with_overlays(stored, self.registry.folders)
            self._cards[key] = scorecard_from_dict(doc, f"workspace:{scorecard_id}@{version}", raw=stored)
        return self._cards[key]

    def scorecard_of(self, assessment_id: str) -> Scorecard:
        a = self.get_assessment(assessment_id)
        return self.scorecard(a.scorecard_id, a.scorecard_version)

    # ----------------------------------------------------------------- assessments
    def new_assessment(self, city_id: str, scorecard_id: str, *, title: str | None = None,
                       version: int | None = None, essentials: Iterable[int] | None = None,
                       team: Iterable[str] = (), started_on: str | None = None) -> str:
        """Start an assessment of ``city_id`` on a scorecard; return its id.

        The scorecard definition is copied into the workspace, so the assessment keeps reading
        its answers with the exact texts and scale it was started on.
        """
        check_optional_text(title, "title")
        city = self.get_city(city_id)
        card = self.registry.get(scorecard_id, version)
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
        aid, now = _uuid(), _now()
        row = {"id": aid, "city_id": city_id, "scorecard_id": card.id, "scorecard_version": card.version,
               "title": title, "status": "in_progress", "started_on": started_on or date.today().isoformat(),
               "completed_on": None, "team": json.dumps(list(team), ensure_ascii=False),
               "essentials_scope": json.dumps(scope) if scope is not None else None,
               "created_at": now, "updated_at": now}
        with self._db.transaction() as c:
            c.execute("INSERT OR IGNORE INTO scorecards (id, version, definition) VALUES (?, ?, ?)",
                      (card.id, card.version, json.dumps(dict(card.raw), ensure_ascii=False, sort_keys=True)))
            cols = ", ".join(row)
            c.execute(f"INSERT INTO assessments ({cols}) VALUES ({', '.join(':' + k for k in row)})", row)
            self._log(c, "assessment", aid, "created", None,
                      json.dumps({"city_id": city_id, "scorecard": f"{card.id}@{card.version}", "title": title},
                                 ensure_ascii=False), assessment_id=aid)
        self._emit(ChangeEvent("assessment", aid, aid, fields=("created",)))
        return aid

    def update_assessment(self, assessment_id: str, *, title: str = UNSET, status: str = UNSET,
                          team: Iterable[str] = UNSET, completed_on: str | None = UNSET,
                          profile: dict[str, Any] = UNSET) -> None:
        """Change the assessment's own fields. ``profile`` replaces the whole profile mapping
        (city facts, known disasters, lead, stakeholders) and is logged key by key."""
        old = self.get_assessment(assessment_id)
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
        with self._db.transaction() as c:
            for k, (before, after) in changes.items():
                c.execute(f"UPDATE assessments SET {k} = ?, updated_at = ? WHERE id = ?", (after, _now(), assessment_id))
                if k != "profile":
                    self._log(c, "assessment", assessment_id, k, before, after, assessment_id=assessment_id)
            for key, before, after in profile_diff:
                self._log(c, "assessment", assessment_id, f"profile.{key}",
                          None if before is None else json.dumps(before, ensure_ascii=False),
                          None if after is None else json.dumps(after, ensure_ascii=False), assessment_id=assessment_id)
        self._emit(ChangeEvent("assessment", assessment_id, assessment_id, fields=tuple(changes)))

    _ASSESSMENT_SQL = ("SELECT a.*, c.name AS city FROM assessments a JOIN cities c ON c.id = a.city_id")

    def list_assessments(self, city_id: str | None = None) -> list[Assessment]:
        sql = self._ASSESSMENT_SQL + (" WHERE a.city_id = ?" if city_id else "") + " ORDER BY a.created_at, a.rowid"
        return [self._assessment(r) for r in self._db.query(sql, (city_id,) if city_id else ())]

    def get_assessment(self, assessment_id: str) -> Assessment:
        rows = self._db.query(self._ASSESSMENT_SQL + " WHERE a.id = ?", (assessment_id,))
        if not rows:
            raise NotFoundError(tr("no assessment with id {assessment_id!r}", assessment_id=assessment_id))
        return self._assessment(rows[0])

    @staticmethod
    def _assessment(r: dict) -> Assessment:
        scope = json.loads(r["essentials_scope"]) if r["essentials_scope"] else None
        return Assessment(r["id"], r["city_id"], r["city"], r["scorecard_id"], r["scorecard_version"], r["title"],
                          r["status"], r["started_on"], r["completed_on"], tuple(json.loads(r["team"] or "[]")),
                          tuple(scope) if scope is not None else None, json.loads(r.get("profile") or "{}"))

    # ----------------------------------------------------------------- answers
    def _question(self, assessment_id: str, question_id: str) -> tuple[Assessment, Scorecard]:
        a = self.get_assessment(assessment_id)
        card = self.scorecard(a.scorecard_id, a.scorecard_version)
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

    def set_answer(self, assessment_id: str, question_id: str, *, score: int | None = UNSET,
                   na: bool = UNSET, comment: str = UNSET, verification: str = UNSET,
                   responsible: str = UNSET, data_sources: str = UNSET,
                   comment_private: bool = UNSET) -> Answer:
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
        texts = {"comment": comment, "verification": verification, "responsible": responsible,
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
        now = _now()
        with self._db.transaction() as c:
            c.execute("INSERT INTO answers (id, assessment_id, question_id, updated_by, updated_at)"
                      " VALUES (?, ?, ?, ?, ?) ON CONFLICT (assessment_id, question_id) DO NOTHING",
                      (_uuid(), assessment_id, question_id, self.user, now))
            values = {"score": new_score, "na": int(new_na), **texts, "by": self.user, "now": now,
                      "aid": assessment_id, "qid": question_id}
            sets = ", ".join(f"{k} = :{k}" for k in ("score", "na", *texts))
            c.execute(f"UPDATE answers SET {sets}, updated_by = :by, updated_at = :now"
                      " WHERE assessment_id = :aid AND question_id = :qid", values)
            c.execute("UPDATE assessments SET updated_at = ? WHERE id = ?", (now, assessment_id))
            if "score" in changed:
                self._log(c, "answer", question_id, "score", _score_text(old.score, old.na),
                          _score_text(new_score, new_na), assessment_id, question_id)
            for k in changed:
                if k != "score":
                    self._log(c, "answer", question_id, k, getattr(old, k), texts[k], assessment_id, question_id)
        self._emit(ChangeEvent("answer", question_id, assessment_id, question_id, tuple(changed)))
        return self.answer(assessment_id, question_id)

    def check_answer(self, assessment_id: str, question_id: str, *, score: int | None = UNSET,
                     na: bool = UNSET, comment: str = UNSET, verification: str = UNSET,
                     responsible: str = UNSET, data_sources: str = UNSET) -> None:
        """Raise what :meth:`set_answer` would raise for these values, without writing anything
        (the command line checks on a read-only workspace before opening it for writing)."""
        _a, card = self._question(assessment_id, question_id)
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
        return self._answer(rows[0]) if rows else Answer(question_id, None, False)

    def answers(self, assessment_id: str) -> dict[str, Answer]:
        self.get_assessment(assessment_id)
        return {r["question_id"]: self._answer(r)
                for r in self._db.query("SELECT * FROM answers WHERE assessment_id = ?", (assessment_id,))}

    @staticmethod
    def _answer(r: dict) -> Answer:
        return Answer(r["question_id"], r["score"], bool(r["na"]), r["comment"], r["verification"],
                      r["responsible"], r.get("data_sources", ""), r["updated_by"], r["updated_at"],
                      bool(r.get("comment_private", 0)))

    def score(self, assessment_id: str) -> AssessmentScore:
        a = self.get_assessment(assessment_id)
        card = self.scorecard(a.scorecard_id, a.scorecard_version)
        states = {qid: AnswerState(ans.score, ans.na) for qid, ans in self.answers(assessment_id).items()}
        return score_assessment(card, states, a.essentials_scope)

    # ----------------------------------------------------------------- history
    def history(self, assessment_id: str | None = None, question_id: str | None = None) -> list[Change]:
        """The change log, oldest first; for one assessment and optionally one question."""
        where, params = [], []
        if assessment_id is not None:
            self.get_assessment(assessment_id)
            where.append("assessment_id = ?"); params.append(assessment_id)
        if question_id is not None:
            where.append("question_id = ?"); params.append(question_id)
        sql = "SELECT * FROM change_log" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY seq"
        return [Change(r["seq"], r["at"], r["who"], r["entity"], r["entity_id"], r["assessment_id"],
                       r["question_id"], r["field"], r["old_value"], r["new_value"])
                for r in self._db.query(sql, tuple(params))]

    # ----------------------------------------------------------------- search
    def search_text(self, text: str, *, include_private: bool = False, limit: int = 200) -> list[dict]:
        """Full-text matches of ``text`` in every assessment, one row per matching field (see
        :func:`resilience_desktop.store.search_index.search_rows`; the ``search`` package makes hits of them)."""
        from ..store.search_index import search_rows
        return search_rows(self._db.conn, text, include_private=include_private, limit=limit)
