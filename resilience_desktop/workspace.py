"""The workspace façade: the one Qt-free object the UI, the command line and the tests drive.

Every public method that changes data validates its input first, then writes in exactly one
SQLite transaction that also appends to the change log, then tells subscribers. A call that
raises has changed nothing.
"""

from __future__ import annotations

__all__ = ["Workspace", "UNSET", "default_workspace_path", "current_user"]

import getpass
import hashlib
import json
import os
import re
import uuid
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable

import platformdirs

from .errors import InvalidInputError, NotFoundError, ScorecardError
from .records import ActionItem, Answer, Assessment, Change, ChangeEvent, City, Evidence, StakeholderScore
from .scorecard import AnswerState, AssessmentScore, Scorecard, ScorecardRegistry, default_registry, score_assessment
from .scorecard.loader import scorecard_from_dict
from .store import Database, create_database, open_database
from .store.database import WORKSPACE_SUFFIX


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


#: Marks an argument the caller did not give (distinct from ``None``, which may be a value).
UNSET: Any = _Unset()

_ISO2 = re.compile(r"^[A-Z]{2}$")
ASSESSMENT_STATUSES = ("in_progress", "final", "archived")
ACTION_STATUSES = ("open", "in_progress", "done", "dropped")
MAX_EVIDENCE_BYTES = 200 * 1024 * 1024


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def _uuid() -> str:
    return str(uuid.uuid4())


def current_user() -> str:
    """Who is editing: ``RESILIENCE_USER`` if set, else the login name."""
    try:
        return os.environ.get("RESILIENCE_USER") or getpass.getuser()
    except Exception:  # getpass raises various errors when there is no login name
        return "unknown"


def default_workspace_path() -> Path:
    return Path(platformdirs.user_data_dir("ResilienceDesktop", appauthor=False)) / f"workspace{WORKSPACE_SUFFIX}"


def _score_text(score: int | None, na: bool) -> str | None:
    return "N/A" if na else (None if score is None else str(score))


