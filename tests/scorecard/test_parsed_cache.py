"""A definition file read and validated once is kept in the user's cache (scorecard/parsed_cache.py):
the next process loads it without YAML or the JSON Schema, and any change to the file or its
translations, a definition with problems, or a planted cache file, is read and checked again."""

from __future__ import annotations

import os
import pickle
import shutil

import pytest

from resilience_desktop.errors import ScorecardValidationError
from resilience_desktop.scorecard import builtin_dir, loader, parsed_cache
from resilience_desktop.scorecard.loader import load_scorecard

from ..fixtures import SCORECARDS_DIR


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A copy of the ``mini`` scorecard and its translations, and an empty cache of this test's own."""
    dst = tmp_path / "cards"
    shutil.copytree(SCORECARDS_DIR, dst)
    monkeypatch.setattr(parsed_cache, "cache_dir", lambda: tmp_path / "cache")
    return dst


@pytest.fixture
def reads(monkeypatch):
    """The files parsed and the definitions validated, as the loader does them."""
    calls: list[str] = []
    real_read, real_validate = loader._read, loader.validate_dict

    def read(path):
        calls.append(f"read {path.name}")
        return real_read(path)

    def validate(doc, file="<memory>"):
        calls.append("validate")
        return real_validate(doc, file)

    monkeypatch.setattr(loader, "_read", read)
    monkeypatch.setattr(loader, "validate_dict", validate)
    return calls


def test_the_second_load_reads_nothing_and_gives_the_same_card(folder, reads):
    first = load_scorecard(folder / "mini.yaml")
    assert reads == ["read mini.yaml", "validate"]
    reads.clear()
    second = load_scorecard(folder / "mini.yaml")
    assert reads == []
    assert second == first and second.raw == first.raw
    assert [type(k) for k in second.raw["questions"][0]["levels"]] == \
        [type(k) for k in first.raw["questions"][0]["levels"]]  # the file's own key types, kept exactly


def test_the_shipped_scorecards_load_the_same_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(parsed_cache, "cache_dir", lambda: tmp_path / "cache")
    for name in ("preliminary.yaml", "detailed.yaml", "public-health.yaml"):
        fresh = load_scorecard(builtin_dir() / name)
        kept = load_scorecard(builtin_dir() / name)
        assert kept == fresh and kept.raw == fresh.raw
        assert kept.questions[0].text == fresh.questions[0].text and "ru" in kept.questions[0].text


def test_an_edit_that_keeps_the_size_and_the_time_is_read_again(folder, reads):
    path = folder / "mini.yaml"
    load_scorecard(path)
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    assert "version: 1" in text
    path.write_text(text.replace("version: 1", "version: 7", 1), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    reads.clear()
    assert load_scorecard(path).version == 7
    assert reads == ["read mini.yaml", "validate"]


def test_a_translation_added_or_changed_is_read_again(folder, reads):
    path = folder / "mini.yaml"
    load_scorecard(path)
    overlays = sorted((folder / "translations").iterdir())
    assert overlays
    overlays[0].write_text(overlays[0].read_text(encoding="utf-8") + "\n# reviewed\n", encoding="utf-8")
    reads.clear()
    load_scorecard(path)
    assert reads == ["read mini.yaml", "validate"]


def test_a_definition_with_problems_is_never_kept(folder, reads):
    path = folder / "mini.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("score_range", "score_rnage", 1), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(ScorecardValidationError):
            load_scorecard(path)
    assert not list((folder.parent / "cache").glob("*.pickle"))


def test_an_overlay_with_problems_is_reported_at_every_load(folder):
    bad = folder / "translations" / "mini.zz.yaml"
    bad.write_text("scorecard: mini\nversion: 1\nlang: zz\nquestions: {NOPE: {text: x}}\n", encoding="utf-8")
    for _ in range(2):
        problems: list = []
        load_scorecard(folder / "mini.yaml", problems)
        assert any("mini.zz.yaml" in p.file for p in problems), problems


def test_a_planted_cache_file_is_a_miss_not_code(folder, reads, tmp_path):
    path = folder / "mini.yaml"
    load_scorecard(path)
    (kept,) = (tmp_path / "cache").glob("*.pickle")
    marker = tmp_path / "ran"

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    kept.write_bytes(pickle.dumps(({"id": Evil()}, {})))
    reads.clear()
    card = load_scorecard(path)
    assert not marker.exists() and card.id == "mini"
    assert reads == ["read mini.yaml", "validate"]
    kept.write_bytes(b"\x80\x05 damaged")
    assert load_scorecard(path).id == "mini"


def test_an_unwritable_cache_only_costs_the_speed_up(folder, reads, tmp_path):
    (tmp_path / "cache").write_text("a file where the folder should be")
    for _ in range(2):
        assert load_scorecard(folder / "mini.yaml").id == "mini"
    assert reads.count("validate") == 2


def test_a_packaged_app_without_source_files_still_loads_and_keeps(folder, reads, monkeypatch):
    """PyInstaller ships the modules as bytecode only: the code stamp cannot read loader.py (the packaged
    app's demo failed to start on it)."""
    monkeypatch.setattr(parsed_cache, "_CODE", ("no_such_module.py",))
    parsed_cache._code_stamp.cache_clear()
    try:
        for _ in range(2):
            assert load_scorecard(folder / "mini.yaml").id == "mini"
        assert reads.count("validate") == 1
    finally:
        parsed_cache._code_stamp.cache_clear()
