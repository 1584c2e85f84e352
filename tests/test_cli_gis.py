"""The ``layer`` and ``map`` commands (resilience_desktop/cli_gis.py): JSON contract, exit codes."""

from __future__ import annotations

import json
import re

import pytest
from PySide6.QtGui import QImage

from .fixtures import run_cli
from .gis import samples

INFO_KEYS = {"name", "feature_count", "geometry_types", "crs", "bounds", "bounds_wgs84", "invalid_geometries",
             "encoding"}


def test_layer_info_json_contract(tmp_path):
    r = run_cli("layer", "info", samples.geopackage_two_layers(tmp_path), "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert set(data) == {"driver", "layers"} and data["driver"] == "GPKG"
    roads, zones = data["layers"]
    assert set(roads) == set(zones) == INFO_KEYS
    assert (zones["name"], zones["feature_count"], zones["geometry_types"], zones["crs"], zones["bounds"],
            zones["invalid_geometries"], zones["encoding"]) == \
        ("zones", 5, ["MultiPolygon", "Polygon"], "EPSG:32643", [0.0, 0.0, 13.0, 13.0], 1, "UTF-8")
    lon0, lat0, lon1, lat1 = zones["bounds_wgs84"]
    assert 70.51 < lon0 < lon1 < 70.52 and lat0 == pytest.approx(0, abs=1e-6)


def test_layer_info_unknown_crs_and_encoding_override(tmp_path):
    shp = samples.shapefile_cp1251(tmp_path, cpg=False, prj=False)
    r = run_cli("layer", "info", shp, "--json", "--encoding", "cp1251")
    (layer,) = json.loads(r.stdout)["layers"]
    assert (layer["crs"], layer["bounds_wgs84"], layer["encoding"]) == (None, None, "CP1251")
    r = run_cli("layer", "info", shp)
    assert r.returncode == 0 and "UNKNOWN" in r.stdout


def test_layer_texts_in_russian(tmp_path):
    """layer info / add / list speak the language asked for (they were English under --lang ru)."""
    shp = samples.shapefile_cp1251(tmp_path, cpg=False, prj=False)
    text = run_cli("--lang", "ru", "layer", "info", shp, "--encoding", "cp1251").stdout
    assert "Система координат: НЕИЗВЕСТНА (назначьте её перед использованием)" in text and "кодировка: CP1251" in text
    tif = samples.flood_geotiff(tmp_path)
    raster = run_cli("--lang", "ru", "layer", "info", tif).stdout
    ws = tmp_path / "w.rdw"
    run_cli("city", "add", "Бишкек", "--country", "KG", "--workspace", ws)
    added = run_cli("--lang", "ru", "layer", "add", samples.geopackage_two_layers(tmp_path), "--workspace", ws).stdout
    run_cli("layer", "add", tif, "--workspace", ws)
    listed = run_cli("--lang", "ru", "layer", "list", "--workspace", ws).stdout
    assert "5 объектов" in added and "растр 300 × 200" in listed and "виден" in listed
    for out in (text, raster, added, listed):
        english = re.findall(r"\b(?:features?|bounds|encoding|raster|cells|band|values|visible|hidden|UNKNOWN|map)\b", out)
        assert not english, (english, out)


def test_layer_info_one_layer(tmp_path):
    r = run_cli("layer", "info", samples.geopackage_two_layers(tmp_path), "--layer", "roads", "--json")
    assert [x["name"] for x in json.loads(r.stdout)["layers"]] == ["roads"]


@pytest.mark.parametrize("make", [lambda d: samples.truncated(samples.geopackage_two_layers(d), 0.3),
                                  lambda d: d / "missing.gpkg"])
def test_unreadable_file_exits_2_with_one_line(tmp_path, make):
    r = run_cli("layer", "info", make(tmp_path), "--json")
    assert r.returncode == 2
    assert r.stdout == ""
    assert r.stderr.startswith("resilience-desktop: error: ") and r.stderr.count("\n") == 1
    assert "Traceback" not in r.stderr


def test_layer_add_list_and_set_crs(tmp_path):
    ws = tmp_path / "w.rdw"
    run_cli("city", "add", "Testgrad", "--country", "KG", "--workspace", ws)
    r = run_cli("layer", "add", samples.shapefile_cp1251(tmp_path, prj=False), "--workspace", ws, "--json")
    assert r.returncode == 0, r.stderr
    (added,) = json.loads(r.stdout)
    assert added["crs"] is None and added["feature_count"] == 3
    assert "districts has no coordinate system (no .prj)" in r.stderr and "layer set-crs districts" in r.stderr
    r = run_cli("layer", "set-crs", "districts", "EPSG:32643", "--workspace", ws)
    assert r.returncode == 0, r.stderr
    listing = json.loads(run_cli("layer", "list", "--workspace", ws, "--json").stdout)
    assert [(x["name"], x["crs"]) for x in listing["layers"]] == [("districts", "EPSG:32643")]
    # metres called degrees would leave the map nowhere on earth (and the map view unable to open)
    r = run_cli("layer", "set-crs", listing["layers"][0]["id"], "EPSG:4326", "--workspace", ws)
    assert r.returncode == 2 and "the layer's extent cannot be expressed in EPSG:4326" in r.stderr
    # the same file imported again: the name no longer says which, and the message says so
    assert run_cli("layer", "add", samples.shapefile_cp1251(tmp_path, prj=False), "--workspace", ws).returncode == 0
    r = run_cli("layer", "set-crs", "districts", "EPSG:32643", "--workspace", ws)
    assert r.returncode == 2 and "several layers are named 'districts'; give the one you mean by its id" in r.stderr


def test_a_shapefile_that_lost_its_dbf_is_said_and_a_spaced_name_quoted(tmp_path):
    # a GIS trial's: a zip without its .dbf was read as "10 features, encoding 1251" and added with no attributes
    # in silence; the set-crs hint for "Школы без prj" could not be pasted as written
    shp = samples.shapefile_cp1251(tmp_path, prj=False)
    shp.with_suffix(".dbf").unlink()
    z = samples.zipped(shp, tmp_path / "districts.zip")
    r = run_cli("--lang", "ru", "layer", "info", z, "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["layers"][0]["feature_count"] == 3  # the contract's keys
    assert "districts.shp: рядом нет .dbf" in r.stderr, r.stderr
    ws = tmp_path / "w.rdw"
    run_cli("city", "add", "Testgrad", "--country", "KG", "--workspace", ws)
    r = run_cli("layer", "add", z, "--name", "Schools without prj", "--workspace", ws)
    assert r.returncode == 0 and "read without attributes" in r.stderr
    assert "'layer set-crs \"Schools without prj\" EPSG:…'" in r.stderr, r.stderr


def test_a_layer_thousands_of_km_from_the_city_is_said(tmp_path):
    # a GIS trial's: zones written in EPSG:32637 with the city's numbers were added in silence, and the map zoomed
    # out to the Caspian
    import shapely
    ws = tmp_path / "w.rdw"
    run_cli("city", "add", "Almaty", "--country", "KZ", "--lon", "76.95", "--lat", "43.24", "--workspace", ws)
    near = run_cli("layer", "add", samples.shapefile_cp1251(tmp_path), "--workspace", ws)
    assert near.returncode == 0 and "warning" not in near.stderr, near.stderr
    far = samples._write(tmp_path / "far.geojson", [shapely.Point(x, y) for x, y in samples.UTM_POINTS],
                         {"name": ["a", "b", "c"]}, geometry_type="Point", crs="EPSG:32637")
    r = run_cli("--lang", "ru", "layer", "add", far, "--workspace", ws)
    assert r.returncode == 0 and "км от Almaty: проверьте систему координат слоя (EPSG:32637)" in r.stderr, r.stderr


def test_a_layer_is_removed_from_the_command_line(tmp_path):
    # a GIS trial's: a layer added by mistake could only be taken out in the window
    ws = tmp_path / "w.rdw"
    run_cli("city", "add", "Testgrad", "--country", "KG", "--workspace", ws)
    run_cli("layer", "add", samples.shapefile_cp1251(tmp_path), "--workspace", ws)
    before = ws.read_bytes()
    r = run_cli("layer", "remove", "nope", "--workspace", ws)
    assert r.returncode == 2 and "nope" in r.stderr and ws.read_bytes() == before
    r = run_cli("layer", "remove", "districts", "--workspace", ws, "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["name"] == "districts"
    assert json.loads(run_cli("layer", "list", "--workspace", ws, "--json").stdout)["layers"] == []


def test_map_render_files_to_png(tmp_path):
    out = tmp_path / "map.png"
    r = run_cli("map", "render", samples.geopackage_two_layers(tmp_path), samples.csv_points(tmp_path),
                "-o", out, "--size", "320x200", "--crs", "EPSG:32643", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["crs"] == "EPSG:32643" and data["size"] == [320, 200]
    image = QImage(str(out))
    assert (image.width(), image.height()) == (320, 200)
    colours = {image.pixel(x, y) for x in range(0, 320, 4) for y in range(0, 200, 4)}
    assert len(colours) > 3                                 # something besides the background was drawn


def test_map_render_workspace_layers_by_name_rasters_too(tmp_path):
    ws = tmp_path / "w.rdw"
    run_cli("city", "add", "Testgrad", "--country", "KG", "--workspace", ws)
    for path in (samples.shapefile_cp1251(tmp_path), samples.flood_geotiff(tmp_path)):
        assert run_cli("layer", "add", path, "--workspace", ws).returncode == 0
    out = tmp_path / "map.png"
    r = run_cli("map", "render", "districts", "flood_depth", "--workspace", ws, "-o", out, "--size", "200x120",
                "--no-basemap", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["points"] == 3
    r = run_cli("map", "render", "flood_depth", "--workspace", ws, "-o", out, "--size", "200x120",
                "--no-basemap", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["points"] == 0                # only the raster named is drawn
    image = QImage(str(out))
    assert len({image.pixel(x, y) for x in range(0, 200, 4) for y in range(0, 120, 4)}) > 3
    # a trial's: naming only a vector layer drew the workspace's raster too
    from resilience_desktop.gis.scene import scene_from_workspace
    from resilience_desktop.workspace.facade import Workspace
    with Workspace.open(ws, read_only=True) as w:
        assert [r.name for r in scene_from_workspace(w, names=["districts"]).rasters] == []
        assert [r.name for r in scene_from_workspace(w, names=["flood_depth"]).rasters] == ["flood_depth"]
        assert [r.name for r in scene_from_workspace(w).rasters] == ["flood_depth"]  # every visible one


def test_map_render_with_a_legend_names_each_layer_with_its_colours(tmp_path):
    """``--legend`` draws the Export map image legend (top left): a swatch per layer and per raster class."""
    from resilience_desktop.gis.raster_style import raster_legend
    from resilience_desktop.gis.scene import scene_from_workspace
    from resilience_desktop.workspace.facade import Workspace
    ws = tmp_path / "w.rdw"
    run_cli("city", "add", "Testgrad", "--country", "KG", "--workspace", ws)
    for path in (samples.shapefile_cp1251(tmp_path), samples.flood_geotiff(tmp_path)):
        assert run_cli("layer", "add", path, "--workspace", ws).returncode == 0
    plain, legend = tmp_path / "plain.png", tmp_path / "legend.png"
    common = ("districts", "flood_depth", "--workspace", ws, "--size", "900x600", "--no-basemap", "--json")
    r = run_cli("map", "render", *common, "-o", plain)
    assert r.returncode == 0, r.stderr
    r = run_cli("map", "render", *common, "-o", legend, "--legend")
    assert r.returncode == 0, r.stderr
    assert set(json.loads(r.stdout)) == {"path", "crs", "size", "polygons", "lines", "points", "labels"}
    with Workspace.open(ws, read_only=True) as w:
        scene = scene_from_workspace(w, names=["districts", "flood_depth"], basemap=False)
    swatches = [scene.layers[0].colours[0]] + [c for _l, c in raster_legend(scene.rasters[0].style)]
    # rows of 20 px from y = 18: the layer's title with its swatch at x = 20, the raster's title, its classes at x = 32
    centres = [(27, 18 + 9)] + [(39, 18 + 20 * (k + 2) + 9) for k in range(len(swatches) - 1)]
    drawn, under = QImage(str(legend)), QImage(str(plain))
    for (x, y), colour in zip(centres, swatches):
        assert drawn.pixelColor(x, y).name() == colour.lower(), (x, y, colour)
    assert any(drawn.pixel(x, y) != under.pixel(x, y) for x, y in centres)
    # the data is fitted beside the legend (12 + 300 px wide), not under it; without the legend it is centred
    background = drawn.pixel(4, 4)

    def leftmost(image) -> int:  # the leftmost drawn pixel between the legend box and the scale bar
        return min(x for x in range(0, 900, 2) for y in range(140, 540, 2) if image.pixel(x, y) != background)
    assert leftmost(drawn) > 312 and leftmost(under) < leftmost(drawn)


def test_map_render_usage_errors(tmp_path):
    gpkg = samples.geopackage_two_layers(tmp_path)
    # an extent in degrees on a map in metres: an empty picture, now with a warning (a trial)
    r = run_cli("map", "render", gpkg, "-o", tmp_path / "e.png", "--extent", "74.5,42.8,74.7,42.9", "--size", "64x64")
    assert r.returncode == 0 and "nothing was drawn: no layer falls inside --extent" in r.stderr, r.stderr
    assert run_cli("map", "render", gpkg, "-o", tmp_path / "x.jpg").returncode == 2
    assert run_cli("map", "render", gpkg, "-o", tmp_path / "x.png", "--size", "big").returncode == 2
    r = run_cli("map", "render", tmp_path / "nowhere.gpkg", "-o", tmp_path / "x.png")
    assert r.returncode == 2 and "no file at" in r.stderr
    r = run_cli("map", "render", gpkg, "-o", tmp_path / "x.png", "--labels", "zonez:class")  # a typo: the names said
    assert r.returncode == 2 and "no layer named 'zonez' among the files drawn; their layers: roads, zones" in r.stderr


def test_map_render_with_an_mbtiles_basemap(tmp_path):
    out = tmp_path / "map.png"
    r = run_cli("map", "render", samples.csv_points(tmp_path), "-o", out, "--size", "200x120",
                "--basemap", samples.mbtiles(tmp_path, (40, 160, 60)))
    assert r.returncode == 0, r.stderr
    image = QImage(str(out))
    assert image.pixelColor(100, 5).getRgb()[:3] == (40, 160, 60)   # the basemap shows round the points


def test_the_built_in_basemaps_places_are_drawn_over_a_raster(tmp_path):
    """Almaty's symbol is not hidden under a raster covering it (its label is drawn over it anyway)."""
    import numpy as np
    import shapely

    from resilience_desktop.gis.basemap import PLACE_TIERS
    from resilience_desktop.gis.crs import transform_geometries
    x, y = shapely.get_coordinates(transform_geometries(np.array([shapely.Point(76.9115, 43.25249)]), "EPSG:4326",
                                                        "EPSG:32643"))[0]
    out = tmp_path / "almaty.png"
    r = run_cli("map", "render", samples.dem_geotiff(tmp_path), "-o", out, "--size", "400x400", "--crs", "EPSG:32643",
                "--extent", f"{x - 8000},{y - 8000},{x + 8000},{y + 8000}")
    assert r.returncode == 0, r.stderr
    centre = QImage(str(out)).pixelColor(200, 200)
    assert centre.name() == PLACE_TIERS[0].colour   # the capital's dot, not the elevation ramp
