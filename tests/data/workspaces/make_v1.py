"""How the frozen workspace ``v1.rdw`` was made: a workspace of schema version 1.

Run once, when schema version 2 appeared; the ``.rdw`` it wrote is committed and must never be
regenerated (it stands for the files real users have on disk)::

    python tests/data/workspaces/make_v1.py            # refuses to overwrite v1.rdw
    python tests/data/workspaces/make_v1.py --force

It applies only ``MIGRATIONS[0]`` and then writes rows with plain SQL, the way version-1 of the
app wrote them, with fixed ids and timestamps. ``tests/store/test_migrations.py`` asserts on
exactly these values after opening (and so migrating) a copy.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
from pathlib import Path

from resilience_desktop.store.schema import migrate

HERE = Path(__file__).resolve().parent
TARGET = HERE / "v1.rdw"

CITY_ID = "00000000-0000-4000-8000-00000000c171"
ASSESSMENT_ID = "00000000-0000-4000-8000-0000000a55e5"
EVIDENCE_FILE_ID = "00000000-0000-4000-8000-0000000e0001"
EVIDENCE_LINK_ID = "00000000-0000-4000-8000-0000000e0002"
ACTION_ID = "00000000-0000-4000-8000-0000000ac710"
AT = "2025-03-01T09:00:00.000+00:00"
EVIDENCE_DATA = "Frozenville DRR plan, adopted 2024. Это тоже часть файла.\n".encode("utf-8")

#: A tiny, valid scorecard definition stored inside the workspace (as every assessment's snapshot).
DEFINITION = {
    "format": 1, "id": "frozen", "version": 1, "level": "custom",
    "title": {"en": "Frozen test scorecard", "ru": "Замороженная тестовая карта"},
    "score_range": [0, 3],
    "essentials": [{"number": 1, "title": {"en": "Organise", "ru": "Организация"}},
                   {"number": 2, "title": {"en": "Risks", "ru": "Риски"}}],
    "questions": [
        {"id": qid, "essential": int(qid[1]), "topic": {"en": f"Topic {qid}"}, "text": {"en": f"Question {qid}?"},
         "levels": {str(s): {"en": f"{qid} level {s}"} for s in range(4)}}
        for qid in ("P1.1", "P1.2", "P2.1")
    ],
}


def build(path: Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA page_size = 1024")       # keep the committed file small
    conn.execute("PRAGMA foreign_keys = ON")
    migrate(conn, to_version=1)                    # MIGRATIONS[0] only; sets application_id and user_version 1
    sha = hashlib.sha256(EVIDENCE_DATA).hexdigest()
    rows = [
        ("INSERT INTO meta VALUES (?, ?)", ("made_by", "tests/data/workspaces/make_v1.py")),
        ("INSERT INTO scorecards VALUES (?, ?, ?)", ("frozen", 1, json.dumps(DEFINITION, sort_keys=True))),
        ("INSERT INTO cities VALUES (?,?,?,?,?,?,?,?,?,?)",
         (CITY_ID, "Frozenville", "KG", "Old region", 54321, 87.5, 74.5, 42.8, AT, AT)),
        ("INSERT INTO assessments VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
         (ASSESSMENT_ID, CITY_ID, "frozen", 1, "Frozenville 2025", "in_progress", "2025-03-01", None,
          json.dumps(["A. Tester", "Б. Тестова"], ensure_ascii=False), None, AT, AT)),
        ("INSERT INTO answers VALUES (?,?,?,?,?,?,?,?,?,?)",
         ("00000000-0000-4000-8000-0000000a0001", ASSESSMENT_ID, "P1.1", 2, 0, "mostly in place",
          "plan and minutes", "Emergency Department", "v1user", AT)),
        ("INSERT INTO answers VALUES (?,?,?,?,?,?,?,?,?,?)",
         ("00000000-0000-4000-8000-0000000a0002", ASSESSMENT_ID, "P1.2", None, 1, "no coastline",
          "", "", "v1user", AT)),
        ("INSERT INTO answers VALUES (?,?,?,?,?,?,?,?,?,?)",
         ("00000000-0000-4000-8000-0000000a0003", ASSESSMENT_ID, "P2.1", 0, 0, "nothing yet", "", "", "v1user", AT)),
        ("INSERT INTO blobs VALUES (?, ?, ?)", (sha, len(EVIDENCE_DATA), EVIDENCE_DATA)),
        ("INSERT INTO evidence VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
         (EVIDENCE_FILE_ID, ASSESSMENT_ID, "P1.1", "file", "plan.txt", sha, len(EVIDENCE_DATA), None,
          "the adopted plan", "v1user", AT, None)),
        ("INSERT INTO evidence VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
         (EVIDENCE_LINK_ID, ASSESSMENT_ID, "P1.1", "link", "Published plan", None, None,
          "https://example.org/frozenville/plan", "", "v1user", AT, None)),
        ("INSERT INTO action_items VALUES (?,?,?,?,?,?,?,?,?,?)",
         (ACTION_ID, ASSESSMENT_ID, "P2.1", "Commission a hazard map", "Planning Department", "1 year",
          "open", AT, AT, None)),
    ]
    log = [
        ("city", CITY_ID, None, None, "created", None, '{"name": "Frozenville"}'),
        ("assessment", ASSESSMENT_ID, ASSESSMENT_ID, None, "created", None, '{"scorecard": "frozen@1"}'),
        ("answer", "P1.1", ASSESSMENT_ID, "P1.1", "score", None, "2"),
        ("answer", "P1.2", ASSESSMENT_ID, "P1.2", "score", None, "N/A"),
        ("answer", "P2.1", ASSESSMENT_ID, "P2.1", "score", None, "0"),
        ("evidence", EVIDENCE_FILE_ID, ASSESSMENT_ID, "P1.1", "added", None, f"file: plan.txt ({sha})"),
    ]
    conn.execute("BEGIN")
    for sql, params in rows:
        conn.execute(sql, params)
    for i, (entity, entity_id, aid, qid, field, old, new) in enumerate(log, 1):
        conn.execute("INSERT INTO change_log (id, at, who, entity, entity_id, assessment_id, question_id,"
                     " field, old_value, new_value) VALUES (?,?,?,?,?,?,?,?,?,?)",
                     (f"00000000-0000-4000-8000-00000000100{i}", AT, "v1user", entity, entity_id, aid, qid,
                      field, old, new))
    conn.execute("COMMIT")
    conn.execute("VACUUM")
    conn.close()


def main(argv: list[str]) -> int:
    if TARGET.exists() and "--force" not in argv:
        print(f"{TARGET} exists; it is a frozen fixture (use --force only if you know why)", file=sys.stderr)
        return 1
    TARGET.unlink(missing_ok=True)
    build(TARGET)
    print(f"wrote {TARGET} ({TARGET.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
