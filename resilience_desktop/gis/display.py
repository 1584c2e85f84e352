"""Geometry prepared for drawing, and the view: the Qt-free half of the map renderer.

A :class:`DisplayLayer` holds a layer's geometries in the map CRS split into flat coordinate
arrays (polygon rings, line parts, points) with, per coordinate, the feature it belongs to.
Each frame then works on whole arrays: cull by bounding box, decide per feature whether it is
smaller than a pixel (drawn as a point), transform to pixels, and drop vertices that land on
the same pixel as the one before (simplification by zoom, free of any per-feature loop).
An STRtree answers identify/select queries.
"""

from __future__ import annotations

__all__ = ["View", "DisplayLayer", "Frame", "prepare_layer", "categories_for"]

from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
import shapely

from ..errors import GisError
from .crs import WGS84, clip_window, finite_geometries, transform_bounds, transform_geometries
from .labels import LabelSpec

Bounds = tuple[float, float, float, float]


@dataclass(frozen=True)
class View:
    """What the map shows: the centre (map CRS), map units per pixel, and the pixel size."""

    cx: float
    cy: float
    resolution: float
    width: int
    height: int

    @property
    def bounds(self) -> Bounds:
        hw, hh = self.width * self.resolution / 2, self.height * self.resolution / 2
        return (self.cx - hw, self.cy - hh, self.cx + hw, self.cy + hh)

    @classmethod
    def fit(cls, bounds: Bounds, width: int, height: int, margin: float = 0.05) -> "View":
        """The view showing ``bounds`` whole, centred, with a small margin."""
        x0, y0, x1, y1 = bounds
        w, h = max(x1 - x0, 1e-9), max(y1 - y0, 1e-9)
        res = max(w / max(width, 1), h / max(height, 1)) * (1 + 2 * margin)
        return cls((x0 + x1) / 2, (y0 + y1) / 2, res, width, height)

    def to_pixels(self, xy: np.ndarray) -> np.ndarray:
        out = np.empty_like(xy, dtype=np.float64)
        out[:, 0] = (xy[:, 0] - self.cx) / self.resolution + self.width / 2
        out[:, 1] = (self.cy - xy[:, 1]) / self.resolution + self.height / 2
        return out

    def to_map(self, px: float, py: float) -> tuple[float, float]:
        return (self.cx + (px - self.width / 2) * self.resolution,
                self.cy - (py - self.height / 2) * self.resolution)

    def panned(self, dx_px: float, dy_px: float) -> "View":
        return View(self.cx - dx_px * self.resolution, self.cy + dy_px * self.resolution, self.resolution,
                    self.width, self.height)

    def zoomed(self, factor: float, px: float | None = None, py: float | None = None) -> "View":
        """Zoom by ``factor`` (>1 zooms in) keeping the map point under ``(px, py)`` in place."""
        px = self.width / 2 if px is None else px
        py = self.height / 2 if py is None else py
        mx, my = self.to_map(px, py)
        res = self.resolution / factor
        return View(mx - (px - self.width / 2) * res, my + (py - self.height / 2) * res, res, self.width, self.height)

    def resized(self, width: int, height: int) -> "View":
        return View(self.cx, self.cy, self.resolution, width, height)


@dataclass
class _Flat:
    """Coordinates of rings or line parts, flattened, with per-coordinate part start and feature."""

    coords: np.ndarray        # (N, 2) float64, map CRS
    start: np.ndarray         # (N,) bool: first vertex of a ring/part
    feature: np.ndarray       # (N,) int: index of the feature

    @classmethod
    def of(cls, parts: np.ndarray, feature_of_part: np.ndarray) -> "_Flat | None":
        if len(parts) == 0:
            return None
        coords, part = shapely.get_coordinates(parts, return_index=True)
        start = np.ones(len(part), dtype=bool)
        start[1:] = part[1:] != part[:-1]
        return cls(coords, start, feature_of_part[part])


@dataclass
class Frame:
    """What one layer draws in one view, in pixels: per colour index, the pieces to draw."""

    polygons: list[tuple[int, np.ndarray, np.ndarray]] = field(default_factory=list)   # (colour, xy, start)
    lines: list[tuple[int, np.ndarray, np.ndarray]] = field(default_factory=list)
    points: list[tuple[int, np.ndarray]] = field(default_factory=list)                # (colour, xy)
    #: Features smaller than a pixel, drawn as one-pixel specks at their centre.
    specks: list[tuple[int, np.ndarray]] = field(default_factory=list)
    polygon_count: int = 0
    line_count: int = 0
    point_count: int = 0


