"""Authoring a scorecard from a spreadsheet: ``scorecard/sheet.py`` and ``scorecard import-sheet``."""

from __future__ import annotations

import json
import os
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from resilience_desktop.errors import ScorecardError, ScorecardValidationError
from resilience_desktop.scorecard import builtin_dir, load_scorecard, validate_file
from resilience_desktop.scorecard.sheet import definition_from_sheet, write_definition

LEVELS_EN = {0: "Nothing in place", 1: "Started", 2: "Mostly in place", 3: "Fully in place"}
LEVELS_RU = {0: "Ничего нет", 1: "Начато", 2: "В основном есть", 3: "Полностью есть"}


def _workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """Write ``{sheet name: rows}`` as an .xlsx (the first sheet first)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def _indicator_rows(ids_ess: list[tuple[str, int]], *, ru: bool = True) -> list[list[Any]]:
    # Headers written the way people type them: mixed case, spaces, brackets.
    header = ["ID", "Essential", "Topic", "Question", "Guidance"]
    if ru:
        header += ["Topic RU", "question_ru", "Guidance (ru)"]
    header += [f"Level {s}" for s in range(4)]
    if ru:
        header += [f"level_{s}_ru" for s in range(4)]
    rows = [header]
    for qid, ess in ids_ess:
        row: list[Any] = [qid, ess, f"Topic {qid}", f"Question {qid}?", f"Evidence for {qid}"]
        if ru:
            row += [f"Тема {qid}", f"Вопрос {qid}?", f"Подтверждение {qid}"]
        row += [f"{LEVELS_EN[s]} ({qid})" for s in range(4)]
        if ru:
            row += [f"{LEVELS_RU[s]} ({qid})" for s in range(4)]
        rows.append(row)
    return rows


ESSENTIALS = [
    ["Number", "Title", "Title_RU", "Description", "Description RU"],
    [1, "Organise", "Организация", "Who does what.", "Кто что делает."],
    [2, "Risk", "Риск", "What the risks are.", "Каковы риски."],
    [11, "Local extra", "Местное", "A country's own Essential.", "Собственный принцип страны."],
]


@pytest.fixture
def good_xlsx(tmp_path: Path) -> Path:
    """English and Russian columns, an essentials sheet (with an 11th, national Essential) and meta."""
    return _workbook(tmp_path / "kz-local.xlsx", {
        "Indicators": _indicator_rows([("1.1", 1), ("1.2", 1), ("2.1", 2), ("11.1", 11)]),
        "Essentials": ESSENTIALS,
        "Meta": [["key", "value"], ["id", "kz-local"], ["title", "Kazakhstan local indicators"],
                 ["title_ru", "Местные индикаторы Казахстана"], ["version", 3], ["level", "custom"],
                 ["provisional", "yes"]],
    })


def _problems(exc: pytest.ExceptionInfo[ScorecardValidationError]) -> dict[str, str]:
    return {p.field: p.message for p in exc.value.problems}


# ------------------------------------------------------------------ good workbooks
def test_good_sheet_round_trips_through_yaml_in_both_languages(good_xlsx: Path, tmp_path: Path) -> None:
    doc = definition_from_sheet(good_xlsx)
    out = write_definition(doc, tmp_path / "out" / "kz-local.yaml")

    card = load_scorecard(out)
    assert (card.id, card.version, card.level, card.provisional) == ("kz-local", 3, "custom", True)
    assert card.title == {"en": "Kazakhstan local indicators", "ru": "Местные индикаторы Казахстана"}
    assert card.score_range == (0, 3)
    assert [q.id for q in card.questions] == ["1.1", "1.2", "2.1", "11.1"]
    assert [e.number for e in card.essentials] == [1, 2, 11]
    assert card.essential(11).description == {"en": "A country's own Essential.", "ru": "Собственный принцип страны."}
    q = card.question("2.1")
    assert q.essential == 2
    assert q.topic == {"en": "Topic 2.1", "ru": "Тема 2.1"}
    assert q.text == {"en": "Question 2.1?", "ru": "Вопрос 2.1?"}
    assert q.guidance == {"en": "Evidence for 2.1", "ru": "Подтверждение 2.1"}
    assert q.levels[3] == {"en": "Fully in place (2.1)", "ru": "Полностью есть (2.1)"}
    assert sorted(q.levels) == [0, 1, 2, 3]
    assert validate_file(out, "ru") == []
    # Russian is written as text, not escapes, and levels run highest first like the shipped files.
    text = out.read_text(encoding="utf-8")
    assert "Полностью есть (2.1)" in text
    assert list(yaml.safe_load(text)["questions"][0]["levels"]) == ["3", "2", "1", "0"]


def test_without_essentials_sheet_uses_the_shipped_ten_essentials(tmp_path: Path) -> None:
    # Columns "0".."5" instead of level_N, English only: the range 0-5 is inferred.
    header = ["id", "essential", "topic", "question"] + [str(s) for s in range(6)]
    rows = [header] + [[qid, ess, "t", "q?"] + [f"L{s}" for s in range(6)]
                       for qid, ess in (("1.1", 1), ("8.2", 8), ("8.3", 8))]
    doc = definition_from_sheet(_workbook(tmp_path / "detail.xlsx", {"Sheet1": rows}))

    prelim = load_scorecard(builtin_dir() / "preliminary.yaml")
    assert doc["score_range"] == [0, 5]
    assert [e["number"] for e in doc["essentials"]] == [1, 8]   # only the Essentials used
    assert doc["essentials"][1]["title"] == dict(prelim.essential(8).title)
    assert (doc["id"], doc["version"], doc["level"], doc["title"]) == ("detail", 1, "custom", {"en": "detail"})
    out = write_definition(doc, tmp_path / "detail.yaml")
    assert load_scorecard(out).question("8.3").levels[5] == {"en": "L5"}
    # The questions have no Russian, so --lang ru reports them (the Essentials do have it).
    missing = {p.field for p in validate_file(out, "ru")}
    assert "questions[8.3].levels.5.ru" in missing
    assert not any(f.startswith("essentials") for f in missing)


def test_written_yaml_reads_like_the_shipped_files(tmp_path: Path) -> None:
    rows = _indicator_rows([("1.1", 1)], ru=False)
    rows[1][4] = "Plan document.\nMinutes of the council meeting."   # a cell with a line break
    doc = definition_from_sheet(_workbook(tmp_path / "ml.xlsx", {"indicators": rows}))
    out = write_definition(doc, tmp_path / "ml.yaml")
    text = out.read_text(encoding="utf-8")
    assert "score_range: [0, 3]\n" in text
    assert "    en: |-\n      Plan document.\n      Minutes of the council meeting.\n" in text
    assert load_scorecard(out).question("1.1").guidance["en"] == "Plan document.\nMinutes of the council meeting."


def test_arguments_override_the_meta_sheet(good_xlsx: Path) -> None:
    doc = definition_from_sheet(good_xlsx, scorecard_id="kz-v4", title="Local", version=4, level="addendum")
    assert (doc["id"], doc["version"], doc["level"]) == ("kz-v4", 4, "addendum")
    assert doc["title"] == {"en": "Local", "ru": "Местные индикаторы Казахстана"}


def test_optional_scenarios_and_retired_columns(tmp_path: Path) -> None:
    rows = [["id", "essential", "topic", "question", "level_0", "level_1", "scenarios", "retired"],
            ["9.1", 9, "t", "q", "a", "b", "most_probable, most_severe", ""],
            ["9.2", 9, "t", "q", "a", "b", "", "yes"]]
    doc = definition_from_sheet(_workbook(tmp_path / "s.xlsx", {"indicators": rows}))
    assert doc["questions"][0]["scenarios"] == ["most_probable", "most_severe"]
    assert "retired" not in doc["questions"][0]
    assert doc["questions"][1]["retired"] is True


def test_xlsm_is_read_and_its_macros_ignored(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "with-macros.xlsm", {"indicators": _indicator_rows([("1.1", 1)], ru=False)})
    with zipfile.ZipFile(path, "a") as z:   # a VBA project as a macro-enabled workbook carries it
        z.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not run, not kept")
    doc = definition_from_sheet(path)
    assert [q["id"] for q in doc["questions"]] == ["1.1"]
    assert doc["id"] == "with-macros"
    assert "vba" not in yaml.safe_dump(doc).lower()


def test_explicit_score_range_must_match_the_level_columns(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "r.xlsx", {"indicators": _indicator_rows([("1.1", 1)], ru=False)})
    assert definition_from_sheet(path, score_range=(0, 3))["score_range"] == [0, 3]
    with pytest.raises(ScorecardValidationError) as exc:
        definition_from_sheet(path, score_range=(0, 5))
    assert {p.message for p in exc.value.problems} == {"missing column level_4 (score range 0-5)",
                                                      "missing column level_5 (score range 0-5)"}


# ------------------------------------------------------------------ faults
def test_every_fault_is_reported_with_its_cell(tmp_path: Path) -> None:
    rows = _indicator_rows([("1.1", 1), ("1.2", 1), ("1.3", 1), ("2.1", 2), ("2.2", 2), ("3.1", 3), ("4.1", 4)],
                           ru=False)
    # rows[i] is sheet row i + 1; columns: A id, B essential, C topic, D question, E guidance, F..I level_0..3
    rows[2][0] = None          # row 3: empty id
    rows[3][1] = "two"         # row 4: essential not a whole number
    rows[5][0] = "2.1"         # row 6: the id of row 5 again
    rows[5][2] = "  "          # row 6: blank topic
    rows[5][7] = None          # row 6: no level 2 text
    rows[6][1] = 2             # row 7: 3.1 filed under essential 2
    rows[7][0] = 4.1           # row 8: id typed as a number
    path = _workbook(tmp_path / "faulty.xlsx", {"indicators": rows})

    with pytest.raises(ScorecardValidationError) as exc:
        definition_from_sheet(path)
    got = _problems(exc)
    assert set(got) == {
        "indicators!A3 (id)", "indicators!B4 (essential)", "indicators!A6 (id)",
        "indicators!C6 (topic)", "indicators!H6 (level 2)", "indicators!B7 (essential)", "indicators!A8 (id)",
    }
    assert got["indicators!A3 (id)"] == "empty id"
    assert got["indicators!B4 (essential)"] == "essential must be a whole number, not 'two'"
    assert got["indicators!A6 (id)"] == "duplicate id '2.1' (first in row 5)"
    assert got["indicators!C6 (topic)"] == "empty topic"
    assert got["indicators!H6 (level 2)"] == "missing level 2 description"
    assert got["indicators!B7 (essential)"] == "id '3.1' belongs to essential 3, not 2"
    assert "stored as a number" in got["indicators!A8 (id)"]
    assert all(p.file == str(path) for p in exc.value.problems)


def test_header_faults_are_reported_together(tmp_path: Path) -> None:
    rows = [["id", "Essentail", "topic", "topic", "guidance_ru", "level 0", "level 2", "level_3_ru"],
            ["1.1", 1, "t", "t", "г", "a", "c", "в"]]
    path = _workbook(tmp_path / "hdr.xlsx", {"indicators": rows})
    with pytest.raises(ScorecardValidationError) as exc:
        definition_from_sheet(path)
    assert [f"{p.field}: {p.message.split(';')[0]}" for p in exc.value.problems] == [
        "indicators!B1 (header): unknown column 'Essentail'",
        "indicators!D1 (header): column 'topic' repeats column C",
        "indicators!E1 (header): a 'ru' column for guidance but no English guidance column",
        "indicators!H1 (header): a 'ru' column for level 3 but no English level_3 column",
        "indicators!1:1 (header): missing column level_1 (score range 0-2)",
        "indicators!1:1 (header): missing required column 'essential'",
        "indicators!1:1 (header): missing required column 'question' (English text, no suffix or _en)",
    ]


def test_essentials_and_meta_faults(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "e.xlsx", {
        "indicators": _indicator_rows([("1.1", 1), ("4.1", 4)], ru=False),
        "essentials": [["number", "title"], [1, "One"], [1, "Again"], ["x", "Bad"]],
        "meta": [["version", "two"], ["colour", "red"]],
    })
    with pytest.raises(ScorecardValidationError) as exc:
        definition_from_sheet(path)
    got = _problems(exc)
    assert got["essentials!A3 (number)"] == "duplicate essential 1"
    assert got["essentials!A4 (number)"] == "number must be a whole number from 1 to 99"
    assert got["meta!B1 (version)"] == "version must be a whole number from 1"
    assert got["meta!A2 (key)"].startswith("unknown key 'colour'")
    assert got["indicators!B3 (essential)"] == "essential 4 is not defined (known: 1)"


def test_essential_outside_the_ten_needs_an_essentials_sheet(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "x.xlsx", {"indicators": _indicator_rows([("11.1", 11)], ru=False)})
    with pytest.raises(ScorecardValidationError) as exc:
        definition_from_sheet(path)
    assert "add an 'essentials' sheet" in _problems(exc)["indicators!B2 (essential)"]


@pytest.mark.parametrize(("name", "content", "needle"), [
    ("notes.xlsx", b"id,essential,topic\n1.1,1,x\n", "notes.xlsx is not an Excel workbook (.xlsm or .xlsx)"),
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "it may be an old .xls file"),
    ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptedPackage".encode("utf-16-le"),
     "locked.xlsx is password-protected: open it in Excel"),
    ("doc.xlsx", None, "not a readable Excel workbook"),
])
def test_a_file_that_is_not_a_workbook_gets_one_clear_problem(
        tmp_path: Path, name: str, content: bytes | None, needle: str) -> None:
    path = tmp_path / name
    if content is None:      # a zip, but not a workbook (like a .docx renamed)
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("word/document.xml", "<w/>")
    else:
        path.write_bytes(content)
    with pytest.raises(ScorecardValidationError) as exc:
        definition_from_sheet(path)
    [problem] = exc.value.problems
    assert (problem.file, problem.field) == (str(path), "(file)")
    assert needle in problem.message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ScorecardValidationError) as exc:
        definition_from_sheet(tmp_path / "nope.xlsx")
    assert exc.value.problems[0].message.endswith("nope.xlsx: no such file")  # the Excel import's wording


# ------------------------------------------------------------------ writing
def test_write_refuses_to_overwrite_unless_forced_and_leaves_no_temp_files(good_xlsx: Path, tmp_path: Path) -> None:
    doc = definition_from_sheet(good_xlsx)
    out = tmp_path / "out" / "card.yaml"
    out.parent.mkdir()
    out.write_text("keep me", encoding="utf-8")
    with pytest.raises(ScorecardError, match="already exists"):
        write_definition(doc, out)
    assert out.read_text(encoding="utf-8") == "keep me"
    write_definition(doc, out, force=True)
    assert load_scorecard(out).id == "kz-local"
    assert [p.name for p in out.parent.iterdir()] == ["card.yaml"]
    assert out.stat().st_mode & 0o644 == 0o644    # readable by others, unlike a raw mkstemp file


def test_write_refuses_an_invalid_definition(tmp_path: Path) -> None:
    with pytest.raises(ScorecardValidationError):
        write_definition({"format": 1, "id": "Bad Id"}, tmp_path / "bad.yaml")
    assert not (tmp_path / "bad.yaml").exists()


# ------------------------------------------------------------------ command line
def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The command in this process (``main(argv)``, ~30x faster than a child), from ``cwd``, with only the
    shipped scorecards."""
    from ..fixtures import run_cli
    saved, here = os.environ.get("RESILIENCE_SCORECARDS"), os.getcwd()
    os.environ["RESILIENCE_SCORECARDS"] = ""
    os.chdir(cwd)
    try:
        return run_cli(*args, timeout=120)
    finally:
        os.chdir(here)
        if saved is None:
            os.environ.pop("RESILIENCE_SCORECARDS", None)
        else:
            os.environ["RESILIENCE_SCORECARDS"] = saved


