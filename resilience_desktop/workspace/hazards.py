"""A city's hazards and scenarios, and stored exposure results (part of :class:`~resilience_desktop.workspace.facade.Workspace`).

The scorecard asks each city for its hazards, each with a "most probable" and a "most severe"
scenario; Essentials 8 and 9 are then judged against those scenarios. A scenario names its
hazard-zone layer (optionally a class field and which of its values count as affected), so
:func:`~resilience_desktop.gis.exposure.run_exposure` can count what it hits. A result is stored
with its inputs (layer ids and content hashes) and its numbers, and can be attached to a question
as a small JSON evidence file, so anybody can re-check it later against the same layers.

The façade's rules hold: validate first, one transaction with its change-log rows, then tell
subscribers (``ChangeEvent("hazard" | "scenario" | "exposure", id)``). Removing a hazard hides it.
"""

from __future__ import annotations

__all__ = ["HAZARD_KINDS", "SCENARIO_KINDS", "Hazard", "Scenario", "ExposureRecord", "WorkspaceHazardsMixin"]

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Sequence

from ..errors import InvalidInputError, NotFoundError
from ..i18n.catalog import tr
from .records import ChangeEvent
from .common import UNSET, new_id as _uuid, now as _now

if TYPE_CHECKING:
    from ..gis.exposure import ExposureLayer, ExposureResult

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


