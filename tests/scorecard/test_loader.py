"""Loading and validating scorecard definitions (resilience_desktop/scorecard/loader.py)."""

from __future__ import annotations

import json

import pytest

from resilience_desktop.errors import ScorecardValidationError
from resilience_desktop.scorecard import (
    load_scorecard, scorecard_from_dict, translation_problems, validate_dict, validate_file,
)

from ..fixtures import MINI, MINI_QUESTIONS, mini_doc, write_yaml


def test_mini_definition_is_valid_and_fully_translated():
    assert validate_file(MINI) == []
    assert validate_file(MINI, lang="ru") == []


def test_broken_definition_lists_every_problem_with_file_and_field(tmp_path):
    doc = mini_doc()
    del doc["questions"][0]["levels"]["2"]          # P1.1: missing level description
    doc["questions"][3]["id"] = "P2.1"              # P2.2 renamed: duplicate id
    doc["questions"][4]["essential"] = 4            # P3.1 filed under essential 4
    doc["score_range"] = [3, 0]                     # reversed range
    del doc["questions"][5]["text"]["en"]           # P3.2: text without English
    path = write_yaml(tmp_path / "broken.yaml", doc)

    problems = validate_file(path)

    assert {p.file for p in problems} == {str(path)}
    by_field = {p.field: p.message for p in problems}
    assert set(by_field) == {
        "questions[P1.1].levels.2",
        "questions[P2.1].id",
        "questions[P3.1].essential",
        "score_range",
        "questions[P3.2].text",
    }
    assert by_field["questions[P1.1].levels.2"] == "missing level description"
    assert "duplicate" in by_field["questions[P2.1].id"]
    assert "belongs to essential 3, not 4" in by_field["questions[P3.1].essential"]
    assert "3" in by_field["score_range"] and "0" in by_field["score_range"]
    assert "'en'" in by_field["questions[P3.2].text"]
    assert len(problems) == 5

    with pytest.raises(ScorecardValidationError) as info:
        load_scorecard(path)
    assert info.value.problems == problems
    assert "(and 4 more)" in str(info.value)


def test_schema_and_consistency_problems_are_all_reported():
    doc = mini_doc()
    doc["colour"] = "blue"                                   # unknown top-level field
    doc["essentials"][0]["title"] = {"ru": "только русский"}  # essential title without en
    doc["questions"][2]["essential"] = 42                     # P2.1: essential not defined
    doc["questions"][6]["levels"]["7"] = {"en": "extra"}      # P4.1: level outside 0-3
    del doc["questions"][8]["topic"]                          # P5.1: required field missing
    doc["official_ids"] = ["P1.1", "P9.9"]                    # P9.9 is not a question

    problems = validate_dict(doc, "x.yaml")
    fields = [p.field for p in problems]

    assert "(top level)" in fields and any("colour" in p.message for p in problems)
    assert "essentials[1].title" in fields
    assert [p.message for p in problems if p.field == "questions[P2.1].essential"] == [
        "id 'P2.1' belongs to essential 2, not 42", "essential 42 is not defined"]
    assert [p.message for p in problems if p.field == "questions[P4.1].levels.7"] == [
        "level outside score range 0-3"]
    assert any(p.field == "questions[P5.1]" and "topic" in p.message for p in problems)
    assert [p.message for p in problems if p.field == "official_ids"] == ["'P9.9' is not a question in this file"]
    assert {p.file for p in problems} == {"x.yaml"}


@pytest.mark.parametrize("content, message", [
    ("id: [unclosed\n", "not valid YAML/JSON"),
    ("- just\n- a list\n", "expected a mapping of fields"),
])
def test_unparsable_file_is_one_problem_not_an_exception(tmp_path, content, message):
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    problems = validate_file(path)
    assert len(problems) == 1
    assert problems[0].file == str(path) and message in problems[0].message


def test_missing_file_is_reported(tmp_path):
    problems = validate_file(tmp_path / "nope.yaml")
    assert [(p.field, "cannot read" in p.message) for p in problems] == [("(file)", True)]


def test_translation_problems_name_every_untranslated_text():
    doc = mini_doc()
    del doc["essentials"][0]["title"]["ru"]
    doc["questions"][0]["guidance"]["ru"] = "   "             # blank counts as missing
    del doc["questions"][2]["levels"]["3"]["ru"]

    problems = translation_problems(doc, "ru", "m.yaml")

    assert [p.field for p in problems] == [
        "essentials[1].title.ru", "questions[P1.1].guidance.ru", "questions[P2.1].levels.3.ru"]
    assert all(p.file == "m.yaml" and "falls back to English" in p.message for p in problems)
    assert translation_problems(doc, "en") == []
    assert len(translation_problems(mini_doc(), "kk")) > 20   # nothing is in Kazakh


def test_validate_file_with_lang_adds_translation_problems(tmp_path):
    doc = mini_doc()
    del doc["questions"][19]["text"]["ru"]
    path = write_yaml(tmp_path / "m.yaml", doc)
    assert validate_file(path) == []
    assert [p.field for p in validate_file(path, lang="ru")] == ["questions[P10.2].text.ru"]


def test_scorecard_from_dict_builds_the_model():
    doc = mini_doc()
    doc["essentials"].reverse()                 # order in the file does not matter
    doc["questions"][1]["retired"] = True       # P1.2 retired

    card = scorecard_from_dict(doc, "m.yaml")

    assert (card.id, card.version, card.score_range, card.source) == ("mini", 1, (0, 3), "m.yaml")
    assert [e.number for e in card.essentials] == list(range(1, 11))
    assert [q.id for q in card.questions] == list(MINI_QUESTIONS)
    assert [q.id for q in card.questions_of(1)] == ["P1.1"]
    assert [q.id for q in card.questions_of(1, include_retired=True)] == ["P1.1", "P1.2"]
    assert len(card.active_questions) == 19
    q = card.question("P2.1")
    assert sorted(q.levels) == [0, 1, 2, 3]
    assert q.levels[3] == {"en": "Level 3", "ru": "Уровень 3"}
    assert q.text["ru"] == "Вопрос 2.1?"
    with pytest.raises(KeyError):
        card.question("P9.9")


def test_scorecard_from_dict_raises_with_every_problem():
    doc = mini_doc()
    del doc["questions"][0]["levels"]["0"]
    del doc["questions"][1]["levels"]["1"]
    with pytest.raises(ScorecardValidationError) as info:
        scorecard_from_dict(doc)
    assert [p.field for p in info.value.problems] == ["questions[P1.1].levels.0", "questions[P1.2].levels.1"]


def test_json_definitions_load_like_yaml(tmp_path):
    path = tmp_path / "mini.json"
    path.write_text(json.dumps(mini_doc(), ensure_ascii=False), encoding="utf-8")
    (tmp_path / "mini.yaml").write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")  # no overlays beside it
    assert load_scorecard(path).to_json() == load_scorecard(tmp_path / "mini.yaml").to_json()
