"""Writing selected features out: a GeoPackage with a schema, or a CSV table (no Qt).

GeoPackage through fiona (a typed schema: integer, real and text columns as the values are,
the layer's CRS, one geometry type), CSV through the standard library with the geometry as WKT.
"""

from __future__ import annotations

__all__ = ["export_features"]

from pathlib import Path
from typing import Any, Sequence

import numpy as np
import shapely
import shapely.geometry

from ..errors import GisError
from ..i18n.catalog import tr
from ..i18n.reasons import os_reason
from ..safety import csv_safe


def _field_type(values: list[Any]) -> str:
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return "int"
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "int"
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return "float"
    return "str"


def export_features(path: str | Path, geometries: np.ndarray, rows: Sequence[dict[str, Any]],
                    fields: Sequence[str], crs: str | None, *, layer: str = "selection") -> int:
    """Write features (``geometries`` with their attribute ``rows``) to ``path`` (.gpkg or .csv).

    Returns how many were written. The file is written whole or not at all.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".gpkg", ".csv"):
        raise GisError(tr("export to a .gpkg or .csv file"))
    tmp = path.with_name(path.name + ".part")
    tmp.unlink(missing_ok=True)
    try:
        if suffix == ".csv":
            with csv_safe.open_for_writing(tmp) as f:
                w = csv_safe.writer(f)
                w.writerow([*fields, "geometry_wkt"])
                for g, row in zip(geometries, rows):
                    w.writerow([*("" if row.get(k) is None else row.get(k) for k in fields),
                                "" if g is None else shapely.to_wkt(g, rounding_precision=-1)])
        else:
            _write_gpkg(tmp, geometries, rows, fields, crs, layer)
        tmp.replace(path)
    except OSError as exc:
        raise GisError(tr("cannot write {path}: {reason}", path=path.name, reason=os_reason(exc))) from None
    finally:
        tmp.unlink(missing_ok=True)
    return len(rows)


def _write_gpkg(path: Path, geometries: np.ndarray, rows: Sequence[dict[str, Any]], fields: Sequence[str],
                crs: str | None, layer: str) -> None:
    import fiona
    from fiona.crs import CRS as FionaCRS
    present = [g for g in geometries if g is not None]
    kinds = {g.geom_type for g in present}
    if len(kinds) == 1:
        gtype = kinds.pop()
    elif kinds and all(k.replace("Multi", "") == next(iter(kinds)).replace("Multi", "") for k in kinds):
        gtype = "Multi" + next(iter(kinds)).replace("Multi", "")
    else:
        gtype = "Unknown"
    schema = {"geometry": gtype, "properties": {k: _field_type([r.get(k) for r in rows]) for k in fields}}
    with fiona.open(path, "w", driver="GPKG", layer=layer, schema=schema,
                    crs=FionaCRS.from_user_input(crs) if crs else None) as dst:
        records = []
        for g, row in zip(geometries, rows):
            if g is not None and gtype.startswith("Multi") and not g.geom_type.startswith("Multi"):
                g = shapely.multipolygons([g]) if "Polygon" in gtype else (
                    shapely.multilinestrings([g]) if "Line" in gtype else shapely.multipoints([g]))
            props = {}
            for k in fields:
                v = row.get(k)
                t = schema["properties"][k]
                props[k] = None if v is None else (int(v) if t == "int" else float(v) if t == "float" else
                                                   (v if isinstance(v, str) else str(v)))
            records.append({"geometry": None if g is None else shapely.geometry.mapping(g), "properties": props})
        dst.writerecords(records)
