"""Issue 16 item 6 (core): private stakeholder notes, and what leaves the workspace.

Before: a comment could be marked private only in the data model; stakeholder notes could not be
private at all and every one went into bundles.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import zipfile
from pathlib import Path

from resilience_desktop.bundle import export_bundle
from resilience_desktop.store import SCHEMA_VERSION
from resilience_desktop.workspace.facade import Workspace

from ..fixtures import WORKSPACES_DIR, populate


def _member(path: Path, name: str):
    with zipfile.ZipFile(path) as zf:
        return json.loads(zf.read(name))


def test_private_stakeholder_notes_stay_out_of_bundles_unless_included(tmp_path, mini_registry):
    path = tmp_path / "ws.rdw"
    with Workspace.create(path, registry=mini_registry) as ws:
        _city, aid = populate(ws)
        ws.set_stakeholder_score(aid, "P1.1", "Finance Department", score=1,
                                 note="Бюджет урезан; не выносить на экран", note_private=True)
        ws.set_stakeholder_score(aid, "P1.1", "Red Crescent", score=2, note="drills yearly")
        ws.set_answer(aid, "P2.1", comment="Спор о цифрах", comment_private=True)
        notes = {s.stakeholder: s for s in ws.stakeholder_scores(aid, "P1.1")}
        assert notes["Finance Department"].note_private and not notes["Red Crescent"].note_private
        shared = export_bundle(ws, aid, tmp_path / "shared.zip").path
        full = export_bundle(ws, aid, tmp_path / "full.zip", include_private=True).path
    a = _member(shared, "data/assessment.json")
    by_group = {s["stakeholder"]: s["note"] for s in a["stakeholder_scores"]}
    assert by_group == {"Finance Department": "", "Red Crescent": "drills yearly"}
    assert {x["question_id"]: x["comment"] for x in a["answers"]}["P2.1"] == ""
    with zipfile.ZipFile(shared) as zf:
        everything = b"".join(zf.read(n) for n in zf.namelist())
    assert "Бюджет урезан".encode() not in everything and "Спор о цифрах".encode() not in everything
    full_notes = {s["stakeholder"]: s["note"] for s in _member(full, "data/assessment.json")["stakeholder_scores"]}
    assert full_notes["Finance Department"] == "Бюджет урезан; не выносить на экран"


def test_the_private_flag_of_a_note_is_logged_and_can_be_cleared(tmp_path, mini_registry):
    with Workspace.create(tmp_path / "ws.rdw", registry=mini_registry) as ws:
        _city, aid = populate(ws)
        ws.set_stakeholder_score(aid, "P1.1", "NGOs", score=2, note="n", note_private=True)
        ws.set_stakeholder_score(aid, "P1.1", "NGOs", score=2, note="n", note_private=False)
        fields = [(c.field, c.old_value, c.new_value) for c in ws.history(aid, "P1.1") if c.entity == "stakeholder"]
        assert fields == [("proposed score", None, "2"), ("note", "", "n"), ("note_private", "False", "True"),
                          ("note_private", "True", "False")]


def test_frozen_v5_workspace_gets_the_new_column_empty(tmp_path, mini_registry):
    path = Path(shutil.copy(WORKSPACES_DIR / "v5.rdw", tmp_path / "v5.rdw"))
    with Workspace.open(path, registry=mini_registry) as ws:
        rows = ws.query("SELECT note_private FROM stakeholder_scores")
        assert all(r["note_private"] == 0 for r in rows)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 6
    finally:
        conn.close()


def test_history_hides_every_version_of_a_private_text_unless_asked(tmp_path, mini_registry):
    from ..fixtures import run_cli

    path = tmp_path / "ws.rdw"
    with Workspace.create(path, registry=mini_registry) as ws:
        _city, aid = populate(ws)
        ws.set_answer(aid, "P2.1", comment="Спор о цифрах")  # typed first, marked private later
        ws.set_answer(aid, "P2.1", comment="Спор о цифрах; мэрия против", comment_private=True)
        ws.set_stakeholder_score(aid, "P1.1", "Finance Department", score=1, note="урезан бюджет", note_private=True)
        ws.set_answer(aid, "P1.1", comment="shared text")
    result = run_cli("assessment", "history", aid, "--workspace", path, "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert "Спор" not in result.stdout and "урезан" not in result.stdout
    private = [r for r in rows if r["private"]]
    assert {(r["question_id"], r["field"]) for r in private} >= {("P2.1", "comment"), ("P1.1", "note")}
    assert all(r["old_value"] is None and r["new_value"] is None for r in private)
    assert any(r["new_value"] == "shared text" for r in rows)
    text = run_cli("assessment", "history", aid, "--workspace", path).stdout
    assert "Спор" not in text and "[private]" in text and "shared text" in text
    full = run_cli("assessment", "history", aid, "--workspace", path, "--include-private", "--json").stdout
    assert "Спор о цифрах; мэрия против" in full and "урезан бюджет" in full


def test_the_command_line_records_the_name_given_in_the_app(tmp_path, mini_registry, monkeypatch):
    """Issue 16 item 7: the name from Edit > Your name… is what the command line's history records too."""
    from resilience_desktop.workspace.facade import save_user_name

    from ..fixtures import run_cli

    monkeypatch.delenv("RESILIENCE_USER", raising=False)
    path = tmp_path / "ws.rdw"
    with Workspace.create(path, registry=mini_registry) as ws:
        _city, aid = populate(ws)
    save_user_name("  Айгуль Т., planning ")
    assert run_cli("answer", "set", "--assessment", aid, "--question", "P1.2", "--score", "2", "--workspace", path).returncode == 0
    rows = json.loads(run_cli("assessment", "history", aid, "--workspace", path, "--json").stdout)
    assert rows[-1]["who"] == "Айгуль Т., planning"
    monkeypatch.setenv("RESILIENCE_USER", "nightly-script")  # still overrides
    assert run_cli("answer", "set", "--assessment", aid, "--question", "P1.2", "--score", "1", "--workspace", path).returncode == 0
    rows = json.loads(run_cli("assessment", "history", aid, "--workspace", path, "--json").stdout)
    assert rows[-1]["who"] == "nightly-script"
