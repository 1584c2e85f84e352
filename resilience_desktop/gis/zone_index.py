"""Where the hazard zones are: their polygons, their union (built once, on first need), and a grid
index deciding point-in-zones for many points at once. No Qt; used by :mod:`.exposure`."""

from __future__ import annotations

__all__ = ["ZoneSet", "PointIndex", "areal_parts"]

import numpy as np
import shapely


def areal_parts(geoms: np.ndarray) -> np.ndarray:
    """The polygons of ``geoms`` (lines or points in a zone layer cover nothing)."""
    geoms = geoms[~shapely.is_missing(geoms)]
    parts = shapely.get_parts(geoms) if len(geoms) else np.array([], dtype=object)
    return parts[shapely.get_dimensions(parts) == 2] if len(parts) else parts


class ZoneSet:
    """The affected zones: their polygons, their union (built once, on first need) and a point index.

    Points need no union (a point is inside the union exactly when it is inside some zone), so an
    analysis of points alone never pays for it; lines, polygons and the zone area do.
    """

    def __init__(self, geoms: np.ndarray):
        self.polygons = areal_parts(geoms)
        shapely.prepare(self.polygons)
        self._union: shapely.Geometry | None = None
        self._parts: np.ndarray | None = None
        self._index: PointIndex | None = None

    @property
    def empty(self) -> bool:
        return len(self.polygons) == 0

    @property
    def union(self) -> shapely.Geometry:
        if self._union is None:
            self._union = shapely.union_all(self.polygons) if len(self.polygons) else shapely.Polygon()
        return self._union

    @property
    def parts(self) -> np.ndarray:
        if self._parts is None:
            self._parts = shapely.get_parts(self.union)
            shapely.prepare(self._parts)
        return self._parts

    def contains_points(self, points: np.ndarray, total: int) -> np.ndarray:
        """Which ``points`` are in some zone; ``total`` (all points to come) sizes the grid."""
        if self._index is None:
            # Finer cells leave fewer points for the exact test but cost more to class.
            self._index = PointIndex(self.polygons, int(np.clip(np.sqrt(total) / 6, 16, 192)))
        return self._index.contains(points)


class PointIndex:
    """Point-in-zones for many points: a grid over the zones, each cell classed once as wholly
    inside a zone, wholly outside every zone, or on an edge; only points in edge cells get the
    exact test, and only against the zones that cross their cell.

    A cell is "inside" when a zone ``contains_properly`` the closed cell, "outside" when no zone
    intersects it, so every point of such a cell (its border included) is decided exactly. A point
    in an edge cell is paired with that cell's zones and one vectorized prepared ``intersects_xy``
    runs over all pairs: a point on a zone's edge counts as inside.
    """

    INSIDE, EDGE = 1, 2

    def __init__(self, polygons: np.ndarray, cells: int = 112):
        self.polygons = polygons
        x0, y0, x1, y1 = shapely.total_bounds(polygons)
        self.bounds = (x0, y0, x1, y1)
        self.n = cells
        self.w = max((x1 - x0) / cells, 1e-9)
        self.h = max((y1 - y0) / cells, 1e-9)
        grid_x, grid_y = np.meshgrid(np.arange(cells), np.arange(cells), indexing="ij")
        gx, gy = grid_x.ravel(), grid_y.ravel()
        boxes = shapely.box(x0 + gx * self.w, y0 + gy * self.h, x0 + (gx + 1) * self.w, y0 + (gy + 1) * self.h)
        cell_i, poly_i = shapely.STRtree(polygons).query(boxes, predicate="intersects")
        self.state = np.zeros(cells * cells, dtype=np.int8)
        self.state[cell_i] = self.EDGE
        self.state[cell_i[shapely.contains_properly(polygons[poly_i], boxes[cell_i])]] = self.INSIDE
        # The zones crossing each edge cell, as compressed rows (cell -> slice of pair_poly).
        edge = self.state[cell_i] == self.EDGE
        order = np.argsort(cell_i[edge], kind="stable")
        self.pair_poly = poly_i[edge][order]
        self.counts = np.bincount(cell_i[edge], minlength=cells * cells)
        self.starts = np.concatenate([[0], np.cumsum(self.counts)[:-1]])

    def contains(self, points: np.ndarray) -> np.ndarray:
        x, y = shapely.get_x(points), shapely.get_y(points)
        x0, y0, x1, y1 = self.bounds
        within = (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1)
        cx = np.clip(((x - x0) / self.w).astype(np.int64), 0, self.n - 1)
        cy = np.clip(((y - y0) / self.h).astype(np.int64), 0, self.n - 1)
        cell = cx * self.n + cy
        state = np.where(within, self.state[cell], 0)
        out = state == self.INSIDE
        edge = np.flatnonzero(state == self.EDGE)
        if len(edge):
            cnt = self.counts[cell[edge]]
            point = np.repeat(edge, cnt)
            first = np.repeat(self.starts[cell[edge]] - (np.cumsum(cnt) - cnt), cnt)
            poly = self.pair_poly[first + np.arange(len(point))]
            ok = shapely.intersects_xy(self.polygons[poly], x[point], y[point])
            out[point[ok]] = True
        return out
