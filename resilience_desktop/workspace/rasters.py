"""Raster layers of a workspace (``ws.rasters``).

A raster is stored whole as one tiled, compressed GeoTIFF with overviews (see
:func:`resilience_desktop.gis.raster_layer.pack_raster`) in a ``raster_layers`` row, with its
summary and display style. For drawing it is unpacked once per session into the cache folder
(named by its hash) and read window by window.
"""

from __future__ import annotations

__all__ = ["Rasters", "RasterLayer"]

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InvalidInputError, NotFoundError
from ..i18n.catalog import tr
from ..store import Database
from .common import new_id, now
from .map_settings import MapSettings
from .recorder import Recorder
from .records import ChangeEvent, Entity

if TYPE_CHECKING:
    from rasterio.io import DatasetReader

    from ..gis.raster_layer import RasterInfo

_SUMMARY = ("id, name, source_name, driver, crs, width, height, bands, dtype, nodata, minx, miny, maxx, maxy,"
            " min, max, style, visible, z_order, opacity, sha256, added_at")


@dataclass(frozen=True)
class RasterLayer:
    """A raster stored in a workspace (its cells are read separately)."""

    id: str
    name: str
    source_name: str
    driver: str
    crs: str | None
    width: int
    height: int
    bands: int
    dtype: str
    nodata: float | None
    bounds: tuple[float, float, float, float]
    min: float | None
    max: float | None
    style: dict[str, Any]
    visible: bool
    z_order: int
    opacity: float
    sha256: str
    added_at: str = ""

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["bounds"] = list(self.bounds)
        return out


