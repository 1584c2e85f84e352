"""Map layers of a workspace (part of :class:`~resilience_desktop.workspace.facade.Workspace`).

Layers are copied into the workspace, so it stays one self-contained, portable file: one
``layers`` row per layer and one ``layer_features`` row per feature (WKB + attributes JSON).
Rows rather than one GeoPackage blob per layer: a layer's geometries read back with one
sequential ``SELECT`` and one vectorized ``shapely.from_wkb`` (no temporary file, no second
GDAL open), a single feature's attributes are one indexed row (identify), and a field's values
are one ``json_extract`` query (categorized styles). ``benchmarks/bench_layer_read.py`` measures
both layouts. The same rules as the rest of the façade hold: validate first, one transaction
per edit with its change-log rows, then tell subscribers. Removing a layer hides it
(``removed_at``) so it can be restored (undo).
"""

from __future__ import annotations

__all__ = ["WorkspaceLayersMixin"]

import json
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import GisError, InvalidInputError, NotFoundError
from ..gis.model import Cancelled, Layer, LayerData, Progress
from ..gis.style import DEFAULT_COLORS, check_style
from ..i18n.catalog import tr
from .records import ChangeEvent
from .common import new_id as _uuid, now as _now

class WorkspaceLayersMixin:
    """Methods of :class:`~resilience_desktop.workspace.facade.Workspace` for map layers."""

    _geometry_cache: dict[str, np.ndarray]

    # ----------------------------------------------------------------- adding
    def add_layer(self, path: str | Path, *, layer: str | None = None, name: str | None = None,
                  encoding: str | None = None, x_field: str | None = None, y_field: str | None = None,
                  crs: str | None = None, progress: Progress | None = None,
                  cancelled: Cancelled | None = None) -> list[str]:
        """Read ``path`` (every layer, or only ``layer``) and copy it into the workspace.

        Returns the new layer ids. An unreadable file raises :class:`GisError` and the
        workspace is unchanged. The read can run anywhere; the UI reads on a worker thread with
        :func:`resilience_desktop.gis.io.read_layers` and then calls :meth:`add_layers`.
        """
        from ..gis.io import read_layers
        datas = read_layers(path, layer=layer, encoding=encoding, x_field=x_field, y_field=y_field, crs=crs,
                            progress=progress, cancelled=cancelled)
        if name and len(datas) == 1:
            datas[0].name = name
        return self.add_layers(datas)

    def add_layers(self, datas: list[LayerData]) -> list[str]:
        """Store layers already read (all in one transaction); return their ids, topmost last."""
        import shapely
        rows = self._db.query("SELECT COALESCE(MAX(z_order), 0) AS z, COUNT(*) AS n FROM layers")
        z, n = int(rows[0]["z"]), int(rows[0]["n"])
        ids: list[str] = []
        now = _now()
        first_crs = self._first_map_crs(datas)
        with self._db.transaction() as c:
            if first_crs is not None:
                c.execute("INSERT INTO meta (key, value) VALUES ('map_crs', ?) ON CONFLICT(key) DO UPDATE"
                          " SET value = excluded.value", (first_crs,))
                self._log(c, "meta", "map_crs", "map_crs", None, first_crs)
            for i, d in enumerate(datas):
                lid = _uuid()
                ids.append(lid)
                b = d.bounds
                default_style = {"kind": "single", "color": DEFAULT_COLORS[(n + i) % len(DEFAULT_COLORS)]}
                c.execute(
                    "INSERT INTO layers (id, name, source_name, driver, crs, geometry_types, feature_count,"
                    " minx, miny, maxx, maxy, fields, encoding, invalid_repaired, z_dropped, empty_count, style,"
                    " visible, z_order, opacity, added_by, added_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,1.0,?,?)",
                    (lid, d.name, d.source_name, d.driver, d.crs, json.dumps(d.geometry_types), d.feature_count,
                     *(b if b else (None,) * 4), json.dumps(d.fields, ensure_ascii=False), d.encoding,
                     d.invalid_repaired, d.z_dropped, d.empty_count, json.dumps(default_style),
                     z + i + 1, self.user, now))
                wkb = shapely.to_wkb(d.geometries)
                c.executemany("INSERT INTO layer_features (layer_id, fid, geom, attributes) VALUES (?,?,?,?)",
                              zip([lid] * len(wkb), range(len(wkb)), wkb.tolist(), d.attributes))
                self._log(c, "layer", lid, "created", None, json.dumps(
                    {"name": d.name, "source": d.source_name, "features": d.feature_count, "crs": d.crs},
                    ensure_ascii=False))
        for lid in ids:
            self._emit(ChangeEvent("layer", lid, fields=("created",)))
        return ids

    # ----------------------------------------------------------------- reading
    def list_layers(self, *, include_removed: bool = False) -> list[Layer]:
        """The layers, topmost first (the order of a layer panel)."""
        sql = "SELECT * FROM layers" + ("" if include_removed else " WHERE removed_at IS NULL")
        return [self._layer(r) for r in self._db.query(sql + " ORDER BY z_order DESC, rowid DESC")]

    def get_layer(self, layer_id: str) -> Layer:
        rows = self._db.query("SELECT * FROM layers WHERE id = ?", (layer_id,))
        if not rows:
            raise NotFoundError(tr("no layer with id {layer_id!r}", layer_id=layer_id))
        return self._layer(rows[0])

    def find_layer(self, name_or_id: str) -> Layer:
        """A layer by id, or by its name when exactly one visible layer has it."""
        rows = self._db.query("SELECT * FROM layers WHERE id = ? OR (name = ? AND removed_at IS NULL)",
                              (name_or_id, name_or_id))
        if len(rows) != 1:
            raise NotFoundError(tr("no single layer named {name!r}", name=name_or_id))
        return self._layer(rows[0])

    @staticmethod
    def _layer(r: dict) -> Layer:
        b = (r["minx"], r["miny"], r["maxx"], r["maxy"])
        return Layer(r["id"], r["name"], r["source_name"], r["driver"], r["crs"],
                     tuple(json.loads(r["geometry_types"])), r["feature_count"],
                     None if b[0] is None else tuple(float(v) for v in b),  # type: ignore[arg-type]
                     tuple(json.loads(r["fields"])), r["encoding"], r["invalid_repaired"], r["z_dropped"],
                     r["empty_count"], json.loads(r["style"]), bool(r["visible"]), r["z_order"], r["opacity"],
                     r["added_at"])

    def layer_geometries(self, layer_id: str) -> np.ndarray:
        """Every feature's geometry in the layer's CRS (``None`` where it has none), by fid.

        Decoded once per open workspace and cached: the features of a layer never change.
        """
        cache = self.__dict__.setdefault("_geometry_cache", {})
        if layer_id not in cache:
            import shapely
            self.get_layer(layer_id)
            cur = self._db.conn.cursor()
            cur.row_factory = None
            blobs = [r[0] for r in cur.execute(
                "SELECT geom FROM layer_features WHERE layer_id = ? ORDER BY fid", (layer_id,))]
            cache[layer_id] = shapely.from_wkb(np.array(blobs, dtype=object))
        return cache[layer_id]

    def layer_attributes(self, layer_id: str, fid: int) -> dict[str, Any]:
        rows = self._db.query("SELECT attributes FROM layer_features WHERE layer_id = ? AND fid = ?",
                              (layer_id, int(fid)))
        if not rows:
            raise NotFoundError(tr("layer has no feature {fid}", fid=fid))
        return json.loads(rows[0]["attributes"])

    def layer_attribute_rows(self, layer_id: str) -> list[dict[str, Any]]:
        """Every feature's attributes, by fid (the attribute table, an export)."""
        cur = self._db.conn.cursor()
        cur.row_factory = None
        return [json.loads(r[0]) for r in cur.execute(
            "SELECT attributes FROM layer_features WHERE layer_id = ? ORDER BY fid", (layer_id,))]

    def layer_field_values(self, layer_id: str, field: str) -> list[Any]:
        """One field's value for every feature, by fid (for categorized styles)."""
        cur = self._db.conn.cursor()
        cur.row_factory = None
        return [r[0] for r in cur.execute(
            "SELECT json_extract(attributes, '$.' || json_quote(?)) FROM layer_features"
            " WHERE layer_id = ? ORDER BY fid", (field, layer_id))]

    # ----------------------------------------------------------------- editing
    def _set_layer(self, layer_id: str, column: str, log_field: str, old: Any, new: Any, value: Any) -> None:
        if old == new:
            return
        with self._db.transaction() as c:
            c.execute(f"UPDATE layers SET {column} = ? WHERE id = ?", (value, layer_id))
            self._log(c, "layer", layer_id, log_field, old, new)
        self._emit(ChangeEvent("layer", layer_id, fields=(log_field,)))

    def set_layer_crs(self, layer_id: str, crs: str | None) -> None:
        """Assign the CRS of a layer whose file did not say (or said wrongly); no reprojection."""
        from ..gis.crs import crs_to_string
        layer = self.get_layer(layer_id)
        value = crs_to_string(crs) if crs else None
        self._set_layer(layer_id, "crs", "crs", layer.crs, value, value)

    def rename_layer(self, layer_id: str, name: str) -> None:
        name = (name or "").strip()
        if not name:
            raise InvalidInputError(tr("a layer needs a name"))
        self._set_layer(layer_id, "name", "name", self.get_layer(layer_id).name, name, name)

    def set_layer_style(self, layer_id: str, style: dict[str, Any]) -> None:
        clean = check_style(style)
        old = self.get_layer(layer_id).style
        text = json.dumps(clean, ensure_ascii=False, sort_keys=True)
        self._set_layer(layer_id, "style", "style", json.dumps(old, ensure_ascii=False, sort_keys=True), text, text)

    def set_layer_visible(self, layer_id: str, visible: bool) -> None:
        old = self.get_layer(layer_id).visible
        self._set_layer(layer_id, "visible", "visible", int(old), int(bool(visible)), int(bool(visible)))

    def set_layer_opacity(self, layer_id: str, opacity: float) -> None:
        if isinstance(opacity, bool) or not isinstance(opacity, (int, float)) or not 0 <= opacity <= 1:
            raise InvalidInputError(tr("opacity must be from 0 to 1"))
        old = self.get_layer(layer_id).opacity
        self._set_layer(layer_id, "opacity", "opacity", old, round(float(opacity), 3), round(float(opacity), 3))

    def set_layer_order(self, layer_ids: list[str]) -> None:
        """Reorder the (not removed) layers: ``layer_ids`` lists every one of them, topmost first."""
        current = [x.id for x in self.list_layers()]
        if sorted(current) != sorted(layer_ids) or len(set(layer_ids)) != len(layer_ids):
            raise InvalidInputError(tr("the new order must list every layer once"))
        if current == list(layer_ids):
            return
        with self._db.transaction() as c:
            for z, lid in enumerate(reversed(layer_ids), start=1):
                c.execute("UPDATE layers SET z_order = ? WHERE id = ?", (z, lid))
            self._log(c, "layer", "*", "order", json.dumps(current), json.dumps(list(layer_ids)))
        self._emit(ChangeEvent("layer", "*", fields=("order",)))

    def remove_layer(self, layer_id: str) -> None:
        """Hide a layer from the map and lists; :meth:`restore_layer` brings it back."""
        self.get_layer(layer_id)
        if self._db.query("SELECT 1 FROM layers WHERE id = ? AND removed_at IS NULL", (layer_id,)):
            with self._db.transaction() as c:
                c.execute("UPDATE layers SET removed_at = ? WHERE id = ?", (_now(), layer_id))
                self._log(c, "layer", layer_id, "removed", None, None)
            self._emit(ChangeEvent("layer", layer_id, fields=("removed",)))

    def restore_layer(self, layer_id: str) -> None:
        self.get_layer(layer_id)
        if self._db.query("SELECT 1 FROM layers WHERE id = ? AND removed_at IS NOT NULL", (layer_id,)):
            with self._db.transaction() as c:
                c.execute("UPDATE layers SET removed_at = NULL WHERE id = ?", (layer_id,))
                self._log(c, "layer", layer_id, "restored", None, None)
            self._emit(ChangeEvent("layer", layer_id, fields=("restored",)))

    # ----------------------------------------------------------------- the map's CRS
    def map_crs(self) -> str:
        """The display/analysis CRS: the one stored, else the default of
        :func:`~resilience_desktop.gis.crs.default_map_crs` (first city, else first layer added).

        The default is stored when the first layer is added (:meth:`add_layers`), so adding
        more layers never moves the map silently.
        """
        from ..gis.crs import default_map_crs
        chosen = self.get_meta("map_crs")  # type: ignore[attr-defined]
        if chosen:
            return chosen
        return default_map_crs(*self._map_crs_inputs())

    def _first_map_crs(self, datas: list[LayerData]) -> str | None:
        """The map CRS to store now, when none is stored yet and these layers are the first
        placed on the earth (the default is chosen once, never moved by later layers)."""
        from ..gis.crs import WGS84, default_map_crs
        if self.get_meta("map_crs"):  # type: ignore[attr-defined]
            return None
        cities, layers = self._map_crs_inputs()
        crs = default_map_crs(cities, layers + [(d.crs, d.bounds) for d in datas])
        return None if crs == WGS84 else crs

    def _map_crs_inputs(self) -> tuple[list, list]:
        cities = [(c.lon, c.lat) for c in self.list_cities()]  # type: ignore[attr-defined]
        rows = self._db.query("SELECT crs, minx, miny, maxx, maxy FROM layers WHERE removed_at IS NULL"
                              " ORDER BY rowid")
        layers = [(r["crs"], None if r["minx"] is None else (r["minx"], r["miny"], r["maxx"], r["maxy"]))
                  for r in rows]
        return cities, layers

    def basemap_path(self) -> str | None:
        """The user's MBTiles file shown under the layers (a path: tile files are not copied in)."""
        return self.get_meta("basemap") or None  # type: ignore[attr-defined]

    def set_basemap(self, path: str | Path | None) -> None:
        """Show the MBTiles file at ``path`` under the layers (checked first); ``None``: no basemap."""
        if path:
            from ..gis.pmtiles_source import open_tiles
            open_tiles(path).close()
            value = str(Path(path).resolve())
        else:
            value = ""
        if value != (self.basemap_path() or ""):
            self.set_meta("basemap", value)  # type: ignore[attr-defined]
            self._emit(ChangeEvent("map", "basemap", fields=("basemap",)))  # type: ignore[attr-defined]

    def report_extent(self) -> tuple[float, float, float, float] | None:
        """The area the report's map shows (lon/lat), as the user saved it; ``None``: not saved."""
        text = self.get_meta("report_extent")  # type: ignore[attr-defined]
        return tuple(json.loads(text)) if text else None  # type: ignore[return-value]

    def set_report_extent(self, bounds_wgs84: tuple[float, float, float, float] | None) -> None:
        """Save the area (lon/lat) the report's map shows; ``None`` goes back to the city's extent."""
        if bounds_wgs84 is not None:
            x0, y0, x1, y1 = (float(v) for v in bounds_wgs84)
            if not (-180 <= x0 < x1 <= 180 and -90 <= y0 < y1 <= 90):
                raise InvalidInputError(tr("an extent is minimum and maximum longitude and latitude"))
            value = json.dumps([round(v, 7) for v in (x0, y0, x1, y1)])
        else:
            value = ""
        self.set_meta("report_extent", value)  # type: ignore[attr-defined]
        self._emit(ChangeEvent("map", "report_extent", fields=("report_extent",)))  # type: ignore[attr-defined]

    def builtin_basemap_on(self) -> bool:
        """Whether the shipped Natural Earth basemap is drawn under the layers (on unless switched off)."""
        return self.get_meta("builtin_basemap") != "off"  # type: ignore[attr-defined]

    def set_builtin_basemap(self, on: bool) -> None:
        if on != self.builtin_basemap_on():
            self.set_meta("builtin_basemap", "on" if on else "off")  # type: ignore[attr-defined]
            self._emit(ChangeEvent("map", "builtin_basemap", fields=("builtin_basemap",)))  # type: ignore[attr-defined]

    def set_map_crs(self, crs: str) -> None:
        """Draw the map in ``crs`` (an EPSG code, a name PROJ knows, WKT); checked first."""
        from ..gis.crs import crs_to_string, parse_crs
        value = crs_to_string(parse_crs(crs))
        if not parse_crs(value).is_geographic and not parse_crs(value).is_projected:
            raise GisError(tr("{crs} cannot be a map CRS: choose a projected or longitude/latitude CRS", crs=crs))
        self.set_meta("map_crs", value)  # type: ignore[attr-defined]
        self._emit(ChangeEvent("map", "map_crs", fields=("map_crs",)))  # type: ignore[attr-defined]
