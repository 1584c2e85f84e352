"""Raster hazards (gis/raster.py, gis/raster_exposure.py) on a synthetic GeoTIFF with known values.

The grid: 10 × 10 pixels of 10 m in UTM 43N, top-left corner (500000, 4700100), on the zone's
central meridian so grid metres are ground metres. Pixel (row, col) holds ``col × 0.5``
(0 … 4.5); the top row is no-data. Thresholds 1, 2, 4 make the classes 1-2 (columns 2-3),
2-4 (columns 4-7) and 4+ (columns 8-9).
"""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from resilience_desktop.errors import GisError
from resilience_desktop.gis.exposure import ExposureLayer
from resilience_desktop.gis.raster import open_raster, read_window, sample, zonal_stats
from resilience_desktop.gis.raster_exposure import run_raster_exposure

CRS = "EPSG:32643"
X0, Y1 = 500_000.0, 4_700_100.0


def write_tif(path, values, *, nodata=-9999.0, res=10.0, crs=CRS):
    import rasterio
    from rasterio.transform import from_origin
    with rasterio.open(path, "w", driver="GTiff", height=values.shape[0], width=values.shape[1], count=1,
                       dtype="float32", crs=crs, transform=from_origin(X0, Y1, res, res), nodata=nodata) as ds:
        ds.write(values.astype("float32"), 1)
    return path


@pytest.fixture
def depth(tmp_path):
    v = np.tile(np.arange(10) * 0.5, (10, 1))
    v[0, :] = -9999.0
    return str(write_tif(tmp_path / "depth.tif", v))


def test_open_sample_and_window(depth):
    info = open_raster(depth)
    assert (info.width, info.height, info.crs, info.nodata, info.pixel_area) == (10, 10, CRS, -9999.0, 100.0)
    assert info.bounds == (X0, Y1 - 100, X0 + 100, Y1)
    v = sample(depth, np.array([X0 + 25, X0 + 95, X0 + 45, X0 + 500]), np.array([Y1 - 45, Y1 - 45, Y1 - 5, Y1 - 45]))
    assert v[:2].tolist() == [1.0, 4.5] and np.isnan(v[2]) and np.isnan(v[3])  # no-data, outside
    data, t = read_window(depth, (X0 + 20, Y1 - 30, X0 + 40, Y1))
    assert data.shape == (3, 2) and np.isnan(data[0]).all() and data[1].tolist() == [1.0, 1.5]


def test_zonal_statistics_exact(depth):
    polys = np.array([shapely.box(X0 + 20, Y1 - 100, X0 + 60, Y1 - 50),   # cols 2-5, rows 5-9
                      shapely.box(X0 + 80, Y1 - 20, X0 + 100, Y1),        # rows 0-1 (row 0 no-data), cols 8-9
                      shapely.box(X0 + 20, Y1 - 100, X0 + 40, Y1 - 50),   # overlaps the first
                      shapely.box(X0 + 91, Y1 - 49, X0 + 93, Y1 - 47)])   # smaller than a pixel: its centroid
    z = zonal_stats(depth, polys, [1, 2, 4])
    assert z.count.tolist() == [20, 2, 10, 1]
    assert z.max.tolist() == [2.5, 4.5, 1.5, 4.5]
    assert z.mean.tolist() == [1.75, 4.25, 1.25, 4.5]
    assert z.above.tolist() == [[20, 10, 0], [2, 2, 2], [10, 0, 0], [1, 1, 1]]


def test_points_lines_polygons_and_population(depth, tmp_path):
    pts = ExposureLayer("schools", CRS, shapely.points(
        [(X0 + 25, Y1 - 45), (X0 + 95, Y1 - 45), (X0 + 5, Y1 - 45), (X0 + 45, Y1 - 5), (X0 + 600, Y1 - 45)]))
    lines = ExposureLayer("roads", CRS, np.array([shapely.LineString([(X0, Y1 - 45), (X0 + 100, Y1 - 45)]),
                                                  shapely.LineString([(X0, Y1 - 5), (X0 + 100, Y1 - 5)])]))
    polys = ExposureLayer("buildings", CRS, np.array([shapely.box(X0 + 20, Y1 - 100, X0 + 60, Y1 - 50),
                                                      shapely.box(X0 + 80, Y1 - 20, X0 + 100, Y1)]))
    pop = np.ones((10, 10))
    pop_path = str(write_tif(tmp_path / "people.tif", pop, nodata=-1))
    r = run_raster_exposure(depth, [pts, lines, polys], thresholds=[1, 2, 4], population_raster=pop_path)
    assert r.crs == CRS and r.raster and r.classes == ("1-2", "2-4", "4+")
    p, ln, pg = r.groups
    assert (p.total, p.affected, p.by_class) == (5, 2, {"1-2": 1, "2-4": 0, "4+": 1})
    assert p.max_value == 4.5 and p.mean_value == pytest.approx((1.0 + 4.5 + 0.0) / 3)
    assert (ln.affected, ln.exposed_length_m, ln.total_length_m) == (1, pytest.approx(80.0), pytest.approx(200.0))
    assert ln.above == {">=1": pytest.approx(80.0), ">=2": pytest.approx(60.0), ">=4": pytest.approx(20.0)}
    assert ln.max_value == 4.5
    assert pg.affected == 2 and pg.exposed_area_m2 == pytest.approx(2200.0) and pg.total_area_m2 == pytest.approx(2400.0)
    assert pg.above == {">=1": pytest.approx(2200.0), ">=2": pytest.approx(1200.0), ">=4": pytest.approx(200.0)}
    assert pg.max_value == 4.5 and pg.by_class == {"1-2": 0, "2-4": 1, "4+": 1}
    # People per class: one per pixel; the no-data row is no hazard.
    assert r.population_by_class == {"1-2": 18.0, "2-4": 36.0, "4+": 18.0} and r.population_exposed == 72.0
    doc = r.to_json()
    assert set(doc["groups"][0]) >= {"min_distance_m", "max_value", "mean_value"}


def test_population_on_another_grid_is_summed(depth, tmp_path):
    import rasterio
    from rasterio.transform import from_origin
    fine = np.full((20, 20), 0.25)  # 5 m pixels: a quarter of a person each, one per 10 m pixel
    path = tmp_path / "fine.tif"
    with rasterio.open(path, "w", driver="GTiff", height=20, width=20, count=1, dtype="float32", crs=CRS,
                       transform=from_origin(X0, Y1, 5, 5), nodata=-1) as ds:
        ds.write(fine.astype("float32"), 1)
    r = run_raster_exposure(depth, [], thresholds=[1], population_raster=str(path))
    assert r.population_exposed == pytest.approx(72.0)


def test_bad_raster_inputs(tmp_path, depth):
    bad = tmp_path / "bad.tif"
    bad.write_text("not a tiff")
    with pytest.raises(GisError, match="not a raster the app can read"):
        open_raster(bad)
    pts = ExposureLayer("p", CRS, shapely.points([(X0 + 5, Y1 - 5)]))
    with pytest.raises(GisError, match="thresholds must be increasing"):
        run_raster_exposure(depth, pts, thresholds=[2, 1])
