"""``resilience-desktop exposure`` (resilience_desktop/cli_exposure.py)."""

from __future__ import annotations

import json
import re

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
        {"group": "hospital", "total": 1, "affected": 1, "exposed_length_m": None, "exposed_area_m2": None,
         "min_distance_m": 0.0},
        {"group": "school", "total": 3, "affected": 1, "exposed_length_m": None, "exposed_area_m2": None,
         "min_distance_m": 0.0}]
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
    (["--class-field", "class", "--classes", "high,hihg"], "no class 'hihg' in class; its classes: high, low"),
    (["--population-field", "count"], "together"),
])
def test_exposure_bad_input_exits_2_with_one_line(tmp_path, extra, message):
    f = samples.exposure_files(tmp_path)
    r = run_cli("exposure", "--hazard", f["zones"], "--assets", f["facilities"], *extra)
    assert r.returncode == 2 and message in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_exposure_missing_file_exits_2(tmp_path):
    r = run_cli("exposure", "--hazard", tmp_path / "none.gpkg", "--assets", tmp_path / "none.gpkg")
    assert r.returncode == 2 and "no file" in r.stderr


def _faults_and_hospitals(tmp_path):
    """A fault line (UTM 43N) and hospitals 500 m, 1.5 km and 4 km east of it (WGS 84)."""
    import shapely

    from resilience_desktop.gis.crs import transform_geometries
    fault = samples._write(tmp_path / "faults.gpkg", [shapely.LineString([(500_000, 4_700_000), (500_000, 4_710_000)])],
                           {"name": ["Issyk-Ata"]}, geometry_type="LineString", crs="EPSG:32643")
    pts = transform_geometries(shapely.points([(500_500, 4_705_000), (501_500, 4_705_000), (504_000, 4_705_000)]),
                               "EPSG:32643", "EPSG:4326")
    hosp = samples._write(tmp_path / "hospitals.geojson", list(pts), {"kind": ["hospital"] * 3},
                          geometry_type="Point", crs="EPSG:4326")
    return fault, hosp


def test_line_hazard_without_buffer_exits_2_instead_of_zero_affected(tmp_path):
    fault, hosp = _faults_and_hospitals(tmp_path)
    r = run_cli("exposure", "--hazard", fault, "--assets", hosp)
    assert r.returncode == 2 and r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1 and "give a buffer distance" in r.stderr
    r = run_cli("exposure", "--hazard", fault, "--assets", hosp, "--buffer", "0", "--json")
    assert r.returncode == 2 and r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1 and "a buffer of 0 m around lines covers no area" in r.stderr


def test_buffer_and_bands_json(tmp_path):
    fault, hosp = _faults_and_hospitals(tmp_path)
    r = run_cli("exposure", "--hazard", fault, "--assets", hosp, "--buffer", "2000", "--bands", "1000,2000,5000",
                "--json")
    assert r.returncode == 0, r.stderr
    g = json.loads(r.stdout)["groups"][0]
    assert g["affected"] == 2 and g["total"] == 3
    assert g["min_distance_m"] == pytest.approx(500.0, abs=0.5)
    assert g["bands"] == {"0-1000": 1, "1000-2000": 1, "2000-5000": 1}
    r = run_cli("exposure", "--hazard", fault, "--assets", hosp, "--buffer", "two km")
    assert r.returncode == 2 and "--buffer must be metres" in r.stderr


