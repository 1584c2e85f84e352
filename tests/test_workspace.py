"""The workspace façade (resilience_desktop/workspace.py): every edit validated, logged, announced."""

from __future__ import annotations

import hashlib
import shutil

import pytest

from resilience_desktop.errors import (
    InvalidInputError, NotFoundError, ScorecardError, WorkspaceReadOnlyError,
)
from resilience_desktop.demo.workspace import write_demo
from resilience_desktop.workspace.records import ChangeEvent
from resilience_desktop.scorecard import ScorecardRegistry
from resilience_desktop.workspace.facade import Workspace, current_user, default_workspace_path

from .fixtures import MINI, TEST_USER, mini_doc, populate, snapshot, write_yaml


@pytest.fixture
def filled(workspace):
    """``(workspace, city_id, assessment_id)`` with P1.1 = 3, P1.2 = N/A, P2.1 = 0."""
    city, aid = populate(workspace)
    return workspace, city, aid


@pytest.fixture
def events(workspace):
    got: list[ChangeEvent] = []
    workspace.subscribe(got.append)
    return got


# ------------------------------------------------------------------ basics
def test_user_and_default_location_come_from_the_environment(isolated_home, workspace):
    assert current_user() == TEST_USER == workspace.user
    assert str(default_workspace_path()).startswith(str(isolated_home))
    assert default_workspace_path().suffix == ".rdw"


def test_workspace_file_holds_no_absolute_paths(filled, tmp_path):
    ws, _, aid = filled
    doc = tmp_path / "sub" / "report.pdf"
    doc.parent.mkdir()
    doc.write_bytes(b"%PDF-1.4 fake")
    ws.add_evidence_file(aid, "P1.1", doc)
    ws.close()
    assert str(tmp_path).encode() not in ws.path.read_bytes()


# ------------------------------------------------------------------ cities
def test_add_city_stores_every_field(workspace, events):
    cid = workspace.add_city("  Osh ", "kg", region="Osh region", population=322_000, area_km2=182.5,
                             lon=72.8, lat=40.5)
    city = workspace.get_city(cid)
    assert (city.name, city.country, city.region, city.population, city.area_km2, city.lon, city.lat) == (
        "Osh", "KG", "Osh region", 322_000, 182.5, 72.8, 40.5)
    assert len(cid) == 36 and cid.count("-") == 4
    assert events == [ChangeEvent("city", cid, fields=("created",))]
    (change,) = workspace.history()
    assert (change.who, change.entity, change.entity_id, change.field, change.old_value) == (
        TEST_USER, "city", cid, "created", None)
    assert '"Osh"' in change.new_value


@pytest.mark.parametrize("kwargs, message", [
    (dict(name=" ", country="KG"), "needs a name"),
    (dict(name="X", country="KGZ"), "two-letter ISO code"),
    (dict(name="X", country="K1"), "two-letter ISO code"),
    (dict(name="X", country="KG", population=-1), "population"),
    (dict(name="X", country="KG", population=1.5), "population"),
    (dict(name="X", country="KG", area_km2=0), "area"),
    (dict(name="X", country="KG", lon=74.0), "both longitude and latitude"),
    (dict(name="X", country="KG", lon=200.0, lat=10.0), "-180..180"),
    (dict(name="X", country="KG", lon=10.0, lat=-91.0), "-90..90"),
])
def test_invalid_city_changes_nothing(filled, kwargs, message):
    ws, _, _ = filled
    before = snapshot(ws)
    with pytest.raises(InvalidInputError, match=message):
        ws.add_city(**kwargs)
    assert snapshot(ws) == before


def test_update_city_logs_each_changed_field(filled):
    ws, cid, _ = filled
    n = len(ws.history())
    ws.update_city(cid, population=260_000, region="South")
    ws.update_city(cid, population=260_000)          # unchanged: no log entry
    city = ws.get_city(cid)
    assert (city.population, city.region, city.name) == (260_000, "South", "Testgrad")
    assert sorted((c.field, c.old_value, c.new_value) for c in ws.history()[n:]) == [
        ("population", "250000", "260000"), ("region", "North", "South")]
    before = snapshot(ws)
    with pytest.raises(InvalidInputError):
        ws.update_city(cid, country="Kyrgyzstan")
    assert snapshot(ws) == before


