"""What a map file may cost to read: the documented budgets, and geometry repair that scales.

Every reader checks these limits *while* reading, never trusting sizes a file declares, and
refuses past them with one plain sentence (:class:`~resilience_desktop.errors.GisError`). With
them any file of up to 10 MB is read or refused within seconds and well under 1 GB of memory
(``benchmarks/bench_hostile.py`` measures this).

=========================  ==========================================================
``MAX_FEATURES``           features in one file (all its layers)
``MAX_VERTICES``           vertices in one file (16 bytes each in memory, several copies)
``MAX_ATTRIBUTE_BYTES``    attribute bytes of one file (a ``.dbf``'s header is checked
                           against this *and* against the bytes really present)
``MAX_UNZIPPED_BYTES``     bytes a zipped layer (``.zip``, ``.kmz``) may expand to (GDAL never
                           reads past a member's declared size)
``MAX_UNZIPPED_TEXT_BYTES`` one zipped GeoJSON/KML/CSV member (parsed whole in memory)
``MAX_TABLE_BYTES``        a CSV table of points
``MAX_REPAIR_CROSSINGS``   self-crossings of one invalid polygon that may be repaired
=========================  ==========================================================

Repair: ``shapely.make_valid(method="structure")`` (rings unioned, holes subtracted). On a
30,000-vertex self-intersecting ring it takes 0.5 s against 15 s for the default "linework"
method, and 0.1 s against 5.5 s on a 300,000-vertex boundary with one bow-tie; ``buffer(0)`` is
as fast but silently drops the parts of a bow-tie, and ``set_precision`` fails outright on such
rings (see ``benchmarks/README.md``). Any repair must node every crossing, so the cost grows with
the number of crossings: a polygon of 3,000 random vertices has a million of them and no method
finishes in minutes. The crossings are therefore counted first (segments in an STRtree, in
slices, stopping at the budget) and a polygon past :data:`MAX_REPAIR_CROSSINGS` is refused.
"""

from __future__ import annotations

__all__ = ["MAX_FEATURES", "MAX_VERTICES", "MAX_ATTRIBUTE_BYTES", "MAX_UNZIPPED_BYTES", "MAX_UNZIPPED_TEXT_BYTES",
           "MAX_TABLE_BYTES",
           "MAX_REPAIR_CROSSINGS", "check_counts", "check_zip", "check_dbf", "count_crossings", "repair"]

import numpy as np
import shapely

from ..errors import GisError
from ..i18n.catalog import tr

MAX_FEATURES = 2_000_000
MAX_VERTICES = 10_000_000
MAX_ATTRIBUTE_BYTES = 128 * 2**20
MAX_UNZIPPED_BYTES = 512 * 2**20
MAX_TABLE_BYTES = 128 * 2**20
#: A zipped text layer (GeoJSON, KML, CSV), which GDAL parses whole in memory.
MAX_UNZIPPED_TEXT_BYTES = 64 * 2**20
_TEXT_SUFFIXES = (".geojson", ".json", ".geojsonl", ".geojsons", ".jsonl", ".ndjson", ".kml", ".csv", ".txt", ".tsv")
MAX_REPAIR_CROSSINGS = 20_000
#: Rings this small cannot cross themselves often enough to be slow: repaired without counting.
_SMALL_RING = 200
_SLICE = 65_536


def check_counts(name: str, features: int, vertices: int) -> None:
    """Refuse a file past the feature or vertex budget."""
    if features > MAX_FEATURES:
        raise GisError(tr("{name} holds {n} features; this app reads at most {limit} from one file: split the "
                          "layer or simplify it in a GIS first", name=name, n=f"{features:,}", limit=f"{MAX_FEATURES:,}"))
    if vertices > MAX_VERTICES:
        raise GisError(tr("{name} holds {n} vertices; this app reads at most {limit} from one file: simplify the "
                          "geometries in a GIS first", name=name, n=f"{vertices:,}", limit=f"{MAX_VERTICES:,}"))


