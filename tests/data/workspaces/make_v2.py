"""How the frozen workspace ``v2.rdw`` was made: a workspace of schema version 2.

Run once, when schema version 3 appeared; the ``.rdw`` it wrote is committed and must never be
regenerated::

    python tests/data/workspaces/make_v2.py            # refuses to overwrite v2.rdw

It takes the frozen ``v1.rdw``, applies ``MIGRATIONS[1]`` only, and adds what version 2 of the
app wrote: a data-sources text and two stakeholder proposals. ``tests/store/test_migrations.py``
asserts on these values after opening (and so migrating) a copy.
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
from pathlib import Path

from resilience_desktop.store.schema import migrate

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "v1.rdw"
TARGET = HERE / "v2.rdw"
ASSESSMENT_ID = "00000000-0000-4000-8000-0000000a55e5"
AT = "2025-06-01T09:00:00.000+00:00"


def build(path: Path) -> None:
    shutil.copy(SOURCE, path)
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, to_version=2)
    conn.execute("UPDATE answers SET data_sources = ? WHERE question_id = 'P1.1'", ("City archive, 2024",))
    for i, (who, score, note) in enumerate((("Water utility", 1, "plan not funded"),
                                            ("Ministry of Emergency Situations", 2, "adopted"))):
        conn.execute("INSERT INTO stakeholder_scores VALUES (?,?,?,?,?,?,?,?,?)",
                     (f"00000000-0000-4000-8000-00000005000{i}", ASSESSMENT_ID, "P1.1", who, score, 0, note,
                      "v2user", AT))
    conn.execute("VACUUM")
    conn.close()


if __name__ == "__main__":
    if TARGET.exists() and "--force" not in sys.argv:
        sys.exit(f"{TARGET} exists; it is a frozen fixture (use --force only if you know why)")
    build(TARGET)
    print(TARGET)
