"""Shared pytest setup for every test, core and UI.

The first lines run before any test module imports Qt: the whole suite runs without a display.
Every test gets its own fresh home, data, cache and config folders, so nothing ever
reads or writes the real user's workspace, scorecards or settings.
"""

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

import shutil  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

from resilience_desktop.demo.workspace import write_demo  # noqa: E402
from resilience_desktop.safety.tempfiles import sweep_beside, tagged_prefix  # noqa: E402
from resilience_desktop.scorecard import ScorecardRegistry, builtin_dir  # noqa: E402
from resilience_desktop.workspace.facade import Workspace  # noqa: E402

from .fixtures import SCORECARDS_DIR, TEST_USER  # noqa: E402

# ------------------------------------------------------------------ fuzzing (hypothesis profiles)
# The fuzz tests take their example counts from the profile: "suite" (the default) keeps the
# README's test line quick; HYPOTHESIS_PROFILE=thorough runs twenty times as many examples.
settings.register_profile("suite", max_examples=30, deadline=None)
settings.register_profile("thorough", max_examples=600, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))


# ------------------------------------------------------------------ bytecode (once per run)
def pytest_configure(config: pytest.Config) -> None:
    """Compile the package's and the tests' bytecode once, in the controlling process, before any
    test runs, on every core.

    Under ``PYTHONDONTWRITEBYTECODE=1`` (set on the machines this suite runs on) Python never saves
    the bytecode it compiles, so every process a test starts (the crash test's children, the
    ``--screenshot`` and hostile-input runs, the receiver) compiled the ~230 modules again: 0.2-0.4 s
    of CPU each. ``compileall`` writes the ``__pycache__`` folders (git ignores them) whatever that
    setting says, and every process reads them.

    The test modules the same way: pytest rewrites their asserts and, under that setting, never
    saved the result, so each xdist worker spent ~9 s of every run's collection rewriting all 137
    of them again (and ~2 s on the ~380 modules of the pytest plugins, which pytest rewrites too). Pytest reads a saved rewrite whatever the setting (a hash-checked pyc, so an
    edited test is rewritten again), so they are written here, once, in parallel.
    """
    if hasattr(config, "workerinput"):  # an xdist worker: the controller has done it
        return
    _temporary_files_in_memory(config)
    import compileall
    from concurrent.futures import ProcessPoolExecutor

    root = Path(__file__).resolve().parents[1]
    compileall.compile_dir(str(root / "resilience_desktop"), quiet=2, workers=0)
    compileall.compile_dir(str(root / "tests"), quiet=2, workers=0)  # helpers, fixtures
    tests = {str(p) for pattern in ("test_*.py", "conftest.py") for p in (root / "tests").rglob(pattern)
             if "data" not in p.relative_to(root / "tests").parts}
    tests |= _rewritten_plugin_modules(config)
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        list(pool.map(_save_rewritten_test, sorted(tests), chunksize=8))


#: Free memory-backed space needed to put the suite's temporary files there (it writes ~2 GB).
_MEMORY_TEMP_NEEDED = 6 * 2**30


def _temporary_files_in_memory(config: pytest.Config) -> None:
    """Put the suite's temporary folders (``tmp_path``, and ``TMPDIR`` for the code and the processes
    the tests start) on the machine's memory-backed file system, ``/dev/shm``, when it has room.

    The workspace store, the bundle exporter and the importers sync every file they write; on a disk
    each sync waits for it (the store, safety, workspace and sync tests: 41-44 s on this machine's
    disk, 36-38 s in memory). What the tests prove does not depend on the sync reaching a platter:
    the crash tests kill processes (the kernel keeps what they wrote), they do not cut the power.
    ``RESILIENCE_TEST_TMP=disk`` keeps everything on disk; ``--basetemp`` or ``PYTEST_DEBUG_TEMPROOT``
    given by the caller are kept. A passing run's folders are removed at its end (pytest's own
    "failed" retention policy removes each passing test's folder at once, and the next test then gets
    the same name: GDAL took the new ``d.zip`` there, of the same size and second, for the old one).
    """
    if (os.environ.get("RESILIENCE_TEST_TMP") == "disk" or os.environ.get("PYTEST_DEBUG_TEMPROOT")
            or config.option.basetemp or not sys.platform.startswith("linux")):
        return
    shm = Path("/dev/shm")
    try:
        free = os.statvfs(shm)
        if not os.access(shm, os.W_OK | os.X_OK) or free.f_bavail * free.f_frsize < _MEMORY_TEMP_NEEDED:
            return
        root = shm / f"resilience-tests-{os.getuid()}"
        root.mkdir(exist_ok=True)
        if root.is_symlink() or root.stat().st_uid != os.getuid():  # someone else's: stay on disk
            return
        # others may pass through to a folder a test opened to them (the read-only workspace test
        # runs a process as nobody), not list what is in it, as in /tmp
        root.chmod(0o711)
        sweep_beside(root, "tmp-rd*")  # the TMPDIR of a run that was killed (its process is gone)
        tmp = root / (tagged_prefix("tmp-") + "run")
        tmp.mkdir(exist_ok=True)
        tmp.chmod(0o711)
    except OSError:
        return
    os.environ["PYTEST_DEBUG_TEMPROOT"] = str(root)  # read when pytest makes its base folder, later
    os.environ["TMPDIR"] = str(tmp)  # the xdist workers and every process they start inherit it
    tempfile.tempdir = None
    config.add_cleanup(lambda: shutil.rmtree(tmp, ignore_errors=True))
    config.stash[_IN_MEMORY] = True


