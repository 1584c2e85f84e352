"""The examples in the loss modules' docstrings run."""

from __future__ import annotations

import doctest
import importlib

import pytest


@pytest.mark.parametrize("name", ["events", "summary", "desinventar"])
def test_docstring_examples(name):
    module = importlib.import_module(f"resilience_desktop.loss.{name}")
    result = doctest.testmod(module)
    assert result.failed == 0 and result.attempted > 0
