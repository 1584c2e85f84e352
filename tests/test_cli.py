"""The command line (resilience_desktop/cli/), driven in-process through main(argv) (tests/fixtures.run_cli).

The forms and ``--json`` keys tested here are the contract of issue 2 that scripts and a
national platform rely on. User mistakes exit 2 with one line on stderr and change nothing.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
from pathlib import Path

import pytest

from resilience_desktop.cli.main import build_parser
from resilience_desktop.store import SCHEMA_VERSION
from resilience_desktop.workspace.facade import Workspace

from .fixtures import MINI, cli_ok as ok, cli_user_error as user_error, mini_doc, populate, run_cli, snapshot, write_yaml




def ok_json(*args):
    return json.loads(ok(*args, "--json"))




@pytest.fixture
def ws(tmp_path, mini_registry) -> tuple[Path, str, str]:
    """``(path, city_id, assessment_id)``: a closed workspace on the mini scorecard (see ``populate``)."""
    path = tmp_path / "cli.rdw"
    with Workspace.create(path, registry=mini_registry) as w:
        city, aid = populate(w)
    return path, city, aid


def _leaf_commands() -> list[list[str]]:
    def walk(parser: argparse.ArgumentParser, path: list[str]):
        yield path, parser
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    yield from walk(sub, [*path, name])
    return [(path, p) for path, p in walk(build_parser(), [])]


COMMANDS = _leaf_commands()


# ------------------------------------------------------------------ help and --json everywhere
@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=lambda p: " ".join(p) or "(top)")
def test_every_command_has_help(path):
    out = ok(*path, "--help")
    assert out.startswith("usage: resilience-desktop" + "".join(f" {w}" for w in path))


def test_every_subcommand_has_json():
    leaves = [(path, p) for path, p in COMMANDS if path and not any(
        isinstance(a, argparse._SubParsersAction) for a in p._actions)]
    assert len(leaves) >= 11
    missing = [" ".join(path) for path, p in leaves if not any("--json" in a.option_strings for a in p._actions)]
    assert missing == []


# ------------------------------------------------------------------ scorecards
def test_scorecard_list_json():
    cards = {c["id"]: c for c in ok_json("scorecard", "list")}
    assert {"preliminary", "public-health"} <= set(cards)
    pre = cards["preliminary"]
    assert (pre["version"], pre["score_range"], pre["questions"], pre["level"]) == (1, [0, 3], 47, "preliminary")
    assert pre["title"]["en"] and pre["title"]["ru"]
    assert cards["public-health"]["score_range"] == [0, 5]


def test_scorecard_show_json_is_the_contract():
    card = ok_json("scorecard", "show", "preliminary")
    assert {"id", "version", "score_range", "essentials", "questions"} <= set(card)
    assert (card["id"], card["version"], card["score_range"]) == ("preliminary", 1, [0, 3])
    assert [e["number"] for e in card["essentials"]] == list(range(1, 11))
    assert all(set(e["title"]) >= {"en", "ru"} for e in card["essentials"])
    assert len(card["questions"]) == 47
    q = card["questions"][0]
    assert {"id", "essential", "topic", "text", "guidance", "levels"} <= set(q)
    assert (q["id"], q["essential"]) == ("P1.1", 1)
    for q in card["questions"]:
        assert isinstance(q["essential"], int)
        assert list(q["levels"]) == ["0", "1", "2", "3"]
        texts = [q["topic"], q["text"], q["guidance"], *q["levels"].values()]
        assert all(isinstance(t, dict) and t.get("en") and t.get("ru") for t in texts), q["id"]


def test_scorecard_show_text_and_unknown():
    out = ok("scorecard", "show", "preliminary", "--lang", "ru")
    assert "P1.1" in out and "Разработка планов" in out
    assert "unknown scorecard 'nope'" in user_error("scorecard", "show", "nope")


def test_scorecard_validate_broken_file_lists_each_problem(tmp_path):
    doc = mini_doc()
    del doc["questions"][0]["levels"]["2"]
    doc["questions"][3]["id"] = "P2.1"
    doc["questions"][4]["essential"] = 4
    doc["score_range"] = [3, 0]
    del doc["questions"][5]["text"]["en"]
    path = write_yaml(tmp_path / "broken.yaml", doc)
    fields = ["questions[P1.1].levels.2", "questions[P2.1].id", "questions[P3.1].essential", "score_range",
              "questions[P3.2].text"]

    r = run_cli("scorecard", "validate", path)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    for field in fields:
        assert any(line.startswith(f"{path}: {field}: ") for line in lines), field
    assert lines[-1] == "resilience-desktop: 5 problem(s) in 1 file(s)"

    r = run_cli("scorecard", "validate", path, "--json")
    assert r.returncode == 2
    data = json.loads(r.stdout)
    assert data["valid"] is False and data["files"] == [str(path)]
    assert sorted(p["field"] for p in data["problems"]) == sorted(fields)
    assert all(p["file"] == str(path) and p["message"] for p in data["problems"])


def test_scorecard_validate_good_files_and_translation(tmp_path):
    assert ok("scorecard", "validate", MINI, "--lang", "ru").strip() == \
        "1 file(s) valid with complete 'ru' translation"
    assert "valid with complete 'ru' translation" in ok("scorecard", "validate", "--lang", "ru")
    doc = mini_doc()
    del doc["questions"][0]["levels"]["1"]["ru"]
    path = write_yaml(tmp_path / "m.yaml", doc)
    assert ok("scorecard", "validate", path).strip() == "1 file(s) valid"
    r = run_cli("scorecard", "validate", path, "--lang", "ru")
    assert r.returncode == 2 and f"{path}: questions[P1.1].levels.1.ru: " in r.stderr


# ------------------------------------------------------------------ demo and cities
def test_demo_writes_a_workspace(tmp_path):
    path = tmp_path / "d" / "demo.rdw"
    assert ok_json("demo", path) == {"path": str(path)}
    cities = ok_json("city", "list", "--workspace", path)
    assert [c["name"] for c in cities] == ["Jasyl-Dala", "Sary-Tala"]
    *earlier, a = ok_json("assessment", "list", "--workspace", path)  # the current one comes last
    assert len(earlier) == 2 and all(e["completion"] == 1 for e in earlier)
    assert a["scorecard"] == "preliminary" and 0 < a["completion"] < 1


def test_demo_keeps_a_demo_someone_worked_in_unless_forced(demo_path):
    """A trial's city added to a demo file was lost when `demo PATH` ran again."""
    path = demo_path  # this test's own copy
    assert ok_json("demo", path) == {"path": str(path)}  # untouched: replaced as before
    cid = ok_json("city", "add", "Тест", "--country", "KZ", "--workspace", path)["id"]
    before = Path(path).read_bytes()
    assert "1 change made in it since it was written" in user_error("demo", path)
    assert Path(path).read_bytes() == before
    assert cid in [c["id"] for c in ok_json("city", "list", "--workspace", path)]
    assert ok_json("demo", path, "--force") == {"path": str(path)}
    assert cid not in [c["id"] for c in ok_json("city", "list", "--workspace", path)]


