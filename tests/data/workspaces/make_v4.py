"""How the frozen workspace ``v4.rdw`` was made: a workspace of schema version 4.

Run once, when schema version 5 (hazards, scenarios, exposure results, bundle exports)
appeared; the ``.rdw`` it wrote is committed and must never be regenerated::

    python tests/data/workspaces/make_v4.py            # refuses to overwrite v4.rdw

It takes the frozen ``v3.rdw``, applies ``MIGRATIONS[3]`` only, and adds what version 4 of the
app wrote: one small map layer (two hospitals, WGS 84) with its features.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import sys
from pathlib import Path

import shapely

from resilience_desktop.store.schema import migrate

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "v3.rdw"
TARGET = HERE / "v4.rdw"
LAYER_ID = "00000000-0000-4000-8000-0000000147e1"
AT = "2025-09-01T09:00:00.000+00:00"
POINTS = [(74.60, 42.87, "Больница №1"), (74.62, 42.88, "Hospital 2")]


def build(path: Path) -> None:
    shutil.copy(SOURCE, path)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    migrate(conn, to_version=4)
    conn.execute(
        "INSERT INTO layers (id, name, source_name, driver, crs, geometry_types, feature_count, minx, miny,"
        " maxx, maxy, fields, encoding, style, added_by, added_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (LAYER_ID, "Hospitals", "hospitals.geojson", "GeoJSON", "EPSG:4326", json.dumps(["Point"]), 2,
         74.60, 42.87, 74.62, 42.88, json.dumps([{"name": "name", "type": "str"}]), "utf-8",
         json.dumps({"kind": "single", "colour": "#d62728"}), "v4user", AT))
    for fid, (x, y, name) in enumerate(POINTS):
        conn.execute("INSERT INTO layer_features VALUES (?,?,?,?)",
                     (LAYER_ID, fid, shapely.to_wkb(shapely.Point(x, y)), json.dumps({"name": name}, ensure_ascii=False)))
    conn.execute("VACUUM")
    conn.close()


if __name__ == "__main__":
    if TARGET.exists() and "--force" not in sys.argv:
        sys.exit(f"{TARGET} exists; it is a frozen fixture (use --force only if you know why)")
    build(TARGET)
    print(TARGET)
