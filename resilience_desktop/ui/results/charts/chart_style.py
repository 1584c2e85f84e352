"""Colours and sizes of the charts on a light screen (dashboard) and on a projector (dark)."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class ChartStyle:
    background: str
    foreground: str
    grid: str
    muted: str
    highlight: str
    #: Series colours in order: the assessment shown first, then the one compared with.
    series: tuple[str, ...]
    label_pt: float = 11.0
    line_width: float = 3.0
    marker_size: float = 9.0
    grid_width: float = 1.0

    def scaled(self, factor: float) -> "ChartStyle":
        """The same style with text, lines and markers ``factor`` times larger."""
        return replace(self, label_pt=self.label_pt * factor, line_width=self.line_width * factor,
                       marker_size=self.marker_size * factor)


LIGHT = ChartStyle(background="#ffffff", foreground="#1d2530", grid="#c8ccd2", muted="#6b7480",
                   highlight="#b7791f", series=("#1f5fa8", "#8e44ad", "#7f8c8d"))

#: For projectors: near-black background, light text, saturated lines that survive a washed-out beam.
DARK = ChartStyle(background="#0b0f14", foreground="#f4f6f8", grid="#56616f", muted="#aab4c0",
                  highlight="#ffd60a", series=("#4cc9f0", "#c77dff", "#c0c8d2"), label_pt=20.0,
                  line_width=5.0, marker_size=14.0)

#: For the printed report: the light colours, sized for a chart drawn 400 units wide (one unit a point).
PRINT = replace(LIGHT, label_pt=14.0, line_width=2.6, marker_size=8.0, grid_width=1.2)
