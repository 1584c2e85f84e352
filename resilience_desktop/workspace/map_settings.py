"""How the map is drawn (``ws.map``): its CRS, the basemaps under the layers, the report's extent.

Kept as workspace settings (``meta`` rows, logged); each change tells subscribers with an
``Entity.MAP`` event naming the setting.
"""

from __future__ import annotations

__all__ = ["MapSettings"]

import json
from pathlib import Path
from typing import Any, Sequence

from ..errors import GisError, InvalidInputError
from ..i18n.catalog import tr
from ..store import Database
from .cities import Cities
from .meta import Meta
from .records import ChangeEvent, Entity

#: A layer's CRS and bounds, as the default map CRS is chosen from them.
Placed = tuple[str | None, tuple[float, float, float, float] | None]


class MapSettings:
    """The map's CRS, basemaps and report extent.

    Parameters
    ----------
    database
        Reads the layers' CRS and bounds (for the default CRS).
    meta
        Where the settings are kept (and logged).
    cities
        The cities' positions (for the default CRS).
    """

    def __init__(self, database: Database, meta: Meta, cities: Cities):
        self._db = database
        self._meta = meta
        self._cities = cities

    def _set(self, key: str, value: str) -> None:
        self._meta.set(key, value, event=ChangeEvent(Entity.MAP, key, fields=(key,)))

    # ------------------------------------------------------------ CRS
    def crs(self) -> str:
        """The display/analysis CRS: the one stored, else the default of
        :func:`~resilience_desktop.gis.crs.default_map_crs` (first city, else first layer added).

        The default is stored when the first layer is added, so adding more layers never moves
        the map silently.
        """
        from ..gis.crs import default_map_crs
        chosen = self._meta.get("map_crs")
        if chosen:
            return chosen
        return default_map_crs(*self._inputs())

    def set_crs(self, crs: str) -> None:
        """Draw the map in ``crs`` (an EPSG code, a name PROJ knows, WKT); checked first."""
        from ..gis.crs import crs_to_string, parse_crs
        value = crs_to_string(parse_crs(crs))
        if not parse_crs(value).is_geographic and not parse_crs(value).is_projected:
            raise GisError(tr("{crs} cannot be a map CRS: choose a projected or longitude/latitude CRS", crs=crs))
        self._set("map_crs", value)

    def first_crs(self, placed: Sequence[Placed], *, with_layers: bool = True) -> str | None:
        """The map CRS to store now, when none is stored yet and ``placed`` are the first layers
        placed on the earth (the default is chosen once, never moved by later layers).

        ``with_layers=False`` chooses from the cities and ``placed`` only (a raster added).
        """
        from ..gis.crs import WGS84, default_map_crs
        if self._meta.get("map_crs"):
            return None
        cities, layers = self._inputs()
        crs = default_map_crs(cities, (layers if with_layers else []) + list(placed))
        return None if crs == WGS84 else crs

    def _inputs(self) -> tuple[list[tuple[float | None, float | None]], list[Placed]]:
        cities = [(c.lon, c.lat) for c in self._cities.all()]
        rows = self._db.query("SELECT crs, minx, miny, maxx, maxy FROM layers WHERE removed_at IS NULL"
                              " ORDER BY rowid")
        layers: list[Placed] = [(r["crs"], None if r["minx"] is None else (r["minx"], r["miny"], r["maxx"], r["maxy"]))
                                for r in rows]
        return cities, layers

    # ------------------------------------------------------------ basemaps
    def basemap_path(self) -> str | None:
        """The user's MBTiles file shown under the layers (a path: tile files are not copied in)."""
        return self._meta.get("basemap") or None

    def set_basemap(self, path: str | Path | None) -> None:
        """Show the MBTiles file at ``path`` under the layers (checked first); ``None``: no basemap."""
        if path:
            from ..gis.pmtiles_source import open_tiles
            open_tiles(path).close()
            value = str(Path(path).resolve())
        else:
            value = ""
        if value != (self.basemap_path() or ""):
            self._set("basemap", value)

    def builtin_basemap_on(self) -> bool:
        """Whether the shipped Natural Earth basemap is drawn under the layers (on unless switched off)."""
        return self._meta.get("builtin_basemap") != "off"

    def set_builtin_basemap(self, on: bool) -> None:
        if on != self.builtin_basemap_on():
            self._set("builtin_basemap", "on" if on else "off")

    # ------------------------------------------------------------ the report's map
    def report_extent(self) -> tuple[float, float, float, float] | None:
        """The area the report's map shows (lon/lat), as the user saved it; ``None``: not saved."""
        text = self._meta.get("report_extent")
        if not text:
            return None
        x0, y0, x1, y1 = (float(v) for v in json.loads(text))
        return x0, y0, x1, y1

    def set_report_extent(self, bounds_wgs84: tuple[float, float, float, float] | None) -> None:
        """Save the area (lon/lat) the report's map shows; ``None`` goes back to the city's extent."""
        value: Any
        if bounds_wgs84 is not None:
            x0, y0, x1, y1 = (float(v) for v in bounds_wgs84)
            if not (-180 <= x0 < x1 <= 180 and -90 <= y0 < y1 <= 90):
                raise InvalidInputError(tr("an extent is minimum and maximum longitude and latitude"))
            value = json.dumps([round(v, 7) for v in (x0, y0, x1, y1)])
        else:
            value = ""
        self._set("report_extent", value)
