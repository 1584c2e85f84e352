"""Guards against Qt binding releases that corrupt the interpreter."""

import sys

import pytest
from PySide6.QtWidgets import QLabel

pytestmark = pytest.mark.ui


def test_void_qt_calls_do_not_leak_references_to_none(qtbot):
    # PySide6 6.12.0 released one reference to None per void call; on Python < 3.12 the
    # interpreter aborts ("none_dealloc") after a few dozen edits in the app.
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(10_000):
        label.setText("x")
    assert sys.getrefcount(None) - before > -100
