"""``search TEXT --workspace W [--json]``: the contract, bad input, privacy."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from resilience_desktop.workspace.facade import Workspace

from ..fixtures import WORKSPACES_DIR, cli_ok, cli_user_error, populate, run_cli_process


def _workspace(tmp_path: Path, registry) -> tuple[Path, str]:
    path = tmp_path / "w.rdw"
    with Workspace.create(path, registry=registry) as ws:
        _city, aid = populate(ws)
        ws.set_answer(aid, "P1.1", comment="Паводок 2024 года: дамба выдержала", verification="Акт комиссии")
        ws.set_answer(aid, "P2.1", comment="Селевой поток, данные закрыты", comment_private=True)
        ws.add_action(aid, "P1.1", "Поднять дамбу на 1 м", responsible="Водоканал")
    return path, aid


def test_json_contract(tmp_path, mini_registry):
    path, aid = _workspace(tmp_path, mini_registry)
    hits = json.loads(cli_ok("search", "дамб", "--workspace", path, "--json"))
    assert [(h["kind"], h["field"]) for h in hits] in ([("answer", "justification"), ("action", "action")],
                                                       [("action", "action"), ("answer", "justification")])
    answer = next(h for h in hits if h["kind"] == "answer")
    assert set(answer) == {"kind", "assessment_id", "assessment_title", "city_id", "city", "essential",
                           "question_id", "field", "id", "item", "snippet", "highlights", "private"}
    assert answer["assessment_id"] == aid and answer["assessment_title"] == "Testgrad 2026"
    assert answer["city"] == "Testgrad" and answer["essential"] == 1 and answer["question_id"] == "P1.1"
    assert answer["item"] is None
    assert next(h for h in hits if h["kind"] == "action")["item"] == "Поднять дамбу на 1 м"
    start, end = answer["highlights"][0]
    assert answer["snippet"][start:end] == "дамба" and answer["private"] is False


def test_private_only_when_asked(tmp_path, mini_registry):
    path, _ = _workspace(tmp_path, mini_registry)
    assert json.loads(cli_ok("search", "селевой", "--workspace", path, "--json")) == []
    hits = json.loads(cli_ok("search", "селевой", "--workspace", path, "--json", "--include-private"))
    assert [(h["question_id"], h["private"]) for h in hits] == [("P2.1", True)]


def test_plain_table(tmp_path, mini_registry):
    path, _ = _workspace(tmp_path, mini_registry)
    out = cli_ok("search", "ПАВОДОК", "--workspace", path)
    assert "Testgrad 2026" in out and "[Паводок] 2024 года" in out and out.rstrip().endswith("1 match")
    assert cli_ok("search", "цунами", "--workspace", path).strip() == "nothing matches 'цунами'"
    # a trial's: "--limit 1" said "1 match" with more there, and an action's match read "Action: Action"
    out = cli_ok("search", "дамб", "--workspace", path, "--limit", "1").rstrip()
    assert out.endswith("1 match; there are more: give a larger --limit or more words")
    both = cli_ok("search", "дамб", "--workspace", path)
    assert "Action: Action" not in both and both.rstrip().endswith("2 matches")
    assert len(json.loads(cli_ok("search", "дамб", "--workspace", path, "--limit", "1", "--json"))) == 1


def test_any_text_is_safe_and_wordless_text_refused(tmp_path, mini_registry):
    path, _ = _workspace(tmp_path, mini_registry)
    for text in ('"дамба', 'NEAR(дамба', "дамба OR", "{comment}:дамба"):
        cli_ok("search", text, "--workspace", path, "--json")  # never an FTS syntax error
    assert "has no letters or digits" in cli_user_error("search", '" *', "--workspace", path)
    cli_user_error("search", "", "--workspace", path)
    cli_user_error("search", "x", "--workspace", tmp_path / "none.rdw")


def test_frozen_v5_through_the_real_command(tmp_path, mini_registry):
    path = Path(shutil.copy(WORKSPACES_DIR / "v5.rdw", tmp_path / "v5.rdw"))
    # A reading command asks for the upgrade; opening it once for editing migrates and indexes it.
    assert "older workspace format" in cli_user_error("search", "minutes", "--workspace", path)
    Workspace.open(path, registry=mini_registry).close()
    r = run_cli_process("search", "MINUTES", "--workspace", path, "--json")
    assert r.returncode == 0, r.stderr
    assert [(h["question_id"], h["field"], h["snippet"]) for h in json.loads(r.stdout)] == [
        ("P1.1", "verification", "plan and minutes")]
