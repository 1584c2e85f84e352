"""The wheel ships every package: pyproject lists packages explicitly (scorecards/ and resources/
are mapped into the package), so a new subpackage must be added there too."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_subpackage_is_listed_in_pyproject():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "resilience_desktop").rglob("__init__.py")
        if "__pycache__" not in p.parts
    }
    assert sorted(found - listed) == []


def test_data_folders_are_mapped_into_the_package():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert config["package-dir"]["resilience_desktop.scorecards"] == "scorecards"
    assert config["package-dir"]["resilience_desktop.resources"] == "resources"
    assert "*.yaml" in config["package-data"]["resilience_desktop.scorecards"]
