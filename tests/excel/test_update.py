"""A workbook exported from an assessment, edited by colleagues in Excel and imported again,
updates that assessment (it made a second one before); what the app changed after the export
is never overwritten, and nothing the workbook cannot show is removed."""

from __future__ import annotations

import json

import openpyxl
import pytest

from resilience_desktop.cli.main import main
from resilience_desktop.excel import export_workbook, import_workbook
from resilience_desktop.workspace.facade import Workspace


@pytest.fixture
def ws(tmp_path, registry):
    w = Workspace.create(tmp_path / "osh.rdw", registry=registry)
    city = w.add_city("Osh", "KG", region="Osh", population=322_000)
    aid = w.new_assessment(city, "preliminary", title="Osh 2026", essentials=[1, 2])
    w.set_answer(aid, "P1.1", score=1, verification="the 2019 plan", comment="partly")
    w.set_answer(aid, "P1.2", score=2, comment="our own remark", comment_private=True)
    w.set_answer(aid, "P1.3", score=0)
    w.add_action(aid, "P1.1", "Adopt the plan", responsible="Council", timescale="2027")
    w.add_action(aid, "P1.1", "Fund the plan", timescale="2028", status="in_progress")
    w.aid = aid  # type: ignore[attr-defined]
    yield w
    w.close()


def _row(book, qid: str):
    sheet = book[f"E{int(qid[1:].split('.')[0]):02d}"]
    return sheet, next(r[0].row for r in sheet.iter_rows(min_row=4) if r[0].value == qid)


def _edit(path, edits: dict[tuple[str, str], object]) -> None:
    """Type into the exported workbook as a colleague would: {(question, column letter): value}."""
    book = openpyxl.load_workbook(path)
    for (qid, col), value in edits.items():
        sheet, row = _row(book, qid)
        sheet[f"{col}{row}"] = value
    book.save(path)


def test_a_colleagues_edits_update_the_assessment_they_came_from(ws, tmp_path):
    aid = ws.aid
    out = export_workbook(ws, aid, tmp_path / "osh.xlsx")
    _edit(out, {("P1.1", "C"): 2, ("P1.1", "E"): "the 2026 plan, adopted", ("P1.3", "C"): None,
                ("P2.1", "C"): "3 ", ("P2.1", "F"): "Map the floods\nMap the mudflows"})
    before = len(ws.history(aid))
    report = import_workbook(ws, out)
    assert report.updated and report.assessment_id == aid
    assert not any("How to fill in" in n for n in report.not_imported)  # the instructions are not data
    assert [a.id for a in ws.list_assessments()] == [aid]  # no second assessment
    assert sorted(report.changed) == ["P1.1", "P1.3", "P2.1"]
    assert (ws.answer(aid, "P1.1").score, ws.answer(aid, "P1.1").verification) == (2, "the 2026 plan, adopted")
    assert ws.answer(aid, "P1.1").comment == "partly"                 # untouched text stays
    assert not ws.answer(aid, "P1.3").answered                         # a score cleared in Excel is cleared
    # ... and said, with the score it had (a trial's: an emptied cell removed a score in silence)
    assert any(w.startswith("the workbook's empty score cells made these questions unanswered (the score before in "
                            "brackets): P1.3 (0);") for w in report.warnings), report.warnings
    assert ws.answer(aid, "P2.1").score == 3
    assert [x.action for x in ws.list_actions(aid, "P2.1")] == ["Map the floods", "Map the mudflows"]
    assert [x.action for x in ws.list_actions(aid, "P1.1")] == ["Adopt the plan", "Fund the plan"]
    # the private comment was not in the workbook: its empty cell removed nothing
    assert (ws.answer(aid, "P1.2").comment, ws.answer(aid, "P1.2").comment_private) == ("our own remark", True)
    # only what changed is in the history
    fields = {(c.question_id, c.field) for c in ws.history(aid)[before:]}
    assert ("P1.1", "score") in fields and ("P1.1", "verification") in fields
    assert not {q for q, _f in fields} - {"P1.1", "P1.3", "P2.1"}


