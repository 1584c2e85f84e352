"""A generated demo workspace: a fictional city with a partly completed assessment.

Deterministic (seeded), so screenshots and tests see the same content every time. The cities
are fictional and the workspace is marked as a demo so nothing mistakes it for real data.

Besides the current (partly completed) assessment there is something to compare it with: an
earlier, lower-scoring baseline of the same city (2024) and a second city's short assessment
(six Essentials). The current assessment is created last, so the app opens it.
"""

from __future__ import annotations

__all__ = ["write_demo", "ensure_demo", "changes_since_written", "DEMO_USER", "demo_workspace_path", "DEMO_CITY",
           "DEMO_SECOND_CITY", "DEMO_VERSION"]

import os
import random
import shutil
from glob import escape as glob_escape
from pathlib import Path
from typing import Literal, Optional, Sequence, Tuple, Union

import platformdirs

from ..scorecard import Question, ScorecardRegistry
from ..safety.tempfiles import make_temp_dir, sweep_beside, tagged_prefix
from ..workspace.facade import Workspace
from .texts import ENGLISH, DemoTexts, demo_texts

#: Raise when what the demo holds changes (new layers, scenarios, answers): an older demo in the
#: user's cache is then rewritten when it is next opened; an up-to-date one is opened as it is.
DEMO_VERSION = 3  # 2: labels (issue 14), an active fault with a buffer and recorded losses (issue 15)
# 3: the earthquake's severe scenario on a shaking-map raster; map and fault names in the demo's language

DEMO_CITY = ENGLISH.city
DEMO_SECOND_CITY = ENGLISH.second_city


def demo_workspace_path() -> Path:
    """Where ``--demo`` keeps its workspace: the user's cache, never the real workspace."""
    return Path(platformdirs.user_cache_dir("ResilienceDesktop", appauthor=False)) / "demo.rdw"


def _demo_key(lang: str = "en") -> str:
    """What makes two demos the same: the demo's content version, the workspace schema and the
    language of its texts (a Russian interface gets the Russian demo, not a cached English one)."""
    from ..store.schema import SCHEMA_VERSION
    return f"{DEMO_VERSION}/{SCHEMA_VERSION}" + ("" if lang == "en" else f"/{lang}")


#: Who wrote the demo's content (its change log's ``who``).
DEMO_USER = "demo"


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


def ensure_demo(path: str | Path, *, registry: ScorecardRegistry | None = None, lang: str | None = None) -> Path:
    """The demo workspace at ``path``, written only when it is missing or from another demo or
    schema version or language (so ``--demo`` starts fast, and keeps what the user tried in it)."""
    path = Path(path)
    if path.is_file() and _is_demo_file(path) and _stored_demo_key(path) == _demo_key(demo_texts(lang).lang):
        return path
    return write_demo(path, registry=registry, lang=lang)


