"""Raster basemaps from PMTiles archives (one file of map tiles), read offline.

Read with the format's reference reader (the ``pmtiles`` package) over a memory map; the
interface is :class:`~resilience_desktop.gis.mbtiles.MBTiles`'s, so the renderer draws both the
same way. :func:`open_tiles` decides by the file's first bytes which one a file is.
"""

from __future__ import annotations

__all__ = ["PMTiles", "open_tiles"]

import mmap
from pathlib import Path

from ..errors import GisError
from ..i18n.catalog import tr
from .mbtiles import MBTiles, tile_span

#: PMTiles tile types: 1 vector (MVT), 2 PNG, 3 JPEG, 4 WebP, 5 AVIF.
_RASTER_TYPES = {2: "png", 3: "jpg", 4: "webp", 5: "avif"}


class PMTiles:
    """A read-only PMTiles (version 3) archive of raster tiles."""

    def __init__(self, path: str | Path):
        from pmtiles.reader import Reader
        self.path = Path(path)
        if not self.path.is_file():
            raise GisError(tr("no file at {path}", path=self.path))
        self._file = open(self.path, "rb")
        try:
            self._map = mmap.mmap(self._file.fileno(), 0, access=mmap.ACCESS_READ)
            self._reader = Reader(lambda offset, length: self._map[offset:offset + length])
            header = self._reader.header()
        except Exception as exc:  # a damaged archive raises several types
            self._file.close()
            raise GisError(tr("{name} is not a PMTiles tile file: {reason}", name=self.path.name, reason=exc)) from None
        if header.get("version", 0) != 3:
            self.close()
            raise GisError(tr("{name} is a PMTiles file of an older version; convert it to version 3",
                              name=self.path.name))
        tile_type = int(getattr(header.get("tile_type"), "value", header.get("tile_type", 0)))
        if tile_type not in _RASTER_TYPES:
            self.close()
            raise GisError(tr("{name} holds vector tiles; only raster tiles (PNG, JPEG, WebP) can be shown",
                              name=self.path.name))
        self.format = _RASTER_TYPES[tile_type]
        self.minzoom, self.maxzoom = int(header["min_zoom"]), int(header["max_zoom"])
        self.name = self.path.stem

    def close(self) -> None:
        try:
            self._map.close()
        except (AttributeError, ValueError, BufferError):
            pass
        self._file.close()

    def tiles_for(self, bounds_3857: tuple[float, float, float, float],
                  metres_per_pixel: float) -> list[tuple[int, int, int, bytes]]:
        """``(z, x, y, data)`` of the tiles covering ``bounds_3857`` at the zoom for the resolution."""
        span = tile_span(bounds_3857, metres_per_pixel, self.minzoom, self.maxzoom)
        if span is None:
            return []
        z, x0, x1, y0, y1 = span
        out = []
        for x in range(x0, x1 + 1):
            for y in range(y0, y1 + 1):
                data = self._reader.get(z, x, y)
                if data:
                    out.append((z, x, y, bytes(data)))
        return out


def open_tiles(path: str | Path) -> "MBTiles | PMTiles":
    """An MBTiles or a PMTiles basemap, told apart by the file's content (not its name)."""
    p = Path(path)
    if not p.is_file():
        raise GisError(tr("no file at {path}", path=p))
    with open(p, "rb") as f:
        magic = f.read(7)
    return PMTiles(p) if magic == b"PMTiles" else MBTiles(p)
