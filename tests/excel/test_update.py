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
    assert "обновлена" in capsys.readouterr().out
    assert main(["import-excel", str(out), "--workspace", str(path), "--new", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["assessment_id"] != aid
    with Workspace.open(path) as again:
        assert again.answer(aid, "P1.3").score == 3 and len(again.list_assessments()) == 2
