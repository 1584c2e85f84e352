"""Buffers and distances (resilience_desktop/gis/distance.py via run_exposure), hand-checked.

Distances are checked against pyproj.Geod (the geodesic on the WGS 84 ellipsoid): a fault along a
meridian is itself a geodesic, and a point reached by walking due east from it is exactly that far.
"""

from __future__ import annotations

import math

import numpy as np
import pyproj
import pytest
import shapely
import shapely.affinity

from resilience_desktop.errors import GisError
from resilience_desktop.gis.crs import transform_geometries
from resilience_desktop.gis.distance import analysis_crs, band_counts, parse_bands
from resilience_desktop.gis.exposure import ExposureLayer, run_exposure

GEOD = pyproj.Geod(ellps="WGS84")


def meridian_fault(lon: float, lat0: float = 41.9, lat1: float = 42.1) -> shapely.LineString:
    """A fault along a meridian, densified like a digitised line (a meridian is a geodesic)."""
    lats = np.linspace(lat0, lat1, 201)
    return shapely.linestrings(np.column_stack([np.full_like(lats, lon), lats]))


def east_of(lon: float, lat: float, metres: list[float]) -> np.ndarray:
    x, y, _ = GEOD.fwd([lon] * len(metres), [lat] * len(metres), [90.0] * len(metres), metres)
    return shapely.points(np.column_stack([x, y]))


def test_a_line_hazard_without_buffer_is_refused_not_counted_as_zero():
    faults = ExposureLayer("faults", "EPSG:4326", np.array([meridian_fault(74.6)]))
    pts = ExposureLayer("hospitals", "EPSG:4326", east_of(74.6, 42.0, [10.0, 500.0]))
    with pytest.raises(GisError, match="faults holds lines, which cover no area: give a buffer distance"):
        run_exposure(faults, pts)
    vents = ExposureLayer("vents", "EPSG:4326", shapely.points([(74.6, 42.0)]))
    with pytest.raises(GisError, match="vents holds points"):
        run_exposure(vents, pts)
    # A buffer of 0 m is no buffer: the same silent 0 (a road crossing the fault would not count either).
    for zero in (0, {"active": 0.0}):
        with pytest.raises(GisError, match="faults: a buffer of 0 m around lines covers no area"):
            run_exposure(ExposureLayer("faults", "EPSG:4326", np.array([meridian_fault(74.6)]), {"kind": ["active"]},
                                       ("kind",)), pts, buffer_m=zero, class_field="kind")


@pytest.mark.parametrize("asset_crs", ["EPSG:4326", "EPSG:32643", "EPSG:3857"])
def test_buffer_agrees_with_the_geodesic_within_half_a_percent(asset_crs):
    # The data lie at 80.5° E: UTM zone 44; EPSG:32643 is zone 43, 5.5° away from its meridian.
    lon = 80.5
    metres = [250.0, 1000.0, 1980.0, 2020.0, 3500.0]
    faults = ExposureLayer("faults", "EPSG:4326", np.array([meridian_fault(lon)]))
    pts = transform_geometries(east_of(lon, 42.0, metres), "EPSG:4326", asset_crs)
    r = run_exposure(faults, ExposureLayer("hospitals", asset_crs, pts), buffer_m=2000, bands=[1000, 2000, 5000])
    assert r.crs == "EPSG:32644"
    g = r.groups[0]
    assert g.affected == 3 and r.affected_fids[0].tolist() == [0, 1, 2]  # 1,980 m in, 2,020 m out
    rel = np.abs(r.distances[0] - np.array(metres)) / np.array(metres)
    assert rel.max() < 0.005
    assert g.min_distance_m == pytest.approx(250.0, rel=0.005)
    assert g.bands == {"0-1000": 2, "1000-2000": 1, "2000-5000": 2}


