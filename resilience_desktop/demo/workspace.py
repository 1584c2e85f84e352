"""A generated demo workspace: a fictional city with a partly completed assessment.

Deterministic (seeded), so screenshots and tests see the same content every time. The cities
are fictional and the workspace is marked as a demo so nothing mistakes it for real data.

Besides the current (partly completed) assessment there is something to compare it with: an
earlier, lower-scoring baseline of the same city (2024) and a second city's short assessment
(six Essentials). The current assessment is created last, so the app opens it.
"""

from __future__ import annotations

__all__ = ["write_demo", "ensure_demo", "demo_workspace_path", "DEMO_CITY", "DEMO_SECOND_CITY", "DEMO_VERSION"]

import os
import random
import shutil
from glob import escape as glob_escape
from pathlib import Path
from typing import Optional, Sequence, Tuple, Union

import platformdirs

from ..scorecard import Question, ScorecardRegistry
from ..tempfiles import make_temp_dir, sweep_beside, tagged_prefix
from ..workspace.facade import Workspace

#: Raise when what the demo holds changes (new layers, scenarios, answers): an older demo in the
#: user's cache is then rewritten when it is next opened; an up-to-date one is opened as it is.
DEMO_VERSION = 2  # 2: the map labels facilities and the river (issue 14)

DEMO_CITY = "Jasyl-Dala"
DEMO_SECOND_CITY = "Sary-Tala"

_COMMENTS = {
    0: "Nothing in place yet; raised at the workshop as a priority.",
    1: "Some work exists but it is scattered across departments.",
    2: "In place for most of the city; gaps remain in the eastern districts.",
    3: "Fully in place and reviewed last year.",
}
_RESPONSIBLE = ["City Emergency Department", "Urban Planning Department", "Finance Department",
                "Water Utility", "Health Department", "Education Department", "Hydromet Service"]


def demo_workspace_path() -> Path:
    """Where ``--demo`` keeps its workspace: the user's cache, never the real workspace."""
    return Path(platformdirs.user_cache_dir("ResilienceDesktop", appauthor=False)) / "demo.rdw"


def _demo_key() -> str:
    """What makes two demos the same: the demo's content version and the workspace schema."""
    from ..store.schema import SCHEMA_VERSION
    return f"{DEMO_VERSION}/{SCHEMA_VERSION}"


def _stored_demo_key(path: Path) -> str | None:
    """The ``demo_version`` a demo file was written with (``None``: not a demo, or too old to say)."""
    import sqlite3
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'demo_version'").fetchone()
            return str(row[0]) if row else None
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def ensure_demo(path: str | Path, *, registry: ScorecardRegistry | None = None) -> Path:
    """The demo workspace at ``path``, written only when it is missing or from another demo or
    schema version (so ``--demo`` starts fast, and keeps what the user tried in it)."""
    path = Path(path)
    if path.is_file() and _is_demo_file(path) and _stored_demo_key(path) == _demo_key():
        return path
    return write_demo(path, registry=registry)


def _is_demo_file(path: Path) -> bool:
    """Whether ``path`` is a demo workspace of any schema version (read straight from its meta
    table, without opening it as a workspace: a demo from an older app version must be replaceable)."""
    import sqlite3

    from ..store.schema import APPLICATION_ID
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                return False
            row = conn.execute("SELECT value FROM meta WHERE key = 'demo'").fetchone()
            return bool(row and row[0] == "1")
        finally:
            conn.close()
    except sqlite3.Error:
        return False


def write_demo(path: str | Path, *, registry: ScorecardRegistry | None = None, seed: int = 2030) -> Path:
    """Write a fresh demo workspace to ``path`` (replacing a previous demo there).

    The target's lock is taken before anything is touched: a demo open in another running
    instance is refused with :class:`~resilience_desktop.errors.WorkspaceLockedError` and stays as
    it is. The new demo is built beside the target under a temporary name tagged with this
    process and renamed into place, so a crash leaves the old demo (or nothing), never half of
    one; a temporary demo left by a killed process is removed by the next call.
    """
    from ..errors import InvalidInputError, WorkspaceLockedError
    from ..i18n.catalog import tr
    from ..store.lock import WorkspaceLock
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = None
    if path.exists():  # the same lock a workspace holds while open (flock on the file itself)
        try:
            lock = WorkspaceLock(path)
        except WorkspaceLockedError:
            raise WorkspaceLockedError(tr(
                "{name} is open in another running Resilience Desktop; close it there before writing a new demo",
                name=path.name)) from None
    try:
        sweep_beside(path.parent, f".{glob_escape(path.name)}.rd*")
        if path.exists() and not _is_demo_file(path):
            raise InvalidInputError(tr("{path} exists and is not a demo workspace; choose another path", path=path))
        tmp = path.with_name(tagged_prefix(f".{path.name}.") + "new.rdw")
        try:
            _build(tmp, registry, seed)
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
            # A stale WAL of the old demo would be replayed onto the new file: remove it first.
            for extra in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                extra.unlink(missing_ok=True)
            os.replace(tmp, path)
        finally:
            for extra in (tmp, *(tmp.with_name(tmp.name + s) for s in ("-wal", "-shm", "-journal", ".lock"))):
                extra.unlink(missing_ok=True)
    finally:
        if lock is not None:
            lock.release()
    return path


