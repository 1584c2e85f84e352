"""A process killed with SIGKILL in the middle of many edits loses none that had returned.

The child prints an edit's index only after ``set_answer`` returned (i.e. committed); every
index the parent saw, or that was still in the pipe, must be in the reopened workspace.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from resilience_desktop.workspace.facade import Workspace

from ..fixtures import MINI_QUESTIONS

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

EDITOR = """
import sys
from resilience_desktop.workspace.facade import Workspace
path, aid, first = sys.argv[1], sys.argv[2], int(sys.argv[3])
qids = sys.argv[4].split(",")
ws = Workspace.open(path)
print("ready", flush=True)
for i in range(first, first + 1_000_000):
    ws.set_answer(aid, qids[i % len(qids)], score=i % 4, comment=f"edit {i}")
    print(i, flush=True)
"""


def _edit_and_kill(path, aid, first: int, after: int) -> list[int]:
    """Run the editor from index ``first``; SIGKILL it once ``after`` edits have returned."""
    child = subprocess.Popen([sys.executable, "-c", EDITOR, str(path), aid, str(first), ",".join(MINI_QUESTIONS)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready", child.stderr.read()
        done: list[int] = []
        deadline = time.monotonic() + 6
        while len(done) < after and time.monotonic() < deadline:
            line = child.stdout.readline()
            if not line:
                break
            done.append(int(line))
        os.kill(child.pid, signal.SIGKILL)
        rest, _ = child.communicate(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL
    done += [int(x) for x in rest.split()]     # printed before the kill: returned, so committed too
    assert len(done) >= min(after, 20), "the child made too few edits to test anything"
    return done


def test_sigkill_mid_edits_loses_nothing_that_returned(tmp_path, mini_registry):
    path = tmp_path / "crash.rdw"
    with Workspace.create(path, registry=mini_registry) as ws:
        aid = ws.new_assessment(ws.add_city("Crashtown", "KG"), "mini")

    returned: list[int] = []
    for after in (150, 40):                     # twice: the second run starts from a crashed file
        returned += _edit_and_kill(path, aid, len(returned) and returned[-1] + 1, after)

    with Workspace.open(path) as ws:            # opens: not locked, not damaged
        logged = {c.new_value for c in ws.history(aid) if c.field == "comment"}
        missing = [i for i in returned if f"edit {i}" not in logged]
        assert missing == []
        # Each question holds its newest returned edit (or a later one that committed before the kill).
        answers = ws.answers(aid)
        for q in MINI_QUESTIONS:
            mine = [i for i in returned if MINI_QUESTIONS[i % len(MINI_QUESTIONS)] == q]
            if mine:
                newest = int(answers[q].comment.split()[-1])
                assert newest >= max(mine)
                assert answers[q].score == newest % 4
        ws.set_answer(aid, "P1.1", score=1, comment="after the crash")   # and it is writable
        assert ws.answer(aid, "P1.1").comment == "after the crash"


# ---------------------------------------------------------------------------------------------
# Issue 16: SIGKILLs at random moments of edits, backups and demo writing leave no orphan and a
# bounded backup folder. The issue asks for 200 kills; the normal suite runs RESILIENCE_CRASH_RUNS
# (default 20). Run the full count by hand with:
#     RESILIENCE_CRASH_RUNS=200 pytest tests/store/test_crash.py -k random_moments
CRASH_RUNS = int(os.environ.get("RESILIENCE_CRASH_RUNS", "20"))

WORKER = """
import sys
from pathlib import Path
mode, path, demo, first = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
if mode == "edit":
    from resilience_desktop.workspace.facade import Workspace
    ws = Workspace.open(path)                      # takes a backup first
    aid = ws.list_assessments()[0].id
    print("ready", flush=True)
    qids = sys.argv[5].split(",")
    for i in range(first, first + 1_000_000):
        ws.set_answer(aid, qids[i % len(qids)], score=i % 4, comment=f"edit {i}")
        print(i, flush=True)
elif mode == "backup":
    import time
    from resilience_desktop.store.database import take_backup
    print("ready", flush=True)
    while True:
        start = time.perf_counter()
        take_backup(path)
        print(f"took {time.perf_counter() - start:.3f}", flush=True)
else:
    import time
    from resilience_desktop.demo.workspace import write_demo
    # what the first write would import, imported before the clock starts: every kill lands in a write
    import rasterio, pyproj, shapely, sqlite_utils  # noqa
    from resilience_desktop.demo import layers, risk_extras, scenarios, shaking  # noqa
    print("ready", flush=True)
    while True:
        start = time.perf_counter()
        write_demo(demo)
        print(f"wrote {time.perf_counter() - start:.3f}", flush=True)
