"""The demo city's flood hazard, its two scenarios on the demo hazard-zone layer, and one result.

So the Scenarios view of the demo opens on a finished analysis. Deterministic like the rest of
the demo (the layers are seeded; the analysis is exact).
"""

from __future__ import annotations

__all__ = ["add_demo_scenarios"]

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..workspace.facade import Workspace
    from .texts import DemoTexts


def add_demo_scenarios(ws: "Workspace", city_id: str, layer_ids: list[str], texts: "DemoTexts | None" = None) -> str:
    """Add the flood hazard with both scenarios and store the most probable one's result.

    ``layer_ids`` are the demo layers, bottom first (hazard zones, buildings, roads, river,
    facilities). Returns the stored result's id.
    """
    from ..gis.exposure import run_exposure
    from .texts import ENGLISH
    t = texts or ENGLISH
    zones, buildings, _roads, _river, facilities = layer_ids
    with ws.batch():
        hid = ws.add_hazard(city_id, "flood", t.hazard, notes=t.hazard_notes)
        sid = ws.set_scenario(hid, "most_probable", description=t.probable, likelihood=t.probable_likelihood, zone_layer_id=zones, class_field="hazard",
                              affected_classes=[t.values.get("flood", "flood")])
        ws.set_scenario(hid, "most_severe",
                        description=t.severe, likelihood=t.severe_likelihood, zone_layer_id=zones, class_field="hazard",
                        affected_classes=[t.values.get(c, c) for c in ("flood", "mudflow")])
        kwargs, inputs = ws.scenario_inputs(sid, [facilities, buildings], group_field="kind")
        return ws.add_exposure_result(sid, inputs, run_exposure(**kwargs))
