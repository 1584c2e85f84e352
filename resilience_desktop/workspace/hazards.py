"""A city's hazards and scenarios, and stored exposure results (``ws.hazards``).

The scorecard asks each city for its hazards, each with a "most probable" and a "most severe"
scenario; Essentials 8 and 9 are then judged against those scenarios. A scenario names its
hazard-zone layer (optionally a class field and which of its values count as affected), so
:func:`~resilience_desktop.gis.exposure.run_exposure` can count what it hits. A result is stored
with its inputs (layer ids and content hashes) and its numbers, and can be attached to a question
as a small JSON evidence file, so anybody can re-check it later against the same layers.

Every edit is validated first, then written through the recorder: one transaction with its
change-log rows, then ``Entity.HAZARD``, ``SCENARIO`` or ``EXPOSURE`` events. Removing a hazard hides it.
"""

from __future__ import annotations

__all__ = ["HAZARD_KINDS", "SCENARIO_KINDS", "Hazard", "Scenario", "ExposureRecord", "Hazards", "hazard_kind_label",
           "scenario_kind_label"]

import json
from dataclasses import asdict, dataclass
from typing import Any, Sequence

from ..errors import InvalidInputError, NotFoundError
from ..i18n.catalog import tr
from ..store import Database
from .cities import Cities
from .common import UNSET, new_id, now
from .layers import Layers
from .rasters import Rasters
from .recorder import Recorder
from .records import ChangeEvent, Entity

HAZARD_KINDS = ("earthquake", "flood", "mudflow", "landslide", "avalanche", "drought", "extreme_heat",
                "extreme_cold", "industrial_accident", "epidemic", "other")
SCENARIO_KINDS = ("most_probable", "most_severe")


def hazard_kind_label(kind: str) -> str:
    """The translated name of a hazard kind."""
    return {"earthquake": tr("Earthquake"), "flood": tr("Flood"), "mudflow": tr("Mudflow"),
            "landslide": tr("Landslide"), "avalanche": tr("Avalanche"), "drought": tr("Drought"),
            "extreme_heat": tr("Extreme heat"), "extreme_cold": tr("Extreme cold"),
            "industrial_accident": tr("Industrial accident"), "epidemic": tr("Epidemic"),
            "other": tr("Other")}.get(kind, kind)


def scenario_kind_label(kind: str) -> str:
    return {"most_probable": tr("Most probable"), "most_severe": tr("Most severe")}.get(kind, kind)


@dataclass(frozen=True)
class Hazard:
    id: str
    city_id: str
    kind: str
    name: str
    notes: str = ""

    @property
    def label(self) -> str:
        return self.name or hazard_kind_label(self.kind)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Scenario:
    id: str
    hazard_id: str
    kind: str
    description: str
    likelihood: str
    zone_layer_id: str | None
    class_field: str | None
    affected_classes: tuple[str, ...]
    #: Buffer of the hazard features: metres, ``{class: metres}``, or ``{"field": name}`` (``None``: none).
    buffer: Any = None
    #: A raster hazard (issue 15): the raster layer's id, and ``{"values", "unit", "raster_unit"}``.
    raster_id: str | None = None
    raster_thresholds: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["affected_classes"] = list(self.affected_classes)
        return out


@dataclass(frozen=True)
class ExposureRecord:
    """An exposure result kept in the workspace: what went in, what came out."""

    id: str
    scenario_id: str
    computed_at: str
    computed_by: str
    inputs: dict[str, Any]
    result: dict[str, Any]


