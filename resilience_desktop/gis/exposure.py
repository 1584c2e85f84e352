"""Exposure analysis: what a hazard scenario's zones hit, counted per asset type and hazard class.

Everything is computed in one projected CRS (the local UTM zone of the zones' centre unless one
is given), so lengths are metres and areas square metres. The steps, all vectorized over whole
arrays with shapely 2 (no Python loop per feature pair):

1. reproject every layer (cached ``always_xy`` transformers) and repair invalid geometries
   (``make_valid``, counted);
2. keep the zones whose class is affected; where lengths and areas are needed, union them
   **once** (overlapping zones count once);
3. points: a grid over the zones classes each cell once as inside, outside or on an edge; only
   points in edge cells are tested exactly, in one vectorized prepared point-in-polygon call over
   (point, zone) pairs (``intersects``: a point **on a zone's edge counts as inside** — a facility
   on the line of a flood zone is treated as exposed). Points need no union: a point is in the
   union exactly when it is in some zone;
4. lines and polygons: an :class:`shapely.STRtree` of the assets is queried with the union's
   parts; assets lying wholly inside a part take their own length/area, only those crossing an
   edge are intersected; lengths and areas are summed per asset with ``numpy.bincount``
   (the union's parts do not overlap, so nothing is counted twice);
5. population: points add their count when inside; polygons add their count times the share of
   their area inside (area-weighted).

A long run reports ``progress(done, total)`` and stops (raising :class:`Cancelled`) when
``cancelled()`` turns true; it never touches Qt or a workspace.
"""

from __future__ import annotations

__all__ = ["ExposureLayer", "GroupExposure", "ExposureResult", "ExposureCancelled", "run_exposure",
           "read_exposure_layer", "exposure_crs"]

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np
import shapely

from ..errors import GisError
from ..i18n.catalog import tr
from .crs import is_geographic, transform_geometries
from .distance import (analysis_crs, band_counts, band_labels, buffer_distances, group_min_distance,
                       lonlat_extent, nearest_distances, needs_buffer)
from .model import Cancelled, LayerData, Progress
from .zone_index import ZoneSet

#: Points are tested in slices of this many (progress and cancel between slices).
CHUNK = 200_000


class ExposureCancelled(GisError):
    """The user stopped the analysis; nothing was produced."""


@dataclass
class ExposureLayer:
    """One input layer: its geometries (in ``crs``) and the attribute columns the analysis needs.

    ``columns`` maps a field name to one value per feature (same order as ``geometries``).
    Build it with :meth:`from_layer_data` (a file read with :mod:`~resilience_desktop.gis.io`),
    :func:`read_exposure_layer`, or ``Workspace.exposure_layer`` (a workspace layer).
    """

    name: str
    crs: str | None
    geometries: np.ndarray
    columns: Mapping[str, Sequence[Any]] = field(default_factory=dict)
    fields: tuple[str, ...] = ()

    @classmethod
    def from_layer_data(cls, data: LayerData, fields: Sequence[str | None] = ()) -> "ExposureLayer":
        """Take ``data`` and parse only the attribute ``fields`` needed (``None`` entries ignored)."""
        wanted = [f for f in dict.fromkeys(fields) if f]
        missing = [f for f in wanted if f not in data.fields]
        if missing:
            raise GisError(tr("{layer} has no field {field!r}; its fields: {fields}", layer=data.name,
                              field=missing[0], fields=", ".join(data.fields) or "-"))
        columns: dict[str, list[Any]] = {f: [] for f in wanted}
        if wanted:
            for text in data.attributes:
                row = json.loads(text)
                for f in wanted:
                    columns[f].append(row.get(f))
        return cls(data.name, data.crs, np.asarray(data.geometries, dtype=object), columns, tuple(data.fields))

    def column(self, name: str) -> np.ndarray:
        if name not in self.columns:
            raise GisError(tr("{layer} has no field {field!r}; its fields: {fields}", layer=self.name,
                              field=name, fields=", ".join(self.fields) or "-"))
        return np.asarray(self.columns[name], dtype=object)