"""

#: How long the kill of a demo write (of a backup) may wait before any was timed: then a little over the
#: slowest demo write, three of the slowest backups (a backup's every moment, and the pruning between two).
FIRST_DEMO_WINDOW_S = 1.5
FIRST_BACKUP_WINDOW_S = 0.6


def _kill_at_random(rng, mode: str, path, demo, first: int, env, timed: dict[str, list[float]]) -> list[int]:
    """SIGKILL a worker of ``mode`` at a random moment; an edit worker's returned edits are given back.

    A demo write is killed within 1.2x the slowest write timed so far, a backup within 3x the slowest
    backup (``timed``, filled here): any moment of one, on a fast machine or a loaded one, without
    waiting long past it. Edits take milliseconds: 0.25 s holds hundreds."""
    demo_writes, backups = timed["demo"], timed["backup"]
    window = {"edit": 0.25, "backup": 3 * max(backups) if backups else FIRST_BACKUP_WINDOW_S,
              "demo": 1.2 * max(demo_writes) if demo_writes else FIRST_DEMO_WINDOW_S}[mode]
    child = subprocess.Popen([sys.executable, "-c", WORKER, mode, str(path), str(demo), str(first),
                              ",".join(MINI_QUESTIONS)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=env)
    try:
        assert child.stdout.readline().strip() == "ready", child.stderr.read()
        time.sleep(rng.uniform(0, window))
        os.kill(child.pid, signal.SIGKILL)
        rest, err = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL, err
    if mode in timed:
        timed[mode] += [float(line.split()[1]) for line in rest.splitlines() if line.startswith(("wrote ", "took "))]
    return [int(x) for x in rest.split()] if mode == "edit" else []


def test_sigkill_at_random_moments_of_edits_backups_and_demo_leaves_no_orphan(tmp_path, mini_registry):
    import random

    from resilience_desktop.demo.workspace import write_demo
    from resilience_desktop.store import backups_dir
    from resilience_desktop.store.database import BACKUPS_KEPT, BACKUPS_MAX_BYTES
    from resilience_desktop.safety.tempfiles import sweep_temp_dir

    folder = tmp_path / "work"
    folder.mkdir()
    tmpdir = tmp_path / "TMP"
    tmpdir.mkdir()
    env = {**os.environ, "TMPDIR": str(tmpdir), "RESILIENCE_SCORECARDS": str(Path(__file__).parents[1] / "data" / "scorecards")}
    path, demo = folder / "ws.rdw", folder / "demo.rdw"
    with Workspace.create(path, registry=mini_registry) as ws:
        aid = ws.new_assessment(ws.add_city("Crashtown", "KG"), "mini")
        blob = tmp_path / "scan.bin"
        blob.write_bytes(os.urandom(6 * 2**20))  # a backup takes long enough to be hit
        ws.add_evidence_file(aid, "P1.1", blob)
    rng = random.Random(16)
    returned: list[int] = []
    timed: dict[str, list[float]] = {"demo": [], "backup": []}
    modes = {"edit": 0, "backup": 0, "demo": 0}
    for run in range(CRASH_RUNS):
        mode = ("edit", "backup", "demo")[run % 3] if run < 3 else rng.choice(("edit", "edit", "backup", "demo"))
        modes[mode] += 1
        returned += _kill_at_random(rng, mode, path, demo, (returned[-1] + 1) if returned else 0, env, timed)

    litter = {"backup partials": len(list(backups_dir(path).glob("*.partial*"))),
              "demo temporaries": len(list(folder.glob(".demo.rdw.rd*"))),
              "temp folders": len(list(tmpdir.iterdir()))}
    print(f"{CRASH_RUNS} kills {modes}; {len(returned)} edits returned; slowest {({k: max(v, default=0) for k, v in timed.items()})}; "
          f"left before the sweep: {litter}")
    # the next start: opening the workspace and writing the demo again sweep what the kills left
    with Workspace.open(path, registry=mini_registry) as ws:
        logged = {c.new_value for c in ws.history(aid) if c.field == "comment"}
    assert [i for i in returned if f"edit {i}" not in logged] == []
    write_demo(demo)
    sweep_temp_dir(tmpdir)

    names = sorted(p.name for p in folder.iterdir())
    assert set(names) <= {"ws.rdw", "ws.rdw.lock", "ws.rdw.backups", "demo.rdw", "demo.rdw.lock"}, names
    backups = sorted(backups_dir(path).iterdir())
    assert all(p.name.startswith("ws-") and p.suffix == ".rdw" for p in backups), [p.name for p in backups]
    assert 1 <= len(backups) <= BACKUPS_KEPT
    assert sum(p.stat().st_size for p in backups) <= BACKUPS_MAX_BYTES
    assert list(tmpdir.iterdir()) == []
    with Workspace.open(demo, read_only=True) as ws:
        assert ws.is_demo
    assert min(modes.values()) >= 1, modes