@dataclass
class DisplayLayer:
    """A layer ready to draw in the map CRS (see the module docstring)."""

    id: str
    geometries: np.ndarray
    bounds: np.ndarray                     # (n, 4)
    colour_index: np.ndarray               # (n,) int into ``colours``
    colours: list[str]
    polygons: _Flat | None
    lines: _Flat | None
    points: tuple[np.ndarray, np.ndarray] | None   # (coords (M, 2), feature (M,))
    opacity: float = 1.0
    point_size: float = 6.0
    line_width: float = 1.0
    #: Point size per colour index (size by value), or ``None``: every point is ``point_size``.
    sizes: list[float] | None = None
    #: Features left out because their coordinates cannot be expressed in the map CRS.
    dropped: int = 0
    #: Opacity of polygon fills (0–255) and the outline colour (``None``: the fill, darker).
    fill_alpha: int = 190
    outline: str | None = None
    #: The layer's labels, or ``None`` (see :mod:`resilience_desktop.gis.labels`).
    labels: "LabelSpec | None" = None
    #: Drawn only while the map's resolution (map units per pixel) is at most this.
    max_resolution: float = float("inf")
    _tree: shapely.STRtree | None = None

    @property
    def extent(self) -> Bounds | None:
        ok = np.isfinite(self.bounds[:, 0])
        if not ok.any():
            return None
        b = self.bounds[ok]
        return (float(b[:, 0].min()), float(b[:, 1].min()), float(b[:, 2].max()), float(b[:, 3].max()))

    @property
    def tree(self) -> shapely.STRtree:
        if self._tree is None:
            self._tree = shapely.STRtree(self.geometries)
        return self._tree

    def query(self, bounds: Bounds, *, at: tuple[float, float] | None = None, tolerance: float = 0.0) -> np.ndarray:
        """Indexes of the features meeting ``bounds`` (or within ``tolerance`` of point ``at``)."""
        if at is not None:
            probe = shapely.Point(at).buffer(tolerance) if tolerance > 0 else shapely.Point(at)
        else:
            probe = shapely.box(*bounds)
        return np.sort(self.tree.query(probe, predicate="intersects"))

    def frame(self, view: View, *, subpixel: float = 1.5) -> Frame:
        """The pixels to draw in ``view``: culled, LOD-decided and simplified, per colour."""
        x0, y0, x1, y1 = view.bounds
        b = self.bounds
        visible = (b[:, 2] >= x0) & (b[:, 0] <= x1) & (b[:, 3] >= y0) & (b[:, 1] <= y1)
        size = np.maximum(b[:, 2] - b[:, 0], b[:, 3] - b[:, 1]) / view.resolution
        small = visible & (size < subpixel)
        big = visible & ~small
        out = Frame()
        multi_colour = len(self.colours) > 1
        for flat, target, kind in ((self.polygons, out.polygons, "polygon"), (self.lines, out.lines, "line")):
            if flat is None:
                continue
            keep = big[flat.feature]
            if not keep.any():
                continue
            xy = view.to_pixels(flat.coords[keep])
            start = flat.start[keep]
            feat = flat.feature[keep]
            # Simplify by zoom: drop a vertex on the same (half-)pixel as the previous one of its part.
            q = np.round(xy * 2)
            same = np.zeros(len(q), dtype=bool)
            same[1:] = (q[1:, 0] == q[:-1, 0]) & (q[1:, 1] == q[:-1, 1])
            # keep a part's last vertex (closes a ring)
            last = np.ones(len(q), dtype=bool)
            last[:-1] = start[1:]
            kept = ~same | start | last
            xy, start, feat = xy[kept], start[kept], feat[kept]
            n_parts = int(start.sum())
            if kind == "polygon":
                out.polygon_count += n_parts
            else:
                out.line_count += n_parts
            if multi_colour:
                ci = self.colour_index[feat]
                for c in np.unique(ci):
                    m = ci == c
                    target.append((int(c), xy[m], start[m]))
            else:
                target.append((0, xy, start))
        centres = None
        if small.any():
            idx = np.nonzero(small)[0]
            centres = (np.column_stack(((b[idx, 0] + b[idx, 2]) / 2, (b[idx, 1] + b[idx, 3]) / 2)), idx)
        pts = []
        if self.points is not None:
            pc, pf = self.points
            m = visible[pf]   # a point is never "big": every visible point is drawn as a symbol
            if m.any():
                pts.append((pc[m], pf[m], out.points))
        if centres is not None:
            if self.points is not None:   # real points are drawn above; only areas and lines become specks
                not_point = np.isin(centres[1], self.points[1], invert=True)
                centres = (centres[0][not_point], centres[1][not_point])
            pts.append((centres[0], centres[1], out.specks))
        for coords, feat, symbols in pts:
            if len(coords) == 0:
                continue
            xy = view.to_pixels(coords)
            out.point_count += len(xy)
            if multi_colour:
                ci = self.colour_index[feat]
                for c in np.unique(ci):
                    symbols.append((int(c), xy[ci == c]))
            else:
                symbols.append((0, xy))
        return out


