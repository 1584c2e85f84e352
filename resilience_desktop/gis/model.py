"""Plain records of the map: a layer read from a file, and a layer stored in a workspace. No Qt."""

from __future__ import annotations

__all__ = ["LayerData", "Layer", "Progress", "Cancelled", "to_bounds"]

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable

if TYPE_CHECKING:  # NumPy is imported where an array is worked on: a command that reads no layer skips it
    import numpy as np

#: ``progress(done, total)``: how far a long operation is (``total`` may be 0 when unknown).
Progress = Callable[[int, int], None]
#: ``cancelled()``: true when the user asked to stop; the operation then raises and changes nothing.
Cancelled = Callable[[], bool]

Bounds = tuple[float, float, float, float]


def to_bounds(values: Iterable[Any]) -> Bounds:
    """Four numbers (a shapely/rasterio/pyproj extent, an array) as a ``(minx, miny, maxx, maxy)`` of floats.

    >>> import numpy as np
    >>> to_bounds(np.array([69.5, 40.1, 75.0, 43.2], dtype=np.float32))[0]
    69.5
    """
    minx, miny, maxx, maxy = (float(v) for v in values)
    return (minx, miny, maxx, maxy)


@dataclass
class LayerData:
    """One layer as read from a file, ready to be stored: geometries and attributes in bulk.

    ``geometries`` is an object array of shapely geometries in the layer's CRS, 2D, with invalid
    ones already repaired; ``None`` where a feature has no geometry. ``attributes`` holds one
    JSON object text per feature, in the same order.
    """

    name: str
    source_name: str
    driver: str
    crs: str | None
    geometries: np.ndarray
    attributes: list[str]
    fields: list[str]
    encoding: str | None = None
    #: Geometry types as found in the file, e.g. ``["MultiPolygon", "Polygon Z"]``.
    geometry_types: list[str] = field(default_factory=list)
    invalid_repaired: int = 0
    z_dropped: int = 0
    empty_count: int = 0
    #: What the reader has to tell the user about the file (one sentence each), e.g. a missing ``.dbf``.
    notes: list[str] = field(default_factory=list)

    @property
    def feature_count(self) -> int:
        return len(self.geometries)

    @property
    def bounds(self) -> Bounds | None:
        import numpy as np
        import shapely
        if len(self.geometries) == 0:
            return None
        b = shapely.total_bounds(self.geometries)
        return None if not np.all(np.isfinite(b)) else to_bounds(b)


@dataclass(frozen=True)
class Layer:
    """A layer stored in a workspace (its features are read separately, in bulk)."""

    id: str
    name: str
    source_name: str
    driver: str
    crs: str | None
    geometry_types: tuple[str, ...]
    feature_count: int
    bounds: Bounds | None
    fields: tuple[str, ...]
    encoding: str | None
    invalid_repaired: int
    z_dropped: int
    empty_count: int
    style: dict[str, Any]
    visible: bool
    z_order: int
    opacity: float
    added_at: str = ""

    @property
    def crs_known(self) -> bool:
        return self.crs is not None

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["bounds"] = list(self.bounds) if self.bounds else None
        out["geometry_types"] = list(self.geometry_types)
        out["fields"] = list(self.fields)
        return out
