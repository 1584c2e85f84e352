"""Importing the official Preliminary workbook (resilience_desktop/excel): variants and refusals.

Every workbook is built by ``tests/excel/workbooks.py`` in the official layout. A workbook that
cannot be trusted must leave the workspace exactly as it was (compared with ``snapshot``).
"""

from __future__ import annotations

import zipfile

import openpyxl
import pytest

from resilience_desktop.errors import ExcelImportError, NotFoundError, WorkspaceReadOnlyError
from resilience_desktop.excel import import_workbook, read_workbook
from resilience_desktop.excel.importer import import_content
from resilience_desktop.i18n.countries import country_code
from resilience_desktop.workspace.facade import Workspace

from ..fixtures import snapshot
from .workbooks import (
    INFO, OPTIONS, QUESTIONS, SCORES, SOURCE_DATES, STAKEHOLDERS, UNANSWERED, action_of, official_workbook,
    verification_of,
)

ANSWERED = [q for q, s in SCORES.items() if s is not None]
EXPECTED_PROFILE = {
    **{k: v for k, v in INFO.items() if k not in ("city_name", "country", "assessment_date", "share_results")},
    "assessment_date": "2019-05-14", "share_results": True, "stakeholders": STAKEHOLDERS,
    "source_dates": SOURCE_DATES,
}


@pytest.fixture
def ws(tmp_path, registry):
    """An empty workspace on the shipped scorecards (the importer uses ``preliminary``)."""
    w = Workspace.create(tmp_path / "excel.rdw", registry=registry)
    yield w
    w.close()


def scores(ws: Workspace, aid: str) -> dict[str, int | None]:
    answers = ws.answers(aid)
    return {q: (answers[q].score if q in answers else None) for q in QUESTIONS}


def refused(ws: Workspace, path, *, city_id=None) -> str:
    """Import ``path``, which must be refused with a clear message and change nothing; return the message."""
    before = snapshot(ws)
    with pytest.raises(ExcelImportError) as info:
        import_workbook(ws, path, city_id=city_id)
    assert snapshot(ws) == before
    message = str(info.value)
    assert "\n" not in message and "Traceback" not in message
    return message


# ------------------------------------------------------------------ the complete official workbook
def test_full_workbook_imports_city_profile_answers_and_actions(ws, tmp_path):
    report = import_workbook(ws, official_workbook(tmp_path / "city.xlsm"))

    city = ws.get_city(report.city_id)
    assert (city.name, city.country, city.population, city.area_km2) == ("Testgrad", "KG", 1_050_000, 127.5)
    assert report.city_created and report.city_name == "Testgrad"
    a = ws.get_assessment(report.assessment_id)
    assert (a.scorecard_id, a.city_id, a.started_on, a.team) == ("preliminary", city.id, "2019-05-14", ("Aida Testova",))
    assert a.profile == EXPECTED_PROFILE
    assert report.profile_fields == sorted(EXPECTED_PROFILE)

    assert scores(ws, a.id) == SCORES
    answers = ws.answers(a.id)
    for q in ANSWERED:
        assert answers[q].verification == verification_of(q)
        assert answers[q].responsible == action_of(q)[1]
    actions = ws.list_actions(a.id)
    assert [(x.question_id, x.action, x.responsible, x.timescale, x.status) for x in actions] == [
        (q, *action_of(q), "open") for q in ANSWERED]
    assert (report.answered, report.unanswered, report.actions) == (44, 3, 44)
    assert any(all(q in w for q in UNANSWERED) for w in report.warnings)
    assert any("macros" in n for n in report.not_imported)
    s = ws.score(a.id)
    assert (s.points, s.max) == (sum(v for v in SCORES.values() if v is not None), 141)


def test_score_is_four_minus_the_option(ws, tmp_path):
    path = official_workbook(tmp_path / "opts.xlsm", options={"P1.1": 1, "P1.2": 2, "P1.3": 3, "P2.1": 4, "P2.2": 4.0})
    aid = import_workbook(ws, path).assessment_id
    got = scores(ws, aid)
    assert [got[q] for q in ("P1.1", "P1.2", "P1.3", "P2.1", "P2.2")] == [3, 2, 1, 0, 0]


