"""What the charts draw, as plain values (no pyqtgraph: views import this at startup)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BarValue:
    """A question's bar: ``score`` is ``None`` when N/A (``na``) or not answered yet."""

    label: str
    score: int | None
    na: bool = False