def test_what_the_app_changed_after_the_export_is_kept_and_named(ws, tmp_path):
    aid = ws.aid
    out = export_workbook(ws, aid, tmp_path / "osh.xlsx")
    ws.set_answer(aid, "P1.1", score=3, comment="agreed at the workshop")  # in the app, after the export
    _edit(out, {("P1.1", "C"): 0, ("P1.3", "C"): 2})
    report = import_workbook(ws, out)
    assert ws.answer(aid, "P1.1").score == 3 and ws.answer(aid, "P1.1").comment == "agreed at the workshop"
    assert ws.answer(aid, "P1.3").score == 2
    assert report.changed == ["P1.3"]
    assert any("changed in the app after the workbook was exported" in w and "P1.1" in w for w in report.warnings)
    # the workbook imported again changes nothing more
    assert import_workbook(ws, out).changed == []


def test_an_action_deleted_in_excel_is_kept_and_named(ws, tmp_path):
    aid = ws.aid
    out = export_workbook(ws, aid, tmp_path / "osh.xlsx")
    _edit(out, {("P1.1", "F"): "Adopt the plan"})
    report = import_workbook(ws, out)
    assert [x.action for x in ws.list_actions(aid, "P1.1")] == ["Adopt the plan", "Fund the plan"]
    assert any("Fund the plan" in n and "kept" in n for n in report.not_imported)


def test_new_or_city_make_a_new_assessment_and_a_foreign_workbook_too(ws, tmp_path, registry):
    aid = ws.aid
    out = export_workbook(ws, aid, tmp_path / "osh.xlsx")
    copy = import_workbook(ws, out, new=True)
    assert copy.assessment_id != aid and not copy.updated
    city = ws.get_assessment(aid).city_id
    other = import_workbook(ws, out, city_id=city)
    assert other.assessment_id not in (aid, copy.assessment_id) and other.city_id == city
    with Workspace.create(tmp_path / "elsewhere.rdw", registry=registry) as elsewhere:
        report = import_workbook(elsewhere, out)
        assert not report.updated and report.city_created


