"""A workspace's stored definition is validated once per content (scorecard/valid_cache.py),
and a stored copy changed afterwards, by corruption or by hand, is still refused."""

from __future__ import annotations

import json
import sqlite3

import pytest

from resilience_desktop.errors import ScorecardValidationError
from resilience_desktop.scorecard import loader, valid_cache
from resilience_desktop.workspace import scorecards
from resilience_desktop.workspace.facade import Workspace

from ..fixtures import populate


@pytest.fixture
def stored(tmp_path, mini_registry):
    """A workspace with one assessment on ``mini``, closed; returns its path."""
    path = tmp_path / "city.rdw"
    with Workspace.create(path, registry=mini_registry) as ws:
        populate(ws)  # starting the assessment read (and validated) the copy: start from no cache
    valid_cache.cache_path().unlink(missing_ok=True)
    _new_process()
    return path


def _new_process() -> None:
    """Forget what this process validated and built: only the cache file remains, as in a new start."""
    valid_cache._known.clear()
    scorecards._BUILT.clear()


@pytest.fixture
def validations(monkeypatch):
    """Count the full validations run (the JSON Schema pass and the consistency checks)."""
    calls: list[str] = []
    real = loader.validate_dict

    def counting(doc, file="<memory>"):
        calls.append(file)
        return real(doc, file)

    monkeypatch.setattr(loader, "validate_dict", counting)
    return calls


def _read_card(path, registry):
    with Workspace.open(path, registry=registry) as ws:
        a = ws.list_assessments()[0]
        return ws.scorecard(a.scorecard_id, a.scorecard_version)


def test_the_stored_copy_is_validated_on_the_first_open_only(stored, mini_registry, validations):
    first = _read_card(stored, mini_registry)
    assert validations == ["workspace:mini@1"]
    keys = valid_cache.cache_path().read_text(encoding="ascii").split()
    assert len(keys) == 1 and len(keys[0]) == 64

    second = _read_card(stored, mini_registry)
    assert validations == ["workspace:mini@1"]  # not again: the same content passed before
    assert second.questions == first.questions and second.raw == first.raw


def test_the_cache_file_is_what_is_remembered_across_starts(stored, mini_registry, validations):
    _read_card(stored, mini_registry)
    _new_process()  # only the file remains
    _read_card(stored, mini_registry)
    assert validations == ["workspace:mini@1"]
    _new_process()
    valid_cache.cache_path().write_text("not a hash\n", encoding="ascii")  # lost or damaged: validate again
    _read_card(stored, mini_registry)
    assert validations == ["workspace:mini@1", "workspace:mini@1"]


@pytest.mark.parametrize("forge", ["level_removed", "score_range_text", "question_moved"])
def test_a_stored_copy_changed_after_it_was_validated_is_refused(stored, mini_registry, validations, forge):
    _read_card(stored, mini_registry)  # validated and remembered
    with sqlite3.connect(stored) as con:
        (text,) = con.execute("SELECT definition FROM scorecards WHERE id = 'mini'").fetchone()
        doc = json.loads(text)
        if forge == "level_removed":
            del doc["questions"][0]["levels"]["2"]
        elif forge == "score_range_text":
            doc["score_range"] = ["0", "3"]
        else:
            doc["questions"][1]["essential"] = 7
        con.execute("UPDATE scorecards SET definition = ? WHERE id = 'mini'", (json.dumps(doc),))
    con.close()

    with pytest.raises(ScorecardValidationError) as err:
        _read_card(stored, mini_registry)
    fields = {p.field for p in err.value.problems}
    expected = {"level_removed": "questions[P1.1].levels.2", "score_range_text": "score_range[0]",
                "question_moved": "questions[P1.2].essential"}[forge]
    assert expected in fields, fields
    assert len(valid_cache.cache_path().read_text(encoding="ascii").split()) == 1  # the forgery is not remembered


def test_a_newer_app_or_schema_validates_again(stored, mini_registry, validations, monkeypatch):
    _read_card(stored, mini_registry)
    monkeypatch.setattr(valid_cache, "__version__", "999.0")
    scorecards._BUILT.clear()  # a newer app is a new process
    _read_card(stored, mini_registry)
    assert validations == ["workspace:mini@1", "workspace:mini@1"]


def test_an_unwritable_cache_only_costs_the_speed_up(stored, mini_registry, validations, monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setattr(valid_cache, "cache_path", lambda: blocker / "validated-scorecards.txt")
    card = _read_card(stored, mini_registry)
    assert card.id == "mini"
    assert not (blocker / "validated-scorecards.txt").exists()


def test_the_file_keeps_only_the_newest_entries(monkeypatch, tmp_path):
    monkeypatch.setattr(valid_cache, "cache_path", lambda: tmp_path / "v.txt")
    keys = [valid_cache.content_key({"n": i}) for i in range(valid_cache.MAX_ENTRIES + 1)]
    for k in keys:
        valid_cache.remember_valid(k)
    kept = (tmp_path / "v.txt").read_text(encoding="ascii").split()
    assert kept[-1] == keys[-1] and len(kept) == valid_cache.MAX_ENTRIES // 2
    valid_cache._known.clear()
    assert valid_cache.is_known_valid(keys[-1]) and not valid_cache.is_known_valid(keys[0])
