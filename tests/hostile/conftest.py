"""Fixtures of the hostile-input tests."""

from __future__ import annotations

import pytest

from resilience_desktop.workspace.facade import Workspace


@pytest.fixture
def workspace_file(tmp_path, mini_registry):
    """A closed workspace with one city (Bishkek), alone in its folder: tree_digest(folder) sees all it writes."""
    folder = tmp_path / "ws"
    folder.mkdir()
    path = folder / "city.rdw"
    with Workspace.create(path, registry=mini_registry) as ws:
        ws.add_city("Бишкек", "KG", lon=74.6, lat=42.87)
    return path