def test_data_across_several_zones_use_an_equidistant_projection():
    # Faults at 69° E and 80.5° E: three UTM zones apart; distances must still be metres on the ground.
    faults = ExposureLayer("faults", "EPSG:4326", np.array([meridian_fault(69.0), meridian_fault(80.5)]))
    metres = [400.0, 1500.0, 2600.0]
    pts = np.concatenate([east_of(69.0, 42.0, metres), east_of(80.5, 42.05, metres)])
    r = run_exposure(faults, ExposureLayer("schools", "EPSG:4326", pts), buffer_m=2000, bands=[5000])
    assert r.crs.startswith("+proj=aeqd")
    assert r.groups[0].affected == 4
    assert np.abs(r.distances[0] / np.array(metres * 2) - 1).max() < 0.005
    assert analysis_crs([(74.5, 42.8, 74.7, 42.9)]) == "EPSG:32643"


def test_world_wide_assets_against_a_city_hazard_get_true_distances():
    # A flood zone in Bishkek and points across the world, to the poles and the antimeridian: the
    # projection is centred on the compact side (here the hazard), where distances are true.
    zone = ExposureLayer("flood", "EPSG:4326", np.array([shapely.box(74.599, 42.869, 74.601, 42.871)]))
    lonlat = [(-180.0, 0.0), (180.0, 10.0), (0.0, 89.9), (45.0, -89.9), (179.9, -16.0), (-122.42, 37.77)]
    r = run_exposure(zone, ExposureLayer("world", "EPSG:4326", shapely.points(lonlat)), bands=[16_000_000])
    assert r.crs.startswith("+proj=aeqd +lat_0=42.87 +lon_0=74.6 ")
    true = np.array([GEOD.inv(x, y, 74.6, 42.87)[2] for x, y in lonlat])
    assert np.abs(r.distances[0] / true - 1).max() < 0.001
    assert r.groups[0].min_distance_m == pytest.approx(true.min(), rel=0.001)


def test_point_hazard_buffer_areas_and_lengths_against_hand_values():
    # A vent at the centre of a 10 km square of buildings, and a road straight through it, UTM 43N.
    vent = ExposureLayer("vent", "EPSG:32643", shapely.points([(500_000.0, 4_700_000.0)]))
    square = shapely.box(495_000, 4_695_000, 505_000, 4_705_000)
    road = shapely.LineString([(490_000, 4_700_000), (510_000, 4_700_000)])
    r = run_exposure(vent, [ExposureLayer("landuse", "EPSG:32643", np.array([square])),
                            ExposureLayer("roads", "EPSG:32643", np.array([road]))], buffer_m=3000)
    assert r.groups[0].exposed_area_m2 == pytest.approx(math.pi * 3000 ** 2, rel=0.005)
    assert r.groups[1].exposed_length_m == pytest.approx(6000.0, rel=1e-6)
    assert r.groups[0].min_distance_m == 0.0 and r.groups[1].min_distance_m == 0.0


@pytest.mark.parametrize("asset_crs", ["EPSG:32643", "EPSG:4326"])
def test_lines_and_polygons_against_a_buffered_line_and_points_against_a_buffered_point(asset_crs):
    # A fault along x = 500 km (UTM 43N's central meridian: grid metres are ground metres), 2 km buffer.
    crs, x0, y0 = "EPSG:32643", 500_000.0, 4_700_000.0
    fault = ExposureLayer("fault", crs, np.array([shapely.LineString([(x0, y0 - 20_000), (x0, y0 + 20_000)])]))

    def layer(name, geoms):
        return ExposureLayer(name, asset_crs, transform_geometries(np.array(geoms), crs, asset_crs))
    roads = layer("roads", [shapely.LineString([(x0 - 5000, y0), (x0 + 5000, y0)]),          # crosses: 4 km in
                            shapely.LineString([(x0 + 1500, y0 - 500), (x0 + 1500, y0 + 500)]),  # parallel, 1.5 km away
                            shapely.LineString([(x0 + 2500, y0 - 500), (x0 + 2500, y0 + 500)])])  # 2.5 km away: out
    blocks = layer("blocks", [shapely.box(x0 + 1500, y0, x0 + 2500, y0 + 1000),               # half inside
                              shapely.box(x0 + 3000, y0, x0 + 4000, y0 + 1000)])              # out
    r = run_exposure(fault, [roads, blocks], buffer_m=2000, bands=[1000, 2000, 5000])
    assert r.crs == crs
    rd, bl = r.groups
    assert (rd.affected, rd.total, bl.affected, bl.total) == (2, 3, 1, 2)
    assert rd.exposed_length_m == pytest.approx(4000 + 1000, rel=1e-3)
    assert bl.exposed_area_m2 == pytest.approx(500 * 1000, rel=1e-3)
    assert r.distances[0] == pytest.approx([0, 1500, 2500], abs=1.0)
    assert r.distances[1] == pytest.approx([1500, 3000], abs=1.0)
    assert rd.bands == {"0-1000": 1, "1000-2000": 1, "2000-5000": 1} and bl.bands == {"0-1000": 0, "1000-2000": 1,
                                                                                      "2000-5000": 1}
    # A point hazard (a well head) against points: in when within the buffer, exactly (no polygon arc error).
    well = ExposureLayer("well", crs, shapely.points([(x0, y0)]))
    homes = layer("homes", list(shapely.points([(x0 + 2999, y0), (x0, y0 - 3001), (x0 + 2120, y0 + 2120)])))
    h = run_exposure(well, homes, buffer_m=3000)
    assert h.affected_fids[0].tolist() == [0, 2] and h.groups[0].min_distance_m == pytest.approx(2998.2, abs=1.0)


