"""Drill-down: stored revisions rebuilt as a workspace, so the app's own views can show them.

The national store keeps each revision's assessment, city and exact scorecard definition as the
bundle carried them. :func:`rebuild_workspace` writes them into a new workspace file (normally
a temporary one the UI then opens read-only): the city profile, the assessment with every
answer (private comments were never exported), its action items, and the scorecard definition
it was scored on, so the assessment, dashboard and action-plan views read it exactly as the
city did; evidence files come back from the store's blobs, links as links. Several revisions (of one city or of several) go into one workspace, which is what the
dashboard's comparison needs.
"""

from __future__ import annotations

__all__ = ["rebuild_workspace", "RebuiltRevision"]

import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..errors import NotFoundError
from ..i18n.catalog import tr
from .store import NationalStore


@dataclass(frozen=True)
class RebuiltRevision:
    """Where one stored revision landed in the rebuilt workspace."""

    assessment_id: str          # the stored (national) assessment UUID
    revision: int
    workspace_assessment_id: str
    city_name: str


def rebuild_workspace(store: NationalStore, revisions: Sequence[tuple[str, int]], path: str | Path,
                      ) -> list[RebuiltRevision]:
    """Write the stored ``(assessment_id, revision)`` pairs into a new workspace at ``path``.

    Raises :class:`NotFoundError` when a pair is not in the store. The workspace is closed on return.
    """
    from ..scorecard.registry import ScorecardRegistry
    from ..workspace.facade import Workspace
    rows = []
    for aid, rev in revisions:
        found = store.query("SELECT assessment_json, city_json, scorecard_json, scorecard_id, scorecard_version,"
                            " revision FROM bundles WHERE assessment_id = ? AND revision = ?", (aid, int(rev)))
        if not found:
            raise NotFoundError(tr("revision {revision} of assessment {assessment_id} is not in the national store",
                                   revision=rev, assessment_id=aid))
        rows.append(found[0])
    cards = Path(tempfile.mkdtemp(prefix="rd-national-cards-"))
    for r in rows:  # the exact definitions the revisions were scored on
        (cards / f"{r['scorecard_id']}-v{r['scorecard_version']}.json").write_text(r["scorecard_json"], encoding="utf-8")
    try:
        registry = ScorecardRegistry([cards])
    finally:
        shutil.rmtree(cards, ignore_errors=True)
    out: list[RebuiltRevision] = []
    cities: dict[str, str] = {}
    with Workspace.create(Path(path), user="national", registry=registry) as ws, ws.batch():
        for (aid, rev), r in zip(revisions, rows):
            a, c = json.loads(r["assessment_json"]), json.loads(r["city_json"])
            if c["id"] not in cities:
                cities[c["id"]] = ws.add_city(c["name"], c["country"], region=c.get("region"),
                                              population=c.get("population"), area_km2=c.get("area_km2"),
                                              lon=c.get("lon"), lat=c.get("lat"))
            title = a["title"] + " — " + tr("revision {revision}", revision=r["revision"])
            new = ws.new_assessment(cities[c["id"]], r["scorecard_id"], version=int(r["scorecard_version"]),
                                    title=title, essentials=a.get("essentials_scope"), team=a.get("team", ()),
                                    started_on=a.get("started_on"))
            for x in a["answers"]:
                if x["na"] or x["score"] is not None or x.get("comment"):
                    ws.set_answer(new, x["question_id"], **({"na": True} if x["na"] else {"score": x["score"]}),
                                  comment=x.get("comment") or "", verification=x.get("verification") or "",
                                  responsible=x.get("responsible") or "", data_sources=x.get("data_sources") or "")
            _evidence(store, ws, new, a.get("evidence", []))
            for item in a.get("action_items", []):
                ws.add_action(new, item.get("question_id"), item["action"], responsible=item.get("responsible", ""),
                              timescale=item.get("timescale", ""), status=item.get("status", "open"))
            ws.update_assessment(new, status=a.get("status", "final"), completed_on=a.get("completed_on"),
                                 profile=a.get("profile") or {})
            out.append(RebuiltRevision(aid, int(r["revision"]), new, c["name"]))
    return out


def _evidence(store: NationalStore, ws, assessment_id: str, evidence: list[dict]) -> None:
    """Attach the revision's evidence: files from the store's blobs (by sha256), links as they were."""
    folder = Path(tempfile.mkdtemp(prefix="rd-national-evidence-"))
    try:
        for i, e in enumerate(evidence):
            if e.get("kind") == "file" and e.get("sha256"):
                rows = store.query("SELECT data FROM blobs WHERE sha256 = ?", (e["sha256"],))
                if not rows:
                    continue  # a bundle without the file: nothing to show (the importer stores every file)
                safe = Path(str(e.get("name") or "evidence")).name or "evidence"
                path = folder / str(i) / safe
                path.parent.mkdir()
                path.write_bytes(bytes(rows[0]["data"]))
                ws.add_evidence_file(assessment_id, e.get("question_id"), path, name=e.get("name") or safe,
                                     note=e.get("note") or "")
            elif e.get("kind") == "link" and e.get("url"):
                ws.add_evidence_link(assessment_id, e.get("question_id"), e["url"], name=e.get("name"),
                                     note=e.get("note") or "")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