class Hazards:
    """Hazards and their scenarios (the results computed for them: :mod:`.exposure`).

    Parameters
    ----------
    database, recorder
        Reads; writes.
    cities
        A hazard belongs to a city.
    layers
        A scenario's hazard-zone layer and its fields.
    rasters
        A scenario's hazard raster (flood depth, peak ground acceleration …) instead of a zone layer.
    """

    def __init__(self, database: Database, recorder: Recorder, cities: Cities, layers: Layers, rasters: Rasters):
        self._db = database
        self._recorder = recorder
        self._cities = cities
        self._layers = layers
        self._rasters = rasters

    # ------------------------------------------------------------ hazards
    def add(self, city_id: str, kind: str, name: str = "", *, notes: str = "") -> str:
        """Add a hazard of ``kind`` (one of :data:`HAZARD_KINDS`) to a city; ``name`` is free text."""
        self._cities.get(city_id)
        kind, name = _check_hazard(kind, name)
        hid, at = new_id(), now()
        with self._recorder.write() as w:
            w.execute("INSERT INTO hazards (id, city_id, kind, name, notes, created_at, updated_at)"
                      " VALUES (?,?,?,?,?,?,?)", (hid, city_id, kind, name, notes or "", at, at))
            w.log(Entity.HAZARD, hid, "created", None,
                  json.dumps({"city_id": city_id, "kind": kind, "name": name}, ensure_ascii=False))
            w.emit(ChangeEvent(Entity.HAZARD, hid, fields=("created",)))
        return hid

    def update(self, hazard_id: str, *, kind: str = UNSET, name: str = UNSET, notes: str = UNSET) -> None:
        old = self.get(hazard_id)
        new_kind, new_name = _check_hazard(old.kind if kind is UNSET else kind, old.name if name is UNSET else name)
        values = {"kind": new_kind, "name": new_name, "notes": old.notes if notes is UNSET else (notes or "")}
        changed = {k: v for k, v in values.items() if getattr(old, k) != v}
        if not changed:
            return
        with self._recorder.write() as w:
            sets = ", ".join(f"{k} = :{k}" for k in changed)
            w.execute(f"UPDATE hazards SET {sets}, updated_at = :now WHERE id = :id",
                      {**changed, "now": now(), "id": hazard_id})
            for k, v in changed.items():
                w.log(Entity.HAZARD, hazard_id, k, getattr(old, k), v)
            w.emit(ChangeEvent(Entity.HAZARD, hazard_id, fields=tuple(changed)))

    def remove(self, hazard_id: str) -> None:
        """Hide a hazard (and its scenarios); :meth:`restore` brings it back."""
        self.get(hazard_id)
        self._recorder.soft_remove("hazards", hazard_id, True,
                                   ChangeEvent(Entity.HAZARD, hazard_id, fields=("removed",)))

    def restore(self, hazard_id: str) -> None:
        self.get(hazard_id)
        self._recorder.soft_remove("hazards", hazard_id, False,
                                   ChangeEvent(Entity.HAZARD, hazard_id, fields=("restored",)))

    def all(self, city_id: str | None = None, *, include_removed: bool = False) -> list[Hazard]:
        sql, params = "SELECT * FROM hazards WHERE 1", []
        if city_id is not None:
            sql += " AND city_id = ?"
            params.append(city_id)
        if not include_removed:
            sql += " AND removed_at IS NULL"
        return [_hazard(r) for r in self._db.query(sql + " ORDER BY created_at, rowid", tuple(params))]

    def get(self, hazard_id: str) -> Hazard:
        rows = self._db.query("SELECT * FROM hazards WHERE id = ?", (hazard_id,))
        if not rows:
            raise NotFoundError(tr("no hazard with id {hazard_id!r}", hazard_id=hazard_id))
        return _hazard(rows[0])

    # ------------------------------------------------------------ scenarios
    def set_scenario(self, hazard_id: str, kind: str, *, description: str = UNSET, likelihood: str = UNSET,
                     zone_layer_id: str | None = UNSET, class_field: str | None = UNSET,
                     affected_classes: Sequence[str] = UNSET, buffer: Any = UNSET,
                     raster_id: str | None = UNSET, raster_thresholds: dict[str, Any] | None = UNSET) -> str:
        """Create or edit the hazard's ``most_probable`` or ``most_severe`` scenario; return its id.

        ``likelihood`` is free text ("1 in 100 years", "likely within 10 years"). Affected classes
        need a class field, and the field must be one of the zone layer's. ``buffer`` turns point or
        line hazards (faults, rivers) into zones: metres, ``{class: metres}`` or ``{"field": name}``.
        ``raster_id`` makes a stored raster layer the hazard instead of a zone layer, with
        ``raster_thresholds`` ``{"values": [0.5, 1, 2], "unit": "m", "raster_unit": "m"}``.
        """
        self.get(hazard_id)
        if kind not in SCENARIO_KINDS:
            raise InvalidInputError(tr("scenario kind must be one of {kinds}", kinds=", ".join(SCENARIO_KINDS)))
        rows = self._db.query("SELECT * FROM scenarios WHERE hazard_id = ? AND kind = ?", (hazard_id, kind))
        old = _scenario(rows[0]) if rows else None
        base = old or Scenario("", hazard_id, kind, "", "", None, None, ())
        values: dict[str, Any] = {
            "description": base.description if description is UNSET else (description or "").strip(),
            "likelihood": base.likelihood if likelihood is UNSET else (likelihood or "").strip(),
            "zone_layer_id": base.zone_layer_id if zone_layer_id is UNSET else (zone_layer_id or None),
            "class_field": base.class_field if class_field is UNSET else (class_field or None),
            "affected_classes": base.affected_classes if affected_classes is UNSET
            else tuple(dict.fromkeys(str(c) for c in affected_classes)),
        }
        if buffer is not UNSET:
            values["buffer"] = _check_buffer(buffer)
        self._check_raster_hazard(base, values, raster_id, raster_thresholds)
        if values["zone_layer_id"] is not None:
            layer = self._layers.get(values["zone_layer_id"])
            if values["class_field"] is not None and values["class_field"] not in layer.fields:
                raise InvalidInputError(tr("layer {layer!r} has no field {field!r}", layer=layer.name,
                                           field=values["class_field"]))
        if values["affected_classes"] and values["class_field"] is None:
            raise InvalidInputError(tr("affected classes need a class field"))
        if isinstance(values.get("buffer"), dict) and "field" in values["buffer"] and values["zone_layer_id"]:
            layer = self._layers.get(values["zone_layer_id"])
            if values["buffer"]["field"] not in layer.fields:
                raise InvalidInputError(tr("layer {layer!r} has no field {field!r}", layer=layer.name,
                                           field=values["buffer"]["field"]))
        at = now()
        if old is None:
            sid = new_id()
            with self._recorder.write() as w:
                w.execute("INSERT INTO scenarios (id, hazard_id, kind, description, likelihood, zone_layer_id,"
                          " class_field, affected_classes, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                          (sid, hazard_id, kind, values["description"], values["likelihood"], values["zone_layer_id"],
                           values["class_field"], json.dumps(list(values["affected_classes"]), ensure_ascii=False),
                           at, at))
                if values.get("buffer") is not None:
                    w.execute("UPDATE scenarios SET buffer = ? WHERE id = ?", (json.dumps(values["buffer"]), sid))
                if values.get("raster_id") is not None or values.get("raster_thresholds") is not None:
                    w.execute("UPDATE scenarios SET raster_id = ?, raster_thresholds = ? WHERE id = ?",
                              (values.get("raster_id"), json.dumps(values["raster_thresholds"])
                               if values.get("raster_thresholds") is not None else None, sid))
                w.log(Entity.SCENARIO, sid, "created", None, json.dumps(
                    {"hazard_id": hazard_id, "kind": kind, **{k: list(v) if isinstance(v, tuple) else v
                                                            for k, v in values.items()}}, ensure_ascii=False))
                w.emit(ChangeEvent(Entity.SCENARIO, sid, fields=("created",)))
            return sid
        changed = {k: v for k, v in values.items() if getattr(old, k) != v}
        if changed:
            with self._recorder.write() as w:
                for k, v in changed.items():
                    stored = (json.dumps(list(v), ensure_ascii=False) if k == "affected_classes"
                              else json.dumps(v, ensure_ascii=False) if k in ("buffer", "raster_thresholds")
                              and v is not None else v)
                    w.execute(f"UPDATE scenarios SET {k} = ?, updated_at = ? WHERE id = ?", (stored, at, old.id))
                    was = getattr(old, k)
                    w.log(Entity.SCENARIO, old.id, k,
                          json.dumps(list(was), ensure_ascii=False) if k == "affected_classes"
                          else json.dumps(was) if isinstance(was, dict) else was, stored)
                w.emit(ChangeEvent(Entity.SCENARIO, old.id, fields=tuple(changed)))
        return old.id

    def scenarios(self, hazard_id: str) -> dict[str, Scenario]:
        """The hazard's scenarios by kind (a kind not yet described is absent)."""
        return {r["kind"]: _scenario(r)
                for r in self._db.query("SELECT * FROM scenarios WHERE hazard_id = ?", (hazard_id,))}

    def get_scenario(self, scenario_id: str) -> Scenario:
        rows = self._db.query("SELECT * FROM scenarios WHERE id = ?", (scenario_id,))
        if not rows:
            raise NotFoundError(tr("no scenario with id {scenario_id!r}", scenario_id=scenario_id))
        return _scenario(rows[0])

    def _check_raster_hazard(self, base: Scenario, values: dict[str, Any], raster_id: Any, thresholds: Any) -> None:
        """Fill ``values`` with the checked raster hazard (a raster with a CRS, increasing thresholds
        in a unit of the raster's quantity); a zone layer and a raster never both."""
        from ..gis.hazard_units import check_raster_thresholds
        if raster_id is not UNSET or base.raster_id is not None:
            values["raster_id"] = base.raster_id if raster_id is UNSET else (raster_id or None)
        if thresholds is not UNSET or base.raster_thresholds is not None:
            values["raster_thresholds"] = (base.raster_thresholds if thresholds is UNSET
                                           else check_raster_thresholds(thresholds))
        rid = values.get("raster_id")
        if rid is None:
            return
        raster = self._rasters.get(rid)
        values["raster_id"] = raster.id
        if not raster.crs:
            raise InvalidInputError(tr("raster {name!r} does not say where on earth it is (no CRS); it cannot be a "
                                       "hazard", name=raster.name))
        if values["zone_layer_id"] is not None:
            raise InvalidInputError(tr("a scenario's hazard is a zone layer or a raster, not both"))


