"""Scorecard versions: old definitions keep loading, and assessments keep the version they began on.

``tests/data/scorecards_archive/preliminary-v1.yaml`` is a frozen copy of the shipped Preliminary
definition, version 1. Never edit it: it stands for the files users already hold.
"""

from __future__ import annotations

import copy
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from resilience_desktop.errors import InvalidInputError
from resilience_desktop.scorecard import (
    AnswerState, ScorecardRegistry, builtin_dir, load_scorecard, score_assessment, validate_file,
)
from resilience_desktop.workspace.facade import Workspace

ARCHIVE = Path(__file__).resolve().parents[1] / "data" / "scorecards_archive"
V1 = ARCHIVE / "preliminary-v1.yaml"
RETIRED = "P10.2"       # dropped in the v2 written below
CHANGED = "P1.1"        # reworded in v2
V2_TEXT = "Does the city have one risk reduction plan that all departments follow? (v2 wording)"


def _v2_doc() -> dict[str, Any]:
    doc = copy.deepcopy(yaml.load(V1.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader))  # noqa: S506 (safe, in C)
    doc["version"] = 2
    for q in doc["questions"]:
        if q["id"] == RETIRED:
            q["retired"] = True
        if q["id"] == CHANGED:
            q["text"] = {"en": V2_TEXT, "ru": "Есть ли у города единый план снижения риска? (редакция v2)"}
    return doc


def _write(path: Path, doc: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def cards_dir(tmp_path: Path) -> Path:
    """A scorecard folder holding only the frozen v1, the way an existing installation does."""
    folder = tmp_path / "scorecards"
    folder.mkdir()
    shutil.copy(V1, folder / "preliminary.yaml")
    return folder


def _release_v2(folder: Path) -> None:
    """Ship v2 as the current file and keep v1 in ``archive/`` (both are found by the registry)."""
    (folder / "archive").mkdir()
    shutil.move(folder / "preliminary.yaml", folder / "archive" / "preliminary-v1.yaml")
    _write(folder / "preliminary.yaml", _v2_doc())


# ------------------------------------------------------------------ the frozen file
def test_frozen_v1_loads_and_is_valid_in_english_and_russian() -> None:
    card = load_scorecard(V1)
    assert (card.id, card.version, card.score_range) == ("preliminary", 1, (0, 3))
    counts = Counter(q.essential for q in card.active_questions)
    assert [counts[e] for e in range(1, 11)] == [3, 5, 4, 4, 3, 6, 4, 9, 7, 2]
    assert validate_file(V1) == []
    assert validate_file(V1, "ru") == []


def test_shipped_preliminary_keeps_every_v1_question() -> None:
    """A later version may retire a question but never drop it, so old answers stay readable."""
    v1 = load_scorecard(V1)
    shipped = load_scorecard(builtin_dir() / "preliminary.yaml")
    assert shipped.id == v1.id and shipped.version >= v1.version
    assert [q.id for q in v1.questions if not shipped.has_question(q.id)] == []
    if shipped.version == v1.version:
        # Same version: same questions, same scale (a change of meaning must bump the version).
        assert [q.id for q in shipped.questions] == [q.id for q in v1.questions]
        assert shipped.score_range == v1.score_range


# ------------------------------------------------------------------ registry
def test_registry_offers_v2_as_latest_and_v1_on_request(cards_dir: Path) -> None:
    _release_v2(cards_dir)
    reg = ScorecardRegistry([cards_dir])
    assert reg.problems == []
    assert reg.versions("preliminary") == [1, 2]
    latest = reg.get("preliminary")
    old = reg.get("preliminary", 1)
    assert latest.version == 2 and old.version == 1
    assert [c.version for c in reg.latest() if c.id == "preliminary"] == [2]
    assert latest.question(CHANGED).text["en"] == V2_TEXT
    assert old.question(CHANGED).text == load_scorecard(V1).question(CHANGED).text
    assert old.question(CHANGED).text["en"] != V2_TEXT
    assert not old.question(RETIRED).retired and latest.question(RETIRED).retired


def test_a_retired_question_is_readable_but_not_scored(tmp_path: Path) -> None:
    v2 = load_scorecard(_write(tmp_path / "p2.yaml", _v2_doc()))
    q = v2.question(RETIRED)
    assert q.retired and q.text["en"] and sorted(q.levels) == [0, 1, 2, 3]
    assert RETIRED not in {x.id for x in v2.active_questions}
    assert len(v2.active_questions) == 46
    assert RETIRED not in {x.id for x in v2.questions_of(10)}
    assert RETIRED in {x.id for x in v2.questions_of(10, include_retired=True)}

    s = score_assessment(v2, {RETIRED: AnswerState(3), "P10.1": AnswerState(2)})
    assert (s.points, s.max, s.answered, s.questions) == (2, 46 * 3, 1, 46)
    e10 = s.essential(10)
    assert (e10.points, e10.max, e10.questions) == (2, 3, 1)


# ------------------------------------------------------------------ workspace
def test_assessment_started_on_v1_keeps_v1_after_v2_appears(cards_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "city.rdw"
    v1_text = load_scorecard(V1).question(CHANGED).text
    with Workspace.create(path, user="tester", registry=ScorecardRegistry([cards_dir])) as ws:
        city = ws.add_city("Almaty", "KZ")
        old = ws.new_assessment(city, "preliminary")
        ws.set_answer(old, CHANGED, score=2)
        ws.set_answer(old, RETIRED, score=3)

    _release_v2(cards_dir)
    with Workspace.open(path, user="tester", registry=ScorecardRegistry([cards_dir]), backup=False) as ws:
        card = ws.scorecard_of(old)
        assert (card.version, ws.get_assessment(old).scorecard_version) == (1, 1)
        assert card.question(CHANGED).text == v1_text
        assert not card.question(RETIRED).retired
        # The old assessment still scores its answer to the question v2 retired.
        assert ws.answers(old)[RETIRED].score == 3
        assert ws.score(old).points == 5
        ws.set_answer(old, RETIRED, score=1)       # and it stays editable on v1

        new = ws.new_assessment(city, "preliminary")
        card2 = ws.scorecard_of(new)
        assert card2.version == 2
        assert card2.question(CHANGED).text["en"] == V2_TEXT
        with pytest.raises(InvalidInputError, match="retired"):
            ws.set_answer(new, RETIRED, score=3)
        assert ws.score(new).questions == 46

    # The v1 copy lives in the workspace: it reads the same even with no scorecard files at all.
    with Workspace.open(path, read_only=True, user="tester", registry=ScorecardRegistry([])) as ws:
        assert ws.scorecard_of(old).question(CHANGED).text == v1_text
        assert ws.scorecard_of(new).version == 2
