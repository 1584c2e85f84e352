"""Shared test data and helpers (the one place sample scorecards and workspaces are made)."""

from __future__ import annotations

import copy
import hashlib
import os
import subprocess
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from resilience_desktop.workspace.facade import Workspace

DATA = Path(__file__).parent / "data"
SCORECARDS_DIR = DATA / "scorecards"
MINI = SCORECARDS_DIR / "mini.yaml"
WORKSPACES_DIR = DATA / "workspaces"
TEST_USER = "tester"

#: Question ids of the mini scorecard, in file order (two per Essential).
MINI_QUESTIONS = tuple(f"P{e}.{i}" for e in range(1, 11) for i in (1, 2))


@lru_cache(maxsize=None)
def _load(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)  # noqa: S506 (safe, C)


def mini_doc() -> dict[str, Any]:
    """A fresh, mutable copy of the parsed mini definition (to break or vary in a test)."""
    return copy.deepcopy(_load(MINI))


def write_yaml(path: Path, doc: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def sha256_file(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def populate(ws: Workspace) -> tuple[str, str]:
    """Give ``ws`` (on the mini scorecard) a city and an assessment with three answers.

    Returns ``(city_id, assessment_id)``. Answers: P1.1 = 3, P1.2 = N/A, P2.1 = 0.
    """
    city = ws.add_city("Testgrad", "KG", region="North", population=250_000, area_km2=120.5,
                       lon=74.6, lat=42.9)
    aid = ws.new_assessment(city, "mini", title="Testgrad 2026")
    ws.set_answer(aid, "P1.1", score=3, comment="fully in place")
    ws.set_answer(aid, "P1.2", na=True, comment="no coastline")
    ws.set_answer(aid, "P2.1", score=0, comment="nothing yet")
    return city, aid


def snapshot(ws: Workspace) -> dict[str, Any]:
    """Everything a user can see in a workspace, as plain data (to compare before and after)."""
    out: dict[str, Any] = {"cities": ws.list_cities(), "history": ws.history(), "assessments": {}}
    for a in ws.list_assessments():
        out["assessments"][a.id] = {
            "record": a,
            "answers": ws.answers(a.id),
            "evidence": ws.list_evidence(a.id),
            "actions": ws.list_actions(a.id),
        }
    return out


def run_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run ``resilience-desktop ARGS`` in this process through ``main(argv)``, as the command would.

    About 30x faster than a subprocess (~10 ms against ~0.3 s); stdout, stderr and the exit code
    are captured like a subprocess's, an unexpected exception becomes a traceback on stderr and
    exit code 1, and the interface language is restored afterwards. :func:`run_cli_process`
    runs the real entry point for the tests that need a separate process.
    """
    import contextlib
    import io
    import traceback

    from resilience_desktop.cli.main import main
    from resilience_desktop.i18n.catalog import language, set_language

    argv = [str(a) for a in args]
    # Commands that draw with Qt (PDF reports, map PNGs, the national report) would create a bare
    # QGuiApplication in this process, and every later widget test would then abort: make the
    # full QApplication first, as the GUI tests' own fixture would.
    from PySide6.QtWidgets import QApplication
    if QApplication.instance() is None:
        # offscreen whatever the environment says: a test that unsets QT_QPA_PLATFORM (to prove a
        # command picks offscreen itself, see run_cli_process) must not abort on a missing display
        QApplication([sys.argv[0], "-platform", "offscreen"])
    # The scorecard registry is loaded once per process from the folders the environment names:
    # reload it when they differ from the last call's, as a new process would.
    from resilience_desktop.scorecard import registry as registry_module
    folders = (os.environ.get("RESILIENCE_SCORECARDS"), os.environ.get("XDG_DATA_HOME"), os.environ.get("HOME"))
    if getattr(run_cli, "_folders", None) != folders:
        registry_module._default = None
        run_cli._folders = folders  # type: ignore[attr-defined]
    out, err = io.StringIO(), io.StringIO()
    lang = language()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # --help, --version
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except Exception:
            traceback.print_exc()
            code = 1
        finally:
            set_language(lang)
    return subprocess.CompletedProcess(["resilience-desktop", *argv], code, out.getvalue(), err.getvalue())


def run_cli_process(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run ``python -m resilience_desktop ARGS`` in a new process with the test's environment."""
    return subprocess.run([sys.executable, "-m", "resilience_desktop", *map(str, args)],
                          capture_output=True, text=True, env=os.environ.copy(), timeout=timeout)


def cli_ok(*args) -> str:
    """Run a command that must succeed; return its stdout."""
    r = run_cli(*args)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    return r.stdout


def cli_user_error(*args) -> str:
    """Run a command that must fail as a user error (exit 2, one line, no traceback); return that line."""
    r = run_cli(*args)
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("resilience-desktop: error: ")
    return lines[0]
