"""Rasters without Qt: open a GeoTIFF, read a window, sample values under points, zonal statistics.

The one module reading raster files (rasterio), so hazard analysis and a future map layer share it.
No-data is honoured everywhere: a no-data pixel has no value (``NaN`` under a point, left out of a
zone's statistics), never 0. Reads go by windows of at most ``TILE`` × ``TILE`` pixels, so a
10,000 × 10,000 raster is never held whole.

Zonal statistics rasterize the polygons by pixel centre (GDAL's rule: a pixel belongs to a polygon
whose interior holds its centre), one tile at a time, and reduce per polygon with ``numpy.bincount``
(sum, count) and a sorted ``maximum.reduceat`` (max). Overlapping polygons are burnt in separate
passes so each keeps all its pixels. A polygon holding no pixel centre (smaller than a pixel) takes
the value of the pixel under its centroid.
"""

from __future__ import annotations

__all__ = ["RasterInfo", "open_raster", "read_window", "sample", "zonal_stats", "ZonalStats", "TILE",
           "is_raster_path"]

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np
import shapely

from ..errors import GisError
from ..i18n.catalog import tr
from .model import Cancelled

#: The largest window read at once (pixels per side).
TILE = 4096
RASTER_SUFFIXES = (".tif", ".tiff", ".gtiff", ".vrt", ".img", ".asc")


def is_raster_path(path: str | Path) -> bool:
    return Path(path).suffix.lower() in RASTER_SUFFIXES


@dataclass(frozen=True)
class RasterInfo:
    """What a raster file is: size, grid (affine ``transform`` as 6 numbers), CRS, no-data, bands."""

    path: str
    width: int
    height: int
    count: int
    dtype: str
    crs: str | None
    transform: tuple[float, float, float, float, float, float]
    nodata: float | None

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        a, b, c, d, e, f = self.transform
        xs = (c, c + a * self.width)
        ys = (f, f + e * self.height)
        return min(xs), min(ys), max(xs), max(ys)

    @property
    def pixel_area(self) -> float:
        a, b, _c, d, e, _f = self.transform
        return abs(a * e - b * d)


def _open(path: str | Path):
    import rasterio
    from rasterio.errors import RasterioIOError
    if not Path(path).is_file():
        raise GisError(tr("no file at {path}", path=str(path)))
    try:
        return rasterio.open(path)
    except RasterioIOError as exc:
        raise GisError(tr("{name} is not a raster the app can read: {error}", name=Path(path).name,
                          error=str(exc).splitlines()[0][:120])) from None


def open_raster(path: str | Path) -> RasterInfo:
    """Describe the raster at ``path`` (one line :class:`GisError` when it cannot be read)."""
    from .crs import crs_to_string
    with _open(path) as ds:
        if ds.transform.b != 0 or ds.transform.d != 0:
            raise GisError(tr("{name} is a rotated raster; warp it to a north-up grid first", name=Path(path).name))
        crs = crs_to_string(ds.crs.to_wkt()) if ds.crs else None
        t = ds.transform
        return RasterInfo(str(path), ds.width, ds.height, ds.count, ds.dtypes[0], crs,
                          (t.a, t.b, t.c, t.d, t.e, t.f), None if ds.nodata is None else float(ds.nodata))


def _masked(ds, window, band: int) -> np.ndarray:
    """The window's values as floats (float32 stays float32) with no-data (and NaN) as NaN.

    A plain read compared with the no-data value; a raster with a mask band (or alpha) is read
    masked instead (slower, but its mask is the truth).
    """
    from rasterio.enums import MaskFlags
    flags = ds.mask_flag_enums[band - 1]
    if MaskFlags.per_dataset in flags or MaskFlags.alpha in flags:
        data = ds.read(band, window=window, masked=True)
        return np.asarray(data.astype(np.float64).filled(np.nan))
    data = ds.read(band, window=window)
    if data.dtype.kind != "f":
        data = data.astype(np.float64)
    nodata = ds.nodatavals[band - 1]
    if nodata is not None and not np.isnan(nodata):
        data[data == data.dtype.type(nodata)] = np.nan
    return data