def test_demo_refuses_to_overwrite_a_real_workspace(ws):
    path, _, _ = ws
    before = path.read_bytes()
    assert "not a demo workspace" in user_error("demo", path)
    assert path.read_bytes() == before


def test_city_add_and_list(tmp_path):
    path = tmp_path / "new.rdw"                       # created by the first 'city add'
    cid = ok_json("city", "add", "Karakol", "--country", "kg", "--population", "80000", "--area-km2", "44.5",
                  "--lon", "78.39", "--lat", "42.49", "--workspace", path)
    assert set(cid) == {"id"}
    plain = ok("city", "add", "Balykchy", "--country", "KG", "--workspace", path).strip()
    assert len(plain) == 36
    cities = ok_json("city", "list", "--workspace", path)
    assert [(c["id"], c["name"], c["country"], c["population"], c["area_km2"], c["lon"], c["lat"])
            for c in cities] == [(plain, "Balykchy", "KG", None, None, None, None),
                                 (cid["id"], "Karakol", "KG", 80000, 44.5, 78.39, 42.49)]
    assert f"{cid['id']}  Karakol (KG)" in ok("city", "list", "--workspace", path)


def test_a_city_by_its_country_name_once_and_named_by_its_name(tmp_path):
    # a trial's: "--country Кыргызстан" was "too long (10 characters; at most 8)", a second "Каракол" was added in
    # silence, and "--city Каракол" was "no city with id 'Каракол'"
    path = tmp_path / "w.rdw"
    cid = ok("--lang", "ru", "city", "add", "Каракол", "--country", "Кыргызстан", "--workspace", path).strip()
    assert ok("city", "add", "Naryn", "--country", "KGZ", "--region", "Naryn", "--workspace", path).strip()
    assert [c["country"] for c in ok_json("city", "list", "--workspace", path)] == ["KG", "KG"]
    before = path.read_bytes()
    said = user_error("--lang", "ru", "city", "add", " каракол ", "--country", "KG", "--workspace", path)
    assert said.endswith(f"error: Каракол (KG) уже есть в рабочем пространстве: {cid}; ничего не добавлено")
    assert path.read_bytes() == before
    assert ok("city", "add", "Karakol", "--country", "KZ", "--workspace", path)  # a namesake in another country
    aid = ok_json("assessment", "new", "--city", "каракол", "--scorecard", "preliminary", "--workspace", path)["id"]
    assert ok_json("assessment", "list", "--workspace", path)[0]["city_id"] == cid and aid
    assert "several cities are named 'Naryn'" in (
        ok("city", "add", "Naryn", "--country", "KG", "--region", "Other", "--workspace", path)
        and user_error("assessment", "new", "--city", "Naryn", "--scorecard", "preliminary", "--workspace", path))


