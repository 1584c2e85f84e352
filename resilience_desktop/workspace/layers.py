"""Map layers of a workspace (``ws.layers``).

Layers are copied into the workspace, so it stays one self-contained, portable file: one
``layers`` row per layer and one ``layer_features`` row per feature (WKB + attributes JSON).
Rows rather than one GeoPackage blob per layer: a layer's geometries read back with one
sequential ``SELECT`` and one vectorized ``shapely.from_wkb`` (no temporary file, no second
GDAL open), a single feature's attributes are one indexed row (identify), and a field's values
are one ``json_extract`` query (categorized styles). ``benchmarks/bench_layer_read.py`` measures
both layouts. Every edit is validated first, then written through the recorder (one transaction
with its change-log rows, an ``Entity.LAYER`` event after the commit). Removing a layer
hides it (``removed_at``) so it can be restored (undo).
"""


from __future__ import annotations

__all__ = ["Layers", "twice_note"]

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from ..errors import GisError, InvalidInputError, NotFoundError
from ..gis.model import Cancelled, Layer, LayerData, Progress
from ..gis.style import DEFAULT_COLORS, check_style
from ..i18n.catalog import tr
from ..store import Database
from .common import new_id, now
from .map_settings import MapSettings
from .recorder import Recorder
from .records import ChangeEvent, Entity

if TYPE_CHECKING:
    import numpy as np

    from ..gis.exposure import ExposureLayer


