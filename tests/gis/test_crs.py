"""CRS helpers (resilience_desktop/gis/crs.py): offline PROJ, cached always_xy transformers, UTM."""

from __future__ import annotations

import threading

import numpy as np
import pyproj
import pytest
import shapely

from resilience_desktop.errors import GisError
from resilience_desktop.gis import crs


def test_proj_network_is_off():
    assert pyproj.network.is_network_enabled() is False


@pytest.mark.parametrize("lon, lat, code", [(74.6, 42.87, "EPSG:32643"), (69.24, 41.3, "EPSG:32642"),
                                            (-70.6, -33.4, "EPSG:32719"), (180.0, 0.0, "EPSG:32660")])
def test_utm_zone(lon, lat, code):
    assert crs.utm_crs(lon, lat) == code


def test_crs_strings_are_authority_codes_or_wkt2():
    assert crs.crs_to_string("4326") == "EPSG:4326"
    local = "+proj=tmerc +lat_0=0 +lon_0=74.51666 +k=1 +x_0=1300000 +y_0=-14743.5 +ellps=krass +units=m +no_defs"
    text = crs.crs_to_string(local)
    assert text.startswith(("PROJCRS", "BOUNDCRS")) and "74.51666" in text
    with pytest.raises(GisError, match="unknown coordinate reference system"):
        crs.parse_crs("EPSG:999999")


def test_transformer_is_xy_and_cached_per_thread():
    t = crs.transformer("EPSG:4326", "EPSG:32643")
    assert t is crs.transformer("EPSG:4326", "EPSG:32643")
    x, y = t.transform(75.0, 42.0)                       # lon first (always_xy)
    assert x == pytest.approx(500_000, abs=0.01) and 4_600_000 < y < 4_700_000
    other: list = []
    th = threading.Thread(target=lambda: other.append(crs.transformer("EPSG:4326", "EPSG:32643")))
    th.start(); th.join()
    assert other[0] is not t


def test_transform_geometries_and_bounds():
    geoms = np.array([shapely.Point(75, 42), shapely.LineString([(75, 42), (75.1, 42.1)]), None], dtype=object)
    out = crs.transform_geometries(geoms, "EPSG:4326", "EPSG:32643")
    assert out[0].x == pytest.approx(500_000, abs=0.01)
    assert out[2] is None
    b = crs.transform_bounds((74.5, 42.8, 74.7, 42.9), "EPSG:4326", "EPSG:32643")
    assert 400_000 < b[0] < b[2] < 600_000
