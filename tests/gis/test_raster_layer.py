"""Raster layers: info, storage in the workspace, reading windows for display, colour ramps, hillshade."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from resilience_desktop.errors import GisError
from resilience_desktop.gis.crs import transformer
from resilience_desktop.gis.raster_layer import hillshade, is_raster, raster_info, read_view
from resilience_desktop.gis.raster_style import colourise, raster_legend

from ..fixtures import run_cli
from . import samples

RASTER_KEYS = {"width", "height", "bands", "dtype", "nodata", "crs", "bounds", "bounds_wgs84", "min", "max"}


def test_layer_info_json_for_a_raster(tmp_path):
    path = samples.flood_geotiff(tmp_path)
    r = run_cli("layer", "info", path, "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert set(data) == {"driver", "raster"} and data["driver"] == "GTiff"
    raster = data["raster"]
    assert set(raster) == RASTER_KEYS
    assert (raster["width"], raster["height"], raster["bands"], raster["dtype"], raster["nodata"], raster["crs"]) == \
        (300, 200, 1, "float32", -9999.0, "EPSG:32643")
    assert raster["bounds"] == [650_000.0, 4_789_000.0, 659_000.0, 4_795_000.0]
    assert raster["max"] == pytest.approx(3.0, abs=1e-3) and raster["min"] > 0.05 - 1e-6   # no-data left out
    lon0, lat0, lon1, lat1 = raster["bounds_wgs84"]
    assert 76.8 < lon0 < lon1 < 77.0 and 43.2 < lat0 < lat1 < 43.35


def test_is_raster_by_content_not_by_name(tmp_path):
    path = samples.flood_geotiff(tmp_path)
    renamed = path.rename(tmp_path / "depth.bin")
    assert is_raster(renamed) and raster_info(renamed).width == 300
    assert not is_raster(samples.almaty_hospitals(tmp_path))


def test_add_raster_stores_it_whole_with_overviews(workspace, tmp_path):
    path = samples.flood_geotiff(tmp_path, size=(1200, 800))
    rid = workspace.add_raster(path)
    (layer,) = workspace.list_rasters()
    assert (layer.id, layer.name, layer.width, layer.height, layer.nodata) == (rid, "flood_depth", 1200, 800, -9999.0)
    assert workspace.map_crs() == "EPSG:32643"              # the first layer chose the map CRS, once
    with workspace.open_raster_dataset(rid) as ds:
        assert ds.overviews(1) == [2, 4]                     # built at import: zoomed-out draws read little
        assert ds.block_shapes[0] == (256, 256)
        import rasterio
        with rasterio.open(path) as src:
            assert np.array_equal(ds.read(1), src.read(1))
    workspace.set_raster_style(rid, {"ramp": "blues", "mode": "classed", "min": 0, "max": 3, "classes": 3})
    assert workspace.get_raster(rid).style["mode"] == "classed"
    with pytest.raises(Exception, match="ramp"):
        workspace.set_raster_style(rid, {"ramp": "rainbow"})
    r = run_cli("layer", "list", "--workspace", workspace.path, "--json")
    assert [x["name"] for x in json.loads(r.stdout)["rasters"]] == ["flood_depth"]


def test_a_raster_without_georeferencing_is_refused(workspace, tmp_path):
    import rasterio
    path = tmp_path / "scan.tif"
    with rasterio.open(path, "w", driver="GTiff", width=10, height=10, count=1, dtype="uint8") as ds:
        ds.write(np.zeros((1, 10, 10), dtype="uint8"))
    with pytest.raises(GisError, match="does not say where its cells lie on the earth"):
        workspace.add_raster(path)
    assert workspace.list_rasters() == []


def test_read_view_warps_to_the_map_crs_and_keeps_no_data_transparent(tmp_path):
    import rasterio
    path = samples.flood_geotiff(tmp_path)
    with rasterio.open(path) as ds:
        # the raster's own CRS, one cell per pixel: values exactly as stored
        got = read_view(ds, "EPSG:32643", tuple(ds.bounds), 300, 200)
        assert got.values[100, 150] == pytest.approx(2.5) and np.isnan(got.values[0]).all()
        # drawn in WGS 84: the 2.5 m cell lands where its centre projects
        cx, cy = 650_000 + 150.5 * 30, 4_795_000 - 100.5 * 30
        lon, lat = transformer("EPSG:32643", "EPSG:4326").transform(cx, cy)
        b = (lon - 0.01, lat - 0.01, lon + 0.01, lat + 0.01)
        got = read_view(ds, "EPSG:4326", b, 201, 201)
        assert got.values[100, 100] == pytest.approx(2.5)
        assert read_view(ds, "EPSG:4326", (0.0, 0.0, 1.0, 1.0), 10, 10) is None      # not in view


def test_colour_ramp_legend_and_transparent_no_data():
    style = {"ramp": "yellow-red", "mode": "classed", "min": 0.0, "max": 3.0, "classes": 3, "hillshade": False}
    rgba = colourise(np.array([[0.2, 1.5, 2.9, np.nan]], dtype=np.float32), style)
    assert rgba[0, 3, 3] == 0 and (rgba[0, :3, 3] == 255).all()
    assert [f"#{r:02x}{g:02x}{b:02x}" for r, g, b in rgba[0, :3, :3]] == [c for _l, c in raster_legend(style)]
    assert [label for label, _c in raster_legend(style)] == ["0 – 1", "1 – 2", "2 – 3"]


def _colourise_plainly(values, style, shade=None):
    """The ramp as first written (RGB and alpha built apart): the reference the fast one must equal."""
    from resilience_desktop.gis.raster_style import _lut
    lo, hi = style["min"], style["max"]
    span = hi - lo if hi > lo else 1.0
    ok = np.isfinite(values)
    with np.errstate(invalid="ignore"):
        idx = np.clip(((values - lo) / span * 255.0), 0, 255)
    rgb = _lut(style)[np.where(ok, idx, 0).astype(np.uint8)]
    if shade is not None:
        s = np.where(np.isfinite(shade), shade, 0.7)
        rgb = (rgb.astype(np.float32) * (0.35 + 0.65 * s[..., None])).clip(0, 255).astype(np.uint8)
    return np.dstack([rgb, np.where(ok, 255, 0).astype(np.uint8)])


@pytest.mark.parametrize("dtype", ["float32", "float64", "int16", "uint8"])
@pytest.mark.parametrize("mode", ["continuous", "classed"])
def test_colourise_equals_the_plain_ramp_cell_for_cell(dtype, mode):
    rng = np.random.default_rng(14)
    values = (rng.random((60, 90)) * 140 - 20).astype(dtype)
    if values.dtype.kind == "f":
        values[:, :7] = np.nan
        values[3, 30], values[4, 31] = np.inf, -np.inf
    style = {"ramp": "viridis", "mode": mode, "min": 0.0, "max": 100.0, "classes": 6, "hillshade": False}
    shade = rng.random((60, 90))
    shade[0, :] = np.nan
    for sh in (None, shade):
        got = colourise(values, style, sh)
        assert got.shape == (60, 90, 4) and got.dtype == np.uint8 and got.flags.c_contiguous
        assert np.array_equal(got, _colourise_plainly(values, style, sh))


def test_hillshade_lights_slopes_facing_the_sun():
    # a plane rising to the east (x): lit from the north-west, its west-facing slope... faces away
    x = np.tile(np.arange(50, dtype=float) * 30, (50, 1))
    east_up = hillshade(x, 30.0, 30.0)[25, 25]
    west_up = hillshade(x[:, ::-1].copy(), 30.0, 30.0)[25, 25]
    flat = hillshade(np.zeros((5, 5)), 30.0, 30.0)[2, 2]
    assert west_up > flat > east_up
    assert flat == pytest.approx(math.sin(math.radians(45)), abs=1e-6)


def test_map_render_draws_a_dem_and_a_hazard_raster(tmp_path):
    from PySide6.QtGui import QColor, QImage
    dem = samples.dem_geotiff(tmp_path)
    flood = samples.flood_geotiff(tmp_path)
    out = tmp_path / "r.png"
    r = run_cli("map", "render", dem, flood, "-o", out, "--size", "600x400", "--no-basemap", "--json")
    assert r.returncode == 0, r.stderr
    img = QImage(str(out))
    corner = QColor(img.pixel(2, 2)).name()
    assert corner == "#f4f3ef"                                 # outside both rasters: the plain background
    colours = {QColor(img.pixel(x, y)).name() for x in range(0, 600, 10) for y in range(0, 400, 10)}
    assert len(colours) > 30                                   # a ramp, not one flat colour