def test_invalid_city_changes_nothing(ws):
    path, _, _ = ws
    before = ok("city", "list", "--workspace", path, "--json")
    assert "two-letter ISO code" in user_error("city", "add", "X", "--country", "Kyrgyz", "--workspace", path)
    assert "longitude and latitude" in user_error("city", "add", "X", "--country", "KG", "--lon", "74",
                                                  "--workspace", path)
    assert "--population" in user_error("city", "add", "X", "--country", "KG", "--population", "many",
                                        "--workspace", path)
    assert ok("city", "list", "--workspace", path, "--json") == before


def test_global_workspace_option_before_the_subcommand_is_used(ws, isolated_home):
    path, _, _ = ws
    (city,) = ok_json("--workspace", path, "city", "list")
    assert city["name"] == "Testgrad"
    ok("--workspace", path, "city", "add", "Tokmok", "--country", "KG")
    assert len(ok_json("city", "list", "--workspace", path)) == 2
    assert not list(isolated_home.rglob("*.rdw"))      # nothing went to the default workspace


# ------------------------------------------------------------------ assessments
def test_assessment_new_list_show_history(ws):
    path, city, old = ws
    new = ok_json("assessment", "new", "--city", city, "--scorecard", "preliminary", "--title", "Prelim 2026",
                  "--workspace", path)
    assert set(new) == {"id"}
    aid = new["id"]

    rows = {r["id"]: r for r in ok_json("assessment", "list", "--workspace", path)}
    assert set(rows) == {old, aid}
    for r in rows.values():
        assert {"id", "city_id", "city", "scorecard", "title", "completion"} <= set(r)
        assert 0 <= r["completion"] <= 1
    assert (rows[aid]["city_id"], rows[aid]["city"], rows[aid]["scorecard"], rows[aid]["title"],
            rows[aid]["completion"]) == (city, "Testgrad", "preliminary", "Prelim 2026", 0)
    assert (rows[old]["scorecard"], rows[old]["completion"]) == ("mini", 0.15)

    show = ok_json("assessment", "show", old, "--workspace", path)
    assert {"id", "scorecard", "answers", "essentials", "overall"} <= set(show)
    assert (show["id"], show["scorecard"]) == (old, "mini")
    answers = {a["question"]: a for a in show["answers"]}
    assert len(answers) == 20
    assert all({"question", "score", "na", "comment"} <= set(a) for a in show["answers"])
    assert {q: (a["score"], a["na"], a["comment"]) for q, a in answers.items() if q in ("P1.1", "P1.2", "P2.1", "P2.2")} == {
        "P1.1": (3, False, "fully in place"), "P1.2": (None, True, "no coastline"),
        "P2.1": (0, False, "nothing yet"), "P2.2": (None, False, "")}
    e1, e2 = show["essentials"][:2]
    assert all({"essential", "points", "max", "percent", "answered", "questions"} <= set(e) for e in show["essentials"])
    assert (e1["essential"], e1["points"], e1["max"], e1["percent"], e1["answered"], e1["questions"]) == (1, 3, 3, 100.0, 2, 2)
    assert (e2["essential"], e2["points"], e2["max"], e2["percent"], e2["answered"]) == (2, 0, 6, 0.0, 1)
    assert {k: show["overall"][k] for k in ("points", "max", "percent")} == {"points": 3, "max": 57, "percent": 5.3}

    text = ok("assessment", "show", old, "--workspace", path)
    assert "Overall score: 3 / 57 (5.3%), 3 of 20 answered" in text
    # the text forms speak the language asked for, with its number formats (issue 17)
    text = ok("--lang", "ru", "assessment", "show", old, "--workspace", path)
    assert "Общий балл: 3 / 57 (5,3\xa0%), 3 из 20 с ответом" in text
    assert "Принцип 1:   3 / 3   100,0\xa0%  (2 из 2 с ответом)" in text and "Н/П" in text
    # the scorecard by its name and the status by its word (a trial read "[Testgrad, mini v1]" and no status)
    head = text.splitlines()[0]
    assert head.endswith("(mini v1), выполняется]") and "preliminary" not in head, head
    listed = ok("--lang", "kk", "assessment", "list", "--workspace", path)
    assert "жауап берілген:   15,0%" in listed and "done" not in listed

    history = ok_json("assessment", "history", old, "--workspace", path)
    assert [(h["who"], h["question_id"], h["field"], h["old_value"], h["new_value"])
            for h in history if h["field"] == "score"] == [
        ("tester", "P1.1", "score", None, "3"), ("tester", "P1.2", "score", None, "N/A"),
        ("tester", "P2.1", "score", None, "0")]
    assert all({"seq", "at", "who", "entity", "field", "old_value", "new_value"} <= set(h) for h in history)


