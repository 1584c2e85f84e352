from __future__ import annotations

from ..bundle.conftest import small_bundle  # noqa: F401  (the same valid bundle the bundle tests use)