def test_cli_import_sheet_json_then_validate_ru(good_xlsx: Path, tmp_path: Path) -> None:
    out = tmp_path / "cards" / "kz.yaml"
    r = _cli("scorecard", "import-sheet", str(good_xlsx), "-o", str(out), "--json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {"path": str(out), "id": "kz-local", "version": 3, "questions": 4}

    r = _cli("scorecard", "validate", str(out), "--lang", "ru", cwd=tmp_path)
    assert r.returncode == 0, r.stderr

    r = _cli("scorecard", "import-sheet", str(good_xlsx), "-o", str(out), cwd=tmp_path)
    assert r.returncode == 2
    assert "already exists" in r.stderr and "Traceback" not in r.stderr

    r = _cli("scorecard", "import-sheet", str(good_xlsx), "-o", str(out), "--force",
             "--id", "kz-next", "--title", "Next", "--version", "4", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == f"{out}: kz-next v4, 4 questions"
    assert (load_scorecard(out).id, load_scorecard(out).version) == ("kz-next", 4)


def test_cli_import_sheet_reports_every_problem_and_exits_2(tmp_path: Path) -> None:
    rows = _indicator_rows([("1.1", 1), ("1.2", 1), ("1.3", 1)], ru=False)
    rows[1][2] = None
    rows[3][1] = "x"
    path = _workbook(tmp_path / "bad.xlsx", {"indicators": rows})
    r = _cli("scorecard", "import-sheet", str(path), "-o", str(tmp_path / "bad.yaml"), cwd=tmp_path)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert lines == [
        f"resilience-desktop: error: {path}: indicators!C2 (topic): empty topic",
        f"resilience-desktop: error: {path}: indicators!B4 (essential): essential must be a whole number, not 'x'",
    ]
    assert not (tmp_path / "bad.yaml").exists()


def test_cli_import_sheet_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("id,essential\n", encoding="utf-8")
    r = _cli("scorecard", "import-sheet", str(path), "-o", str(tmp_path / "x.yaml"), cwd=tmp_path)
    assert r.returncode == 2
    assert "list.csv is not an Excel workbook" in r.stderr and "Traceback" not in r.stderr