_IN_MEMORY = pytest.StashKey[bool]()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A passing run's temporary folders in memory are removed (a failing run's are kept for a look)."""
    config = session.config
    if not config.stash.get(_IN_MEMORY, False) or exitstatus != 0:
        return
    basetemp = getattr(getattr(config, "_tmp_path_factory", None), "_basetemp", None)
    if basetemp is not None:
        shutil.rmtree(basetemp, ignore_errors=True)


def _rewritten_plugin_modules(config: pytest.Config) -> set[str]:
    """The pytest plugins' own modules pytest rewrote on loading them here (schemathesis alone is
    ~240 modules), which every worker rewrites again: the same saving applies."""
    try:
        from _pytest.assertion import assertstate_key

        hook = config.stash[assertstate_key].hook
        return {str(path) for path in getattr(hook, "_rewritten_names", {}).values()}
    except Exception:  # noqa: BLE001 (an optimisation only)
        return set()


def _save_rewritten_test(path: str) -> None:
    """Save one test module's assert-rewritten bytecode where pytest's import hook looks for it.

    It uses pytest's own (private) functions; if a pytest release changes them, nothing is saved
    and the suite is merely slower (pytest rewrites the module itself, as it always could).
    """
    try:
        from _pytest.assertion import rewrite

        source = Path(path)
        pyc = rewrite.get_cache_dir(source) / (source.name[:-3] + rewrite.PYC_TAIL)
        if rewrite._read_pyc(source, pyc) is not None:
            return
        source_hash, code = rewrite._rewrite_test(source, None)  # type: ignore[arg-type]
        pyc.parent.mkdir(exist_ok=True)
        partial = pyc.with_name(f"{pyc.name}.{os.getpid()}")
        with open(partial, "wb") as out:
            rewrite._write_pyc_fp(out, source_hash, code)
        os.replace(partial, pyc)
    except Exception:  # noqa: BLE001 (an optimisation only: pytest rewrites the module itself)
        return


# ------------------------------------------------------------------ temporary files (as each test ends)
_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[pytest.TestReport]:
    """Empty a passing test's ``tmp_path`` and remove its home (``isolated_home``) once its fixtures are
    torn down; a failing test's are kept.

    A run writes ~2 GB (a workspace, bundle or layer per test); emptied as it goes, the memory the
    run holds in /dev/shm stays small instead of growing to the end. The folder itself stays: pytest
    numbers the folders of one test name from the highest left, and a removed folder's name given to
    the next test let GDAL read that test's ``d.zip`` from its listing of the previous one's (GDAL
    keeps a zip's listing by path, size and modification second) — pytest's own
    ``tmp_path_retention_policy = "failed"`` removes the folders, and made that test fail.
    """
    report = yield
    if report.failed:
        item.stash[_FAILED] = True
    elif report.when == "teardown" and not item.stash.get(_FAILED, False):
        funcargs = getattr(item, "funcargs", None) or {}
        home = funcargs.get("isolated_home")
        if isinstance(home, Path):  # ~800 MB over a run: a demo copy per UI test
            shutil.rmtree(home, ignore_errors=True)
        folder = funcargs.get("tmp_path")
        if isinstance(folder, Path) and folder.is_dir():
            for child in folder.iterdir():
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child, ignore_errors=True)
                else:
                    child.unlink(missing_ok=True)
    return report


# ------------------------------------------------------------------ garbage collection (once per run)
def pytest_collection_finish(session: pytest.Session) -> None:
    """Move what collection built (pytest's items, every imported module, PySide6's wrappers) out of
    the garbage collector's sight, and let it run less often.

    Each worker holds ~250,000 objects after collection that live until the run ends; the
    collector's older-generation passes walked them again and again, and the default threshold (a
    pass every 700 allocations) ran thousands of times per test. Measured: the UI and Excel tests
    3-4 % faster in one process; the whole suite 173-179 CPU-s before, 166-170 after. A test's own garbage is still collected: the youngest generation still runs, every
    50,000 allocations instead of 700, and the objects the tests make are not frozen.
    """
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


# ------------------------------------------------------------------ doctests
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Empty Python's source-line cache before each doctest: doctest starts a debugger for every example
    run, and its reset stats every file in that cache (filled by the tracebacks and the source hypothesis
    reads): ~500,000 stat calls over the run's ~270 doctests. It is only a cache; a traceback reads a file again."""
    if type(item).__name__ == "DoctestItem":
        import linecache
        linecache.clearcache()


