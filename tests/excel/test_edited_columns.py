"""A colleague deletes, inserts or moves a column of an exported question sheet in Excel: the
columns are found by their headers (in any of the app's languages), a deleted column's text is
kept in the app, a column no export writes is named as not imported, and a sheet whose score or
question column cannot be found is refused with nothing changed. (Read by position, a deleted
column once shifted every later column: the verification text became the actions and the
justifications were wiped, with exit code 0.)"""

from __future__ import annotations

import openpyxl
import pytest

from resilience_desktop.errors import ExcelImportError
from resilience_desktop.excel import export_workbook, import_workbook
from resilience_desktop.excel.own_format import COLUMNS, _heads_in_any_language, column_heads
from resilience_desktop.i18n.catalog import set_language
from resilience_desktop.i18n.language import LANGUAGES, Language
from resilience_desktop.workspace.facade import Workspace

from ..fixtures import snapshot


@pytest.fixture
def ws(tmp_path, registry):
    w = Workspace.create(tmp_path / "osh.rdw", registry=registry)
    city = w.add_city("Ош", "KG", region="Ош", population=322_000)
    aid = w.new_assessment(city, "preliminary", title="Ош 2026", essentials=[1, 2])
    w.set_answer(aid, "P1.1", score=1, verification="план 2019 года", comment="частично", data_sources="мэрия")
    w.set_answer(aid, "P1.2", score=2, comment="обсудить на семинаре", responsible="Отдел ЧС")
    w.add_action(aid, "P1.1", "Принять план", responsible="Горсовет", timescale="2027")
    w.add_action(aid, "P1.1", "Профинансировать план", timescale="2028", status="in_progress")
    w.aid = aid  # type: ignore[attr-defined]
    yield w
    w.close()


def _ru(key: str) -> str:
    """The Russian header of a column."""
    with Language.get("ru").active():
        return column_heads()[key]


def _russian_export(ws, tmp_path):
    return export_workbook(ws, ws.aid, tmp_path / "ош.xlsx", lang="ru")


def _row_of(sheet, qid: str, id_col: int = 1) -> int:
    return next(c.row for c in sheet.iter_cols(min_col=id_col, max_col=id_col, min_row=4).__next__() if c.value == qid)


def _texts(ws, aid):
    return {q: (a.score, a.verification, a.comment, a.data_sources, a.responsible)
            for q, a in ws.answers(aid).items()}


def test_every_header_of_every_language_reads_back_as_its_own_column():
    for code in LANGUAGES:
        with Language.get(code).active():
            heads = column_heads()
        assert set(heads) == set(COLUMNS)
        assert {_heads_in_any_language()[h.strip().casefold()] for h in heads.values()} == set(COLUMNS), code
        assert {_heads_in_any_language()[h.strip().casefold()]: k for k, h in heads.items()} == \
            {k: k for k in heads}, code


def test_a_deleted_column_keeps_the_apps_text_and_the_rest_is_read_where_it_moved(ws, tmp_path):
    aid = ws.aid
    before_texts, before_actions = _texts(ws, aid), ws.list_actions(aid)
    out = _russian_export(ws, tmp_path)
    book = openpyxl.load_workbook(out)
    sheet = book["E01"]
    sheet.delete_cols(COLUMNS["verification"])          # "Средства подтверждения" deleted in E01 only
    sheet[f"C{_row_of(sheet, 'P1.3')}"] = 3             # and a score typed, still in column C
    book.save(out)

    report = import_workbook(ws, out)                    # an English app reading a Russian workbook

    assert report.updated and report.changed == ["P1.3"]
    after = _texts(ws, aid)
    assert after.pop("P1.3")[0] == 3
    assert after == {q: v for q, v in before_texts.items() if q != "P1.3"}  # nothing shifted, nothing wiped
    assert [(a.action, a.responsible, a.timescale, a.status) for a in ws.list_actions(aid)] == \
        [(a.action, a.responsible, a.timescale, a.status) for a in before_actions]
    warning = next(w for w in report.warnings if "no column is headed" in w)
    assert warning.startswith("E01:") and repr(_ru("verification")) in warning and "E02" not in warning


def test_a_deleted_column_in_a_new_assessment_is_said_and_the_hidden_actions_still_come(ws, tmp_path):
    out = _russian_export(ws, tmp_path)
    book = openpyxl.load_workbook(out)
    book["E01"].delete_cols(COLUMNS["actions"])
    book.save(out)
    report = import_workbook(ws, out, new=True)
    assert report.assessment_id != ws.aid
    assert [a.action for a in ws.list_actions(report.assessment_id, "P1.1")] == ["Принять план",
                                                                                 "Профинансировать план"]
    assert ws.answer(report.assessment_id, "P1.1").verification == "план 2019 года"
    assert any(repr(_ru("actions")) in w for w in report.warnings), report.warnings


