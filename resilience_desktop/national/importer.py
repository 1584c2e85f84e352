"""Importing bundles into the national store: verified first, one transaction each, idempotent.

Rules: (assessment UUID, revision) is the key. The same file again is *already imported* and
changes nothing; the same key with another file is a *conflict* and is rejected; an older
revision is stored in the history without changing which revision is the latest; a missing
revision before this one, or a previous-bundle hash that does not match, is reported as a
warning. Every attempt — whatever its outcome — is one row of ``import_log``.
"""

from __future__ import annotations

__all__ = ["ImportResult", "import_bundle", "import_bundles", "OUTCOMES"]

import getpass
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from ..bundle.format import EVIDENCE_DIR, Limits
from ..bundle.verify import VerifiedBundle, known_snapshot, open_verified
from ..errors import BundleError, NationalStoreError
from ..i18n.catalog import tr, trn
from ..scorecard import AnswerState, ScorecardRegistry, score_assessment
from ..workspace.common import new_id, now
from .pgcopy import FEATURE_COLUMNS, feature_rows
from .review import chain_problem, hold
from .store import NationalStore

OUTCOMES = ("imported", "already_imported", "conflict", "rejected", "held")


def outcome_text(outcome: str) -> str:
    """An import outcome code as a person reads it, in the language in force (the JSON keeps the code)."""
    return {"imported": tr("imported"), "already_imported": tr("already imported"), "conflict": tr("conflict"),
            "rejected": tr("rejected"), "held": tr("held for review")}.get(outcome, outcome)


@dataclass
class ImportResult:
    """What happened to one file."""

    file: str
    sha256: str | None
    outcome: str
    assessment_id: str | None = None
    revision: int | None = None
    reason: str = ""
    warnings: list[str] = field(default_factory=list)
    #: The id of the held bundle (``national pending accept ID``) when the outcome is ``held``.
    pending_id: str | None = None

    @property
    def ok(self) -> bool:
        return self.outcome in ("imported", "already_imported")

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "sha256": self.sha256, "outcome": self.outcome,
                "assessment_id": self.assessment_id, "revision": self.revision,
                "reason": self.reason, "warnings": list(self.warnings)}


def _who() -> str:
    try:
        return os.environ.get("RESILIENCE_USER") or getpass.getuser()
    except Exception:  # no login name (containers)
        return "unknown"


def _log(store: NationalStore, r: ImportResult, who: str) -> None:
    message = r.reason or "; ".join(r.warnings)
    store.execute("INSERT INTO import_log (id, at, who, file_name, file_sha256, assessment_id, revision, outcome,"
                  " message) VALUES (?,?,?,?,?,?,?,?,?)",
                  (new_id(), now(), who, Path(r.file).name, r.sha256, r.assessment_id, r.revision, r.outcome, message))


