"""The examples in the gis modules' docstrings run (numpydoc examples are executable)."""

from __future__ import annotations

import doctest
import importlib

import pytest


@pytest.mark.parametrize("name", ["crs", "geometry", "csv_points", "display", "mbtiles", "exposure", "distance"])
def test_docstring_examples(name):
    module = importlib.import_module(f"resilience_desktop.gis.{name}")
    result = doctest.testmod(module)
    assert result.failed == 0 and result.attempted > 0
