"""A generated demo workspace: a fictional city with a partly completed assessment.

Deterministic (seeded), so screenshots and tests see the same content every time. The city
is fictional and the workspace is marked as a demo so nothing mistakes it for real data.
"""

from __future__ import annotations

__all__ = ["write_demo", "demo_workspace_path", "DEMO_CITY"]

import random
import tempfile
from pathlib import Path

import platformdirs

from .scorecard import ScorecardRegistry
from .workspace import Workspace

DEMO_CITY = "Jasyl-Dala"

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


def write_demo(path: str | Path, *, registry: ScorecardRegistry | None = None, seed: int = 2030) -> Path:
    """Write a fresh demo workspace to ``path`` (replacing a previous demo there)."""
    path = Path(path)
    if path.exists():
        with Workspace.open(path, read_only=True) as old:
            if not old.is_demo:
                from .errors import InvalidInputError
                from .i18n import tr
                raise InvalidInputError(tr("{path} exists and is not a demo workspace; choose another path", path=path))
        for extra in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            extra.unlink(missing_ok=True)
    rng = random.Random(seed)
    with Workspace.create(path, user="demo", registry=registry) as ws:
        ws.set_meta("demo", "1")
        city = ws.add_city(DEMO_CITY, "KG", region="Demo region (fictional)", population=812_000,
                           area_km2=418.5, lon=74.61, lat=42.87)
        aid = ws.new_assessment(city, "preliminary", title=f"{DEMO_CITY} preliminary assessment (demo)",
                                team=["A. Toktosunova (coordinator)", "B. Ismailov (planning)",
                                      "C. Petrova (emergency management)"], started_on="2026-09-14")
        card = ws.scorecard_of(aid)
        questions = card.active_questions
        for i, q in enumerate(questions):
            if i % 5 == 4:  # every fifth question still open
                continue
            if i == 7:
                ws.set_answer(aid, q.id, na=True, comment="Not relevant: the city has no coastline.")
                continue
            score = rng.choice([0, 1, 1, 2, 2, 2, 3])
            ws.set_answer(aid, q.id, score=score, comment=_COMMENTS[score],
                          verification="Workshop discussion, 14 Sept; documents listed as evidence.",
                          responsible=rng.choice(_RESPONSIBLE))
            if score <= 1:
                ws.add_action(aid, q.id, f"Close the gaps found for {q.topic.get('en', q.id).lower()}",
                              responsible=rng.choice(_RESPONSIBLE), timescale=rng.choice(["6 months", "1 year", "2 years"]))
        first = questions[0].id
        with tempfile.TemporaryDirectory() as tmp:
            note = Path(tmp) / "city-drr-plan-summary.txt"
            note.write_text(f"{DEMO_CITY} disaster risk reduction plan 2025-2030 (demo summary).\n", encoding="utf-8")
            ws.add_evidence_file(aid, first, note, note="Summary of the adopted plan")
        ws.add_evidence_link(aid, first, "https://example.org/jasyl-dala/drr-plan", name="Published plan (demo link)")
    return path
