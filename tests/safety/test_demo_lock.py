"""Issue 16 item 2: writing the demo takes its lock first and replaces it in one rename.

Before: ``demo PATH`` deleted the file (and its WAL) another process had open, so that process's
edits, each reported done, were gone.
"""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from resilience_desktop.demo.workspace import write_demo
from resilience_desktop.errors import WorkspaceLockedError
from resilience_desktop.safety.tempfiles import tagged_prefix
from resilience_desktop.workspace.facade import Workspace

from ..fixtures import run_cli

HOLDER = """
import sys, time
from resilience_desktop.workspace.facade import Workspace
ws = Workspace.open(sys.argv[1])
aid = [a for a in ws.list_assessments() if "preliminary assessment (demo)" in a.title][0].id
qid = ws.scorecard_of(aid).active_questions[0].id
for i in range(int(sys.argv[2])):
    ws.set_answer(aid, qid, comment=f"held edit {i}")
print("ready", flush=True)
sys.stdin.readline()
ws.close()
"""


def test_demo_open_in_another_process_is_refused_and_untouched(demo_path):
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(demo_path), "25"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready", holder.stderr.read()
        r = run_cli("demo", demo_path)
        assert r.returncode == 2 and "Traceback" not in r.stderr
        assert r.stderr.strip().startswith("resilience-desktop: error: ") and "open in another" in r.stderr
        assert demo_path.exists() and demo_path.with_name(demo_path.name + "-wal").exists()
        holder.stdin.write("\n"); holder.stdin.flush()
        assert holder.wait(timeout=30) == 0, holder.stderr.read()
    finally:
        if holder.poll() is None:
            holder.kill()
    with Workspace.open(demo_path, read_only=True) as ws:  # the holder's 25 edits are all there
        logged = {c.new_value for c in ws.history() if c.field == "comment"}
    assert {f"held edit {i}" for i in range(25)} <= logged


def test_demo_lock_refusal_in_process(demo_path, registry):
    with Workspace.open(demo_path, registry=registry):
        with pytest.raises(WorkspaceLockedError):
            write_demo(demo_path, registry=registry)
    assert list(demo_path.parent.glob(".demo.rdw.*")) == []


def test_a_failed_demo_write_keeps_the_old_demo(demo_path, registry, monkeypatch):
    from resilience_desktop.demo import workspace as demo_module
    before = demo_path.read_bytes()

    def boom(*_args):
        raise RuntimeError("disk full")
    monkeypatch.setattr("resilience_desktop.demo.scenarios.add_demo_scenarios", boom)
    with pytest.raises(RuntimeError):
        demo_module.write_demo(demo_path, registry=registry)
    assert demo_path.read_bytes() == before
    assert sorted(p.name for p in demo_path.parent.iterdir()
                  if p.name.startswith(".demo.rdw")) == []


def test_a_killed_demo_write_leaves_nothing_the_next_write_keeps(tmp_path, registry):
    target = tmp_path / "demo.rdw"
    child = subprocess.Popen([sys.executable, "-m", "resilience_desktop", "demo", str(target)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not list(tmp_path.glob(".demo.rdw.rd*")):
        time.sleep(0.01)
    child.kill()
    child.wait()
    assert not target.exists() or target.stat().st_size > 0
    write_demo(target, registry=registry)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.rdw"]  # the lock is flock on the file itself
    with Workspace.open(target, read_only=True) as ws:
        assert ws.is_demo


def test_a_tagged_name_of_a_live_process_is_left_alone(tmp_path, registry):
    import os
    other = tmp_path / f".demo.rdw.rd{os.getppid()}-new.rdw"  # another instance, still running
    other.write_bytes(b"building")
    write_demo(tmp_path / "demo.rdw", registry=registry)
    assert other.exists()  # its process is alive: its temporary file is not an orphan
    assert tagged_prefix("x.").startswith(f"x.rd{os.getpid()}-")
