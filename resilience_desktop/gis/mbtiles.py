"""Raster basemaps from MBTiles files (SQLite holding map tiles), read offline.

An MBTiles file is the user's own: the workspace remembers its path (tile files run to
gigabytes, so they are not copied in). Tiles are in Web Mercator (EPSG:3857), rows counted
from the south (TMS); :meth:`MBTiles.tiles_for` hands them out for a view with the usual
north-first rows, and the renderer warps each into the map's CRS.
"""

from __future__ import annotations

__all__ = ["MBTiles", "WEB_MERCATOR", "tile_bounds", "zoom_for", "tile_span"]

import math
import sqlite3
from pathlib import Path

from ..errors import GisError
from ..i18n.catalog import tr

WEB_MERCATOR = "EPSG:3857"
_HALF = 20037508.342789244  # half the Web Mercator world width, metres
#: At most this many tiles are drawn for one view (a coarser zoom is used beyond it).
MAX_TILES = 96


def tile_bounds(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """Web Mercator bounds of XYZ tile ``(z, x, y)`` (``y`` counted from the north).

    >>> tile_bounds(0, 0, 0) == (-_HALF, -_HALF, _HALF, _HALF)
    True
    """
    size = 2 * _HALF / (1 << z)
    return (-_HALF + x * size, _HALF - (y + 1) * size, -_HALF + (x + 1) * size, _HALF - y * size)


def zoom_for(metres_per_pixel: float) -> int:
    """The tile zoom whose 256-pixel tiles are closest to ``metres_per_pixel``.

    >>> zoom_for(156543.03), zoom_for(9.55)
    (0, 14)
    """
    return max(0, round(math.log2(2 * _HALF / 256 / max(metres_per_pixel, 1e-9))))


class MBTiles:
    """A read-only MBTiles file."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        if not self.path.is_file():
            raise GisError(tr("no file at {path}", path=self.path))
        try:
            self._conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
            meta = dict(self._conn.execute("SELECT name, value FROM metadata").fetchall())
            zooms = self._conn.execute("SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles").fetchone()
        except sqlite3.Error as exc:
            raise GisError(tr("{name} is not an MBTiles tile file: {reason}", name=self.path.name, reason=exc)) from None
        if zooms[0] is None:
            raise GisError(tr("{name} holds no tiles", name=self.path.name))
        self.name = str(meta.get("name") or self.path.stem)
        self.format = str(meta.get("format") or "png").lower()
        if self.format == "pbf":
            raise GisError(tr("{name} holds vector tiles; only raster tiles (PNG, JPEG, WebP) can be shown",
                              name=self.path.name))
        self.minzoom, self.maxzoom = int(zooms[0]), int(zooms[1])

    def close(self) -> None:
        self._conn.close()

    def tiles_for(self, bounds_3857: tuple[float, float, float, float],
                  metres_per_pixel: float) -> list[tuple[int, int, int, bytes]]:
        """``(z, x, y, data)`` of the tiles covering ``bounds_3857`` at the zoom for the resolution."""
        span = tile_span(bounds_3857, metres_per_pixel, self.minzoom, self.maxzoom)
        if span is None:
            return []
        z, x0, x1, y0, y1 = span
        n = 1 << z
        rows = self._conn.execute(
            "SELECT tile_column, tile_row, tile_data FROM tiles WHERE zoom_level = ? AND tile_column BETWEEN ? AND ?"
            " AND tile_row BETWEEN ? AND ?", (z, x0, x1, n - 1 - y1, n - 1 - y0)).fetchall()
        return [(z, int(x), n - 1 - int(row), bytes(data)) for x, row, data in rows]


def tile_span(bounds_3857: tuple[float, float, float, float], metres_per_pixel: float, minzoom: int,
              maxzoom: int) -> tuple[int, int, int, int, int] | None:
    """``(z, x0, x1, y0, y1)``: the XYZ tiles covering ``bounds_3857`` at the zoom for the resolution
    (coarser while more than :data:`MAX_TILES` would be needed); ``None`` when nothing is covered."""
    z = min(max(zoom_for(metres_per_pixel), minzoom), maxzoom)
    while True:
        n = 1 << z
        size = 2 * _HALF / n
        x0 = max(0, int((bounds_3857[0] + _HALF) // size))
        x1 = min(n - 1, int((bounds_3857[2] + _HALF) // size))
        y0 = max(0, int((_HALF - bounds_3857[3]) // size))
        y1 = min(n - 1, int((_HALF - bounds_3857[1]) // size))
        if x1 < x0 or y1 < y0:
            return None
        if (x1 - x0 + 1) * (y1 - y0 + 1) <= MAX_TILES or z <= minzoom:
            return z, x0, x1, y0, y1
        z -= 1
