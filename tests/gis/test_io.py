"""Reading every supported format, and every odd file a city sends (resilience_desktop/gis/io.py)."""

from __future__ import annotations

import json

import pytest
import shapely

from resilience_desktop.errors import GisError
from resilience_desktop.gis.io import list_layer_names, read_source

from . import samples


def _attrs(layer) -> list[dict]:
    return [json.loads(a) for a in layer.attributes]


# ------------------------------------------------------------------ shapefiles
def test_shapefile_with_cpg_reads_cyrillic(tmp_path):
    src = read_source(samples.shapefile_cp1251(tmp_path))
    (layer,) = src.layers
    assert src.driver == "ESRI Shapefile"
    assert (layer.name, layer.encoding, layer.crs) == ("districts", "CP1251", "EPSG:32643")
    assert [a["name"] for a in _attrs(layer)] == samples.NAMES_RU
    assert [a["pop"] for a in _attrs(layer)] == [120, 340, 56]
    assert shapely.get_coordinates(layer.geometries).tolist() == [list(p) for p in samples.UTM_POINTS]


@pytest.mark.parametrize("declared", ["1251", "ANSI 1251", "cp1251\r\n", "CP1251", "", "\r\n"])
def test_a_cpg_names_windows_cyrillic_as_desktop_gis_write_it(tmp_path, declared):
    """ArcGIS writes ``1251`` or ``ANSI 1251`` in a .cpg; other tools the name, or an empty file. A number
    was taken for an encoding's name: the import was refused and the Cyrillic never read."""
    shp = samples.shapefile_cp1251(tmp_path)
    shp.with_suffix(".cpg").write_bytes(declared.encode())
    for path in (shp, samples.zipped(shp, tmp_path / "districts.zip")):
        (layer,) = read_source(path).layers
        assert layer.encoding == "CP1251" and [a["name"] for a in _attrs(layer)] == samples.NAMES_RU, path


@pytest.mark.parametrize("declared", ["65001", "UTF-8"])
def test_a_cpg_that_names_the_wrong_encoding_is_refused_not_read_as_gibberish(tmp_path, declared):
    shp = samples.shapefile_cp1251(tmp_path)
    shp.with_suffix(".cpg").write_text(declared)
    with pytest.raises(GisError, match="not in the encoding it declares"):
        read_source(shp)
    (layer,) = read_source(shp, encoding="cp1251").layers  # the way out the message names
    assert [a["name"] for a in _attrs(layer)] == samples.NAMES_RU


@pytest.mark.parametrize("given", ["utf8", "UTF-8", "65001"])
def test_an_encoding_given_wrongly_is_blamed_not_the_file_and_never_drops_letters(tmp_path, given):
    """GDAL took ``utf8`` (no hyphen) for text already in UTF-8 and dropped the Cyrillic: «Ленинский» came in
    empty, with no word; now every spelling of UTF-8 is refused on cp1251 text, naming the encoding given."""
    shp = samples.shapefile_cp1251(tmp_path, cpg=False)
    with pytest.raises(GisError, match="not in UTF-8, the encoding given; try another"):
        read_source(shp, encoding=given)
    with pytest.raises(GisError, match="'klingon' is not an encoding this app knows"):
        read_source(shp, encoding="klingon")
    (layer,) = read_source(shp, encoding="windows-1251").layers
    assert layer.encoding == "CP1251" and [a["name"] for a in _attrs(layer)] == samples.NAMES_RU


def test_shapefile_without_cpg_is_read_in_the_code_page_its_cyrillic_fits(tmp_path):
    shp = samples.shapefile_cp1251(tmp_path, cpg=False)
    (layer,) = read_source(shp).layers
    assert layer.encoding == "CP1251"                              # not Latin-1 mojibake
    assert [a["name"] for a in _attrs(layer)] == samples.NAMES_RU
    (forced,) = read_source(shp, encoding="latin1").layers         # the override still wins
    assert forced.encoding == "ISO-8859-1" and _attrs(forced)[0]["name"] != samples.NAMES_RU[0]