def test_list_and_get_cities(workspace):
    b = workspace.add_city("bishkek", "KG")
    a = workspace.add_city("Almaty", "KZ")
    assert [c.id for c in workspace.list_cities()] == [a, b]        # by name, ignoring case
    with pytest.raises(NotFoundError):
        workspace.get_city("nope")


# ------------------------------------------------------------------ assessments
def test_new_assessment_is_stamped_with_scorecard_and_version(workspace, events):
    cid = workspace.add_city("Naryn", "KG")
    aid = workspace.new_assessment(cid, "mini", team=["A", "B"], started_on="2026-01-02")
    a = workspace.get_assessment(aid)
    assert (a.city_id, a.city, a.scorecard_id, a.scorecard_version, a.status, a.started_on, a.team,
            a.essentials_scope) == (cid, "Naryn", "mini", 1, "in_progress", "2026-01-02", ("A", "B"), None)
    assert a.title.startswith("Naryn — Mini test scorecard")
    assert events[-1] == ChangeEvent("assessment", aid, aid, fields=("created",))
    assert [x.id for x in workspace.list_assessments()] == [aid]
    assert [x.id for x in workspace.list_assessments(city_id="other")] == []


def test_new_assessment_rejects_bad_input_and_changes_nothing(filled):
    ws, cid, _ = filled
    before = snapshot(ws)
    with pytest.raises(NotFoundError):
        ws.new_assessment("no-city", "mini")
    with pytest.raises(ScorecardError, match="unknown scorecard"):
        ws.new_assessment(cid, "nope")
    with pytest.raises(ScorecardError, match="no version 9"):
        ws.new_assessment(cid, "mini", version=9)
    with pytest.raises(InvalidInputError, match=r"\[11\]"):
        ws.new_assessment(cid, "mini", essentials=[1, 11])
    with pytest.raises(InvalidInputError):
        ws.new_assessment(cid, "mini", essentials=[])
    assert snapshot(ws) == before


def test_essentials_scope_limits_questions_and_score(workspace):
    cid = workspace.add_city("Talas", "KG")
    aid = workspace.new_assessment(cid, "mini", essentials=[3, 1])
    assert workspace.get_assessment(aid).essentials_scope == (1, 3)
    workspace.set_answer(aid, "P3.1", score=2)
    with pytest.raises(InvalidInputError, match="outside this assessment"):
        workspace.set_answer(aid, "P2.1", score=2)
    s = workspace.score(aid)
    assert [e.essential for e in s.essentials] == [1, 3]
    assert (s.points, s.max, s.answered) == (2, 12, 1)


def test_update_assessment(filled):
    ws, _, aid = filled
    n = len(ws.history(aid))
    ws.update_assessment(aid, title=" Final title ", status="final", team=["X"], completed_on="2026-12-01")
    a = ws.get_assessment(aid)
    assert (a.title, a.status, a.team, a.completed_on) == ("Final title", "final", ("X",), "2026-12-01")
    assert sorted(c.field for c in ws.history(aid)[n:]) == ["completed_on", "status", "team", "title"]
    before = snapshot(ws)
    with pytest.raises(InvalidInputError):
        ws.update_assessment(aid, status="done-ish")
    with pytest.raises(InvalidInputError):
        ws.update_assessment(aid, title="  ")
    ws.update_assessment(aid, status="final")            # unchanged: nothing written
    assert snapshot(ws) == before


