"""``resilience-desktop exposure`` (resilience_desktop/cli_exposure.py)."""

from __future__ import annotations

import json

import pytest

from .fixtures import run_cli
from .gis import samples


def test_exposure_json_contract(tmp_path):
    f = samples.exposure_files(tmp_path)
    r = run_cli("exposure", "--hazard", f["zones"], "--class-field", "class", "--classes", "high",
                "--assets", f["facilities"], "--group-field", "kind",
                "--population", f["people"], "--population-field", "count", "--json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert set(doc) == {"crs", "groups", "population_exposed"}
    assert doc["crs"] == "EPSG:32643"
    assert doc["groups"] == [
        {"group": "hospital", "total": 1, "affected": 1, "exposed_length_m": None, "exposed_area_m2": None},
        {"group": "school", "total": 3, "affected": 1, "exposed_length_m": None, "exposed_area_m2": None}]
    assert doc["population_exposed"] == pytest.approx(100.0)


def test_exposure_polygons_and_text(tmp_path):
    f = samples.exposure_files(tmp_path)
    r = run_cli("exposure", "--hazard", f["zones"], "--assets", f["buildings"], "--json")
    doc = json.loads(r.stdout)
    assert doc["groups"][0]["exposed_area_m2"] == pytest.approx(50.0)
    assert doc["groups"][0]["exposed_length_m"] is None and doc["population_exposed"] is None
    r = run_cli("exposure", "--hazard", f["zones"], "--assets", f["buildings"])
    assert r.returncode == 0 and "1 / 2" in r.stdout and "50.0 m²" in r.stdout


@pytest.mark.parametrize("extra, message", [
    (["--classes", "high"], "--classes needs --class-field"),
    (["--class-field", "nope"], "no field 'nope'"),
    (["--population-field", "count"], "together"),
])
def test_exposure_bad_input_exits_2_with_one_line(tmp_path, extra, message):
    f = samples.exposure_files(tmp_path)
    r = run_cli("exposure", "--hazard", f["zones"], "--assets", f["facilities"], *extra)
    assert r.returncode == 2 and message in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_exposure_missing_file_exits_2(tmp_path):
    r = run_cli("exposure", "--hazard", tmp_path / "none.gpkg", "--assets", tmp_path / "none.gpkg")
    assert r.returncode == 2 and "no file" in r.stderr