def _explode(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Single-part geometries and the index of the feature each came from (collections too)."""
    types = shapely.get_type_id(geoms)
    if np.all(types < 4):  # nothing multi-part: skip the copy (the common case of big layers)
        keep = np.nonzero(types >= 0)[0]
        return geoms[keep], keep
    parts, idx = shapely.get_parts(geoms, return_index=True)
    nested = shapely.get_type_id(parts) >= 4
    if nested.any():  # parts of a GeometryCollection may themselves be multi-part
        sub, sub_idx = _explode(parts[nested])
        parts = np.concatenate([parts[~nested], sub])
        idx = np.concatenate([idx[~nested], idx[nested][sub_idx]])
    return parts, idx


def _polygon_rings(polys: np.ndarray, feature_of_poly: np.ndarray) -> _Flat:
    """Every ring of ``polys`` flattened and oriented (exteriors counter-clockwise, holes
    clockwise) so one winding-filled path draws overlapping polygons and holes right.

    Orientation is fixed on the flat arrays (shoelace sums per ring, then reversing the index
    range of each wrong ring): a few numpy passes instead of rebuilding geometries.
    """
    rings, ring_poly = shapely.get_rings(polys, return_index=True)
    coords, ring_of = shapely.get_coordinates(rings, return_index=True)
    n_rings = len(rings)
    counts = np.bincount(ring_of, minlength=n_rings)
    starts = np.zeros(n_rings, dtype=np.int64)
    starts[1:] = np.cumsum(counts)[:-1]
    x, y = coords[:, 0], coords[:, 1]
    cross = np.zeros(len(coords))
    cross[:-1] = x[:-1] * y[1:] - x[1:] * y[:-1]
    ends = starts + counts
    cross[ends[counts > 0] - 1] = 0.0      # no segment from a ring's last vertex to the next ring
    area = np.add.reduceat(cross, starts[counts > 0]) if len(coords) else np.zeros(0)
    signed = np.zeros(n_rings)
    signed[counts > 0] = area
    exterior = np.ones(n_rings, dtype=bool)
    exterior[1:] = ring_poly[1:] != ring_poly[:-1]
    flip = (exterior & (signed < 0)) | (~exterior & (signed > 0))
    if flip.any():
        order = np.arange(len(coords))
        flipped = flip[ring_of]
        i = order[flipped]
        r = ring_of[flipped]
        order[flipped] = starts[r] + ends[r] - 1 - i
        coords = coords[order]
    start = np.zeros(len(coords), dtype=bool)
    start[starts[counts > 0]] = True
    return _Flat(coords, start, feature_of_poly[ring_poly][ring_of])


def categories_for(style: dict[str, Any], values: Sequence[Any] | None, n: int) -> tuple[np.ndarray, list[str]]:
    """Per-feature colour index and the colour list for a layer style.

    Examples
    --------
    >>> idx, colours = categories_for({"kind": "categorized", "field": "k", "color": "#999999",
    ...                                "categories": {"a": "#ff0000"}}, ["a", "b", "a"], 3)
    >>> idx.tolist(), colours
    ([1, 0, 1], ['#999999', '#ff0000'])
    """
    colours = [style.get("color", "#4e79a7")]
    idx = np.zeros(n, dtype=np.int64)
    if style.get("kind") == "categorized" and values is not None:
        cats = style.get("categories", {})
        lookup = {}
        for value, colour in cats.items():
            lookup[value] = len(colours)
            colours.append(colour)
        idx = np.fromiter((lookup.get("" if v is None else str(v), 0) for v in values), dtype=np.int64, count=n)
    elif style.get("kind") == "graduated" and values is not None:
        from .classify import class_of
        colours += list(style["colors"])
        idx = class_of(values, style["breaks"])
    return idx, colours


def _cut_to_window(geoms: np.ndarray, layer_crs: str, map_crs: str) -> tuple[np.ndarray, int]:
    """``geoms`` cut to the part of the earth ``map_crs`` shows well, and how many lie wholly outside.

    A transverse Mercator (a UTM zone) returns finite but meaningless coordinates far from its
    meridian: San Francisco or Fiji in UTM 43N would be drawn somewhere in the ocean. The window is
    the basemap's (:func:`~resilience_desktop.gis.crs.clip_window`), so layers and basemap agree.
    """
    window = clip_window(map_crs)
    if window is None or len(geoms) == 0:
        return geoms, 0
    present = ~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)
    if not present.any():
        return geoms, 0
    try:
        x0, y0, x1, y1 = transform_bounds(tuple(shapely.total_bounds(geoms[present])), layer_crs, WGS84)
        if x0 >= window[0] and y0 >= window[1] and x1 <= window[2] and y1 <= window[3]:
            return geoms, 0  # the usual case: the whole layer is where the map CRS is good
    except GisError:
        pass
    with np.errstate(invalid="ignore", over="ignore"):
        lonlat = transform_geometries(geoms, layer_crs, WGS84)
    b = shapely.bounds(lonlat)
    with np.errstate(invalid="ignore"):
        inside = (b[:, 0] >= window[0]) & (b[:, 1] >= window[1]) & (b[:, 2] <= window[2]) & (b[:, 3] <= window[3])
    box = shapely.box(*window)
    partial = present & ~inside & shapely.intersects(lonlat, box)
    outside = present & ~inside & ~partial
    out = geoms.copy()
    out[outside] = None
    if partial.any():
        with np.errstate(invalid="ignore", over="ignore"):
            out[partial] = transform_geometries(shapely.intersection(lonlat[partial], box), WGS84, layer_crs)
    return out, int(outside.sum())


def prepare_layer(layer_id: str, geometries: np.ndarray, layer_crs: str, map_crs: str, *,
                  style: dict[str, Any] | None = None, values: Sequence[Any] | None = None,
                  opacity: float = 1.0) -> DisplayLayer:
    """Reproject ``geometries`` into ``map_crs`` and flatten them for drawing."""
    style = style or {}
    geoms, outside = _cut_to_window(np.asarray(geometries, dtype=object), layer_crs, map_crs)
    with np.errstate(invalid="ignore", over="ignore"):
        geoms = transform_geometries(geoms, layer_crs, map_crs)
    geoms, dropped = finite_geometries(geoms)
    dropped += outside
    n = len(geoms)
    bounds = shapely.bounds(geoms) if n else np.empty((0, 4))
    parts, feat = _explode(geoms) if n else (np.empty(0, dtype=object), np.empty(0, dtype=np.int64))
    types = shapely.get_type_id(parts)
    poly_mask = types == 3
    polys = parts[poly_mask]
    polygons = _polygon_rings(polys, feat[poly_mask]) if len(polys) else None
    line_mask = (types == 1) | (types == 2)
    lines = _Flat.of(parts[line_mask], feat[line_mask])
    point_mask = types == 0
    points = None
    if point_mask.any():
        points = (shapely.get_coordinates(parts[point_mask]), feat[point_mask])
    colour_index, colours = categories_for(style, values, n)
    layer = DisplayLayer(layer_id, geoms, bounds, colour_index, colours, polygons, lines, points, opacity,
                         float(style.get("size", 6.0)), float(style.get("width", 1.0)), sizes_for(style), dropped)
    return layer


def sizes_for(style: dict[str, Any]) -> list[float] | None:
    """Point size per colour index of a graduated style sized by value (index 0: no value)."""
    if style.get("kind") == "graduated" and style.get("sizes"):
        return [float(style.get("size", 6.0))] + [float(v) for v in style["sizes"]]
    return None