class Layers:
    """The vector layers of a workspace.

    Parameters
    ----------
    database, recorder
        Reads; writes.
    map_settings
        The map's CRS, chosen (and stored) when the first layers placed on the earth are added.
    """

    def __init__(self, database: Database, recorder: Recorder, map_settings: MapSettings):
        self._db = database
        self._recorder = recorder
        self._map = map_settings
        # A layer's features never change, so its geometries and content hash are kept while open.
        self._geometries: dict[str, np.ndarray] = {}
        self._hashes: dict[tuple[str, str | None], str] = {}

    # ------------------------------------------------------------ adding
    def add_file(self, path: str | Path, *, layer: str | None = None, name: str | None = None,
                 encoding: str | None = None, x_field: str | None = None, y_field: str | None = None,
                 crs: str | None = None, progress: Progress | None = None,
                 cancelled: Cancelled | None = None) -> list[str]:
        """Read ``path`` (every layer, or only ``layer``) and copy it into the workspace.

        Returns the new layer ids. An unreadable file raises :class:`GisError` and the
        workspace is unchanged. The read can run anywhere; the UI reads on a worker thread with
        :func:`resilience_desktop.gis.io.read_layers` and then calls :meth:`add`.
        """
        from ..gis.io import read_layers
        datas = read_layers(path, layer=layer, encoding=encoding, x_field=x_field, y_field=y_field, crs=crs,
                            progress=progress, cancelled=cancelled)
        if name and len(datas) == 1:
            datas[0].name = name
        return self.add(datas)

    def add(self, datas: list[LayerData]) -> list[str]:
        """Store layers already read (all in one transaction); return their ids, topmost last."""
        import shapely
        rows = self._db.query("SELECT COALESCE(MAX(z_order), 0) AS z, COUNT(*) AS n FROM layers")
        z, n = int(rows[0]["z"]), int(rows[0]["n"])
        ids: list[str] = []
        at = now()
        first_crs = self._map.first_crs([(d.crs, d.bounds) for d in datas])
        with self._recorder.write() as w:
            if first_crs is not None:
                w.execute("INSERT INTO meta (key, value) VALUES ('map_crs', ?) ON CONFLICT(key) DO UPDATE"
                          " SET value = excluded.value", (first_crs,))
                w.log("meta", "map_crs", "map_crs", None, first_crs)
            for i, d in enumerate(datas):
                lid = new_id()
                ids.append(lid)
                b = d.bounds
                default_style = {"kind": "single", "color": DEFAULT_COLORS[(n + i) % len(DEFAULT_COLORS)]}
                w.execute(
                    "INSERT INTO layers (id, name, source_name, driver, crs, geometry_types, feature_count,"
                    " minx, miny, maxx, maxy, fields, encoding, invalid_repaired, z_dropped, empty_count, style,"
                    " visible, z_order, opacity, added_by, added_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,1.0,?,?)",
                    (lid, d.name, d.source_name, d.driver, d.crs, json.dumps(d.geometry_types), d.feature_count,
                     *(b if b else (None,) * 4), json.dumps(d.fields, ensure_ascii=False), d.encoding,
                     d.invalid_repaired, d.z_dropped, d.empty_count, json.dumps(default_style),
                     z + i + 1, self._recorder.user, at))
                wkb = shapely.to_wkb(d.geometries)
                w.executemany("INSERT INTO layer_features (layer_id, fid, geom, attributes) VALUES (?,?,?,?)",
                              zip([lid] * len(wkb), range(len(wkb)), wkb.tolist(), d.attributes))
                w.log(Entity.LAYER, lid, "created", None, json.dumps(
                    {"name": d.name, "source": d.source_name, "features": d.feature_count, "crs": d.crs},
                    ensure_ascii=False))
                w.emit(ChangeEvent(Entity.LAYER, lid, fields=("created",)))
        return ids

    # ------------------------------------------------------------ reading
    def all(self, *, include_removed: bool = False) -> list[Layer]:
        """The layers, topmost first (the order of a layer panel)."""
        sql = "SELECT * FROM layers" + ("" if include_removed else " WHERE removed_at IS NULL")
        return [_layer(r) for r in self._db.query(sql + " ORDER BY z_order DESC, rowid DESC")]

    def get(self, layer_id: str) -> Layer:
        rows = self._db.query("SELECT * FROM layers WHERE id = ?", (layer_id,))
        if not rows:
            raise NotFoundError(tr("no layer with id {layer_id!r}", layer_id=layer_id))
        return _layer(rows[0])

    def find(self, name_or_id: str) -> Layer:
        """A layer by id, or by its name when exactly one visible layer has it."""
        rows = self._db.query("SELECT * FROM layers WHERE id = ? OR (name = ? AND removed_at IS NULL)",
                              (name_or_id, name_or_id))
        if len(rows) > 1:  # the same file imported twice: "no single layer" read as "no such layer"
            raise NotFoundError(tr("several layers are named {name!r}; give the one you mean by its id "
                                   "('layer list' shows them)", name=name_or_id))
        if len(rows) != 1:
            raise NotFoundError(tr("no single layer named {name!r}", name=name_or_id))
        return _layer(rows[0])

    def geometries(self, layer_id: str) -> np.ndarray:
        """Every feature's geometry in the layer's CRS (``None`` where it has none), by fid.

        Decoded once per open workspace and cached: the features of a layer never change.
        """
        if layer_id not in self._geometries:
            import numpy as np
            import shapely
            self.get(layer_id)
            cur = self._db.conn.cursor()
            cur.row_factory = None
            blobs = [r[0] for r in cur.execute(
                "SELECT geom FROM layer_features WHERE layer_id = ? ORDER BY fid", (layer_id,))]
            self._geometries[layer_id] = shapely.from_wkb(np.array(blobs, dtype=object))
        return self._geometries[layer_id]

    def attributes(self, layer_id: str, fid: int) -> dict[str, Any]:
        rows = self._db.query("SELECT attributes FROM layer_features WHERE layer_id = ? AND fid = ?",
                              (layer_id, int(fid)))
        if not rows:
            raise NotFoundError(tr("layer has no feature {fid}", fid=fid))
        return dict(json.loads(rows[0]["attributes"]))

    def attribute_rows(self, layer_id: str) -> list[dict[str, Any]]:
        """Every feature's attributes, by fid (the attribute table, an export)."""
        cur = self._db.conn.cursor()
        cur.row_factory = None
        return [json.loads(r[0]) for r in cur.execute(
            "SELECT attributes FROM layer_features WHERE layer_id = ? ORDER BY fid", (layer_id,))]

    def field_values(self, layer_id: str, field: str) -> list[Any]:
        """One field's value for every feature, by fid (for categorized styles)."""
        cur = self._db.conn.cursor()
        cur.row_factory = None
        return [r[0] for r in cur.execute(
            "SELECT json_extract(attributes, '$.' || json_quote(?)) FROM layer_features"
            " WHERE layer_id = ? ORDER BY fid", (field, layer_id))]

    def content_hash(self, layer_id: str) -> str:
        """The sha256 of a layer's content (CRS, every feature's WKB and attributes, by fid).

        Stored with an exposure result so a later check can tell whether the layer is still the
        one analysed. Cached per open workspace by (layer, CRS): a layer's features never change.
        """
        layer = self.get(layer_id)
        key = (layer_id, layer.crs)
        if key not in self._hashes:
            h = hashlib.sha256((layer.crs or "").encode())
            cur = self._db.conn.cursor()
            cur.row_factory = None
            for geom, attrs in cur.execute("SELECT geom, attributes FROM layer_features WHERE layer_id = ?"
                                           " ORDER BY fid", (layer_id,)):
                h.update(geom or b"")
                h.update((attrs or "").encode())
            self._hashes[key] = h.hexdigest()
        return self._hashes[key]

    def exposure_layer(self, layer_id: str, fields: Sequence[str | None] = ()) -> "ExposureLayer":
        """A workspace layer as input of :func:`~resilience_desktop.gis.exposure.run_exposure`.

        Reads the geometries (cached) and only the ``fields`` needed, on the calling thread
        (the GUI thread: SQLite); the analysis itself then runs anywhere.
        """
        from ..gis.exposure import ExposureLayer
        layer = self.get(layer_id)
        columns: dict[str, Sequence[Any]] = {}
        for f in dict.fromkeys(x for x in fields if x):
            if f not in layer.fields:
                raise GisError(tr("{layer} has no field {field!r}; its fields: {fields}", layer=layer.name,
                                  field=f, fields=", ".join(layer.fields) or "-"))
            columns[f] = self.field_values(layer_id, f)
        return ExposureLayer(layer.name, layer.crs, self.geometries(layer_id), columns, tuple(layer.fields))

    # ------------------------------------------------------------ editing
    def _set(self, layer_id: str, column: str, log_field: str, old: Any, new: Any, value: Any) -> None:
        if old == new:
            return
        with self._recorder.write() as w:
            w.execute(f"UPDATE layers SET {column} = ? WHERE id = ?", (value, layer_id))
            w.log(Entity.LAYER, layer_id, log_field, old, new)
            w.emit(ChangeEvent(Entity.LAYER, layer_id, fields=(log_field,)))

    def set_crs(self, layer_id: str, crs: str | None) -> None:
        """Assign the CRS of a layer whose file did not say (or said wrongly); no reprojection."""
        from ..gis.crs import coordinates_fit, crs_label, crs_to_string
        layer = self.get(layer_id)
        value = crs_to_string(crs) if crs else None
        if value is not None and layer.bounds is not None and not coordinates_fit(layer.bounds, value):
            # metres called degrees: the map would choose its CRS from nonsense and fail to open
            raise InvalidInputError(tr("the layer's extent cannot be expressed in {crs}", crs=crs_label(value)))
        self._set(layer_id, "crs", "crs", layer.crs, value, value)

    def rename(self, layer_id: str, name: str) -> None:
        name = (name or "").strip()
        if not name:
            raise InvalidInputError(tr("a layer needs a name"))
        self._set(layer_id, "name", "name", self.get(layer_id).name, name, name)

    def set_style(self, layer_id: str, style: dict[str, Any]) -> None:
        clean = check_style(style)
        old = self.get(layer_id).style
        text = json.dumps(clean, ensure_ascii=False, sort_keys=True)
        self._set(layer_id, "style", "style", json.dumps(old, ensure_ascii=False, sort_keys=True), text, text)

    def set_visible(self, layer_id: str, visible: bool) -> None:
        old = self.get(layer_id).visible
        self._set(layer_id, "visible", "visible", int(old), int(bool(visible)), int(bool(visible)))

    def set_opacity(self, layer_id: str, opacity: float) -> None:
        if isinstance(opacity, bool) or not isinstance(opacity, (int, float)) or not 0 <= opacity <= 1:
            raise InvalidInputError(tr("opacity must be from 0 to 1"))
        old = self.get(layer_id).opacity
        self._set(layer_id, "opacity", "opacity", old, round(float(opacity), 3), round(float(opacity), 3))

    def set_order(self, layer_ids: list[str]) -> None:
        """Reorder the (not removed) layers: ``layer_ids`` lists every one of them, topmost first."""
        current = [x.id for x in self.all()]
        if sorted(current) != sorted(layer_ids) or len(set(layer_ids)) != len(layer_ids):
            raise InvalidInputError(tr("the new order must list every layer once"))
        if current == list(layer_ids):
            return
        with self._recorder.write() as w:
            for z, lid in enumerate(reversed(layer_ids), start=1):
                w.execute("UPDATE layers SET z_order = ? WHERE id = ?", (z, lid))
            w.log(Entity.LAYER, "*", "order", json.dumps(current), json.dumps(list(layer_ids)))
            w.emit(ChangeEvent(Entity.LAYER, "*", fields=("order",)))

    def remove(self, layer_id: str) -> None:
        """Hide a layer from the map and lists; :meth:`restore` brings it back."""
        self.get(layer_id)
        self._recorder.soft_remove("layers", layer_id, True, ChangeEvent(Entity.LAYER, layer_id, fields=("removed",)))

    def restore(self, layer_id: str) -> None:
        self.get(layer_id)
        self._recorder.soft_remove("layers", layer_id, False,
                                   ChangeEvent(Entity.LAYER, layer_id, fields=("restored",)))


