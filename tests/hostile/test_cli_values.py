"""Hostile command-line values (issue 19): each exits 2 with one line and leaves the workspace
byte-for-byte unchanged (no backup, no lock file, no header change)."""

from __future__ import annotations

import json
import os
import sqlite3

import pytest

from resilience_desktop.errors import InvalidInputError
from resilience_desktop.workspace.facade import Workspace

from ..fixtures import populate
from .helpers import accepted, refused, tree_digest

BAD = os.fsdecode(b"Bishkek\xff\xfe")  # what Python makes of non-UTF-8 bytes on a command line


@pytest.fixture
def ws(tmp_path, mini_registry):
    folder = tmp_path / "w"
    folder.mkdir()
    path = folder / "cities.rdw"
    with Workspace.create(path, registry=mini_registry) as w:
        city, aid = populate(w)
    return path, city, aid


CASES = [
    # (what, argv after the command) — {aid} and {city} filled in
    ("comment not UTF-8", ["answer", "set", "--assessment", "{aid}", "--question", "P1.1", "--score", "1",
                           "--comment", BAD]),
    ("assessment id not UTF-8", ["answer", "set", "--assessment", BAD, "--question", "P1.1", "--score", "1"]),
    ("city name not UTF-8", ["city", "add", BAD, "--country", "KG"]),
    ("title not UTF-8", ["assessment", "new", "--city", "{city}", "--scorecard", "mini", "--title", BAD]),
    ("population of 31 digits", ["city", "add", "Ош", "--country", "KG", "--population", "1" * 31]),
    ("area infinite", ["city", "add", "Ош", "--country", "KG", "--area-km2", "inf"]),
    ("area NaN", ["city", "add", "Ош", "--country", "KG", "--area-km2", "nan"]),
    ("area 1e400", ["city", "add", "Ош", "--country", "KG", "--area-km2", "1e400"]),
    ("longitude out of range", ["city", "add", "Ош", "--country", "KG", "--lon", "181", "--lat", "40"]),
    ("Arabic-Indic digit score", ["answer", "set", "--assessment", "{aid}", "--question", "P1.1", "--score", "٣"]),
    ("fullwidth digit population", ["city", "add", "Ош", "--country", "KG", "--population", "１２"]),
    ("unknown language", ["city", "list", "--lang", "xx"]),
    ("score 7", ["answer", "set", "--assessment", "{aid}", "--question", "P1.1", "--score", "7"]),
    ("score 10^18", ["answer", "set", "--assessment", "{aid}", "--question", "P1.1", "--score", "9" * 18]),
    ("wrong question id", ["answer", "set", "--assessment", "{aid}", "--question", "P99.9", "--score", "1"]),
    ("wrong assessment id", ["answer", "set", "--assessment", "nope", "--question", "P1.1", "--score", "1"]),
    ("comment over the limit", ["answer", "set", "--assessment", "{aid}", "--question", "P1.1", "--score", "1",
                                "--comment", "x" * 40_000]),
    ("name over the limit", ["city", "add", "Ш" * 201, "--country", "KG"]),
    ("empty CRS", ["layer", "set-crs", "zones", ""]),
    ("unknown layer", ["layer", "set-crs", "no such layer", "EPSG:4326"]),
    ("unknown CRS", ["layer", "set-crs", "zones", "EPSG:999999"]),
    ("essentials in other digits", ["assessment", "new", "--city", "{city}", "--scorecard", "mini",
                                    "--essentials", "١,٢"]),
    ("unknown city", ["assessment", "new", "--city", "nope", "--scorecard", "mini"]),
]


@pytest.mark.parametrize("what, argv", CASES, ids=[c[0] for c in CASES])
def test_refused_and_nothing_changes(ws, capsys, what, argv):
    path, city, aid = ws
    before = tree_digest(path.parent)
    line = refused(capsys, *[a.replace("{aid}", aid).replace("{city}", city) for a in argv], "--workspace", path)
    assert "Traceback" not in line and len(line) < 400
    assert tree_digest(path.parent) == before, what  # header bytes, WAL, no .backups/, no .lock