def test_cli_updates_with_the_same_five_json_keys_and_new_makes_a_copy(ws, tmp_path, capsys):
    aid, path = ws.aid, ws.path
    out = export_workbook(ws, aid, tmp_path / "osh.xlsx")
    ws.close()
    _edit(out, {("P1.3", "C"): 3})
    capsys.readouterr()
    assert main(["import-excel", str(out), "--workspace", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"assessment_id", "city_id", "answered", "unanswered", "warnings"}
    assert data["assessment_id"] == aid
    assert main(["import-excel", str(out), "--workspace", str(path), "--lang", "ru"]) == 0
    said = capsys.readouterr().out
    assert "обновлена" in said
    assert "добавлено мероприятий: 0" in said and "мероприятий: 0," not in said  # added, not held
    assert main(["import-excel", str(out), "--workspace", str(path), "--new", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["assessment_id"] != aid
    with Workspace.open(path) as again:
        assert again.answer(aid, "P1.3").score == 3 and len(again.list_assessments()) == 2


def _info_edit(path, key: str, value: object) -> None:
    book = openpyxl.load_workbook(path)
    for row in book["Info"].iter_rows(min_row=3):
        if row[2].value == key:
            row[1].value = value
    book.save(path)


def test_text_typed_into_the_empty_cell_of_a_private_comment_does_not_replace_it(ws, tmp_path):
    aid = ws.aid
    out = export_workbook(ws, aid, tmp_path / "osh.xlsx")  # P1.2's private comment shows as an empty cell
    _edit(out, {("P1.2", "J"): "a colleague's view"})
    report = import_workbook(ws, out)
    assert (ws.answer(aid, "P1.2").comment, ws.answer(aid, "P1.2").comment_private) == ("our own remark", True)
    assert any("P1.2" in n and "a colleague's view" in n for n in report.not_imported)
    # exported with the private comments, an edit of one is an edit
    out = export_workbook(ws, aid, tmp_path / "private.xlsx", include_private=True)
    _edit(out, {("P1.2", "J"): "our own remark, revised"})
    import_workbook(ws, out)
    assert ws.answer(aid, "P1.2").comment == "our own remark, revised"


def test_an_unchanged_workbook_changes_nothing_and_blocks_no_other_workbook(ws, tmp_path):
    aid = ws.aid
    ws.set_answer(aid, "P1.1", comment="partly\n", verification="the 2019 plan\r\nsigned ", data_sources="atlas ")
    ws.update_assessment(aid, profile={"population": 322000, "area_km2": 182.0, "city_type": "",
                                       "stakeholders": ["a", "b"], "lead": {}})
    first = export_workbook(ws, aid, tmp_path / "first.xlsx")
    second = export_workbook(ws, aid, tmp_path / "second.xlsx")
    before = len(ws.history(aid))
    assert import_workbook(ws, first).changed == []
    assert ws.history(aid)[before:] == []  # nothing rewritten: no whitespace, no profile key dropped
    _info_edit(second, "assessment.title", "Osh 2026, reviewed")
    _edit(second, {("P1.1", "C"): 3})
    report = import_workbook(ws, second)
    assert ws.get_assessment(aid).title == "Osh 2026, reviewed" and ws.answer(aid, "P1.1").score == 3
    assert not any("changed in the app" in w for w in report.warnings)


def test_an_action_or_evidence_of_the_whole_assessment_is_not_a_change_of_its_details(ws, tmp_path):
    aid = ws.aid
    out = export_workbook(ws, aid, tmp_path / "osh.xlsx")
    ws.add_action(aid, None, "Brief the council")  # in the app, after the export: no question, no detail
    _info_edit(out, "assessment.title", "Osh 2026, reviewed")
    report = import_workbook(ws, out)
    assert ws.get_assessment(aid).title == "Osh 2026, reviewed"
    assert not any("details" in w for w in report.warnings)


def test_a_completion_date_that_is_no_date_is_not_stored(ws, tmp_path):
    aid = ws.aid
    ws.update_assessment(aid, completed_on="2026-03-01")
    out = export_workbook(ws, aid, tmp_path / "osh.xlsx")
    _info_edit(out, "assessment.completed_on", "next week")
    report = import_workbook(ws, out)
    assert ws.get_assessment(aid).completed_on == "2026-03-01"
    assert any("next week" in w for w in report.warnings)


def test_a_timescale_edited_in_excel_changes_the_action_on_its_line(ws, tmp_path):
    # a trial's: a colleague moved a deadline in Excel and the import kept the old one
    aid = ws.aid
    out = export_workbook(ws, aid, tmp_path / "osh.xlsx")
    _edit(out, {("P1.1", "H"): "2027\n2030 "})
    report = import_workbook(ws, out)
    assert [(x.action, x.timescale) for x in ws.list_actions(aid, "P1.1")] == [("Adopt the plan", "2027"),
                                                                            ("Fund the plan", "2030")]
    assert report.changed == ["P1.1"] and not any("timescale" in n for n in report.not_imported)
    assert ws.history(aid)[-1].field == "timescale"
    out = export_workbook(ws, aid, tmp_path / "osh2.xlsx")  # a cleared cell clears them
    _edit(out, {("P1.1", "H"): None})
    import_workbook(ws, out)
    assert [x.timescale for x in ws.list_actions(aid, "P1.1")] == ["", ""]


def test_actions_added_in_excel_take_their_timescale_lines(ws, tmp_path):
    # a review's: an action added with a line in each cell was saved without its timescale, and the import said
    # to give one line for each action, which the colleague had done
    aid = ws.aid
    out = export_workbook(ws, aid, tmp_path / "osh.xlsx")
    _edit(out, {("P1.1", "F"): "Adopt the plan\nFund the plan\nTrain the staff",
                ("P1.1", "H"): "2027\n2029\n2030", ("P1.3", "F"): "Map the risks\nShare the map",
                ("P1.3", "H"): "2026\n2027"})
    report = import_workbook(ws, out)
    assert [(x.action, x.timescale) for x in ws.list_actions(aid, "P1.1")] == [
        ("Adopt the plan", "2027"), ("Fund the plan", "2029"), ("Train the staff", "2030")]
    assert [(x.action, x.timescale) for x in ws.list_actions(aid, "P1.3")] == [("Map the risks", "2026"),
                                                                            ("Share the map", "2027")]
    assert not any("timescale" in n for n in report.not_imported), report.not_imported


def test_a_timescale_that_cannot_be_matched_to_the_actions_is_named(ws, tmp_path):
    aid = ws.aid
    out = export_workbook(ws, aid, tmp_path / "osh.xlsx")
    _edit(out, {("P1.1", "H"): "2030"})  # one line for two actions: which one?
    report = import_workbook(ws, out)
    assert [x.timescale for x in ws.list_actions(aid, "P1.1")] == ["2027", "2028"]
    assert any(n.startswith("question P1.1: the timescale '2030': give one line for each action")
               for n in report.not_imported), report.not_imported


def test_a_date_typed_into_the_profile_is_imported_as_a_date(ws, tmp_path):
    import datetime as dt

    aid = ws.aid
    ws.update_assessment(aid, profile={"assessment_date": "2026-01-15"})
    out = export_workbook(ws, aid, tmp_path / "osh.xlsx")
    _info_edit(out, "profile.assessment_date", dt.datetime(2026, 4, 2))  # Excel makes typed dates dates
    import_workbook(ws, out)
    assert ws.get_assessment(aid).profile["assessment_date"] == "2026-04-02"


def test_an_action_reworded_in_excel_is_that_action_changed_not_a_second_one(ws, tmp_path):
    """A city official's trial: rewording an action in Excel added it as new and kept the old one
    ("added: 1 … not in the workbook; it was kept"), so the plan filled with near-duplicates."""
    aid = ws.aid
    before = {x.action: x.id for x in ws.list_actions(aid, "P1.1")}
    out = export_workbook(ws, aid, tmp_path / "osh.xlsx")
    _edit(out, {("P1.1", "F"): "Adopt the plan (by the council)\nFund the plan"})
    report = import_workbook(ws, out)
    actions = ws.list_actions(aid, "P1.1")
    assert [(x.action, x.responsible, x.timescale, x.status) for x in actions] == [
        ("Adopt the plan (by the council)", "Council", "2027", "open"), ("Fund the plan", "", "2028", "in_progress")]
    assert actions[0].id == before["Adopt the plan"]  # the same action, its owner and deadline kept
    assert report.actions == 0 and report.changed == ["P1.1"] and report.not_imported == [], report.not_imported
    assert any(c.field == "action" and c.old_value == "Adopt the plan" for c in ws.history(aid))
    out = export_workbook(ws, aid, tmp_path / "osh2.xlsx")  # reworded and moved in one go: both on that action
    _edit(out, {("P1.1", "F"): "Adopt the plan (by the council)\nFund the plan from the 2027 budget",
                ("P1.1", "H"): "2027\n2029"})
    import_workbook(ws, out)
    assert [(x.action, x.timescale) for x in ws.list_actions(aid, "P1.1")] == [
        ("Adopt the plan (by the council)", "2027"), ("Fund the plan from the 2027 budget", "2029")]


def test_who_is_typed_for_an_action_added_in_excel_owns_that_action_not_the_question(ws, tmp_path):
    """The trial's: «МЧС КР» typed beside a new action became the question's responsible organisation too."""
    aid = ws.aid
    out = export_workbook(ws, aid, tmp_path / "osh.xlsx")
    _edit(out, {("P1.3", "F"): "Map the risks", ("P1.3", "G"): "МЧС КР"})
    import_workbook(ws, out)
    [action] = ws.list_actions(aid, "P1.3")
    assert (action.action, action.responsible) == ("Map the risks", "МЧС КР")
    assert ws.answer(aid, "P1.3").responsible == ""


def test_the_command_line_names_the_questions_an_update_changed(ws, tmp_path, capsys):
    """The trial's: the app's dialog listed «(P1.1, P1.3)», the command line only «questions changed: 2»."""
    aid, path = ws.aid, ws.path
    out = export_workbook(ws, aid, tmp_path / "osh.xlsx")
    ws.close()
    _edit(out, {("P1.3", "C"): 3, ("P1.1", "C"): 2})
    capsys.readouterr()
    assert main(["import-excel", str(out), "--workspace", str(path), "--lang", "ru"]) == 0
    assert "изменено вопросов: 2 (P1.1, P1.3)" in capsys.readouterr().out