def test_lines_and_polygons_just_inside_the_distance_count_like_the_bands_say():
    # The buffered disc is a 64-gon: between its corners its edge lies ~1.2 m inside 1,000 m. A house and a
    # path 999.5 m from the vent in that direction are within the distance (the 0-1000 m band) and affected.
    crs = "EPSG:32643"
    vent = ExposureLayer("vent", crs, shapely.points([(500_000.0, 4_700_000.0)]))
    a = math.radians(360 / 128)  # half-way between two corners of the polygon
    ux, uy = math.cos(a), math.sin(a)
    cx, cy = 500_000 + 999.5 * ux, 4_700_000 + 999.5 * uy
    house = shapely.Polygon([(cx, cy), (cx + 3 * ux - 3 * uy, cy + 3 * uy + 3 * ux), (cx + 6 * ux, cy + 6 * uy),
                             (cx + 3 * ux + 3 * uy, cy + 3 * uy - 3 * ux)])   # its nearest corner at 999.5 m
    path = shapely.LineString([(cx, cy), (cx + 50 * ux, cy + 50 * uy)])
    far_house = shapely.affinity.translate(house, 0.6 * ux, 0.6 * uy)  # nearest corner at 1,000.1 m: out
    r = run_exposure(vent, [ExposureLayer("houses", crs, np.array([house, far_house])),
                            ExposureLayer("paths", crs, np.array([path]))], buffer_m=1000, bands=[1000, 2000])
    houses, paths = r.groups
    assert r.distances[0][0] == pytest.approx(999.5) and r.distances[0][1] == pytest.approx(1000.1)
    assert houses.bands == {"0-1000": 1, "1000-2000": 1} and houses.affected == 1 and r.affected_fids[0].tolist() == [0]
    assert paths.bands == {"0-1000": 1, "1000-2000": 0} and paths.affected == 1


def test_per_class_buffers_and_buffers_from_a_field():
    crs = "EPSG:32643"
    x0, y0 = 490_000, 4_700_000  # near the zone's central meridian: grid metres are ground metres
    faults = ExposureLayer("faults", crs, np.array([shapely.LineString([(x0, y0), (x0, y0 + 10_000)]),
                                                    shapely.LineString([(x0 + 20_000, y0), (x0 + 20_000, y0 + 10_000)])]),
                           {"activity": ["active", "inactive"], "zone_m": [3000, 500]}, ("activity", "zone_m"))
    pts = ExposureLayer("clinics", crs, shapely.points(
        [(x0 + 2500, y0 + 5000), (x0 + 20_400, y0 + 5000), (x0 + 21_000, y0 + 5000), (x0 + 9000, y0 + 5000)]))
    r = run_exposure(faults, pts, class_field="activity", buffer_m={"active": 3000, "inactive": 500})
    assert r.groups[0].affected == 2 and r.groups[0].by_class == {"active": 1, "inactive": 1}
    r2 = run_exposure(faults, pts, buffer_field="zone_m")
    assert r2.affected_fids[0].tolist() == r.affected_fids[0].tolist() == [0, 1]
    # The point 9 km from either fault: its group minimum is exact however far (the reverse query).
    far = run_exposure(faults, ExposureLayer("far", crs, shapely.points([(x0 + 9000, y0 + 5000)])), buffer_m=1000)
    assert far.groups[0].affected == 0 and far.groups[0].min_distance_m == pytest.approx(9000.0, rel=1e-3)
    with pytest.raises(GisError, match="no buffer distance for class 'inactive'"):
        run_exposure(faults, pts, class_field="activity", buffer_m={"active": 3000})
    with pytest.raises(GisError, match="must be zero or more metres"):
        run_exposure(faults, pts, buffer_m=-5)
    # 0 m for one class is allowed while another class has a distance (that class then counts nothing).
    r0 = run_exposure(faults, pts, class_field="activity", buffer_m={"active": 3000, "inactive": 0})
    assert r0.affected_fids[0].tolist() == [0] and r0.groups[0].by_class == {"active": 1, "inactive": 0}


