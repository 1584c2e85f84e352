"""Map layers in the workspace façade (resilience_desktop/workspace_layers.py)."""

from __future__ import annotations

import json
import sqlite3

import pytest
import shapely

from resilience_desktop.errors import GisError, InvalidInputError, NotFoundError
from resilience_desktop.workspace.facade import Workspace

from .gis import samples


def test_add_layer_copies_everything_into_the_workspace(workspace, tmp_path):
    gpkg = samples.geopackage_two_layers(tmp_path)
    events = []
    workspace.subscribe(events.append)
    roads_id, zones_id = workspace.add_layer(gpkg)
    gpkg.unlink()                                         # self-contained: the source may go away
    zones, roads = workspace.list_layers()                # topmost (last added) first
    assert (roads.id, zones.id) == (roads_id, zones_id)
    assert (zones.name, zones.source_name, zones.driver, zones.crs, zones.feature_count) == \
        ("zones", "city.gpkg", "GPKG", "EPSG:32643", 5)
    assert (zones.invalid_repaired, zones.empty_count, roads.z_dropped) == (1, 2, 1)
    assert zones.bounds == (0.0, 0.0, 13.0, 13.0)
    assert zones.fields == ("hazard",) and zones.visible and zones.opacity == 1.0
    assert zones.style["kind"] == "single" and zones.style["color"] != roads.style["color"]
    geoms = workspace.layer_geometries(zones_id)
    assert len(geoms) == 5 and geoms[4] is None and geoms[1].geom_type == "MultiPolygon"
    assert workspace.layer_attributes(zones_id, 2) == {"hazard": "landslide"}
    assert workspace.layer_field_values(zones_id, "hazard") == ["flood", "mudflow", "landslide", "flood", "flood"]
    assert [(e.entity, e.fields) for e in events] == [("layer", ("created",))] * 2
    assert [c.field for c in workspace.history()][-2:] == ["created", "created"]


def test_layers_survive_reopening(tmp_path, mini_registry):
    path = tmp_path / "w.rdw"
    with Workspace.create(path, registry=mini_registry) as ws:
        (lid,) = ws.add_layer(samples.shapefile_cp1251(tmp_path))
    with Workspace.open(path, read_only=True) as ws:
        layer = ws.get_layer(lid)
        assert (layer.encoding, layer.crs) == ("CP1251", "EPSG:32643")
        assert [ws.layer_attributes(lid, i)["name"] for i in range(3)] == samples.NAMES_RU
        assert shapely.get_coordinates(ws.layer_geometries(lid)).tolist() == [list(p) for p in samples.UTM_POINTS]


def _dump(path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_unreadable_file_leaves_the_workspace_unchanged(tmp_path, mini_registry):
    path = tmp_path / "w.rdw"
    Workspace.create(path, registry=mini_registry).close()
    before = _dump(path)
    bad = samples.truncated(samples.geopackage_two_layers(tmp_path), 0.3)
    with Workspace.open(path, registry=mini_registry, backup=False) as ws:
        with pytest.raises(GisError, match="cannot read city.gpkg"):
            ws.add_layer(bad)
        with pytest.raises(GisError):
            ws.add_layer(tmp_path / "nowhere.shp")
        assert ws.list_layers() == [] and ws.history() == []
    assert _dump(path) == before


def test_unknown_crs_is_flagged_until_assigned(workspace, tmp_path):
    (lid,) = workspace.add_layer(samples.shapefile_cp1251(tmp_path, prj=False))
    layer = workspace.get_layer(lid)
    assert layer.crs is None and not layer.crs_known
    workspace.set_layer_crs(lid, "32643")
    assert workspace.get_layer(lid).crs == "EPSG:32643"
    with pytest.raises(GisError):
        workspace.set_layer_crs(lid, "EPSG:999999")
    assert workspace.history()[-1].field == "crs"


def test_style_visibility_opacity_order(workspace, tmp_path):
    a, b = workspace.add_layer(samples.geopackage_two_layers(tmp_path))
    workspace.set_layer_style(b, {"kind": "categorized", "field": "hazard",
                                  "categories": {"flood": "#0000ff", "mudflow": "#8b4513"}, "color": "#999999"})
    assert workspace.get_layer(b).style["categories"] == {"flood": "#0000ff", "mudflow": "#8b4513"}
    for bad in ({"kind": "heatmap"}, {"kind": "single", "color": "red"}, {"kind": "categorized"},
                {"kind": "single", "color": "#000000", "width": 99}):
        with pytest.raises(InvalidInputError):
            workspace.set_layer_style(b, bad)
    workspace.set_layer_visible(a, False)
    workspace.set_layer_opacity(a, 0.5)
    with pytest.raises(InvalidInputError):
        workspace.set_layer_opacity(a, 1.5)
    assert (workspace.get_layer(a).visible, workspace.get_layer(a).opacity) == (False, 0.5)
    assert [x.id for x in workspace.list_layers()] == [b, a]
    workspace.set_layer_order([a, b])
    assert [x.id for x in workspace.list_layers()] == [a, b]
    with pytest.raises(InvalidInputError):
        workspace.set_layer_order([a])
    workspace.rename_layer(a, "Дороги")
    assert workspace.get_layer(a).name == "Дороги"
    fields = [c.field for c in workspace.history() if c.entity == "layer"]
    assert fields == ["created", "created", "style", "visible", "opacity", "order", "name"]


def test_remove_is_soft_and_restorable(workspace, tmp_path):
    (lid,) = workspace.add_layer(samples.csv_points(tmp_path))
    workspace.remove_layer(lid)
    assert workspace.list_layers() == []
    assert [x.id for x in workspace.list_layers(include_removed=True)] == [lid]
    workspace.restore_layer(lid)
    assert [x.id for x in workspace.list_layers()] == [lid]
    with pytest.raises(NotFoundError):
        workspace.remove_layer("nope")


def test_map_crs_defaults_to_the_citys_utm_zone(workspace, tmp_path):
    assert workspace.map_crs() == "EPSG:4326"                     # nothing to go by
    workspace.add_layer(samples.csv_points(tmp_path))             # around 74.6E 42.9N
    assert workspace.map_crs() == "EPSG:32643"
    workspace.add_city("Osh", "KG", lon=72.8, lat=40.5)
    assert workspace.map_crs() == "EPSG:32643"
    workspace.set_map_crs("EPSG:3857")
    assert workspace.map_crs() == "EPSG:3857"


def test_find_layer_by_name(workspace, tmp_path):
    ids = workspace.add_layer(samples.geopackage_two_layers(tmp_path))
    assert workspace.find_layer("zones").id == ids[1]
    assert workspace.find_layer(ids[0]).name == "roads"
    with pytest.raises(NotFoundError):
        workspace.find_layer("rivers")


def test_created_log_entry_is_json(workspace, tmp_path):
    workspace.add_layer(samples.kml(tmp_path))
    entry = json.loads(workspace.history()[-1].new_value)
    assert entry == {"name": "facilities", "source": "facilities.kml", "features": 3, "crs": "EPSG:4326"}