def _layer(r: dict[str, Any]) -> Layer:
    b = (r["minx"], r["miny"], r["maxx"], r["maxy"])
    bounds = None if b[0] is None else (float(b[0]), float(b[1]), float(b[2]), float(b[3]))
    return Layer(r["id"], r["name"], r["source_name"], r["driver"], r["crs"],
                 tuple(json.loads(r["geometry_types"])), r["feature_count"], bounds,
                 tuple(json.loads(r["fields"])), r["encoding"], r["invalid_repaired"], r["z_dropped"],
                 r["empty_count"], json.loads(r["style"]), bool(r["visible"]), r["z_order"], r["opacity"],
                 r["added_at"])


def twice_note(existing: Sequence[Layer], data: LayerData) -> str | None:
    """The sentence to say when ``data`` holds the same features as a layer already in the workspace
    (the same file, the same count and extent): a second import doubles every count of the map and
    of an exposure. ``None`` otherwise.
    """
    def same(a: tuple[float, ...] | None, b: tuple[float, ...] | None) -> bool:
        if a is None or b is None:
            return a is b
        return all(abs(p - q) <= 1e-6 * max(1.0, abs(p)) for p, q in zip(a, b))
    for x in existing:
        if x.source_name == data.source_name and x.feature_count == data.feature_count and same(x.bounds, data.bounds):
            return tr("{name}: the same features were already added from {source} as {existing} ({layer_id}); the "
                      "map now holds them twice", name=data.name,
                      source=data.source_name, existing=x.name, layer_id=x.id)
    return None
