"""Exposure analyses of a scenario (``ws.exposure``): their inputs, and the results kept.

:meth:`ExposureResults.scenario_inputs` gathers what :func:`~resilience_desktop.gis.exposure.run_exposure`
needs (the layers, read on the calling thread) and a record of those inputs with each layer's
content hash; a result is stored with that record (``Entity.EXPOSURE``) and can be attached to a
question as a CSV table, so anybody can re-check it later against the same layers.
"""

from __future__ import annotations

__all__ = ["ExposureResults", "ExposureRecord"]

import json
import os
import tempfile
from typing import TYPE_CHECKING, Any, Sequence

from ..errors import InvalidInputError, NotFoundError
from ..i18n.catalog import tr
from ..store import Database
from .common import new_id, now
from .evidence import EvidenceItems
from .hazards import ExposureRecord, Hazards, Scenario, scenario_kind_label
from .layers import Layers
from .rasters import Rasters
from .recorder import Recorder
from .records import ChangeEvent, Entity

if TYPE_CHECKING:
    from ..gis.exposure import ExposureResult


class ExposureResults:
    """Exposure results of the scenarios.

    Parameters
    ----------
    database, recorder
        Reads; writes.
    hazards
        The scenarios analysed.
    layers
        The hazard zones and the assets, with their content hashes.
    evidence
        Where a stored result is attached to a question.
    rasters
        A raster hazard and a population raster, read from their unpacked GeoTIFFs.
    """

    def __init__(self, database: Database, recorder: Recorder, hazards: Hazards, layers: Layers,
                 evidence: EvidenceItems, rasters: Rasters):
        self._db = database
        self._recorder = recorder
        self._hazards = hazards
        self._layers = layers
        self._evidence = evidence
        self._rasters = rasters

    # ------------------------------------------------------------ inputs of the analysis
    def scenario_inputs(self, scenario_id: str, asset_layer_ids: Sequence[str], *, group_field: str | None = None,
                        population_layer_id: str | None = None, population_field: str | None = None
                        ) -> tuple[dict[str, Any], dict[str, Any]]:
        """What :func:`run_exposure` needs for a scenario, and the record of those inputs.

        Returns ``(kwargs, inputs)``: ``run_exposure(**kwargs)`` runs the analysis (on any
        thread); ``inputs`` (layer ids, names and content hashes, fields, classes) is stored with
        the result by :meth:`add`.
        """
        sc = self._hazards.get_scenario(scenario_id)
        if sc.raster_id is not None:
            return self._raster_inputs(sc, asset_layer_ids, group_field, population_layer_id)
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

    def _raster_inputs(self, sc: Scenario, asset_layer_ids: Sequence[str], group_field: str | None,
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
        assert sc.raster_id is not None
        layers, rasters = self._layers, self._rasters
        raster = rasters.get(sc.raster_id)
        thresholds = to_raster_unit(th["values"], th["unit"], th["raster_unit"])
        assets = []
        for lid in asset_layer_ids:
            fields = [group_field] if group_field and group_field in layers.get(lid).fields else []
            assets.append(layers.exposure_layer(lid, fields))

        def ref(lid: str) -> dict[str, str]:
            return {"id": lid, "name": layers.get(lid).name, "sha256": layers.content_hash(lid)}

        def raster_ref(rid: str) -> dict[str, str]:
            r = rasters.get(rid)
            return {"id": r.id, "name": r.name, "sha256": r.sha256}
        inputs = {"scenario_id": sc.id, "hazard_id": sc.hazard_id, "scenario_kind": sc.kind,
                  "raster": raster_ref(raster.id), "thresholds": th["values"], "unit": th["unit"],
                  "raster_unit": th["raster_unit"], "thresholds_in_raster_unit": thresholds,
                  "assets": [ref(x) for x in asset_layer_ids], "group_field": group_field,
                  "population": raster_ref(population_raster_id) if population_raster_id else None}
        kwargs = {"raster": str(rasters.file(raster.id)), "assets": assets,
                  "thresholds": thresholds, "group_field": group_field,
                  "population_raster": str(rasters.file(population_raster_id)) if population_raster_id else None}
        return kwargs, inputs

    # ------------------------------------------------------------ results
    def add(self, scenario_id: str, inputs: dict[str, Any],
                            result: "ExposureResult | dict[str, Any]") -> str:
        """Keep a computed result (its inputs and numbers) with the scenario; return its id."""
        self._hazards.get_scenario(scenario_id)
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

    def of_scenario(self, scenario_id: str) -> list[ExposureRecord]:
        """The scenario's stored results, newest first."""
        return [_exposure(r) for r in self._db.query(
            "SELECT * FROM exposure_results WHERE scenario_id = ? ORDER BY computed_at DESC, rowid DESC",
            (scenario_id,))]

    def get(self, result_id: str) -> ExposureRecord:
        rows = self._db.query("SELECT * FROM exposure_results WHERE id = ?", (result_id,))
        if not rows:
            raise NotFoundError(tr("no exposure result with id {result_id!r}", result_id=result_id))
        return _exposure(rows[0])

    def attach_as_evidence(self, result_id: str, assessment_id: str, question_id: str | None) -> str:
        """Attach a stored result to a question as a readable table (CSV); return the evidence id.

        The file starts with the scenario, when and by whom it was computed, the CRS and the layers
        with their content hashes (so it can be re-checked), then one row per asset group, hazard
        class and distance band (:mod:`~resilience_desktop.gis.exposure_table`).
        """
        from ..gis.exposure_table import facts_of, write_csv
        rec = self.get(result_id)
        sc = self._hazards.get_scenario(rec.scenario_id)
        hz = self._hazards.get(sc.hazard_id)
        facts = facts_of(rec.computed_at, rec.result, rec.inputs)
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


def _exposure(r: dict[str, Any]) -> ExposureRecord:
    return ExposureRecord(r["id"], r["scenario_id"], r["computed_at"], r["computed_by"],
                          json.loads(r["inputs"]), json.loads(r["result"]))
