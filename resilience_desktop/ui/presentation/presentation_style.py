"""The projector theme: near-black background, light text, strong score colours, and type that
scales with the screen height (sizes are given for a 1080-pixel-high screen)."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics

BACKGROUND = "#0b0f14"
TEXT = "#f4f6f8"
MUTED = "#b4bec9"  # still about 9:1 against the background
PANEL = "#161f2a"
SELECTED = "#243a52"
ACCENT = "#4cc9f0"
WARNING = "#ffd60a"

#: Point sizes at a screen height of 1080 pixels.
SIZES = {
    "header": 18.0, "counter": 22.0, "topic": 27.0, "question": 32.0, "level": 23.0, "badge": 30.0,
    "state": 22.0, "comment": 20.0, "hint": 17.0, "overall": 26.0, "essential_title": 32.0, "row": 23.0,
    "share": 40.0,
}
#: The question text never goes below this share of its size (28 pt at 1080 pixels).
QUESTION_FLOOR = 28.0 / 32.0
REFERENCE_HEIGHT = 1080.0

STYLE = f"""
QWidget#presentation {{ background: {BACKGROUND}; }}
QWidget#presentation QWidget {{ color: {TEXT}; background: transparent; }}
QWidget#presentation QLabel {{ color: {TEXT}; background: transparent; }}
QWidget#presentation QLabel[role="muted"] {{ color: {MUTED}; }}
QWidget#presentation QLabel[role="accent"] {{ color: {ACCENT}; }}
QWidget#presentation QLabel[role="warning"] {{ color: {WARNING}; }}
QWidget#presentation QFrame#levelRow, QWidget#presentation QFrame#questionRow {{
    background: {PANEL}; border-radius: 10px; }}
QWidget#presentation QFrame#levelRow[selected="true"], QWidget#presentation QFrame#questionRow[selected="true"] {{
    background: {SELECTED}; }}
"""


def scale_for(height: int) -> float:
    """Font scale for a screen (or view) ``height`` pixels high; 1.0 at 1080."""
    return max(0.45, min(2.5, height / REFERENCE_HEIGHT))


def font(size_pt: float, *, bold: bool = False, italic: bool = False) -> QFont:
    f = QFont()
    f.setPointSizeF(max(7.0, size_pt))
    f.setBold(bold)
    f.setItalic(italic)
    return f


def largest_fitting(fits: Callable[[float], bool], low: float, high: float, steps: int = 7) -> float | None:
    """The largest type factor in ``[low, high]`` with which ``fits(factor)`` holds, or ``None``.

    The one slide-fitting search: bisection in ``steps`` halvings, assuming smaller type fits
    whenever larger type does. ``high`` itself when it fits; ``None`` when not even ``low`` does.

    >>> round(largest_fitting(lambda f: f <= 0.8, 0.45, 1.0), 3)  # within (1.0 - 0.45) / 2**7
    0.798
    >>> largest_fitting(lambda f: True, 0.45, 1.0), largest_fitting(lambda f: False, 0.45, 1.0)
    (1.0, None)
    """
    if fits(high):
        return high
    if not fits(low):
        return None
    for _ in range(steps):
        mid = (low + high) / 2
        if fits(mid):
            low = mid
        else:
            high = mid
    return low


def text_height(text: str, f: QFont, width: int) -> int:
    """Height of ``text`` word-wrapped to ``width`` pixels in font ``f`` (as a QLabel draws it)."""
    if not text:
        return 0
    rect = QFontMetrics(f).boundingRect(QRect(0, 0, max(1, width), 1_000_000),
                                        int(Qt.TextFlag.TextWordWrap), text)
    return rect.height()


def repolish(widget) -> None:
    """Apply a changed dynamic property to the style sheet."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)