def test_answer_set(ws):
    path, _, aid = ws
    assert ok_json("answer", "set", "--assessment", aid, "--question", "P2.2", "--score", "2",
                   "--comment", "two districts", "--workspace", path) == {
        "question": "P2.2", "score": 2, "na": False, "comment": "two districts"}
    assert ok("answer", "set", "--assessment", aid, "--question", "P2.1", "--na", "--workspace", path).strip() == "P2.1: N/A"
    answers = {a["question"]: a for a in ok_json("assessment", "show", aid, "--workspace", path)["answers"]}
    assert (answers["P2.2"]["score"], answers["P2.2"]["comment"]) == (2, "two districts")
    assert (answers["P2.1"]["score"], answers["P2.1"]["na"], answers["P2.1"]["comment"]) == (None, True, "nothing yet")
    last = ok_json("assessment", "history", aid, "--workspace", path)[-1]
    assert (last["who"], last["question_id"], last["old_value"], last["new_value"]) == ("tester", "P2.1", "0", "N/A")
    # typed on a Russian keyboard (a Cyrillic Р) or in lower case: the question it looks like (a trial)
    for typed in ("Р2.2", "p2.2"):
        assert ok_json("answer", "set", "--assessment", aid, "--question", typed, "--score", "1",
                       "--workspace", path)["question"] == "P2.2"
    # a comment marked private in the window stays private: the command line says so where the text goes
    with Workspace.open(path) as w:
        w.set_answer(aid, "P2.2", comment_private=True)
    said = ok("answer", "set", "--assessment", aid, "--question", "P2.2", "--score", "3", "--comment", "three now",
              "--workspace", path).strip().splitlines()
    assert said == ["P2.2: 3", "the comment of P2.2 is marked private: bundles, reports and 'assessment show' leave "
                               "it out unless --include-private"]
    assert ok("answer", "set", "--assessment", aid, "--question", "P2.2", "--score", "2",
              "--workspace", path).strip() == "P2.2: 2"  # no comment given: nothing to warn about
    with Workspace.open(path) as w:  # a baseline marked final in its workbook: changed, and said so
        w.update_assessment(aid, status="final")
    said = ok("--lang", "ru", "answer", "set", "--assessment", aid, "--question", "P2.2", "--score", "1",
              "--workspace", path).strip().splitlines()
    assert said == ["P2.2: 1", "примечание: статус оценки — окончательная; ответ всё равно изменён (в её истории "
                               "остался прежний)"]


def test_an_assessment_named_by_the_start_of_its_id(ws):
    """A re-trial: the whole UUID had to be typed; a unique start of it (as git takes a commit's) will do."""
    path, _, aid = ws
    short = aid[:8]
    assert ok_json("assessment", "show", short, "--workspace", path)["id"] == aid
    assert ok_json("answer", "set", "--assessment", short, "--question", "P2.2", "--score", "1",
                   "--workspace", path)["question"] == "P2.2"
    assert "no assessment with id 'abc'" in user_error("assessment", "show", "abc", "--workspace", path)  # too short


