"""One save-path dialog and file-name helper for every export: suffixes, refused targets, suggested names."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from resilience_desktop.ui.exchange.file_actions import suggested_path, with_suffix
from tests.ui.helpers import error_dialogs

pytestmark = pytest.mark.ui


@pytest.fixture
def save_dialog(monkeypatch):
    """Answer the next plain save dialogs with ``(path, chosen filter)``; record what was suggested."""
    answers: list[tuple[Path, str]] = []
    asked: list[tuple[str, str, str]] = []

    def fake(parent, caption, suggested, filters):
        asked.append((caption, suggested, filters))
        if not answers:
            return "", ""
        path, chosen = answers.pop(0)
        return str(path), chosen
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    return answers, asked


def test_with_suffix_keeps_adds_or_follows_the_chosen_filter():
    assert with_suffix(Path("/t/a.PNG"), (".png", ".svg")) == Path("/t/a.PNG")
    assert with_suffix(Path("/t/a"), (".png", ".svg"), "SVG image (*.svg)") == Path("/t/a.svg")
    assert with_suffix(Path("/t/a.txt"), ".csv") == Path("/t/a.txt.csv")
    assert with_suffix(Path("/t/a"), (".gpkg", ".csv"), "") == Path("/t/a.gpkg")


def test_suggested_names_are_made_safe_in_the_home_folder(tmp_path):
    assert suggested_path("Ош / Osh: 2025", ".zip") == Path.home() / "Ош - Osh- 2025.zip"
    assert suggested_path("", ".csv", fallback="actions", folder=tmp_path) == tmp_path / "actions.csv"


def test_the_dashboard_chart_export_asks_through_the_shared_dialog(demo_window, save_dialog, tmp_path):
    answers, asked = save_dialog
    w = demo_window
    w.show_view("dashboard")
    answers.append((tmp_path / "radar", "SVG image (*.svg)"))  # no suffix typed: the chosen filter's
    w.dashboard_view._export_dialog("radar")
    assert (tmp_path / "radar.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    caption, suggested, _filters = asked[0]
    assert caption == "Export chart" and Path(suggested).parent == Path.home()
    assert Path(suggested).name.endswith(" radar.png") and "/" not in Path(suggested).name


def test_the_action_plan_export_refuses_a_workspace_file(demo_window, save_dialog, tmp_path):
    answers, asked = save_dialog
    w = demo_window
    w.show_view("actions")
    disguised = tmp_path / "plan.csv"  # a workspace someone saved under a .csv name
    shutil.copyfile(w.model.ws.path, disguised)
    before = disguised.read_bytes()
    answers.append((disguised, "CSV files (*.csv)"))
    w.action_plan_view._export_dialog()
    [box] = error_dialogs()
    assert box.windowTitle() == "Export action plan" and "workspace" in box.text()
    box.close()
    assert disguised.read_bytes() == before
    assert asked[0][1].endswith(".csv") and Path(asked[0][1]).parent == Path.home()
