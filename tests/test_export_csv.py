"""Answers as CSV (resilience_desktop/export_csv.py): one row per question, UTF-8 with a BOM."""

from __future__ import annotations

import csv
import io

import pytest

from resilience_desktop.safety import csv_safe
from resilience_desktop.errors import NotFoundError
from resilience_desktop.report.answers_csv import COLUMNS, write_answers_csv

from .fixtures import MINI_QUESTIONS, populate

BOM = b"\xef\xbb\xbf"


def read_rows(path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(BOM)
    return list(csv.DictReader(io.StringIO(raw[len(BOM):].decode("utf-8"), newline="")))


@pytest.fixture
def filled(workspace):
    _city, aid = populate(workspace)  # P1.1 = 3, P1.2 = N/A, P2.1 = 0
    workspace.set_answer(aid, "P2.2", score=1, comment="Казначейство против", comment_private=True,
                         verification="Бюджет 2026", responsible="Финансовый отдел")
    workspace.add_action(aid, "P2.1", "Draft a budget line", timescale="1 year")
    workspace.add_action(aid, "P2.1", "Train the staff", timescale="6 months")
    return workspace, aid


def test_one_row_per_question_with_the_columns(filled, tmp_path):
    ws, aid = filled
    out = write_answers_csv(ws, aid, tmp_path / "answers.csv")
    rows = read_rows(out)
    assert list(rows[0]) == list(COLUMNS)
    assert [r["question_id"] for r in rows] == list(MINI_QUESTIONS)
    assert {r["assessment_id"] for r in rows} == {aid}
    by_id = {r["question_id"]: r for r in rows}
    assert {k: by_id["P1.1"][k] for k in ("essential", "topic", "score", "max", "na", "answered", "comment")} == {
        "essential": "1", "topic": "Topic 1.1", "score": "3", "max": "3", "na": "0", "answered": "1",
        "comment": "fully in place"}
    assert (by_id["P1.2"]["score"], by_id["P1.2"]["na"], by_id["P1.2"]["answered"]) == ("", "1", "1")
    assert (by_id["P3.1"]["score"], by_id["P3.1"]["na"], by_id["P3.1"]["answered"]) == ("", "0", "0")
    assert by_id["P2.1"]["actions"] == "Draft a budget line; Train the staff"
    assert by_id["P2.1"]["timescale"] == "1 year; 6 months"


def read_translated(path) -> list[dict[str, str]]:
    """Rows of a CSV written in another language, keyed by the column keys (the order is fixed)."""
    raw = path.read_bytes()
    table = list(csv.reader(io.StringIO(raw[len(BOM):].decode("utf-8"), newline="")))
    return [dict(zip(COLUMNS, row)) for row in table[1:]]


@pytest.mark.parametrize(("lang", "question"), [("ru", "Вопрос"), ("kk", "Сұрақ"), ("ky", "Суроо")])
def test_headers_are_in_the_language_of_the_file(filled, tmp_path, lang, question):
    ws, aid = filled
    out = write_answers_csv(ws, aid, tmp_path / "h.csv", lang=lang)
    header = next(csv.reader(io.StringIO(out.read_bytes()[len(BOM):].decode("utf-8"))))
    assert len(header) == len(COLUMNS) and header[1] == question
    assert not set(header) & set(COLUMNS)


def test_cyrillic_round_trips_and_private_comments_stay_out(filled, tmp_path):
    ws, aid = filled
    rows = {r["question_id"]: r for r in read_translated(write_answers_csv(ws, aid, tmp_path / "a.csv", lang="ru"))}
    assert rows["P2.2"]["comment"] == ""
    assert (rows["P2.2"]["verification"], rows["P2.2"]["responsible"]) == ("Бюджет 2026", "Финансовый отдел")
    assert rows["P1.1"]["topic"] == "Тема 1.1"
    assert "Казначейство" not in (tmp_path / "a.csv").read_text(encoding="utf-8-sig")
    with_private = {r["question_id"]: r for r in read_rows(
        write_answers_csv(ws, aid, tmp_path / "b.csv", include_private=True))}
    assert with_private["P2.2"]["comment"] == "Казначейство против"


def test_replaces_the_file_atomically(filled, tmp_path, monkeypatch):
    ws, aid = filled
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "answers.csv"
    out.write_text("old", encoding="utf-8")

    class Broken(csv_safe.DictWriter):
        def writerows(self, rows):
            super().writerows(rows[:3])
            raise OSError(28, "No space left on device")

    monkeypatch.setattr("resilience_desktop.report.answers_csv.csv_safe.DictWriter", Broken)
    with pytest.raises(OSError):
        write_answers_csv(ws, aid, out)
    assert out.read_text(encoding="utf-8") == "old"  # half a table never replaces the file
    assert [p.name for p in folder.iterdir()] == ["answers.csv"]  # and no temporary file is left
    monkeypatch.undo()
    with pytest.raises(NotFoundError):
        write_answers_csv(ws, "nope", out)
    write_answers_csv(ws, aid, out)
    assert len(read_rows(out)) == len(MINI_QUESTIONS)
    assert [p.name for p in folder.iterdir()] == ["answers.csv"]


def test_partial_assessment_has_rows_for_its_essentials_only(workspace, tmp_path):
    city = workspace.add_city("Partial", "KG")
    aid = workspace.new_assessment(city, "mini", essentials=[3])
    rows = read_rows(write_answers_csv(workspace, aid, tmp_path / "p.csv"))
    assert [r["question_id"] for r in rows] == ["P3.1", "P3.2"]


def test_semicolons_and_decimal_commas_for_a_russian_excel(filled, tmp_path):
    """``--csv-separator semicolon``: what Excel with a decimal comma opens into columns; commas by default."""
    from .fixtures import run_cli
    ws, aid = filled
    path = ws.path
    ws.close()
    out = tmp_path / "a.csv"
    r = run_cli("assessment", "export-csv", aid, "-o", out, "--csv-separator", "semicolon", "--workspace", path)
    assert r.returncode == 0, r.stderr
    raw = out.read_bytes()
    assert raw.startswith(BOM)
    rows = list(csv.DictReader(io.StringIO(raw[len(BOM):].decode("utf-8"), newline=""), delimiter=";"))
    assert list(rows[0]) == list(COLUMNS) and [r["question_id"] for r in rows] == list(MINI_QUESTIONS)
    assert {r["question_id"]: r["score"] for r in rows}["P1.1"] == "3"
    assert run_cli("assessment", "export-csv", aid, "-o", out, "--workspace", path).returncode == 0
    assert list(read_rows(out)[0]) == list(COLUMNS)  # the next call: commas again
    assert "invalid choice" in run_cli("assessment", "export-csv", aid, "-o", out, "--csv-separator", ";",
                                       "--workspace", path).stderr


def test_a_dict_writer_takes_the_separator_unless_given_one():
    buf = io.StringIO()
    with csv_safe.separator_of("semicolon"):
        w = csv_safe.DictWriter(buf, fieldnames=["city", "share", "n"], lineterminator="\n")
        w.writeheader()
        w.writerow({"city": "=Ош", "share": 66.7, "n": 3})
        csv_safe.DictWriter(buf, fieldnames=["a", "b"], delimiter="|", lineterminator="\n").writerow({"a": 1.5, "b": 2})
    csv_safe.writer(buf, lineterminator="\n").writerow(["after", 0.5])
    assert buf.getvalue() == "city;share;n\n'=Ош;66,7;3\n1.5|2\nafter,0.5\n"
    with pytest.raises(ValueError):
        csv_safe.set_separator(";")
