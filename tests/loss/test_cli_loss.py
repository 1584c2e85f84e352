"""``loss import`` and ``loss summary`` (resilience_desktop/cli/loss.py), and the stored records."""

from __future__ import annotations

import json
import re

import pytest

from resilience_desktop.store import SCHEMA_VERSION
from resilience_desktop.workspace.facade import Workspace

from ..fixtures import cli_ok, run_cli
from .desinventar_files import write_export

TOTALS = {"deaths": 2, "missing": None, "injured": 5, "affected": 120, "houses_destroyed": 4,
          "houses_damaged": 40, "loss_usd": 250000.0}


@pytest.fixture
def ws_path(tmp_path):
    path = tmp_path / "city.rdw"
    cli_ok("city", "add", "Бишкек", "--country", "KG", "--population", "1100000", "--workspace", path)
    return path


def test_import_and_summary_json_contract(tmp_path, ws_path):
    zip_path = write_export(tmp_path, upper=True, as_zip=True)
    doc = json.loads(cli_ok("loss", "import", zip_path, "--workspace", ws_path, "--json"))
    assert doc == {"records": 3, "excluded": 2, "years": [2005, 2010],
                   "events": {"flood": 1, "landslide": 1, "mudflow": 1}, "totals": TOTALS}
    s = json.loads(cli_ok("loss", "summary", "--workspace", ws_path, "--json"))
    assert set(s) == {"records", "excluded", "years", "events", "totals", "by_event", "by_year"}
    assert s["totals"] == TOTALS and s["excluded"] == 2
    assert s["by_event"]["mudflow"] == {"events": 1, "deaths": None, "missing": None, "injured": None,
                                        "affected": None, "houses_destroyed": None, "houses_damaged": None,
                                        "loss_usd": None}
    assert s["by_year"]["2005"]["deaths"] == 2 and s["by_year"]["2010"]["houses_destroyed"] == 1
    text = cli_ok("loss", "summary", "--workspace", ws_path)
    assert "A-1" in text and "(deaths + missing)" in text and "some, number unknown" in text
    # A second import replaces the first: still three records, not six.
    cli_ok("loss", "import", zip_path, "--workspace", ws_path)
    with Workspace.open(ws_path, read_only=True) as ws:
        city = ws.list_cities()[0]
        assert len(ws.loss_records(city.id)) == 3 and len(ws.loss_imports(city.id, include_removed=True)) == 2
        assert ws.query("SELECT user_version FROM pragma_user_version")[0]["user_version"] == SCHEMA_VERSION


def test_the_text_is_in_the_language_asked_for(tmp_path, ws_path):
    """Every line of the summary in Russian, numbers written as Russian writes them (it was English
    with "31,976")."""
    cli_ok("loss", "import", write_export(tmp_path, upper=True, as_zip=True), "--workspace", ws_path)
    cli_ok("city", "add", "Ош", "--country", "KG", "--population", "1100000", "--workspace", ws_path)
    with Workspace.open(ws_path, read_only=True) as ws:
        city = next(c for c in ws.list_cities() if c.name == "Бишкек")
    text = cli_ok("--lang", "ru", "loss", "summary", "--city", city.id, "--workspace", ws_path)
    lines = text.splitlines()
    assert lines[0] == "Бишкек: записей: 3 (2005–2010), неопубликованных пропущено: 2"
    assert any(line.split() == ["Пострадавшие", "120"] for line in lines)
    assert "Ущерб (долл. США)      250\xa0000" in text and "не записано" in text  # «не записано», never 0
    assert "по видам опасности: Наводнение 1, Оползень 1, Сель 1" in text
    assert "(+ 1 запись: есть, число неизвестно)" in text
    english = [line for line in lines if re.search(r"\b(records?|not recorded|by hazard|unknown)\b", line)]
    assert not english, english


def test_bad_inputs_exit_2_and_change_nothing(tmp_path, ws_path):
    xml = write_export(tmp_path)
    for args, message in [((tmp_path / "none.zip",), "no file at"),
                          ((xml, "--geo-code", "KG9"), "no geography unit with code 'KG9'"),
                          ((xml, "--city", "nope"), "no city with id 'nope'")]:
        r = run_cli("loss", "import", *args, "--workspace", ws_path)
        assert r.returncode == 2 and message in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    with Workspace.open(ws_path, read_only=True) as ws:
        assert ws.loss_records(ws.list_cities()[0].id) == []
    r = run_cli("loss", "summary", "--workspace", ws_path, "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["totals"]["deaths"] is None


def test_frozen_v5_workspace_migrates_with_empty_loss_tables(tmp_path):
    import shutil
    from pathlib import Path
    v5 = Path(__file__).resolve().parents[1] / "data" / "workspaces" / "v5.rdw"
    copy = tmp_path / "v5.rdw"
    shutil.copy(v5, copy)
    with Workspace.open(copy) as ws:
        assert ws.query("SELECT count(*) AS n FROM loss_records")[0]["n"] == 0
        assert ws.query("SELECT count(*) AS n FROM loss_imports")[0]["n"] == 0
        for city in ws.list_cities():
            assert ws.loss_summary(city.id).records == 0
