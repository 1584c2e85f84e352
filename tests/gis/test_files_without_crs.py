"""Map files that do not say their coordinate system, as they arrive from a survey office: a GeoTIFF
whose georeferencing keys were lost (only its geotransform is left), a Shapefile without its ``.prj``,
and a plain picture with no georeferencing at all.

``layer add --crs`` gives the CRS at import (a raster's stored copy carries it, the user's file is not
touched); ``exposure --hazard-crs/--population-crs`` give it to a raster hazard and population grid;
every contradiction or impossible CRS is one sentence that changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from resilience_desktop.workspace.facade import Workspace

from ..fixtures import run_cli
from . import raster_samples as rs
from . import samples


def _no_crs_twins(folder: Path) -> dict[str, Path]:
    """The flood scenario's depth and population grids twice: as written, and with the CRS stripped."""
    files = rs.flood_scenario_files(folder)
    people = np.full((rs.H, rs.W), 10.0, dtype=np.float32)
    people[0, :] = -9999.0
    files["depth_nocrs"] = rs.write_grid(folder / "depth_nocrs.tif", rs.depth_values(), crs=None)
    files["people_nocrs"] = rs.write_grid(folder / "people_nocrs.tif", people, crs=None)
    return files


def _picture(folder: Path) -> Path:
    """A scanned map: a GeoTIFF with pixels only, neither CRS nor geotransform."""
    import warnings

    import rasterio
    path = folder / "scan.tif"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # rasterio: NotGeoreferencedWarning
        with rasterio.open(path, "w", driver="GTiff", width=40, height=30, count=1, dtype="uint8") as ds:
            ds.write(np.full((30, 40), 200, dtype="uint8"), 1)
    return path


@pytest.fixture
def workspace(tmp_path) -> Path:
    path = tmp_path / "ws.rdw"
    r = run_cli("city", "add", "Алматы", "--country", "KZ", "--lon", "76.9", "--lat", "43.2", "--workspace", path)
    assert r.returncode == 0, r.stderr
    return path


def _rasters(path: Path) -> list:
    with Workspace.open(path, read_only=True) as ws:
        return ws.list_rasters()


def test_a_raster_without_its_crs_is_added_with_the_one_given(tmp_path, workspace):
    files = _no_crs_twins(tmp_path)
    before = files["depth_nocrs"].read_bytes()
    r = run_cli("layer", "add", files["depth_nocrs"], "--workspace", workspace)
    assert r.returncode == 2 and "--crs EPSG:" in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert _rasters(workspace) == []

    r = run_cli("layer", "add", files["depth_nocrs"], "--crs", "EPSG:32643", "--workspace", workspace, "--json")
    assert r.returncode == 0, r.stderr
    (added,) = json.loads(r.stdout)
    assert added["crs"] == "EPSG:32643"
    assert files["depth_nocrs"].read_bytes() == before  # the user's file is not changed
    # the stored copy carries the CRS: the map and exposure read it like a georeferenced file
    twin = run_cli("layer", "add", files["depth"], "--name", "twin", "--workspace", workspace, "--json")
    with Workspace.open(workspace, read_only=True) as ws:
        stored, original = ws.get_raster(added["id"]), ws.get_raster(json.loads(twin.stdout)[0]["id"])
        assert stored.crs == original.crs and stored.bounds == original.bounds
        assert (stored.min, stored.max) == (original.min, original.max)
        with ws.open_raster_dataset(stored.id) as ds:
            assert ds.crs.to_epsg() == 32643


def test_a_raster_that_says_its_crs_or_is_not_placed_at_all_is_refused(tmp_path, workspace):
    files = _no_crs_twins(tmp_path)
    for args, message in (
            ((files["depth"], "--crs", "EPSG:32642"), "already gives its coordinate system"),
            ((files["depth_nocrs"], "--crs", "EPSG:4326"), "cannot be expressed in EPSG:4326"),  # metres as degrees
            ((_picture(tmp_path), "--crs", "EPSG:32643"), "no georeferencing"),
            ((_picture(tmp_path),), "no georeferencing"),
            ((files["depth_nocrs"], "--crs", "EPSG:999999"), "EPSG:999999")):
        r = run_cli("layer", "add", *args, "--workspace", workspace)
        assert r.returncode == 2 and message in r.stderr, (args, r.stderr)
        assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert _rasters(workspace) == []
    # the CRS the file already gives may be repeated
    assert run_cli("layer", "add", files["depth"], "--crs", "EPSG:32643", "--workspace", workspace).returncode == 0


