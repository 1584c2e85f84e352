"""A city's historic disaster losses (``ws.losses``).

An import (one DesInventar export read for one city by :func:`~resilience_desktop.loss.read_desinventar`)
is stored in one transaction: a ``loss_imports`` row and one ``loss_records`` row per record.
A city has one current import: a newer one replaces it (the older stays, marked removed, for
the record). Figures stay ``NULL`` when not reported and are named in ``unknown`` when "some,
number unknown". An ``Entity.LOSSES`` event (its id the city's) tells subscribers.
"""

from __future__ import annotations

__all__ = ["Losses", "LossImportRecord", "file_sha256"]

import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..i18n.catalog import tr
from ..safety import csv_safe
from ..store import Database
from .cities import Cities
from .common import new_id, now
from .evidence import EvidenceItems
from .recorder import Recorder
from .records import ChangeEvent, Entity

if TYPE_CHECKING:
    from ..loss import DesInventarImport, LossRecord, LossSummary

_FIGURE_COLUMNS = ("deaths", "missing", "injured", "affected", "affected_indirect", "evacuated", "relocated",
                   "houses_destroyed", "houses_damaged", "health_facilities", "schools", "livestock", "crops_ha",
                   "roads_m", "loss_local", "loss_usd")
_COLUMNS = ("import_id", "city_id", "record_key", "serial", "event", "event_en", "hazard_kind", "year", "month",
            "day", "duration_days", "level0", "level1", "level2", "place", "status", *_FIGURE_COLUMNS, "unknown")


@dataclass(frozen=True)
class LossImportRecord:
    """One stored import: where the records came from and what was kept."""

    id: str
    city_id: str
    source_name: str
    source_sha256: str
    geo_code: str | None
    geo_name: str | None
    records: int
    excluded: int
    elsewhere: int
    imported_by: str
    imported_at: str


