"""What the national platform sees: every city's latest scores, its reporting status, its trend.

Every summary is one SQL query over the national store (SQLite or PostgreSQL, the same text);
Python only turns points into percents and rows into JSON. The *latest* assessment of a city is
the one started last (then exported last) among the highest revision of each of its
assessments — the same rule as :func:`resilience_desktop.national.summary.city_summary`.

A percent is ``100 × points / maximum`` (N/A questions leave the maximum, unanswered ones count
as 0, as in the dashboard), and ``None`` when nothing was answered (or everything is N/A), so
an empty revision is never shown as a score of 0.
"""

from __future__ import annotations

__all__ = ["ESSENTIALS", "DEFAULT_OVERDUE_MONTHS", "LATEST_CTE", "list_cities", "filter_cities", "city_trend",
           "city_revisions", "city_warnings", "percent", "parse_time", "months_between", "shown_url", "loss_digest"]

import json
from datetime import datetime, timezone
from typing import Any, Iterable

from .store import NationalStore

#: The Ten Essentials: every city's row has one percent (or None) per number.
ESSENTIALS = tuple(range(1, 11))
#: A city whose last revision is older than this many months is overdue.
DEFAULT_OVERDUE_MONTHS = 12

#: The head revision of every assessment ranked per city (rn = 1: the city's latest assessment).
LATEST_CTE = (
    "heads AS (SELECT assessment_id, MAX(revision) AS revision FROM bundles GROUP BY assessment_id),"
    " ranked AS (SELECT b.assessment_id, b.revision, b.city_id, b.scorecard_id, b.scorecard_version, b.title,"
    " b.status, b.exported_at, b.points, b.max_points, ROW_NUMBER() OVER (PARTITION BY b.city_id ORDER BY"
    " COALESCE(b.started_on, '') DESC, b.exported_at DESC, b.assessment_id DESC) AS rn"
    " FROM bundles b JOIN heads h ON h.assessment_id = b.assessment_id AND h.revision = b.revision)")


def shown_url(url: str) -> str:
    """The store's address as shown in a window or a report: a PostgreSQL password replaced by ``***``.

    >>> shown_url("postgresql://ministry:s3cret@db.example:5432/national"), shown_url("/data/national.db")
    ('postgresql://ministry:***@db.example:5432/national', '/data/national.db')
    """
    from urllib.parse import urlsplit, urlunsplit
    text = str(url)
    if not text.startswith(("postgresql://", "postgres://")):
        return text
    parts = urlsplit(text)
    if parts.password is None:
        return text
    netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


#: The answers of an Essential that carry a score (N/A ones do not); stores made before the ``na`` column
#: have it empty for their rows, counted as none.
SCORED = "(e.answered - COALESCE(e.na, 0))"


def percent(points: int | None, maximum: int | None, answered: int | None) -> float | None:
    """``100 × points / maximum`` rounded to 0.1, or ``None`` when nothing is answered with a score
    (``answered``: the scored answers; an Essential answered only N/A has no percent) or nothing is scorable.

    >>> percent(30, 60, 20), percent(0, 60, 0), percent(0, 0, 3)
    (50.0, None, None)
    """
    if not maximum or not answered:
        return None
    return round(100.0 * (points or 0) / maximum, 1)


def parse_time(text: str | None) -> datetime | None:
    """An ISO 8601 time (``Z`` or an offset; a bare date means midnight UTC), or ``None``."""
    if not text:
        return None
    try:
        t = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=timezone.utc)


def months_between(earlier: datetime, later: datetime) -> float:
    """Months from ``earlier`` to ``later`` as days over the mean month (365.25 / 12 days).

    >>> months_between(datetime(2025, 1, 1, tzinfo=timezone.utc), datetime(2026, 1, 1, tzinfo=timezone.utc))  # 365 days
    11.99
    """
    return round((later - earlier).total_seconds() / 86400 / (365.25 / 12), 2)


def _essentials(store: NationalStore, where: str = "r.rn = 1", params: tuple = ()) -> dict[tuple[str, int], dict[int, tuple]]:
    rows = store.query(
        f"WITH {LATEST_CTE} SELECT e.assessment_id, e.revision, e.essential, e.points, e.max_points, e.answered,"
        f" e.questions, {SCORED} AS scored FROM ranked r JOIN essential_scores e ON e.assessment_id = r.assessment_id"
        f" AND e.revision = r.revision WHERE {where}", params)
    out: dict[tuple[str, int], dict[int, tuple]] = {}
    for e in rows:
        out.setdefault((e["assessment_id"], int(e["revision"])), {})[int(e["essential"])] = (
            e["points"], e["max_points"], e["answered"], e["questions"], e["scored"])
    return out


