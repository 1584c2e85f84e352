"""Issue 16 item 4: backups and temporary files stay bounded, whatever was killed when.

Before: 14 orphan ``*.partial`` files in ``.backups/`` that were never pruned (995 MB), ``*.tmp``
files beside bundle targets, ``rd-bundle-*`` and ``rd-verify-*`` folders in the temporary folder.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from resilience_desktop.bundle import export_bundle, verify_bundle
from resilience_desktop.store import backups_dir
from resilience_desktop.store.database import BACKUPS_KEPT, prune_backups, take_backup
from resilience_desktop.safety.tempfiles import sweep_temp_dir
from resilience_desktop.workspace.facade import Workspace

from ..fixtures import populate


def dead_pid() -> int:
    """The id of a process that has ended."""
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


@pytest.fixture
def ws_file(tmp_path, mini_registry) -> tuple[Path, str]:
    path = tmp_path / "ws.rdw"
    with Workspace.create(path, registry=mini_registry) as ws:
        _city, aid = populate(ws)
        big = tmp_path / "scan.bin"
        big.write_bytes(os.urandom(12 * 2**20))  # big enough that a backup takes a moment
        ws.add_evidence_file(aid, "P1.1", big)
        big.unlink()
    return path, aid


BACKUP_LOOP = """
import sys
from pathlib import Path
from resilience_desktop.store.database import take_backup
print("ready", flush=True)
while True:
    take_backup(Path(sys.argv[1]))
