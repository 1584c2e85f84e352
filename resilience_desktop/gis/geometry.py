"""Vectorized clean-up of geometries read from files: parse, drop Z, repair, count.

Everything here runs over whole arrays (shapely 2), never a Python loop per feature.
"""

from __future__ import annotations

__all__ = ["CleanResult", "clean_wkb", "clean_geometries", "TYPE_NAMES"]

from dataclasses import dataclass

import numpy as np
import shapely

from .budget import repair as repair_within_budget

#: shapely type id -> OGC name.
TYPE_NAMES = {0: "Point", 1: "LineString", 2: "LinearRing", 3: "Polygon", 4: "MultiPoint",
              5: "MultiLineString", 6: "MultiPolygon", 7: "GeometryCollection"}


@dataclass
class CleanResult:
    geometries: np.ndarray
    #: Types as found (before repair), ``" Z"`` appended for 3D ones; sorted, distinct.
    geometry_types: list[str]
    invalid_repaired: int
    z_dropped: int
    empty_count: int


def clean_wkb(wkb: np.ndarray, *, repair: bool = True, name: str = "") -> CleanResult:
    """Parse an array of WKB (``None`` for features without geometry) and clean it.

    Unparseable WKB becomes ``None`` (counted as empty) rather than failing the whole layer.
    """
    geoms = shapely.from_wkb(wkb, on_invalid="ignore")
    return clean_geometries(geoms, repair=repair, name=name)


def clean_geometries(geoms: np.ndarray, *, repair: bool = True, name: str = "") -> CleanResult:
    """Drop Z (counted), repair invalid geometries within the budget of :func:`.budget.repair`
    (counted; :class:`GisError` past it), count empties. ``name`` names the layer in messages.

    ``repair=False`` skips the validity check (drawing only: an invalid polygon draws as it is).

    Examples
    --------
    >>> bowtie = shapely.from_wkt("POLYGON ((0 0, 2 2, 2 0, 0 2, 0 0))")
    >>> r = clean_geometries(np.array([bowtie, shapely.Point(1, 2, 3), None]))
    >>> r.invalid_repaired, r.z_dropped, r.empty_count, r.geometry_types
    (1, 1, 1, ['Point Z', 'Polygon'])
    >>> r.geometries[0].geom_type
    'MultiPolygon'
    """
    geoms = np.asarray(geoms, dtype=object)
    missing = shapely.is_missing(geoms)
    empty = missing | shapely.is_empty(geoms)
    has_z = shapely.has_z(geoms)
    type_ids = shapely.get_type_id(geoms)
    present = ~missing
    codes = np.unique(type_ids[present] * 2 + has_z[present].astype(np.int64))
    types = sorted(TYPE_NAMES.get(int(c) // 2, "Unknown") + (" Z" if c % 2 else "") for c in codes)
    z_dropped = int(has_z.sum())
    if z_dropped:
        geoms = geoms.copy()
        geoms[has_z] = shapely.force_2d(geoms[has_z])
    if not repair:
        return CleanResult(geoms, types, 0, z_dropped, int(empty.sum()))
    bad = ~shapely.is_valid(geoms) & ~empty
    invalid = int(bad.sum())
    if invalid:
        geoms = geoms.copy()
        geoms[bad] = repair_within_budget(geoms[bad], name=name)
    return CleanResult(geoms, types, invalid, z_dropped, int(empty.sum()))
