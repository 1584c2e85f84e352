"""The workspace's full-text index: kept in step by its triggers, Cyrillic, prefixes, privacy, old files."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from resilience_desktop.search import group_by_assessment, search_workspace
from resilience_desktop.store import SCHEMA_VERSION
from resilience_desktop.store.search_index import SOURCES, match_expression
from resilience_desktop.workspace.facade import Workspace

from ..fixtures import WORKSPACES_DIR, populate


def _found(ws, text, **kw) -> list[tuple[str, str | None, str, str]]:
    return [(h.kind, h.question_id, h.field, h.marked()) for h in search_workspace(ws, text, **kw)]


@pytest.fixture
def city_ws(workspace):
    """Two cities, Russian and Kazakh texts in every searched kind of field."""
    ws = workspace
    _city, aid = populate(ws)
    ws.set_answer(aid, "P1.1", comment="Весенний паводок 2024 года затопил два района",
                  verification="Протокол КЧС № 12", data_sources="Гидромет, 2024")
    ws.set_answer(aid, "P3.1", score=1, comment="Су тасқыны қаупі жоғары; өзен жағалауы нығайтылмаған")
    ws.add_action(aid, "P1.1", "Построить дамбу на реке Ала-Арча", responsible="Мэрия, отдел ЧС",
                  timescale="2026–2027")
    ws.add_evidence_link(aid, "P2.1", "https://example.kg/плотина", name="Акт обследования плотины",
                         note="Ёмкость водохранилища проверена")
    ws.set_stakeholder_score(aid, "P1.1", "Қызыл Жарты қоғамы", score=2, note="Тасқын туралы ескерту кешікті")
    other_city = ws.add_city("Ош", "KG")
    other = ws.new_assessment(other_city, "mini", title="Ош 2026")
    ws.set_answer(other, "P1.2", score=2, comment="Паводков не было; селевой поток в 2019")
    return ws, aid, other


def test_russian_case_insensitive_and_prefix(city_ws):
    ws, aid, other = city_ws
    assert _found(ws, "Паводок") == [("answer", "P1.1", "justification",
                                       "Весенний [паводок] 2024 года затопил два района")]
    # A prefix finds every form of the word, in both assessments; upper case finds lower case.
    hits = search_workspace(ws, "ПАВОД")
    assert {(h.assessment_id, h.question_id) for h in hits} == {(aid, "P1.1"), (other, "P1.2")}
    assert [g for g, _ in group_by_assessment(hits)] in ([aid, other], [other, aid])
    assert search_workspace(ws, "пав")[0].highlights  # what is typed so far already finds it
    assert search_workspace(ws, "п") == [] and search_workspace(ws, "па")  # one letter is a word, two a prefix


def test_a_russian_word_finds_its_other_forms(city_ws):
    # a trial's: "наводнения" found nothing where the justification said "наводнений"
    ws, aid, other = city_ws
    ws.set_answer(aid, "P2.1", comment="Карта наводнений устарела; больница в зоне затопления")
    assert _found(ws, "наводнения") == [("answer", "P2.1", "justification",
                                         "Карта [наводнений] устарела; больница в зоне затопления")]
    assert [h.question_id for h in search_workspace(ws, "больницы, затоплению")] == ["P2.1"]  # every word, any form
    # a stem under 4 letters is not used: "сел" of "село" would find the mudflow ("селевой поток") of Osh
    assert search_workspace(ws, "село") == [] and search_workspace(ws, "селевые")
    # the stem's е/ё too: "емкостью" → "емкост" finds "Ёмкость водохранилища" (an evidence note)
    assert [h.marked() for h in search_workspace(ws, "емкостью")] == ["[Ёмкость] водохранилища проверена"]


def test_kazakh_letters_are_their_own(city_ws):
    ws, aid, _ = city_ws
    # "тасқын" (flood) is in a justification and in a stakeholder note.
    assert {(h.kind, h.field) for h in search_workspace(ws, "тасқын")} == {("answer", "justification"),
                                                                            ("stakeholder", "note")}
    assert _found(ws, "ҚЫЗЫЛ") == [("stakeholder", "P1.1", "stakeholder", "[Қызыл] Жарты қоғамы")]
    assert _found(ws, "нығай") == [("answer", "P3.1", "justification",
                                     "Су тасқыны қаупі жоғары; өзен жағалауы [нығайтылмаған]")]
    # ң, қ, ө are letters of their own, not a diacritic on н, к, о.
    assert search_workspace(ws, "нығаитылмаған") == []
    assert search_workspace(ws, "озен") == []


def test_yo_and_ye_find_each_other(city_ws):
    ws, aid, _ = city_ws
    assert [h.marked() for h in search_workspace(ws, "емкость")] == ["[Ёмкость] водохранилища проверена"]
    ws.set_answer(aid, "P2.1", comment="Еще не решено")
    assert [h.marked() for h in search_workspace(ws, "ЕЩЁ")] == ["[Еще] не решено"]
    # Other Cyrillic letters are not folded: й is not и, қ is not к.
    assert search_workspace(ws, "раион") == [] and search_workspace(ws, "района") and search_workspace(ws, "кызыл") == []


def test_every_kind_and_field_with_essential(city_ws):
    ws, aid, _ = city_ws
    by_field = {h.field: h for h in search_workspace(ws, "2024")}
    assert set(by_field) == {"justification", "data_sources"}
    assert by_field["justification"].essential == 1
    assert _found(ws, "протокол кчс") == [("answer", "P1.1", "verification", "[Протокол] [КЧС] № 12")]
    assert _found(ws, "дамбу") == [("action", "P1.1", "action", "Построить [дамбу] на реке Ала-Арча")]
    assert _found(ws, "отдел") == [("action", "P1.1", "owner", "Мэрия, [отдел] ЧС")]
    assert _found(ws, "обследования") == [("evidence", "P2.1", "name", "Акт [обследования] плотины")]
    assert {h.field for h in search_workspace(ws, "плотин")} == {"name", "url"}
    assert search_workspace(ws, "дамбу")[0].to_json()["essential"] == 1


def test_words_must_be_in_one_field(city_ws):
    ws, _, _ = city_ws
    assert search_workspace(ws, "паводок района")  # both in the justification
    assert search_workspace(ws, "паводок протокол") == []  # justification + verification: two fields


def test_the_index_follows_edits_removals_and_undo(city_ws):
    ws, aid, _ = city_ws
    ws.set_answer(aid, "P1.1", comment="Оползень на склоне")
    assert search_workspace(ws, "паводок") == []
    assert _found(ws, "оползень")[0][:3] == ("answer", "P1.1", "justification")
    action = ws.list_actions(aid, "P1.1")[0].id
    ws.update_action(action, action="Укрепить берег")
    assert search_workspace(ws, "дамбу") == [] and _found(ws, "берег")[0][0] == "action"
    ws.set_action_removed(action, True)
    assert search_workspace(ws, "берег") == []
    ws.set_action_removed(action, False)
    assert len(search_workspace(ws, "берег")) == 1
    evidence = ws.list_evidence(aid, "P2.1")[0].id
    ws.rename_evidence(evidence, "Акт приёмки")
    assert search_workspace(ws, "обследования") == [] and search_workspace(ws, "приемки")
    ws.set_stakeholder_score(aid, "P1.1", "Қызыл Жарты қоғамы", score=None)  # removes the group's proposal
    assert all(h.kind != "stakeholder" for h in search_workspace(ws, "тасқын"))
    # The index holds exactly the rows of its tables (the 'integrity-check' of an external-content table).
    for table in {f.table for f in SOURCES}:
        ws._db.conn.execute(f"INSERT INTO {table}_fts({table}_fts, rank) VALUES ('integrity-check', 1)")


def test_private_text_only_when_asked(city_ws):
    ws, aid, _ = city_ws
    ws.set_answer(aid, "P1.1", comment_private=True)
    assert search_workspace(ws, "паводок затопил") == []
    hit, = search_workspace(ws, "паводок затопил", include_private=True)
    assert hit.private and hit.field == "justification"
    # The verification of the same answer is not private.
    assert search_workspace(ws, "протокол")
    ws.set_stakeholder_score(aid, "P1.1", "Қызыл Жарты қоғамы", score=2, note="Тасқын туралы ескерту кешікті",
                             note_private=True)
    assert [h.kind for h in search_workspace(ws, "ескерту")] == []
    assert [h.kind for h in search_workspace(ws, "ескерту", include_private=True)] == ["stakeholder"]
    assert search_workspace(ws, "Қызыл")  # the group's name is not private


@pytest.mark.parametrize("text", ['"', '"паводок', 'паводок"', "NEAR(паводок", "паводок AND", "OR", "* ",
                                  "{comment}: x", "паводок:", "^паводок", "-паводок", "(", "'; DROP TABLE answers;--"])
def test_any_text_is_safe(city_ws, text):
    ws, _, _ = city_ws
    hits = search_workspace(ws, text)  # never an FTS syntax error
    if text in ('"паводок', 'паводок"', "паводок:", "^паводок", "-паводок"):
        assert any(h.question_id == "P1.1" for h in hits)


def test_match_expression_needs_a_word():
    assert match_expression("  ") is None and match_expression("_ - *") is None
    assert match_expression("Паводок") == '"Паводок"*'


def test_frozen_v5_workspace_is_indexed_when_it_opens(tmp_path, mini_registry):
    path = Path(shutil.copy(WORKSPACES_DIR / "v5.rdw", tmp_path / "v5.rdw"))
    with Workspace.open(path, registry=mini_registry) as ws:
        assert _found(ws, "minutes") == [("answer", "P1.1", "verification", "plan and [minutes]")]
        assert [h.field for h in search_workspace(ws, "archive")] == ["data_sources"]
        assert _found(ws, "hazard map") == [("action", "P2.1", "action", "Commission a [hazard] [map]")]
        assert {h.field for h in search_workspace(ws, "adopted")} == {"description", "note"}
        assert search_workspace(ws, "nothing") == []  # P2.1's justification is private in that file
        assert [h.question_id for h in search_workspace(ws, "nothing", include_private=True)] == ["P2.1"]
        ws.set_answer(search_workspace(ws, "minutes")[0].assessment_id, "P1.2", comment="a new flood wall")
        assert _found(ws, "wall")[0][:2] == ("answer", "P1.2")
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE name LIKE '%\\_fts' ESCAPE '\\'")}
        assert tables == {"answers_fts", "stakeholder_scores_fts", "action_items_fts", "evidence_fts"}
    finally:
        conn.close()


def test_a_read_only_workspace_can_be_searched(tmp_path, mini_registry):
    path = tmp_path / "w.rdw"
    with Workspace.create(path, registry=mini_registry) as ws:
        populate(ws)
    with Workspace.open(path, read_only=True, registry=mini_registry) as ws:
        assert [h.question_id for h in search_workspace(ws, "coastline")] == ["P1.2"]


def test_the_index_is_made_inside_the_migration_transaction(tmp_path):
    """A migration is all or nothing: making the index never commits the transaction it runs in."""
    from resilience_desktop.store.schema import MIGRATIONS
    from resilience_desktop.store.search_index import create_search_index
    conn = sqlite3.connect(tmp_path / "w.sqlite", isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    for step in MIGRATIONS[:9]:  # the schema before the index
        step(conn)
    conn.execute("COMMIT")
    conn.execute("INSERT INTO cities VALUES ('c', 'Ош', 'KG', NULL, NULL, NULL, NULL, NULL, 'now', 'now')")
    conn.execute("BEGIN IMMEDIATE")
    create_search_index(conn)
    assert conn.in_transaction
    names = lambda: {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}  # noqa: E731
    assert {"answers_fts", "answers_ai", "evidence_au"} <= names()
    conn.execute("ROLLBACK")
    assert not {n for n in names() if "fts" in n or n.endswith(("_ai", "_ad", "_au"))}
    conn.close()