def test_a_shapefile_without_its_prj_gets_the_crs_given(tmp_path, workspace):
    shp = samples.shapefile_cp1251(tmp_path, prj=False)
    r = run_cli("layer", "add", shp, "--crs", "EPSG:32643", "--workspace", workspace, "--json")
    assert r.returncode == 0, r.stderr
    assert "no coordinate system" not in r.stderr  # the warning for a layer left without one
    (layer,) = json.loads(r.stdout)
    assert layer["crs"] == "EPSG:32643"
    with Workspace.open(workspace, read_only=True) as ws:
        assert ws.get_layer(layer["id"]).crs == "EPSG:32643"

    other = tmp_path / "with_prj"
    other.mkdir()
    with_prj = samples.shapefile_cp1251(other)
    r = run_cli("layer", "add", with_prj, "--crs", "EPSG:4326", "--workspace", workspace)
    assert r.returncode == 2 and "already gives its coordinate system" in r.stderr, r.stderr
    with Workspace.open(workspace, read_only=True) as ws:
        assert len(ws.list_layers()) == 1  # nothing added by the refused call


def test_exposure_to_a_raster_hazard_without_its_crs(tmp_path):
    files = _no_crs_twins(tmp_path)
    common = ("--thresholds", "0.5,1,2", "--assets", str(files["schools"]), "--json")
    r = run_cli("exposure", "--hazard", files["depth_nocrs"], *common)
    assert r.returncode == 2 and "--hazard-crs EPSG:" in r.stderr, r.stderr

    reference = run_cli("exposure", "--hazard", files["depth"], "--population", files["people"], *common)
    assert reference.returncode == 0, reference.stderr
    r = run_cli("exposure", "--hazard", files["depth_nocrs"], "--hazard-crs", "EPSG:32643",
                "--population", files["people_nocrs"], *common)
    assert r.returncode == 2 and "--population-crs EPSG:" in r.stderr, r.stderr
    given = run_cli("exposure", "--hazard", files["depth_nocrs"], "--hazard-crs", "EPSG:32643",
                    "--population", files["people_nocrs"], "--population-crs", "EPSG:32643", *common)
    assert given.returncode == 0, given.stderr
    want, got = json.loads(reference.stdout), json.loads(given.stdout)
    assert got["groups"] == want["groups"] and got["crs"] == want["crs"]
    assert got["population_exposed"] == want["population_exposed"] > 0
    (g,) = got["groups"]
    assert g["affected"] == 4  # columns 7, 11, 25 and 38: raster_samples.SCHOOLS

    r = run_cli("exposure", "--hazard", files["depth"], "--hazard-crs", "EPSG:32642", *common)
    assert r.returncode == 2 and "already gives its coordinate system" in r.stderr, r.stderr


def test_map_render_of_a_raster_file_without_its_crs_says_so(tmp_path):
    files = _no_crs_twins(tmp_path)
    out = tmp_path / "map.png"
    r = run_cli("map", "render", files["depth_nocrs"], files["roads"], "-o", out, "--size", "300x200")
    assert r.returncode == 0 and out.is_file(), r.stderr
    assert "depth_nocrs: unknown CRS, not drawn" in r.stderr and "Traceback" not in r.stderr
    alone = tmp_path / "alone.png"  # nothing at all can be drawn: said, and no empty picture written
    r = run_cli("map", "render", files["depth_nocrs"], "-o", alone, "--size", "300x200")
    assert r.returncode == 2 and not alone.exists(), r.stderr
    assert r.stderr.strip() == "resilience-desktop: error: nothing to draw: depth_nocrs: unknown CRS, not drawn " \
                               "(assign one first)"


