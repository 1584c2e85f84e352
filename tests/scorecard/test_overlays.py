"""Translation overlays (scorecard/overlays.py): scorecards/translations/<id>.<lang>.yaml merged into
the definition, reported by ``scorecard validate --lang``, and seen by workspaces and reports."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml

from resilience_desktop.scorecard import ScorecardRegistry, builtin_dir, load_scorecard, tr_text, validate_file
from resilience_desktop.scorecard.overlays import overlay_paths, overlay_problems
from resilience_desktop.workspace.facade import Workspace

from ..fixtures import MINI, MINI_QUESTIONS, SCORECARDS_DIR, cli_ok, run_cli, write_yaml

KK_OVERLAY = SCORECARDS_DIR / "translations" / "mini.kk.yaml"


def _overlay() -> dict:
    return yaml.load(KK_OVERLAY.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)  # noqa: S506 (safe, C)


@pytest.fixture
def folder(tmp_path):
    """A scorecard folder holding mini.yaml and its translations/ subfolder (empty)."""
    shutil.copy(MINI, tmp_path / "mini.yaml")
    (tmp_path / "translations").mkdir()
    return tmp_path


def test_the_overlay_gives_every_text_in_kazakh():
    card = load_scorecard(MINI)
    assert tr_text(card.title, "kk") == "Сынаққа арналған шағын карта"
    assert [q.id for q in card.questions] == list(MINI_QUESTIONS)
    for q in card.questions:
        assert q.topic["kk"] and q.text["kk"] and q.guidance["kk"]
        assert all(q.levels[s]["kk"] == f"{s}-деңгей" for s in q.levels)
        assert q.topic["ru"] and q.topic["en"]  # the inline languages stay
    assert all(e.title["kk"].endswith("қағидат") for e in card.essentials)
    assert validate_file(MINI, "kk") == []


def test_kyrgyz_falls_back_to_russian_where_it_has_no_text():
    q = load_scorecard(MINI).question("P1.1")
    assert tr_text(q.topic, "ky") == q.topic["ru"]
    assert tr_text(q.topic, "kk") == q.topic["kk"]


def test_show_json_carries_the_overlay(monkeypatch):
    monkeypatch.setenv("RESILIENCE_SCORECARDS", str(SCORECARDS_DIR))
    data = json.loads(cli_ok("scorecard", "show", "mini", "--json"))
    assert all(q["topic"]["kk"] and q["text"]["kk"] and all(v["kk"] for v in q["levels"].values())
               for q in data["questions"])
    assert "1.1 тақырыбы" in cli_ok("scorecard", "show", "mini", "--lang", "kk")


def test_validate_lang_lists_what_an_overlay_misses(folder):
    partial = _overlay()
    del partial["questions"]["P2.1"]["levels"]["0"]
    del partial["questions"]["P3.2"]
    write_yaml(folder / "translations" / "mini.kk.yaml", partial)
    fields = {p.field for p in validate_file(folder / "mini.yaml", "kk")}
    assert "questions[P2.1].levels.0.kk" in fields
    assert {f"questions[P3.2].{k}.kk" for k in ("topic", "text", "guidance")} <= fields
    assert len(fields) == 1 + 3 + 4
    r = run_cli("scorecard", "validate", folder / "mini.yaml", "--lang", "kk")
    assert r.returncode == 2 and "questions[P2.1].levels.0.kk: no 'kk' translation" in r.stderr
    assert "8 problem(s)" in r.stderr
    assert validate_file(folder / "mini.yaml") == []  # without --lang, a partial overlay is fine


@pytest.mark.parametrize(("change", "field"), [
    (lambda o: o["questions"].__setitem__("P99.1", {"topic": "x"}), "questions[P99.1]"),
    (lambda o: o["questions"]["P1.1"]["levels"].__setitem__("7", "жеті"), "questions[P1.1].levels.7"),
    (lambda o: o.__setitem__("version", 2), "version"),
    (lambda o: o.__setitem__("scorecard", "preliminary"), "scorecard"),
    (lambda o: o["questions"]["P1.1"].__setitem__("text", ""), "questions[P1.1].text"),
    (lambda o: o["questions"]["P1.1"].__setitem__("answer", "x"), "questions[P1.1].answer"),
    (lambda o: o.__setitem__("lang", "en"), "lang"),
])
def test_a_broken_overlay_is_reported_and_left_out(folder, change, field):
    overlay = _overlay()
    change(overlay)
    write_yaml(folder / "translations" / "mini.kk.yaml", overlay)
    problems = validate_file(folder / "mini.yaml")
    assert field in {p.field for p in problems}
    assert all(p.file.endswith("mini.kk.yaml") for p in problems)
    reg = ScorecardRegistry([folder])
    card = reg.get("mini")  # the definition still loads, without the broken overlay
    assert "kk" not in card.question("P1.1").topic
    assert field in {p.field for p in reg.problems}


def test_an_unreadable_overlay_is_one_problem(folder):
    (folder / "translations" / "mini.ky.yaml").write_text("questions: [unclosed", encoding="utf-8")
    (problem,) = validate_file(folder / "mini.yaml")
    assert problem.field == "(file)" and "not valid YAML" in problem.message


def test_glossaries_and_other_ids_are_not_definitions(folder):
    write_yaml(folder / "glossary.kk.yaml", {"terms": [{"en": "hazard", "kk": "қауіп"}]})
    write_yaml(folder / "translations" / "other.kk.yaml", {**_overlay(), "scorecard": "other"})
    reg = ScorecardRegistry([folder])
    assert reg.ids() == ["mini"] and reg.problems == []
    assert overlay_paths(folder, "mini") == []


def test_a_workspace_copy_gains_the_shipped_overlay(tmp_path, folder):
    """An assessment started before the Kazakh overlay arrived reads Kazakh texts once it ships."""
    (folder / "translations").rmdir()
    ws = Workspace.create(tmp_path / "w.rdw", registry=ScorecardRegistry([folder]))
    city = ws.add_city("Талдықорған", "KZ")
    aid = ws.new_assessment(city, "mini")
    assert "kk" not in ws.scorecard_of(aid).question("P1.1").topic
    ws.close()
    (folder / "translations").mkdir()
    shutil.copy(KK_OVERLAY, folder / "translations" / "mini.kk.yaml")
    with Workspace.open(tmp_path / "w.rdw", registry=ScorecardRegistry([folder])) as again:
        card = again.scorecard_of(aid)
        assert card.question("P1.1").topic["kk"] == "1.1 тақырыбы"
        assert card.max_score == 3 and len(card.questions) == 20  # texts only: the scale is the same
    # an overlay corrected in place is read again on the next open (the built definitions this process keeps
    # are known by the overlay files' times and sizes too)
    edited = (folder / "translations" / "mini.kk.yaml").read_text(encoding="utf-8").replace("1.1 тақырыбы",
                                                                                          "1.1 тақырыбы (түзетілген)")
    (folder / "translations" / "mini.kk.yaml").write_text(edited, encoding="utf-8")
    with Workspace.open(tmp_path / "w.rdw", registry=ScorecardRegistry([folder])) as again:
        assert again.scorecard_of(aid).question("P1.1").topic["kk"] == "1.1 тақырыбы (түзетілген)"


def test_overlay_problems_need_a_valid_definition():
    assert "(definition)" in {p.field for p in overlay_problems({"id": "mini", "version": 1}, _overlay(), "x")}


@pytest.mark.parametrize("path", sorted((builtin_dir() / "translations").glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_overlays_are_valid(path):
    card_id = path.name.split(".")[0]
    definition = builtin_dir() / f"{card_id}.yaml"
    assert definition.exists(), f"{path.name} translates no shipped scorecard"
    assert [p for p in validate_file(definition) if p.file == str(path)] == []


@pytest.mark.parametrize("path", sorted((builtin_dir() / "translations").glob("*.yaml")), ids=lambda p: p.name)
def test_show_json_gives_every_text_in_each_shipped_overlay_language(path, monkeypatch):
    """Done means: ``scorecard show ID --json`` carries the overlay's language for every question,
    topic and level (the shipped kk and ky overlays are complete)."""
    card_id, lang = path.name.split(".")[:2]
    data = json.loads(cli_ok("scorecard", "show", card_id, "--json"))
    missing = [q["id"] for q in data["questions"] if not q["retired"] and not (
        q["topic"].get(lang) and q["text"].get(lang) and all(v.get(lang) for v in q["levels"].values()))]
    assert not missing, f"{path.name}: no {lang} text for {missing}"


def test_workspaces_store_the_definition_without_overlays(tmp_path):
    """A translation is applied when read, never stored: bundles carry the definition as shipped, so
    one sent before or after a translation arrived still matches the known definition."""
    card = load_scorecard(MINI)
    assert "kk" in card.question("P1.1").topic
    assert all(set(q["topic"]) == {"en", "ru"} for q in card.raw["questions"])
    ws = Workspace.create(tmp_path / "w.rdw", registry=ScorecardRegistry([SCORECARDS_DIR]))
    aid = ws.new_assessment(ws.add_city("Шымкент", "KZ"), "mini")
    stored = json.loads(ws.query("SELECT definition FROM scorecards")[0]["definition"])
    assert "kk" not in stored["questions"][0]["topic"]
    assert ws.scorecard_of(aid).question("P1.1").topic["kk"]  # read with the overlay
    ws.close()
