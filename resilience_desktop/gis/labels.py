"""Label placement: which labels fit without overlapping, best first (no Qt).

A layer's labels are candidates (anchor in map units, text, priority); each frame keeps those in
view, measures them with the painter's font (a function passed in, so this stays Qt-free) and
places them greedily by priority, dropping every label whose box would overlap one already
placed. A coarse grid of placed boxes keeps the test cheap for thousands of candidates.
"""

from __future__ import annotations

__all__ = ["LabelSpec", "PlacedLabel", "place_labels", "label_spec"]

from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np
import shapely

#: Pixels kept free round every label.
PADDING = 2.0
#: Most labels considered in one frame (the highest priorities win).
MAX_CANDIDATES = 5_000


@dataclass
class LabelSpec:
    """What a layer labels: per feature an anchor (map CRS), a text and a priority (higher first)."""

    anchors: np.ndarray       # (n, 2) float, NaN where the feature has no label
    texts: list[str]
    priority: np.ndarray      # (n,) float
    size: float = 11.0
    halo: bool = True
    colour: str = "#202020"
    #: Drawn only while the map's resolution (map units per pixel) is at most this.
    max_resolution: float = float("inf")
    #: Offset of the text from the anchor in pixels (points are labelled beside their symbol).
    offset: tuple[float, float] = (0.0, 0.0)
    #: Drawn only while the map's resolution is at least this (labels of areas too big for a close view).
    min_resolution: float = 0.0
    #: Set in italics (the cartographer's convention for regions and water).
    italic: bool = False

    def shown_at(self, resolution: float) -> bool:
        """Whether these labels are drawn at ``resolution`` (map units per pixel)."""
        return self.min_resolution <= resolution <= self.max_resolution


@dataclass(frozen=True)
class PlacedLabel:
    x: float        # left of the text box, pixels
    y: float        # top of the text box, pixels
    w: float
    h: float
    text: str
    size: float
    halo: bool
    colour: str
    italic: bool = False


def label_spec(geometries: np.ndarray, values: Sequence[Any], *, priority: Sequence[float] | None = None,
               size: float = 11.0, halo: bool = True, colour: str = "#202020",
               max_resolution: float = float("inf")) -> LabelSpec:
    """Labels at each feature's inner point (a point itself; a line's or area's point on its surface).

    Empty values and features without geometry get no label; without ``priority`` bigger
    features come first (area, then length), so the important ones survive overlap.
    """
    geoms = np.asarray(geometries, dtype=object)
    n = len(geoms)
    texts = ["" if v is None else (f"{v:g}" if isinstance(v, float) else str(v)) for v in values]
    anchors = np.full((n, 2), np.nan)
    ok = ~shapely.is_missing(geoms) & ~shapely.is_empty(geoms) if n else np.zeros(0, dtype=bool)
    if ok.any():
        pts = shapely.point_on_surface(geoms[ok])
        anchors[ok] = shapely.get_coordinates(pts)
    if priority is None:
        area = np.zeros(n)
        length = np.zeros(n)
        if ok.any():
            area[ok] = shapely.area(geoms[ok])
            length[ok] = shapely.length(geoms[ok])
        prio = area + length * 1e-3
    else:
        prio = np.asarray(priority, dtype=float)
    no_text = np.array([not t.strip() for t in texts], dtype=bool) if n else np.zeros(0, dtype=bool)
    anchors[no_text] = np.nan
    points = n and ok.any() and bool(np.all(shapely.get_type_id(geoms[ok]) == 0))
    return LabelSpec(anchors, texts, prio, size, halo, colour, max_resolution,
                     (size * 0.6, -size * 0.6) if points else (0.0, 0.0))


def place_labels(specs: Sequence[tuple[LabelSpec, np.ndarray]], measure: Callable[[str, float], tuple[float, float]],
                 width: int, height: int, *, blocked: Sequence[tuple[float, float, float, float]] = ()) -> list[PlacedLabel]:
    """Place labels of several layers in pixels, best first, without overlaps.

    ``specs`` pairs each :class:`LabelSpec` with its anchors already in pixels; ``measure(text,
    size)`` gives a text's width and height in pixels (italics taken as wide as upright text);
    ``blocked`` boxes (x, y, w, h) stay free (the scale bar, the north arrow). Layers listed later
    (drawn on top) win ties.
    """
    cands: list[tuple[float, int, float, float, str, LabelSpec]] = []
    for order, (spec, px) in enumerate(specs):
        inside = np.isfinite(px).all(axis=1) & (px[:, 0] >= -50) & (px[:, 0] <= width + 50) & \
            (px[:, 1] >= -20) & (px[:, 1] <= height + 20)
        idx = np.nonzero(inside)[0]
        if len(idx) > MAX_CANDIDATES:
            idx = idx[np.argsort(-spec.priority[idx], kind="stable")[:MAX_CANDIDATES]]
        for i in idx:
            cands.append((float(spec.priority[i]), order, float(px[i, 0]), float(px[i, 1]), spec.texts[i], spec))
    cands.sort(key=lambda c: (-c[1], -c[0]))
    cell = 64.0
    grid: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}

    def cells(x0: float, y0: float, x1: float, y1: float):
        for gx in range(int(x0 // cell), int(x1 // cell) + 1):
            for gy in range(int(y0 // cell), int(y1 // cell) + 1):
                yield gx, gy

    def add(box: tuple[float, float, float, float]) -> None:
        for key in cells(*box):
            grid.setdefault(key, []).append(box)

    for bx, by, bw, bh in blocked:
        add((bx, by, bx + bw, by + bh))
    placed: list[PlacedLabel] = []
    for _prio, _order, ax, ay, text, spec in cands:
        w, h = measure(text, spec.size)
        if spec.offset == (0.0, 0.0):
            x, y = ax - w / 2, ay - h / 2
        else:
            x, y = ax + spec.offset[0], ay + spec.offset[1] - h / 2
        box = (x - PADDING, y - PADDING, x + w + PADDING, y + h + PADDING)
        if box[0] < 0 or box[1] < 0 or box[2] > width or box[3] > height:
            continue
        if any(not (b[2] <= box[0] or b[0] >= box[2] or b[3] <= box[1] or b[1] >= box[3])
               for key in cells(*box) for b in grid.get(key, ())):
            continue
        add(box)
        placed.append(PlacedLabel(x, y, w, h, text, spec.size, spec.halo, spec.colour, spec.italic))
    return placed