def loss_digest(losses_json: str) -> dict[str, Any]:
    """What the national platform shows of a city's recorded losses (a bundle's ``data/losses.json``):
    ``records``, ``years`` ([first, last] or None), ``events`` (per hazard kind) and ``totals``
    (``None`` where no record gave the figure, never 0).

    >>> loss_digest('{"summary": {"records": 2, "excluded": 0, "years": [2005, 2007], "events": {"flood": 2},'
    ...             ' "totals": {"deaths": null, "loss_usd": 1500.0}, "by_event": {}, "by_year": {}}}')
    {'records': 2, 'years': [2005, 2007], 'events': {'flood': 2}, 'totals': {'deaths': None, 'loss_usd': 1500.0}}
    """
    s = json.loads(losses_json)["summary"]
    return {"records": s["records"], "years": s["years"], "events": s["events"], "totals": s["totals"]}


def _losses(store: NationalStore) -> dict[tuple[str, int], dict[str, Any]]:
    """The recorded losses sent with each city's latest revision (bundle format 2), by (assessment, revision)."""
    rows = store.query(
        f"WITH {LATEST_CTE} SELECT l.assessment_id, l.revision, l.losses_json FROM ranked r JOIN bundle_losses l"
        " ON l.assessment_id = r.assessment_id AND l.revision = r.revision WHERE r.rn = 1")
    return {(r["assessment_id"], int(r["revision"])): loss_digest(r["losses_json"]) for r in rows}


def list_cities(store: NationalStore, *, overdue_months: float = DEFAULT_OVERDUE_MONTHS,
                as_of: datetime | None = None) -> list[dict[str, Any]]:
    """One row per city in the store, sorted by country and name.

    Keys (the ``national cities --json`` contract first): ``city_id, name, country, region, revision,
    updated_at, overall_percent, essentials`` (ten percents or None), ``overdue``; then ``assessment_id,
    scorecard_id, scorecard_version, title, status, points, max_points, answered, questions,
    answered_share, essentials_answered`` (ten shares or None), ``lon, lat, revisions, assessments,
    first_delivery, warnings, conflicts, months_since, losses, signature`` (``losses``: the recorded losses
    sent with that revision, :func:`loss_digest`, or ``None`` when it sent none; ``signature``: the id of the
    key that signed the latest revision, or None: unsigned, or imported before the store recorded signatures).
    """
    as_of = as_of or datetime.now(timezone.utc)
    rows = store.query(
        f"WITH {LATEST_CTE}, stats AS (SELECT city_id, COUNT(*) AS revisions, COUNT(DISTINCT assessment_id)"
        " AS assessments, MAX(exported_at) AS last_export, MIN(exported_at) AS first_export FROM bundles"
        " GROUP BY city_id),"
        " logs AS (SELECT b.city_id, SUM(CASE WHEN l.outcome = 'imported' AND l.message <> '' THEN 1 ELSE 0 END)"
        " AS warnings, SUM(CASE WHEN l.outcome = 'conflict' THEN 1 ELSE 0 END) AS conflicts FROM import_log l"
        " JOIN (SELECT DISTINCT assessment_id, city_id FROM bundles) b ON b.assessment_id = l.assessment_id"
        " GROUP BY b.city_id)"
        " SELECT c.id, c.name, c.country, c.region, c.lon, c.lat, r.assessment_id, r.revision, r.scorecard_id,"
        " r.scorecard_version, r.title, r.status, r.points, r.max_points, s.revisions, s.assessments,"
        " s.last_export, s.first_export, COALESCE(g.warnings, 0) AS warnings, COALESCE(g.conflicts, 0) AS conflicts,"
        " sg.key_id AS signature"
        " FROM cities c JOIN ranked r ON r.city_id = c.id AND r.rn = 1 JOIN stats s ON s.city_id = c.id"
        " LEFT JOIN logs g ON g.city_id = c.id"
        " LEFT JOIN bundle_signatures sg ON sg.assessment_id = r.assessment_id AND sg.revision = r.revision")
    ess = _essentials(store)
    losses = _losses(store)
    out = []
    for r in rows:
        per = ess.get((r["assessment_id"], int(r["revision"])), {})
        answered = sum(v[2] for v in per.values())
        questions = sum(v[3] for v in per.values())
        scored = sum(v[4] for v in per.values())
        last = parse_time(r["last_export"])
        since = months_between(last, as_of) if last else None
        out.append({
            "city_id": r["id"], "name": r["name"], "country": r["country"], "region": r["region"],
            "revision": int(r["revision"]), "updated_at": r["last_export"],
            "overall_percent": percent(r["points"], r["max_points"], scored),
            "essentials": [percent(per[n][0], per[n][1], per[n][4]) if n in per else None for n in ESSENTIALS],
            "overdue": since is None or since > overdue_months,
            "assessment_id": r["assessment_id"], "scorecard_id": r["scorecard_id"],
            "scorecard_version": int(r["scorecard_version"]), "title": r["title"], "status": r["status"],
            "points": int(r["points"]), "max_points": int(r["max_points"]), "answered": answered,
            "questions": questions, "answered_share": round(answered / questions, 3) if questions else None,
            "essentials_answered": [round(per[n][2] / per[n][3], 3) if n in per and per[n][3] else None
                                    for n in ESSENTIALS],
            "lon": r["lon"], "lat": r["lat"], "revisions": int(r["revisions"]), "assessments": int(r["assessments"]),
            "first_delivery": r["first_export"], "warnings": int(r["warnings"]), "conflicts": int(r["conflicts"]),
            "months_since": None if since is None else round(since, 1),
            "losses": losses.get((r["assessment_id"], int(r["revision"]))), "signature": r["signature"]})
    out.sort(key=lambda c: (c["country"], c["name"].casefold(), c["city_id"]))
    return out


