from __future__ import annotations

from pathlib import Path

import pytest

from resilience_desktop.bundle import export_bundle
from resilience_desktop.workspace.facade import Workspace

from .helpers import small_workspace


@pytest.fixture(scope="session")
def small_bundle(tmp_path_factory, mini_registry) -> Path:
    """A valid bundle (revision 1) of the small mini-scorecard workspace. Do not modify."""
    folder = tmp_path_factory.mktemp("small-bundle")
    path, aid = small_workspace(folder, mini_registry)
    with Workspace.open(path, registry=mini_registry) as ws:
        return export_bundle(ws, aid, folder / "small.zip").path
