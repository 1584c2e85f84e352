"""How the frozen workspace ``v3.rdw`` was made: a workspace of schema version 3.

Run once, when schema version 4 (map layers) appeared; the ``.rdw`` it wrote is committed and
must never be regenerated::

    python tests/data/workspaces/make_v3.py            # refuses to overwrite v3.rdw

It takes the frozen ``v2.rdw``, applies ``MIGRATIONS[2]`` only, and adds what version 3 of the
app wrote: an assessment profile and a private comment. ``tests/store/test_migrations.py``
asserts on these values after opening (and so migrating) a copy.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import sys
from pathlib import Path

from resilience_desktop.store.schema import migrate

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "v2.rdw"
TARGET = HERE / "v3.rdw"
ASSESSMENT_ID = "00000000-0000-4000-8000-0000000a55e5"
PROFILE = {"lead": "Г. Тестов", "most_severe_disaster": "earthquake 1911", "population_2025": 54321}


def build(path: Path) -> None:
    shutil.copy(SOURCE, path)
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, to_version=3)
    conn.execute("UPDATE assessments SET profile = ? WHERE id = ?",
                 (json.dumps(PROFILE, ensure_ascii=False, sort_keys=True), ASSESSMENT_ID))
    conn.execute("UPDATE answers SET comment_private = 1 WHERE question_id = 'P2.1'")
    conn.execute("VACUUM")
    conn.close()


if __name__ == "__main__":
    if TARGET.exists() and "--force" not in sys.argv:
        sys.exit(f"{TARGET} exists; it is a frozen fixture (use --force only if you know why)")
    build(TARGET)
    print(TARGET)