def test_raster_hazard_cli(tmp_path):
    import csv
    import io

    import numpy as np

    from .gis.test_raster import X0, Y1, write_tif
    v = np.tile(np.arange(10) * 0.5, (10, 1))
    v[0, :] = -9999.0
    depth = write_tif(tmp_path / "depth.tif", v)
    import shapely
    pts = samples._write(tmp_path / "schools.geojson", list(shapely.points([(X0 + 25, Y1 - 45), (X0 + 95, Y1 - 45),
                                                                             (X0 + 5, Y1 - 45)])),
                         {"kind": ["school"] * 3}, geometry_type="Point", crs="EPSG:32643")
    r = run_cli("exposure", "--hazard", depth, "--thresholds", "1,2,4", "--assets", pts, "--json")
    assert r.returncode == 0, r.stderr
    g = json.loads(r.stdout)["groups"][0]
    assert (g["affected"], g["max_value"], g["by_class"]) == (2, 4.5, {"1-2": 1, "2-4": 0, "4+": 1})
    assert g["mean_value"] == pytest.approx(5.5 / 3, abs=1e-3) and "min_distance_m" in g
    out = tmp_path / "r.csv"
    assert run_cli("exposure", "--hazard", depth, "--thresholds", "1,2,4", "--assets", pts, "-o", out).returncode == 0
    facts = _facts(out)
    assert facts["Hazard raster"] == f"depth.tif (sha256 {_sha(depth)})" and facts["Thresholds"] == "1, 2, 4"
    assert facts["Assets"] == f"schools.geojson (sha256 {_sha(pts)})"
    assert run_cli("exposure", "--hazard", depth, "--thresholds", "0.5,2", "--assets", pts, "-o", out,
                   "--csv-separator", "semicolon").returncode == 0
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig")), delimiter=";"))
    assert ["Thresholds", "0,5; 2"] in rows  # beside decimal commas, not "0.5, 2"
    r = run_cli("exposure", "--hazard", depth, "--assets", pts)
    assert r.returncode == 2 and "needs --thresholds" in r.stderr
    # a GIS trial's: a school on the no-data row was counted "not affected", as if known to be safe
    more = samples._write(tmp_path / "more.geojson", list(shapely.points([(X0 + 25, Y1 - 45), (X0 + 25, Y1 - 5)])),
                          {"kind": ["school"] * 2}, geometry_type="Point", crs="EPSG:32643")
    r = run_cli("exposure", "--hazard", depth, "--thresholds", "1,2,4", "--assets", more, "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["groups"][0]["affected"] == 1
    assert "1 of the assets have no value under them (outside the raster or on its no-data)" in r.stderr
    assert "none has one" not in r.stderr


def test_a_hazard_thousands_of_km_away_is_said_not_reported_as_zero(tmp_path):
    # a GIS trial's: zones written in EPSG:32637 with the city's numbers (UTM 43N), so thousands of km west of the
    # city, gave "0 / 10 affected" and exit 0
    files = samples.exposure_files(tmp_path)
    zones = samples._write(tmp_path / "far.geojson", [samples.ex_box(0, 0, 100, 100)], {"class": ["high"]},
                           geometry_type="Polygon", crs="EPSG:32637")
    r = run_cli("--lang", "ru", "exposure", "--hazard", zones, "--assets", files["facilities"], "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["groups"][0]["affected"] == 0
    assert "км от ближайшего объекта" in r.stderr, r.stderr
    near = run_cli("exposure", "--hazard", files["zones"], "--assets", files["facilities"])
    assert near.returncode == 0 and "warning" not in near.stderr


def _sha(path) -> str:
    import hashlib
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def _facts(path) -> dict[str, str]:
    """The rows above the table of an ``exposure -o`` CSV: what was computed, when, from which files."""
    import csv
    rows = list(csv.reader(open(path, encoding="utf-8-sig")))
    return {row[0]: row[1] for row in rows[:rows.index([])]}


def test_result_table_as_csv_and_xlsx(tmp_path):
    import csv

    import openpyxl
    fault, hosp = _faults_and_hospitals(tmp_path)
    out_csv, out_xlsx = tmp_path / "r.csv", tmp_path / "r.xlsx"
    for out in (out_csv, out_xlsx):
        r = run_cli("exposure", "--hazard", fault, "--assets", hosp, "--buffer", "2000", "--bands", "1000,2000",
                    "--group-field", "kind", "-o", out)
        assert r.returncode == 0, r.stderr
    rows = list(csv.reader(out_csv.open(encoding="utf-8-sig")))
    # The run and its inputs first, each file with its sha256 (the same facts as a workspace run's evidence).
    facts = _facts(out_csv)
    assert len(facts["Computed"]) == 16 and facts["CRS"] == "EPSG:32643" and facts["Buffer (m)"] == "2000.0"
    assert facts["Hazard layer"] == f"faults.gpkg (sha256 {_sha(fault)})"
    assert facts["Assets"] == f"hospitals.geojson (sha256 {_sha(hosp)})"
    head = next(i for i, row in enumerate(rows) if row and row[0] == "Asset group")
    assert rows[head + 1][:4] == ["hospital", "2", "3", "66.7"]
    assert rows[head + 2][:2] == ["    0-1000 m", "1"] and rows[head + 3][:2] == ["    1000-2000 m", "1"]
    ws = openpyxl.load_workbook(out_xlsx).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    i = next(i for i, row in enumerate(values) if row[0] == "Asset group")
    assert values[i + 1][:4] == ["hospital", 2, 3, 0.667] and values[i + 1][6] == pytest.approx(500.0, abs=1)
    assert ws.cell(i + 2, 4).number_format == "0.0%"  # the share a spreadsheet keeps, shown as 66.7%
    r = run_cli("exposure", "--hazard", fault, "--assets", hosp, "--buffer", "2000", "-o", tmp_path / "r.txt")
    assert r.returncode == 2 and "--output must end" in r.stderr


def test_exposure_and_search_text_in_russian(tmp_path):
    """The tables people read on the command line in the language asked for, numbers as it writes them
    (they were English under --lang ru)."""
    f = samples.exposure_files(tmp_path)
    out = run_cli("--lang", "ru", "exposure", "--hazard", f["zones"], "--assets", f["facilities"],
                  "--group-field", "kind", "--bands", "100,500").stdout
    assert out.splitlines()[0] == "Система координат: EPSG:32643"
    assert "затронуто 2 / 3" in out and "до ближайшей опасности 0 м" in out and "[0-100 м: 2" in out
    tif = samples.flood_geotiff(tmp_path)
    raster = run_cli("--lang", "ru", "exposure", "--hazard", tif, "--thresholds", "0.5,1,2",
                     "--assets", f["facilities"]).stdout
    assert "классы: " in raster and "среднее" in raster
    ws = tmp_path / "w.rdw"
    run_cli("city", "add", "Бишкек", "--country", "KG", "--workspace", ws)
    assert run_cli("--lang", "ru", "search", "паводок", "--workspace", ws).stdout.strip() == \
        "ничего не найдено по запросу 'паводок'"
    for text in (out, raster):
        english = re.findall(r"\b(?:CRS|affected|nearest|classes|mean|max|population|nothing)\b", text)
        assert not english, (english, text)


def test_written_tables_keep_numbers_as_numbers(tmp_path):
    """A trial found the population exposed written as the text "630,751" (630.751 to a Russian
    reader) and the share without its unit."""
    import csv
    import io

    import shapely
    from openpyxl import load_workbook

    f = samples.exposure_files(tmp_path)
    people = samples._write(tmp_path / "many.geojson", list(shapely.points(samples.ex_xy([(10, 10), (150, 10)]))),
                            {"count": [630_000, 751]}, geometry_type="Point", crs="EPSG:32643")
    args = ["--hazard", f["zones"], "--assets", f["facilities"], "--group-field", "kind",
            "--population", people, "--population-field", "count"]
    for lang in ("en", "ru"):
        assert run_cli("--lang", lang, "exposure", *args, "-o", tmp_path / f"t-{lang}.csv").returncode == 0
        rows = list(csv.reader(io.StringIO((tmp_path / f"t-{lang}.csv").read_text("utf-8-sig"))))
        assert [r for r in rows if r and r[1] == "630751"], rows
        assert any(r[:1] == ["hospital"] and r[3] == "100.0" for r in rows)
    assert ["Группа объектов", "Затронуто", "Всего", "Доля в зоне, %"] in [r[:4] for r in rows]  # the last, in Russian
    # for a Russian Excel: semicolons, and the share with a decimal comma (a number there, not a date or text)
    assert run_cli("--lang", "ru", "exposure", *args, "-o", tmp_path / "t-ru-excel.csv",
                   "--csv-separator", "semicolon").returncode == 0
    rows = list(csv.reader(io.StringIO((tmp_path / "t-ru-excel.csv").read_text("utf-8-sig")), delimiter=";"))
    assert [r for r in rows if r and r[1] == "630751"], rows
    assert ["school", "2", "3", "66,7"] in [r[:4] for r in rows]
    # the facts above the table too: a buffer of 12.5 m was "12.5", a date (12 May) to a Russian Excel
    fault, hosp = _faults_and_hospitals(tmp_path)
    assert run_cli("exposure", "--hazard", fault, "--assets", hosp, "--buffer", "12.5", "-o", tmp_path / "b.csv",
                   "--csv-separator", "semicolon").returncode == 0
    facts = dict(r[:2] for r in csv.reader(io.StringIO((tmp_path / "b.csv").read_text("utf-8-sig")), delimiter=";")
                 if len(r) >= 2)
    assert facts["Buffer (m)"] == "12,5"
    r = run_cli("exposure", *args, "-o", tmp_path / "t.xlsx", "--csv-separator", "semicolon")
    assert r.returncode == 2 and "(-o FILE.csv); nothing was written" in r.stderr and not (tmp_path / "t.xlsx").exists()
    assert run_cli("exposure", *args, "-o", tmp_path / "t.xlsx").returncode == 0
    ws = load_workbook(tmp_path / "t.xlsx").worksheets[0]
    values = {r[0]: r for r in ws.iter_rows(values_only=True) if r and r[0]}
    assert values["Population exposed"][1] == 630751
    share = next(c for row in ws.iter_rows() for c in row if row[0].value == "school" and c.column == 4)
    assert share.value == pytest.approx(2 / 3, abs=1e-3) and share.number_format == "0.0%"


def test_a_decimal_comma_threshold_is_refused_not_read_as_two(tmp_path):
    """--thresholds 0,5 (0.5 with a Russian decimal comma) ran with 0 and 5 and exited 0."""
    f = samples.exposure_files(tmp_path)
    r = run_cli("--lang", "ru", "exposure", "--hazard", samples.flood_geotiff(tmp_path), "--thresholds", "0,5",
                "--assets", f["facilities"])
    assert r.returncode == 2 and "пишите через точку" in r.stderr, r.stderr


def test_files_without_a_prj_or_with_a_wrong_cpg_can_be_analysed(tmp_path):
    """A trial: exposure had no way to give a file without a .prj its CRS, nor a wrong .cpg its
    encoding (the message called the file damaged)."""
    f = samples.exposure_files(tmp_path)
    shp = samples.shapefile_cp1251(tmp_path, prj=False)                    # points, UTM 43N, cp1251
    r = run_cli("exposure", "--hazard", f["zones"], "--assets", shp)
    assert r.returncode == 2 and "give it with --assets-crs EPSG:" in r.stderr, r.stderr
    r = run_cli("exposure", "--hazard", f["zones"], "--assets", shp, "--assets-crs", "EPSG:32643", "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["crs"] == "EPSG:32643", r.stderr
    assert run_cli("exposure", "--hazard", f["zones"], "--assets", shp, "--assets-crs", "EPSG:99999").returncode == 2
    shp.with_suffix(".cpg").write_text("UTF-8")                              # says UTF-8, holds cp1251
    r = run_cli("layer", "info", shp)
    assert r.returncode == 2 and "not in the encoding it declares" in r.stderr and "damaged" not in r.stderr
    r = run_cli("exposure", "--hazard", f["zones"], "--assets", shp, "--assets-crs", "EPSG:32643",
                "--encoding", "cp1251", "--group-field", "name", "--json")
    assert r.returncode == 0, r.stderr
    assert sorted(g["group"] for g in json.loads(r.stdout)["groups"]) == sorted(samples.NAMES_RU)  # read as cp1251
