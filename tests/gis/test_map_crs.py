"""The map CRS (chosen once, settable), unprojectable coordinates, the geodesic scale bar."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest
import shapely

from resilience_desktop.errors import GisError
from resilience_desktop.gis.crs import bounds_wgs84, choose_map_crs, parse_crs, search_crs
from resilience_desktop.gis.display import View, prepare_layer
from resilience_desktop.gis.io import read_source
from resilience_desktop.gis.measure import GEOD, geodesic_area, geodesic_length, scale_bar
from resilience_desktop.gis.scene import scene_from_files

from ..fixtures import run_cli
from . import samples


def test_the_crs_does_not_change_when_layers_are_added(workspace, tmp_path):
    workspace.add_layer(samples.almaty_hospitals(tmp_path))
    assert workspace.map_crs() == "EPSG:32643"
    workspace.add_layer(samples.utm_faults(tmp_path))           # 60–114° E: would pick another zone
    assert workspace.map_crs() == "EPSG:32643"
    workspace.add_layer(samples.almaty_districts(tmp_path))
    assert workspace.map_crs() == "EPSG:32643"
    workspace.add_city("Osh", "KG", lon=72.8, lat=40.5)          # a city added later does not move it either
    assert workspace.map_crs() == "EPSG:32643"


def test_a_wide_first_layer_gets_an_equal_area_crs_centred_on_it(workspace, tmp_path):
    workspace.add_layer(samples.utm_faults(tmp_path))
    crs = parse_crs(workspace.map_crs())
    assert crs.is_projected and "equal-area" in crs.name
    lon0 = next(p.value for p in crs.coordinate_operation.params if "longitude" in p.name.lower())
    assert 84 < lon0 < 91        # the transformed box's centre, not one UTM zone's meridian
    workspace.add_layer(samples.almaty_hospitals(tmp_path))
    assert parse_crs(workspace.map_crs()).name == crs.name


def test_set_map_crs_checks_and_keeps(workspace):
    workspace.set_map_crs("3857")
    assert workspace.map_crs() == "EPSG:3857"
    with pytest.raises(GisError):
        workspace.set_map_crs("EPSG:5773")  # a vertical CRS cannot draw a map
    with pytest.raises(GisError):
        workspace.set_map_crs("no such thing")
    assert workspace.map_crs() == "EPSG:3857"


def test_a_layer_whose_coordinates_cannot_be_in_its_crs_does_not_choose_the_map_crs():
    from resilience_desktop.gis.crs import default_map_crs
    metres_as_degrees = ("EPSG:4326", (465_000.0, 4_745_000.0, 470_000.0, 4_750_000.0))
    assert default_map_crs([], [metres_as_degrees]) == "EPSG:4326"          # no traceback from PROJ
    assert default_map_crs([], [metres_as_degrees, ("EPSG:4326", (74.5, 42.8, 74.7, 42.9))]) == "EPSG:32643"


def test_choose_map_crs():
    assert choose_map_crs((74.5, 42.8, 74.7, 42.9)) == "EPSG:32643"
    world = parse_crs(choose_map_crs((-171.8, -36.9, 178.4, 61.2)))
    assert "Equal Earth" in world.name


def test_search_crs_by_code_and_by_name():
    assert search_crs("EPSG:32643")[0] == ("EPSG:32643", "WGS 84 / UTM zone 43N")
    names = [name for _c, name in search_crs("pulkovo 1942 zone 13")]
    assert names and all("pulkovo 1942" in n.lower() and "zone 13" in n.lower() for n in names)
    assert search_crs("   ") == []


def test_bounds_wgs84_are_the_datas_not_the_transformed_box(tmp_path):
    layer = read_source(samples.utm_faults(tmp_path)).layers[0]
    lons = [p[0] for part in samples.FAULTS_LONLAT for p in part]
    lats = [p[1] for part in samples.FAULTS_LONLAT for p in part]
    assert bounds_wgs84(layer.geometries, layer.crs) == pytest.approx((min(lons), min(lats), max(lons), max(lats)),
                                                                       abs=1e-6)
    r = run_cli("layer", "info", tmp_path / "faults.shp", "--json")
    got = json.loads(r.stdout)["layers"][0]["bounds_wgs84"]
    assert got == pytest.approx([60.7, 30.6, 114.0, 43.8], abs=1e-6)


ORTHO = "+proj=ortho +lat_0=43 +lon_0=75 +datum=WGS84 +units=m +no_defs"


def test_points_a_map_crs_cannot_show_are_dropped_with_a_count_and_no_warning(tmp_path):
    data = read_source(samples.world_points(tmp_path)).layers[0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # UTM 43N gives finite but meaningless places far from 75° E: only Moscow, Almaty, Bishkek stay
        utm = prepare_layer("c", data.geometries, "EPSG:4326", "EPSG:32643")
        near = [(x, y) for x, y, _p in samples.WORLD_CITIES if 35 <= x <= 115]
        assert utm.dropped == len(samples.WORLD_CITIES) - len(near) == 12
        assert utm.frame(View.fit(utm.extent, 800, 600)).point_count == len(near)
        layer = prepare_layer("c", data.geometries, "EPSG:4326", ORTHO)   # the far hemisphere is hidden
        frame = layer.frame(View.fit(layer.extent, 800, 600))
    assert 0 < layer.dropped < len(samples.WORLD_CITIES)
    assert frame.point_count == len(samples.WORLD_CITIES) - layer.dropped
    scene = scene_from_files([tmp_path / "cities.geojson"], crs=ORTHO)
    assert any(f"{layer.dropped} features" in w for w in scene.warnings)
    scene = scene_from_files([tmp_path / "cities.geojson"])     # the default: an equal-area world map
    assert scene.layers[0].dropped == 0 and not scene.warnings


def test_a_line_running_out_of_a_utm_zones_good_part_is_cut_there_not_drawn_wild(tmp_path):
    (faults,) = read_source(samples.utm_faults(tmp_path)).layers       # 60.7–114° E, in UTM 42N
    layer = prepare_layer("f", faults.geometries, "EPSG:32642", "EPSG:32640")   # meridian 57° E: good to 97° E
    assert layer.dropped == 0
    x0, y0, x1, y1 = bounds_wgs84(layer.geometries, "EPSG:32640")
    assert x0 == pytest.approx(60.7, abs=0.1) and x1 == pytest.approx(97.0, abs=0.01)


@pytest.mark.parametrize("crs, centre", [
    ("EPSG:4326", (0.0, 0.0)), ("EPSG:4326", (76.9, 43.2)), ("EPSG:4326", (30.0, 65.0)),
    ("EPSG:32642", (110.0, 35.0)),          # a UTM zone used ~45° east of its meridian
    ("EPSG:3857", (76.9, 43.2)), ("EPSG:32643", (74.6, 42.9)),
])
def test_the_scale_bar_agrees_with_geod_within_one_percent(crs, centre):
    from resilience_desktop.gis.crs import transformer
    cx, cy = transformer("EPSG:4326", crs).transform(*centre)
    for resolution in ((0.5, 0.01, 1e-4) if crs == "EPSG:4326" else (20_000.0, 500.0, 2.0)):
        bar = scale_bar(cx, cy, resolution, crs, 240)
        assert bar is not None and 0 < bar.pixels <= 240
        half = bar.pixels * resolution / 2
        lon, lat = transformer(crs, "EPSG:4326").transform([cx - half, cx + half], [cy, cy])
        true = GEOD.line_length(lon, lat)
        assert bar.metres == pytest.approx(true, rel=0.01)


def test_measure_length_and_area():
    from resilience_desktop.gis.crs import transformer
    t = transformer("EPSG:4326", "EPSG:32643")
    x, y = t.transform([74.0, 75.0], [43.0, 43.0])
    assert geodesic_length(np.column_stack([x, y]), "EPSG:32643") == pytest.approx(
        GEOD.inv(74, 43, 75, 43)[2], rel=1e-9)
    ring = np.array([[74, 43], [75, 43], [75, 44], [74, 44]], dtype=float)
    expected = abs(GEOD.geometry_area_perimeter(shapely.box(74, 43, 75, 44))[0])
    assert geodesic_area(ring, "EPSG:4326") == pytest.approx(expected, rel=1e-9)


def test_map_set_crs_cli(tmp_path):
    ws = tmp_path / "w.rdw"
    assert run_cli("city", "add", "Almaty", "--country", "KZ", "--workspace", ws).returncode == 0
    r = run_cli("layer", "add", samples.almaty_hospitals(tmp_path), "--workspace", ws, "--json")
    assert r.returncode == 0, r.stderr
    r = run_cli("map", "set-crs", "EPSG:3857", "--workspace", ws, "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {"map_crs": "EPSG:3857", "name": "EPSG:3857 — WGS 84 / Pseudo-Mercator"}
    r = run_cli("map", "set-crs", "EPSG:999999", "--workspace", ws)
    assert r.returncode == 2 and "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
    r = run_cli("layer", "list", "--workspace", ws, "--json")
    assert json.loads(r.stdout)["map_crs"] == "EPSG:3857"
