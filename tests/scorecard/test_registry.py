"""Finding scorecards (resilience_desktop/scorecard/registry.py), and the shipped definitions."""

from __future__ import annotations

import shutil

import pytest
import yaml

from resilience_desktop.errors import ScorecardError
from resilience_desktop.scorecard import (
    AnswerState, ScorecardRegistry, builtin_dir, score_assessment, user_dir, validate_file,
)
from resilience_desktop.scorecard.registry import default_dirs

from ..fixtures import MINI, mini_doc, write_yaml


def _version(doc: dict, version: int, text: str) -> dict:
    doc["version"] = version
    doc["questions"][0]["text"]["en"] = text
    return doc


# ------------------------------------------------------------------ registry
def test_newest_version_wins_and_older_ones_stay_reachable(tmp_path):
    write_yaml(tmp_path / "mini.yaml", _version(mini_doc(), 3, "Third?"))
    write_yaml(tmp_path / "archive" / "mini-v1.yaml", _version(mini_doc(), 1, "First?"))
    write_yaml(tmp_path / "archive" / "mini-v2.yaml", _version(mini_doc(), 2, "Second?"))
    reg = ScorecardRegistry([tmp_path])

    assert reg.ids() == ["mini"]
    assert reg.versions("mini") == [1, 2, 3]
    assert reg.get("mini").version == 3
    assert reg.get("mini").question("P1.1").text["en"] == "Third?"
    assert reg.get("mini", 1).question("P1.1").text["en"] == "First?"
    assert [c.version for c in reg.latest()] == [3]
    with pytest.raises(ScorecardError, match="no version 7"):
        reg.get("mini", 7)


def test_newest_version_wins_across_folders(tmp_path):
    write_yaml(tmp_path / "a" / "mini.yaml", _version(mini_doc(), 1, "Shipped?"))
    write_yaml(tmp_path / "b" / "mini.yaml", _version(mini_doc(), 2, "National?"))
    reg = ScorecardRegistry([tmp_path / "a", tmp_path / "b"])
    assert reg.get("mini").question("P1.1").text["en"] == "National?"


def test_unknown_scorecard_names_the_known_ones(mini_registry):
    with pytest.raises(ScorecardError, match=r"unknown scorecard 'nope' \(known: mini\)"):
        mini_registry.get("nope")


def test_broken_file_keeps_its_problems_without_hiding_good_ones(tmp_path):
    shutil.copy(MINI, tmp_path / "mini.yaml")
    broken = mini_doc()
    broken["id"] = "broken"
    del broken["title"]["en"]
    del broken["questions"][0]["levels"]["1"]
    write_yaml(tmp_path / "broken.yaml", broken)
    (tmp_path / "garbage.yaml").write_text("id: [\n", encoding="utf-8")

    reg = ScorecardRegistry([tmp_path])

    assert reg.ids() == ["mini"]
    assert reg.get("mini").version == 1
    assert sorted((p.file.rsplit("/", 1)[-1], p.field) for p in reg.problems) == [
        ("broken.yaml", "questions[P1.1].levels.1"),
        ("broken.yaml", "title"),
        ("garbage.yaml", "(file)"),
    ]


def test_helper_files_are_not_definitions(tmp_path):
    shutil.copy(MINI, tmp_path / "mini.yaml")
    for name in ("glossary.yaml", "glossary.kk.yaml", "_draft.yaml", ".hidden.yaml"):
        (tmp_path / name).write_text("not: a scorecard\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# notes\n", encoding="utf-8")
    write_yaml(tmp_path / "_parts" / "part.yaml", {"x": 1})
    reg = ScorecardRegistry([tmp_path])
    assert reg.ids() == ["mini"] and reg.problems == []


def test_missing_folder_is_empty(tmp_path):
    reg = ScorecardRegistry([tmp_path / "nowhere"])
    assert (reg.ids(), reg.problems, reg.latest()) == ([], [], [])


def test_latest_orders_preliminary_detailed_addendum_custom(tmp_path):
    for cid, level in (("zz-custom", "custom"), ("aa-addendum", "addendum"), ("mm-detailed", "detailed"),
                       ("pp-preliminary", "preliminary")):
        doc = mini_doc()
        doc["id"], doc["level"] = cid, level
        write_yaml(tmp_path / f"{cid}.yaml", doc)
    reg = ScorecardRegistry([tmp_path])
    assert [c.id for c in reg.latest()] == ["pp-preliminary", "mm-detailed", "aa-addendum", "zz-custom"]