def read_exposure_layer(path: str | Path, *, layer: str | None = None, fields: Sequence[str | None] = (),
                        crs: str | None = None, encoding: str | None = None) -> ExposureLayer:
    """Read one layer of a file for :func:`run_exposure` (a file of several layers needs ``layer``).

    ``crs`` is the layer's CRS when the file names none (a Shapefile without its ``.prj``, a CSV
    table); a file's own CRS is kept. ``encoding`` overrides a Shapefile's or CSV table's."""
    from .crs import crs_to_string
    from .io import list_layer_names, read_layers
    datas = read_layers(path, layer=layer, encoding=encoding, crs=crs)
    if len(datas) > 1:
        raise GisError(tr("{name} has several layers; choose one of: {layers}", name=Path(path).name,
                          layers=", ".join(list_layer_names(path))))
    data = datas[0]
    if data.crs is None and crs:
        data.crs = crs_to_string(crs)
    return ExposureLayer.from_layer_data(data, fields)


@dataclass
class GroupExposure:
    """One asset type: how many there are, how many the scenario hits, and how much of them."""

    group: str
    layer: str
    total: int
    affected: int
    #: Exposed length of line assets in metres (``None``: the group has no lines).
    exposed_length_m: float | None = None
    total_length_m: float | None = None
    #: Exposed area of polygon assets in m² (``None``: the group has no polygons).
    exposed_area_m2: float | None = None
    total_area_m2: float | None = None
    #: Affected count per hazard class (only when the zones have a class field).
    by_class: dict[str, int] = field(default_factory=dict)
    #: The smallest distance in metres from one of the group's features to a hazard feature.
    min_distance_m: float | None = None
    #: Count per distance band (``"0-1000"``: within 1 km of a hazard feature), when asked for.
    bands: dict[str, int] = field(default_factory=dict)
    #: Raster hazards: the largest and the mean hazard value under the group's features.
    max_value: float | None = None
    mean_value: float | None = None
    #: Raster hazards: the length (lines) or area (polygons) at or above each threshold (``">=0.5"``).
    above: dict[str, float] = field(default_factory=dict)
    #: Raster hazards: the features with no value under them (outside the raster, or on no-data): not affected,
    #: but not known to be safe either (said beside the counts; not a column of the tables).
    no_value: int = 0

    @property
    def share(self) -> float | None:
        """The exposed share: of the area for polygons, the length for lines, the count otherwise."""
        if self.total_area_m2:
            return (self.exposed_area_m2 or 0.0) / self.total_area_m2
        if self.total_length_m:
            return (self.exposed_length_m or 0.0) / self.total_length_m
        return self.affected / self.total if self.total else None

    def to_json(self) -> dict[str, Any]:
        return {"group": self.group, "layer": self.layer, "total": self.total, "affected": self.affected,
                "exposed_length_m": _round(self.exposed_length_m), "total_length_m": _round(self.total_length_m),
                "exposed_area_m2": _round(self.exposed_area_m2), "total_area_m2": _round(self.total_area_m2),
                "by_class": dict(self.by_class), "min_distance_m": _round(self.min_distance_m),
                "bands": dict(self.bands), "max_value": _round(self.max_value), "mean_value": _round(self.mean_value),
                "above": {k: _round(v) for k, v in self.above.items()}}


def _round(v: float | None) -> float | None:
    return None if v is None else round(float(v), 3)