# ------------------------------------------------------------------ answers
def test_set_answer_score_na_and_clear(workspace, events):
    aid = workspace.new_assessment(workspace.add_city("A", "KG"), "mini")
    a = workspace.set_answer(aid, "P1.1", score=2)
    assert (a.score, a.na, a.answered, a.updated_by) == (2, False, True, TEST_USER)
    a = workspace.set_answer(aid, "P1.1", na=True)
    assert (a.score, a.na, a.answered) == (None, True, True)
    a = workspace.set_answer(aid, "P1.1", score=0)
    assert (a.score, a.na, a.answered) == (0, False, True)
    a = workspace.set_answer(aid, "P1.1", score=None)
    assert (a.score, a.na, a.answered) == (None, False, False)
    assert workspace.score(aid).answered == 0
    assert [(c.old_value, c.new_value) for c in workspace.history(aid, "P1.1")] == [
        (None, "2"), ("2", "N/A"), ("N/A", "0"), ("0", None)]
    assert [e.fields for e in events if e.entity == "answer"] == [("score",)] * 4
    assert all(e.assessment_id == aid and e.question_id == "P1.1" for e in events if e.entity == "answer")


def test_set_answer_texts_only_change_what_is_given(filled):
    ws, _, aid = filled
    ws.set_answer(aid, "P1.1", verification="minutes", responsible="Mayor's office", data_sources="census")
    a = ws.answer(aid, "P1.1")
    assert (a.score, a.comment, a.verification, a.responsible, a.data_sources) == (
        3, "fully in place", "minutes", "Mayor's office", "census")
    changes = ws.history(aid, "P1.1")[-3:]
    assert sorted((c.field, c.old_value, c.new_value) for c in changes) == [
        ("data_sources", "", "census"), ("responsible", "", "Mayor's office"), ("verification", "", "minutes")]


def test_unchanged_answer_writes_nothing(filled, events):
    ws, _, aid = filled
    before = snapshot(ws)
    a = ws.set_answer(aid, "P1.1", score=3, comment="fully in place")
    ws.set_answer(aid, "P1.2", na=True)
    assert a.score == 3
    assert snapshot(ws) == before and events == []


@pytest.mark.parametrize("kwargs, error", [
    (dict(question_id="P9.9", score=1), NotFoundError),
    (dict(question_id="P1.1", score=4), InvalidInputError),
    (dict(question_id="P1.1", score=-1), InvalidInputError),
    (dict(question_id="P1.1", score=True), InvalidInputError),
    (dict(question_id="P1.1", score=2.0), InvalidInputError),
    (dict(question_id="P1.1", score=2, na=True), InvalidInputError),
    (dict(question_id="P1.1", comment=5), InvalidInputError),
    (dict(assessment_id="nope", question_id="P1.1", score=1), NotFoundError),
])
def test_invalid_answer_changes_nothing(filled, events, kwargs, error):
    ws, _, aid = filled
    kwargs = {"assessment_id": aid, **kwargs}
    before = snapshot(ws)
    with pytest.raises(error):
        ws.set_answer(kwargs.pop("assessment_id"), kwargs.pop("question_id"), **kwargs)
    assert snapshot(ws) == before and events == []


def test_score_of_an_assessment(filled):
    ws, _, aid = filled
    s = ws.score(aid)
    assert (s.points, s.max, s.answered, s.questions) == (3, 57, 3, 20)
    assert (s.essential(1).points, s.essential(1).max, s.essential(1).na) == (3, 3, 1)
    assert (s.essential(2).points, s.essential(2).max, s.essential(2).answered) == (0, 6, 1)


# ------------------------------------------------------------------ history
def test_history_records_who_old_and_new(filled):
    ws, _, aid = filled
    other = Workspace.open(ws.path, read_only=True)          # same file, different reader
    ws.user = "second editor"
    ws.set_answer(aid, "P2.1", score=1, comment="some progress")
    log = ws.history(aid, "P2.1")
    assert [(c.who, c.field, c.old_value, c.new_value) for c in log] == [
        (TEST_USER, "score", None, "0"), (TEST_USER, "comment", "", "nothing yet"),
        ("second editor", "score", "0", "1"), ("second editor", "comment", "nothing yet", "some progress")]
    assert [c.seq for c in log] == sorted(c.seq for c in log)
    assert all(c.at.endswith("+00:00") for c in log)
    assert other.history(aid, "P2.1") == log
    other.close()
    with pytest.raises(NotFoundError):
        ws.history("nope")