def test_refusal_names_the_problem(ws, capsys):
    path, _city, aid = ws
    assert "digits 0-9" in refused(capsys, "answer", "set", "--assessment", aid, "--question", "P1.1", "--score",
                                   "٣", "--workspace", path)
    assert "from 0 to 3" in refused(capsys, "answer", "set", "--assessment", aid, "--question", "P1.1", "--score",
                                    "7", "--workspace", path)
    assert "unknown language 'xx'" in refused(capsys, "city", "list", "--lang", "xx", "--workspace", path)
    assert "not valid text" in refused(capsys, "city", "add", BAD, "--country", "KG", "--workspace", path)
    # 31 digits are digits 0-9: the sentence says what is wrong with them
    assert refused(capsys, "city", "add", "Ош", "--country", "KG", "--population", "1" * 31, "--workspace",
                   path).endswith("--population must be within 0..1000000000")


def test_city_list_json_stays_valid_json(ws, capsys):
    path, _city, _aid = ws
    refused(capsys, "city", "add", "Ош", "--country", "KG", "--area-km2", "inf", "--workspace", path)
    out = accepted(capsys, "city", "list", "--json", "--workspace", path)
    assert all(c["area_km2"] is None or c["area_km2"] < 1e6 for c in json.loads(out))  # strict JSON parses


def test_the_facade_refuses_what_the_cli_refuses(workspace):
    for kwargs in ({"name": "Ош\x00Nul"}, {"name": BAD}, {"name": "Ош", "area_km2": float("inf")},
                   {"name": "Ош", "population": 10**31}, {"name": "Ош", "lon": float("nan"), "lat": 1.0}):
        with pytest.raises(InvalidInputError):
            workspace.add_city(**{"country": "KG", **kwargs})
    city = workspace.add_city("Ош", "KG")
    with pytest.raises(InvalidInputError):
        workspace.new_assessment(city, "mini", title="a\x00b")
    assert [c.name for c in workspace.list_cities()] == ["Ош"]


@pytest.mark.parametrize("version", [0, -1])
def test_doctored_format_version_is_refused_untouched(ws, capsys, version):
    path, _city, aid = ws
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.close()
    before = tree_digest(path.parent)
    line = refused(capsys, "answer", "set", "--assessment", aid, "--question", "P1.1", "--score", "1",
                   "--workspace", path)
    assert "format version" in line and "damaged" in line
    # there is no backup beside this workspace: the line must not send the user to a folder that is not there
    assert not (path.parent / ".backups").exists() or any((path.parent / ".backups").iterdir())
    assert "no backups beside it" in line and ".backups/" not in line
    assert tree_digest(path.parent) == before


@pytest.mark.parametrize("bad", [4, -1, 1e308], ids=["4", "-1", "1e308"])
def test_refused_excel_score_leaves_the_workspace_untouched(tmp_path, capsys, bad):
    """A workbook this app exported, with one score edited out of range, into an existing workspace."""
    import openpyxl

    from resilience_desktop.excel import export_workbook
    src = tmp_path / "src.rdw"
    with Workspace.create(src) as w:
        city = w.add_city("Каракол", "KG", lon=78.39, lat=42.49)
        aid = w.new_assessment(city, "preliminary")
        first = w.scorecard_of(aid).active_questions[0].id
        w.set_answer(aid, first, score=2)
        book = export_workbook(w, aid, tmp_path / "export.xlsx")
    wb = openpyxl.load_workbook(book)
    sheet = wb["E01"]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == first)
    sheet.cell(row, 3).value = bad
    wb.save(book)
    folder = tmp_path / "target"
    folder.mkdir()
    target = folder / "target.rdw"
    with Workspace.create(target) as w:
        w.add_city("Ош", "KG")
    before = tree_digest(folder)
    line = refused(capsys, "import-excel", book, "--workspace", target)
    assert "nothing was imported" in line and len(line) < 300  # no 309-digit number
    assert tree_digest(folder) == before