class WorkspaceHazardsMixin:
    """Methods of :class:`~resilience_desktop.workspace.facade.Workspace` for hazards, scenarios and exposure."""

    # ----------------------------------------------------------------- hazards
    def add_hazard(self, city_id: str, kind: str, name: str = "", *, notes: str = "") -> str:
        """Add a hazard of ``kind`` (one of :data:`HAZARD_KINDS`) to a city; ``name`` is free text."""
        self.get_city(city_id)  # type: ignore[attr-defined]
        kind, name = self._check_hazard(kind, name)
        hid, now = _uuid(), _now()
        with self._db.transaction() as c:  # type: ignore[attr-defined]
            c.execute("INSERT INTO hazards (id, city_id, kind, name, notes, created_at, updated_at)"
                      " VALUES (?,?,?,?,?,?,?)", (hid, city_id, kind, name, notes or "", now, now))
            self._log(c, "hazard", hid, "created", None,  # type: ignore[attr-defined]
                      json.dumps({"city_id": city_id, "kind": kind, "name": name}, ensure_ascii=False))
        self._emit(ChangeEvent("hazard", hid, fields=("created",)))  # type: ignore[attr-defined]
        return hid

    @staticmethod
    def _check_hazard(kind: str, name: str) -> tuple[str, str]:
        if kind not in HAZARD_KINDS:
            raise InvalidInputError(tr("hazard kind must be one of {kinds}", kinds=", ".join(HAZARD_KINDS)))
        return kind, (name or "").strip()

    def update_hazard(self, hazard_id: str, *, kind: str = UNSET, name: str = UNSET, notes: str = UNSET) -> None:
        old = self.get_hazard(hazard_id)
        new_kind, new_name = self._check_hazard(old.kind if kind is UNSET else kind,
                                                old.name if name is UNSET else name)
        values = {"kind": new_kind, "name": new_name, "notes": old.notes if notes is UNSET else (notes or "")}
        changed = {k: v for k, v in values.items() if getattr(old, k) != v}
        if not changed:
            return
        with self._db.transaction() as c:  # type: ignore[attr-defined]
            sets = ", ".join(f"{k} = :{k}" for k in changed)
            c.execute(f"UPDATE hazards SET {sets}, updated_at = :now WHERE id = :id",
                      {**changed, "now": _now(), "id": hazard_id})
            for k, v in changed.items():
                self._log(c, "hazard", hazard_id, k, getattr(old, k), v)  # type: ignore[attr-defined]
        self._emit(ChangeEvent("hazard", hazard_id, fields=tuple(changed)))  # type: ignore[attr-defined]

    def remove_hazard(self, hazard_id: str) -> None:
        """Hide a hazard (and its scenarios); :meth:`restore_hazard` brings it back."""
        self._set_hazard_removed(hazard_id, _now(), "removed")

    def restore_hazard(self, hazard_id: str) -> None:
        self._set_hazard_removed(hazard_id, None, "restored")

    def _set_hazard_removed(self, hazard_id: str, value: str | None, what: str) -> None:
        self.get_hazard(hazard_id)
        cond = "removed_at IS NULL" if value else "removed_at IS NOT NULL"
        if not self._db.query(f"SELECT 1 FROM hazards WHERE id = ? AND {cond}", (hazard_id,)):  # type: ignore[attr-defined]
            return
        with self._db.transaction() as c:  # type: ignore[attr-defined]
            c.execute("UPDATE hazards SET removed_at = ? WHERE id = ?", (value, hazard_id))
            self._log(c, "hazard", hazard_id, what, None, None)  # type: ignore[attr-defined]
        self._emit(ChangeEvent("hazard", hazard_id, fields=(what,)))  # type: ignore[attr-defined]

    def list_hazards(self, city_id: str | None = None, *, include_removed: bool = False) -> list[Hazard]:
        sql, params = "SELECT * FROM hazards WHERE 1", []
        if city_id is not None:
            sql += " AND city_id = ?"; params.append(city_id)
        if not include_removed:
            sql += " AND removed_at IS NULL"
        return [self._hazard(r) for r in self._db.query(sql + " ORDER BY created_at, rowid", tuple(params))]  # type: ignore[attr-defined]

    def get_hazard(self, hazard_id: str) -> Hazard:
        rows = self._db.query("SELECT * FROM hazards WHERE id = ?", (hazard_id,))  # type: ignore[attr-defined]
        if not rows:
            raise NotFoundError(tr("no hazard with id {hazard_id!r}", hazard_id=hazard_id))
        return self._hazard(rows[0])

    @staticmethod
    def _hazard(r: dict) -> Hazard:
        return Hazard(r["id"], r["city_id"], r["kind"], r["name"], r["notes"])

    # ----------------------------------------------------------------- scenarios
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
        self.get_hazard(hazard_id)
        if kind not in SCENARIO_KINDS:
            raise InvalidInputError(tr("scenario kind must be one of {kinds}", kinds=", ".join(SCENARIO_KINDS)))
        rows = self._db.query("SELECT * FROM scenarios WHERE hazard_id = ? AND kind = ?", (hazard_id, kind))  # type: ignore[attr-defined]
        old = self._scenario(rows[0]) if rows else None
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
            layer = self.get_layer(values["zone_layer_id"])  # type: ignore[attr-defined]
            if values["class_field"] is not None and values["class_field"] not in layer.fields:
                raise InvalidInputError(tr("layer {layer!r} has no field {field!r}", layer=layer.name,
                                           field=values["class_field"]))
        if values["affected_classes"] and values["class_field"] is None:
            raise InvalidInputError(tr("affected classes need a class field"))
        if isinstance(values.get("buffer"), dict) and "field" in values["buffer"] and values["zone_layer_id"]:
            layer = self.get_layer(values["zone_layer_id"])  # type: ignore[attr-defined]
            if values["buffer"]["field"] not in layer.fields:
                raise InvalidInputError(tr("layer {layer!r} has no field {field!r}", layer=layer.name,
                                           field=values["buffer"]["field"]))
        now = _now()
        if old is None:
            sid = _uuid()
            with self._db.transaction() as c:  # type: ignore[attr-defined]
                c.execute("INSERT INTO scenarios (id, hazard_id, kind, description, likelihood, zone_layer_id,"
                          " class_field, affected_classes, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                          (sid, hazard_id, kind, values["description"], values["likelihood"], values["zone_layer_id"],
                           values["class_field"], json.dumps(list(values["affected_classes"]), ensure_ascii=False),
                           now, now))
                if values.get("buffer") is not None:
                    c.execute("UPDATE scenarios SET buffer = ? WHERE id = ?", (json.dumps(values["buffer"]), sid))
                if values.get("raster_id") is not None or values.get("raster_thresholds") is not None:
                    c.execute("UPDATE scenarios SET raster_id = ?, raster_thresholds = ? WHERE id = ?",
                              (values.get("raster_id"), json.dumps(values["raster_thresholds"])
                               if values.get("raster_thresholds") is not None else None, sid))
                self._log(c, "scenario", sid, "created", None, json.dumps(  # type: ignore[attr-defined]
                    {"hazard_id": hazard_id, "kind": kind, **{k: list(v) if isinstance(v, tuple) else v
                                                            for k, v in values.items()}}, ensure_ascii=False))
            self._emit(ChangeEvent("scenario", sid, fields=("created",)))  # type: ignore[attr-defined]
            return sid
        changed = {k: v for k, v in values.items() if getattr(old, k) != v}
        if changed:
            with self._db.transaction() as c:  # type: ignore[attr-defined]
                for k, v in changed.items():
                    stored = (json.dumps(list(v), ensure_ascii=False) if k == "affected_classes"
                              else json.dumps(v, ensure_ascii=False) if k in ("buffer", "raster_thresholds")
                              and v is not None else v)
                    c.execute(f"UPDATE scenarios SET {k} = ?, updated_at = ? WHERE id = ?", (stored, now, old.id))
                    was = getattr(old, k)
                    self._log(c, "scenario", old.id, k,  # type: ignore[attr-defined]
                              json.dumps(list(was), ensure_ascii=False) if k == "affected_classes"
                              else json.dumps(was) if isinstance(was, dict) else was, stored)
            self._emit(ChangeEvent("scenario", old.id, fields=tuple(changed)))  # type: ignore[attr-defined]
        return old.id

    def scenarios(self, hazard_id: str) -> dict[str, Scenario]:
        """The hazard's scenarios by kind (a kind not yet described is absent)."""
        return {r["kind"]: self._scenario(r)
                for r in self._db.query("SELECT * FROM scenarios WHERE hazard_id = ?", (hazard_id,))}  # type: ignore[attr-defined]

    def get_scenario(self, scenario_id: str) -> Scenario:
        rows = self._db.query("SELECT * FROM scenarios WHERE id = ?", (scenario_id,))  # type: ignore[attr-defined]
        if not rows:
            raise NotFoundError(tr("no scenario with id {scenario_id!r}", scenario_id=scenario_id))
        return self._scenario(rows[0])

    @staticmethod
    def _scenario(r: dict) -> Scenario:
        return Scenario(r["id"], r["hazard_id"], r["kind"], r["description"], r["likelihood"], r["zone_layer_id"],
                        r["class_field"], tuple(json.loads(r["affected_classes"] or "[]")),
                        json.loads(r["buffer"]) if r.get("buffer") else None, r.get("raster_id"),
                        json.loads(r["raster_thresholds"]) if r.get("raster_thresholds") else None)

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
        raster = self.get_raster(rid)  # type: ignore[attr-defined]
        values["raster_id"] = raster.id
        if not raster.crs:
            raise InvalidInputError(tr("raster {name!r} does not say where on earth it is (no CRS); it cannot be a "
                                       "hazard", name=raster.name))
        if values["zone_layer_id"] is not None:
            raise InvalidInputError(tr("a scenario's hazard is a zone layer or a raster, not both"))

    # ----------------------------------------------------------------- inputs of the analysis
    def exposure_layer(self, layer_id: str, fields: Sequence[str | None] = ()) -> "ExposureLayer":
        """A workspace layer as input of :func:`~resilience_desktop.gis.exposure.run_exposure`.

        Reads the geometries (cached) and only the ``fields`` needed, on the calling thread
        (the GUI thread: SQLite); the analysis itself then runs anywhere.
        """
        from ..errors import GisError
        from ..gis.exposure import ExposureLayer
        layer = self.get_layer(layer_id)  # type: ignore[attr-defined]
        columns: dict[str, list[Any]] = {}
        for f in dict.fromkeys(x for x in fields if x):
            if f not in layer.fields:
                raise GisError(tr("{layer} has no field {field!r}; its fields: {fields}", layer=layer.name,
                                  field=f, fields=", ".join(layer.fields) or "-"))
            columns[f] = self.layer_field_values(layer_id, f)  # type: ignore[attr-defined]
        return ExposureLayer(layer.name, layer.crs, self.layer_geometries(layer_id), columns,  # type: ignore[attr-defined]
                             tuple(layer.fields))

    def layer_hash(self, layer_id: str) -> str:
        """The sha256 of a layer's content (CRS, every feature's WKB and attributes, by fid).

        Stored with a result so a later check can tell whether the layer is still the one analysed.
        Cached per open workspace by (layer, CRS): a layer's features never change.
        """
        layer = self.get_layer(layer_id)  # type: ignore[attr-defined]
        cache = self.__dict__.setdefault("_layer_hash_cache", {})
        key = (layer_id, layer.crs)
        if key not in cache:
            cache[key] = self._hash_layer(layer_id, layer.crs)
        return cache[key]

    def _hash_layer(self, layer_id: str, crs: str | None) -> str:
        h = hashlib.sha256((crs or "").encode())
        cur = self._db.conn.cursor()  # type: ignore[attr-defined]
        cur.row_factory = None
        for geom, attrs in cur.execute("SELECT geom, attributes FROM layer_features WHERE layer_id = ? ORDER BY fid",
                                       (layer_id,)):
            h.update(geom or b"")
            h.update((attrs or "").encode())
        return h.hexdigest()

    def scenario_inputs(self, scenario_id: str, asset_layer_ids: Sequence[str], *, group_field: str | None = None,
                        population_layer_id: str | None = None, population_field: str | None = None
                        ) -> tuple[dict[str, Any], dict[str, Any]]:
        """What :func:`run_exposure` needs for a scenario, and the record of those inputs.

        Returns ``(kwargs, inputs)``: ``run_exposure(**kwargs)`` runs the analysis (on any
        thread); ``inputs`` (layer ids, names and content hashes, fields, classes) is stored with
        the result by :meth:`add_exposure_result`.
        """
        sc = self.get_scenario(scenario_id)
        if sc.raster_id is not None:
            return self._raster_scenario_inputs(sc, asset_layer_ids, group_field, population_layer_id)
        if sc.zone_layer_id is None:
            raise InvalidInputError(tr("the scenario has no hazard-zone layer yet"))
        if not asset_layer_ids:
            raise InvalidInputError(tr("choose at least one asset layer"))
        buffer_field = sc.buffer.get("field") if isinstance(sc.buffer, dict) else None
        zones = self.exposure_layer(sc.zone_layer_id, [sc.class_field, buffer_field])
        assets = []
        for lid in asset_layer_ids:
            fields = [group_field] if group_field and group_field in self.get_layer(lid).fields else []  # type: ignore[attr-defined]
            assets.append(self.exposure_layer(lid, fields))
        population = self.exposure_layer(population_layer_id, [population_field]) if population_layer_id else None

        def ref(lid: str) -> dict[str, str]:
            return {"id": lid, "name": self.get_layer(lid).name, "sha256": self.layer_hash(lid)}  # type: ignore[attr-defined]
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

    def _raster_scenario_inputs(self, sc: Scenario, asset_layer_ids: Sequence[str], group_field: str | None,
                                population_raster_id: str | None) -> tuple[dict[str, Any], dict[str, Any]]:
        """:meth:`scenario_inputs` of a raster hazard: keyword arguments of
        :func:`~resilience_desktop.gis.raster_exposure.run_raster_exposure` (``"raster"`` is the
        unpacked GeoTIFF's path; ``population_layer_id`` names a population *raster* here)."""
        from ..gis.hazard_units import to_raster_unit
        th = sc.raster_thresholds
        if not th:
            raise InvalidInputError(tr("the scenario's raster needs thresholds or classes, like 0.5,1,2"))
        if not asset_layer_ids:
            raise InvalidInputError(tr("choose at least one asset layer"))
        raster = self.get_raster(sc.raster_id)  # type: ignore[attr-defined, arg-type]
        thresholds = to_raster_unit(th["values"], th["unit"], th["raster_unit"])
        assets = []
        for lid in asset_layer_ids:
            fields = [group_field] if group_field and group_field in self.get_layer(lid).fields else []  # type: ignore[attr-defined]
            assets.append(self.exposure_layer(lid, fields))

        def ref(lid: str) -> dict[str, str]:
            return {"id": lid, "name": self.get_layer(lid).name, "sha256": self.layer_hash(lid)}  # type: ignore[attr-defined]

        def raster_ref(rid: str) -> dict[str, str]:
            r = self.get_raster(rid)  # type: ignore[attr-defined]
            return {"id": r.id, "name": r.name, "sha256": r.sha256}
        inputs = {"scenario_id": sc.id, "hazard_id": sc.hazard_id, "scenario_kind": sc.kind,
                  "raster": raster_ref(raster.id), "thresholds": th["values"], "unit": th["unit"],
                  "raster_unit": th["raster_unit"], "thresholds_in_raster_unit": thresholds,
                  "assets": [ref(x) for x in asset_layer_ids], "group_field": group_field,
                  "population": raster_ref(population_raster_id) if population_raster_id else None}
        kwargs = {"raster": str(self.raster_file(raster.id)), "assets": assets,  # type: ignore[attr-defined]
                  "thresholds": thresholds, "group_field": group_field,
                  "population_raster": str(self.raster_file(population_raster_id))  # type: ignore[attr-defined]
                  if population_raster_id else None}
        return kwargs, inputs

    # ----------------------------------------------------------------- results
    def add_exposure_result(self, scenario_id: str, inputs: dict[str, Any],
                            result: "ExposureResult | dict[str, Any]") -> str:
        """Keep a computed result (its inputs and numbers) with the scenario; return its id."""
        self.get_scenario(scenario_id)
        data = result if isinstance(result, dict) else result.to_record()
        rid, now = _uuid(), _now()
        with self._db.transaction() as c:  # type: ignore[attr-defined]
            c.execute("INSERT INTO exposure_results (id, scenario_id, computed_at, computed_by, inputs, result)"
                      " VALUES (?,?,?,?,?,?)", (rid, scenario_id, now, self.user,  # type: ignore[attr-defined]
                                                json.dumps(inputs, ensure_ascii=False),
                                                json.dumps(data, ensure_ascii=False)))
            self._log(c, "exposure", rid, "computed", None, json.dumps(  # type: ignore[attr-defined]
                {"scenario_id": scenario_id, "groups": len(data.get("groups", []))}))
        self._emit(ChangeEvent("exposure", rid, fields=("computed",)))  # type: ignore[attr-defined]
        return rid

    def exposure_results(self, scenario_id: str) -> list[ExposureRecord]:
        """The scenario's stored results, newest first."""
        return [self._exposure(r) for r in self._db.query(  # type: ignore[attr-defined]
            "SELECT * FROM exposure_results WHERE scenario_id = ? ORDER BY computed_at DESC, rowid DESC",
            (scenario_id,))]

    def get_exposure_result(self, result_id: str) -> ExposureRecord:
        rows = self._db.query("SELECT * FROM exposure_results WHERE id = ?", (result_id,))  # type: ignore[attr-defined]
        if not rows:
            raise NotFoundError(tr("no exposure result with id {result_id!r}", result_id=result_id))
        return self._exposure(rows[0])

    @staticmethod
    def _exposure(r: dict) -> ExposureRecord:
        return ExposureRecord(r["id"], r["scenario_id"], r["computed_at"], r["computed_by"],
                              json.loads(r["inputs"]), json.loads(r["result"]))

    def attach_exposure_evidence(self, result_id: str, assessment_id: str, question_id: str | None) -> str:
        """Attach a stored result to a question as a readable table (CSV); return the evidence id.

        The file starts with the scenario, when and by whom it was computed, the CRS and the layers
        with their content hashes (so it can be re-checked), then one row per asset group, hazard
        class and distance band (:mod:`~resilience_desktop.gis.exposure_table`).
        """
        from ..gis.exposure_table import write_csv
        rec = self.get_exposure_result(result_id)
        sc = self.get_scenario(rec.scenario_id)
        hz = self.get_hazard(sc.hazard_id)
        facts = {"computed_at": rec.computed_at, "crs": rec.result.get("crs"), "inputs": rec.inputs,
                 "population_exposed": rec.result.get("population_exposed")}
        name = tr("Exposure — {hazard}, {scenario}.csv", hazard=hz.label, scenario=scenario_kind_label(sc.kind))
        name = name.replace("/", "-")
        fd, tmp = tempfile.mkstemp(suffix=".csv")
        os.close(fd)
        try:
            write_csv(tmp, rec.result, facts=facts)
            note = tr("Exposure analysis of the scenario: {hazard}, {scenario}; layers identified by sha256",
                      hazard=hz.label, scenario=scenario_kind_label(sc.kind))
            return self.add_evidence_file(assessment_id, question_id, tmp, name=name,  # type: ignore[attr-defined]
                                          note=note)
        finally:
            os.unlink(tmp)

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
