"""The examples in the bundle modules' docstrings run."""

from __future__ import annotations

import doctest
import importlib

import pytest


@pytest.mark.parametrize("name", ["format", "verify"])
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(f"resilience_desktop.bundle.{name}"))
    assert result.failed == 0 and result.attempted > 0