def test_history_text_is_in_local_time_with_the_zone_named(ws, monkeypatch):
    """Issue 16 item 7: a change made at 19:56 in Bishkek is not printed as 13:56; the JSON keeps UTC."""
    from datetime import datetime
    from zoneinfo import ZoneInfo
    monkeypatch.setenv("TZ", "Asia/Bishkek")
    path, _, aid = ws
    ok("answer", "set", "--assessment", aid, "--question", "P1.1", "--score", "1", "--workspace", path)
    stamp = ok_json("assessment", "history", aid, "--workspace", path)[-1]["at"]
    assert stamp.endswith("+00:00")
    local = datetime.fromisoformat(stamp).astimezone(ZoneInfo("Asia/Bishkek"))
    last = ok("assessment", "history", aid, "--workspace", path).strip().splitlines()[-1]
    assert last.startswith(local.strftime("%Y-%m-%d %H:%M:%S") + " (Asia/Bishkek)  tester "), last
    assert last.endswith("P1.1       score: 3 -> 1"), last
    # in Russian, the answer's fields as the window's History names them (it was "score: None -> 3")
    ru = ok("--lang", "ru", "assessment", "history", aid, "--workspace", path).strip().splitlines()
    assert ru[-1].endswith("P1.1       балл: 3 -> 1") and any(x.endswith("P1.1       балл: ∅ -> 3") for x in ru), ru


BAD_ANSWERS = [
    (["--question", "P9.9", "--score", "1"], "no question 'P9.9'"),
    (["--question", "P1.1", "--score", "4"], "from 0 to 3"),
    (["--question", "P1.1", "--score", "-1"], "from 0 to 3"),
    (["--assessment", "no-such-assessment", "--question", "P1.1", "--score", "1"], "no assessment"),
    (["--question", "P1.1", "--score", "x"], "whole number"),
    (["--question", "P1.1", "--score", "1", "--na"], "not allowed with"),
]


def test_bad_answer_exits_2_and_changes_nothing(ws, mini_registry):
    path, _, aid = ws
    show = ok("assessment", "show", aid, "--workspace", path, "--json")
    history = ok("assessment", "history", aid, "--workspace", path, "--json")
    with Workspace.open(path, read_only=True, registry=mini_registry) as w:
        content = snapshot(w)
    for change, reason in BAD_ANSWERS:
        args = ["--assessment", aid] if "--assessment" not in change else []
        assert reason in user_error("answer", "set", *args, *change, "--workspace", path), change
        with Workspace.open(path, read_only=True, registry=mini_registry) as w:
            assert snapshot(w) == content, change
    assert ok("assessment", "show", aid, "--workspace", path, "--json") == show
    assert ok("assessment", "history", aid, "--workspace", path, "--json") == history


