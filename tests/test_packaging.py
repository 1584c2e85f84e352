"""The wheel ships every package: setup.py finds the packages under resilience_desktop/ and adds
the data folders (scorecards/, resources/) that pyproject.toml maps into the package."""

from __future__ import annotations

import tomllib
from pathlib import Path


ROOT = Path(__file__).resolve().parents[1]


def test_every_subpackage_is_found():
    from setuptools import find_packages  # here: setuptools takes ~0.5 s to import at collection
    found = set(find_packages(where=str(ROOT), include=["resilience_desktop", "resilience_desktop.*"]))
    on_disk = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "resilience_desktop").rglob("*.py")
        if "__pycache__" not in p.parts
    }
    assert sorted(on_disk - found) == []  # a folder of modules without __init__.py would be left out
    assert "resilience_desktop.scorecards" in (ROOT / "setup.py").read_text()


def test_data_folders_are_mapped_into_the_package():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert config["package-dir"]["resilience_desktop.scorecards"] == "scorecards"
    assert config["package-dir"]["resilience_desktop.resources"] == "resources"
    assert "*.yaml" in config["package-data"]["resilience_desktop.scorecards"]
    assert "translations/*.yaml" in config["package-data"]["resilience_desktop.scorecards"]
    resources = config["package-data"]["resilience_desktop.resources"]
    assert "i18n/*.mo" in resources and "i18n/*.po" in resources  # the compiled catalogs ship