def changes_since_written(path: str | Path) -> int:
    """How many changes were made in the demo at ``path`` after it was written (its change log's
    rows by anyone but the demo's writer); 0 when it is no demo or cannot be read."""
    import sqlite3
    path = Path(path)
    if not path.is_file() or not _is_demo_file(path):
        return 0
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return int(conn.execute("SELECT COUNT(*) FROM change_log WHERE who <> ?", (DEMO_USER,)).fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


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


def write_demo(path: str | Path, *, registry: ScorecardRegistry | None = None, seed: int = 2030,
               lang: str | None = None, keep_changed: bool = False) -> Path:
    """Write a fresh demo workspace to ``path`` (replacing a previous demo there; with ``keep_changed``,
    not one someone made changes in after it was written).

    Its own texts (titles, team, comments, actions, the flood) are in Russian when ``lang`` (by
    default the interface language) is Russian or falls back to it, in English otherwise.

    The target's lock is taken before anything is touched: a demo open in another running
    instance is refused with :class:`~resilience_desktop.errors.WorkspaceLockedError` and stays as
    it is. The new demo is built beside the target under a temporary name tagged with this
    process and renamed into place, so a crash leaves the old demo (or nothing), never half of
    one; a temporary demo left by a killed process is removed by the next call.
    """
    t = demo_texts(lang)
    from ..errors import InvalidInputError, WorkspaceLockedError
    from ..i18n.catalog import tr, trn
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
        changed = changes_since_written(path) if keep_changed else 0
        if changed:  # someone worked in it (the ``demo PATH`` command): never replaced without being asked
            raise InvalidInputError(trn("{path} is a demo workspace with {n} change made in it since it was written; "
                                        "choose another path, or give --force to replace it",
                                        "{path} is a demo workspace with {n} changes made in it since it was "
                                        "written; choose another path, or give --force to replace it", changed,
                                        path=str(path)))
        tmp = path.with_name(tagged_prefix(f".{path.name}.") + "new.rdw")
        try:
            _build(tmp, registry, seed, t)
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


def _build(path: Path, registry: ScorecardRegistry | None, seed: int, t: DemoTexts) -> None:
    """Generate the demo content (its own texts from ``t``) into a new workspace at ``path``; its ids are the
    same in every language and every time (:func:`~resilience_desktop.workspace.common.seeded_ids`)."""
    from ..workspace.common import seeded_ids
    with seeded_ids(f"resilience-desktop demo {seed}"):
        _build_content(path, registry, seed, t)


def _build_content(path: Path, registry: ScorecardRegistry | None, seed: int, t: DemoTexts) -> None:
    rng = random.Random(seed)
    with Workspace.create(path, user=DEMO_USER, registry=registry) as ws:
        ws.set_meta("demo", "1")
        ws.set_meta("demo_version", _demo_key(t.lang))
        city = ws.add_city(t.city, "KG", region=t.region, population=812_000,
                           area_km2=418.5, lon=74.61, lat=42.87)
        questions = ws.registry.get("preliminary").active_questions
        plan = _plan_current(questions, rng, t)
        with ws.batch():  # generated content: one transaction, not one durable commit per answer
            _write_baseline(ws, city, questions, plan, random.Random(seed + 1), t)
            _write_second_city(ws, random.Random(seed + 2), t)
        aid = ws.new_assessment(city, "preliminary", title=t.current_title.format(city=t.city),
                                team=list(t.team), started_on="2026-09-14")
        questions = ws.scorecard_of(aid).active_questions
        actions = 0
        for i, (q, step) in enumerate(zip(questions, plan)):
            if step is None:  # still open
                continue
            if step == "na":
                ws.set_answer(aid, q.id, na=True, comment=t.not_relevant)
                continue
            score, responsible, action = step
            comment = t.comments[score]
            if i == 2:  # a remark the room should not see projected
                comment += t.private_note
            ws.set_answer(aid, q.id, score=score, comment=comment, verification=t.verification,
                          responsible=responsible, comment_private=i == 2)
            if action is not None:
                actions += 1
                topic = (q.topic.get(t.lang) or q.topic.get("en") or q.id).lower()
                ws.add_action(aid, q.id, t.action.format(topic=topic),
                              responsible=action[0], timescale=action[1],
                              status=("open", "in_progress", "open", "done")[actions % 4])
        first = questions[0].id
        tmp = make_temp_dir("rd-demo-")  # tagged: swept at the next start if this process is killed
        try:
            note = tmp / "city-drr-plan-summary.txt"
            note.write_text(t.plan_file_text.format(city=t.city), encoding="utf-8")
            ws.add_evidence_file(aid, first, note, note=t.plan_note)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        ws.add_evidence_link(aid, first, "https://example.org/jasyl-dala/drr-plan", name=t.plan_link_name)
        from .layers import add_demo_layers  # map layers of the fictional city (issue 5)
        layer_ids = add_demo_layers(ws, seed, t)
        from .scenarios import add_demo_scenarios  # the flood scenarios and one result (issue 6)
        add_demo_scenarios(ws, city, layer_ids, t)
        from .risk_extras import add_demo_fault, add_demo_losses  # a fault with a buffer, losses (issue 15)
        add_demo_fault(ws, city, [layer_ids[4], layer_ids[1]], seed, t)
        add_demo_losses(ws, city, seed)


_Step = Union[None, Literal["na"], Tuple[int, str, Optional[Tuple[str, str]]]]


def _plan_current(questions: Sequence[Question], rng: random.Random, t: DemoTexts) -> list[_Step]:
    """The current assessment's answers: ``None`` (open), ``"na"`` or (score, responsible, action)."""
    plan: list[_Step] = []
    for i, _q in enumerate(questions):
        if i % 5 == 4:  # every fifth question still open
            plan.append(None)
        elif i == 7:
            plan.append("na")
        else:
            score = rng.choice([0, 1, 1, 2, 2, 2, 3])
            responsible = rng.choice(t.responsible)
            action = (rng.choice(t.responsible), rng.choice(t.timescales)) if score <= 1 else None
            plan.append((score, responsible, action))
    return plan


def _write_baseline(ws: Workspace, city: str, questions: Sequence[Question], plan: Sequence[_Step],
                    rng: random.Random, t: DemoTexts) -> None:
    """The same city two years earlier: complete, and lower than today almost everywhere."""
    aid = ws.new_assessment(city, "preliminary", title=t.baseline_title.format(city=t.city),
                            team=list(t.baseline_team), started_on="2024-03-12")
    for q, step in zip(questions, plan):
        if step == "na":
            ws.set_answer(aid, q.id, na=True, comment=t.not_relevant)
            continue
        now = rng.choice([0, 1, 1, 2]) if step is None else step[0]
        score = max(0, now - rng.choice([0, 1, 1, 2]))
        ws.set_answer(aid, q.id, score=score, comment=t.comments[score],
                      verification=t.baseline_verification, responsible=rng.choice(t.responsible))
    ws.update_assessment(aid, status="final", completed_on="2024-04-30")


def _write_second_city(ws: Workspace, rng: random.Random, t: DemoTexts) -> None:
    """Another city of the region with a short assessment: six Essentials, all answered."""
    city = ws.add_city(t.second_city, "KG", region=t.region, population=214_000,
                       area_km2=96.0, lon=72.95, lat=41.21)
    aid = ws.new_assessment(city, "preliminary", title=t.second_title.format(city=t.second_city),
                            essentials=(1, 2, 3, 4, 5, 9), team=list(t.second_team), started_on="2025-11-05")
    card = ws.scorecard_of(aid)
    for n in (1, 2, 3, 4, 5, 9):
        for q in card.questions_of(n):
            score = rng.choice([1, 1, 2, 2, 2, 3])
            ws.set_answer(aid, q.id, score=score, comment=t.comments[score])
    ws.update_assessment(aid, status="final", completed_on="2025-12-10")
