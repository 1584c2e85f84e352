"""Select by attribute and export the selection (GeoPackage with a schema, CSV)."""

from __future__ import annotations

import csv

import numpy as np
import pyogrio
import pytest
import shapely

from resilience_desktop.errors import GisError, InvalidInputError
from resilience_desktop.gis.export import export_features
from resilience_desktop.gis.selection import matching, parse_expression


def test_matching_compares_numbers_as_numbers_and_text_case_blind():
    pop = [10, 2, 150, None, 1000]
    assert matching(pop, ">=", "100").tolist() == [False, False, True, False, True]
    assert matching(pop, "!=", "10").tolist() == [False, True, True, True, True]
    assert matching(pop, "is empty", "").tolist() == [False, False, False, True, False]
    names = ["Ленинский", "Октябрьский", "", None]
    assert matching(names, "contains", "ОКТ").tolist() == [False, True, False, False]
    assert matching(names, "=", "ленинский").tolist() == [True, False, False, False]


def test_parse_expression_refuses_unknown_fields_and_bad_text():
    assert parse_expression("beds > 100", ["beds"]) == ("beds", ">", "100")
    assert parse_expression("name = 'Osh'", ["name"]) == ("name", "=", "Osh")
    with pytest.raises(InvalidInputError, match="no field 'nope'"):
        parse_expression("nope > 1", ["beds"])
    with pytest.raises(InvalidInputError, match="FIELD OPERATOR VALUE"):
        parse_expression("", ["beds"])


def test_export_selection_to_geopackage_keeps_types_crs_and_cyrillic(tmp_path):
    geoms = np.array([shapely.Point(500000, 4745000), shapely.Point(501000, 4746000)], dtype=object)
    rows = [{"name": "Больница №1", "beds": 120, "share": 0.5}, {"name": "City 7", "beds": None, "share": 2}]
    out = tmp_path / "sel.gpkg"
    assert export_features(out, geoms, rows, ["name", "beds", "share"], "EPSG:32643") == 2
    info = pyogrio.read_info(out)
    assert info["crs"] == "EPSG:32643" and info["features"] == 2 and info["geometry_type"] == "Point"
    assert dict(zip(info["fields"], info["dtypes"])) == {"name": "object", "beds": "int64", "share": "float64"}
    _meta, _fid, wkb, fields = pyogrio.raw.read(out)
    assert fields[0].tolist() == ["Больница №1", "City 7"]
    assert shapely.equals(shapely.from_wkb(wkb), geoms).all()
    assert not (tmp_path / "sel.gpkg.part").exists()


def test_export_selection_to_csv_and_refuse_other_types(tmp_path):
    geoms = np.array([shapely.box(0, 0, 1, 1), None], dtype=object)
    out = tmp_path / "sel.csv"
    export_features(out, geoms, [{"a": "x"}, {"a": None}], ["a"], "EPSG:4326")
    with open(out, encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["a", "geometry_wkt"] and rows[1][1].startswith("POLYGON") and rows[2] == ["", ""]
    with pytest.raises(GisError, match=".gpkg or .csv"):
        export_features(tmp_path / "x.shp", geoms, [{}, {}], [], None)
