"""What the national store says about each city: its latest assessment and per-Essential scores.

The latest assessment of a city is the one started last (then exported last) among the highest
revision of each of its assessments. :func:`write_cities_gpkg` writes one point per city with
those scores as attributes (``e1`` … points, ``e1_max`` … maxima), ready for QGIS.
"""

from __future__ import annotations

__all__ = ["city_summary", "summary_csv", "write_cities_gpkg"]

import io
import warnings
from pathlib import Path
from typing import Any

from ..safety import csv_safe
from ..atomic import atomic_target
from .store import NationalStore
from .views import SCORED


def city_summary(store: NationalStore) -> list[dict[str, Any]]:
    """One row per city (by name), each with its latest assessment's scores."""
    rows = store.query(
        "SELECT b.assessment_id, b.revision, b.city_id, b.scorecard_id, b.scorecard_version, b.title, b.status,"
        " b.started_on, b.exported_at, b.points, b.max_points, c.name, c.country, c.region, c.lon, c.lat"
        " FROM bundles b JOIN (SELECT assessment_id, MAX(revision) AS r FROM bundles GROUP BY assessment_id) m"
        " ON b.assessment_id = m.assessment_id AND b.revision = m.r JOIN cities c ON c.id = b.city_id")
    best: dict[str, dict[str, Any]] = {}
    for r in rows:
        key = (r["started_on"] or "", r["exported_at"], r["assessment_id"])
        cur = best.get(r["city_id"])
        if cur is None or key > (cur["started_on"] or "", cur["exported_at"], cur["assessment_id"]):
            best[r["city_id"]] = r
    out = []
    for r in sorted(best.values(), key=lambda x: (x["country"], x["name"].lower(), x["city_id"])):
        ess = store.query(f"SELECT e.essential, e.points, e.max_points, e.answered, e.questions, {SCORED} AS scored"
                          " FROM essential_scores e WHERE e.assessment_id = ? AND e.revision = ? ORDER BY e.essential",
                          (r["assessment_id"], r["revision"]))
        out.append({"city_id": r["city_id"], "city": r["name"], "country": r["country"], "region": r["region"],
                    "lon": r["lon"], "lat": r["lat"], "assessment_id": r["assessment_id"], "revision": r["revision"],
                    "scorecard": f"{r['scorecard_id']}@{r['scorecard_version']}", "title": r["title"],
                    "status": r["status"], "points": r["points"], "max": r["max_points"],
                    "essentials": {str(e["essential"]): {"points": e["points"], "max": e["max_points"],
                                                         "answered": e["answered"], "questions": e["questions"],
                                                         "scored": e["scored"]}
                                   for e in ess},
                    "losses": _losses(store, r["assessment_id"], r["revision"])})
    return out


def _losses(store: NationalStore, assessment_id: str, revision: int) -> dict[str, Any] | None:
    """The city's recorded-loss totals sent with that bundle (format 2), ``None`` when it sent none."""
    from .views import loss_digest
    rows = store.query("SELECT losses_json FROM bundle_losses WHERE assessment_id = ? AND revision = ?",
                       (assessment_id, revision))
    if not rows:
        return None
    return loss_digest(rows[0]["losses_json"])


def _points(row: dict[str, Any], n: int) -> int | None:
    """Essential ``n``'s points, ``None`` when none of its questions is answered with a score (unanswered, or
    N/A only): an empty cell, not a 0 that a map would colour as the worst score."""
    e = row["essentials"].get(str(n))
    return e["points"] if e and e["scored"] else None


def _essential_numbers(rows: list[dict[str, Any]]) -> list[int]:
    return sorted({int(n) for r in rows for n in r["essentials"]})


def summary_csv(rows: list[dict[str, Any]]) -> str:
    """The summary as CSV text: one line per city, ``E1`` … columns hold the points of each Essential (empty
    where none of its questions is answered)."""
    numbers = _essential_numbers(rows)
    buf = io.StringIO()
    w = csv_safe.writer(buf, lineterminator="\n")
    w.writerow(["city_id", "city", "country", "assessment_id", "revision", "scorecard", "points", "max",
                *(f"E{n}" for n in numbers), *(f"E{n}_max" for n in numbers)])
    for r in rows:
        e = r["essentials"]
        w.writerow([r["city_id"], r["city"], r["country"], r["assessment_id"], r["revision"], r["scorecard"],
                    r["points"], r["max"], *("" if _points(r, n) is None else _points(r, n) for n in numbers),
                    *(e.get(str(n), {}).get("max", "") for n in numbers)])
    return buf.getvalue()


def write_cities_gpkg(store: NationalStore, out: str | Path) -> int:
    """Each city as a point (EPSG:4326) with its latest scores as attributes; returns the city count."""
    import numpy as np
    import pyogrio.raw
    import shapely
    rows = city_summary(store)
    numbers = _essential_numbers(rows)
    geoms = [shapely.Point(r["lon"], r["lat"]) if r["lon"] is not None else None for r in rows]
    wkb = np.asarray(shapely.to_wkb(np.asarray(geoms, dtype=object)), dtype=object) if rows else np.empty(0, dtype=object)
    columns: dict[str, list[Any]] = {
        "city_id": [r["city_id"] for r in rows], "city": [r["city"] for r in rows],
        "country": [r["country"] for r in rows], "assessment_id": [r["assessment_id"] for r in rows],
        "revision": [r["revision"] for r in rows], "scorecard": [r["scorecard"] for r in rows],
        "points": [r["points"] for r in rows], "max": [r["max"] for r in rows]}
    for n in numbers:
        columns[f"e{n}"] = [_points(r, n) for r in rows]
        columns[f"e{n}_max"] = [r["essentials"].get(str(n), {}).get("max") for r in rows]
    data = []
    for name, values in columns.items():
        if name in ("city_id", "city", "country", "assessment_id", "scorecard"):
            data.append(np.asarray(values, dtype=object))
        else:
            data.append(np.asarray([np.nan if v is None else v for v in values], dtype="float64")
                        if any(v is None for v in values) else np.asarray(values, dtype="int64"))
    out = Path(out)
    with atomic_target(out) as tmp:
        tmp.unlink()
        with warnings.catch_warnings():  # the temporary name does not end in .gpkg; the final one does
            warnings.simplefilter("ignore", RuntimeWarning)
            pyogrio.raw.write(str(tmp), wkb, data, list(columns), layer="cities", driver="GPKG", geometry_type="Point",
                              crs="EPSG:4326")
    return len(rows)
