"""Issue 16 item 9: exports carry everything the team typed (and nothing private unless asked).

Before: the Excel export had no "Why this score", data sources or evidence list; ``assessment show
--json`` gave only ``score``, ``na``, ``answered`` and ``comment`` per answer.
"""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from resilience_desktop.cli.main import main
from resilience_desktop.excel import export_workbook, read_workbook
from resilience_desktop.excel.own_format import COLUMNS, HEADER_ROW
from resilience_desktop.workspace.facade import Workspace

from ..fixtures import populate

SHOW_KEYS = {"question", "score", "na", "answered", "comment", "comment_private", "verification", "responsible",
             "data_sources", "updated_by", "updated_at"}


@pytest.fixture
def ws_file(tmp_path, mini_registry):
    path = tmp_path / "ws.rdw"
    with Workspace.create(path, registry=mini_registry) as ws:
        _city, aid = populate(ws)
        ws.set_answer(aid, "P1.1", verification="Протокол заседания №4", responsible="Мэрия",
                      data_sources="Госкомстат, 2025", comment="Споры с финансовым отделом", comment_private=True)
        ws.set_answer(aid, "P2.1", comment="Видно всем", data_sources="Hydromet")
        doc = tmp_path / "plan.txt"
        doc.write_text("plan", encoding="utf-8")
        ws.add_evidence_file(aid, "P1.1", doc, name="План ГО 2025.pdf")
        ws.add_evidence_link(aid, "P1.1", "https://example.org/plan", name="Published plan")
    return path, aid


def _row(sheet, qid: str) -> dict:
    for r in range(HEADER_ROW + 1, sheet.max_row + 1):
        if sheet.cell(r, COLUMNS["id"]).value == qid:
            return {k: sheet.cell(r, c).value for k, c in COLUMNS.items()}
    raise AssertionError(qid)


def test_excel_export_carries_every_answer_field(tmp_path, ws_file, monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Bishkek")
    path, aid = ws_file
    out = tmp_path / "a.xlsx"
    with Workspace.open(path) as ws:
        export_workbook(ws, aid, out)
        stamp = ws.answer(aid, "P1.1").updated_at
    sheet = openpyxl.load_workbook(out)["E01"]
    p11 = _row(sheet, "P1.1")
    assert p11["comment"] is None  # private: not written unless asked
    assert p11["verification"] == "Протокол заседания №4" and p11["responsible"] == "Мэрия"
    assert p11["data_sources"] == "Госкомстат, 2025"
    assert p11["evidence"].split("\n") == ["План ГО 2025.pdf", "Published plan"]
    assert p11["updated_by"] == "tester"
    # The stamp is stored in UTC and written in the local zone (UTC+6: after 18:00 UTC it is the next day).
    local = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone(ZoneInfo("Asia/Bishkek"))
    assert p11["updated_at"] == f"{local:%Y-%m-%d %H:%M} (Asia/Bishkek)"
    assert _row(openpyxl.load_workbook(out)["E02"], "P2.1")["comment"] == "Видно всем"
    with Workspace.open(path) as ws:
        export_workbook(ws, aid, out, include_private=True)
    assert _row(openpyxl.load_workbook(out)["E01"], "P1.1")["comment"] == "Споры с финансовым отделом"


def test_excel_export_reads_back_the_justification_and_sources(tmp_path, ws_file):
    path, aid = ws_file
    out = tmp_path / "a.xlsx"
    with Workspace.open(path) as ws:
        export_workbook(ws, aid, out)
    entries = {e.question_id: e for e in read_workbook(out).entries}
    assert entries["P2.1"].comment == "Видно всем" and entries["P2.1"].data_sources == "Hydromet"
    assert entries["P1.1"].comment == ""


def test_assessment_show_json_keys(capsys, ws_file):
    path, aid = ws_file
    assert main(["assessment", "show", aid, "--workspace", str(path), "--json"]) == 0
    answers = {a["question"]: a for a in json.loads(capsys.readouterr().out)["answers"]}
    assert all(set(a) == SHOW_KEYS for a in answers.values())
    p11 = answers["P1.1"]
    assert p11["comment"] is None and p11["comment_private"] is True
    assert (p11["verification"], p11["responsible"], p11["data_sources"]) == (
        "Протокол заседания №4", "Мэрия", "Госкомстат, 2025")
    assert p11["updated_by"] == "tester" and p11["updated_at"].startswith("20")
    assert answers["P2.1"]["comment"] == "Видно всем" and answers["P2.1"]["comment_private"] is False
    assert answers["P3.1"]["updated_at"] is None and answers["P3.1"]["answered"] is False
    assert main(["assessment", "show", aid, "--workspace", str(path), "--json", "--include-private"]) == 0
    answers = {a["question"]: a for a in json.loads(capsys.readouterr().out)["answers"]}
    assert answers["P1.1"]["comment"] == "Споры с финансовым отделом"
    assert main(["assessment", "show", aid, "--workspace", str(path)]) == 0
    text = capsys.readouterr().out
    assert "Споры" not in text and "[private]" in text