def import_bundle(store: NationalStore, path: str | Path, *, limits: Limits | None = None,
                  registry: ScorecardRegistry | None = None, who: str | None = None,
                  require_signatures: bool = False, review: bool = True, settle: bool = True) -> ImportResult:
    """Verify ``path`` and import it in one transaction; never raises for a bad bundle.

    A city with a registered signing key gets only bundles signed by it; with
    ``require_signatures`` every unsigned bundle is refused (``national/access.py``).
    A bundle that would take over another chain's city or break its own chain is *held*
    (:mod:`.review`) unless ``review`` is false (a reviewer accepting it). After an import, the
    chain's held bundles that no longer need a person are settled (``settle``; each said in
    ``warnings``): one that waited for the revision just imported goes in.
    """
    who = who or _who()
    path = Path(path)
    try:
        bundle = open_verified(path, limits=limits, registry=registry)
    except BundleError as exc:
        sha = None
        try:
            import hashlib
            sha = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            pass
        result = ImportResult(str(path), sha, "rejected", reason=str(exc))
        with store.transaction():
            _log(store, result, who)
        return result
    with bundle:
        ident = bundle.identity
        result = ImportResult(str(path), bundle.sha256, "imported", ident["assessment_id"], ident["revision"])
        from .access import ensure_access_tables, signature_problem
        ensure_access_tables(store)  # outside the import's transaction
        refusal = signature_problem(store, bundle, require=require_signatures)
        if refusal is not None:
            result.outcome, result.reason = "rejected", refusal
            with store.transaction():
                _log(store, result, who)
            return result
        try:
            with store.attached(bundle.gpkg, "bundle_gpkg"), store.transaction(lock_key=ident["assessment_id"]):
                _import_verified(store, bundle, result, who, review=review)
                _log(store, result, who)
        except (NationalStoreError, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - a bundle that passed checks yet fails is rejected, never half-written
            if _store_failure(exc):  # the store's fault (locked, disk full, connection lost), not the bundle's
                raise NationalStoreError(tr("the national store failed: {reason}", reason=exc)) from exc
            result = ImportResult(str(path), bundle.sha256, "rejected", ident["assessment_id"], ident["revision"],
                                  reason=tr("cannot be imported: {reason}", reason=str(exc).splitlines()[0][:300]
                                            if str(exc) else type(exc).__name__))
            with store.transaction():
                _log(store, result, who)
    if settle and result.outcome in ("imported", "already_imported") and result.assessment_id:
        from .review import settle_pending
        result.warnings += settle_pending(store, result.assessment_id, who=who, limits=limits, registry=registry,
                                          require_signatures=require_signatures)
    return result


def _store_failure(exc: Exception) -> bool:
    import sqlite3
    if isinstance(exc, sqlite3.OperationalError):
        return any(w in str(exc) for w in ("locked", "disk I/O", "is full", "readonly"))
    return "psycopg" in type(exc).__module__ and "Operational" in type(exc).__name__


def import_bundles(store: NationalStore, paths: Iterable[str | Path], *, limits: Limits | None = None,
                   registry: ScorecardRegistry | None = None, who: str | None = None,
                   progress: Callable[[int, int], None] | None = None,
                   require_signatures: bool = False) -> list[ImportResult]:
    """Import each file in turn (each its own transaction); one result per file, in order."""
    paths = list(paths)
    out = []
    for i, p in enumerate(paths):
        out.append(import_bundle(store, p, limits=limits, registry=registry, who=who,
                                 require_signatures=require_signatures))
        if progress:
            progress(i + 1, len(paths))
    return out


def _import_verified(store: NationalStore, b: VerifiedBundle, result: ImportResult, who: str,
                     review: bool = True) -> None:
    ident = b.identity
    aid, rev = ident["assessment_id"], ident["revision"]
    same = store.query("SELECT sha256 FROM bundles WHERE assessment_id = ? AND revision = ?", (aid, rev))
    if same:
        if same[0]["sha256"] == b.sha256:
            result.outcome, result.reason = "already_imported", tr("already imported; nothing changed")
        else:
            result.outcome = "conflict"
            result.reason = tr("conflict: revision {revision} of assessment {assessment_id} was already imported"
                               " with different content", revision=rev, assessment_id=aid)
        return
    problem = chain_problem(store, b) if review else None
    if problem is not None:
        result.pending_id = hold(store, b, result.file, problem, who)
        result.outcome = "held"
        result.reason = tr("held for review as {id} (national pending accept|reject {id}): {reason}",
                           id=result.pending_id, reason=problem)
        return
    revs = {r["revision"]: r["sha256"] for r in store.query(
        "SELECT revision, sha256 FROM bundles WHERE assessment_id = ?", (aid,))}
    latest = max(revs) if revs else 0
    if rev < latest:
        result.warnings.append(tr("older than revision {latest} already imported: kept in the history; the latest"
                                  " is unchanged", latest=latest))
    if rev > 1 and rev - 1 not in revs:
        missing = [n for n in range(1, rev) if n not in revs]
        result.warnings.append(trn("revision gap: revision {missing} not received yet",
                                   "revision gap: revisions {missing} not received yet", len(missing),
                                   missing=", ".join(map(str, missing[:10])) + ("…" if len(missing) > 10 else "")))
    elif rev > 1 and ident["previous_sha256"] != revs.get(rev - 1):
        result.warnings.append(tr("the previous bundle's hash does not match revision {n} as imported", n=rev - 1))
    twin = _namesake(store, b.json["data/city.json"])
    if twin is not None:
        result.warnings.append(tr("another city named {name} ({country}{region}) is already in the store as {city_id}; "
                                  "this bundle's city ({new_id}) is listed beside it. If they are one city, its "
                                  "assessments come from two workspaces that did not share it",
                                  name=twin["name"], country=twin["country"],
                                  region=f", {twin['region']}" if twin["region"] else "", city_id=twin["id"],
                                  new_id=b.json["data/city.json"]["id"]))
    _insert(store, b, who, is_latest=rev > latest)
    from .access import record_chain_key
    record_chain_key(store, b, replace=not review)  # a reviewer's accepted key signs for the chain from now on


def _namesake(store: NationalStore, city: dict[str, Any]) -> dict[str, Any] | None:
    """A city already in the store with ``city``'s name, country and region (spacing, case and ё/е ignored)
    but another id, when ``city`` is new to the store: two Ош in one country split its figures."""
    from ..i18n.names import same_place
    if store.query("SELECT 1 FROM cities WHERE id = ?", (city["id"],)):
        return None
    return next((r for r in store.query("SELECT id, name, country, region FROM cities WHERE country = ?",
                                        (city["country"],))
                 if same_place(r["name"], r["region"], city["name"], city.get("region"))), None)


def _insert(store: NationalStore, b: VerifiedBundle, who: str, *, is_latest: bool) -> None:
    ident, j = b.identity, b.json
    a, city = j["data/assessment.json"], j["data/city.json"]
    aid, rev = ident["assessment_id"], ident["revision"]
    card = b.card
    assert card is not None
    states = {x["question_id"]: AnswerState(x["score"], x["na"]) for x in a["answers"]}
    score = score_assessment(card, states, a["essentials_scope"])
    dump = lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True)  # noqa: E731
    known, known_text = known_snapshot(card)  # verification made the snapshot equal the known definition
    snapshot_text = known_text if j["data/scorecard.json"] == known else dump(j["data/scorecard.json"])
    store.execute(
        "INSERT INTO bundles (assessment_id, revision, sha256, previous_sha256, city_id, scorecard_id,"
        " scorecard_version, title, status, started_on, completed_on, exported_at, exported_by, imported_at,"
        " imported_by, points, max_points, assessment_json, city_json, scorecard_json, changelog_json, risk_json)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (aid, rev, b.sha256, ident["previous_sha256"], city["id"], card.id, card.version, a["title"], a["status"],
         a.get("started_on"), a.get("completed_on"), ident["exported_at"], ident["exported_by"], now(), who,
         score.points, score.max, dump(a), dump(city), snapshot_text,
         dump(j.get("data/changelog.json", [])), dump(j["data/risk.json"]) if "data/risk.json" in j else None))
    if "data/losses.json" in j:  # bundle format 2: the city's recorded losses, shown beside the scores
        store.execute("INSERT INTO bundle_losses (assessment_id, revision, losses_json) VALUES (?,?,?)",
                      (aid, rev, dump(j["data/losses.json"])))
    # one COPY per table on PostgreSQL (executemany is one statement per row), executemany on SQLite
    store.copy_rows("essential_scores", ("assessment_id", "revision", "essential", "points", "max_points", "answered",
                                         "questions", "na"),
                    [(aid, rev, e.essential, e.points, e.max, e.answered, e.questions, e.na) for e in score.essentials])
    store.copy_rows("answers", ("assessment_id", "revision", "question_id", "score", "na", "comment", "verification",
                                "responsible"),
                    [(aid, rev, x["question_id"], x["score"], int(x["na"]), x["comment"], x["verification"],
                      x["responsible"]) for x in a["answers"]])
    store.copy_rows("evidence", ("assessment_id", "revision", "evidence_id", "question_id", "kind", "name", "sha256",
                                 "size", "url"),
                    [(aid, rev, e["id"], e["question_id"], e["kind"], e["name"], e["sha256"], e["size"], e["url"])
                     for e in a["evidence"]])
    files = sorted({e["sha256"] for e in a["evidence"] if e["kind"] == "file"})
    held: set[str] = set()
    for i in range(0, len(files), 500):  # one query per 500 files, not one per file
        part = files[i:i + 500]
        held |= {r["sha256"] for r in store.query(f"SELECT sha256 FROM blobs WHERE sha256 IN ({','.join('?' * len(part))})",
                                                  part)}
    for e in a["evidence"]:
        if e["kind"] == "file" and e["sha256"] not in held:
            held.add(e["sha256"])
            data = b.read_member(EVIDENCE_DIR + e["sha256"])
            # another import may be storing the same file at this moment (content-addressed: same bytes)
            store.execute("INSERT INTO blobs (sha256, size, data) VALUES (?,?,?) ON CONFLICT (sha256) DO NOTHING",
                          (e["sha256"], len(data), data))
    store.copy_rows("action_items", ("assessment_id", "revision", "item_id", "question_id", "action", "responsible",
                                     "timescale", "status"),
                    [(aid, rev, x["id"], x["question_id"], x["action"], x["responsible"], x["timescale"], x["status"])
                     for x in a["action_items"]])
    _insert_layers(store, b, aid, rev)
    if is_latest:
        values = (city["name"], city["country"], city.get("region"), city.get("population"), city.get("area_km2"),
                  city.get("lon"), city.get("lat"), aid, rev, now())
        store.execute("INSERT INTO cities (id, name, country, region, population, area_km2, lon, lat, assessment_id,"
                      " revision, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET"
                      " name = excluded.name, country = excluded.country, region = excluded.region,"
                      " population = excluded.population, area_km2 = excluded.area_km2, lon = excluded.lon,"
                      " lat = excluded.lat, assessment_id = excluded.assessment_id, revision = excluded.revision,"
                      " updated_at = excluded.updated_at", (city["id"], *values))


