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
