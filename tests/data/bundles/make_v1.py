"""How the frozen bundle ``v1.zip`` was made: a bundle of format version 1 on the test scorecard
``mini`` (answers, a private comment left out, evidence file and link, an action item, a
stakeholder proposal, one small layer). The ``.zip`` it wrote is committed and must never be
regenerated; every later reader must keep verifying and importing it::

    python tests/data/bundles/make_v1.py            # refuses to overwrite v1.zip
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from resilience_desktop.bundle import export_bundle  # noqa: E402
from resilience_desktop.scorecard import ScorecardRegistry  # noqa: E402
from resilience_desktop.workspace.facade import Workspace  # noqa: E402
from tests.bundle.helpers import small_workspace  # noqa: E402

if __name__ == "__main__":
    out = HERE / "v1.zip"
    if out.exists():
        sys.exit(f"{out} exists: frozen samples are never regenerated")
    registry = ScorecardRegistry([HERE.parent / "scorecards"])
    with tempfile.TemporaryDirectory() as tmp:
        path, aid = small_workspace(Path(tmp), registry)
        with Workspace.open(path, registry=registry, user="frozen") as ws:
            print(export_bundle(ws, aid, out).to_json())