def test_import_leaves_existing_assessments_alone(ws, tmp_path):
    first = import_workbook(ws, official_workbook(tmp_path / "a.xlsm"))
    before = {k: v for k, v in snapshot(ws)["assessments"].items()}
    second = import_workbook(ws, official_workbook(tmp_path / "b.xlsm", options={"P1.1": 4}))
    after = snapshot(ws)["assessments"]
    assert second.assessment_id != first.assessment_id
    assert after[first.assessment_id] == before[first.assessment_id]
    assert scores(ws, second.assessment_id)["P1.1"] == 0
    # the same city's second workbook (another year, another colleague) joins the city: no twin Testgrad
    assert second.city_id == first.city_id and not second.city_created and len(ws.list_cities()) == 1
    [said] = [w for w in second.warnings if "already in the workspace" in w]
    assert said.startswith(f"the city Testgrad (KG) is already in the workspace ({first.city_id})")
    assert not any("already in the workspace" in w for w in first.warnings)


def test_the_same_workbook_imported_twice_is_refused_the_second_time(ws, tmp_path):
    """A trial imported one workbook seven times and got seven identical assessments of one city."""
    path = official_workbook(tmp_path / "Testgrad 2019.xlsm")
    first = import_workbook(ws, path)
    message = refused(ws, path)
    assert message.startswith("Testgrad 2019.xlsm: assessment 'Testgrad — ") and first.assessment_id in message
    assert "already holds this workbook's title and answers" in message and "--new" in message
    again = import_workbook(ws, path, new=True)  # asked for: once more
    assert again.assessment_id != first.assessment_id and len(ws.list_assessments()) == 2
    # the same city's workbook with one score changed (another year's, a colleague's) is no twin
    other = import_workbook(ws, official_workbook(tmp_path / "b.xlsm", options={"P1.1": 4}))
    assert other.city_id == first.city_id and len(ws.list_assessments()) == 3


def test_a_namesake_city_elsewhere_is_not_joined(ws, tmp_path):
    """A Testgrad in another country, or in another region of the same country, is another city."""
    first = import_workbook(ws, official_workbook(tmp_path / "a.xlsm"))
    ws.update_city(first.city_id, region="Chui")
    kz = import_workbook(ws, official_workbook(tmp_path / "kz.xlsm", info={"country": "Kazakhstan"}))
    assert kz.city_created and kz.city_id != first.city_id
    content = read_workbook(official_workbook(tmp_path / "b.xlsm"))  # our own format carries a region
    content.city.region = "Osh"
    assert import_content(ws, content, name="osh.xlsx").city_created
    content.city.region = "chui "
    assert import_content(ws, content, name="chui.xlsx", new=True).city_id == first.city_id
    assert len(ws.list_cities()) == 3


def test_reading_never_keeps_or_runs_macros(tmp_path, monkeypatch):
    calls = []
    real = openpyxl.load_workbook

    def spy(*args, **kwargs):
        calls.append(kwargs)
        return real(*args, **kwargs)
    monkeypatch.setattr(openpyxl, "load_workbook", spy)
    content = read_workbook(official_workbook(tmp_path / "m.xlsm"))
    assert content.has_macros
    # the values through openpyxl, which keeps no macros; the formulas (issue 16) are found by streaming the
    # score sheets' XML, not by a second openpyxl read
    assert calls == [{"read_only": True, "data_only": True, "keep_vba": False, "keep_links": False}]


# ------------------------------------------------------------------ tolerated variants
def test_workbook_without_question_sheets_imports_the_profile_only(ws, tmp_path):
    path = official_workbook(tmp_path / "2023.xlsx", e_sheets=False, macros=False, results_total="46 / 138")
    report = import_workbook(ws, path)
    a = ws.get_assessment(report.assessment_id)
    assert a.profile == EXPECTED_PROFILE
    assert ws.answers(a.id) == {} and ws.list_actions(a.id) == []
    assert (report.answered, report.unanswered) == (0, 47)
    [warning] = [w for w in report.warnings if "E01–E10" in w]
    assert "46 / 138" in warning and "profile" in warning


