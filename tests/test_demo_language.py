"""The demo speaks the interface's language family (demo/texts.py): Russian along a Russian chain."""

from __future__ import annotations

import pytest

from resilience_desktop.demo.texts import ENGLISH, RUSSIAN, demo_texts
from resilience_desktop.demo.workspace import write_demo
from resilience_desktop.i18n.catalog import set_language
from resilience_desktop.workspace.facade import Workspace


@pytest.mark.parametrize(("lang", "want"), [("en", ENGLISH), ("ru", RUSSIAN), ("kk", RUSSIAN), ("ky", RUSSIAN),
                                            ("uz", RUSSIAN), ("tg", RUSSIAN), ("de", ENGLISH)])
def test_texts_follow_the_fallback_chain(lang, want):
    assert demo_texts(lang) is want


def test_a_russian_interface_gets_a_russian_demo(tmp_path, registry):
    set_language("ru")
    try:
        path = write_demo(tmp_path / "demo.rdw", registry=registry)
    finally:
        set_language("en")
    with Workspace.open(path, read_only=True) as ws:
        cities = {c.name for c in ws.list_cities()}
        assert cities == {RUSSIAN.city, RUSSIAN.second_city}
        current = ws.list_assessments()[-1]
        assert current.title == RUSSIAN.current_title.format(city=RUSSIAN.city)
        actions = ws.list_actions(current.id)
        assert actions and all(a.action.startswith("Устранить пробелы") for a in actions)
        assert {a.timescale for a in actions} <= set(RUSSIAN.timescales)
        comments = {a.comment for a in ws.answers(current.id).values() if a.comment}
        assert comments and all(any("а" <= ch <= "я" for ch in c.lower()) for c in comments)
        (hazard,) = [h for h in ws.list_hazards(ws.list_cities()[0].id) if h.kind == "flood"]
        assert hazard.label == RUSSIAN.hazard


def test_the_english_demo_is_unchanged(demo_path):
    with Workspace.open(demo_path, read_only=True) as ws:
        assert {c.name for c in ws.list_cities()} == {ENGLISH.city, ENGLISH.second_city}


@pytest.mark.parametrize(("lang", "want"), [("en", "Mini test scorecard"), ("ru", "Мини-карта для тестов"),
                                            ("kk", "Сынаққа арналған шағын карта"), ("ky", "Мини-карта для тестов")])
def test_default_assessment_titles_are_in_the_language_in_force(workspace, lang, want):
    """Kazakh has its overlay; Kyrgyz falls back to Russian."""
    city = workspace.add_city("Талас", "KG")
    set_language(lang)
    try:
        aid = workspace.new_assessment(city, "mini")
    finally:
        set_language("en")
    assert workspace.get_assessment(aid).title.startswith(f"Талас — {want} ")
