"""``resilience-desktop report`` and ``assessment export-csv`` (resilience_desktop/cli_report.py)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from pypdf import PdfReader

from .pdftext import page_texts

from resilience_desktop.report.answers_csv import COLUMNS
from resilience_desktop.workspace.facade import Workspace

from .fixtures import cli_user_error as user_error, run_cli, run_cli_process




@pytest.fixture
def demo(demo_path) -> tuple:
    """``(path, assessment_id, points, max)`` of the demo's current assessment."""
    with Workspace.open(demo_path, read_only=True) as ws:
        aid = ws.list_assessments()[-1].id
        s = ws.score(aid)
    return demo_path, aid, s.points, s.max


def test_report_writes_a_pdf_without_a_display(demo, tmp_path, monkeypatch):
    path, aid, points, maximum = demo
    for var in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(var, raising=False)  # the command must choose offscreen itself
    out = tmp_path / "report.pdf"
    # A real process: in this one a QApplication may already exist, and the point is that the
    # command makes its own, offscreen, with no display at all.
    r = run_cli_process("report", aid, "-o", out, "--workspace", path, "--lang", "ru", "--json", timeout=120)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    reader = PdfReader(out)
    assert data == {"path": str(out), "pages": len(reader.pages), "lang": "ru", "points": points, "max": maximum}
    assert reader.metadata.title.startswith("Отчёт по оценочной карте: ")
    texts = page_texts(out)
    summary = texts[1]
    assert summary.startswith("Сводка") and f"{points} / {maximum}" in summary
    exposure = [t for t in texts if t.startswith("Результаты анализа подверженности")]
    assert exposure and "875 / 6 215" in exposure[0]  # the demo's stored flood result
    maps = [i for i, t in enumerate(texts) if t.startswith("Карта ")]
    assert len(maps) == 1 and "Видимые слои карты: " in texts[maps[0]]
    xobjects = reader.pages[maps[0]]["/Resources"]["/XObject"]
    assert [x.get_object()["/Subtype"] for x in xobjects.values()] == ["/Image"]  # the map, drawn headless


def test_report_in_english_by_default(demo, tmp_path):
    path, aid, points, maximum = demo
    out = tmp_path / "en.pdf"
    r = run_cli("report", aid, "-o", out, "--workspace", path, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == f"{out}: {len(PdfReader(out).pages)} pages"
    assert page_texts(out, first=1, count=1)[0].startswith("Summary")


def test_report_user_errors_exit_2_with_one_line(demo, tmp_path):
    path, aid, *_ = demo
    assert "no assessment with id 'nope'" in user_error("report", "nope", "-o", tmp_path / "x.pdf", "--workspace", path)
    assert not (tmp_path / "x.pdf").exists()
    line = user_error("report", aid, "-o", tmp_path / "no" / "x.pdf", "--workspace", path)
    assert str(tmp_path / "no" / "x.pdf") in line
    assert "required: -o" in user_error("report", aid, "--workspace", path)
    assert "no workspace at" in user_error("report", aid, "-o", tmp_path / "x.pdf", "--workspace", tmp_path / "none.rdw")
    assert "-o needs a .pdf file name" in user_error("report", aid, "-o", tmp_path / "r.txt", "--workspace", path)
    assert not (tmp_path / "r.txt").exists()  # a trial's PDF written as r.txt


def test_export_csv_is_an_assessment_action(demo, tmp_path):
    path, aid, *_ = demo
    out = tmp_path / "answers.csv"
    r = run_cli("assessment", "export-csv", aid, "-o", out, "--workspace", path, "--lang", "ru")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == str(out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert table[0][:2] == ["Оценка (id)", "Вопрос"]  # the header in the file's language
    rows = [dict(zip(COLUMNS, row)) for row in table[1:]]
    with Workspace.open(path, read_only=True) as ws:
        card = ws.scorecard_of(aid)
        private = {qid for qid, a in ws.answers(aid).items() if a.comment_private and a.comment}
    assert [r["question_id"] for r in rows] == [q.id for q in card.active_questions]
    assert rows[0]["topic"] == card.active_questions[0].topic["ru"]
    assert all(r["comment"] == "" for r in rows if r["question_id"] in private)


def test_export_csv_unknown_assessment_exits_2(demo, tmp_path):
    path, *_ = demo
    assert "no assessment with id 'nope'" in user_error(
        "assessment", "export-csv", "nope", "-o", tmp_path / "x.csv", "--workspace", path)
    assert not (tmp_path / "x.csv").exists()