def test_shifted_rows_are_found_by_their_headers_and_labels(ws, tmp_path):
    path = official_workbook(tmp_path / "shifted.xlsm", shift=2, info_shift=1)
    report = import_workbook(ws, path)
    a = ws.get_assessment(report.assessment_id)
    assert scores(ws, a.id) == SCORES
    assert ws.answers(a.id)["P9.7"].verification == verification_of("P9.7")
    assert a.profile == EXPECTED_PROFILE
    assert ws.get_city(a.city_id).population == 1_050_000
    assert any(w.startswith("E01: the questions are not at the official rows (found at rows 5, 16, 27)")
               for w in report.warnings)
    assert any(w.startswith("Info: some rows") for w in report.warnings)


def test_unanswered_questions_stay_unanswered_and_are_listed(ws, tmp_path):
    blank = {q: None for q, (e, _t) in QUESTIONS.items() if e == 3}
    report = import_workbook(ws, official_workbook(tmp_path / "blank.xlsm", options=blank))
    got = scores(ws, report.assessment_id)
    assert all(got[q] is None for q in blank)
    assert not any(ws.answer(report.assessment_id, q).answered for q in blank)
    assert (report.answered, report.unanswered) == (44 - 4, 3 + 4)
    assert any(all(q in w for q in blank) for w in report.warnings)


def test_xlsx_without_macros_imports_the_same(ws, tmp_path):
    path = official_workbook(tmp_path / "plain.xlsx", macros=False)
    with zipfile.ZipFile(path) as z:
        assert not any("vba" in n.lower() for n in z.namelist())
    report = import_workbook(ws, path)
    assert scores(ws, report.assessment_id) == SCORES
    assert not any("macros" in n for n in report.not_imported)


def test_missing_essential_sheet_is_a_warning(ws, tmp_path):
    report = import_workbook(ws, official_workbook(tmp_path / "no5.xlsm", omit_sheets=("E05",)))
    assert any("E05" in w and "missing" in w for w in report.warnings)
    assert report.unanswered == 3 + 3


def test_question_unknown_to_the_scorecard_is_reported_not_imported(ws, tmp_path):
    path = official_workbook(tmp_path / "extra.xlsm")
    book = openpyxl.load_workbook(path)
    sheet = book["E10"]
    sheet["B25"], sheet["E29"] = "P10.3 - A question from another version", 1
    book.save(path)
    report = import_workbook(ws, path)
    assert any(n.startswith("question P10.3 (E10 row 25)") for n in report.not_imported)


def test_number_written_as_text_in_info_is_kept_with_a_warning(ws, tmp_path):
    path = official_workbook(tmp_path / "text.xlsm", info={"population": "about a million", "density": "8 235"})
    report = import_workbook(ws, path)
    a = ws.get_assessment(report.assessment_id)
    assert a.profile["population"] == "about a million" and a.profile["density"] == 8235
    assert ws.get_city(a.city_id).population is None
    assert any("about a million" in w for w in report.warnings)


@pytest.mark.parametrize("country", ["Кыргызстан", "Киргизия", "KGZ", "kg", "Kyrgyz Republic"])
def test_country_in_english_russian_or_as_a_code(ws, tmp_path, country):
    report = import_workbook(ws, official_workbook(tmp_path / "c.xlsm", info={"country": country}))
    assert ws.get_city(report.city_id).country == "KG"


def test_country_codes():
    assert [country_code(x) for x in ("Uzbekistan", "Узбекистан", "Российская Федерация", "Россия", "Atlantis", "")] \
        == ["UZ", "UZ", "RU", "RU", None, None]


def test_unknown_country_needs_an_existing_city(ws, tmp_path):
    path = official_workbook(tmp_path / "atl.xlsm", info={"country": "Atlantis"})
    message = refused(ws, path)
    assert "'Atlantis'" in message and "--city" in message
    city = ws.add_city("Old Town", "KZ")
    report = import_workbook(ws, path, city_id=city)
    assert report.city_id == city and not report.city_created
    assert [c.name for c in ws.list_cities()] == ["Old Town"]
    assert any("Testgrad" in n and "Old Town" in n for n in report.not_imported)
    assert scores(ws, report.assessment_id) == SCORES
    # into the city the Info sheet names anyway: its details are nothing lost, so not listed
    same = ws.add_city("Testgrad", "KG")
    again = import_workbook(ws, official_workbook(tmp_path / "tg.xlsm"), city_id=same)
    assert not any("city details" in n for n in again.not_imported)