def read_window(path: str | Path, bounds: tuple[float, float, float, float], *, band: int = 1
                ) -> tuple[np.ndarray, tuple[float, ...]]:
    """The values inside ``bounds`` (raster CRS) as float64 with no-data as NaN, and that window's transform."""
    from rasterio.windows import from_bounds
    with _open(path) as ds:
        w = from_bounds(*bounds, transform=ds.transform)
        c0, r0 = max(int(np.floor(w.col_off + 1e-9)), 0), max(int(np.floor(w.row_off + 1e-9)), 0)
        c1 = min(int(np.ceil(w.col_off + w.width - 1e-9)), ds.width)
        r1 = min(int(np.ceil(w.row_off + w.height - 1e-9)), ds.height)
        if c1 <= c0 or r1 <= r0:
            raise GisError(tr("the area asked for lies outside the raster"))
        from rasterio.windows import Window
        win = Window(c0, r0, c1 - c0, r1 - r0)
        t = ds.window_transform(win)
        return _masked(ds, win, band), (t.a, t.b, t.c, t.d, t.e, t.f)


def _full(ds):
    from rasterio.windows import Window
    return Window(0, 0, ds.width, ds.height)


def _rowcol(info_t, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    a, _b, c, _d, e, f = info_t
    return np.floor((y - f) / e).astype(np.int64), np.floor((x - c) / a).astype(np.int64)


def sample(path: str | Path, x: np.ndarray, y: np.ndarray, *, band: int = 1) -> np.ndarray:
    """The value under each point (raster CRS); ``NaN`` outside the raster or on no-data.

    Points are grouped by tile and each tile is read once.
    """
    from rasterio.windows import Window
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    out = np.full(len(x), np.nan)
    with _open(path) as ds:
        t = ds.transform
        row, col = _rowcol((t.a, t.b, t.c, t.d, t.e, t.f), x, y)
        ok = (row >= 0) & (row < ds.height) & (col >= 0) & (col < ds.width) & np.isfinite(x) & np.isfinite(y)
        idx = np.flatnonzero(ok)
        if not len(idx):
            return out
        tile = (row[idx] // TILE) * ((ds.width + TILE - 1) // TILE) + col[idx] // TILE
        order = np.argsort(tile, kind="stable")
        idx, tile = idx[order], tile[order]
        starts = np.flatnonzero(np.r_[True, tile[1:] != tile[:-1]])
        for s, e in zip(starts, np.r_[starts[1:], len(idx)]):
            sel = idx[s:e]
            r0, c0 = int(row[sel].min()), int(col[sel].min())
            win = Window(c0, r0, int(col[sel].max()) - c0 + 1, int(row[sel].max()) - r0 + 1)
            block = _masked(ds, win, band)
            out[sel] = block[row[sel] - r0, col[sel] - c0]
    return out


@dataclass
class ZonalStats:
    """Per polygon: pixels with a value, their sum, max and mean, and how many lie at or above each threshold."""

    count: np.ndarray
    sum: np.ndarray
    max: np.ndarray
    above: np.ndarray  # (n polygons, n thresholds)

    @property
    def mean(self) -> np.ndarray:
        return np.divide(self.sum, self.count, out=np.full(len(self.sum), np.nan), where=self.count > 0)


def _layers(polygons: np.ndarray) -> list[np.ndarray]:
    """Split polygon indices into passes where no two polygons overlap (greedy colouring)."""
    n = len(polygons)
    tree = shapely.STRtree(polygons)
    a, b = tree.query(polygons, predicate="intersects")
    keep = a < b
    a, b = a[keep], b[keep]
    if len(a):  # neighbours sharing only an edge (terraced houses) may share a pass
        keep = ~shapely.touches(polygons[a], polygons[b])
        a, b = a[keep], b[keep]
    if not len(a):
        return [np.arange(n)]
    colour = np.zeros(n, dtype=np.int64)
    nbrs: dict[int, list[int]] = {}
    for i, j in zip(a.tolist(), b.tolist()):
        nbrs.setdefault(i, []).append(j)
        nbrs.setdefault(j, []).append(i)
    for i in sorted(nbrs):
        used = {colour[j] for j in nbrs[i] if j < i}
        c = 0
        while c in used:
            c += 1
        colour[i] = c
    return [np.flatnonzero(colour == c) for c in range(int(colour.max()) + 1)]


def _shapes(geoms: np.ndarray, labels: np.ndarray) -> list[tuple[dict, int]]:
    """``(GeoJSON-like dict, label)`` pairs for rasterize, built from whole coordinate arrays.

    (Shapely's per-geometry ``__geo_interface__`` costs more than the rasterizing itself.)
    Multi-part geometries give one pair per part with the same label.
    """
    parts, owner = shapely.get_parts(geoms, return_index=True)
    tid = shapely.get_type_id(parts)
    out: list[tuple[dict, int]] = []
    poly = np.flatnonzero(tid == 3)
    if len(poly):
        rings, ring_owner = shapely.get_rings(parts[poly], return_index=True)
        coords, cidx = shapely.get_coordinates(rings, return_index=True)
        ring_xy = np.split(coords, np.flatnonzero(np.diff(cidx)) + 1)
        bounds = np.flatnonzero(np.r_[True, ring_owner[1:] != ring_owner[:-1], True])
        for a, b in zip(bounds[:-1], bounds[1:]):
            out.append(({"type": "Polygon", "coordinates": ring_xy[a:b]}, int(labels[owner[poly[ring_owner[a]]]])))
    line = np.flatnonzero((tid == 1) | (tid == 2))
    if len(line):
        coords, cidx = shapely.get_coordinates(parts[line], return_index=True)
        for j, xy in enumerate(np.split(coords, np.flatnonzero(np.diff(cidx)) + 1)):
            out.append(({"type": "LineString", "coordinates": xy.tolist()}, int(labels[owner[line[j]]])))
    return out


def zonal_stats(path: str | Path, polygons: np.ndarray, thresholds: Sequence[float] = (), *, band: int = 1,
                cancelled: Cancelled | None = None) -> ZonalStats:
    """Statistics of the raster under each polygon (polygons in the raster's CRS).

    Examples
    --------
    See ``tests/gis/test_raster.py``: a synthetic GeoTIFF with no-data and known values.
    """
    from rasterio.features import rasterize
    from rasterio.windows import Window
    polygons = np.asarray(polygons, dtype=object)
    n, k = len(polygons), len(thresholds)
    count, total = np.zeros(n), np.zeros(n)
    vmax = np.full(n, -np.inf)
    above = np.zeros((n, k))
    thr = np.asarray(thresholds, dtype=float)
    if n == 0:
        return ZonalStats(count, total, np.full(0, np.nan), above)
    bounds = shapely.bounds(polygons)
    with _open(path) as ds:
        t = ds.transform
        tiles_x = (ds.width + TILE - 1) // TILE
        tiles_y = (ds.height + TILE - 1) // TILE
        for ty in range(tiles_y):
            for tx in range(tiles_x):
                if cancelled is not None and cancelled():
                    from .exposure import ExposureCancelled
                    raise ExposureCancelled(tr("exposure analysis cancelled"))
                win = Window(tx * TILE, ty * TILE, min(TILE, ds.width - tx * TILE), min(TILE, ds.height - ty * TILE))
                wx0, wy1 = t @ (win.col_off, win.row_off)
                wx1, wy0 = t @ (win.col_off + win.width, win.row_off + win.height)
                lo_x, hi_x = min(wx0, wx1), max(wx0, wx1)
                lo_y, hi_y = min(wy0, wy1), max(wy0, wy1)
                inside = np.flatnonzero((bounds[:, 2] >= lo_x) & (bounds[:, 0] <= hi_x)
                                        & (bounds[:, 3] >= lo_y) & (bounds[:, 1] <= hi_y))
                if not len(inside):
                    continue
                values = _masked(ds, win, band)
                wt = ds.window_transform(win)
                for layer in _layers(polygons[inside]):
                    ids = inside[layer]
                    labels = rasterize(_shapes(polygons[ids], ids + 1), out_shape=values.shape,
                                       transform=wt, fill=0, dtype="int32")
                    m = (labels > 0) & np.isfinite(values)
                    lab = labels[m] - 1
                    val = values[m]
                    count += np.bincount(lab, minlength=n)
                    total += np.bincount(lab, weights=val, minlength=n)
                    if len(lab):
                        order = np.argsort(lab, kind="stable")
                        sl, sv = lab[order], val[order]
                        starts = np.flatnonzero(np.r_[True, sl[1:] != sl[:-1]])
                        np.maximum.at(vmax, sl[starts], np.maximum.reduceat(sv, starts))
                        for j, tv in enumerate(thr):
                            above[:, j] += np.bincount(lab, weights=(val >= tv), minlength=n)
    # Polygons smaller than a pixel: the pixel under the centroid stands for them.
    small = np.flatnonzero(count == 0)
    if len(small):
        c = shapely.centroid(polygons[small])
        v = sample(path, shapely.get_x(c), shapely.get_y(c), band=band)
        ok = np.isfinite(v)
        count[small[ok]] = 1
        total[small[ok]] = v[ok]
        vmax[small[ok]] = v[ok]
        for j, tv in enumerate(thr):
            above[small[ok], j] = (v[ok] >= tv)
    vmax[~np.isfinite(vmax)] = np.nan
    return ZonalStats(count, total, vmax, above)
