"""One score colour for the desktop, high-contrast and projector palettes."""

from __future__ import annotations

import pytest

from resilience_desktop.ui import theme
from resilience_desktop.ui.presentation import presentation_style as ps


@pytest.fixture
def standard():
    before = theme.theme()
    theme.set_theme("standard")
    yield
    theme.set_theme(before)


@pytest.mark.parametrize(("share", "colour"), [
    (0.0, "#c0392b"), (0.2, "#c0392b"), (1 / 3, "#e67e22"), (0.5, "#e67e22"), (2 / 3, "#f1c40f"),
    (0.99, "#f1c40f"), (1.0, "#27ae60"),
])
def test_desktop_thirds_on_the_0_to_3_scale(standard, share, colour):
    assert theme.score_colour(share) == colour


def test_projector_colours_ignore_the_desktop_theme(standard):
    on_standard = [theme.score_colour(s, projector=True) for s in (0.0, 1 / 3, 2 / 3, 1.0)]
    theme.set_theme("high-contrast")
    assert [theme.score_colour(s, projector=True) for s in (0.0, 1 / 3, 2 / 3, 1.0)] == on_standard
    assert on_standard == ["#ff5a4e", "#ff9f1a", "#ffd60a", "#3ddc84"]
    assert theme.score_colour(1 / 3) == theme.HIGH_CONTRAST_SCORE_COLOURS[1 / 3]  # the desktop one does follow


def test_no_score_is_the_muted_colour_of_its_palette(standard):
    assert theme.score_colour(None, projector=True) == ps.MUTED
    assert theme.score_colour(None) == "#7f8c8d"
    assert theme.score_colour(None) not in theme.SCORE_COLOURS.values()