class Rasters:
    """The raster layers of a workspace (``Entity.RASTER`` events); removing one hides it.

    Parameters
    ----------
    database, recorder
        Reads; writes.
    map_settings
        The map's CRS, chosen (and stored) from the first raster when nothing else placed it.
    """

    def __init__(self, database: Database, recorder: Recorder, map_settings: MapSettings):
        self._db = database
        self._recorder = recorder
        self._map = map_settings

    def add_file(self, path: str | Path, *, name: str | None = None, dem: bool | None = None,
                 crs: str | None = None) -> str:
        """Copy the raster at ``path`` into the workspace; return its id.

        ``crs``: the coordinate system of a raster whose file gives none. ``dem`` draws it as terrain with
        hillshade (default: guessed from the name: dem, srtm, elevation, height, рельеф). An unreadable
        raster raises and changes nothing.
        """
        from ..gis.raster_layer import pack_raster
        return self.add_packed(path, pack_raster(path, crs), name=name, dem=dem)

    def add_packed(self, path: str | Path, packed: "tuple[RasterInfo, bytes, str]", *, name: str | None = None,
                   dem: bool | None = None) -> str:
        """Store a raster already packed by :func:`~resilience_desktop.gis.raster_layer.pack_raster`
        (the UI packs on a worker thread, then stores on the GUI thread)."""
        from ..gis.raster_style import default_raster_style
        info, data, sha = packed
        path = Path(path)
        if dem is None:
            stem = path.stem.lower()
            dem = any(k in stem for k in ("dem", "srtm", "elev", "height", "relief", "рельеф", "высот"))
        style = default_raster_style(info.min, info.max, dem=dem, name=f"{name or ''} {path.stem}")
        rid = new_id()
        z = self._db.query("SELECT COALESCE(MAX(z_order), 0) AS z FROM raster_layers")[0]["z"]
        # The first thing placed on the earth chooses the map's CRS (cities and this raster only).
        map_crs = self._map.first_crs([(info.crs, info.bounds)], with_layers=False) if info.crs else None
        with self._recorder.write() as w:
            w.execute(f"INSERT INTO raster_layers ({_SUMMARY}, data, added_by) VALUES"
                      " (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,1.0,?,?,?,?)",
                      (rid, name or path.stem, path.name, info.driver, info.crs, info.width, info.height, info.bands,
                       info.dtype, info.nodata, *info.bounds, info.min, info.max, json.dumps(style), int(z) + 1,
                       sha, now(), data, self._recorder.user))
            w.log(Entity.RASTER, rid, "created", None, json.dumps(
                {"name": name or path.stem, "source": path.name, "crs": info.crs}, ensure_ascii=False))
            if map_crs is not None:
                w.execute("INSERT INTO meta (key, value) VALUES ('map_crs', ?) ON CONFLICT(key) DO UPDATE"
                          " SET value = excluded.value", (map_crs,))
            w.emit(ChangeEvent(Entity.RASTER, rid, fields=("created",)))
        return rid

    def all(self) -> list[RasterLayer]:
        """The raster layers, topmost first."""
        rows = self._db.query(f"SELECT {_SUMMARY} FROM raster_layers WHERE removed_at IS NULL"
                              " ORDER BY z_order DESC, rowid DESC")
        return [_raster(r) for r in rows]

    def get(self, raster_id: str) -> RasterLayer:
        """A raster layer by id, or by its name when exactly one visible raster has it."""
        rows = self._db.query(f"SELECT {_SUMMARY} FROM raster_layers WHERE id = ? OR (name = ? AND"
                              " removed_at IS NULL)", (raster_id, raster_id))
        if len(rows) != 1:
            raise NotFoundError(tr("no single raster layer named {name!r}", name=raster_id))
        return _raster(rows[0])

    def open_dataset(self, raster_id: str) -> "DatasetReader":
        """The stored raster opened with rasterio (unpacked once per session into the cache folder)."""
        import platformdirs
        from ..gis.raster_layer import open_raster
        layer = self.get(raster_id)
        cache = Path(platformdirs.user_cache_dir("ResilienceDesktop", appauthor=False)) / "rasters"
        path = cache / f"{layer.sha256}.tif"
        if path.exists():
            return open_raster(b"", layer.sha256, cache)
        data = self._db.query("SELECT data FROM raster_layers WHERE id = ?", (layer.id,))[0]["data"]
        return open_raster(bytes(data), layer.sha256, cache)

    def file(self, raster_id: str) -> Path:
        """The path of the stored raster's GeoTIFF (unpacked once per session into the cache folder),
        for analyses that read it by path (raster hazards)."""
        ds = self.open_dataset(raster_id)
        try:
            return Path(ds.name)
        finally:
            ds.close()

    def _set(self, raster_id: str, column: str, old: Any, new: Any) -> None:
        if old == new:
            return
        with self._recorder.write() as w:
            w.execute(f"UPDATE raster_layers SET {column} = ? WHERE id = ?", (new, raster_id))
            w.log(Entity.RASTER, raster_id, column, str(old), str(new))
            w.emit(ChangeEvent(Entity.RASTER, raster_id, fields=(column,)))

    def set_style(self, raster_id: str, style: dict[str, Any]) -> None:
        from ..gis.raster_style import check_raster_style
        layer = self.get(raster_id)
        clean = json.dumps(check_raster_style(style), sort_keys=True)
        self._set(layer.id, "style", json.dumps(layer.style, sort_keys=True), clean)

    def set_visible(self, raster_id: str, visible: bool) -> None:
        layer = self.get(raster_id)
        self._set(layer.id, "visible", int(layer.visible), int(bool(visible)))

    def set_opacity(self, raster_id: str, opacity: float) -> None:
        if isinstance(opacity, bool) or not isinstance(opacity, (int, float)) or not 0 <= opacity <= 1:
            raise InvalidInputError(tr("opacity must be from 0 to 1"))
        layer = self.get(raster_id)
        self._set(layer.id, "opacity", layer.opacity, round(float(opacity), 3))

    def rename(self, raster_id: str, name: str) -> None:
        name = (name or "").strip()
        if not name:
            raise InvalidInputError(tr("a layer needs a name"))
        layer = self.get(raster_id)
        self._set(layer.id, "name", layer.name, name)

    def set_crs(self, raster_id: str, crs: str) -> None:
        """Give the stored raster another CRS (one given wrongly at import): its cells stay where its
        coordinates put them, the stored GeoTIFF is rewritten with the new CRS; no reprojection."""
        from ..gis.crs import coordinates_fit, crs_label, crs_to_string
        from ..gis.raster_layer import with_crs
        layer = self.get(raster_id)
        value = crs_to_string(crs)
        if value == layer.crs:
            return
        if not coordinates_fit(layer.bounds, value):  # metres called degrees
            raise InvalidInputError(tr("the layer's extent cannot be expressed in {crs}", crs=crs_label(value)))
        data = bytes(self._db.query("SELECT data FROM raster_layers WHERE id = ?", (layer.id,))[0]["data"])
        data, sha = with_crs(data, value)
        with self._recorder.write() as w:
            w.execute("UPDATE raster_layers SET crs = ?, data = ?, sha256 = ? WHERE id = ?", (value, data, sha, layer.id))
            w.log(Entity.RASTER, layer.id, "crs", str(layer.crs), value)
            w.emit(ChangeEvent(Entity.RASTER, layer.id, fields=("crs",)))

    def remove(self, raster_id: str) -> None:
        layer = self.get(raster_id)
        self._recorder.soft_remove("raster_layers", layer.id, True,
                                   ChangeEvent(Entity.RASTER, layer.id, fields=("removed",)))

    def restore(self, raster_id: str) -> None:
        """Bring back a removed raster layer (undo of :meth:`remove`)."""
        if not self._db.query("SELECT id FROM raster_layers WHERE id = ?", (raster_id,)):
            raise NotFoundError(tr("no single raster layer named {name!r}", name=raster_id))
        self._recorder.soft_remove("raster_layers", raster_id, False,
                                   ChangeEvent(Entity.RASTER, raster_id, fields=("restored",)))


def _raster(r: dict[str, Any]) -> RasterLayer:
    return RasterLayer(r["id"], r["name"], r["source_name"], r["driver"], r["crs"], r["width"], r["height"],
                       r["bands"], r["dtype"], r["nodata"], (r["minx"], r["miny"], r["maxx"], r["maxy"]),
                       r["min"], r["max"], json.loads(r["style"]), bool(r["visible"]), r["z_order"],
                       r["opacity"], r["sha256"], r["added_at"])