# ------------------------------------------------------------------ scheduling (xdist)
@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The tests that read the country store (``tests/national/country.py``: the demo's bundles and
    ~40 generated cities, ~10 s to build) run on one xdist worker, which builds it once; each
    worker built its own before."""
    for item in items:
        if "country" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("country"))


# ------------------------------------------------------------------ isolation (every test)
@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point HOME and the XDG folders (what platformdirs reads) into a fresh temporary folder.

    It is not inside ``tmp_path``, so a test sees only its own files there. The homes sit in one
    folder of their own, named by ``mkdtemp``: pytest's numbered ``mktemp`` lists the whole base folder
    to find the next number, and with a home and a ``tmp_path`` per test that listing grew with every
    test (~11 s of a run's CPU, quadratic in the number of tests).
    """
    homes = tmp_path_factory.getbasetemp() / "homes"
    homes.mkdir(exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="home-", dir=homes))
    for var, sub in (("HOME", ""), ("XDG_DATA_HOME", ".local/share"),
                     ("XDG_CACHE_HOME", ".cache"), ("XDG_CONFIG_HOME", ".config")):
        folder = home / sub
        folder.mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(var, str(folder))
    _share_scorecard_caches(home / ".cache", tmp_path_factory)
    monkeypatch.setenv("RESILIENCE_USER", TEST_USER)
    # sync tokens (store/secrets.py): never the user's keyring; the token file lands in the XDG config above
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    monkeypatch.delenv("RESILIENCE_SCORECARDS", raising=False)
    yield home
    _close_leftover_message_boxes()
    from resilience_desktop.i18n.catalog import set_language
    set_language("en")  # a test that switched the interface language (main(["--lang", "ru", …])) leaves English
    from resilience_desktop.safety.csv_safe import set_separator
    set_separator("comma")  # a Russian window chose semicolons for the process's CSV files


def _share_scorecard_caches(cache: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The scorecard caches of a user who has started the app before, shared by this worker's tests
    and the processes they start: the definitions read and validated (``scorecards/``) and the
    stored copies known valid (``validated-scorecards.txt``). Without them each of the ~100
    processes the suite starts read and validated every definition again (~1 s of CPU each).
    Their own tests (tests/scorecard/test_parsed_cache.py, test_valid_cache.py) use private ones.
    """
    shared = tmp_path_factory.getbasetemp() / "scorecard-caches"
    (shared / "scorecards").mkdir(parents=True, exist_ok=True)
    (shared / "validated-scorecards.txt").touch()
    mine = cache / "ResilienceDesktop"
    mine.mkdir(parents=True, exist_ok=True)
    (mine / "scorecards").symlink_to(shared / "scorecards", target_is_directory=True)
    (mine / "validated-scorecards.txt").symlink_to(shared / "validated-scorecards.txt")


def _close_leftover_message_boxes() -> None:
    """Close the message boxes a test left open, so the next test on this worker never reads them.

    (An error box from one test had been taken for the next test's own, which failed only when xdist
    happened to run the two on the same worker.) Qt is only looked at when a test has loaded it.
    """
    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtWidgets import QApplication, QMessageBox

    app = QApplication.instance()
    if app is None:
        return
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.isVisible():
            widget.close()
            widget.deleteLater()


# ------------------------------------------------------------------ scorecards
@pytest.fixture(scope="session")
def mini_registry() -> ScorecardRegistry:
    """The small test scorecard ``mini`` (tests/data/scorecards/mini.yaml): 10 Essentials, 20 questions, 0-3."""
    return ScorecardRegistry([SCORECARDS_DIR])


@pytest.fixture(scope="session")
def registry() -> ScorecardRegistry:
    """The shipped scorecards only (no user folder, no RESILIENCE_SCORECARDS)."""
    return ScorecardRegistry([builtin_dir()])


# ------------------------------------------------------------------ workspaces
@pytest.fixture
def workspace(tmp_path: Path, mini_registry: ScorecardRegistry):
    """A fresh, empty workspace in ``tmp_path`` using the mini registry; closed after the test."""
    ws = Workspace.create(tmp_path / "test.rdw", registry=mini_registry)
    yield ws
    ws.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory, registry: ScorecardRegistry) -> Path:
    """The demo workspace, written once per test run (about 0.5 s); tests get copies of it."""
    return write_demo(tmp_path_factory.mktemp("demo-template") / "demo.rdw", registry=registry)


@pytest.fixture
def demo_path(tmp_path: Path, demo_template: Path) -> Path:
    """A fresh (closed) demo workspace on the shipped preliminary scorecard: a copy of the template."""
    return Path(shutil.copyfile(demo_template, tmp_path / "demo.rdw"))


@pytest.fixture(scope="session")
def country(tmp_path_factory: pytest.TempPathFactory, registry: ScorecardRegistry, demo_template: Path):
    """The country store (SQLite; ``tests/national/country.py``), built once per worker. Do not modify.

    Defined here, not imported by each test module: a fixture imported into a module is a separate
    fixture of that module, so its session scope held per module and the store (~1.4 s) was built by
    each of the seven modules that read it."""
    from .national.country import build_country
    return build_country(tmp_path_factory.mktemp("country"), registry, demo_template=demo_template)