@pytest.mark.parametrize(("codec", "ldid", "expected"), [
    ("cp866", 0x00, "CP866"),          # a DOS-era table
    ("cp1251", 0x57, "CP1251"),        # ArcGIS on a Russian Windows: "ANSI" in the header
    ("latin1", 0x00, "ISO-8859-1"),    # Western text with accents keeps GDAL's default
])
def test_shapefile_encoding_undeclared_or_ansi_is_read_from_the_text(tmp_path, codec, ldid, expected):
    names = ["Café Zürich", "Gare du Nord", "Élysée"] if codec == "latin1" else samples.NAMES_RU
    shp = samples._write(tmp_path / "t.shp", [shapely.Point(i, i) for i in range(3)], {"name": names},
                         geometry_type="Point", crs="EPSG:4326", encoding=codec)
    shp.with_suffix(".cpg").unlink(missing_ok=True)
    dbf = bytearray(shp.with_suffix(".dbf").read_bytes())
    dbf[29] = ldid
    shp.with_suffix(".dbf").write_bytes(bytes(dbf))
    (layer,) = read_source(shp).layers
    assert layer.encoding == expected
    assert [a["name"] for a in _attrs(layer)] == names


def test_shapefile_without_prj_has_unknown_crs_not_a_guess(tmp_path):
    (layer,) = read_source(samples.shapefile_cp1251(tmp_path, prj=False)).layers
    assert layer.crs is None
    assert layer.feature_count == 3


@pytest.mark.parametrize(("lon_lat", "crs"), [
    ((465_000.0, 4_745_000.0), None),           # metres in a GeoJSON (WGS 84 by definition): not degrees
    ((190.0, -17.0), "EPSG:4326"),              # 0..360 longitudes are degrees
])
def test_coordinates_that_cannot_be_degrees_leave_the_crs_unknown(tmp_path, lon_lat, crs):
    path = tmp_path / "zones.geojson"
    x, y = lon_lat
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
                    "geometry": {"type": "Point", "coordinates": [x, y]}}]}), encoding="utf-8")
    (layer,) = read_source(path).layers
    assert layer.crs == crs
    # a .prj copied from a WGS 84 layer onto UTM data: the same
    shp = samples._write(tmp_path / "utm.shp", [shapely.Point(*p) for p in samples.UTM_POINTS], {"n": [1, 2, 3]},
                         geometry_type="Point", crs="EPSG:4326")
    assert read_source(shp).layers[0].crs is None


def test_zipped_shapefile(tmp_path):
    folder = tmp_path / "src"
    folder.mkdir()
    z = samples.zipped(samples.shapefile_cp1251(folder), tmp_path / "districts.zip")
    src = read_source(z)
    (layer,) = src.layers
    assert (src.driver, layer.name, layer.encoding, layer.crs) == ("ESRI Shapefile", "districts", "CP1251", "EPSG:32643")
    assert [a["name"] for a in _attrs(layer)] == samples.NAMES_RU


def test_zipped_shapefile_without_cpg_is_recognised_and_honours_the_override(tmp_path):
    folder = tmp_path / "src"
    folder.mkdir()
    z = samples.zipped(samples.shapefile_cp1251(folder, cpg=False), tmp_path / "d.zip")
    (layer,) = read_source(z).layers
    assert layer.encoding == "CP1251" and [a["name"] for a in _attrs(layer)] == samples.NAMES_RU
    (layer,) = read_source(z, encoding="cp1251").layers
    assert [a["name"] for a in _attrs(layer)] == samples.NAMES_RU


@pytest.mark.parametrize(("stem", "codec"), [("больницы", "cp866"), ("café", "cp437")])
def test_zipped_shapefile_named_in_the_writers_dos_code_page(tmp_path, stem, codec):
    # Windows Explorer writes member names in the DOS code page without the UTF-8 flag: a Russian
    # Windows in cp866, read by Python and GDAL as cp437.
    folder = tmp_path / "src"
    folder.mkdir()
    z = samples.zipped(samples.shapefile_cp1251(folder), tmp_path / "d.zip")
    raw = z.read_bytes()
    assert raw.count(b"districts") >= 8                 # each part's local header and central entry
    z.write_bytes(raw.replace(b"districts", stem.encode(codec).ljust(9, b"_")))
    (layer,) = read_source(z).layers
    assert layer.name == stem + "_" * (9 - len(stem.encode(codec)))
    assert [a["name"] for a in _attrs(layer)] == samples.NAMES_RU


