"""The workspace façade: the one Qt-free object the UI, the command line and the tests drive.

A :class:`Workspace` is composed of small parts, each given what it needs when it is made and
nothing else: ``ws.cities``, ``ws.assessments`` (with answers and history), ``ws.evidence``,
``ws.actions``, ``ws.proposals`` (stakeholder scores), ``ws.layers``, ``ws.rasters``, ``ws.map``
(map CRS, basemaps, report extent), ``ws.hazards`` (with scenarios), ``ws.exposure`` (exposure
results), ``ws.losses``, ``ws.outbox``, ``ws.exports`` (bundle revisions), ``ws.meta`` and
``ws.scorecards``.
Every part writes through the one :class:`~resilience_desktop.workspace.recorder.Recorder`:
validate first, then one SQLite transaction with its change-log rows, then typed change events
(:class:`~resilience_desktop.workspace.records.Entity`) after the commit. A call that raises
has changed nothing.

The flat methods (``ws.add_city``, ``ws.set_answer``, …) are thin delegations to the parts,
kept so callers need not know which part does what.
"""

from __future__ import annotations

__all__ = ["Workspace", "UNSET", "ACTION_STATUSES", "ASSESSMENT_STATUSES", "MAX_EVIDENCE_BYTES",
           "default_workspace_path", "current_user"]

import functools
import getpass
import os
from pathlib import Path
from typing import Any, Callable, Collection, ContextManager, Concatenate, ParamSpec, TypeVar

import platformdirs

from ..paths import config_dir
from ..scorecard import Scorecard, ScorecardRegistry, default_registry
from ..store import Database, create_database, open_database
from ..store.database import WORKSPACE_SUFFIX
from .actions import ACTION_STATUSES, ActionItems
from .assessments import ASSESSMENT_STATUSES, Assessments
from .cities import Cities
from .common import UNSET
from .limits import MAX_CITY_NAME
from .evidence import MAX_EVIDENCE_BYTES, EvidenceItems
from .exports import BundleExports
from .exposure import ExposureResults
from .hazards import Hazards
from .layers import Layers
from .losses import Losses
from .map_settings import MapSettings
from .meta import Meta
from .outbox import Outbox
from .proposals import Proposals
from .rasters import Rasters
from .recorder import Recorder
from .records import ChangeEvent, Entity
from .scorecards import Scorecards

_P = ParamSpec("_P")
_R = TypeVar("_R")