def test_default_folders_are_shipped_user_and_environment(tmp_path, monkeypatch, isolated_home):
    monkeypatch.setenv("RESILIENCE_SCORECARDS", str(tmp_path / "national"))
    dirs = default_dirs()
    assert dirs == [builtin_dir(), user_dir(), tmp_path / "national"]
    assert str(user_dir()).startswith(str(isolated_home))   # never the real home in tests


def test_user_folder_adds_a_scorecard(isolated_home):
    doc = mini_doc()
    doc["id"] = "national-extra"
    write_yaml(user_dir() / "national-extra.yaml", doc)
    reg = ScorecardRegistry()
    assert "national-extra" in reg.ids() and "preliminary" in reg.ids()


# ------------------------------------------------------------------ the shipped scorecards
SHIPPED = sorted(p for p in builtin_dir().glob("*.yaml") if not p.name.startswith("glossary."))


def test_shipped_scorecards_are_found():
    assert {"preliminary.yaml", "public-health.yaml"} <= {p.name for p in SHIPPED}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_scorecard_validates_with_complete_russian(path):
    assert [str(p) for p in validate_file(path, lang="ru")] == []


def test_the_russian_check_catches_a_missing_level_or_translation(tmp_path):
    doc = yaml.load((builtin_dir() / "preliminary.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)  # noqa: S506 (safe, C)
    del doc["questions"][0]["levels"]["0"]
    del doc["questions"][1]["text"]["ru"]
    path = write_yaml(tmp_path / "preliminary.yaml", doc)
    fields = {p.field for p in validate_file(path, lang="ru")}
    assert fields == {"questions[P1.1].levels.0", "questions[P1.2].text.ru"}


def test_registry_loads_every_shipped_scorecard(registry):
    assert registry.problems == []
    assert {"preliminary", "public-health"} <= set(registry.ids())


def test_preliminary_has_47_questions_in_the_official_distribution(registry):
    card = registry.get("preliminary")
    assert (card.level, card.score_range) == ("preliminary", (0, 3))
    assert len(card.active_questions) == 47
    assert [e.number for e in card.essentials] == list(range(1, 11))
    assert [len(card.questions_of(n)) for n in range(1, 11)] == [3, 5, 4, 4, 3, 6, 4, 9, 7, 2]
    assert [q.id for q in card.questions_of(8)][:2] == ["P8.1", "P8.2"]
    full = score_assessment(card, {q.id: AnswerState(3) for q in card.active_questions})
    assert (full.points, full.max, full.percent) == (141, 141, 100.0)


def test_every_preliminary_question_has_four_levels_in_english_and_russian(registry):
    card = registry.get("preliminary")
    for q in card.questions:
        assert sorted(q.levels) == [0, 1, 2, 3], q.id
        for level, text in q.levels.items():
            assert text.get("en", "").strip() and text.get("ru", "").strip(), f"{q.id} level {level}"
        assert q.text.get("en") and q.text.get("ru") and q.topic.get("en") and q.topic.get("ru"), q.id


def test_public_health_addendum(registry):
    card = registry.get("public-health")
    assert (card.level, card.score_range) == ("addendum", (0, 5))
    assert [e.number for e in card.essentials] == list(range(1, 11))
    assert all(sorted(q.levels) == [0, 1, 2, 3, 4, 5] for q in card.questions)


def test_a_lazy_registry_reads_its_files_when_a_definition_is_first_asked_for(tmp_path, monkeypatch):
    """A workspace reading its stored copy only needs the folders (for translation overlays):
    making the default registry must not read and validate every definition (issue 18, start-up);
    an eager one (the default for an explicit list) has read them when it is made."""
    from resilience_desktop.scorecard import registry as registry_module
    read: list[str] = []
    real = registry_module.load_scorecard
    monkeypatch.setattr(registry_module, "load_scorecard", lambda path, problems: read.append(path.name) or real(path, problems))
    folder = tmp_path / "cards"
    write_yaml(folder / "mini.yaml", mini_doc())
    reg = ScorecardRegistry([folder], lazy=True)
    assert reg.folders == [folder] and read == []
    assert reg.ids() == ["mini"] and read == ["mini.yaml"]
    assert reg.problems == [] and reg.get("mini").id == "mini" and read == ["mini.yaml"]  # read once
    eager = ScorecardRegistry([folder])
    assert read == ["mini.yaml", "mini.yaml"]
    shutil.rmtree(folder)  # a temporary folder removed right after (what the national drill-down does)
    assert eager.ids() == ["mini"]
    monkeypatch.setattr(registry_module, "_default", None)  # put back after the test
    assert registry_module.default_registry()._loaded is None  # nothing read yet