# ------------------------------------------------------------------ evidence
def test_evidence_file_is_copied_with_hash_and_size(filled, tmp_path, events):
    ws, _, aid = filled
    data = "План города\n".encode() * 100 + bytes(range(256))
    src = tmp_path / "plan.bin"
    src.write_bytes(data)
    eid = ws.add_evidence_file(aid, "P1.1", src, note="adopted plan")
    src.unlink()                                            # the workspace has its own copy
    (ev,) = ws.list_evidence(aid, "P1.1")
    assert (ev.id, ev.kind, ev.name, ev.size, ev.sha256, ev.note, ev.added_by) == (
        eid, "file", "plan.bin", len(data), hashlib.sha256(data).hexdigest(), "adopted plan", TEST_USER)
    assert ws.evidence_data(eid) == data
    assert events[-1] == ChangeEvent("evidence", eid, aid, "P1.1", ("added",))
    assert ws.history(aid, "P1.1")[-1].new_value == f"file: plan.bin ({ev.sha256})"


def test_same_content_is_stored_once(filled, tmp_path):
    ws, _, aid = filled
    (tmp_path / "a.txt").write_bytes(b"same")
    (tmp_path / "b.txt").write_bytes(b"same")
    e1 = ws.add_evidence_file(aid, "P1.1", tmp_path / "a.txt")
    e2 = ws.add_evidence_file(aid, None, tmp_path / "b.txt", name="Copy")
    assert ws.evidence_data(e1) == ws.evidence_data(e2) == b"same"
    assert ws.query("SELECT count(*) AS n FROM blobs")[0]["n"] == 1
    assert [e.name for e in ws.list_evidence(aid)] == ["a.txt", "Copy"]
    assert [e.name for e in ws.list_evidence(aid, None)] == ["Copy"]     # assessment-level only


def test_rename_remove_and_restore_evidence(filled, tmp_path):
    ws, _, aid = filled
    (tmp_path / "x.txt").write_text("x")
    eid = ws.add_evidence_file(aid, "P1.1", tmp_path / "x.txt")
    ws.rename_evidence(eid, "  Minutes 2026 ")
    assert [e.name for e in ws.list_evidence(aid)] == ["Minutes 2026"]
    ws.set_evidence_removed(eid, True)
    assert ws.list_evidence(aid) == []
    assert ws.evidence_data(eid) == b"x"                    # the stored file is kept
    ws.set_evidence_removed(eid, True)                      # already removed: nothing logged
    ws.set_evidence_removed(eid, False)
    assert [e.id for e in ws.list_evidence(aid)] == [eid]
    assert [(c.field, c.old_value, c.new_value) for c in ws.history(aid) if c.entity_id == eid][1:] == [
        ("name", "x.txt", "Minutes 2026"), ("removed", "Minutes 2026", None), ("restored", "Minutes 2026", None)]
    with pytest.raises(InvalidInputError):
        ws.rename_evidence(eid, " ")
    with pytest.raises(NotFoundError):
        ws.rename_evidence("nope", "x")


def test_bad_evidence_changes_nothing(filled, tmp_path):
    ws, _, aid = filled
    before = snapshot(ws)
    with pytest.raises(InvalidInputError, match="cannot read"):
        ws.add_evidence_file(aid, "P1.1", tmp_path / "missing.pdf")
    with pytest.raises(InvalidInputError, match="not a file"):
        ws.add_evidence_file(aid, "P1.1", tmp_path)
    with pytest.raises(NotFoundError):
        ws.add_evidence_file(aid, "P9.9", MINI)
    with pytest.raises(InvalidInputError, match="not a link"):
        ws.add_evidence_link(aid, "P1.1", "www.example.org")
    assert snapshot(ws) == before


def test_links(filled):
    ws, _, aid = filled
    lid = ws.add_evidence_link(aid, "P2.1", " https://example.org/map ", note="hazard map")
    (ev,) = ws.list_evidence(aid, "P2.1")
    assert (ev.id, ev.kind, ev.url, ev.name, ev.sha256, ev.size, ev.note) == (
        lid, "link", "https://example.org/map", "https://example.org/map", None, None, "hazard map")
    with pytest.raises(InvalidInputError, match="is a link, not a file"):
        ws.evidence_data(lid)


