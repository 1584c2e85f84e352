"""Shared pytest setup for every test, core and UI.

The first lines run before any test module imports Qt: the whole suite runs without a display.
Every test gets its own fresh home, data, cache and config folders, so nothing ever
reads or writes the real user's workspace, scorecards or settings.
"""

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

import shutil  # noqa: E402
import sys  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

from resilience_desktop.demo.workspace import write_demo  # noqa: E402
from resilience_desktop.scorecard import ScorecardRegistry, builtin_dir  # noqa: E402
from resilience_desktop.workspace.facade import Workspace  # noqa: E402

from .fixtures import SCORECARDS_DIR, TEST_USER  # noqa: E402

# ------------------------------------------------------------------ fuzzing (hypothesis profiles)
# The fuzz tests take their example counts from the profile: "suite" (the default) keeps the
# README's test line quick; HYPOTHESIS_PROFILE=thorough runs twenty times as many examples.
settings.register_profile("suite", max_examples=30, deadline=None)
settings.register_profile("thorough", max_examples=600, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))


# ------------------------------------------------------------------ bytecode (once per run)
def pytest_configure(config: pytest.Config) -> None:
    """Compile the package's bytecode once, in the controlling process, before any test runs.

    Under ``PYTHONDONTWRITEBYTECODE=1`` (set on the machines this suite runs on) Python never saves
    the bytecode it compiles, so every process a test starts (the crash test's children, the
    ``--screenshot`` and hostile-input runs, the receiver) compiled the ~230 modules again: 0.2-0.4 s
    of CPU each. ``compileall`` writes the ``__pycache__`` folders (git ignores them) whatever that
    setting says, and every process reads them.
    """
    if hasattr(config, "workerinput"):  # an xdist worker: the controller has done it
        return
    import compileall

    compileall.compile_dir(str(Path(__file__).resolve().parents[1] / "resilience_desktop"), quiet=2, workers=1)


# ------------------------------------------------------------------ isolation (every test)
@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point HOME and the XDG folders (what platformdirs reads) into a fresh temporary folder.

    It is not inside ``tmp_path``, so a test sees only its own files there.
    """
    home = tmp_path_factory.mktemp("home")
    for var, sub in (("HOME", ""), ("XDG_DATA_HOME", ".local/share"),
                     ("XDG_CACHE_HOME", ".cache"), ("XDG_CONFIG_HOME", ".config")):
        folder = home / sub
        folder.mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(var, str(folder))
    monkeypatch.setenv("RESILIENCE_USER", TEST_USER)
    # sync tokens (store/secrets.py): never the user's keyring; the token file lands in the XDG config above
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    monkeypatch.delenv("RESILIENCE_SCORECARDS", raising=False)
    yield home
    _close_leftover_message_boxes()


def _close_leftover_message_boxes() -> None:
    """Close the message boxes a test left open, so the next test on this worker never reads them.

    (An error box from one test had been taken for the next test's own, which failed only when xdist
    happened to run the two on the same worker.) Qt is only looked at when a test has loaded it.
    """
    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtWidgets import QApplication, QMessageBox

    app = QApplication.instance()
    if app is None:
        return
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.isVisible():
            widget.close()
            widget.deleteLater()


# ------------------------------------------------------------------ scorecards
@pytest.fixture(scope="session")
def mini_registry() -> ScorecardRegistry:
    """The small test scorecard ``mini`` (tests/data/scorecards/mini.yaml): 10 Essentials, 20 questions, 0-3."""
    return ScorecardRegistry([SCORECARDS_DIR])


@pytest.fixture(scope="session")
def registry() -> ScorecardRegistry:
    """The shipped scorecards only (no user folder, no RESILIENCE_SCORECARDS)."""
    return ScorecardRegistry([builtin_dir()])


# ------------------------------------------------------------------ workspaces
@pytest.fixture
def workspace(tmp_path: Path, mini_registry: ScorecardRegistry):
    """A fresh, empty workspace in ``tmp_path`` using the mini registry; closed after the test."""
    ws = Workspace.create(tmp_path / "test.rdw", registry=mini_registry)
    yield ws
    ws.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory, registry: ScorecardRegistry) -> Path:
    """The demo workspace, written once per test run (about 0.5 s); tests get copies of it."""
    return write_demo(tmp_path_factory.mktemp("demo-template") / "demo.rdw", registry=registry)


@pytest.fixture
def demo_path(tmp_path: Path, demo_template: Path) -> Path:
    """A fresh (closed) demo workspace on the shipped preliminary scorecard: a copy of the template."""
    return Path(shutil.copyfile(demo_template, tmp_path / "demo.rdw"))