def check_zip(name: str, members: list[tuple[str, int]]) -> None:
    """Refuse a zipped layer that expands past :data:`MAX_UNZIPPED_BYTES`. GDAL's ``/vsizip/``
    never reads a member past its declared size (a member holding more fails its CRC), so the
    declared sizes bound what is read."""
    total = sum(size for _n, size in members)
    text = max((size for n, size in members if n.lower().endswith(_TEXT_SUFFIXES)), default=0)
    if text > MAX_UNZIPPED_TEXT_BYTES:
        raise GisError(tr("{name} holds a {mb} MB text layer (GeoJSON, KML or CSV) once unzipped; this app reads "
                          "at most {limit} MB of it from a zip", name=name, mb=text // 2**20,
                          limit=MAX_UNZIPPED_TEXT_BYTES // 2**20))
    if total > MAX_UNZIPPED_BYTES:
        raise GisError(tr("{name} expands to {mb} MB when unzipped; this app reads at most {limit} MB of map data "
                          "from one file", name=name, mb=total // 2**20, limit=MAX_UNZIPPED_BYTES // 2**20))


def check_dbf(name: str, head: bytes, real_size: int) -> None:
    """Check a ``.dbf``'s header (record count × record length) against the attribute budget and
    against the bytes really present, before GDAL reads a single record."""
    if len(head) < 12:
        return  # too short to be a dBase table: GDAL reports it
    records = int.from_bytes(head[4:8], "little")
    header_len = int.from_bytes(head[8:10], "little")
    record_len = int.from_bytes(head[10:12], "little")
    claimed = header_len + records * record_len
    if records * record_len > MAX_ATTRIBUTE_BYTES:
        raise GisError(tr("{name}: its attribute table (.dbf) holds {mb} MB; this app reads at most {limit} MB of "
                          "attributes from one file", name=name, mb=records * record_len // 2**20,
                          limit=MAX_ATTRIBUTE_BYTES // 2**20))
    if claimed > real_size:
        raise GisError(tr("{name}: its attribute table (.dbf) is cut short ({real} of the {claimed} bytes its "
                          "header announces); the file is damaged", name=name, real=f"{real_size:,}",
                          claimed=f"{claimed:,}"))


def _segments(geom: shapely.Geometry) -> np.ndarray:
    rings = shapely.get_rings(shapely.get_parts(geom))
    coords, index = shapely.get_coordinates(rings, return_index=True)
    same_ring = index[1:] == index[:-1]
    starts, ends = coords[:-1][same_ring], coords[1:][same_ring]
    # an (n, 2, 2) array gives an array of n segments (shapely's types allow a single LineString)
    return np.asarray(shapely.linestrings(np.stack([starts, ends], axis=1)))


def count_crossings(geom: shapely.Geometry, budget: int = MAX_REPAIR_CROSSINGS) -> int:
    """Pairs of non-adjacent ring segments of ``geom`` that touch or cross, counted up to just past
    ``budget`` (the count stops there, so a pathological ring costs little to refuse)."""
    segs = _segments(geom)
    tree = shapely.STRtree(segs)
    total = 0
    n = len(segs)
    start, step = 0, 64
    while start < n:  # slices growing from 64 segments: a dense tangle is refused after the first few
        i, j = tree.query(segs[start:start + step], predicate="intersects")
        i = i + start
        start, step = start + step, min(step * 2, _SLICE)
        # each pair once (j > i); neighbours on a ring share a vertex; so do a ring's first and last
        total += int(np.count_nonzero((j > i + 1) & ~((i == 0) & (j == n - 1))))
        if total > budget:
            break
    return total


def repair(geoms: np.ndarray, *, name: str = "") -> np.ndarray:
    """Valid versions of the invalid geometries ``geoms`` (an object array), within the budget.

    Polygons: ``make_valid(method="structure")`` once their crossings are counted (a polygon past
    :data:`MAX_REPAIR_CROSSINGS` raises :class:`GisError`); other types: the default method (an
    invalid line or point is a degenerate one, cheap to repair).
    """
    geoms = np.asarray(geoms, dtype=object)
    out = geoms.copy()
    types = shapely.get_type_id(geoms)
    polygonal = (types == 3) | (types == 6)
    if (~polygonal).any():
        out[~polygonal] = shapely.make_valid(geoms[~polygonal])
    if polygonal.any():
        poly = geoms[polygonal]
        sizes = shapely.get_num_coordinates(poly)
        for k in np.flatnonzero(sizes > _SMALL_RING):
            crossings = count_crossings(poly[k])
            if crossings > MAX_REPAIR_CROSSINGS:
                raise GisError(tr(
                    "{name}: a polygon of {vertices} vertices crosses itself more than {limit} times and cannot be "
                    "repaired in reasonable time; fix or simplify it in a GIS first",
                    name=name or tr("the layer"), vertices=f"{int(sizes[k]):,}", limit=f"{MAX_REPAIR_CROSSINGS:,}"))
        out[polygonal] = shapely.make_valid(poly, method="structure", keep_collapsed=False)
    return out
