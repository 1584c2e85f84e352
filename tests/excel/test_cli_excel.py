"""``resilience-desktop import-excel`` and ``export-excel``, driven through a real subprocess."""

from __future__ import annotations

import json

import openpyxl

from resilience_desktop.workspace.facade import Workspace

from ..fixtures import cli_ok as ok, cli_user_error as user_error, snapshot
from .workbooks import UNANSWERED, official_workbook






def test_import_json_creates_the_workspace(tmp_path):
    path = tmp_path / "new.rdw"
    out = json.loads(ok("import-excel", official_workbook(tmp_path / "city.xlsm"), "--workspace", path, "--json"))
    assert list(out) == ["assessment_id", "city_id", "answered", "unanswered", "warnings"]
    assert (out["answered"], out["unanswered"]) == (44, 3)
    assert any(all(q in w for q in UNANSWERED) for w in out["warnings"])
    with Workspace.open(path, read_only=True) as ws:
        a = ws.get_assessment(out["assessment_id"])
        assert a.city_id == out["city_id"] and ws.get_city(a.city_id).country == "KG"
        assert ws.answer(a.id, "P1.1").score == 3


def test_import_text_and_global_workspace_option(tmp_path):
    path = tmp_path / "w.rdw"
    text = ok("--workspace", path, "import-excel", official_workbook(tmp_path / "city.xlsm"))
    assert text.splitlines()[0].startswith("city.xlsm: imported into Testgrad (new city ")
    assert "44 answered, 3 unanswered, 44 action items" in text
    assert "not imported: the workbook's macros (never run, never kept)" in text
    assert path.exists()


def test_import_summary_in_russian(tmp_path):
    # a city official running the command in Russian reads every line of the summary in Russian
    path = tmp_path / "w.rdw"
    text = ok("--lang", "ru", "--workspace", path, "import-excel", official_workbook(tmp_path / "city.xlsm"))
    lines = text.splitlines()
    assert lines[0].startswith("city.xlsm: импортировано в Testgrad (новый город ")
    assert lines[1] == "с ответом: 44, без ответа: 3, мероприятий: 44, полей профиля: 27"
    assert any(line.startswith("предупреждение: ") for line in lines)
    assert any(line.startswith("не импортировано: ") for line in lines)
    assert not any(word in text for word in ("imported into", "warning:", "not imported:", "answered"))


def test_import_into_an_existing_city(tmp_path):
    path = tmp_path / "w.rdw"
    with Workspace.create(path) as ws:
        city = ws.add_city("Old Town", "KZ")
    wb = official_workbook(tmp_path / "atl.xlsm", info={"country": "Atlantis"})
    assert "'Atlantis'" in user_error("import-excel", wb, "--workspace", path)
    out = json.loads(ok("import-excel", wb, "--workspace", path, "--city", city, "--json"))
    assert out["city_id"] == city
    assert "no city with id 'nope'" in user_error("import-excel", wb, "--workspace", path, "--city", "nope")


def test_export_then_import_the_export(tmp_path):
    path = tmp_path / "w.rdw"
    first = json.loads(ok("import-excel", official_workbook(tmp_path / "city.xlsm"), "--workspace", path, "--json"))
    target = tmp_path / "out.xlsx"
    out = json.loads(ok("export-excel", first["assessment_id"], "-o", target, "--workspace", path, "--json"))
    assert out["path"] == str(target) and target.exists()
    said = ok("--lang", "ru", "export-excel", first["assessment_id"], "-o", tmp_path / "ru.xlsx", "--workspace", path)
    assert said.strip() == f"{tmp_path / 'ru.xlsx'}: Общий балл {out['points']} / 141"  # it was a bare "60 / 141"
    book = openpyxl.load_workbook(target, read_only=True)
    overall = next(r for r in book["Results"].iter_rows(values_only=True) if r[0] == "Overall score")
    assert overall[1] == f"{out['points']} / 141"
    again = json.loads(ok("import-excel", target, "--workspace", path, "--json"))
    assert (again["answered"], again["unanswered"]) == (first["answered"], first["unanswered"])
    with Workspace.open(path, read_only=True) as ws:
        a, b = ws.answers(first["assessment_id"]), ws.answers(again["assessment_id"])
        assert {q: (x.score, x.verification) for q, x in a.items()} == {q: (x.score, x.verification) for q, x in b.items()}


