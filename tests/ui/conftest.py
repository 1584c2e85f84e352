"""Fixtures for the UI tests: a real MainWindow on a throw-away settings file.

``tests/conftest.py`` has already set ``QT_QPA_PLATFORM=offscreen`` and, for every test, points
HOME and the XDG folders into a temporary folder (``isolated_home``). Here we add the window
itself, and make sure the demo workspace and the settings can never land in the real home.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from resilience_desktop.i18n.catalog import set_language
from resilience_desktop.ui import main_window as main_window_module
from resilience_desktop.ui.main_window import MainWindow

from .helpers import make_window


@pytest.fixture(autouse=True)
def _english_and_isolated_demo(isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                               demo_template: Path):
    """Every UI test starts (and ends) in English, with the demo workspace inside the test's folders
    (a copy of the run's demo template: the app opens an up-to-date demo as it is)."""
    home = Path(isolated_home).resolve()
    assert Path(os.path.expanduser("~")).resolve().is_relative_to(home), "HOME is not isolated"
    # The demo goes to platformdirs' user cache, i.e. XDG_CACHE_HOME, which ``isolated_home``
    # redirects. Check that instead of trusting it, and redirect the demo ourselves if it ever stops.
    if not main_window_module.demo_workspace_path().resolve().is_relative_to(home):
        target = tmp_path / "cache" / "demo.rdw"
        monkeypatch.setattr(main_window_module, "demo_workspace_path", lambda: target)
    demo = main_window_module.demo_workspace_path()
    demo.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(demo_template, demo)
    set_language("en")
    yield
    set_language("en")


@pytest.fixture(autouse=True)
def _quick_text_save(monkeypatch: pytest.MonkeyPatch) -> None:
    """The question panel saves typed text after a 120 ms pause instead of the user's 400 ms.

    What the tests prove is the order of things (type, pause, saved; type more, Ctrl+Z), not the
    length of the pause; each pause is a wait in which the worker does nothing (~3 s of a run).
    A key sent by qtbot is handled at once, without the event loop, so no burst of keys is split.
    """
    from resilience_desktop.ui.assessment import question_panel

    monkeypatch.setattr(question_panel, "TEXT_SAVE_DELAY_MS", 120)


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "settings.ini"


@pytest.fixture
def main_window(qtbot, settings_path: Path) -> MainWindow:
    """An empty MainWindow (no workspace), shown and active, with its settings in ``tmp_path/settings.ini``."""
    return make_window(qtbot, settings_path)


@pytest.fixture
def demo_window(main_window: MainWindow) -> MainWindow:
    """The main window with the generated demo workspace open (in the test's own cache folder)."""
    assert main_window.open_demo()
    ws = main_window.model.ws
    assert ws is not None and ws.is_demo
    assert ws.path.resolve() == main_window_module.demo_workspace_path().resolve()
    return main_window


@pytest.fixture
def assessment_window(main_window: MainWindow, tmp_path: Path, qtbot) -> MainWindow:
    """A new workspace ``tmp_path/w.rdw`` with one city and a fresh (unanswered) preliminary
    assessment, opened the way a user does: select it on the start page and press Enter."""
    assert main_window.create_workspace(tmp_path / "w.rdw")
    ws = main_window.model.ws
    city = ws.add_city("Testgrad", "KG", population=250_000)
    aid = ws.new_assessment(city, "preliminary", title="Testgrad 2026")
    tree = main_window.start_view.tree
    item = tree.topLevelItem(0).child(0)
    assert item.data(0, Qt.ItemDataRole.UserRole) == ("assessment", aid)
    tree.setCurrentItem(item)
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert main_window.current_view() == "assessment"
    assert main_window.model.assessment_id == aid
    return main_window
