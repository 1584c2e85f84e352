"""Fuzzing (hypothesis, bounded): command-line values, workbooks and map files (issue 19).

Properties: the command line exits 0 or 2, with exactly one line when it refuses and the
workspace unchanged; the readers return data or raise their own error — never anything else.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from resilience_desktop.cli.main import main
from resilience_desktop.errors import ExcelImportError, GisError
from resilience_desktop.excel import read_workbook
from resilience_desktop.gis.io import read_source
from resilience_desktop.workspace.facade import Workspace

from ..excel.workbooks import official_workbook
from ..fixtures import populate
from .helpers import tree_digest

FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

#: Values a user (or a script gone wrong) may type: any text, undecodable bytes, numbers in
#: every spelling, the special floats, other digit systems.
VALUES = st.one_of(
    st.text(max_size=40),
    st.binary(max_size=20).map(os.fsdecode),
    st.integers().map(str),
    st.floats().map(repr),
    st.sampled_from(["inf", "-inf", "nan", "1e309", "٣", "１２", "0x10", "1_000", " 5 ", "", "\x00", "-0",
                     "9" * 40, "=HYPERLINK(1)", "xx", "EPSG:0"]),
)

#: Command lines with one slot for the fuzzed value.
COMMANDS = [
    ["city", "add", "{v}", "--country", "KG"],
    ["city", "add", "Ош", "--country", "{v}"],
    ["city", "add", "Ош", "--country", "KG", "--population", "{v}"],
    ["city", "add", "Ош", "--country", "KG", "--area-km2", "{v}"],
    ["city", "add", "Ош", "--country", "KG", "--lon", "{v}", "--lat", "40"],
    ["answer", "set", "--assessment", "{aid}", "--question", "P1.1", "--score", "{v}"],
    ["answer", "set", "--assessment", "{aid}", "--question", "{v}", "--score", "1"],
    ["answer", "set", "--assessment", "{aid}", "--question", "P1.1", "--na", "--comment", "{v}"],
    ["assessment", "new", "--city", "{city}", "--scorecard", "mini", "--title", "{v}"],
    ["assessment", "new", "--city", "{city}", "--scorecard", "mini", "--essentials", "{v}"],
    ["city", "list", "--lang", "{v}"],
    ["layer", "set-crs", "{v}", "EPSG:4326"],
    ["city", "list", "--workspace", "{v}"],
    ["national", "summary", "--db", "{v}"],
]


@pytest.fixture
def ws(tmp_path, mini_registry, monkeypatch):
    from ..fixtures import SCORECARDS_DIR
    monkeypatch.setenv("RESILIENCE_SCORECARDS", str(SCORECARDS_DIR))
    folder = tmp_path / "fuzz"
    folder.mkdir()
    path = folder / "w.rdw"
    with Workspace.create(path, registry=mini_registry) as w:
        city, aid = populate(w)
    return path, city, aid


@FUZZ
@given(command=st.sampled_from(COMMANDS), value=VALUES)
def test_cli_values_exit_0_or_2_with_one_line(ws, capsys, command, value):
    path, city, aid = ws
    argv = [a.replace("{aid}", aid).replace("{city}", city) for a in command]
    argv = [value if a == "{v}" else a for a in argv]
    if "--workspace" not in argv and argv[0] != "national":
        argv += ["--workspace", str(path)]
    if value.strip() in ("", ".", "..", "/") or os.path.exists(value):
        return  # an existing folder or file as a workspace or store: not what this property is about
    before = tree_digest(path.parent)
    code = main(argv)
    _out, err = capsys.readouterr()
    assert code in (0, 2), (argv, err)
    assert "Traceback" not in err
    if code == 2:
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("resilience-desktop: error: "), (argv, err)
        assert tree_digest(path.parent) == before, argv


# ------------------------------------------------------------------ workbooks
@pytest.fixture(scope="module")
def workbook_members(tmp_path_factory) -> dict[str, bytes]:
    path = official_workbook(tmp_path_factory.mktemp("wb") / "official.xlsm")
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


@FUZZ
@given(data=st.data())
def test_workbook_reader_never_fails_uncontrolled(tmp_path, workbook_members, data):
    members = dict(workbook_members)
    name = data.draw(st.sampled_from(sorted(members)))
    body = bytearray(members[name])
    how = data.draw(st.sampled_from(["insert", "flip", "truncate", "repeat"]))
    at = data.draw(st.integers(0, max(0, len(body) - 1)))
    if how == "insert":
        body[at:at] = data.draw(st.binary(max_size=64) | st.sampled_from(
            [b"<c><v>1</v></c>" * 50, b"<!DOCTYPE x [<!ENTITY a 'aaaa'>]>", b"<si><t>x</t></si>" * 50]))
    elif how == "flip":
        body[at] ^= data.draw(st.integers(1, 255))
    elif how == "truncate":
        del body[at:]
    else:
        body[at:at] = bytes(body[at:at + 200]) * data.draw(st.integers(1, 50))
    members[name] = bytes(body)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in members.items():
            z.writestr(n, b)
    f = tmp_path / "fuzzed.xlsm"
    f.write_bytes(buf.getvalue())
    try:
        read_workbook(f)
    except ExcelImportError as exc:
        assert "\n" not in str(exc)


# ------------------------------------------------------------------ map files
_COORD = st.one_of(st.floats(-200, 200), st.sampled_from([float("nan"), float("inf"), 1e308, -1e308, 0.0]))
_POINT = st.tuples(_COORD, _COORD).map(list)
_RING = st.lists(_POINT, min_size=0, max_size=40)
_GEOMETRY = st.one_of(
    _POINT.map(lambda p: {"type": "Point", "coordinates": p}),
    _RING.map(lambda r: {"type": "LineString", "coordinates": r}),
    _RING.map(lambda r: {"type": "Polygon", "coordinates": [r + r[:1]]}),
    st.lists(_RING, max_size=3).map(lambda rs: {"type": "MultiPolygon", "coordinates": [[r + r[:1]] for r in rs]}),
    st.just(None),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),  # not a geometry at all
)
_PROPS = st.dictionaries(st.text(max_size=10), st.one_of(st.text(max_size=30), st.integers(), st.floats(),
                                                        st.none(), st.booleans()), max_size=4)


@FUZZ
@given(features=st.lists(st.tuples(_GEOMETRY, _PROPS), min_size=1, max_size=8))
def test_layer_reader_never_fails_uncontrolled(tmp_path, features):
    doc = {"type": "FeatureCollection",
           "features": [{"type": "Feature", "geometry": g, "properties": p} for g, p in features]}
    f = tmp_path / "fuzzed.geojson"
    f.write_text(json.dumps(doc, allow_nan=True), encoding="utf-8")
    try:
        src = read_source(f)
    except GisError as exc:
        assert "\n" not in str(exc)
        return
    for layer in src.layers:
        assert len(layer.geometries) == len(layer.attributes)


@FUZZ
@given(offset=st.integers(0, 120), value=st.integers(0, 255), member=st.sampled_from(["shp", "shx", "dbf"]))
def test_shapefile_header_damage_is_a_clean_refusal(tmp_path, offset, value, member):
    from .corpus import dbf_bomb_zip
    src = dbf_bomb_zip(tmp_path, 4096, "ok.zip")
    with zipfile.ZipFile(src) as z:
        members = {n: bytearray(z.read(n)) for n in z.namelist()}
    target = next(n for n in members if n.endswith(member))
    if offset < len(members[target]):
        members[target][offset] = value
    out = tmp_path / "damaged.zip"
    with zipfile.ZipFile(out, "w") as z:
        for n, b in members.items():
            z.writestr(n, bytes(b))
    try:
        read_source(Path(out))
    except GisError as exc:
        assert "\n" not in str(exc)
