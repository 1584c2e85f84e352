"""The demo's risk content in the demo's language (demo/texts.py, demo/risk_extras.py, demo/shaking.py):
the fault's earthquake, its scenarios, the map layers and rasters are Russian in a Russian demo, and
the severe earthquake scenario runs on the shaking-map raster with a stored result."""

from __future__ import annotations

import pytest

from resilience_desktop.demo.texts import ENGLISH, RUSSIAN
from resilience_desktop.demo.workspace import write_demo
from resilience_desktop.workspace.facade import Workspace


def _has_latin_word(text: str) -> bool:
    import re
    return bool(re.search(r"[A-Za-z]{3,}", text))


@pytest.fixture(scope="module")
def ru_demo(tmp_path_factory, registry):
    return write_demo(tmp_path_factory.mktemp("ru") / "demo.rdw", registry=registry, lang="ru")


def test_the_russian_demo_names_its_fault_layers_and_rasters_in_russian(ru_demo):
    with Workspace.open(ru_demo, read_only=True) as ws:
        city = [c for c in ws.list_cities() if c.name == RUSSIAN.city][0]
        hazards = {h.kind: h for h in ws.list_hazards(city.id)}
        assert hazards["earthquake"].label == RUSSIAN.fault_hazard
        texts = [hazards["earthquake"].notes]
        for sc in ws.scenarios(hazards["earthquake"].id).values():
            texts += [sc.description, sc.likelihood]
        texts += [layer.name for layer in ws.list_layers()] + [r.name for r in ws.list_rasters()]
        fault = [layer for layer in ws.list_layers() if layer.name == RUSSIAN.fault_layer][0]
        texts += [str(v) for v in ws.layer_field_values(fault.id, "name")]
        facilities = [layer for layer in ws.list_layers() if layer.name == RUSSIAN.layer_names[4]][0]
        texts += [str(v) for f in ("name", "kind") for v in ws.layer_field_values(facilities.id, f)]
        zones = [layer for layer in ws.list_layers() if layer.name == RUSSIAN.layer_names[0]][0]
        texts += [str(v) for f in ("hazard", "return_period") for v in ws.layer_field_values(zones.id, f)]
        (flood,) = [h for h in ws.list_hazards(city.id) if h.kind == "flood"]
        assert ws.scenarios(flood.id)["most_probable"].affected_classes == ("паводок",)
        assert texts and not [t for t in texts if _has_latin_word(t.replace("M7,2 (g)", ""))]
        assert set(RUSSIAN.layer_names) <= {layer.name for layer in ws.list_layers()}


def test_the_severe_earthquake_runs_on_the_shaking_map(demo_path):
    with Workspace.open(demo_path, read_only=True) as ws:
        (eq,) = [h for h in ws.list_hazards() if h.kind == "earthquake"]
        assert eq.label == ENGLISH.fault_hazard
        severe = ws.scenarios(eq.id)["most_severe"]
        pga = ws.get_raster(severe.raster_id)
        assert pga.name == ENGLISH.pga_raster and severe.zone_layer_id is None and not pga.visible
        assert severe.raster_thresholds == {"values": [0.1, 0.2, 0.4], "unit": "g", "raster_unit": "g"}
        (rec,) = ws.exposure_results(severe.id)
        assert rec.result["raster"] and rec.inputs["population"]["name"] == ENGLISH.population_raster
        groups = {g["group"]: g for g in rec.result["groups"]}
        b = groups[ENGLISH.layer_names[1]]
        # the no-data corner and the far edge leave some buildings unaffected; every class is reached
        assert 0 < b["affected"] < b["total"] and all(n > 0 for n in b["by_class"].values())
        assert 0.4 < b["max_value"] <= 0.62
        per_class = rec.result["population_by_class"]
        assert set(per_class) == {"0.1-0.2", "0.2-0.4", "0.4+"}
        assert sum(per_class.values()) == pytest.approx(rec.result["population_exposed"], rel=1e-6)
