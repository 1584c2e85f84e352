"""Point layers from CSV tables with coordinate columns.

The columns are found by their common names (``lon``/``lat``, ``longitude``/``latitude``,
``x``/``y``, ...) or chosen by the user. Columns named as longitude/latitude declare WGS 84
(their values are checked to be degrees); ``x``/``y`` columns carry no CRS, so the layer is
flagged as having an unknown CRS unless the user gives one: a CRS is never guessed silently.
"""

from __future__ import annotations

__all__ = ["read_csv_points", "find_coordinate_columns", "LONLAT_NAMES", "XY_NAMES"]

import csv
import io
import json
from pathlib import Path

import numpy as np
import shapely

from ..errors import GisError
from ..i18n.catalog import tr
from ..safety import csv_safe
from .crs import WGS84, crs_to_string
from .budget import MAX_TABLE_BYTES, check_counts
from .geometry import clean_geometries
from .model import Cancelled, LayerData, Progress

#: Pairs of column names (lower case) that mean longitude/latitude in degrees, in priority order.
LONLAT_NAMES = (("lon", "lat"), ("longitude", "latitude"), ("lng", "lat"), ("long", "lat"),
                ("долгота", "широта"))
#: Pairs that mean projected (or unknown) x/y.
XY_NAMES = (("x", "y"), ("easting", "northing"), ("east", "north"))


def find_coordinate_columns(header: list[str], x_field: str | None = None,
                            y_field: str | None = None) -> tuple[int, int, bool]:
    """Indexes of the x and y columns and whether their names declare lon/lat degrees.

    Examples
    --------
    >>> find_coordinate_columns(["name", "Latitude", "Longitude"])
    (2, 1, True)
    >>> find_coordinate_columns(["id", "X", "Y"])
    (1, 2, False)
    """
    lower = [h.strip().lower() for h in header]
    if x_field or y_field:
        if not (x_field and y_field):
            raise GisError(tr("choose both coordinate columns (x and y)"))
        try:
            xi, yi = lower.index(x_field.strip().lower()), lower.index(y_field.strip().lower())
        except ValueError:
            raise GisError(tr("the table has no column {x!r} or {y!r}; its columns are: {columns}",
                              x=x_field, y=y_field, columns=", ".join(header))) from None
        declared = any((lower[xi], lower[yi]) == pair for pair in LONLAT_NAMES)
        return xi, yi, declared
    for pairs, declared in ((LONLAT_NAMES, True), (XY_NAMES, False)):
        for xn, yn in pairs:
            if xn in lower and yn in lower:
                return lower.index(xn), lower.index(yn), declared
    raise GisError(tr("no coordinate columns found (expected lon/lat, longitude/latitude or x/y); "
                      "its columns are: {columns}", columns=", ".join(header)))


def _decode(data: bytes, encoding: str | None) -> tuple[str, str]:
    try:
        return csv_safe.decode(data, encoding)
    except (LookupError, UnicodeDecodeError) as exc:
        raise GisError(tr("the file cannot be read as {encoding}: {reason}", encoding=encoding,
                          reason=exc)) from None


def _number(text: str) -> float:
    t = text.strip().replace("\u00a0", "").replace(" ", "")
    if "," in t and "." not in t:
        t = t.replace(",", ".")  # decimal comma
    return float(t) if t else float("nan")


def read_csv_points(path: Path, *, encoding: str | None = None, x_field: str | None = None,
                    y_field: str | None = None, crs: str | None = None,
                    progress: Progress | None = None, cancelled: Cancelled | None = None) -> LayerData:
    """Read a CSV table as a point layer (rows without both coordinates get no geometry)."""
    size = Path(path).stat().st_size
    if size > MAX_TABLE_BYTES:
        raise GisError(tr("{name} is {mb} MB; this app reads tables of points of at most {limit} MB",
                          name=Path(path).name, mb=size // 2**20, limit=MAX_TABLE_BYTES // 2**20))
    text, used = _decode(Path(path).read_bytes(), encoding)
    sample = text[:64 * 1024]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        rows = list(reader)
    except csv.Error as exc:  # a field past csv.field_size_limit() (131,072 characters), a stray NUL
        reason = (tr("a field is longer than {n} characters", n=f"{csv.field_size_limit():,}")
                  if "field larger" in str(exc) else str(exc))
        raise GisError(tr("{name}, line {line}: {reason}; this is not a table of points",
                          name=Path(path).name, line=reader.line_num, reason=reason)) from None
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        raise GisError(tr("{name} is empty", name=Path(path).name))
    header, body = rows[0], rows[1:]
    check_counts(Path(path).name, len(body), len(body))
    xi, yi, declared = find_coordinate_columns(header, x_field, y_field)
    n = len(body)
    xs = np.full(n, np.nan)
    ys = np.full(n, np.nan)
    for i, r in enumerate(body):
        if cancelled is not None and i % 50_000 == 0 and cancelled():
            raise GisError(tr("cancelled"))
        try:
            xs[i] = _number(r[xi]) if xi < len(r) else np.nan
            ys[i] = _number(r[yi]) if yi < len(r) else np.nan
        except ValueError:  # not a number: the row keeps no geometry and counts in empty_count
            xs[i] = ys[i] = np.nan
    ok = np.isfinite(xs) & np.isfinite(ys)
    geoms = np.full(n, None, dtype=object)
    geoms[ok] = shapely.points(xs[ok], ys[ok])
    layer_crs = crs_to_string(crs) if crs else None
    if layer_crs is None and declared:
        if ok.any() and not (np.all(np.abs(xs[ok]) <= 180) and np.all(np.abs(ys[ok]) <= 90)):
            raise GisError(tr("columns {x!r}/{y!r} hold values outside longitude/latitude degrees; "
                              "give the table's CRS", x=header[xi], y=header[yi]))
        layer_crs = WGS84
    keep = [i for i in range(len(header)) if i not in (xi, yi)]
    names = [header[i].strip() or f"field_{i + 1}" for i in keep]
    attributes = [json.dumps({k: (r[i] if i < len(r) else None) for k, i in zip(names, keep)}, ensure_ascii=False)
                  for r in body]
    cleaned = clean_geometries(geoms)
    if progress is not None:
        progress(n, n)
    return LayerData(name=Path(path).stem, source_name=Path(path).name, driver="CSV", crs=layer_crs,
                     geometries=cleaned.geometries, attributes=attributes, fields=names, encoding=used,
                     geometry_types=cleaned.geometry_types, invalid_repaired=cleaned.invalid_repaired,
                     z_dropped=0, empty_count=cleaned.empty_count)
