"""The architecture is enforced, not only described: import-linter's contracts in pyproject.toml
(Qt only in ``ui``; imports flow cli -> ui -> features -> workspace -> store/scorecard/gis -> errors)
and ruff's error rules pass on the whole tree; mypy passes on the core (every package but ``ui``)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    found = BIN / name
    return str(found) if found.exists() else (shutil.which(name) or name)


def test_import_contracts_are_kept():
    r = subprocess.run([_tool("lint-imports"), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-2000:]
    assert "0 broken" in r.stdout


def test_ruff_finds_no_errors():
    r = subprocess.run([_tool("ruff"), "check", "resilience_desktop", "tests", "benchmarks"], cwd=ROOT,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout[-3000:]


def test_mypy_passes_on_the_core():
    # The files, the ui/ exclusion and the per-library settings come from [tool.mypy] in pyproject.toml;
    # .mypy_cache (git-ignored) makes a second run take a few seconds instead of ~15.
    r = subprocess.run([sys.executable, "-m", "mypy", "--no-error-summary", "--hide-error-context"],
                       cwd=ROOT, capture_output=True, text=True, timeout=600)
    # 1 = type errors found; anything else but 0 is mypy itself failing (bad configuration, crash)
    assert r.returncode in (0, 1), r.stdout[-3000:] + r.stderr[-2000:]
    errors = [line for line in r.stdout.splitlines() if ": error:" in line]
    assert not errors, "\n".join(errors)[-6000:]
