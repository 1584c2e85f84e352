"""The import direction: nothing outside ``resilience_desktop.ui`` loads Qt."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import resilience_desktop


def _core_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.walk_packages(resilience_desktop.__path__, "resilience_desktop.")
                  if not m.name.startswith(("resilience_desktop.ui", "resilience_desktop.scorecards",
                                            "resilience_desktop.resources")))


def test_core_never_imports_qt():
    modules = _core_modules()
    assert {"resilience_desktop.workspace.facade", "resilience_desktop.cli.main", "resilience_desktop.store.database",
            "resilience_desktop.scorecard.loader"} <= set(modules)
    code = ("import importlib, sys\n"
            f"for m in {modules!r}: importlib.import_module(m)\n"
            "print(sorted(n for n in sys.modules if n.split('.')[0] in ('PySide6', 'pyqtgraph', 'shiboken6')))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"