@dataclass
class ExposureResult:
    """What :func:`run_exposure` found. ``affected_fids[i]`` lists the hit features of ``assets[i]``."""

    crs: str
    groups: list[GroupExposure]
    population_exposed: float | None
    affected_fids: list[np.ndarray]
    repaired: int = 0
    classes: tuple[str, ...] = ()
    _zones: Any = field(default=None, repr=False, compare=False)
    #: Per asset layer, each feature's distance in metres to the nearest hazard feature
    #: (``NaN``: farther than ``search_radius_m``, or not measured).
    distances: list[np.ndarray] = field(default_factory=list)
    search_radius_m: float = 0.0
    #: The buffer applied to the hazard features (``None``: zones used as they are).
    buffer: Any = None
    #: The labels of the distance bands asked for (``"0-1000"``...).
    band_labels: tuple[str, ...] = ()
    #: The hazard features counted (in ``crs``, not buffered): what "Show on map" marks.
    hazard_features: Any = field(default=None, repr=False, compare=False)
    #: A raster hazard: groups carry ``max_value`` / ``mean_value``.
    raster: bool = False
    #: A raster hazard with a population grid: people per hazard class.
    population_by_class: dict[str, float] = field(default_factory=dict)

    @property
    def zone_area_m2(self) -> float:
        """The area of the affected zones, overlaps counted once (their union, built on first use)."""
        return 0.0 if self._zones is None or self._zones.empty else float(shapely.area(self._zones.union))

    def to_json(self) -> dict[str, Any]:
        """The ``exposure --json`` document (a contract: keys never renamed)."""
        keys = ["group", "total", "affected", "exposed_length_m", "exposed_area_m2", "min_distance_m"]
        if self.band_labels:
            keys.append("bands")
        if self.raster:
            keys += ["max_value", "mean_value", "by_class", "above"]
        return {"crs": self.crs,
                "groups": [{k: v for k, v in g.to_json().items() if k in keys} for g in self.groups],
                "population_exposed": _round(self.population_exposed)}

    def to_record(self) -> dict[str, Any]:
        """Everything worth keeping (stored in the workspace and in evidence)."""
        return {**self.to_json(), "groups": [g.to_json() for g in self.groups],
                "zone_area_m2": _round(self.zone_area_m2), "repaired": self.repaired, "classes": list(self.classes),
                "affected_fids": [a.tolist() for a in self.affected_fids],
                "buffer": self.buffer, "search_radius_m": _round(self.search_radius_m),
                "band_labels": list(self.band_labels), "raster": self.raster,
                "population_by_class": {k: _round(v) for k, v in self.population_by_class.items()}}


# ---------------------------------------------------------------------------- helpers
def exposure_crs(layers: Sequence[ExposureLayer]) -> str:
    """The projected CRS for ``layers`` (the hazard first): the local UTM zone of their centre, or
    an azimuthal equidistant projection when they reach far beyond one zone
    (:func:`~resilience_desktop.gis.distance.analysis_crs`), centred on the hazard or on the
    assets, whichever is more compact: distances between them are then measured from the
    projection's centre, where they are true (world-wide assets against a city's flood zone were
    off by thousands of kilometres with the centre between them)."""
    extents = [lonlat_extent(np.asarray(layer.geometries, dtype=object), layer.crs) for layer in layers]
    rest = [e for e in extents[1:] if e and np.all(np.isfinite(e))]
    focus = extents[0] if extents else None
    if rest:
        union = (min(e[0] for e in rest), min(e[1] for e in rest), max(e[2] for e in rest), max(e[3] for e in rest))
        if focus is None or _span(union) < _span(focus):
            focus = union
    return analysis_crs(extents, focus=focus)


def _span(extent: tuple[float, float, float, float]) -> float:
    return max(extent[2] - extent[0], extent[3] - extent[1])


#: Dimension of each shapely type id (collections: looked up one by one).
_DIMS = np.array([0, 1, 1, 2, 0, 1, 2, -1], dtype=np.int64)


@dataclass
class _Geoms:
    """A layer's geometries in the analysis CRS, repaired, with their type ids, dimensions and
    which ones are present (neither missing nor empty), each computed once."""

    geoms: np.ndarray
    type_ids: np.ndarray
    dims: np.ndarray
    present: np.ndarray
    repaired: int


def _prepare(layer: ExposureLayer, crs: str) -> _Geoms:
    """The layer's geometries in ``crs`` with invalid ones repaired (counted)."""
    if layer.crs is None:
        raise GisError(tr("{layer} has no coordinate reference system; assign one first", layer=layer.name))
    geoms = transform_geometries(np.asarray(layer.geometries, dtype=object), layer.crs, crs)
    type_ids = shapely.get_type_id(geoms)
    # A point is valid unless its coordinates are not finite: check the other types only.
    check = np.flatnonzero(type_ids > 0)
    bad = check[~shapely.is_valid(geoms[check])] if len(check) else check
    if len(bad):
        geoms = geoms.copy()
        geoms[bad] = shapely.make_valid(geoms[bad])
        type_ids[bad] = shapely.get_type_id(geoms[bad])
    dims = np.where(type_ids >= 0, _DIMS[np.clip(type_ids, 0, 7)], -1)
    coll = np.flatnonzero(type_ids == 7)
    if len(coll):
        dims[coll] = shapely.get_dimensions(geoms[coll])
    present = (type_ids >= 0) & ~shapely.is_empty(geoms)
    return _Geoms(geoms, type_ids, dims, present, len(bad))