def test_polygon_zones_with_a_buffer_grow_by_that_distance():
    crs = "EPSG:32643"
    zone = ExposureLayer("flood", crs, np.array([shapely.box(500_000, 0, 501_000, 1000)]))
    pts = ExposureLayer("pts", crs, shapely.points([(500_500, 500), (501_100, 500), (501_300, 500)]))
    assert run_exposure(zone, pts, crs=crs).groups[0].affected == 1
    r = run_exposure(zone, pts, buffer_m=200, bands=[100, 250, 500], crs=crs)
    assert r.groups[0].affected == 2
    assert r.distances[0].tolist() == [0.0, 100.0, 300.0]
    assert r.groups[0].bands == {"0-100": 2, "100-250": 0, "250-500": 1}


def test_bands_helpers():
    assert parse_bands("1000,2000,5000") == [1000.0, 2000.0, 5000.0]
    for bad in ("2000,1000", "a,b", "0,5"):
        with pytest.raises(GisError):
            parse_bands(bad)
    assert band_counts(np.array([0.0, 1000.0, 1000.5, 7000.0, np.nan]), [1000, 2000]).tolist() == [0, 0, 1, -1, -1]


def test_distances_measured_in_slices_agree_with_one_pass(monkeypatch):
    # Assets are measured DISTANCE_CHUNK at a time (memory follows one slice's pairs): slices of 7 must give
    # the same hits, distances and bands as one pass, per-fault buffers included.
    from resilience_desktop.gis import distance
    rng = np.random.default_rng(15)
    crs = "EPSG:32643"
    starts = rng.uniform(0, 20_000, (12, 1, 2)) + (490_000, 4_690_000)
    faults = ExposureLayer("faults", crs, shapely.linestrings(starts + np.cumsum(rng.normal(0, 400, (12, 5, 2)), axis=1)),
                           {"zone_m": list(rng.uniform(300, 1500, 12))}, ("zone_m",))
    pts = ExposureLayer("pts", crs, shapely.points(rng.uniform(0, 20_000, (500, 2)) + (490_000, 4_690_000)))
    whole = run_exposure(faults, pts, buffer_field="zone_m", bands=[500, 1000, 3000], crs=crs)
    monkeypatch.setattr(distance, "DISTANCE_CHUNK", 7)
    sliced = run_exposure(faults, pts, buffer_field="zone_m", bands=[500, 1000, 3000], crs=crs)
    assert 0 < whole.groups[0].affected < 500
    assert sliced.affected_fids[0].tolist() == whole.affected_fids[0].tolist()
    assert np.array_equal(sliced.distances[0], whole.distances[0], equal_nan=True)
    assert sliced.groups[0].bands == whole.groups[0].bands
    # Cancelled between slices: nothing is produced.
    from resilience_desktop.gis.exposure import ExposureCancelled
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 12  # past the set-up checks, inside the slices
    with pytest.raises(ExposureCancelled):
        run_exposure(faults, pts, buffer_field="zone_m", bands=[500, 1000, 3000], crs=crs, cancelled=cancelled)