def _build(path: Path, registry: ScorecardRegistry | None, seed: int) -> None:
    """Generate the demo content into a new workspace at ``path``."""
    rng = random.Random(seed)
    with Workspace.create(path, user="demo", registry=registry) as ws:
        ws.set_meta("demo", "1")
        ws.set_meta("demo_version", _demo_key())
        city = ws.add_city(DEMO_CITY, "KG", region="Demo region (fictional)", population=812_000,
                           area_km2=418.5, lon=74.61, lat=42.87)
        questions = ws.registry.get("preliminary").active_questions
        plan = _plan_current(questions, rng)
        with ws.batch():  # generated content: one transaction, not one durable commit per answer
            _write_baseline(ws, city, questions, plan, random.Random(seed + 1))
            _write_second_city(ws, random.Random(seed + 2))
        aid = ws.new_assessment(city, "preliminary", title=f"{DEMO_CITY} preliminary assessment (demo)",
                                team=["A. Toktosunova (coordinator)", "B. Ismailov (planning)",
                                      "C. Petrova (emergency management)"], started_on="2026-09-14")
        questions = ws.scorecard_of(aid).active_questions
        actions = 0
        for i, (q, step) in enumerate(zip(questions, plan)):
            if step is None:  # still open
                continue
            if step == "na":
                ws.set_answer(aid, q.id, na=True, comment="Not relevant: the city has no coastline.")
                continue
            score, responsible, action = step
            comment = _COMMENTS[score]
            if i == 2:  # a remark the room should not see projected
                comment += " Private note: the Finance Department disputes this score; settle before the report."
            ws.set_answer(aid, q.id, score=score, comment=comment,
                          verification="Workshop discussion, 14 Sept; documents listed as evidence.",
                          responsible=responsible, comment_private=i == 2)
            if action is not None:
                actions += 1
                ws.add_action(aid, q.id, f"Close the gaps found for {q.topic.get('en', q.id).lower()}",
                              responsible=action[0], timescale=action[1],
                              status=("open", "in_progress", "open", "done")[actions % 4])
        first = questions[0].id
        tmp = make_temp_dir("rd-demo-")  # tagged: swept at the next start if this process is killed
        try:
            note = tmp / "city-drr-plan-summary.txt"
            note.write_text(f"{DEMO_CITY} disaster risk reduction plan 2025-2030 (demo summary).\n", encoding="utf-8")
            ws.add_evidence_file(aid, first, note, note="Summary of the adopted plan")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        ws.add_evidence_link(aid, first, "https://example.org/jasyl-dala/drr-plan", name="Published plan (demo link)")
        from .layers import add_demo_layers  # map layers of the fictional city (issue 5)
        layer_ids = add_demo_layers(ws, seed)
        from .scenarios import add_demo_scenarios  # the flood scenarios and one result (issue 6)
        add_demo_scenarios(ws, city, layer_ids)
        from .risk_extras import add_demo_fault, add_demo_losses  # a fault with a buffer, losses (issue 15)
        add_demo_fault(ws, city, [layer_ids[4], layer_ids[1]], seed)
        add_demo_losses(ws, city, seed)


_Step = Union[None, str, Tuple[int, str, Optional[Tuple[str, str]]]]


def _plan_current(questions: Sequence[Question], rng: random.Random) -> list[_Step]:
    """The current assessment's answers: ``None`` (open), ``"na"`` or (score, responsible, action)."""
    plan: list[_Step] = []
    for i, _q in enumerate(questions):
        if i % 5 == 4:  # every fifth question still open
            plan.append(None)
        elif i == 7:
            plan.append("na")
        else:
            score = rng.choice([0, 1, 1, 2, 2, 2, 3])
            responsible = rng.choice(_RESPONSIBLE)
            action = (rng.choice(_RESPONSIBLE), rng.choice(["6 months", "1 year", "2 years"])) if score <= 1 else None
            plan.append((score, responsible, action))
    return plan


def _write_baseline(ws: Workspace, city: str, questions: Sequence[Question], plan: Sequence[_Step],
                    rng: random.Random) -> None:
    """The same city two years earlier: complete, and lower than today almost everywhere."""
    aid = ws.new_assessment(city, "preliminary", title=f"{DEMO_CITY} baseline assessment 2024 (demo)",
                            team=["A. Toktosunova (coordinator)", "D. Usenov (finance)"], started_on="2024-03-12")
    for q, step in zip(questions, plan):
        if step == "na":
            ws.set_answer(aid, q.id, na=True, comment="Not relevant: the city has no coastline.")
            continue
        now = rng.choice([0, 1, 1, 2]) if step is None else step[0]
        score = max(0, now - rng.choice([0, 1, 1, 2]))
        ws.set_answer(aid, q.id, score=score, comment=_COMMENTS[score],
                      verification="Baseline workshop, March 2024.", responsible=rng.choice(_RESPONSIBLE))
    ws.update_assessment(aid, status="final", completed_on="2024-04-30")


def _write_second_city(ws: Workspace, rng: random.Random) -> None:
    """Another city of the region with a short assessment: six Essentials, all answered."""
    city = ws.add_city(DEMO_SECOND_CITY, "KG", region="Demo region (fictional)", population=214_000,
                       area_km2=96.0, lon=72.95, lat=41.21)
    aid = ws.new_assessment(city, "preliminary", title=f"{DEMO_SECOND_CITY} preliminary assessment, six Essentials (demo)",
                            essentials=(1, 2, 3, 4, 5, 9), team=["E. Mamytova (coordinator)"], started_on="2025-11-05")
    card = ws.scorecard_of(aid)
    for n in (1, 2, 3, 4, 5, 9):
        for q in card.questions_of(n):
            score = rng.choice([1, 1, 2, 2, 2, 3])
            ws.set_answer(aid, q.id, score=score, comment=_COMMENTS[score])
    ws.update_assessment(aid, status="final", completed_on="2025-12-10")