def test_lists_keep_insertion_order_within_the_same_millisecond(filled, monkeypatch):
    ws, cid, _ = filled
    for part in ("assessments", "evidence", "actions"):
        monkeypatch.setattr(f"resilience_desktop.workspace.{part}.now", lambda: "2026-01-01T00:00:00.000+00:00")
    aids = [ws.new_assessment(cid, "mini", title=f"A{i}") for i in range(8)]
    questions = ["P2.1", None, "P1.1", None, "P2.1", "P1.1", None, "P1.2"]
    links = [ws.add_evidence_link(aids[0], q, f"https://example.org/{i}") for i, q in enumerate(questions)]
    actions = [ws.add_action(aids[0], q, f"Action {i}") for i, q in enumerate(questions)]
    assert [a.id for a in ws.list_assessments() if a.id in aids] == aids
    assert [e.id for e in ws.list_evidence(aids[0])] == links
    assert [x.id for x in ws.list_actions(aids[0])] == actions


# ------------------------------------------------------------------ action items
def test_action_items(filled, events):
    ws, _, aid = filled
    xid = ws.add_action(aid, "P2.1", " Commission a hazard map ", responsible="Planning", timescale="1 year")
    (item,) = ws.list_actions(aid, "P2.1")
    assert (item.id, item.action, item.responsible, item.timescale, item.status) == (
        xid, "Commission a hazard map", "Planning", "1 year", "open")
    ws.update_action(xid, status="in_progress", responsible="Planning Department")
    item = ws.list_actions(aid)[0]
    assert (item.status, item.responsible) == ("in_progress", "Planning Department")
    assert events[-1].fields == ("status", "responsible")
    before = snapshot(ws)
    for bad in (dict(status="finished"), dict(action=" "), dict(colour="red")):
        with pytest.raises(InvalidInputError):
            ws.update_action(xid, **bad)
    with pytest.raises(InvalidInputError):
        ws.add_action(aid, "P2.1", "  ")
    with pytest.raises(InvalidInputError):
        ws.add_action(aid, "P2.1", "x", status="someday")
    with pytest.raises(NotFoundError):
        ws.update_action("nope", status="done")
    assert snapshot(ws) == before
    ws.set_action_removed(xid, True)
    assert ws.list_actions(aid) == []
    ws.set_action_removed(xid, False)
    assert [x.id for x in ws.list_actions(aid)] == [xid]
    assert [c.field for c in ws.history(aid) if c.entity == "action"] == [
        "added", "status", "responsible", "removed", "restored"]


# ------------------------------------------------------------------ stakeholder scores
def test_stakeholder_scores(filled):
    ws, _, aid = filled
    ws.set_stakeholder_score(aid, "P1.1", "Red Crescent", score=2, note="drills yearly")
    ws.set_stakeholder_score(aid, "P1.1", "Business association", na=True)
    ws.set_stakeholder_score(aid, "P1.1", "Red Crescent", score=1, note="drills yearly")
    got = ws.stakeholder_scores(aid, "P1.1")
    assert [(s.stakeholder, s.score, s.na, s.note) for s in got] == [
        ("Business association", None, True, ""), ("Red Crescent", 1, False, "drills yearly")]
    ws.set_stakeholder_score(aid, "P1.1", "Business association")          # no score, no N/A: removed
    assert [s.stakeholder for s in ws.stakeholder_scores(aid, "P1.1")] == ["Red Crescent"]
    assert [(c.entity_id, c.field, c.old_value, c.new_value) for c in ws.history(aid, "P1.1")
            if c.entity == "stakeholder"] == [
        ("Red Crescent", "proposed score", None, "2"), ("Red Crescent", "note", "", "drills yearly"),
        ("Business association", "proposed score", None, "N/A"),
        ("Red Crescent", "proposed score", "2", "1"),
        ("Business association", "proposed score", "N/A", None)]
    assert ws.answer(aid, "P1.1").score == 3                               # the agreed score is separate
    before = snapshot(ws)
    with pytest.raises(InvalidInputError):
        ws.set_stakeholder_score(aid, "P1.1", "Red Crescent", score=4)
    with pytest.raises(InvalidInputError):
        ws.set_stakeholder_score(aid, "P1.1", "  ", score=1)
    with pytest.raises(NotFoundError):
        ws.set_stakeholder_score(aid, "P9.9", "Red Crescent", score=1)
    assert snapshot(ws) == before
    assert [s.score for s in ws.stakeholder_scores(aid, "P1.1")] == [1]


