"""Exposure results checked against cases computed by hand (metres from samples.EX0, UTM 43N)."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from resilience_desktop.errors import GisError
from resilience_desktop.gis.crs import transform_geometries
from resilience_desktop.gis.exposure import ExposureCancelled, ExposureLayer, read_exposure_layer, run_exposure

from .samples import ex_box, ex_xy, exposure_files

UTM = "EPSG:32643"


def layer(name, geoms, crs=UTM, **columns):
    return ExposureLayer(name, crs, np.array(geoms, dtype=object), columns, tuple(columns))


def two_zones(**kw):
    return layer("zones", [ex_box(0, 0, 100, 100), ex_box(100, 0, 200, 100)], **kw)


def test_point_on_zone_edge_counts_as_inside():
    pts = layer("pts", shapely.points(ex_xy([(50, 50), (0, 50), (100, 100), (-0.01, 50), (300, 50)])))
    r = run_exposure(layer("z", [ex_box(0, 0, 100, 100)]), pts)
    g = r.groups[0]
    assert (g.total, g.affected) == (5, 3)
    assert r.affected_fids[0].tolist() == [0, 1, 2]
    assert g.exposed_length_m is None and g.exposed_area_m2 is None
    assert r.crs == UTM


def test_line_crossing_two_zones_by_length():
    line = shapely.LineString(ex_xy([(-50, 50), (250, 50)]))  # 300 m, 200 m of it over the two zones
    short = shapely.LineString(ex_xy([(20, 10), (20, 40)]))   # 30 m, wholly inside
    away = shapely.LineString(ex_xy([(0, 200), (100, 200)]))
    r = run_exposure(two_zones(), layer("roads", [line, short, away]))
    g = r.groups[0]
    assert (g.total, g.affected) == (3, 2)
    assert g.exposed_length_m == pytest.approx(230.0)
    assert g.total_length_m == pytest.approx(430.0)
    assert g.exposed_area_m2 is None


def test_line_by_hazard_class():
    line = shapely.LineString(ex_xy([(-50, 50), (150, 50)]))
    zones = two_zones(hazard=["high", "low"])
    r = run_exposure(zones, layer("roads", [line]), class_field="hazard", classes=["high"])
    assert r.groups[0].exposed_length_m == pytest.approx(100.0)
    r = run_exposure(zones, layer("roads", [line]), class_field="hazard")
    assert r.groups[0].exposed_length_m == pytest.approx(150.0)
    assert r.groups[0].by_class == {"high": 1, "low": 1}
    assert r.classes == ("high", "low")


def test_polygon_half_inside_by_area_and_share():
    half = ex_box(-5, 20, 5, 30)        # 100 m², 50 m² inside
    inside = ex_box(20, 20, 40, 40)     # 400 m², all inside
    touching = ex_box(-10, 50, 0, 60)   # shares an edge only: not affected
    r = run_exposure(layer("z", [ex_box(0, 0, 100, 100)]), layer("b", [half, inside, touching]))
    g = r.groups[0]
    assert (g.total, g.affected) == (3, 2)
    assert g.exposed_area_m2 == pytest.approx(450.0)
    assert g.total_area_m2 == pytest.approx(600.0)
    assert g.share == pytest.approx(0.75)
    assert g.exposed_length_m is None


def test_overlapping_zones_counted_once():
    zones = layer("z", [ex_box(0, 0, 100, 100), ex_box(50, 0, 150, 100)])  # overlap 50×100
    bld = layer("b", [ex_box(60, 10, 80, 30)])     # 400 m² inside both zones
    road = shapely.LineString(ex_xy([(0, 50), (150, 50)]))
    r = run_exposure(zones, [bld, layer("r", [road])])
    assert r.zone_area_m2 == pytest.approx(15_000.0)
    assert r.groups[0].exposed_area_m2 == pytest.approx(400.0)
    assert r.groups[1].exposed_length_m == pytest.approx(150.0)
    pop = layer("p", shapely.points(ex_xy([(75, 50)])), count=[10])
    r = run_exposure(zones, bld, population=pop, population_field="count")
    assert r.population_exposed == pytest.approx(10.0)


def test_different_crs_for_hazard_and_assets():
    pts = shapely.points(ex_xy([(50, 50), (150, 50), (300, 50)]))
    wgs = layer("pts", transform_geometries(pts, UTM, "EPSG:4326"), crs="EPSG:4326")
    bld = transform_geometries(np.array([ex_box(-5, 20, 5, 30)], dtype=object), UTM, "EPSG:3857")
    r = run_exposure(two_zones(), [wgs, layer("b", bld, crs="EPSG:3857")])
    assert r.crs == UTM
    assert (r.groups[0].total, r.groups[0].affected) == (3, 2)
    assert r.groups[1].exposed_area_m2 == pytest.approx(50.0, rel=1e-4)


def test_invalid_asset_geometry_repaired_first():
    # A bow-tie of two 50×50 triangles (1,250 m² each), the left one inside the zone.
    bowtie = shapely.Polygon(ex_xy([(50, 0), (150, 100), (150, 0), (50, 100), (50, 0)]))
    assert not bowtie.is_valid
    r = run_exposure(layer("z", [ex_box(0, 0, 100, 100)]), layer("b", [bowtie]))
    assert r.repaired == 1
    assert r.groups[0].affected == 1
    assert r.groups[0].exposed_area_m2 == pytest.approx(2_500.0)
    assert r.groups[0].total_area_m2 == pytest.approx(5_000.0)


def test_grouped_by_field_and_population_polygons_area_weighted():
    pts = layer("fac", shapely.points(ex_xy([(10, 10), (20, 20), (150, 50), (300, 0)])),
                kind=["school", "school", "hospital", "hospital"])
    blocks = layer("blocks", [ex_box(-50, 0, 50, 100), ex_box(300, 0, 400, 100)], people=[1000, 500])
    r = run_exposure(layer("z", [ex_box(0, 0, 100, 100)]), pts, group_field="kind",
                     population=blocks, population_field="people")
    by = {g.group: (g.affected, g.total) for g in r.groups}
    assert by == {"school": (2, 2), "hospital": (0, 2)}
    assert r.population_exposed == pytest.approx(500.0)
    assert r.to_json()["population_exposed"] == pytest.approx(500.0)


def test_empty_inputs():
    r = run_exposure(layer("z", []), layer("pts", []))
    assert r.groups == [] and r.population_exposed is None and r.zone_area_m2 == 0
    r = run_exposure(layer("z", [ex_box(0, 0, 1, 1)]), layer("pts", [None, shapely.Point()]))
    assert (r.groups[0].total, r.groups[0].affected) == (0, 0)
    r = run_exposure(two_zones(hazard=["a", "b"]), layer("pts", shapely.points(ex_xy([(5, 5)]))),
                     class_field="hazard", classes=["nothing"])
    assert r.groups[0].affected == 0


def test_errors_and_cancel():
    with pytest.raises(GisError, match="coordinate reference system"):
        run_exposure(layer("z", [ex_box(0, 0, 1, 1)], crs=None), layer("p", []))
    with pytest.raises(GisError, match="no field"):
        run_exposure(two_zones(), layer("p", []), class_field="hazard")
    with pytest.raises(ExposureCancelled):
        run_exposure(two_zones(), layer("p", shapely.points(ex_xy([(1, 1)]))), cancelled=lambda: True)
    seen = []
    run_exposure(two_zones(), layer("p", shapely.points(ex_xy([(1, 1)] * 5))), progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (5, 5)


def test_from_files(tmp_path):
    f = exposure_files(tmp_path)
    zones = read_exposure_layer(f["zones"], fields=["class"])
    fac = read_exposure_layer(f["facilities"], fields=["kind"])
    bld = read_exposure_layer(f["buildings"])
    pop = read_exposure_layer(f["people"], fields=["count"])
    r = run_exposure(zones, [fac, bld], class_field="class", classes=["high"], group_field="kind",
                     population=pop, population_field="count")
    by = {g.group: g for g in r.groups}
    assert (by["facilities: hospital"].affected, by["facilities: school"].affected) == (1, 1)
    assert by["buildings"].exposed_area_m2 == pytest.approx(50.0)
    assert r.population_exposed == pytest.approx(100.0)


def test_points_agree_with_a_plain_union_test_on_random_data():
    rng = np.random.default_rng(7)
    zones = shapely.buffer(shapely.points(rng.uniform(0, 1000, (60, 2))), rng.uniform(20, 120, 60), quad_segs=3)
    pts = rng.uniform(-50, 1050, (20_000, 2))
    pts[:200] = np.round(pts[:200] / 50) * 50                  # on round coordinates (cell borders)
    pts[200:400] = shapely.get_coordinates(shapely.boundary(zones))[:200]  # on zone edges (vertices)
    points = shapely.points(pts)
    r = run_exposure(layer("z", zones), layer("p", points), crs=UTM)
    expected = np.flatnonzero(shapely.intersects(shapely.union_all(zones), points))
    assert r.affected_fids[0].tolist() == expected.tolist()
    assert r.zone_area_m2 == pytest.approx(shapely.area(shapely.union_all(zones)))
