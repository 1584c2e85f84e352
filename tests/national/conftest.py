from __future__ import annotations

from ..bundle.conftest import small_bundle  # noqa: F401  (the same valid bundle the bundle tests use)
from ..sync.conftest import demo_template  # noqa: F401,E402  (the demo workspace, written once)
