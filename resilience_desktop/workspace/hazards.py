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

__all__ = ["HAZARD_KINDS", "SCENARIO_KINDS", "Hazard", "Scenario", "ExposureRecord", "Hazards"]

import json
import os
import tempfile
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Sequence

from ..errors import InvalidInputError, NotFoundError
from ..i18n.catalog import tr
from ..store import Database
from .cities import Cities
from .common import UNSET, new_id, now
from .evidence import EvidenceItems
from .layers import Layers
from .recorder import Recorder
from .records import ChangeEvent, Entity

if TYPE_CHECKING:
    from ..gis.exposure import ExposureResult

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
    """Hazards, their scenarios and the exposure results computed for them.

    Parameters
    ----------
    database, recorder
        Reads; writes.
    cities
        A hazard belongs to a city.
    layers
        A scenario's hazard zones and the assets it is analysed against.
    evidence
        Where a stored result is attached to a question.
    """

    def __init__(self, database: Database, recorder: Recorder, cities: Cities, layers: Layers,
                 evidence: EvidenceItems):
        self._db = database
        self._recorder = recorder
        self._cities = cities
        self._layers = layers
        self._evidence = evidence

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
                     affected_classes: Sequence[str] = UNSET, buffer: Any = UNSET) -> str:
        """Create or edit the hazard's ``most_probable`` or ``most_severe`` scenario; return its id.

        ``likelihood`` is free text ("1 in 100 years", "likely within 10 years"). Affected classes
        need a class field, and the field must be one of the zone layer's. ``buffer`` turns point or
        line hazards (faults, rivers) into zones: metres, ``{class: metres}`` or ``{"field": name}``.
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
                              else json.dumps(v, ensure_ascii=False) if k == "buffer" and v is not None else v)
                    w.execute(f"UPDATE scenarios SET {k} = ?, updated_at = ? WHERE id = ?", (stored, at, old.id))
                    was = getattr(old, k)
                    w.log(Entity.SCENARIO, old.id, k,
                          json.dumps(list(was), ensure_ascii=False) if k == "affected_classes" else was, stored)
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

    # ------------------------------------------------------------ inputs of the analysis
    def scenario_inputs(self, scenario_id: str, asset_layer_ids: Sequence[str], *, group_field: str | None = None,
                        population_layer_id: str | None = None, population_field: str | None = None
                        ) -> tuple[dict[str, Any], dict[str, Any]]:
        """What :func:`run_exposure` needs for a scenario, and the record of those inputs.

        Returns ``(kwargs, inputs)``: ``run_exposure(**kwargs)`` runs the analysis (on any
        thread); ``inputs`` (layer ids, names and content hashes, fields, classes) is stored with
        the result by :meth:`add_exposure_result`.
        """
        sc = self.get_scenario(scenario_id)
        if sc.zone_layer_id is None:
            raise InvalidInputError(tr("the scenario has no hazard-zone layer yet"))
        if not asset_layer_ids:
            raise InvalidInputError(tr("choose at least one asset layer"))
        layers = self._layers
        buffer_field = sc.buffer.get("field") if isinstance(sc.buffer, dict) else None
        zones = layers.exposure_layer(sc.zone_layer_id, [sc.class_field, buffer_field])
        assets = []
        for lid in asset_layer_ids:
            fields = [group_field] if group_field and group_field in layers.get(lid).fields else []
            assets.append(layers.exposure_layer(lid, fields))
        population = layers.exposure_layer(population_layer_id, [population_field]) if population_layer_id else None

        def ref(lid: str) -> dict[str, str]:
            return {"id": lid, "name": layers.get(lid).name, "sha256": layers.content_hash(lid)}
        inputs = {"scenario_id": sc.id, "hazard_id": sc.hazard_id, "scenario_kind": sc.kind,
                  "zones": ref(sc.zone_layer_id), "class_field": sc.class_field,
                  "classes": list(sc.affected_classes), "assets": [ref(x) for x in asset_layer_ids],
                  "group_field": group_field, "population": ref(population_layer_id) if population_layer_id else None,
                  "population_field": population_field, "buffer": sc.buffer}
        kwargs = {"zones": zones, "assets": assets, "class_field": sc.class_field,
                  "classes": list(sc.affected_classes) or None, "group_field": group_field,
                  "population": population, "population_field": population_field}
        if buffer_field:
            kwargs["buffer_field"] = buffer_field
        elif sc.buffer is not None:
            kwargs["buffer_m"] = sc.buffer
        return kwargs, inputs

    # ------------------------------------------------------------ results
    def add_exposure_result(self, scenario_id: str, inputs: dict[str, Any],
                            result: "ExposureResult | dict[str, Any]") -> str:
        """Keep a computed result (its inputs and numbers) with the scenario; return its id."""
        self.get_scenario(scenario_id)
        data = result if isinstance(result, dict) else result.to_record()
        rid, at = new_id(), now()
        with self._recorder.write() as w:
            w.execute("INSERT INTO exposure_results (id, scenario_id, computed_at, computed_by, inputs, result)"
                      " VALUES (?,?,?,?,?,?)", (rid, scenario_id, at, self._recorder.user,
                                                json.dumps(inputs, ensure_ascii=False),
                                                json.dumps(data, ensure_ascii=False)))
            w.log(Entity.EXPOSURE, rid, "computed", None, json.dumps(
                {"scenario_id": scenario_id, "groups": len(data.get("groups", []))}))
            w.emit(ChangeEvent(Entity.EXPOSURE, rid, fields=("computed",)))
        return rid

    def exposure_results(self, scenario_id: str) -> list[ExposureRecord]:
        """The scenario's stored results, newest first."""
        return [_exposure(r) for r in self._db.query(
            "SELECT * FROM exposure_results WHERE scenario_id = ? ORDER BY computed_at DESC, rowid DESC",
            (scenario_id,))]

    def get_exposure_result(self, result_id: str) -> ExposureRecord:
        rows = self._db.query("SELECT * FROM exposure_results WHERE id = ?", (result_id,))
        if not rows:
            raise NotFoundError(tr("no exposure result with id {result_id!r}", result_id=result_id))
        return _exposure(rows[0])

    def attach_exposure_evidence(self, result_id: str, assessment_id: str, question_id: str | None) -> str:
        """Attach a stored result to a question as a readable table (CSV); return the evidence id.

        The file starts with the scenario, when and by whom it was computed, the CRS and the layers
        with their content hashes (so it can be re-checked), then one row per asset group, hazard
        class and distance band (:mod:`~resilience_desktop.gis.exposure_table`).
        """
        from ..gis.exposure_table import write_csv
        rec = self.get_exposure_result(result_id)
        sc = self.get_scenario(rec.scenario_id)
        hz = self.get(sc.hazard_id)
        facts = {"computed_at": rec.computed_at, "crs": rec.result.get("crs"), "inputs": rec.inputs,
                 "population_exposed": rec.result.get("population_exposed")}
        name = tr("Exposure — {hazard}, {scenario}.csv", hazard=hz.label, scenario=scenario_kind_label(sc.kind))
        name = name.replace("/", "-")
        note = tr("Exposure analysis of the scenario: {hazard}, {scenario}; layers identified by sha256",
                  hazard=hz.label, scenario=scenario_kind_label(sc.kind))
        fd, tmp = tempfile.mkstemp(suffix=".csv")
        os.close(fd)
        try:
            write_csv(tmp, rec.result, facts=facts)
            with open(tmp, "rb") as f:
                data = f.read()
        finally:
            os.unlink(tmp)
        return self._evidence.add_data(assessment_id, question_id, data, name=name, note=note)


def _check_hazard(kind: str, name: str) -> tuple[str, str]:
    if kind not in HAZARD_KINDS:
        raise InvalidInputError(tr("hazard kind must be one of {kinds}", kinds=", ".join(HAZARD_KINDS)))
    return kind, (name or "").strip()


def _hazard(r: dict[str, Any]) -> Hazard:
    return Hazard(r["id"], r["city_id"], r["kind"], r["name"], r["notes"])


def _scenario(r: dict[str, Any]) -> Scenario:
    return Scenario(r["id"], r["hazard_id"], r["kind"], r["description"], r["likelihood"], r["zone_layer_id"],
                    r["class_field"], tuple(json.loads(r["affected_classes"] or "[]")),
                    json.loads(r["buffer"]) if r.get("buffer") else None)


def _exposure(r: dict[str, Any]) -> ExposureRecord:
    return ExposureRecord(r["id"], r["scenario_id"], r["computed_at"], r["computed_by"],
                          json.loads(r["inputs"]), json.loads(r["result"]))


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
