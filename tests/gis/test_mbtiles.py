"""MBTiles basemaps (resilience_desktop/gis/mbtiles.py) and the workspace's basemap setting."""

from __future__ import annotations

import pytest

from resilience_desktop.errors import GisError
from resilience_desktop.gis.crs import transform_bounds
from resilience_desktop.gis.mbtiles import WEB_MERCATOR, MBTiles, tile_bounds

from . import samples


def test_tiles_for_a_view(tmp_path):
    mb = MBTiles(samples.mbtiles(tmp_path))
    assert (mb.name, mb.format, mb.minzoom, mb.maxzoom) == ("test basemap", "png", 11, 11)
    view = transform_bounds((74.55, 42.84, 74.65, 42.9), "EPSG:4326", WEB_MERCATOR)
    tiles = mb.tiles_for(view, 10.0)
    assert tiles and all(z == 11 for z, _x, _y, _d in tiles)
    for z, x, y, data in tiles:     # every tile returned meets the view, rows counted from the north
        b = tile_bounds(z, x, y)
        assert b[0] <= view[2] and b[2] >= view[0] and b[1] <= view[3] and b[3] >= view[1]
        assert data.startswith(b"\x89PNG")
    mb.close()


def test_not_an_mbtiles_file(tmp_path):
    bad = tmp_path / "x.mbtiles"
    bad.write_bytes(b"nonsense")
    with pytest.raises(GisError, match="not an MBTiles"):
        MBTiles(bad)
    with pytest.raises(GisError, match="no file"):
        MBTiles(tmp_path / "none.mbtiles")


def test_workspace_basemap_setting(workspace, tmp_path):
    path = samples.mbtiles(tmp_path)
    assert workspace.basemap_path() is None
    workspace.set_basemap(path)
    assert workspace.basemap_path() == str(path.resolve())
    with pytest.raises(GisError):
        workspace.set_basemap(tmp_path / "none.mbtiles")
    assert workspace.basemap_path() == str(path.resolve())
    workspace.set_basemap(None)
    assert workspace.basemap_path() is None


def test_pmtiles_basemap_is_read_like_mbtiles(tmp_path):
    from resilience_desktop.gis.crs import transform_bounds
    from resilience_desktop.gis.pmtiles_source import PMTiles, open_tiles
    path = samples.pmtiles(tmp_path)
    tiles = open_tiles(path)
    assert isinstance(tiles, PMTiles) and (tiles.minzoom, tiles.maxzoom, tiles.format) == (11, 11, "png")
    view = transform_bounds((74.55, 42.85, 74.65, 42.9), "EPSG:4326", "EPSG:3857")
    got = tiles.tiles_for(view, 76.0)
    assert got and all(z == 11 for z, _x, _y, _d in got) and got[0][3][:8] == b"\x89PNG\r\n\x1a\n"
    tiles.close()
    renamed = path.rename(tmp_path / "tiles.dat")                # decided by content, not by name
    assert isinstance(open_tiles(renamed), PMTiles)


def test_pmtiles_of_vector_tiles_is_refused_plainly(tmp_path):
    from resilience_desktop.errors import GisError
    from resilience_desktop.gis.pmtiles_source import open_tiles
    with pytest.raises(GisError, match="vector tiles"):
        open_tiles(samples.pmtiles(tmp_path, vector=True))


def test_map_render_with_a_pmtiles_basemap(tmp_path):
    import json
    from PySide6.QtGui import QColor, QImage
    from ..fixtures import run_cli
    out = tmp_path / "m.png"
    r = run_cli("map", "render", samples.csv_points(tmp_path), "-o", out, "--size", "300x200", "--no-basemap",
                "--basemap", samples.pmtiles(tmp_path), "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["points"] > 0
    img = QImage(str(out))
    assert QColor(img.pixel(5, 100)).name() == "#c83ca0"
