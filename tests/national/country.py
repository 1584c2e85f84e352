"""A national store shaped like a real country: the demo's exported bundles plus generated cities.

Every generated city is a real bundle (derived from the demo's full assessment, re-bagged with
fresh manifests) imported through the importer, so the store holds exactly what a platform
would. The scores of each generated city follow :func:`score_of`, so tests can count the
expected numbers by hand, independently of the app's scoring.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path


from resilience_desktop.bundle import export_bundle
from resilience_desktop.demo.workspace import write_demo
from resilience_desktop.national import import_bundle, open_store
from resilience_desktop.workspace.facade import Workspace

from resilience_desktop.bundle.export import _bag, write_zip
from resilience_desktop.bundle.format import canonical_json

from ..bundle.helpers import read_members


@dataclass
class GenCity:
    """One generated city: its profile and, per revision, (exported_at, base score or None for empty)."""

    name: str
    country: str
    region: str | None
    lon: float | None
    lat: float | None
    revisions: list[tuple[str, int | None]]
    skip: tuple[int, ...] = ()          # revision numbers never delivered (a gap)
    city_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    assessment_id: str = field(default_factory=lambda: str(uuid.uuid4()))


def score_of(base: int, question_id: str) -> int:
    """The generated score of a question: ``base`` for Essential 1's P1.1, a fixed pattern elsewhere."""
    if question_id == "P1.1":
        return base
    return (base + sum(map(ord, question_id))) % 4


#: The generated cities. Dates are ISO exports; ``None`` as a base score is a revision with every answer empty.
CITIES = [
    GenCity("Бишкек-Тест", "KG", "Чуйская область", 74.59, 42.87, [("2026-03-01T10:00:00+00:00", 1),
                                                                    ("2026-09-01T10:00:00+00:00", 3)]),
    GenCity("Kara-Suu", "KG", "Osh region", 72.87, 40.70, [("2026-06-10T08:00:00+00:00", 2)]),
    GenCity("Naryn-Test", "KG", "Naryn region", 76.0, 41.43, [("2024-01-15T08:00:00+00:00", 0)]),  # overdue
    GenCity("Nowhere", "KG", None, None, None, [("2026-05-05T08:00:00+00:00", 2)]),  # no coordinates, no region
    GenCity("Empty-Town", "KZ", "Almaty region", 77.0, 43.3, [("2026-07-07T08:00:00+00:00", None)]),  # all empty
    GenCity("Gap-City", "KZ", "Almaty region", 76.9, 43.2, [("2026-02-02T08:00:00+00:00", 1),
                                                           ("2026-04-04T08:00:00+00:00", 2),
                                                           ("2026-08-08T08:00:00+00:00", 3)], skip=(2,)),
    GenCity("Turkistan-Test", "KZ", "Turkistan region", 68.25, 43.3, [("2026-10-10T08:00:00+00:00", 3)]),
]

#: The reference date for "overdue" in the tests.
AS_OF = "2026-12-01T00:00:00+00:00"


@dataclass
class Country:
    url: str
    folder: Path
    demo_bundles: list[Path]
    demo_titles: dict[str, str]
    cities: list[GenCity]
    questions: dict[str, int]           # question id -> Essential (the preliminary scorecard, active questions)


def _derive(template: dict[str, bytes], questions: list[str], city: GenCity, revision: int, exported_at: str, base: int | None,
            previous: str | None, dst: Path) -> Path:
    payload = {n: b for n, b in template.items()
               if n.startswith("data/") and "layers" not in n and not n.startswith("data/evidence/")}
    identity = json.loads(template["bundle.json"])
    a = json.loads(payload["data/assessment.json"])
    c = json.loads(payload["data/city.json"])
    c.update(id=city.city_id, name=city.name, country=city.country, region=city.region, lon=city.lon, lat=city.lat)
    if city.lon is None:
        c.pop("lon"), c.pop("lat")
    if city.region is None:
        c.pop("region")
    a.update(id=city.assessment_id, city_id=city.city_id, title=f"{city.name} preliminary", action_items=[],
             evidence=[], stakeholder_scores=[], essentials_scope=list(range(1, 11)), started_on="2026-01-01")
    model = a["answers"][0]
    a["answers"] = [{**model, "question_id": q, "score": None if base is None else score_of(base, q), "na": False,
                     "comment": "", "responsible": "", "verification": ""} for q in questions]
    identity.update(assessment_id=city.assessment_id, city_id=city.city_id, revision=revision,
                    previous_sha256=previous, exported_at=exported_at)
    payload["data/assessment.json"] = canonical_json(a)
    payload["data/city.json"] = canonical_json(c)
    payload["data/changelog.json"] = canonical_json([])
    write_zip(_bag(payload, identity), dst)
    return dst


def build_country(folder: Path, registry, url: str | None = None, demo_template: Path | None = None) -> Country:
    """Export the demo's bundles, derive the generated cities, import everything into ``url``
    (the demo copied from ``demo_template`` when given, else written)."""
    folder.mkdir(parents=True, exist_ok=True)
    if demo_template is not None:
        demo = Path(shutil.copyfile(demo_template, folder / "demo.rdw"))
    else:
        demo = write_demo(folder / "demo.rdw", registry=registry)
    bundles, titles = [], {}
    with Workspace.open(demo, registry=registry) as ws:
        for a in ws.list_assessments():
            bundles.append(export_bundle(ws, a.id, folder / f"demo-{a.id}.zip").path)
            titles[a.id] = a.title
            if "preliminary assessment (demo)" in a.title:
                full = bundles[-1]
        card = ws.scorecard_of(ws.list_assessments()[0].id)
        questions = {q.id: q.essential for q in card.active_questions}
    url = url or str(folder / "national.db")
    template = read_members(full)
    with open_store(url) as store:
        for b in bundles:
            assert import_bundle(store, b, registry=registry).outcome == "imported"
        for city in CITIES:
            previous = None
            for i, (when, base) in enumerate(city.revisions, start=1):
                if i in city.skip:
                    previous = None
                    continue
                path = _derive(template, list(questions), city, i, when, base, previous, folder / f"{city.name}-{i}.zip")
                # review=False: as a reviewer accepts it (a revision after a gap is held for review,
                # issue 19); the store then keeps the gap as an import warning, which the view shows
                result = import_bundle(store, path, registry=registry, review=False)
                assert result.outcome == "imported", result.reason
                previous = hashlib.sha256(path.read_bytes()).hexdigest()
    return Country(url, folder, bundles, titles, CITIES, questions)