# ------------------------------------------------------------------ user errors never show a traceback
def _corrupt(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[2 * 4096:3 * 4096] = b"\xff" * 4096
    path.write_bytes(bytes(data))


def _too_new(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("damage, reason", [
    (lambda p: p.write_text("just text"), "not a Resilience Desktop workspace"),
    (_corrupt, "is damaged"),
    (_too_new, "newer Resilience Desktop"),
    (lambda p: (p.unlink(), p.mkdir()), "is a folder"),
    (lambda p: p.unlink(), "no workspace at"),
])
def test_bad_workspace_files_are_one_line_errors(ws, damage, reason):
    path, _, aid = ws
    damage(path)
    existed = path.exists()
    before = path.read_bytes() if path.is_file() else None
    for args in (["assessment", "show", aid], ["answer", "set", "--assessment", aid, "--question", "P1.1",
                                               "--score", "1"]):
        assert reason in user_error(*args, "--workspace", path)
    assert path.exists() == existed
    if before is not None:
        assert path.read_bytes() == before


def test_workspace_open_elsewhere_is_a_one_line_error(ws):
    path, _, aid = ws
    with Workspace.open(path):                      # this test process is "the other instance"
        assert "open in another running" in user_error("answer", "set", "--assessment", aid, "--question",
                                                       "P1.1", "--score", "1", "--workspace", path)
        assert ok_json("assessment", "show", aid, "--workspace", path)["overall"]["points"] == 3   # reading works


@pytest.mark.parametrize("args", [
    ["bogus"],
    ["city"],
    ["city", "add", "X"],
    ["assessment", "new", "--city", "c"],
    ["assessment", "show", "no-such-id", "--workspace", "{ws}"],
    ["assessment", "history", "no-such-id", "--workspace", "{ws}"],
    ["assessment", "new", "--city", "no-such-city", "--scorecard", "mini", "--workspace", "{ws}"],
    ["assessment", "new", "--city", "{city}", "--scorecard", "nope", "--workspace", "{ws}"],
    ["assessment", "new", "--city", "{city}", "--scorecard", "preliminary", "--essentials", "1,x",
     "--workspace", "{ws}"],
    ["answer", "set", "--assessment", "a", "--question", "P1.1"],
    ["city", "list", "--workspace", "{tmp}/missing.rdw"],
    ["--view", "nowhere"],
    ["--screenshot", "shot.jpg"],
])
def test_user_errors_exit_2_with_one_line(ws, tmp_path, args):
    path, city, _ = ws
    args = [a.format(ws=path, city=city, tmp=tmp_path) for a in args]
    user_error(*args)


def test_text_output_and_mistakes_in_the_language_asked_for(tmp_path):
    """Issue 17: the CLI's user-facing text, not only its errors from the core, follows --lang."""
    listed = ok("--lang", "ru", "scorecard", "list")
    assert "47 вопросов" in listed and "(неокончательная)" in listed and "items" not in listed
    assert "(предварительная)" not in listed  # a trial: "provisional" had the word of "preliminary"
    assert "23 сұрақ" in ok("--lang", "kk", "scorecard", "list")
    missing = user_error("--lang", "ky", "assessment", "list", "--workspace", tmp_path / "none.rdw")
    assert "жумуш мейкиндиги жок" in missing and "city add" in missing
    assert "рабочее пространство не найдено" in user_error("--lang", "ru", "city", "list", "--workspace",
                                                           tmp_path / "none.rdw")


def test_a_reader_that_stops_early_is_not_an_error(tmp_path):
    """``resilience-desktop … --json | head``: when the reader closes the pipe the command stops quietly
    (exit 141 as for SIGPIPE) instead of 'error: Broken pipe' on stderr."""
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-m", "resilience_desktop", "scorecard", "show", "preliminary", "--json"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    assert child.stdout is not None and child.stdout.read(10)
    child.stdout.close()  # as `head -c 10` does
    _out, err = child.communicate(timeout=60)
    assert child.returncode == 141 and err == b""


def test_a_start_of_an_id_that_two_assessments_share_is_refused():
    from types import SimpleNamespace

    from resilience_desktop.cli._common import expand_id_starts
    from resilience_desktop.errors import InvalidInputError
    ws = SimpleNamespace(list_assessments=lambda: [SimpleNamespace(id="abcd1111-0000"), SimpleNamespace(id="abcd2222-0000")])
    args = SimpleNamespace(command="answer", assessment="abcd")
    with pytest.raises(InvalidInputError, match="several assessments start with 'abcd'"):
        expand_id_starts(args, ws)
    args.assessment = "abcd2"
    expand_id_starts(args, ws)
    assert args.assessment == "abcd2222-0000"


def test_not_applicable_given_as_a_score_points_to_na(ws):
    """A city official's trial: `--score Н/П` said only that a score is a whole number."""
    path, _, aid = ws
    for typed in ("Н/П", "N/A", "н/п"):
        line = user_error("--lang", "ru", "answer", "set", "--assessment", aid, "--question", "P2.2", "--score", typed,
                          "--workspace", path)
        assert f"{typed} — не балл" in line and "--na" in line, line
    assert "whole number" in user_error("answer", "set", "--assessment", aid, "--question", "P2.2", "--score", "two",
                                        "--workspace", path)


def test_a_mistyped_workspace_name_is_not_made_into_a_second_workspace(tmp_path):
    """A city official's trial: `city add … --workspace bishkek.rwd` (for .rdw) made a new, empty workspace
    beside the real one, and the city went into it."""
    real = tmp_path / "bishkek.rdw"
    ok("city", "add", "Бишкек", "--country", "KG", "--workspace", real)
    line = user_error("city", "add", "Ош", "--country", "KG", "--workspace", tmp_path / "bishkek.rwd")
    assert "must end in .rdw" in line and f"did you mean {real}?" in line, line
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("bishkek.rdw.")) == ["bishkek.rdw"]