def _via(part: str, method: Callable[Concatenate[Any, _P], _R]) -> Callable[Concatenate[Any, _P], _R]:
    """A façade method that calls ``method`` on the part named ``part`` (same signature, same docs)."""
    name = method.__name__

    def delegate(self: Any, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        result: _R = getattr(getattr(self, part), name)(*args, **kwargs)
        return result
    functools.update_wrapper(delegate, method)
    return delegate


def current_user(configured: str | None = None) -> str:
    """Who is editing, as the history records it: ``RESILIENCE_USER`` if set (scripts, shared
    machines), else the name the person gave (``configured``, or the one saved by the app's
    Edit > Your name…, which the command line reads too), else the operating-system login name."""
    try:
        return (os.environ.get("RESILIENCE_USER") or (configured or "").strip() or saved_user_name()
                or getpass.getuser())
    except Exception:  # getpass raises various errors when there is no login name
        return "unknown"


def _user_name_file() -> Path:
    return config_dir() / "user-name.txt"


def saved_user_name() -> str:
    """The name saved with :func:`save_user_name` ('' when none, or when the file cannot be read)."""
    try:
        return _user_name_file().read_text(encoding="utf-8").strip()[:MAX_CITY_NAME]
    except (OSError, UnicodeDecodeError):
        return ""


def save_user_name(name: str) -> None:
    """Keep ``name`` for every later session, the app's and the command line's (one small text file in
    the user's configuration folder, written atomically)."""
    from ..atomic import atomic_target
    target = _user_name_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_target(target, mode=0o600) as tmp:
        tmp.write_text(name.strip() + "\n", encoding="utf-8")


def default_workspace_path() -> Path:
    return Path(platformdirs.user_data_dir("ResilienceDesktop", appauthor=False)) / f"workspace{WORKSPACE_SUFFIX}"


class Workspace:
    """An open workspace file. Use :meth:`open` or :meth:`create`; close it (or use ``with``)."""

    def __init__(self, database: Database, *, user: str | None = None,
                 registry: ScorecardRegistry | None = None):
        self._db = database
        self._registry = registry
        self.recorder = Recorder(database, user or current_user())
        rec = self.recorder
        self.meta = Meta(database, rec)
        self.scorecards = Scorecards(database, lambda: self.registry)
        self.cities = Cities(database, rec)
        self.assessments = Assessments(database, rec, self.cities, self.scorecards, lambda: self.registry)
        self.evidence = EvidenceItems(database, rec, self.assessments)
        self.actions = ActionItems(database, rec, self.assessments)
        self.proposals = Proposals(database, rec, self.assessments)
        self.map = MapSettings(database, self.meta, self.cities)
        self.layers = Layers(database, rec, self.map)
        self.rasters = Rasters(database, rec, self.map)
        self.hazards = Hazards(database, rec, self.cities, self.layers, self.rasters)
        self.exposure = ExposureResults(database, rec, self.hazards, self.layers, self.evidence, self.rasters)
        self.losses = Losses(database, rec, self.cities, self.evidence)
        self.outbox = Outbox(database, rec)
        self.exports = BundleExports(database, rec, self.cities)

    # ----------------------------------------------------------------- lifecycle
    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False, create: bool = False,
             user: str | None = None, registry: ScorecardRegistry | None = None,
             backup: bool = True, backup_min_age_s: float = 0) -> "Workspace":
        """Open the workspace at ``path`` (creating it when ``create`` and it does not exist).

        Opening for writing takes a rolling backup first, unless ``backup`` is false or the newest
        backup is younger than ``backup_min_age_s`` seconds (scripts calling the CLI in a loop).
        """
        path = Path(path)
        if create and not path.exists():
            return cls(create_database(path), user=user, registry=registry)
        return cls(open_database(path, read_only=read_only, backup=backup, backup_min_age_s=backup_min_age_s),
                   user=user, registry=registry)

    @classmethod
    def create(cls, path: str | Path, *, user: str | None = None,
               registry: ScorecardRegistry | None = None) -> "Workspace":
        return cls(create_database(Path(path)), user=user, registry=registry)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "Workspace":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def path(self) -> Path:
        return self._db.path

    @property
    def read_only(self) -> bool:
        return self._db.read_only

    @property
    def registry(self) -> ScorecardRegistry:
        return self._registry or default_registry()

    @property
    def user(self) -> str:
        """Who is editing (written into the change log and the ``*_by`` columns)."""
        return self.recorder.user

    @user.setter
    def user(self, value: str) -> None:
        self.recorder.user = value

    # ----------------------------------------------------------------- events
    def subscribe(self, callback: Callable[[ChangeEvent], None],
                  entities: Collection[Entity | str] | None = None) -> Callable[[], None]:
        """Call ``callback(event)`` after every committed edit (only edits of ``entities`` when
        given); returns an unsubscribe function."""
        return self.recorder.subscribe(callback, entities)

    def batch(self) -> ContextManager[None]:
        """Make every edit inside the block one transaction: all of it is saved, or none.

        For imports and generated content. Subscribers hear of the edits after the commit;
        after a rollback they hear nothing (nothing changed).
        """
        return self.recorder.batch()

    def query(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        """Stored rows as dicts, read-only, for code that copies tables as they are (the bundle
        exporter); everything else reads through the parts."""
        if not sql.lstrip().upper().startswith("SELECT"):
            raise ValueError("Workspace.query only reads (SELECT)")
        return self._db.query(sql, params)

    # ----------------------------------------------------------------- meta, scorecards
    get_meta = _via("meta", Meta.get)
    set_meta = _via("meta", Meta.set)

    @property
    def is_demo(self) -> bool:
        return self.meta.is_demo

    def scorecard(self, scorecard_id: str, version: int) -> Scorecard:
        """The exact definition an assessment was started on (the copy kept in the workspace)."""
        return self.scorecards.get(scorecard_id, version)

    # ----------------------------------------------------------------- cities, assessments, answers
    add_city = _via("cities", Cities.add)
    update_city = _via("cities", Cities.update)
    list_cities = _via("cities", Cities.all)
    get_city = _via("cities", Cities.get)

    new_assessment = _via("assessments", Assessments.new)
    update_assessment = _via("assessments", Assessments.update)
    list_assessments = _via("assessments", Assessments.all)
    get_assessment = _via("assessments", Assessments.get)
    scorecard_of = _via("assessments", Assessments.scorecard_of)
    set_answer = _via("assessments", Assessments.set_answer)
    check_answer = _via("assessments", Assessments.check_answer)
    answer = _via("assessments", Assessments.answer)
    answers = _via("assessments", Assessments.answers)
    score = _via("assessments", Assessments.score)
    history = _via("assessments", Assessments.history)

    # ----------------------------------------------------------------- evidence, actions, proposals
    add_evidence_file = _via("evidence", EvidenceItems.add_file)
    add_evidence_link = _via("evidence", EvidenceItems.add_link)
    list_evidence = _via("evidence", EvidenceItems.all)
    evidence_data = _via("evidence", EvidenceItems.data)
    rename_evidence = _via("evidence", EvidenceItems.rename)
    set_evidence_removed = _via("evidence", EvidenceItems.set_removed)

    add_action = _via("actions", ActionItems.add)
    update_action = _via("actions", ActionItems.update)
    set_action_removed = _via("actions", ActionItems.set_removed)
    list_actions = _via("actions", ActionItems.all)

    set_stakeholder_score = _via("proposals", Proposals.set)
    stakeholder_scores = _via("proposals", Proposals.all)

    # ----------------------------------------------------------------- layers, rasters, the map
    add_layer = _via("layers", Layers.add_file)
    add_layers = _via("layers", Layers.add)
    list_layers = _via("layers", Layers.all)
    get_layer = _via("layers", Layers.get)
    find_layer = _via("layers", Layers.find)
    layer_geometries = _via("layers", Layers.geometries)
    layer_attributes = _via("layers", Layers.attributes)
    layer_attribute_rows = _via("layers", Layers.attribute_rows)
    layer_field_values = _via("layers", Layers.field_values)
    layer_hash = _via("layers", Layers.content_hash)
    exposure_layer = _via("layers", Layers.exposure_layer)
    set_layer_crs = _via("layers", Layers.set_crs)
    rename_layer = _via("layers", Layers.rename)
    set_layer_style = _via("layers", Layers.set_style)
    set_layer_visible = _via("layers", Layers.set_visible)
    set_layer_opacity = _via("layers", Layers.set_opacity)
    set_layer_order = _via("layers", Layers.set_order)
    remove_layer = _via("layers", Layers.remove)
    restore_layer = _via("layers", Layers.restore)

    add_raster = _via("rasters", Rasters.add_file)
    add_packed_raster = _via("rasters", Rasters.add_packed)
    list_rasters = _via("rasters", Rasters.all)
    get_raster = _via("rasters", Rasters.get)
    open_raster_dataset = _via("rasters", Rasters.open_dataset)
    raster_file = _via("rasters", Rasters.file)
    set_raster_style = _via("rasters", Rasters.set_style)
    set_raster_visible = _via("rasters", Rasters.set_visible)
    set_raster_opacity = _via("rasters", Rasters.set_opacity)
    rename_raster = _via("rasters", Rasters.rename)
    set_raster_crs = _via("rasters", Rasters.set_crs)
    remove_raster = _via("rasters", Rasters.remove)
    restore_raster = _via("rasters", Rasters.restore)

    map_crs = _via("map", MapSettings.crs)
    set_map_crs = _via("map", MapSettings.set_crs)
    basemap_path = _via("map", MapSettings.basemap_path)
    set_basemap = _via("map", MapSettings.set_basemap)
    builtin_basemap_on = _via("map", MapSettings.builtin_basemap_on)
    set_builtin_basemap = _via("map", MapSettings.set_builtin_basemap)
    report_extent = _via("map", MapSettings.report_extent)
    set_report_extent = _via("map", MapSettings.set_report_extent)

    # ----------------------------------------------------------------- hazards, scenarios, exposure results
    add_hazard = _via("hazards", Hazards.add)
    update_hazard = _via("hazards", Hazards.update)
    remove_hazard = _via("hazards", Hazards.remove)
    restore_hazard = _via("hazards", Hazards.restore)
    list_hazards = _via("hazards", Hazards.all)
    get_hazard = _via("hazards", Hazards.get)
    set_scenario = _via("hazards", Hazards.set_scenario)
    scenarios = _via("hazards", Hazards.scenarios)
    get_scenario = _via("hazards", Hazards.get_scenario)
    scenario_inputs = _via("exposure", ExposureResults.scenario_inputs)
    add_exposure_result = _via("exposure", ExposureResults.add)
    exposure_results = _via("exposure", ExposureResults.of_scenario)
    get_exposure_result = _via("exposure", ExposureResults.get)
    attach_exposure_evidence = _via("exposure", ExposureResults.attach_as_evidence)

    # ----------------------------------------------------------------- losses
    add_loss_import = _via("losses", Losses.add_import)
    loss_imports = _via("losses", Losses.imports)
    loss_records = _via("losses", Losses.records)
    loss_summary = _via("losses", Losses.summary)
    attach_loss_evidence = _via("losses", Losses.attach_evidence)

    # ----------------------------------------------------------------- search
    def search_text(self, text: str, *, include_private: bool = False, limit: int = 200) -> list[dict[str, Any]]:
        """Full-text matches of ``text`` in every assessment, one row per matching field (see
        :func:`resilience_desktop.store.search_index.search_rows`; the ``search`` package makes hits of them)."""
        from ..store.search_index import search_rows
        return search_rows(self._db.conn, text, include_private=include_private, limit=limit)
