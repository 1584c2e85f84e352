from __future__ import annotations

from pathlib import Path

import pytest

from resilience_desktop.demo.workspace import write_demo


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory, registry) -> Path:
    """The demo workspace written once per session (copy it with helpers.copy_demo; do not modify)."""
    return write_demo(tmp_path_factory.mktemp("demo-template") / "demo.rdw", registry=registry)