def test_a_population_grid_without_its_crs_on_another_grid_is_placed_by_the_crs_given(tmp_path):
    """A coarser population grid (50 m cells over the 25 m hazard cells) is warped onto the hazard's grid by
    the CRS given: the same people as the grid that says its CRS; another CRS puts it elsewhere and is said."""
    import rasterio
    from rasterio.transform import from_origin
    files = _no_crs_twins(tmp_path)
    people = np.full((rs.H // 2, rs.W // 2), 40.0, dtype=np.float32)
    grids = {}
    for name, crs in (("with", rs.CRS), ("without", None)):
        grids[name] = tmp_path / f"people50_{name}.tif"
        with rasterio.open(grids[name], "w", driver="GTiff", height=people.shape[0], width=people.shape[1], count=1,
                           dtype="float32", crs=crs, transform=from_origin(rs.X0, rs.Y1, 2 * rs.RES, 2 * rs.RES),
                           nodata=-9999.0) as ds:
            ds.write(people, 1)
    common = ("--hazard", str(files["depth"]), "--thresholds", "0.5,1,2", "--assets", str(files["schools"]), "--json")
    want = run_cli("exposure", *common, "--population", grids["with"])
    got = run_cli("exposure", *common, "--population", grids["without"], "--population-crs", rs.CRS)
    assert want.returncode == 0 and got.returncode == 0, (want.stderr, got.stderr)
    assert json.loads(got.stdout)["population_exposed"] == json.loads(want.stdout)["population_exposed"] > 0
    # the neighbouring UTM zone is 500 km away: no overlap, said instead of "0 people"
    r = run_cli("exposure", *common, "--population", grids["without"], "--population-crs", "EPSG:32642")
    assert r.returncode == 2 and "does not overlap the hazard raster" in r.stderr, r.stderr


def test_a_raster_given_the_wrong_crs_is_mended_with_set_crs_or_removed(tmp_path, workspace):
    files = _no_crs_twins(tmp_path)
    r = run_cli("layer", "add", files["depth_nocrs"], "--crs", "EPSG:32642", "--name", "Глубина", "--workspace",
                workspace, "--json")
    assert r.returncode == 0, r.stderr
    rid = json.loads(r.stdout)[0]["id"]
    r = run_cli("layer", "set-crs", "Глубина", "EPSG:32643", "--workspace", workspace, "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["crs"] == "EPSG:32643"
    with Workspace.open(workspace, read_only=True) as ws:
        raster = ws.get_raster(rid)
        assert raster.crs == "EPSG:32643" and raster.bounds == (rs.X0, rs.Y1 - rs.H * rs.RES, rs.X0 + rs.W * rs.RES, rs.Y1)
        with ws.open_raster_dataset(rid) as ds:   # the stored copy itself, not only the listed CRS
            assert ds.crs.to_epsg() == 32643 and ds.read(1)[5, 7] == np.float32(0.7)
        assert any(c.field == "crs" and c.new_value == "EPSG:32643" for c in ws.history() if c.entity_id == rid)
    r = run_cli("layer", "set-crs", "Глубина", "EPSG:4326", "--workspace", workspace)
    assert r.returncode == 2 and "cannot be expressed in EPSG:4326" in r.stderr, r.stderr
    # a vector layer of the same name: the two are told apart by id
    shp = samples.shapefile_cp1251(tmp_path)
    assert run_cli("layer", "add", shp, "--name", "Глубина", "--workspace", workspace).returncode == 0
    r = run_cli("layer", "remove", "Глубина", "--workspace", workspace)
    assert r.returncode == 2 and "both named 'Глубина'" in r.stderr, r.stderr
    r = run_cli("layer", "remove", rid, "--workspace", workspace, "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["removed"] == rid, r.stderr
    assert _rasters(workspace) == []


def test_a_raster_given_another_zones_crs_is_said_to_lie_far_from_the_city(tmp_path, workspace):
    files = _no_crs_twins(tmp_path)
    r = run_cli("layer", "add", files["depth_nocrs"], "--crs", "EPSG:3857", "--workspace", workspace)
    assert r.returncode == 0, r.stderr   # added (the user may mean it), and said
    assert "km from Алматы: check its coordinate system (EPSG:3857)" in r.stderr, r.stderr
    r = run_cli("layer", "add", files["depth_nocrs"], "--crs", rs.CRS, "--workspace", workspace)
    assert r.returncode == 0 and "km from" not in r.stderr, r.stderr


def test_layer_info_says_what_a_raster_lacks_and_writes_its_numbers_plainly(tmp_path):
    files = _no_crs_twins(tmp_path)
    r = run_cli("--lang", "ru", "layer", "info", files["depth_nocrs"])
    assert r.returncode == 0, r.stderr
    assert "layer add --crs EPSG:" in r.stderr
    assert "нет данных: -9999\n" in r.stdout and "значения: 0 .. 3,9\n" in r.stdout, r.stdout
    r = run_cli("layer", "info", _picture(tmp_path))
    assert r.returncode == 0 and "no georeferencing" in r.stderr, r.stderr
    assert "no-data: —\n" in r.stdout and "None" not in r.stdout, r.stdout
    r = run_cli("layer", "info", files["depth"], "--json")   # the JSON keeps the numbers as they are
    assert r.returncode == 0 and r.stderr == ""
    assert json.loads(r.stdout)["raster"]["nodata"] == -9999.0


def test_exposure_text_writes_classes_and_its_own_crs_for_people(tmp_path):
    files = _no_crs_twins(tmp_path)
    common = ("--hazard", str(files["depth"]), "--thresholds", "0.5,1,2", "--assets", str(files["schools"]))
    r = run_cli("--lang", "ru", "exposure", *common)
    assert r.returncode == 0, r.stderr
    assert "классы: 0,5-1, 1-2, 2+" in r.stdout and "(0,5-1: 1, 1-2: 1, 2+: 2)" in r.stdout, r.stdout
    r = run_cli("--lang", "ru", "exposure", *common, "--json")      # the JSON's keys stay as they were
    assert set(json.loads(r.stdout)["groups"][0]["by_class"]) == {"0.5-1", "1-2", "2+"}
    # a hazard in another UTM zone's system than the assets: the analysis runs in its own CRS round the data,
    # named in words rather than as a PROJ string
    r = run_cli("exposure", "--hazard", files["depth_nocrs"], "--hazard-crs", "EPSG:32642", "--thresholds", "0.5",
                "--assets", files["schools"])
    assert r.returncode == 0, r.stderr
    assert "CRS: azimuthal equidistant, centred on" in r.stdout and "+proj" not in r.stdout, r.stdout


def test_the_saved_table_has_the_people_of_each_raster_class(tmp_path):
    import csv

    import openpyxl
    files = _no_crs_twins(tmp_path)
    common = ("--hazard", str(files["depth"]), "--thresholds", "0.5,1,2", "--assets", str(files["schools"]),
              "--population", str(files["people"]))
    shown = json.loads(run_cli("exposure", *common, "--json").stdout)
    for out in (tmp_path / "r.csv", tmp_path / "r.xlsx"):
        r = run_cli("exposure", *common, "-o", out)
        assert r.returncode == 0, r.stderr
        if out.suffix == ".csv":
            rows = list(csv.reader(out.read_text("utf-8-sig").splitlines()))
        else:
            rows = [[c for c in row] for row in openpyxl.load_workbook(out).worksheets[0].iter_rows(values_only=True)]
        by_class = {row[0]: float(row[1]) for row in rows if row and str(row[0]).startswith("Population exposed, class")}
        assert sum(by_class.values()) == pytest.approx(shown["population_exposed"], abs=2)
        assert set(by_class) == {"Population exposed, class 0.5-1", "Population exposed, class 1-2",
                                 "Population exposed, class 2+"}


def test_the_same_file_added_twice_is_said(tmp_path, workspace):
    """A second `layer add` of the same file doubles every count on the map and in an exposure: added (a user
    may mean it), and said."""
    files = _no_crs_twins(tmp_path)
    first = run_cli("layer", "add", files["schools"], "--workspace", workspace, "--json")
    assert first.returncode == 0 and "twice" not in first.stderr, first.stderr
    again = run_cli("layer", "add", files["schools"], "--workspace", workspace)
    assert again.returncode == 0
    layer_id = json.loads(first.stdout)[0]["id"]
    assert f"the same features were already added from schools.shp as schools ({layer_id})" in again.stderr
    assert run_cli("layer", "add", files["roads"], "--workspace", workspace).stderr.count("twice") == 0
    raster = run_cli("layer", "add", files["depth"], "--workspace", workspace, "--json")
    r = run_cli("layer", "add", files["depth"], "--name", "again", "--workspace", workspace)
    assert r.returncode == 0 and f"({json.loads(raster.stdout)[0]['id']}); the map now holds it twice" in r.stderr