def test_an_inserted_column_is_named_and_the_columns_after_it_are_read_by_their_headers(ws, tmp_path):
    aid = ws.aid
    out = _russian_export(ws, tmp_path)
    book = openpyxl.load_workbook(out)
    sheet = book["E01"]
    sheet.insert_cols(6)                                  # before "Actions"
    sheet["F3"] = "Заметки"
    row = _row_of(sheet, "P1.2")
    sheet[f"F{row}"] = "спросить у водоканала"
    sheet[f"{openpyxl.utils.get_column_letter(COLUMNS['actions'] + 1)}{row}"] = "Обновить карту паводков"
    sheet[f"{openpyxl.utils.get_column_letter(COLUMNS['comment'] + 1)}{row}"] = "согласовано"
    sheet["P5"] = "лишнее"                                # and something typed far to the right
    book.save(out)

    set_language("ru")
    try:
        report = import_workbook(ws, out)
    finally:
        set_language("en")

    assert ws.answer(aid, "P1.2").comment == "согласовано"
    assert [a.action for a in ws.list_actions(aid, "P1.2")] == ["Обновить карту паводков"]
    assert ws.answer(aid, "P1.1").verification == "план 2019 года"  # not shifted into a neighbour
    named = [n for n in report.not_imported if n.startswith("E01")]
    assert len(named) == 2 and " F " in named[0] and "'Заметки'" in named[0] and " P " in named[1], named
    assert not [w for w in report.warnings if "E01" in w]  # nothing is missing


def test_a_header_reworded_in_place_is_read_where_it_was(ws, tmp_path):
    aid = ws.aid
    out = _russian_export(ws, tmp_path)
    book = openpyxl.load_workbook(out)
    sheet = book["E01"]
    sheet["E3"] = "Чем подтверждается"
    sheet[f"E{_row_of(sheet, 'P1.1')}"] = "план 2026 года"
    book.save(out)
    report = import_workbook(ws, out)
    assert ws.answer(aid, "P1.1").verification == "план 2026 года"
    assert not [w for w in report.warnings if "no column" in w] and not [n for n in report.not_imported
                                                                          if "column" in n]


@pytest.mark.parametrize("edit, said", [
    (lambda s: s.delete_cols(COLUMNS["score"]), "no column is headed {score!r}"),
    (lambda s: (s.delete_cols(COLUMNS["topic"]), s.cell(3, 7, _ru("score"))), "two columns are headed {score!r}"),
])
def test_a_sheet_whose_scores_cannot_be_found_is_refused_and_nothing_changes(ws, tmp_path, edit, said):
    out = _russian_export(ws, tmp_path)
    book = openpyxl.load_workbook(out)
    edit(book["E02"])
    book.save(out)
    before = snapshot(ws)
    with pytest.raises(ExcelImportError) as err:
        import_workbook(ws, out)
    said = said.format(score=_ru("score"))
    assert "E02" in str(err.value) and said in str(err.value) and "nothing was imported" in str(err.value)
    assert snapshot(ws) == before


def test_a_renamed_question_sheet_is_still_read_and_a_colleagues_own_sheet_is_named(ws, tmp_path):
    aid = ws.aid
    out = _russian_export(ws, tmp_path)
    book = openpyxl.load_workbook(out)
    sheet = book["E02"]
    sheet.title = "Лист1"
    sheet[f"C{_row_of(sheet, 'P2.1')}"] = 2
    book.create_sheet("Заметки")["A1"] = "позвонить в МЧС"
    book.save(out)

    report = import_workbook(ws, out)
    assert ws.answer(aid, "P2.1").score == 2 and report.changed == ["P2.1"]
    assert any("'Лист1'" in w and "renamed" in w for w in report.warnings), report.warnings
    assert not any("P2." in w for w in report.warnings)  # none of its questions is "not found"
    assert any("'Заметки'" in n for n in report.not_imported) and not any("Лист1" in n for n in report.not_imported)

    fresh = import_workbook(ws, out, new=True)        # a new assessment: no "sheet E02 is missing" either
    assert ws.answer(fresh.assessment_id, "P2.1").score == 2
    assert not any("E02" in w for w in fresh.warnings), fresh.warnings


def test_a_copied_question_sheet_is_refused_as_questions_twice(ws, tmp_path):
    out = _russian_export(ws, tmp_path)
    book = openpyxl.load_workbook(out)
    copy = book.copy_worksheet(book["E01"])
    copy.title = "E01 (2)"
    copy[f"C{_row_of(copy, 'P1.1')}"] = 3
    book.save(out)
    before = snapshot(ws)
    with pytest.raises(ExcelImportError, match=r"P1\.1 appears twice \(E01 row \d+ and E01 \(2\) row \d+\)"):
        import_workbook(ws, out)
    assert snapshot(ws) == before
