"""The examples in the national view's docstrings run and hold."""

from __future__ import annotations

import doctest
import importlib

import pytest


@pytest.mark.parametrize("name", ["views", "sendai", "web.outline", "web.strings"])
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(f"resilience_desktop.national.{name}"))
    assert result.attempted > 0 and result.failed == 0
