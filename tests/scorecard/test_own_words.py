"""Every scorecard text is in our own words: no run of words copied from the official workbook.

Runs every string of every shipped scorecard file (all languages, every field: titles,
descriptions, questions, guidance, levels, notes, glossary, translation files) and the test
scorecards. The frozen archive under ``tests/data/scorecards_archive`` stands for files users
already hold and must stay byte-identical, so it is not checked.

``OFFICIAL_RUNS`` lists wording known from the official workbook (issue 16 item 10 found P7.3 and
detailed 7.3 repeating the first one). A text fails when it shares ``RUN`` consecutive words with
any of them, whatever the punctuation and case.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml

from resilience_desktop.paths import data_dir

from ..fixtures import SCORECARDS_DIR

#: Wording of the official workbook that our texts must not repeat.
OFFICIAL_RUNS = (
    "a documented business continuity plan that has been reviewed within the last 18 months",
)
RUN = 8
_WORD = re.compile(r"\w+", re.UNICODE)


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _windows(words: list[str], n: int = RUN) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


FORBIDDEN = set().union(*(_windows(_words(p)) for p in OFFICIAL_RUNS))


def _strings(node: Any, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, str):
        yield where, node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from _strings(v, f"{where}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            label = v.get("id", i) if isinstance(v, dict) else i
            yield from _strings(v, f"{where}[{label}]")


def _files() -> list[Path]:
    files = sorted(data_dir("scorecards").rglob("*.yaml")) + sorted(SCORECARDS_DIR.rglob("*.yaml"))
    assert len(files) >= 4
    return files


def copied(text: str) -> tuple[str, ...] | None:
    hit = _windows(_words(text)) & FORBIDDEN
    return min(hit) if hit else None


def test_the_guard_catches_the_wording_issue_16_found():
    old = ("What share of businesses with more than 10 staff have a documented business continuity plan "
           "that has been reviewed in the last 18 months?")
    assert copied(old) is not None
    assert copied("A DOCUMENTED business-continuity plan, that has been reviewed...") is not None
    assert copied("Among businesses employing more than 10 people, what proportion keep a written plan?") is None


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.name)
def test_every_scorecard_text_is_in_our_own_words(path):
    doc = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)  # noqa: S506 (safe, C)
    found = [(where, " ".join(run)) for where, text in _strings(doc, path.name) if (run := copied(text))]
    assert found == [], f"copied wording: {found}"
