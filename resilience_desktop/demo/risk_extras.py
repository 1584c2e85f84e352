"""The demo city's fault (a line hazard analysed with a 1 km buffer; its severe scenario on a
shaking map) and its recorded losses.

Fictional and deterministic like the rest of the demo: an active fault crossing the city's north,
an earthquake hazard whose most probable scenario buffers it by 1,000 m (with one stored result),
and thirty years of DesInventar-style loss records with Russian event names, a few "some, number
unknown" figures and two unpublished records left out.
"""

from __future__ import annotations

__all__ = ["add_demo_fault", "add_demo_losses", "demo_loss_import"]

import hashlib
import json
import random
from typing import TYPE_CHECKING

import numpy as np
import shapely

if TYPE_CHECKING:
    from ..loss import DesInventarImport
    from .texts import DemoTexts
    from ..workspace.facade import Workspace

#: (local event name, English name, hazard kind, relative frequency)
_EVENTS = [("НАВОДНЕНИЕ", "FLOOD", "flood", 6), ("СЕЛЬ", "ALLUVION", "mudflow", 4),
           ("ОПОЛЗЕНЬ", "LANDSLIDE", "landslide", 3), ("ЗЕМЛЕТРЯСЕНИЕ", "EARTHQUAKE", "earthquake", 2),
           ("ЛАВИНА", "AVALANCHE", "avalanche", 1), ("СИЛЬНЫЙ МОРОЗ", "COLD WAVE", "extreme_cold", 1)]


def add_demo_fault(ws: "Workspace", city_id: str, asset_layer_ids: list[str], seed: int = 2030,
                   texts: "DemoTexts | None" = None) -> str:
    """Add the fault layer and the earthquake hazard with its buffered scenario (and its most severe
    scenario on a shaking map, :mod:`.shaking`); return the buffered scenario's result id."""
    from ..gis.crs import WGS84, transformer
    from ..gis.exposure import run_exposure
    from ..gis.geometry import clean_geometries
    from ..gis.model import LayerData
    from .layers import CENTRE_LONLAT, DEMO_CRS
    from .shaking import add_demo_shaking
    from .texts import ENGLISH
    words = texts or ENGLISH
    rng = np.random.default_rng(seed + 7)
    cx, cy = transformer(WGS84, DEMO_CRS).transform(*CENTRE_LONLAT)
    t = np.linspace(0, 1, 40)
    xs = cx - 7_000 + t * 14_000
    ys = cy + 1_900 - t * 900 + np.cumsum(rng.normal(0, 35, len(t)))
    trace = shapely.linestrings(np.column_stack([xs, ys]))
    branch = shapely.linestrings(np.column_stack([cx + 1_500 + t * 4_000, cy + 1_300 + t * 2_200]))
    cleaned = clean_geometries(np.array([trace, branch], dtype=object))
    data = LayerData(name=words.fault_layer, source_name="demo (generated)", driver="demo", crs=DEMO_CRS,
                     geometries=cleaned.geometries,
                     attributes=[json.dumps({"name": name, "activity": words.fault_activity}, ensure_ascii=False)
                                 for name in words.fault_names],
                     fields=["name", "activity"], encoding="UTF-8", geometry_types=cleaned.geometry_types)
    facilities, buildings = asset_layer_ids
    with ws.batch():
        (fault,) = ws.add_layers([data])
        ws.set_layer_style(fault, {"kind": "single", "color": "#7b1d12", "width": 2.5})
        hid = ws.add_hazard(city_id, "earthquake", words.fault_hazard, notes=words.fault_notes)
        sid = ws.set_scenario(hid, "most_probable", description=words.fault_probable,
                              likelihood=words.fault_probable_likelihood, zone_layer_id=fault, buffer=1000)
        kwargs, inputs = ws.scenario_inputs(sid, [facilities, buildings], group_field="kind")
        rid = ws.add_exposure_result(sid, inputs, run_exposure(**kwargs, bands=[500, 1000, 2000, 5000]))
        add_demo_shaking(ws, hid, cleaned.geometries, facilities, buildings, words)
        return rid


def demo_loss_import(seed: int = 2030) -> "DesInventarImport":
    """Thirty years of the demo city's loss records, as the DesInventar reader would return them."""
    from ..loss import DesInventarImport, GeoUnit, LossRecord
    rng = random.Random(seed + 11)
    weights = [w for *_x, w in _EVENTS]
    records = []
    for i in range(84):
        name, en, kind, _w = rng.choices(_EVENTS, weights)[0]
        year = rng.randint(1995, 2025)
        big = rng.random() < 0.12
        figures: dict[str, float | int] = {}
        unknown: list[str] = []
        if rng.random() < (0.5 if big else 0.15):
            figures["deaths"] = rng.randint(1, 14 if big else 3)
        elif rng.random() < 0.1:
            unknown.append("deaths")
        if rng.random() < 0.25:
            figures["injured"] = rng.randint(1, 40)
        figures["affected"] = rng.randint(20, 3_000 if big else 400)
        if rng.random() < 0.5:
            figures["houses_damaged"] = rng.randint(1, 300 if big else 40)
        elif rng.random() < 0.3:
            unknown.append("houses_damaged")
        if rng.random() < 0.3:
            figures["houses_destroyed"] = rng.randint(1, 60 if big else 6)
        if rng.random() < 0.6:
            figures["loss_usd"] = float(rng.randint(5, 4_000 if big else 300) * 1000)
        if kind == "earthquake" and rng.random() < 0.5:
            figures["schools"] = rng.randint(1, 4)
        records.append(LossRecord(str(i + 1), f"{year}-{i:03d}", name, en, kind, year, rng.randint(1, 12),
                                  rng.choice([None, rng.randint(1, 28)]), rng.randint(1, 10), "KG01", "KG0199",
                                  None, "", 0, figures, tuple(unknown)))
    records.sort(key=lambda r: (r.year, r.month or 0))
    return DesInventarImport("DI_export_demo.xml", records, GeoUnit("KG0199", "Жашыл-Дала", "Jasyl-Dala", 1),
                             excluded=2, elsewhere=1_317, total=1_403)


def add_demo_losses(ws: "Workspace", city_id: str, seed: int = 2030) -> str:
    imp = demo_loss_import(seed)
    digest = hashlib.sha256(json.dumps([r.to_json() for r in imp.records]).encode()).hexdigest()
    return ws.add_loss_import(city_id, imp, source_sha256=digest)
