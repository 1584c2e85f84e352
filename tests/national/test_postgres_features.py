"""Map features into PostgreSQL: one binary COPY stream per layer (national/pgcopy.py), no per-row
foreign key; parallel importers, a refused row rolls back the whole bundle, old stores lose the key.

Needs a server (RESILIENCE_TEST_PG); the binary format itself is checked without one.
"""

from __future__ import annotations

import json
import os
import struct
from pathlib import Path

import pytest
import shapely

from resilience_desktop.bundle.export import export_bundle
from resilience_desktop.national import import_bundle, open_store
from resilience_desktop.national.pgcopy import SIGNATURE, feature_rows
from resilience_desktop.workspace.facade import Workspace

from ..bundle.test_verify import _edit_gpkg
from ..bundle.helpers import rebag
from .test_postgres import pg_store, pg_url  # noqa: F401  (a fresh database per test)
from .test_races import _race

def postgres(test):
    """Needs the server: marked ``postgres``, skipped without RESILIENCE_TEST_PG."""
    return pytest.mark.postgres(pytest.mark.skipif(not os.environ.get("RESILIENCE_TEST_PG"),
                                                   reason="RESILIENCE_TEST_PG is not set")(test))
CITIES = [("Жалал-Абад", 73.0, 40.93), ("Кара-Балта", 73.85, 42.81), ("Кызыл-Кия", 72.13, 40.26),
          ("Таш-Кумыр", 72.22, 41.35), ("Майлуу-Суу", 72.45, 41.26), ("Баткен", 70.82, 40.06)]


def _decode(payload: bytes) -> list[tuple[int, int, bytes | None, str]]:
    """Read a binary COPY stream back (the format as PostgreSQL's documentation gives it)."""
    assert payload[:11] == SIGNATURE and struct.unpack("!ii", payload[11:19]) == (0, 0)
    pos, rows = 19, []
    while True:
        (n,) = struct.unpack_from("!h", payload, pos)
        pos += 2
        if n == -1:
            assert pos == len(payload)
            return rows
        values = []
        for _ in range(n):
            (size,) = struct.unpack_from("!i", payload, pos)
            pos += 4
            values.append(None if size == -1 else payload[pos:pos + size])
            pos += max(size, 0)
        rows.append((struct.unpack("!q", values[0])[0], struct.unpack("!q", values[1])[0], values[2],
                     values[3].decode("utf-8")))


def test_binary_copy_stream_round_trips():
    point = shapely.to_wkb(shapely.Point(500_123.5, 4_540_000.25))
    rows = [(-3, point, '{"name": "Ош"}'), (2**40, None, "{}"), (7, b"", '{"emoji": "🏔"}')]
    assert _decode(feature_rows(9, rows)) == [(9, fid, wkb, attrs) for fid, wkb, attrs in rows]


def _layer_file(folder: Path, i: int) -> Path:
    """Buildings as points in UTM 42N far east of the zone, Cyrillic names, one feature without geometry."""
    features = [{"type": "Feature", "properties": {"name": f"дом №{n}", "этажей": n % 9 + 1},
                 "geometry": {"type": "Point", "coordinates": [980_000.0 + 3.5 * n + i, 4_500_000.0 - 2.25 * n]}}
                for n in range(1500)]
    features.append({"type": "Feature", "properties": {"name": "адрес без координат"}, "geometry": None})
    path = folder / f"здания-{i}.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False), "utf-8")
    return path


def layered_bundles(folder: Path, cities: int = len(CITIES)) -> list[Path]:
    """One bundle per city of the first ``cities``; bundle i carries the i + 1 layers added so far."""
    out = []
    with Workspace.create(folder / "cities.rdw") as ws:
        for i, (name, lon, lat) in enumerate(CITIES[:cities]):
            cid = ws.add_city(name, "KG", lon=lon, lat=lat, population=50_000 + i)
            aid = ws.new_assessment(cid, "preliminary", title=f"{name} 2026")
            ws.add_layer(_layer_file(folder, i), name=f"Здания {name}", crs="EPSG:32642")
            out.append(export_bundle(ws, aid, folder / f"city-{i}.zip").path)
    return out


def _check_features(store) -> None:
    layers = store.query("SELECT layer_key, feature_count FROM layers ORDER BY layer_key")
    counts = {r["layer_key"]: r["n"] for r in store.query("SELECT layer_key, COUNT(*) AS n FROM features GROUP BY layer_key")}
    assert layers and counts == {r["layer_key"]: r["feature_count"] for r in layers}  # every row, no orphan
    rows = store.query("SELECT fid, wkb, attributes FROM features WHERE layer_key = ? ORDER BY fid",
                       (layers[0]["layer_key"],))
    first = shapely.from_wkb(bytes(rows[0]["wkb"]))
    assert (first.x, first.y) == (980_000.0, 4_500_000.0)
    assert json.loads(rows[0]["attributes"])["name"] == "дом №0"
    assert rows[-1]["wkb"] is None and json.loads(rows[-1]["attributes"])["name"] == "адрес без координат"


@postgres
def test_parallel_importers_store_every_feature_once_postgresql(tmp_path, pg_url):  # noqa: F811
    processes = 3
    files = layered_bundles(tmp_path)
    results = _race(files, pg_url, processes)
    assert sorted(r["outcome"] for r in results) == ["imported"] * len(files)
    again = _race(files, pg_url, processes)
    assert {r["outcome"] for r in again} == {"already_imported"}
    with open_store(pg_url) as store:
        _check_features(store)
        # bundle i carries the workspace's layers so far: 1 + 2 + … + 6 layers of 1,501 features
        assert store.counts()["features"] == 1501 * sum(range(1, len(files) + 1))
        assert store.query("SELECT COUNT(*) AS n FROM bundles")[0]["n"] == len(files)


@postgres
def test_a_row_postgresql_refuses_rolls_back_the_whole_bundle(tmp_path, pg_store):  # noqa: F811
    """Text with a NUL byte is valid in SQLite and refused by PostgreSQL in the middle of the COPY."""
    good = layered_bundles(tmp_path, 1)[0]
    table = _first_table(good)
    bad = rebag(good, tmp_path / "nul.zip", _edit_gpkg(
        tmp_path, f"UPDATE \"{table}\" SET attributes = '{{\"name\": \"a' || char(0) || 'b\"}}' WHERE fid = 700;"))
    result = import_bundle(pg_store, bad)
    assert result.outcome == "rejected" and "cannot be imported" in result.reason
    assert set(pg_store.counts().values()) == {0}  # not one row of the bundle, its layers or features
    assert import_bundle(pg_store, good).outcome == "imported"
    _check_features(pg_store)


def _first_table(bundle: Path) -> str:
    import zipfile
    with zipfile.ZipFile(bundle) as zf:
        return json.loads(zf.read("data/layers.json"))[0]["table"]


@postgres
def test_a_store_made_with_the_feature_foreign_key_loses_it_on_open(tmp_path, pg_url):  # noqa: F811
    fk = "SELECT COUNT(*) AS n FROM pg_constraint WHERE contype = 'f' AND conrelid = to_regclass('features')"
    with open_store(pg_url) as store:
        store.execute("ALTER TABLE features ADD CONSTRAINT features_layer_key_fkey FOREIGN KEY (layer_key)"
                      " REFERENCES layers (layer_key)")  # as the store was created before
        assert store.query(fk)[0]["n"] == 1
    with open_store(pg_url) as store:
        assert store.query(fk)[0]["n"] == 0
        assert import_bundle(store, layered_bundles(tmp_path, 1)[0]).outcome == "imported"
        _check_features(store)