def file_sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class Losses:
    """The loss records of each city.

    Parameters
    ----------
    database, recorder
        Reads; writes.
    cities
        Records belong to a city.
    evidence
        Where the city's summary is attached to a question.
    """

    def __init__(self, database: Database, recorder: Recorder, cities: Cities, evidence: EvidenceItems):
        self._db = database
        self._recorder = recorder
        self._cities = cities
        self._evidence = evidence

    def add_import(self, city_id: str, imported: "DesInventarImport", *, source_sha256: str,
                   source_format: str = "desinventar") -> str:
        """Store the city's records of ``imported`` (replacing its current import); return the import id."""
        self._cities.get(city_id)
        iid, at = new_id(), now()
        unit = imported.match
        rows = [_row(iid, city_id, r) for r in imported.records]
        with self._recorder.write() as w:
            for old in w.execute("SELECT id FROM loss_imports WHERE city_id = ? AND removed_at IS NULL",
                                 (city_id,)).fetchall():
                w.execute("UPDATE loss_imports SET removed_at = ? WHERE id = ?", (at, old[0]))
                w.log("loss_import", old[0], "replaced", None, iid)
            w.execute("INSERT INTO loss_imports (id, city_id, source_name, source_sha256, source_format, geo_code,"
                      " geo_name, geo_level, records, excluded, elsewhere, imported_by, imported_at)"
                      " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                      (iid, city_id, imported.source_name, source_sha256, source_format,
                       unit.code if unit else None, unit.name if unit else None, unit.level if unit else None,
                       len(rows), imported.excluded, imported.elsewhere, self._recorder.user, at))
            w.executemany(f"INSERT OR REPLACE INTO loss_records ({', '.join(_COLUMNS)})"
                          f" VALUES ({', '.join('?' * len(_COLUMNS))})", rows)
            w.log("loss_import", iid, "imported", None, json.dumps(
                {"city_id": city_id, "source": imported.source_name, "records": len(rows),
                 "excluded": imported.excluded}, ensure_ascii=False))
            w.emit(ChangeEvent(Entity.LOSSES, city_id, fields=("imported",)))
        return iid

    def imports(self, city_id: str, *, include_removed: bool = False) -> list[LossImportRecord]:
        sql = "SELECT * FROM loss_imports WHERE city_id = ?" + ("" if include_removed else " AND removed_at IS NULL")
        return [LossImportRecord(r["id"], r["city_id"], r["source_name"], r["source_sha256"], r["geo_code"],
                                 r["geo_name"], r["records"], r["excluded"], r["elsewhere"], r["imported_by"],
                                 r["imported_at"])
                for r in self._db.query(sql + " ORDER BY imported_at DESC", (city_id,))]

    def records(self, city_id: str) -> list["LossRecord"]:
        """The city's current loss records, oldest event first."""
        from ..loss import LossRecord
        rows = self._db.query(
            "SELECT r.* FROM loss_records r JOIN loss_imports i ON i.id = r.import_id"
            " WHERE r.city_id = ? AND i.removed_at IS NULL ORDER BY r.year, r.month, r.day, r.rowid", (city_id,))
        return [LossRecord(r["record_key"], r["serial"], r["event"], r["event_en"], r["hazard_kind"], r["year"],
                           r["month"], r["day"], r["duration_days"], r["level0"], r["level1"], r["level2"],
                           r["place"], r["status"], {k: r[k] for k in _FIGURE_COLUMNS if r[k] is not None},
                           tuple(json.loads(r["unknown"])))
                for r in rows]

    def summary(self, city_id: str) -> "LossSummary":
        """The city's totals per hazard kind and year (:func:`~resilience_desktop.loss.summarize`)."""
        from ..loss import summarize
        excluded = sum(i.excluded for i in self.imports(city_id))
        return summarize(self.records(city_id), excluded=excluded)

    def attach_evidence(self, city_id: str, assessment_id: str, question_id: str | None) -> str:
        """Attach the city's loss summary to a question as a CSV table (per hazard kind and per year)."""
        from ..loss import figure_label
        from ..loss.summary import TOTAL_FIGURES
        from .hazards import hazard_kind_label
        s = self.summary(city_id)
        city = self._cities.get(city_id)
        imports = self.imports(city_id)
        text = io.StringIO(newline="")
        w = csv_safe.writer(text)  # event and place names come from the imported file
        head = [figure_label("events"), *(figure_label(k) for k in TOTAL_FIGURES)]
        w.writerow([tr("Hazard"), *head])
        for kind, row in s.by_event.items():
            w.writerow([hazard_kind_label(kind), row["events"], *(_cell(row[k]) for k in TOTAL_FIGURES)])
        w.writerow([tr("All"), s.records, *(_cell(s.totals[k]) for k in TOTAL_FIGURES)])
        w.writerow([])
        w.writerow([tr("Year"), *head])
        for year, row in s.by_year.items():
            w.writerow([year, row["events"], *(_cell(row[k]) for k in TOTAL_FIGURES)])
        years = f"{s.years[0]}–{s.years[1]}" if s.years else "-"
        name = tr("Losses — {city}, {years}.csv", city=city.name, years=years).replace("/", "-")
        source = ", ".join(f"{i.source_name} (sha256 {i.source_sha256[:12]})" for i in imports) or "-"
        note = tr("Recorded losses from {source}; {n} records, {excluded} unpublished left out; empty cells: "
                  "not recorded", source=source, n=s.records, excluded=s.excluded)
        # UTF-8 with a BOM, as spreadsheet programs need to read Cyrillic.
        return self._evidence.add_data(assessment_id, question_id, text.getvalue().encode("utf-8-sig"),
                                       name=name, note=note)


def _cell(v: Any) -> Any:
    return "" if v is None else v


def _row(iid: str, city_id: str, r: "LossRecord") -> tuple[Any, ...]:
    return (iid, city_id, r.key, r.serial, r.event, r.event_en, r.hazard_kind, r.year, r.month, r.day,
            r.duration_days, r.level0, r.level1, r.level2, r.place, r.status,
            *(r.figures.get(k) for k in _FIGURE_COLUMNS), json.dumps(list(r.unknown)))