# ------------------------------------------------------------------ events
def test_subscribe_and_unsubscribe(filled):
    ws, cid, aid = filled
    got: list[ChangeEvent] = []
    unsubscribe = ws.subscribe(got.append)
    ws.set_answer(aid, "P3.1", score=2, comment="ok")
    ws.update_city(cid, name="Renamed")
    with pytest.raises(InvalidInputError):
        ws.set_answer(aid, "P3.1", score=9)
    unsubscribe()
    ws.set_answer(aid, "P3.2", score=1)
    assert got == [ChangeEvent("answer", "P3.1", aid, "P3.1", ("score", "comment")),
                   ChangeEvent("city", cid, fields=("name",))]


def test_subscribers_see_the_committed_state(filled):
    ws, _, aid = filled
    seen = []
    ws.subscribe(lambda e: seen.append(ws.answer(aid, "P4.1").score))
    ws.set_answer(aid, "P4.1", score=2)
    assert seen == [2]


# ------------------------------------------------------------------ read-only
def test_read_only_workspace_refuses_every_write(tmp_path, mini_registry):
    path = tmp_path / "ro.rdw"
    with Workspace.create(path, registry=mini_registry) as ws:
        cid, aid = populate(ws)
        xid = ws.add_action(aid, "P1.1", "Do it")
    (tmp_path / "e.txt").write_text("e")
    with Workspace.open(path, read_only=True, registry=mini_registry) as ro:
        before = snapshot(ro)
        writes = [
            lambda: ro.add_city("X", "KG"),
            lambda: ro.update_city(cid, name="Y"),
            lambda: ro.new_assessment(cid, "mini"),
            lambda: ro.update_assessment(aid, status="final"),
            lambda: ro.set_answer(aid, "P3.1", score=1),
            lambda: ro.add_evidence_file(aid, "P1.1", tmp_path / "e.txt"),
            lambda: ro.add_evidence_link(aid, "P1.1", "https://example.org"),
            lambda: ro.add_action(aid, "P1.1", "More"),
            lambda: ro.update_action(xid, status="done"),
            lambda: ro.set_stakeholder_score(aid, "P1.1", "NGO", score=1),
            lambda: ro.set_meta("k", "v"),
        ]
        for write in writes:
            with pytest.raises(WorkspaceReadOnlyError):
                write()
        assert snapshot(ro) == before
    assert not (path.parent / "ro.rdw.backups").exists()