class Workspace:
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
        for cb in list(self._subscribers):
            cb(event)

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
        name = (name or "").strip()
        if not name:
            raise InvalidInputError("a city needs a name")
        country = (country or "").strip().upper()
        if not _ISO2.match(country):
            raise InvalidInputError(f"country must be a two-letter ISO code such as KG or UZ, not {country!r}")
        if population is not None and (not isinstance(population, int) or population < 0):
            raise InvalidInputError("population must be a whole number of 0 or more")
        if area_km2 is not None and not (area_km2 > 0):
            raise InvalidInputError("area must be more than 0 km²")
        if (lon is None) != (lat is None):
            raise InvalidInputError("give both longitude and latitude, or neither")
        if lon is not None and not (-180 <= lon <= 180 and -90 <= lat <= 90):  # type: ignore[operator]
            raise InvalidInputError("longitude must be within -180..180 and latitude within -90..90")
        return {"name": name, "country": country, "region": (region or "").strip() or None,
                "population": population, "area_km2": area_km2, "lon": lon, "lat": lat}

    def list_cities(self) -> list[City]:
        return [self._city(r) for r in self._db.query("SELECT * FROM cities ORDER BY name COLLATE NOCASE")]

    def get_city(self, city_id: str) -> City:
        rows = self._db.query("SELECT * FROM cities WHERE id = ?", (city_id,))
        if not rows:
            raise NotFoundError(f"no city with id {city_id!r}")
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
                raise ScorecardError(f"this workspace holds no scorecard {scorecard_id!r} version {version}")
            self._cards[key] = scorecard_from_dict(json.loads(rows[0]["definition"]), f"workspace:{scorecard_id}@{version}")
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
        city = self.get_city(city_id)
        card = self.registry.get(scorecard_id, version)
        scope = sorted(set(essentials)) if essentials is not None else None
        if scope is not None:
            known = {e.number for e in card.essentials}
            bad = [n for n in scope if n not in known]
            if bad or not scope:
                raise InvalidInputError(f"essentials {bad or scope} are not in scorecard {card.id!r}")
        title = (title or "").strip() or f"{city.name} — {card.title.get('en', card.id)} {date.today().year}"
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
                          team: Iterable[str] = UNSET, completed_on: str | None = UNSET) -> None:
        old = self.get_assessment(assessment_id)
        changes: dict[str, tuple[Any, Any]] = {}
        if title is not UNSET:
            if not title.strip():
                raise InvalidInputError("an assessment needs a title")
            changes["title"] = (old.title, title.strip())
        if status is not UNSET:
            if status not in ASSESSMENT_STATUSES:
                raise InvalidInputError(f"status must be one of {', '.join(ASSESSMENT_STATUSES)}")
            changes["status"] = (old.status, status)
        if team is not UNSET:
            changes["team"] = (json.dumps(list(old.team), ensure_ascii=False), json.dumps(list(team), ensure_ascii=False))
        if completed_on is not UNSET:
            changes["completed_on"] = (old.completed_on, completed_on)
        changes = {k: v for k, v in changes.items() if v[0] != v[1]}
        if not changes:
            return
        with self._db.transaction() as c:
            for k, (before, after) in changes.items():
                c.execute(f"UPDATE assessments SET {k} = ?, updated_at = ? WHERE id = ?", (after, _now(), assessment_id))
                self._log(c, "assessment", assessment_id, k, before, after, assessment_id=assessment_id)
        self._emit(ChangeEvent("assessment", assessment_id, assessment_id, fields=tuple(changes)))

    _ASSESSMENT_SQL = ("SELECT a.*, c.name AS city FROM assessments a JOIN cities c ON c.id = a.city_id")

    def list_assessments(self, city_id: str | None = None) -> list[Assessment]:
        sql = self._ASSESSMENT_SQL + (" WHERE a.city_id = ?" if city_id else "") + " ORDER BY a.created_at, a.rowid"
        return [self._assessment(r) for r in self._db.query(sql, (city_id,) if city_id else ())]

    def get_assessment(self, assessment_id: str) -> Assessment:
        rows = self._db.query(self._ASSESSMENT_SQL + " WHERE a.id = ?", (assessment_id,))
        if not rows:
            raise NotFoundError(f"no assessment with id {assessment_id!r}")
        return self._assessment(rows[0])

    @staticmethod
    def _assessment(r: dict) -> Assessment:
        scope = json.loads(r["essentials_scope"]) if r["essentials_scope"] else None
        return Assessment(r["id"], r["city_id"], r["city"], r["scorecard_id"], r["scorecard_version"], r["title"],
                          r["status"], r["started_on"], r["completed_on"], tuple(json.loads(r["team"] or "[]")),
                          tuple(scope) if scope is not None else None)

    # ----------------------------------------------------------------- answers
    def _question(self, assessment_id: str, question_id: str) -> tuple[Assessment, Scorecard]:
        a = self.get_assessment(assessment_id)
        card = self.scorecard(a.scorecard_id, a.scorecard_version)
        if not card.has_question(question_id):
            raise NotFoundError(f"scorecard {card.id!r} has no question {question_id!r}")
        q = card.question(question_id)
        if q.retired:
            raise InvalidInputError(f"question {question_id} is retired in {card.id!r} version {card.version}")
        if a.essentials_scope is not None and q.essential not in a.essentials_scope:
            raise InvalidInputError(f"question {question_id} is outside this assessment's essentials")
        return a, card

    def set_answer(self, assessment_id: str, question_id: str, *, score: int | None = UNSET,
                   na: bool = UNSET, comment: str = UNSET, verification: str = UNSET,
                   responsible: str = UNSET, data_sources: str = UNSET) -> Answer:
        """Change any part of an answer; arguments not given stay as they are.

        ``score=N`` scores (and clears N/A); ``na=True`` marks not applicable (and clears the score);
        ``score=None`` with ``na=False`` takes the answer back to *not answered yet*.
        """
        a, card = self._question(assessment_id, question_id)
        if score is not UNSET and score is not None:
            if isinstance(score, bool) or not isinstance(score, int) or not card.min_score <= score <= card.max_score:
                raise InvalidInputError(
                    f"score for {question_id} must be a whole number from {card.min_score} to {card.max_score}, not {score!r}")
        if score is not UNSET and score is not None and na is True:
            raise InvalidInputError("an answer cannot be both scored and not applicable")
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
                raise InvalidInputError(f"{k} must be text")
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
                      r["responsible"], r.get("data_sources", ""), r["updated_by"], r["updated_at"])

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
                raise InvalidInputError(f"{path} is not a file")
            if size > MAX_EVIDENCE_BYTES:
                raise InvalidInputError(f"{path.name} is {size // 2**20} MiB; evidence files are limited to "
                                        f"{MAX_EVIDENCE_BYTES // 2**20} MiB (attach a link instead)")
            data = path.read_bytes()
        except OSError as exc:
            raise InvalidInputError(f"cannot read {path}: {exc.strerror or exc}") from exc
        digest = hashlib.sha256(data).hexdigest()
        return self._add_evidence(assessment_id, question_id, "file", name or path.name, note,
                                  sha256=digest, size=len(data), data=data)

    def add_evidence_link(self, assessment_id: str, question_id: str | None, url: str,
                          *, name: str | None = None, note: str = "") -> str:
        url = (url or "").strip()
        if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url):
            raise InvalidInputError(f"{url!r} is not a link (expected e.g. https://… or file:…)")
        if question_id is not None:
            self._question(assessment_id, question_id)
        return self._add_evidence(assessment_id, question_id, "link", name or url, note, url=url)

    def _add_evidence(self, assessment_id: str, question_id: str | None, kind: str, name: str, note: str,
                      *, sha256: str | None = None, size: int | None = None, data: bytes | None = None,
                      url: str | None = None) -> str:
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
            raise NotFoundError(f"no evidence with id {evidence_id!r}")
        return rows[0]

    def evidence_data(self, evidence_id: str) -> bytes:
        r = self._evidence_row(evidence_id)
        if r["kind"] != "file":
            raise InvalidInputError(f"evidence {r['name']!r} is a {r['kind']}, not a file")
        return self._db.query("SELECT data FROM blobs WHERE sha256 = ?", (r["sha256"],))[0]["data"]

    def rename_evidence(self, evidence_id: str, name: str) -> None:
        r = self._evidence_row(evidence_id)
        name = (name or "").strip()
        if not name:
            raise InvalidInputError("evidence needs a name")
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
            raise InvalidInputError("an action item needs a description of the action")
        if status not in ACTION_STATUSES:
            raise InvalidInputError(f"status must be one of {', '.join(ACTION_STATUSES)}")
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
            raise NotFoundError(f"no action item with id {action_id!r}")
        r = rows[0]
        bad = set(fields) - {"action", "responsible", "timescale", "status"}
        if bad:
            raise InvalidInputError(f"unknown action item fields: {', '.join(sorted(bad))}")
        if "status" in fields and fields["status"] not in ACTION_STATUSES:
            raise InvalidInputError(f"status must be one of {', '.join(ACTION_STATUSES)}")
        if "action" in fields and not fields["action"].strip():
            raise InvalidInputError("an action item needs a description of the action")
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
            raise NotFoundError(f"no action item with id {action_id!r}")
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
                              score: int | None = None, na: bool = False, note: str = "") -> None:
        """Record one stakeholder group's proposed score (``score=None, na=False`` removes it)."""
        _, card = self._question(assessment_id, question_id)
        stakeholder = (stakeholder or "").strip()
        if not stakeholder:
            raise InvalidInputError("name the stakeholder group")
        if score is not None and (isinstance(score, bool) or not card.min_score <= score <= card.max_score):
            raise InvalidInputError(f"score must be from {card.min_score} to {card.max_score}")
        rows = self._db.query("SELECT * FROM stakeholder_scores WHERE assessment_id = ? AND question_id = ?"
                              " AND stakeholder = ?", (assessment_id, question_id, stakeholder))
        old = (_score_text(rows[0]["score"], bool(rows[0]["na"])), rows[0]["note"]) if rows else (None, "")
        remove = score is None and not na
        new = (None, "") if remove else (_score_text(score, na), note)
        if old == new:
            return
        with self._db.transaction() as c:
            if remove:
                c.execute("DELETE FROM stakeholder_scores WHERE assessment_id = ? AND question_id = ? AND stakeholder = ?",
                          (assessment_id, question_id, stakeholder))
            else:
                c.execute("INSERT INTO stakeholder_scores (id, assessment_id, question_id, stakeholder, score, na,"
                          " note, updated_by, updated_at) VALUES (?,?,?,?,?,?,?,?,?)"
                          " ON CONFLICT (assessment_id, question_id, stakeholder) DO UPDATE SET"
                          " score = excluded.score, na = excluded.na, note = excluded.note,"
                          " updated_by = excluded.updated_by, updated_at = excluded.updated_at",
                          (_uuid(), assessment_id, question_id, stakeholder, score, int(na), note, self.user, _now()))
            self._log(c, "stakeholder", stakeholder, "proposed score", old[0], new[0], assessment_id, question_id)
            if old[1] != new[1]:
                self._log(c, "stakeholder", stakeholder, "note", old[1], new[1], assessment_id, question_id)
        self._emit(ChangeEvent("stakeholder", stakeholder, assessment_id, question_id, ("score",)))

    def stakeholder_scores(self, assessment_id: str, question_id: str) -> list[StakeholderScore]:
        return [StakeholderScore(r["stakeholder"], r["score"], bool(r["na"]), r["note"], r["updated_at"])
                for r in self._db.query("SELECT * FROM stakeholder_scores WHERE assessment_id = ? AND question_id = ?"
                                        " ORDER BY stakeholder COLLATE NOCASE", (assessment_id, question_id))]
