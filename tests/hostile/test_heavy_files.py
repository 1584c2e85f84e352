"""Small files that used to cost minutes and gigabytes (issue 19): each is read or refused in a
fresh process within 10 s and 1 GB, exits 0 or 2 with one plain line, never a traceback, and
leaves the input file and the workspace byte-for-byte unchanged.

The sizes are those of the attack report where generating them is quick (30k vertices, 3M
cells, 5M shared strings); the 1 GiB string and the 1 GiB ``.dbf`` are 256 MiB and 300 MiB here
(the benchmark in ``benchmarks/bench_hostile.py`` runs the full sizes).
"""

from __future__ import annotations

import hashlib

import pytest

from resilience_desktop.workspace.facade import Workspace

from ..bundle.conftest import small_bundle  # noqa: F401 (a valid bundle to verify and import)
from . import corpus
from .helpers import measured, tree_digest

SECONDS, MIB = 10.0, 1024


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _within_budget(r: dict) -> None:
    assert not r["killed"], r
    assert r["seconds"] < SECONDS and r["peak_mib"] < MIB, r
    assert "Traceback" not in r["stderr"], r["stderr"]


def _one_line_refusal(r: dict, *phrases: str) -> str:
    assert r["code"] == 2, r
    lines = r["stderr"].strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("resilience-desktop: error: "), r["stderr"]
    for phrase in phrases:
        assert phrase in lines[0], lines[0]
    for jargon in ("GDAL", "OGR", "vsizip", "CONVERSION node", "_csv.Error", "openpyxl"):
        assert jargon not in lines[0]
    return lines[0]


def test_self_intersecting_polygon_of_30k_vertices_is_repaired_quickly(tmp_path, workspace_file):
    f = corpus.crossing_polygon_geojson(tmp_path, 30_000)
    digest = _sha(f)
    r = measured(["layer", "info", f, "--json"])
    _within_budget(r)
    assert r["code"] == 0
    before = tree_digest(workspace_file.parent)
    r = measured(["layer", "add", f, "--workspace", workspace_file, "--json"])
    _within_budget(r)
    assert r["code"] == 0 and _sha(f) == digest
    with Workspace.open(workspace_file, read_only=True) as ws:
        (layer,) = ws.list_layers()
        assert layer.invalid_repaired == 1
    assert tree_digest(workspace_file.parent) != before  # it was really added


@pytest.mark.parametrize("vertices", [300_000])
def test_polygon_crossing_itself_too_often_is_refused_in_seconds(tmp_path, workspace_file, vertices):
    f = corpus.crossing_polygon_geojson(tmp_path, vertices)
    before = tree_digest(workspace_file.parent)
    r = measured(["layer", "add", f, "--workspace", workspace_file])
    _within_budget(r)
    _one_line_refusal(r, "crosses itself more than", "simplify it in a GIS")
    assert tree_digest(workspace_file.parent) == before


def test_scribbled_polygon_of_random_vertices_is_refused_in_seconds(tmp_path):
    r = measured(["layer", "info", corpus.random_polygon_geojson(tmp_path, 3_000)])
    _within_budget(r)
    _one_line_refusal(r, "crosses itself more than")


def test_zipped_shapefile_with_a_huge_dbf_is_refused_without_reading_it(tmp_path, workspace_file):
    f = corpus.dbf_bomb_zip(tmp_path, 300 * 2**20)
    assert f.stat().st_size < 2 * 2**20
    before = tree_digest(workspace_file.parent)
    r = measured(["layer", "add", f, "--workspace", workspace_file])
    _within_budget(r)
    _one_line_refusal(r, "attribute table (.dbf)")
    assert tree_digest(workspace_file.parent) == before


def test_small_zipped_shapefile_still_reads_with_its_code_page(tmp_path):
    r = measured(["layer", "info", corpus.dbf_bomb_zip(tmp_path, 64 * 1024), "--json"])
    _within_budget(r)
    assert r["code"] == 0


def test_csv_field_over_the_csv_limit_is_one_line(tmp_path, workspace_file):
    f = corpus.long_field_csv(tmp_path)
    before = tree_digest(workspace_file.parent)
    for cmd in (["layer", "info", f], ["layer", "add", f, "--workspace", workspace_file]):
        r = measured(cmd)
        _within_budget(r)
        _one_line_refusal(r, "line 3", "longer than 131,072 characters")
    assert tree_digest(workspace_file.parent) == before


@pytest.mark.parametrize("build, phrase", [
    (lambda d: corpus.wide_row_xlsx(d, 3_000_000), "cells"),
    (lambda d: corpus.huge_string_xlsx(d, 256 * 2**20), "text longer than 32,767 characters"),
    (lambda d: corpus.many_strings_xlsx(d, 5_000_000), "different texts"),
], ids=["3M-cells", "256MiB-string", "5M-shared-strings"])
def test_workbook_bombs_are_refused_before_openpyxl(tmp_path, workspace_file, build, phrase):
    f = build(tmp_path)
    digest = _sha(f)
    before = tree_digest(workspace_file.parent)
    r = measured(["import-excel", f, "--workspace", workspace_file])
    _within_budget(r)
    _one_line_refusal(r, phrase, "nothing was imported")
    assert tree_digest(workspace_file.parent) == before and _sha(f) == digest


def test_deeply_nested_json_in_the_user_scorecards_folder(tmp_path, monkeypatch, small_bundle):
    folder = tmp_path / "scorecards"
    folder.mkdir()
    corpus.nested_json(folder)
    monkeypatch.setenv("RESILIENCE_SCORECARDS", str(folder))
    r = measured(["scorecard", "list"])
    _within_budget(r)
    assert r["code"] == 0 and "nested more than 64 levels" in r["stderr"]
    r = measured(["bundle", "verify", small_bundle])
    _within_budget(r)
    assert r["code"] in (0, 2)
    r = measured(["national", "import", small_bundle, "--db", tmp_path / "n.db", "--create", "--json"])
    _within_budget(r)
    assert r["code"] in (0, 2) and "RecursionError" not in r["stderr"]


def test_gdal_words_become_a_sentence_the_user_can_act_on(tmp_path):
    import zipfile

    from resilience_desktop.errors import GisError
    from resilience_desktop.gis.io import read_source
    src = corpus.dbf_bomb_zip(tmp_path, 4096, "ok.zip")
    out = tmp_path / "bad-prj.zip"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w") as zout:
        for n in zin.namelist():
            zout.writestr(n, 'PROJCS["WGS 84 / UTM zone 42N"]' if n.endswith(".prj") else zin.read(n))
    with pytest.raises(GisError) as exc:
        read_source(out)
    assert "coordinate system" in str(exc.value) and "CONVERSION" not in str(exc.value)


@pytest.mark.parametrize("suffix, member", [(".zip", "zones.geojson"), (".kmz", "doc.kml")])
def test_zipped_text_layer_bomb_is_refused_before_gdal_parses_it(tmp_path, suffix, member):
    import zipfile
    f = tmp_path / f"bomb{suffix}"
    with zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        with z.open(member, "w", force_zip64=True) as fh:
            fh.write(b'{"type":"FeatureCollection","features":[' if suffix == ".zip" else b"<kml>")
            block = b" " * 2**20
            for _ in range(80):  # 80 MB of blanks: ~80 KB zipped
                fh.write(block)
            fh.write(b"]}" if suffix == ".zip" else b"</kml>")
    r = measured(["layer", "info", f])
    _within_budget(r)
    _one_line_refusal(r, "text layer", "at most 64 MB")