# ------------------------------------------------------------------ scorecard snapshot
def test_assessment_keeps_its_definition_when_the_registry_changes(tmp_path):
    cards = tmp_path / "cards"
    cards.mkdir()
    shutil.copy(MINI, cards / "mini.yaml")
    path = tmp_path / "snap.rdw"
    with Workspace.create(path, registry=ScorecardRegistry([cards])) as ws:
        aid = ws.new_assessment(ws.add_city("Snap", "KG"), "mini")
        ws.set_answer(aid, "P1.1", score=2)

    # The file is edited in place (same version), and a version 2 appears with other texts,
    # a retired question and another scale.
    same = mini_doc()
    same["questions"][0]["text"]["en"] = "Silently reworded?"
    write_yaml(cards / "mini.yaml", same)
    v2 = mini_doc()
    v2["version"] = 2
    v2["score_range"] = [0, 5]
    for q in v2["questions"]:
        q["levels"] = {str(s): {"en": f"New level {s}"} for s in range(6)}
    v2["questions"][0]["text"]["en"] = "Version 2 wording?"
    v2["questions"][1]["retired"] = True
    write_yaml(cards / "mini-v2.yaml", v2)
    registry = ScorecardRegistry([cards])
    assert registry.get("mini").version == 2

    with Workspace.open(path, registry=registry) as ws:
        card = ws.scorecard_of(aid)
        assert (card.version, card.score_range) == (1, (0, 3))
        assert card.question("P1.1").text["en"] == "Question 1.1?"
        assert card.question("P1.1").levels[3]["en"] == "Level 3"
        assert not card.question("P1.2").retired
        ws.set_answer(aid, "P1.2", score=3)                 # still answerable on version 1
        with pytest.raises(InvalidInputError):
            ws.set_answer(aid, "P1.1", score=5)             # version 1's scale, not version 2's
        s = ws.score(aid)
        assert (s.points, s.max) == (5, 60)

        newer = ws.new_assessment(ws.list_cities()[0].id, "mini")
        assert ws.get_assessment(newer).scorecard_version == 2
        assert ws.scorecard_of(newer).question("P1.1").text["en"] == "Version 2 wording?"
        with pytest.raises(InvalidInputError, match="retired"):
            ws.set_answer(newer, "P1.2", score=1)
        ws.set_answer(newer, "P1.1", score=5)
        assert ws.score(newer).max == 19 * 5

    # With no registry at all, the workspace still reads both.
    with Workspace.open(path, registry=ScorecardRegistry([tmp_path / "empty"])) as ws:
        assert ws.scorecard_of(aid).question("P1.1").text["en"] == "Question 1.1?"
        assert ws.score(newer).points == 5


# ------------------------------------------------------------------ demo
def test_demo_workspace(demo_path, registry):
    with Workspace.open(demo_path, read_only=True) as ws:
        assert ws.is_demo
        city, other_city = ws.list_cities()
        assert (city.name, other_city.name) == ("Jasyl-Dala", "Sary-Tala")
        baseline, other, a = ws.list_assessments()                    # the current one is created last
        assert (a.scorecard_id, a.city_id) == ("preliminary", city.id)
        assert (baseline.city_id, other.city_id) == (city.id, other_city.id)
        assert baseline.started_on < a.started_on and baseline.status == "final"
        assert other.essentials_scope == (1, 2, 3, 4, 5, 9) and ws.score(other.id).completion == 1
        now, then = ws.score(a.id), ws.score(baseline.id)
        assert then.completion == 1 and then.points < now.points       # the follow-up improved
        assert all(e.points >= b.points for e, b in zip(now.essentials, then.essentials))
        assert any(x.comment_private for x in ws.answers(a.id).values())  # one remark kept off the projector
        assert {x.status for x in ws.list_actions(a.id)} >= {"open", "in_progress", "done"}
        s = ws.score(a.id)
        assert 0 < s.answered < s.questions == 47                    # partly completed
        assert any(x.na for x in ws.answers(a.id).values())
        assert {e.kind for e in ws.list_evidence(a.id)} == {"file", "link"}
        assert ws.list_actions(a.id)
        first = {q: (x.score, x.na, x.comment) for q, x in ws.answers(a.id).items()}
    write_demo(demo_path, registry=registry)                          # rewriting gives the same content
    with Workspace.open(demo_path, read_only=True) as ws:
        *_, b = ws.list_assessments()
        assert {q: (x.score, x.na, x.comment) for q, x in ws.answers(b.id).items()} == first


def test_demo_never_overwrites_a_real_workspace(filled, registry):
    ws, _, _ = filled
    ws.close()
    before = ws.path.read_bytes()
    with pytest.raises(InvalidInputError, match="not a demo workspace"):
        write_demo(ws.path, registry=registry)
    assert ws.path.read_bytes() == before


# ------------------------------------------------------------------ schema v3: profile, private comments
def test_profile_is_stored_and_logged_key_by_key(workspace):
    cid = workspace.add_city("Osh", "KG")
    aid = workspace.new_assessment(cid, "mini")
    workspace.update_assessment(aid, profile={"most_probable_disaster": "Mudflow", "population": 300000})
    workspace.update_assessment(aid, profile={"most_probable_disaster": "Earthquake", "population": 300000})
    assert workspace.get_assessment(aid).profile == {"most_probable_disaster": "Earthquake", "population": 300000}
    logged = [(c.field, c.old_value, c.new_value) for c in workspace.history(aid) if c.field.startswith("profile.")]
    assert logged == [("profile.most_probable_disaster", None, '"Mudflow"'), ("profile.population", None, "300000"),
                      ("profile.most_probable_disaster", '"Mudflow"', '"Earthquake"')]