# ------------------------------------------------------------------ geopackage
def test_geopackage_reads_every_layer_and_repairs_counts(tmp_path):
    path = samples.geopackage_two_layers(tmp_path)
    assert list_layer_names(path) == ["roads", "zones"]
    src = read_source(path)
    roads, zones = src.layers
    assert src.driver == "GPKG"
    assert (roads.name, roads.feature_count, roads.z_dropped, roads.geometry_types) == \
        ("roads", 2, 1, ["LineString", "LineString Z"])
    assert not shapely.has_z(roads.geometries).any()                     # Z dropped for display
    assert (zones.feature_count, zones.invalid_repaired, zones.empty_count) == (5, 1, 2)
    assert shapely.is_valid(zones.geometries[:4]).all()
    assert zones.geometries[1].geom_type == "MultiPolygon" and zones.geometries[1].area == pytest.approx(2.0)
    assert zones.geometries[4] is None
    assert zones.geometry_types == ["MultiPolygon", "Polygon"]
    assert [a["hazard"] for a in _attrs(zones)] == ["flood", "mudflow", "landslide", "flood", "flood"]


def test_geopackage_one_layer_by_name(tmp_path):
    path = samples.geopackage_two_layers(tmp_path)
    assert [x.name for x in read_source(path, layer="zones").layers] == ["zones"]
    with pytest.raises(GisError, match="no layer 'rivers'.*roads, zones"):
        read_source(path, layer="rivers")


def test_empty_layer_loads(tmp_path):
    (layer,) = read_source(samples.geopackage_empty_layer(tmp_path)).layers
    assert (layer.feature_count, layer.bounds, layer.crs) == (0, None, "EPSG:4326")


# ------------------------------------------------------------------ geojson, kml
def test_geojson_mixed_types_3d_and_multipart(tmp_path):
    (layer,) = read_source(samples.geojson_mixed(tmp_path)).layers
    assert layer.crs == "EPSG:4326"
    assert layer.geometry_types == ["LineString Z", "MultiPolygon", "Point", "Polygon"]
    assert layer.z_dropped == 1
    assert [g.geom_type for g in layer.geometries] == ["Point", "LineString", "Polygon", "MultiPolygon"]
    assert _attrs(layer)[0] == {"name": "школа", "n": 1}


@pytest.mark.parametrize("suffix", [".geojsonl", ".jsonl"])
def test_geojson_sequence(tmp_path, suffix):
    src = read_source(samples.geojson_sequence(tmp_path, suffix))
    (layer,) = src.layers
    assert src.driver == "GeoJSONSeq"
    assert layer.feature_count == 4
    assert [a["id"] for a in _attrs(layer)] == [0, 1, 2, 3]


@pytest.mark.parametrize("kmz", [False, True])
def test_kml_and_kmz(tmp_path, kmz):
    src = read_source(samples.kml(tmp_path, kmz=kmz))
    (layer,) = src.layers
    assert layer.crs == "EPSG:4326"
    assert [g.geom_type for g in layer.geometries] == ["Point", "Point", "Polygon"]
    assert [a["Name"] for a in _attrs(layer)] == ["Hospital No. 1", "Школа № 5", "Flood zone"]
    assert "altitudeMode" not in layer.fields                     # KML's empty standard fields dropped


# ------------------------------------------------------------------ csv
def test_csv_with_lat_lon_columns_semicolons_and_decimal_commas(tmp_path):
    (layer,) = read_source(samples.csv_points(tmp_path)).layers
    assert (layer.driver, layer.crs, layer.encoding, layer.feature_count, layer.empty_count) == \
        ("CSV", "EPSG:4326", "UTF-8", 3, 1)
    assert shapely.get_coordinates(layer.geometries[:2]).tolist() == [[74.6, 42.87], [74.62, 42.88]]
    assert layer.geometries[2] is None
    assert layer.fields == ["name"] and _attrs(layer)[0] == {"name": "Больница"}


def test_csv_in_cp1251_is_recognised(tmp_path):
    (layer,) = read_source(samples.csv_points(tmp_path, encoding="cp1251")).layers
    assert layer.encoding == "CP1251" and _attrs(layer)[0]["name"] == "Больница"


def test_csv_xy_columns_have_unknown_crs_unless_given(tmp_path):
    path = tmp_path / "xy.csv"
    path.write_text("id,X,Y\n1,500000,4745000\n", encoding="utf-8")
    assert read_source(path).layers[0].crs is None
    assert read_source(path, crs="EPSG:32643").layers[0].crs == "EPSG:32643"


