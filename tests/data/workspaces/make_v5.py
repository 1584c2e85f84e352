"""How the frozen workspace ``v5.rdw`` was made: a workspace of schema version 5.

Run once, when schema version 6 appeared; the ``.rdw`` it wrote is committed and must never be
regenerated::

    python tests/data/workspaces/make_v5.py            # refuses to overwrite v5.rdw

It takes the frozen ``v4.rdw``, applies ``MIGRATIONS[4]`` only, and adds what version 5 of the
app wrote: a flood hazard with its most probable scenario on the v4 layer, one stored exposure
result and one exported bundle revision.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import sys
from pathlib import Path

from resilience_desktop.store.schema import migrate

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "v4.rdw"
TARGET = HERE / "v5.rdw"
HAZARD_ID = "00000000-0000-4000-8000-00000000f100"
SCENARIO_ID = "00000000-0000-4000-8000-00000000f101"
RESULT_ID = "00000000-0000-4000-8000-00000000f102"
EXPORT_ID = "00000000-0000-4000-8000-00000000f103"
LAYER_ID = "00000000-0000-4000-8000-0000000147e1"
AT = "2025-11-01T09:00:00.000+00:00"


def build(path: Path) -> None:
    shutil.copy(SOURCE, path)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    migrate(conn, to_version=5)
    city_id = conn.execute("SELECT id FROM cities ORDER BY created_at LIMIT 1").fetchone()[0]
    assessment_id = conn.execute("SELECT id FROM assessments ORDER BY created_at LIMIT 1").fetchone()[0]
    conn.execute("INSERT INTO hazards (id, city_id, kind, name, notes, created_at, updated_at) VALUES (?,?,?,?,?,?,?)",
                 (HAZARD_ID, city_id, "flood", "Паводок на реке", "", AT, AT))
    conn.execute("INSERT INTO scenarios (id, hazard_id, kind, description, likelihood, zone_layer_id, class_field,"
                 " affected_classes, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                 (SCENARIO_ID, HAZARD_ID, "most_probable", "Spring flood, 1 in 10 years", "1 in 10 years",
                  LAYER_ID, None, "[]", AT, AT))
    conn.execute("INSERT INTO exposure_results VALUES (?,?,?,?,?,?)",
                 (RESULT_ID, SCENARIO_ID, AT, "v5user", json.dumps({"zones": LAYER_ID}),
                  json.dumps({"groups": [{"asset_type": "hospital", "affected": 1, "total": 2}]})))
    conn.execute("INSERT INTO bundle_exports VALUES (?,?,?,?,?,?,?,?)",
                 (EXPORT_ID, assessment_id, 1, "ab" * 32, None, "frozen-r1.rdbundle", AT, "v5user"))
    conn.execute("VACUUM")
    conn.close()


if __name__ == "__main__":
    if TARGET.exists() and "--force" not in sys.argv:
        sys.exit(f"{TARGET} exists; it is a frozen fixture (use --force only if you know why)")
    build(TARGET)
    print(TARGET)