def test_bad_files_exit_2_with_one_line_and_create_nothing(tmp_path):
    path = tmp_path / "never.rdw"
    png = tmp_path / "photo.xlsm"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    assert "photo.xlsm is not an Excel workbook" in user_error("import-excel", png, "--workspace", path)
    locked = tmp_path / "locked.xlsm"
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    assert "password-protected" in user_error("import-excel", locked, "--workspace", path)
    assert "no such file" in user_error("import-excel", tmp_path / "absent.xlsm", "--workspace", path)
    assert not path.exists()


def test_text_in_a_score_cell_changes_nothing(tmp_path):
    path = tmp_path / "w.rdw"
    ok("import-excel", official_workbook(tmp_path / "good.xlsm"), "--workspace", path)
    with Workspace.open(path, read_only=True) as ws:
        before = snapshot(ws)
    bad = official_workbook(tmp_path / "bad.xlsm", options={"P7.1": "three"})
    message = user_error("import-excel", bad, "--workspace", path)
    assert "E07 cell E7 (question P7.1) holds 'three'" in message and "nothing was imported" in message
    with Workspace.open(path, read_only=True) as ws:
        assert snapshot(ws) == before


def test_export_errors(tmp_path):
    path = tmp_path / "w.rdw"
    ok("import-excel", official_workbook(tmp_path / "good.xlsm"), "--workspace", path)
    assert "no assessment with id 'nope'" in user_error("export-excel", "nope", "-o", tmp_path / "x.xlsx",
                                                         "--workspace", path)
    aid = json.loads(ok("assessment", "list", "--workspace", path, "--json"))[0]["id"]
    assert ".xlsx" in user_error("export-excel", aid, "-o", tmp_path / "x.csv", "--workspace", path)
    assert "usage" not in user_error("export-excel", aid, "--workspace", path)  # -o is required


def test_import_names_the_city_by_the_start_of_its_id(tmp_path):
    """As an assessment is named by a start of its id, so is a city (``--city 3f2a``)."""
    path = tmp_path / "w.rdw"
    with Workspace.create(path) as ws:
        city = ws.add_city("Old Town", "KZ")
    wb = official_workbook(tmp_path / "city.xlsm")
    out = json.loads(ok("import-excel", wb, "--workspace", path, "--city", city[:6], "--json"))
    assert out["city_id"] == city


def test_a_start_of_an_id_that_two_cities_share_is_refused():
    from types import SimpleNamespace

    import pytest

    from resilience_desktop.cli._common import expand_id_starts
    from resilience_desktop.errors import InvalidInputError
    ws = SimpleNamespace(list_assessments=lambda: [],
                         list_cities=lambda: [SimpleNamespace(id="abcd1111-0000", name="Osh"),
                                              SimpleNamespace(id="abcd2222-0000", name="Naryn")])
    args = SimpleNamespace(command="import-excel", assessment=None, city="abcd")
    with pytest.raises(InvalidInputError, match="several cities start with 'abcd'"):
        expand_id_starts(args, ws)
    args.city = "abcd2"
    expand_id_starts(args, ws)
    assert args.city == "abcd2222-0000"
    args.city = "abc"  # it was "no city with id 'abc'" although two start so
    with pytest.raises(InvalidInputError, match="'abc' is too short to name an id: give at least 4"):
        expand_id_starts(args, ws)
    args.city = "xyz"  # none starts so: the command names what it cannot find
    expand_id_starts(args, ws)
    assert args.city == "xyz"