def filter_cities(rows: Iterable[dict[str, Any]], *, country: str | None = None, region: str | None = None,
                  scorecard: str | None = None, since: str | None = None, text: str | None = None) -> list[dict[str, Any]]:
    """The rows matching every given filter (country code, region, scorecard id, delivered on or after
    the ISO date ``since``, and ``text`` in the name), case-insensitive."""
    def keep(c: dict[str, Any]) -> bool:
        if country and c["country"].casefold() != country.casefold():
            return False
        if region and (c["region"] or "").casefold() != region.casefold():
            return False
        if scorecard and c["scorecard_id"] != scorecard:
            return False
        if since and (c["updated_at"] or "")[:10] < since[:10]:
            return False
        return not text or text.casefold() in c["name"].casefold()
    return [c for c in rows if keep(c)]


def city_revisions(store: NationalStore, city_id: str) -> list[dict[str, Any]]:
    """Every stored revision of every assessment of one city, oldest export first."""
    rows = store.query(
        "SELECT b.assessment_id, b.revision, b.scorecard_id, b.scorecard_version, b.title, b.status, b.started_on,"
        f" b.exported_at, b.imported_at, b.points, b.max_points, SUM(e.answered) AS answered, SUM({SCORED}) AS scored,"
        " SUM(e.questions) AS questions FROM bundles b LEFT JOIN essential_scores e ON e.assessment_id ="
        " b.assessment_id AND e.revision = b.revision WHERE b.city_id = ? GROUP BY b.assessment_id, b.revision,"
        " b.scorecard_id, b.scorecard_version, b.title, b.status, b.started_on, b.exported_at, b.imported_at,"
        " b.points, b.max_points ORDER BY b.exported_at, b.assessment_id, b.revision", (city_id,))
    return [{**r, "revision": int(r["revision"]), "answered": int(r["answered"] or 0),
             "questions": int(r["questions"] or 0),
             "overall_percent": percent(r["points"], r["max_points"], r["scored"])} for r in rows]


def city_trend(store: NationalStore, city_id: str) -> list[dict[str, Any]]:
    """The city's revisions, each with its overall and per-Essential percents, in the order the
    assessments were started (then by revision): a city sending its 2024 baseline and its 2026
    assessment on the same day gets them in that order, whatever order they were exported in."""
    revs = city_revisions(store, city_id)  # in export order: the first row of an assessment is its first export
    first_export: dict[str, str] = {}
    for r in revs:
        first_export.setdefault(r["assessment_id"], r["exported_at"] or "")
    revs.sort(key=lambda r: (r["started_on"] or "", first_export[r["assessment_id"]], r["assessment_id"], r["revision"]))
    rows = store.query(
        f"SELECT e.assessment_id, e.revision, e.essential, e.points, e.max_points, {SCORED} AS scored FROM"
        " essential_scores e JOIN bundles b ON b.assessment_id = e.assessment_id AND b.revision = e.revision"
        " WHERE b.city_id = ?",
        (city_id,))
    per: dict[tuple[str, int], dict[int, float | None]] = {}
    for e in rows:
        per.setdefault((e["assessment_id"], int(e["revision"])), {})[int(e["essential"])] = percent(
            e["points"], e["max_points"], e["scored"])
    return [{"assessment_id": r["assessment_id"], "revision": r["revision"], "exported_at": r["exported_at"],
             "title": r["title"], "started_on": r["started_on"],
             "scorecard_id": r["scorecard_id"], "overall_percent": r["overall_percent"],
             "essentials": [per.get((r["assessment_id"], r["revision"]), {}).get(n) for n in ESSENTIALS]}
            for r in revs]


def city_warnings(store: NationalStore, city_id: str) -> list[dict[str, Any]]:
    """The import log rows of the city's assessments that were not plain imports (warnings, conflicts)."""
    return store.query(
        "SELECT l.at, l.file_name, l.assessment_id, l.revision, l.outcome, l.message FROM import_log l"
        " WHERE l.assessment_id IN (SELECT DISTINCT assessment_id FROM bundles WHERE city_id = ?)"
        " AND (l.outcome = 'conflict' OR (l.outcome = 'imported' AND l.message <> '')) ORDER BY l.at", (city_id,))
