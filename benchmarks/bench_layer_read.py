"""Reading a layer: fiona feature by feature against pyogrio's vectorized reader, and the two
ways of keeping a layer inside the workspace.

Part 1 (file → shapely array + attributes): a generated GeoPackage of ``--n`` building polygons
(two attribute columns) is read

* **fiona**: ``fiona.open`` and a loop over features, ``shapely.geometry.shape`` per feature and
  the properties dict per feature (how feature-by-feature code reads);
* **pyogrio raw**: ``pyogrio.raw.read`` (whole columns: WKB array + attribute arrays, no
  geopandas, no pyarrow) and one ``shapely.from_wkb`` over the array;
* **app**: ``resilience_desktop.gis.io.read_source`` (pyogrio + validity check/repair + Z check +
  attributes as JSON text per feature): what an import costs in the app.

Part 2 (workspace → shapely array for rendering): the same layer stored

* **rows**: ``layer_features`` rows (WKB + JSON), read back with one ``SELECT … ORDER BY fid``
  and one ``shapely.from_wkb`` (what ``Workspace.layer_geometries`` does);
* **gpkg blob**: the whole GeoPackage as one blob, written to a temporary file and read with
  ``pyogrio.raw.read`` + ``shapely.from_wkb``.

Each measurement: one warm-up, then ``--repeat`` runs; the median is reported.

    python benchmarks/bench_layer_read.py [--n 100000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _common import REPO, machine, machine_line, table, write_results

sys.path.insert(0, str(REPO))


def timed(fn, repeat: int) -> tuple[float, object]:
    fn()
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    import fiona
    import numpy as np
    import pyogrio.raw
    import shapely
    from shapely.geometry import shape

    from _city import write_city
    from resilience_desktop.gis.io import read_source

    tmp = Path(tempfile.mkdtemp(prefix="bench_read_"))
    gpkg = write_city(tmp, n_buildings=args.n, n_roads=10, n_points=10)[0]

    def with_fiona():
        geoms, props = [], []
        with fiona.open(gpkg) as src:
            for f in src:
                geoms.append(shape(f.geometry))
                props.append(dict(f.properties))
        return np.array(geoms, dtype=object), props

    def with_pyogrio():
        _meta, _fids, wkb, fields = pyogrio.raw.read(str(gpkg))
        return shapely.from_wkb(wkb), fields

    def with_app():
        return read_source(gpkg)

    rows = []
    t_fiona, (g1, _) = timed(with_fiona, args.repeat)
    t_ogr, (g2, _) = timed(with_pyogrio, args.repeat)
    t_app, src = timed(with_app, args.repeat)
    assert len(g1) == len(g2) == src.layers[0].feature_count == args.n
    rows += [("file: fiona, feature by feature", t_fiona * 1000, 1.0),
             ("file: pyogrio raw, vectorized", t_ogr * 1000, t_fiona / t_ogr),
             ("file: app read_source (+repair, JSON)", t_app * 1000, t_fiona / t_app)]

    # ---- storage layouts
    layer = src.layers[0]
    db = tmp / "store.sqlite"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE layer_features (layer_id TEXT, fid INTEGER, geom BLOB, attributes TEXT,"
                 " PRIMARY KEY (layer_id, fid))")
    conn.execute("CREATE TABLE blobs (layer_id TEXT PRIMARY KEY, data BLOB)")
    wkb = shapely.to_wkb(layer.geometries)
    conn.executemany("INSERT INTO layer_features VALUES ('L', ?, ?, ?)",
                     zip(range(len(wkb)), wkb.tolist(), layer.attributes))
    conn.execute("INSERT INTO blobs VALUES ('L', ?)", (gpkg.read_bytes(),))
    conn.commit()

    def from_rows():
        cur = conn.cursor()
        blobs = [r[0] for r in cur.execute("SELECT geom FROM layer_features WHERE layer_id='L' ORDER BY fid")]
        return shapely.from_wkb(np.array(blobs, dtype=object))

    def from_blob():
        (data,) = conn.execute("SELECT data FROM blobs WHERE layer_id='L'").fetchone()
        with tempfile.NamedTemporaryFile(suffix=".gpkg") as f:
            f.write(data)
            f.flush()
            _m, _f, w, _fields = pyogrio.raw.read(f.name, read_geometry=True, columns=[])
        return shapely.from_wkb(w)

    t_rows, r1 = timed(from_rows, args.repeat)
    t_blob, r2 = timed(from_blob, args.repeat)
    assert len(r1) == len(r2) == args.n
    rows += [("workspace: feature rows → shapely", t_rows * 1000, None),
             ("workspace: GeoPackage blob → shapely", t_blob * 1000, None)]
    conn.close()

    info = machine()
    print(machine_line(info))
    print(f"{args.n:,} building polygons, median of {args.repeat}\n")
    print(table(["what", "ms", "× faster than fiona"], [(a, b, "" if c is None else f"{c:.1f}×") for a, b, c in rows]))
    write_results("layer_read", {"machine": info, "n": args.n, "repeat": args.repeat,
                                 "results": [{"what": a, "ms": b} for a, b, _ in rows]})
    return 0


if __name__ == "__main__":
    sys.exit(main())