def _insert_layers(store: NationalStore, b: VerifiedBundle, aid: str, rev: int) -> None:
    layers = b.json.get("data/layers.json")
    if not layers or b.gpkg is None:
        return
    if store.kind == "sqlite":  # SQLite copies the rows itself from the attached GeoPackage (in C)
        for layer in layers:
            key = _insert_layer_row(store, aid, rev, layer)
            _copy_attached(store, layer["table"], key, layer["feature_count"])
        return
    import sqlite3
    # PostgreSQL: the same SQL reads each layer's rows (header cut off by SQLite), a binary COPY sends them
    gpkg = sqlite3.connect(b.gpkg.resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
    try:
        def query(sql: str, params: tuple = ()) -> list[dict[str, Any]]:
            cur = gpkg.execute(sql, params)
            return [dict(zip([d[0] for d in cur.description], r)) for r in cur.fetchall()]
        for layer in layers:
            rows = _layer_select(query, "main", layer["table"], layer["feature_count"])
            key = _insert_layer_row(store, aid, rev, layer)
            store.copy_binary("features", FEATURE_COLUMNS, feature_rows(key, gpkg.execute("SELECT " + rows)))
            if store.postgis:
                store.execute("UPDATE features SET geom = ST_GeomFromWKB(wkb) WHERE layer_key = ? AND wkb IS NOT NULL",
                              (key,))
    finally:
        gpkg.close()


def _check_count(layer: dict, n: int) -> None:
    if n != layer["feature_count"]:
        raise BundleError(trn("layer {table} holds {n} feature, data/layers.json says {m}",
                              "layer {table} holds {n} features, data/layers.json says {m}", n, table=layer["table"], m=layer["feature_count"]))


def _insert_layer_row(store: NationalStore, aid: str, rev: int, layer: dict) -> int:
    return store.query("INSERT INTO layers (assessment_id, revision, layer_table, name, crs, feature_count)"
                       " VALUES (?,?,?,?,?,?) RETURNING layer_key",
                       (aid, rev, layer["table"], layer["name"], layer["crs"], layer["feature_count"]))[0]["layer_key"]


_ENVELOPE = (0, 32, 48, 48, 64)  # bytes of the GeoPackage geometry header's envelope, by indicator
#: GeoPackage geometry header flags (byte 4) without the empty bit, and the header's length: 8
#: bytes plus the envelope (indicator 0-4 in bits 1-3, either byte order in bit 0).
_HEADER = {(ind << 1) | order: 8 + _ENVELOPE[ind] for ind in range(5) for order in (0, 1)}
_KNOWN_FLAGS = ", ".join(f"X'{f:02X}'" for f in sorted(_HEADER) + [f | 0x10 for f in sorted(_HEADER)])
#: The WKB of a GeoPackage geometry (SQL over column ``g``): blob comparisons only, no per-row arithmetic.
#: An empty geometry (flag 0x10) gives NULL.
_WKB = ("CASE substr(g, 4, 1) " + " ".join(f"WHEN X'{f:02X}' THEN substr(g, {n + 1})" for f, n in sorted(_HEADER.items()))
        + " ELSE NULL END")


def _layer_select(query: Callable[..., list[dict[str, Any]]], schema: str, table: str, expected: int) -> str:
    """``fid, wkb, attributes FROM … ORDER BY fid`` (for an SQLite ``SELECT``) of one GeoPackage layer in
    ``schema``, after checking that it is a geometry table of ``expected`` rows whose every geometry
    has a GeoPackage header."""
    kind = query(f"SELECT type FROM {schema}.sqlite_master WHERE name = ?", (table,))
    cols = query(f"SELECT column_name FROM {schema}.gpkg_geometry_columns WHERE table_name = ?", (table,))
    if not kind or kind[0]["type"] != "table" or not cols:
        raise BundleError(tr("layer {table} is not a GeoPackage table", table=table))
    geom = cols[0]["column_name"].replace('"', "")
    src = f'(SELECT fid, "{geom}" AS g, attributes FROM {schema}."{table.replace(chr(34), "")}")'
    bad = query(f"SELECT COUNT(*) AS n, SUM(g IS NOT NULL AND (length(g) < 8 OR substr(g, 1, 2) != X'4750'"
                f" OR substr(g, 4, 1) NOT IN ({_KNOWN_FLAGS}))) AS bad FROM {src}")[0]
    _check_count({"table": table, "feature_count": expected}, bad["n"])
    if bad["bad"]:
        raise BundleError(tr("layer {table}: a feature is not a GeoPackage geometry", table=table))
    return f"fid, {_WKB}, CASE WHEN typeof(attributes) = 'text' THEN attributes ELSE '{{}}' END FROM {src} ORDER BY fid"


def _copy_attached(store: NationalStore, table: str, key: int, expected: int) -> None:
    rows = _layer_select(store.query, "bundle_gpkg", table, expected)
    store.execute(f"INSERT INTO features (layer_key, fid, wkb, attributes) SELECT ?, {rows}", (key,))
