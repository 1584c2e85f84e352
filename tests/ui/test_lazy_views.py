"""The main window builds its feature views when they are first shown (issue 18, start-up): the
start page, the assessment and the sync status line at start; the rest on their shortcut, menu
or first use, showing the open workspace as if they had been there all along."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from .helpers import press

K = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
AT_START = {"start", "assessment", "sync"}


def test_only_the_start_page_assessment_and_sync_are_built_at_start(demo_window):
    w = demo_window
    assert set(w.views) == AT_START
    assert w.stack.count() == len(AT_START)


@pytest.mark.parametrize("key, name", [(K.Key_3, "dashboard"), (K.Key_4, "actions"), (K.Key_5, "map"),
                                       (K.Key_6, "scenarios"), (K.Key_7, "sync"), (K.Key_8, "national"),
                                       (K.Key_9, "losses")])
def test_each_shortcut_builds_and_shows_its_view(demo_window, qtbot, key, name):
    w = demo_window
    w.show_view("assessment")
    press(qtbot, key, CTRL)
    assert w.current_view() == name
    assert w.views[name].isVisible()
    assert set(w.views) == AT_START | {name}  # only the view asked for
    press(qtbot, K.Key_2, CTRL)
    assert w.current_view() == "assessment"


def test_a_view_built_late_shows_the_open_workspace(demo_window, qtbot):
    w = demo_window
    ws, aid = w.model.ws, w.model.assessment_id
    press(qtbot, K.Key_3, CTRL)
    assert w.dashboard_view.title_label.text() == ws.get_assessment(aid).title
    press(qtbot, K.Key_5, CTRL)
    names = [w.map_view.panel.list.item(i).text() for i in range(w.map_view.panel.list.count())]
    assert sorted(names) == sorted(layer.name for layer in ws.list_layers())


def test_an_attribute_builds_its_view_on_first_use(demo_window):
    w = demo_window
    assert "scenarios" not in w.views
    view = w.scenarios_view
    assert w.views["scenarios"] is view and w.current_view() == "start"  # built, not shown
    assert w.scenarios_view is view  # built once
    with pytest.raises(AttributeError):
        w.no_such_view  # noqa: B018 (the attribute access is the test)


def test_f5_builds_the_presentation_and_esc_returns_to_the_view_before(demo_window, qtbot):
    w = demo_window
    press(qtbot, K.Key_3, CTRL)
    assert "presentation" not in w.views
    press(qtbot, K.Key_F5)
    assert w.current_view() == "presentation" and w.isFullScreen()
    press(qtbot, K.Key_Escape)
    assert w.current_view() == "dashboard" and not w.isFullScreen()


def test_the_map_status_labels_stay_single_and_left_of_the_completion_line(demo_window, qtbot):
    w = demo_window
    press(qtbot, K.Key_5, CTRL)
    w.set_ui_language("ru")
    qtbot.waitUntil(lambda: w.map_view.isVisible(), timeout=2000)
    w.set_ui_language("en")
    qtbot.waitUntil(lambda: w.map_view.isVisible(), timeout=2000)
    bar = w.statusBar()
    coords = bar.findChildren(QLabel, "mapCoordinates")
    live = [c for c in coords if c.isVisible()]
    assert len(live) == 1 and live[0] is w.map_view.coords_label
    assert live[0].geometry().right() < w.completion_label.geometry().left()
    w.show_view("assessment")
    assert not w.map_view.coords_label.isVisible() and w.completion_label.isVisible()


def test_start_up_imports_no_chart_or_gis_library(tmp_path, demo_template):
    """Opening a workspace reaches the first paint without pyqtgraph, shapely or pyproj; with its
    stored definition validated before, without jsonschema either (each is 0.1-0.5 s to import)."""
    rdw = tmp_path / "city.rdw"
    rdw.write_bytes(demo_template.read_bytes())
    script = f"""
import json, sys
from pathlib import Path
from PySide6.QtCore import QSettings
from resilience_desktop.ui.app import make_app
app = make_app()
from resilience_desktop.ui.main_window import MainWindow
w = MainWindow(settings=QSettings({str(tmp_path / 's.ini')!r}, QSettings.Format.IniFormat))
assert w.open_workspace(Path({str(rdw)!r}))
w.resize(1200, 800); w.show(); app.processEvents()
print(json.dumps({{m: m in sys.modules for m in ("pyqtgraph", "shapely", "pyproj", "jsonschema")}}))
"""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}  # a first start: no scorecard caches yet
    runs = [json.loads(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                                      timeout=120, env=env).stdout.splitlines()[-1]) for _ in range(2)]
    assert runs[0] == {"pyqtgraph": False, "shapely": False, "pyproj": False, "jsonschema": True}
    assert runs[1] == {"pyqtgraph": False, "shapely": False, "pyproj": False, "jsonschema": False}