def _check_hazard(kind: str, name: str) -> tuple[str, str]:
    if kind not in HAZARD_KINDS:
        raise InvalidInputError(tr("hazard kind must be one of {kinds}", kinds=", ".join(HAZARD_KINDS)))
    return kind, (name or "").strip()


def _hazard(r: dict[str, Any]) -> Hazard:
    return Hazard(r["id"], r["city_id"], r["kind"], r["name"], r["notes"])


def _scenario(r: dict[str, Any]) -> Scenario:
    return Scenario(r["id"], r["hazard_id"], r["kind"], r["description"], r["likelihood"], r["zone_layer_id"],
                    r["class_field"], tuple(json.loads(r["affected_classes"] or "[]")),
                    json.loads(r["buffer"]) if r.get("buffer") else None, r.get("raster_id"),
                    json.loads(r["raster_thresholds"]) if r.get("raster_thresholds") else None)


def _check_buffer(value: Any) -> Any:
    """A scenario's buffer as stored: ``None``, metres (> 0), ``{class: metres}`` or ``{"field": name}``."""
    if value is None or value == "":
        return None
    if isinstance(value, dict):
        if set(value) == {"field"}:
            return {"field": str(value["field"])}
        out = {}
        for k, v in value.items():
            out[str(k)] = _metres(v)
        return out
    return _metres(value)


def _metres(v: Any) -> float:
    try:
        d = float(v)
    except (TypeError, ValueError):
        raise InvalidInputError(tr("a buffer distance must be a number of metres, not {value!r}", value=v)) from None
    if not d >= 0 or d == float("inf"):
        raise InvalidInputError(tr("a buffer distance must be zero or more metres, not {value!r}", value=v))
    return d