def test_profile_must_be_a_mapping(workspace):
    aid = workspace.new_assessment(workspace.add_city("Osh", "KG"), "mini")
    with pytest.raises(InvalidInputError):
        workspace.update_assessment(aid, profile=["not", "a", "mapping"])
    assert workspace.get_assessment(aid).profile == {}


def test_private_comment_flag(workspace):
    aid = workspace.new_assessment(workspace.add_city("Osh", "KG"), "mini")
    workspace.set_answer(aid, "P1.1", score=1, comment="the mayor's office blocked it")
    assert workspace.answer(aid, "P1.1").comment_private is False
    workspace.set_answer(aid, "P1.1", comment_private=True)
    assert workspace.answer(aid, "P1.1").comment_private is True
    assert [c.field for c in workspace.history(aid, "P1.1")][-1] == "comment_private"


# ------------------------------------------------------------------ batch(): many edits, one transaction
def test_batch_commits_everything_together_and_tells_subscribers_after(workspace):
    seen = []
    workspace.subscribe(lambda e: seen.append((e.entity, len(workspace.list_cities()))))
    with workspace.batch():
        workspace.add_city("Osh", "KG")
        workspace.add_city("Naryn", "KG")
        assert seen == []  # nothing announced before the commit
    assert [c.name for c in workspace.list_cities()] == ["Naryn", "Osh"]
    assert seen == [("city", 2), ("city", 2)]


def test_batch_rolls_back_everything_on_error_and_announces_nothing(workspace):
    cid = workspace.add_city("Osh", "KG")
    aid = workspace.new_assessment(cid, "mini")
    before = snapshot(workspace)
    seen = []
    workspace.subscribe(seen.append)
    with pytest.raises(InvalidInputError):
        with workspace.batch():
            workspace.set_answer(aid, "P1.1", score=3, comment="first")
            workspace.add_action(aid, "P1.1", "Adopt the plan")
            workspace.set_answer(aid, "P1.2", score=99)  # out of range: the whole batch is undone
    assert snapshot(workspace) == before
    assert seen == []
    workspace.set_answer(aid, "P1.1", score=2)  # the workspace is still usable after the rollback
    assert workspace.answer(aid, "P1.1").score == 2


def test_a_failed_edit_inside_a_batch_can_be_caught_without_losing_the_others(workspace):
    aid = workspace.new_assessment(workspace.add_city("Osh", "KG"), "mini")
    with workspace.batch():
        workspace.set_answer(aid, "P1.1", score=3)
        with pytest.raises(InvalidInputError):
            workspace.add_action(aid, "P1.1", "   ")
        workspace.set_answer(aid, "P1.2", score=1)
    assert (workspace.answer(aid, "P1.1").score, workspace.answer(aid, "P1.2").score) == (3, 1)


def test_demo_replaces_a_demo_written_by_an_older_version(tmp_path, mini_registry):
    # a demo from before a schema change must not block --demo (it is regenerated, not migrated)
    import sqlite3
    from resilience_desktop.store.schema import migrate
    old = tmp_path / "demo.rdw"
    conn = sqlite3.connect(old, isolation_level=None)
    migrate(conn, to_version=1)
    conn.execute("INSERT INTO meta VALUES ('demo', '1')")
    conn.close()
    write_demo(old)
    with Workspace.open(old, read_only=True) as ws:
        assert ws.is_demo and ws.list_assessments()


def test_demo_refuses_to_replace_a_real_workspace(tmp_path):
    real = tmp_path / "real.rdw"
    Workspace.create(real).close()
    before = real.read_bytes()
    with pytest.raises(InvalidInputError):
        write_demo(real)
    assert real.read_bytes() == before