def test_csv_chosen_columns(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("site,east_m,north_m\nA,500000,4745000\n", encoding="utf-8")
    with pytest.raises(GisError, match="no coordinate columns.*site, east_m, north_m"):
        read_source(path)
    (layer,) = read_source(path, x_field="east_m", y_field="north_m", crs="32643").layers
    assert shapely.get_coordinates(layer.geometries).tolist() == [[500000, 4745000]]


def test_csv_lonlat_names_with_projected_values_refuse_to_guess(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("lon,lat\n500000,4745000\n", encoding="utf-8")
    with pytest.raises(GisError, match="outside longitude/latitude"):
        read_source(path)


# ------------------------------------------------------------------ unreadable files
def _file(path, data: bytes):
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("make", [
    lambda d: samples.truncated(samples.geopackage_two_layers(d), 0.3),
    lambda d: samples.truncated(samples.geojson_mixed(d), 0.5),
    lambda d: samples.truncated(samples.shapefile_cp1251(d).with_suffix(".shp"), 0.2),
    lambda d: _file(d / "nonsense.gpkg", b"not a geopackage at all"),
    lambda d: _file(d / "broken.zip", b"PK\x03\x04 broken"),
    lambda d: _file(d / "empty.zip", b""),
    lambda d: _file(d / "empty.geojson", b""),
])
def test_unreadable_files_raise_one_line(tmp_path, make):
    path = make(tmp_path)
    with pytest.raises(GisError) as info:
        src = read_source(path)
        # A truncated shapefile may still open: then the damage must show as missing geometries.
        assert all(layer.empty_count > 0 for layer in src.layers), "a damaged file read as complete"
        raise GisError("damaged but readable")
    assert "\n" not in str(info.value)


def test_missing_and_unsupported_files(tmp_path):
    with pytest.raises(GisError, match="no file at"):
        read_source(tmp_path / "nowhere.gpkg")
    (tmp_path / "a.docx").write_bytes(b"x")
    with pytest.raises(GisError, match="is not a map layer the app can read"):
        read_source(tmp_path / "a.docx")


def test_a_workspace_given_as_a_layer_says_so_without_a_warning(tmp_path, recwarn):
    """A trial's: ``layer info demo.rdw`` printed GDAL's warning listing some 40 internal tables."""
    from resilience_desktop.national import open_store
    from resilience_desktop.workspace.facade import Workspace
    Workspace.create(tmp_path / "w.rdw").close()
    with pytest.raises(GisError, match=r"^w.rdw is a workspace, not a map layer: .*'layer list --workspace w.rdw'"):
        read_source(tmp_path / "w.rdw")
    open_store(f"sqlite:///{tmp_path / 'n.sqlite'}", create=True).close()
    with pytest.raises(GisError, match="n.sqlite is a national store, not a map layer"):
        read_source(tmp_path / "n.sqlite")
    assert not [w for w in recwarn if "layer" in str(w.message)]


def test_an_unfamiliar_name_is_read_by_its_content(tmp_path):
    seq = samples.geojson_sequence(tmp_path)
    renamed = seq.rename(tmp_path / "faults.seq")
    src = read_source(renamed)
    assert src.driver == "GeoJSONSeq"
    assert src.layers[0].feature_count > 0


def test_a_shapefile_without_its_index_is_read_from_a_rebuilt_copy(tmp_path):
    shp = samples.shapefile_cp1251(tmp_path)
    shp.with_suffix(".shx").unlink()
    before = sorted(p.name for p in tmp_path.iterdir())
    src = read_source(shp)
    assert src.layers[0].feature_count == 3
    assert src.layers[0].name == shp.stem
    assert sorted(p.name for p in tmp_path.iterdir()) == before   # nothing written beside the user's file


def test_a_shapefile_whose_index_cannot_be_rebuilt_is_explained(tmp_path):
    shp = tmp_path / "broken.shp"
    shp.write_bytes(b"not a shapefile at all")
    with pytest.raises(GisError, match="index file broken.shx"):
        read_source(shp)


def test_progress_and_cancel(tmp_path, monkeypatch):
    import resilience_desktop.gis.io as io
    monkeypatch.setattr(io, "BATCH", 2)
    path = samples.geopackage_two_layers(tmp_path)
    seen: list[tuple[int, int]] = []
    read_source(path, layer="zones", progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (5, 5) and len(seen) >= 3
    with pytest.raises(GisError, match="cancelled"):
        read_source(path, cancelled=lambda: True)