"""


def test_a_killed_backup_leaves_an_orphan_the_next_open_removes(ws_file):
    path, _aid = ws_file
    folder = backups_dir(path)
    partials: list[Path] = []
    for _attempt in range(20):
        child = subprocess.Popen([sys.executable, "-c", BACKUP_LOOP, str(path)], stdout=subprocess.PIPE)
        assert child.stdout.readline().strip() == b"ready"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not list(folder.glob("*.partial*")):
            time.sleep(0.001)
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        partials = list(folder.glob("*.partial*"))
        if partials:
            break
    assert partials, "the kill never hit a backup in progress"
    with Workspace.open(path):  # the next open (which takes a backup) sweeps the orphans
        pass
    assert list(folder.glob("*.partial*")) == []
    assert 1 <= len(list(folder.glob("ws-*.rdw"))) <= BACKUPS_KEPT


def test_an_open_that_skips_its_backup_still_removes_orphans(ws_file):
    """The CLI takes at most one backup per ten minutes (``backup_min_age_s``); the orphans a killed
    backup left must still go at the next open for writing, not only at the next backup."""
    path, _aid = ws_file
    take_backup(path)  # a fresh backup: the next opens skip theirs
    folder = backups_dir(path)
    dead = dead_pid()
    orphans = [folder / f"ws-20260101T000000000000Z.rdw.rd{dead}-.partial",
               folder / f"ws-20260101T000000000000Z.rdw.rd{dead}-.partial-journal"]
    for p in orphans:
        p.write_bytes(b"x" * 1000)
    before = sorted(folder.glob("ws-*.rdw"))
    with Workspace.open(path, read_only=True):  # a read-only open writes nothing, not even a sweep
        pass
    assert all(p.exists() for p in orphans)
    with Workspace.open(path, backup_min_age_s=600):
        pass
    assert sorted(folder.glob("ws-*.rdw")) == before  # no new backup was taken ...
    assert not any(p.exists() for p in orphans)       # ... and the orphans are gone all the same


def test_orphans_of_old_and_dead_processes_are_removed_live_ones_kept(ws_file):
    path, _aid = ws_file
    folder = backups_dir(path)
    folder.mkdir(exist_ok=True)
    dead, alive = dead_pid(), os.getppid()
    orphan = folder / f"ws-20260101T000000000000Z.rdw.rd{dead}-.partial"
    journal = folder / f"ws-20260101T000000000000Z.rdw.rd{dead}-.partial-journal"
    old_style = folder / "ws-20250101T000000000000Z.partial"
    live = folder / f"ws-20260101T000001000000Z.rdw.rd{alive}-.partial"
    for p in (orphan, journal, old_style, live):
        p.write_bytes(b"x" * 1000)
    take_backup(path)
    assert not orphan.exists() and not journal.exists() and not old_style.exists()
    assert live.exists()


def test_the_backup_folder_is_bounded_in_count_and_size(ws_file):
    path, _aid = ws_file
    for _ in range(BACKUPS_KEPT + 3):
        take_backup(path)
    backups = sorted(backups_dir(path).glob("ws-*.rdw"))
    assert len(backups) == BACKUPS_KEPT
    one = backups[-1].stat().st_size
    removed = prune_backups(path, max_bytes=int(2.5 * one))
    left = sorted(backups_dir(path).glob("ws-*.rdw"))
    assert len(left) == 2 and len(removed) == BACKUPS_KEPT - 2
    assert left[-1] == backups[-1]  # the newest is kept
    prune_backups(path, max_bytes=1)
    assert sorted(backups_dir(path).glob("ws-*.rdw")) == [backups[-1]]  # ... whatever its size


def test_bundle_export_leaves_no_temporary_file_or_folder(tmp_path, ws_file, monkeypatch):
    path, aid = ws_file
    tmpdir = tmp_path / "TMP"
    tmpdir.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmpdir))
    import tempfile
    monkeypatch.setattr(tempfile, "tempdir", None)
    out = tmp_path / "out" / "b.zip"
    out.parent.mkdir()
    dead = dead_pid()
    stale = [out.parent / f".b.zip.rd{dead}-abcd1234.tmp", tmpdir / f"rd-bundle-rd{dead}-x1",
             tmpdir / f"rd-verify-rd{dead}-x2"]
    stale[0].write_bytes(b"half a zip")
    stale[1].mkdir(); stale[2].mkdir()
    (stale[2] / "layers.gpkg").write_bytes(b"x")
    with Workspace.open(path) as ws:
        export_bundle(ws, aid, out)
        assert not stale[0].exists()  # swept beside the target before writing
        assert sorted(p.name for p in out.parent.iterdir()) == ["b.zip"]
        verify_bundle(out)  # verifying (as the importer does) leaves no rd-verify-* folder either
        assert sorted(p.name for p in tmpdir.iterdir()) == sorted(p.name for p in stale[1:])

        def fail(*_a, **_k):
            raise OSError(28, "No space left on device")
        monkeypatch.setattr("resilience_desktop.bundle.export.write_zip", fail)
        with pytest.raises(OSError):
            export_bundle(ws, aid, out.with_name("c.zip"))
    assert sorted(p.name for p in out.parent.iterdir()) == ["b.zip"]
    assert sweep_temp_dir(tmpdir) == 2
    assert list(tmpdir.iterdir()) == []


def test_a_bundle_export_into_a_missing_folder_names_the_users_file(tmp_path, ws_file):
    """The error names the file asked for, never our temporary name beside it."""
    path, aid = ws_file
    out = tmp_path / "no-such-folder" / "b.zip"
    with Workspace.open(path) as ws:
        with pytest.raises(OSError) as caught:
            export_bundle(ws, aid, out)
    assert caught.value.filename == str(out) and ".tmp" not in str(caught.value)
    assert not out.parent.exists()


KILLED_WHILE_PACKING = """
import os, signal, sys
import rasterio
from resilience_desktop.gis import raster_layer
real = rasterio.open
def open_then_die(path, mode="r", **kw):
    if mode == "w":  # inside the packing's temporary folder, as a SIGKILL during a demo write found it
        os.kill(os.getpid(), signal.SIGKILL)
    return real(path, mode, **kw)
rasterio.open = open_then_die
raster_layer.pack_raster(sys.argv[1])
"""


@pytest.mark.parametrize("prefix", ["rd-raster-", "rd-shx-", "rd-pending-", "rd-report-"])
def test_every_temporary_folder_a_killed_process_can_leave_is_swept(prefix):
    from resilience_desktop.safety.tempfiles import TEMP_DIR_PREFIXES
    assert prefix in TEMP_DIR_PREFIXES


def test_a_raster_packed_when_the_process_is_killed_leaves_a_folder_the_next_start_removes(tmp_path):
    from ..gis import samples
    tif = samples.flood_geotiff(tmp_path)
    tmp = tmp_path / "TMP"
    tmp.mkdir()
    child = subprocess.run([sys.executable, "-c", KILLED_WHILE_PACKING, str(tif)], env={**os.environ, "TMPDIR": str(tmp)},
                           capture_output=True, text=True, timeout=60)
    assert child.returncode == -signal.SIGKILL, child.stderr
    (left,) = tmp.iterdir()
    assert left.name.startswith("rd-raster-rd")  # tagged with the dead process
    assert sweep_temp_dir(tmp) == 1 and list(tmp.iterdir()) == []
