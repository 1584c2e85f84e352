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