def test_unknown_city_id_writes_nothing(ws, tmp_path):
    before = snapshot(ws)
    with pytest.raises(NotFoundError):
        import_workbook(ws, official_workbook(tmp_path / "x.xlsm"), city_id="no-such-city")
    assert snapshot(ws) == before


# ------------------------------------------------------------------ refused: nothing is imported
def test_wrong_file_type(ws, tmp_path):
    png = tmp_path / "photo.xlsm"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 200)
    assert "photo.xlsm is not an Excel workbook" in refused(ws, png)


def test_zip_that_is_not_a_workbook(ws, tmp_path):
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "hello")
    assert "archive.xlsx is not a readable Excel workbook" in refused(ws, path)


def test_password_protected_workbook(ws, tmp_path):
    # Excel saves a workbook with a password as an encrypted OLE compound file, not a zip.
    locked = tmp_path / "locked.xlsm"
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    message = refused(ws, locked)
    assert "password-protected" in message and "Excel 2007+" in message
    encrypted = tmp_path / "encrypted.xlsm"
    encrypted.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptionInfo".encode("utf-16-le"))
    assert refused(ws, encrypted).startswith("encrypted.xlsm is password-protected: open it in Excel")


def test_missing_file(ws, tmp_path):
    assert "no such file" in refused(ws, tmp_path / "absent.xlsm")


@pytest.mark.parametrize("value", ["two", "5", "2.5", 5, 0, 2.5, True])
def test_score_cell_holding_text_or_out_of_range_imports_nothing(ws, tmp_path, value):
    import_workbook(ws, official_workbook(tmp_path / "good.xlsm"))  # the workspace already holds data
    path = official_workbook(tmp_path / "bad.xlsm", options={"P4.2": value})
    message = refused(ws, path)
    assert message.startswith("bad.xlsm: E04 cell E18 (question P4.2) holds")
    assert "1, 2, 3 or 4" in message and message.endswith("nothing was imported")


def test_an_option_typed_as_text_is_taken(ws, tmp_path):
    # a colleague typed the option into a cell formatted as Text, or with a space: it is the option all the same
    typed = {"P1.1": "2", "P2.1": " 3 ", "P3.1": "1,0", "P4.2": "4\u00a0"}
    report = import_workbook(ws, official_workbook(tmp_path / "typed.xlsm", options=typed))
    assert {q: ws.answer(report.assessment_id, q).score for q in typed} == {"P1.1": 2, "P2.1": 1, "P3.1": 3,
                                                                           "P4.2": 0}


def test_every_bad_cell_is_counted(ws, tmp_path):
    path = official_workbook(tmp_path / "bad.xlsm", options={"P1.1": "x", "P6.3": "y", "P9.1": 7})
    message = refused(ws, path)
    # every bad cell named, so a colleague corrects them all before the next try
    assert message.startswith("bad.xlsm: 3 problems, nothing was imported: ")
    assert all(f"(question {q})" in message for q in ("P1.1", "P6.3", "P9.1"))


def test_question_twice_is_refused(ws, tmp_path):
    path = official_workbook(tmp_path / "twice.xlsm")
    book = openpyxl.load_workbook(path)
    book["E02"]["B58"] = "P2.1 - Again"
    book.save(path)
    assert "question P2.1 appears twice (E02 row 3 and E02 row 58)" in refused(ws, path)


def test_workbook_that_is_not_a_scorecard(ws, tmp_path):
    path = tmp_path / "budget.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"], book.active["B2"] = "Budget", 1200
    book.save(path)
    assert "does not look like the official Preliminary scorecard workbook" in refused(ws, path)


def test_read_only_workspace_is_not_written(tmp_path, registry):
    path = tmp_path / "ro.rdw"
    Workspace.create(path, registry=registry).close()
    with Workspace.open(path, read_only=True, registry=registry) as ro:
        before = snapshot(ro)
        with pytest.raises(WorkspaceReadOnlyError):
            import_workbook(ro, official_workbook(tmp_path / "x.xlsm"))
        assert snapshot(ro) == before


def test_options_fixture_covers_every_option():
    assert {o for o in OPTIONS.values()} == {None, 1, 2, 3, 4}
