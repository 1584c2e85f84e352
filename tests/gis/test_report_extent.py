"""Which part of the map a report shows: the saved view, else the report's own city, else everything."""

from __future__ import annotations

from resilience_desktop.gis.crs import transform_bounds
from resilience_desktop.gis.report_extent import report_map_extent

EVERYTHING = (0.0, 0.0, 1.0, 1.0)


def _centre_lonlat(ws, box):
    x0, y0, x1, y1 = transform_bounds(box, ws.map_crs(), "EPSG:4326")
    return (x0 + x1) / 2, (y0 + y1) / 2


def test_the_report_shows_its_own_city_not_the_first_one(workspace):
    workspace.add_city("Almaty", "KZ", lon=76.9, lat=43.25)
    osh = workspace.add_city("Osh", "KG", lon=72.8, lat=40.5)
    lon, lat = _centre_lonlat(workspace, report_map_extent(workspace, workspace.map_crs(), EVERYTHING, city_id=osh))
    assert abs(lon - 72.8) < 0.01 and abs(lat - 40.5) < 0.01
    lon, lat = _centre_lonlat(workspace, report_map_extent(workspace, workspace.map_crs(), EVERYTHING))
    assert abs(lon - 76.9) < 0.01 and abs(lat - 43.25) < 0.01        # no city named: the first located one


def test_a_city_without_a_location_does_not_borrow_another(workspace):
    workspace.add_city("Almaty", "KZ", lon=76.9, lat=43.25)
    unplaced = workspace.add_city("Somewhere", "KG")
    assert report_map_extent(workspace, workspace.map_crs(), EVERYTHING, city_id=unplaced) == EVERYTHING


def test_a_saved_view_wins_over_the_city(workspace):
    osh = workspace.add_city("Osh", "KG", lon=72.8, lat=40.5)
    workspace.set_report_extent((72.0, 40.0, 74.0, 41.5))              # the whole valley round Osh
    lon, lat = _centre_lonlat(workspace, report_map_extent(workspace, workspace.map_crs(), EVERYTHING, city_id=osh))
    assert abs(lon - 73.0) < 0.05 and abs(lat - 40.75) < 0.05


def test_a_view_saved_round_another_city_is_not_used_for_this_one(workspace):
    almaty = workspace.add_city("Almaty", "KZ", lon=76.9, lat=43.25)
    osh = workspace.add_city("Osh", "KG", lon=72.8, lat=40.5)
    workspace.set_report_extent((76.8, 43.2, 77.0, 43.3))            # saved while looking at Almaty
    lon, lat = _centre_lonlat(workspace, report_map_extent(workspace, workspace.map_crs(), EVERYTHING, city_id=osh))
    assert abs(lon - 72.8) < 0.01 and abs(lat - 40.5) < 0.01
    lon, lat = _centre_lonlat(workspace, report_map_extent(workspace, workspace.map_crs(), EVERYTHING,
                                                           city_id=almaty))
    assert abs(lon - 76.9) < 0.01 and abs(lat - 43.25) < 0.01