def _check(cancelled: Cancelled | None) -> None:
    if cancelled is not None and cancelled():
        raise ExposureCancelled(tr("exposure analysis cancelled"))


def _hits(zones: ZoneSet, g: _Geoms, *, cancelled: Cancelled | None,
          tick: Any, points: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per feature: touched by the zones (bool), exposed length, exposed area.

    ``points=False`` leaves single points out (a buffered hazard decides them exactly by distance).
    """
    geoms, dims, type_ids = g.geoms, g.dims, g.type_ids
    n = len(geoms)
    hit = np.zeros(n, dtype=bool)
    length = np.zeros(n)
    area = np.zeros(n)
    if n == 0 or zones.empty:
        tick(n)
        return hit, length, area
    simple = np.flatnonzero((type_ids == 0) & g.present)
    if not points:
        tick(len(simple))
        simple = simple[:0]
    for s in range(0, len(simple), CHUNK):
        _check(cancelled)
        idx = simple[s:s + CHUNK]
        hit[idx] = zones.contains_points(geoms[idx], len(simple))
        tick(len(idx))
    rest = np.flatnonzero((type_ids != 0) & g.present)
    if len(rest):
        _check(cancelled)
        parts = zones.parts
        tree = shapely.STRtree(geoms[rest])
        part_i, local = tree.query(parts, predicate="intersects")
        asset = rest[local]
        d = dims[asset]
        hit[asset[d == 0]] = True  # multipoints: on the edge counts, like points
        # Wholly inside a part: its own length/area, no overlay needed.
        inside = shapely.contains_properly(parts[part_i], geoms[asset])
        full_len = np.where(inside & (d == 1), shapely.length(geoms[asset]), 0.0)
        full_area = np.where(inside & (d == 2), shapely.area(geoms[asset]), 0.0)
        cross = ~inside & (d >= 1)
        _check(cancelled)
        clipped = shapely.intersection(geoms[asset[cross]], parts[part_i[cross]])
        part_len = np.zeros(len(asset))
        part_area = np.zeros(len(asset))
        part_len[cross] = np.where(d[cross] == 1, shapely.length(clipped), 0.0)
        part_area[cross] = np.where(d[cross] == 2, shapely.area(clipped), 0.0)
        length += np.bincount(asset, weights=full_len + part_len, minlength=n)
        area += np.bincount(asset, weights=full_area + part_area, minlength=n)
        # A line or polygon is affected when some of its length or area is inside: one that only
        # touches a zone's edge has nothing exposed.
        hit[rest] |= (length[rest] > 0) | (area[rest] > 0)
        tick(len(rest))
    return hit, length, area


def _str(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


# ---------------------------------------------------------------------------- the analysis
def run_exposure(zones: ExposureLayer | LayerData, assets: ExposureLayer | LayerData | Sequence[ExposureLayer | LayerData], *,
                 class_field: str | None = None, classes: Sequence[Any] | None = None,
                 group_field: str | None = None, population: ExposureLayer | LayerData | None = None,
                 population_field: str | None = None, crs: str | None = None,
                 buffer_m: float | Mapping[str, float] | None = None, buffer_field: str | None = None,
                 bands: Sequence[float] | None = None,
                 progress: Progress | None = None, cancelled: Cancelled | None = None) -> ExposureResult:
    """Count what the hazard ``zones`` hit among ``assets``.

    Parameters
    ----------
    zones
        The scenario's hazard zones (polygons). With ``class_field``, only zones whose value is
        in ``classes`` count (all of them when ``classes`` is empty or ``None``).
    assets
        One layer or several. Points count as affected when inside a zone **or on its edge**;
        lines (affected when some length is inside) add their length inside; polygons (affected
        when some area is inside) their area inside; a line or polygon only touching an edge is not
        affected.
    group_field
        Groups assets by this field's value (``amenity``, ``kind``, ``use``...); a layer without
        the field is one group named after the layer.
    population, population_field
        A layer of points or polygons with a head count: points inside add their count, polygons
        their count times the share of their area inside.
    crs
        The projected CRS of the computation; by default the UTM zone of the data's centre, or
        an azimuthal equidistant projection centred on the data when it spans several zones.
    buffer_m, buffer_field
        Turn the hazard features (points, lines or polygons) into zones: one distance in metres,
        a mapping *class → metres* (with ``class_field``), or a numeric field of the hazard
        layer giving each feature its own distance. Points and lines **need** a buffer: without
        one (or with 0 m for all of them) they cover nothing, and the analysis refuses them rather
        than count 0.
    bands
        Distance bands in metres (``[1000, 2000, 5000]``): each group counts its features whose
        nearest hazard feature is 0–1 km, 1–2 km, 2–5 km away.

    Examples
    --------
    >>> zone = ExposureLayer("zone", "EPSG:32643", np.array([shapely.box(0, 0, 10, 10)]))
    >>> pts = ExposureLayer("pts", "EPSG:32643", shapely.points([(5, 5), (10, 5), (20, 5)]))
    >>> r = run_exposure(zone, pts, crs="EPSG:32643")
    >>> r.groups[0].affected, r.groups[0].total           # the point on the edge counts
    (2, 3)
    """
    zones = zones if isinstance(zones, ExposureLayer) else ExposureLayer.from_layer_data(
        zones, [class_field, buffer_field])
    given = [assets] if isinstance(assets, (ExposureLayer, LayerData)) else list(assets)
    asset_list = [a if isinstance(a, ExposureLayer) else ExposureLayer.from_layer_data(
        a, [group_field] if group_field in a.fields else []) for a in given]
    if population is not None and not isinstance(population, ExposureLayer):
        population = ExposureLayer.from_layer_data(population, [population_field])
    if population is not None and not population_field:
        raise GisError(tr("a population layer needs its count field"))
    if classes and not class_field:
        raise GisError(tr("affected classes need the zones' class field"))
    target = crs or exposure_crs([zones, *asset_list, *([population] if population is not None else [])])
    if is_geographic(target):
        raise GisError(tr("exposure is computed in a projected CRS, not {crs}", crs=target))

    total_work = sum(len(a.geometries) for a in asset_list) + (len(population.geometries) if population is not None else 0)
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(done, total_work)

    _check(cancelled)
    zone_prep = _prepare(zones, target)
    zone_geoms, repaired = zone_prep.geoms, zone_prep.repaired
    kinds = needs_buffer(zone_prep.dims, zone_prep.present)
    if kinds and buffer_m is None and buffer_field is None:
        raise GisError(tr("{layer} holds {kinds}, which cover no area: give a buffer distance in metres "
                          "(for example --buffer 2000) to count what lies near them",
                          layer=zones.name, kinds=tr(" and ").join(
                              {"points": tr("points"), "lines": tr("lines")}[k] for k in kinds)))
    wanted = {_str(c) for c in classes} if classes else None
    zone_class = None
    class_names: list[str] = []
    if class_field:
        zone_class = np.array([_str(v) for v in zones.column(class_field)], dtype=object)
        classes_present = sorted(set(zone_class.tolist()))
        class_names = [c for c in classes_present if wanted is None or c in wanted]
        keep = np.isin(zone_class, class_names) if class_names else np.zeros(len(zone_geoms), dtype=bool)
    else:
        keep = np.ones(len(zone_geoms), dtype=bool)
    hazard_raw = zone_geoms[keep & zone_prep.present]
    hazard_class = zone_class[keep & zone_prep.present] if zone_class is not None else np.zeros(0, dtype=object)
    dist = buffer_distances(len(zone_geoms), buffer_m, classes=zone_class,
                            field_values=zones.column(buffer_field) if buffer_field else None, layer=zones.name)
    if dist is not None:
        unknown = keep & zone_prep.present & np.isnan(dist)
        if np.any(unknown):
            raise GisError(tr("{layer}: no buffer distance for class {value!r}", layer=zones.name,
                              value=str(zone_class[np.flatnonzero(unknown)[0]]) if zone_class is not None else ""))
        flat = keep & zone_prep.present & (zone_prep.dims < 2)
        if np.any(flat) and not np.any(dist[flat] > 0):  # 0 m round points or lines: a silent 0 again
            raise GisError(tr("{layer}: a buffer of 0 m around {kinds} covers no area; give a distance in metres "
                              "(for example --buffer 2000)", layer=zones.name, kinds=tr(" and ").join(
                                  {"points": tr("points"), "lines": tr("lines")}[k] for k in kinds)))
        _check(cancelled)
        zone_geoms = zone_geoms.copy()
        sel = np.flatnonzero(keep & zone_prep.present)
        zone_geoms[sel] = shapely.buffer(zone_geoms[sel], dist[sel], quad_segs=16)
    hazard_buf = dist[keep & zone_prep.present] if dist is not None else np.zeros(0)
    affected = ZoneSet(zone_geoms[keep])
    class_zones = {c: ZoneSet(zone_geoms[zone_class == c]) for c in class_names} if len(class_names) > 1 else {}
    radius = max(float(np.nanmax(dist[keep])) if dist is not None and np.any(keep) else 0.0,
                 float(max(bands)) if bands else 0.0)
    labels = band_labels(bands) if bands else []
    distances: list[np.ndarray] = []

    groups: list[GroupExposure] = []
    fids: list[np.ndarray] = []
    several = len(asset_list) > 1
    for layer in asset_list:
        _check(cancelled)
        g = _prepare(layer, target)
        geoms, dims, present = g.geoms, g.dims, g.present
        repaired += g.repaired
        exact = dist is not None  # buffered: a feature is in when within its hazard's distance, exactly
        hit, length, area = _hits(affected, g, cancelled=cancelled, tick=tick, points=not exact)
        per_class = {c: _hits(z, g, cancelled=cancelled, tick=lambda _n: None, points=not exact)[0]
                     for c, z in class_zones.items()}
        _check(cancelled)
        near, (pa, ph, pd) = _asset_distances(hazard_raw, g, hit, radius, hazard_buf if exact else None,
                                              lambda: _check(cancelled))
        if exact and len(pa):
            # Within the distance, exactly: the buffered polygon's arcs lie up to ~0.12 % inside the true
            # distance, so a line or polygon 999 m from a fault buffered by 1 km could miss the polygon yet sit
            # in the 0-1000 m band. Points count on the limit; lines and polygons need some part closer than it.
            ok = np.where(g.dims[pa] == 0, pd <= hazard_buf[ph], pd < hazard_buf[ph])
            hit[pa[ok]] = True
            for c, h in per_class.items():
                h[pa[ok & (hazard_class[ph] == c)]] = True
        fids.append(np.flatnonzero(hit))
        if group_field and group_field in layer.columns:
            keys = np.array([_str(v) for v in layer.column(group_field)], dtype=object)
            keys[keys == ""] = tr("(no value)")
            uniq, inverse = np.unique(keys, return_inverse=True)
        else:  # one group: no sort of a million equal keys
            uniq = np.array([layer.name] if len(geoms) else [], dtype=object)
            inverse = np.zeros(len(geoms), dtype=np.int64)
        m = len(uniq)
        count = np.bincount(inverse, weights=present, minlength=m)
        n_hit = np.bincount(inverse, weights=hit, minlength=m)
        is_line, is_poly = (dims == 1) & present, (dims == 2) & present
        n_line = np.bincount(inverse, weights=is_line, minlength=m)
        n_poly = np.bincount(inverse, weights=is_poly, minlength=m)
        own_len = np.zeros(len(geoms))
        own_len[is_line] = shapely.length(geoms[is_line])
        own_area = np.zeros(len(geoms))
        own_area[is_poly] = shapely.area(geoms[is_poly])
        len_all = np.bincount(inverse, weights=own_len, minlength=m)
        area_all = np.bincount(inverse, weights=own_area, minlength=m)
        len_hit = np.bincount(inverse, weights=np.where(is_line, length, 0.0), minlength=m)
        area_hit = np.bincount(inverse, weights=np.where(is_poly, area, 0.0), minlength=m)
        by_class = {c: np.bincount(inverse, weights=h, minlength=m) for c, h in per_class.items()}
        distances.append(near)
        mins = np.full(m, np.inf)
        finite = np.isfinite(near)
        np.minimum.at(mins, inverse[finite], near[finite])
        for far in np.flatnonzero(~np.isfinite(mins)):
            found = group_min_distance(hazard_raw, geoms[(inverse == far) & present])
            mins[far] = np.nan if found is None else found
        band_n = np.zeros((m, len(labels)), dtype=np.int64)
        if bands:
            b = band_counts(near, bands)
            ok = (b >= 0) & present
            np.add.at(band_n, (inverse[ok], b[ok]), 1)
        if len(class_names) == 1:
            by_class = {class_names[0]: n_hit}
        for k in range(m):
            name = str(uniq[k])
            groups.append(GroupExposure(
                group=f"{layer.name}: {name}" if several and name != layer.name else name, layer=layer.name,
                total=int(count[k]), affected=int(n_hit[k]),
                exposed_length_m=float(len_hit[k]) if n_line[k] else None,
                total_length_m=float(len_all[k]) if n_line[k] else None,
                exposed_area_m2=float(area_hit[k]) if n_poly[k] else None,
                total_area_m2=float(area_all[k]) if n_poly[k] else None,
                by_class={c: int(v[k]) for c, v in by_class.items()},
                min_distance_m=float(mins[k]) if np.isfinite(mins[k]) else None,
                bands={lab: int(band_n[k, j]) for j, lab in enumerate(labels)}))

    people = None
    if population is not None and population_field:  # a population without its field was refused above
        _check(cancelled)
        g = _prepare(population, target)
        geoms, dims = g.geoms, g.dims
        repaired += g.repaired
        if np.any(dims == 1):
            raise GisError(tr("{layer}: population must be points or polygons, not lines", layer=population.name))
        counts = np.array([_num(v) for v in population.column(population_field)], dtype=float)
        hit, _length, area = _hits(affected, g, cancelled=cancelled, tick=tick)
        own = shapely.area(geoms)
        share = np.where(dims == 2, np.divide(area, own, out=np.zeros_like(own), where=own > 0), hit.astype(float))
        people = float(np.sum(counts * share))
    spec: Any = None
    if buffer_field:
        spec = {"field": buffer_field}
    elif isinstance(buffer_m, Mapping):
        spec = {str(k): float(v) for k, v in buffer_m.items()}
    elif buffer_m is not None:
        spec = float(buffer_m)
    return ExposureResult(target, groups, people, fids, repaired, tuple(class_names), affected,
                          distances=distances, search_radius_m=radius, buffer=spec, band_labels=tuple(labels),
                          hazard_features=hazard_raw)


def _asset_distances(hazards: np.ndarray, g: _Geoms, hit: np.ndarray, radius: float,
                     buffers: np.ndarray | None, check: Any) -> tuple[np.ndarray, Any]:
    """Each feature's distance to the nearest hazard feature, up to ``radius`` (``NaN`` beyond),
    and the (feature, hazard, distance) pairs within each hazard's buffer (``buffers``; none without).

    Without a radius (polygon zones, no buffer, no bands) only the features in a zone are known:
    they are 0 m away.
    """
    if radius > 0:
        limits = buffers if buffers is not None else np.full(len(hazards), -1.0)  # no buffer: no pairs wanted
        return nearest_distances(hazards, g.geoms, np.flatnonzero(g.present), radius, return_pairs=True,
                                 pair_limits=limits, check=check)
    out = np.full(len(g.geoms), np.nan)
    out[hit] = 0.0
    return out, (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))


def _num(v: Any) -> float:
    try:
        return float(v) if v is not None and v != "" else 0.0
    except (TypeError, ValueError):
        raise GisError(tr("population counts must be numbers, not {value!r}", value=v)) from None
