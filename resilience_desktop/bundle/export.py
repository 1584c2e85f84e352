"""Writing a bundle: an assessment and everything around it, as one verifiable ZIP (BagIt bag).

:func:`export_bundle` collects the payload from the workspace, writes the map layers as one
GeoPackage, builds the bag (manifests, tag manifest) and writes the ZIP beside the target, then
records the new revision and renames the file inside one workspace transaction: a failure
anywhere leaves no file and no recorded revision; a crash between the rename and the commit
leaves at worst a file without a record (never a record without its file).
"""

from __future__ import annotations

__all__ = ["export_bundle", "ExportResult", "collect_payload"]

import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from glob import escape as glob_escape
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from .. import __version__
from ..errors import BundleError
from ..i18n.catalog import tr
from ..safety.targets import check_output_target
from ..safety.tempfiles import make_temp_dir, sweep_beside, tagged_prefix
from ..workspace.common import now
from .keys import new_key_pair
from .signing import SIGNATURE_FILE, SIGNED_FILE, private_key_from_bytes, sign_tag_manifest
from .format import (EVIDENCE_DIR, FORMAT_VERSION, LAYERS_GPKG, REPORT_PDF, ZIP_DATE, canonical_json,
                     member_order)

if TYPE_CHECKING:
    from ..scorecard import Scorecard
    from ..workspace.facade import Workspace

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
#: GDAL writes this instead of "now" into GeoPackage metadata, so the same layers give the same bytes.
_GPKG_DATE = "2000-01-01T00:00:00.000Z"


@dataclass(frozen=True)
class ExportResult:
    """What one export wrote: where, which revision, the file's hash and the previous one's."""

    path: Path
    assessment_id: str
    revision: int
    sha256: str
    previous_sha256: str | None
    payload_files: int
    size: int
    #: The sync destinations this revision was queued for (see workspace/outbox.py).
    queued_for: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "assessment_id": self.assessment_id, "revision": self.revision,
                "sha256": self.sha256, "previous_sha256": self.previous_sha256,
                "payload_files": self.payload_files, "size": self.size, "queued_for": list(self.queued_for)}


def _rows(ws: "Workspace", sql: str, params: tuple = ()) -> list[dict]:
    # The bundle copies the risk tables as they are stored: read them as rows.
    return ws.query(sql, params)


def _table_exists(ws: "Workspace", name: str) -> bool:
    return bool(_rows(ws, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)))


@lru_cache(maxsize=8)
def _scorecard_member(definition: str) -> bytes:
    """``data/scorecard.json`` of a stored definition: every bundle of a scorecard carries the same
    ~190 KB, whose indented JSON took a third of an export's serialising (~45 ms) each time."""
    return canonical_json(json.loads(definition))


def collect_payload(ws: "Workspace", assessment_id: str, *, include_private: bool = False,
                    report_pdf: bytes | None = None, workdir: Path) -> dict[str, bytes]:
    """The payload members (``data/...`` → bytes) of an assessment's bundle."""
    a = ws.get_assessment(assessment_id)
    city = ws.get_city(a.city_id)
    definition = _rows(ws, "SELECT definition FROM scorecards WHERE id = ? AND version = ?",
                       (a.scorecard_id, a.scorecard_version))[0]["definition"]
    answers = sorted(ws.answers(assessment_id).values(), key=lambda x: x.question_id)
    private_questions = {x.question_id for x in answers if x.comment_private and not include_private}
    stakeholder_rows = _rows(ws, "SELECT * FROM stakeholder_scores WHERE assessment_id = ?"
                                 " ORDER BY question_id, stakeholder", (assessment_id,))
    private_notes = {(r["question_id"], r["stakeholder"]) for r in stakeholder_rows
                     if r.get("note_private") and not include_private}
    assessment: dict[str, Any] = {
        "id": a.id, "city_id": a.city_id, "title": a.title, "status": a.status,
        "started_on": a.started_on, "completed_on": a.completed_on,
        "scorecard": {"id": a.scorecard_id, "version": a.scorecard_version},
        "team": list(a.team), "essentials_scope": list(a.essentials_scope) if a.essentials_scope is not None else None,
        "profile": a.profile,
        "answers": [{"question_id": x.question_id, "score": x.score, "na": x.na,
                     "comment": "" if x.question_id in private_questions else x.comment,
                     "verification": x.verification, "responsible": x.responsible, "data_sources": x.data_sources,
                     "updated_by": x.updated_by, "updated_at": x.updated_at} for x in answers],
        "evidence": [{"id": e.id, "question_id": e.question_id, "kind": e.kind, "name": e.name, "sha256": e.sha256,
                      "size": e.size, "url": e.url, "note": e.note, "added_by": e.added_by, "added_at": e.added_at}
                     for e in ws.list_evidence(assessment_id)],
        "action_items": [{"id": x.id, "question_id": x.question_id, "action": x.action, "responsible": x.responsible,
                          "timescale": x.timescale, "status": x.status, "updated_at": x.updated_at}
                         for x in ws.list_actions(assessment_id)],
        "stakeholder_scores": [
            {"question_id": r["question_id"], "stakeholder": r["stakeholder"], "score": r["score"],
             "na": bool(r["na"]), "updated_at": r["updated_at"],
             "note": "" if (r["question_id"], r["stakeholder"]) in private_notes else r["note"]}
            for r in stakeholder_rows],
    }
    changes = [{"seq": c.seq, "at": c.at, "who": c.who, "entity": c.entity, "entity_id": c.entity_id,
                "question_id": c.question_id, "field": c.field, "old_value": c.old_value, "new_value": c.new_value}
               for c in ws.history(assessment_id)
               if not (c.field == "comment" and c.question_id in private_questions)
               and not (c.entity == "stakeholder" and c.field == "note"
                        and (c.question_id, c.entity_id) in private_notes)]
    out: dict[str, bytes] = {
        "data/assessment.json": canonical_json(assessment),
        "data/city.json": canonical_json(city.to_json()),
        "data/scorecard.json": _scorecard_member(definition),
        "data/changelog.json": canonical_json(changes),
    }
    risk = _risk(ws, city.id)
    if risk is not None:
        out["data/risk.json"] = canonical_json(risk)
    losses = _losses(ws, city.id)
    if losses is not None:
        out["data/losses.json"] = canonical_json(losses)
    for e in assessment["evidence"]:
        if e["kind"] == "file" and e["sha256"]:
            out[EVIDENCE_DIR + e["sha256"]] = _rows(ws, "SELECT data FROM blobs WHERE sha256 = ?", (e["sha256"],))[0]["data"]
    layers = ws.list_layers()
    if layers:
        meta, gpkg = _write_layers(ws, layers, workdir)
        out["data/layers.json"] = canonical_json(meta)
        out[LAYERS_GPKG] = gpkg
    if report_pdf is not None:
        out[REPORT_PDF] = report_pdf
    return out


def _risk(ws: "Workspace", city_id: str) -> dict[str, Any] | None:
    if not all(_table_exists(ws, t) for t in ("hazards", "scenarios", "exposure_results")):
        return None
    hazards = _rows(ws, "SELECT * FROM hazards WHERE city_id = ? AND removed_at IS NULL ORDER BY created_at, id", (city_id,))
    if not hazards:
        return None
    ids = [h["id"] for h in hazards]
    marks = ",".join("?" * len(ids))
    scenarios = _rows(ws, f"SELECT * FROM scenarios WHERE hazard_id IN ({marks}) ORDER BY hazard_id, kind", tuple(ids))
    sids = [s["id"] for s in scenarios]
    results = _rows(ws, f"SELECT * FROM exposure_results WHERE scenario_id IN ({','.join('?' * len(sids))})"
                        " ORDER BY computed_at, id", tuple(sids)) if sids else []
    for s in scenarios:
        s["affected_classes"] = json.loads(s.get("affected_classes") or "[]")
    for r in results:
        r["inputs"], r["result"] = json.loads(r["inputs"]), json.loads(r["result"])
    return {"hazards": hazards, "scenarios": scenarios, "exposure_results": results}


def _losses(ws: "Workspace", city_id: str) -> dict[str, Any] | None:
    """The city's loss summary (format 2): the ``loss summary --json`` document, its sources and Sendai A–D."""
    if not _table_exists(ws, "loss_records"):
        return None
    summary = ws.loss_summary(city_id)
    if not summary.records:
        return None
    from ..loss import sendai_figures
    city = ws.get_city(city_id)
    return {"summary": summary.to_json(),
            "sources": [{"name": i.source_name, "sha256": i.source_sha256, "geo_code": i.geo_code,
                         "geo_name": i.geo_name, "records": i.records, "excluded": i.excluded,
                         "imported_at": i.imported_at} for i in ws.loss_imports(city_id)],
            "sendai": [{"code": f.code, "value": f.value, "formula": f.formula}
                       for f in sendai_figures(summary, city.population)]}


def _write_layers(ws: "Workspace", layers: list, workdir: Path) -> tuple[list[dict], bytes]:
    """Every layer as one table of one GeoPackage (rollback journal, checkpointed, checked)."""
    import numpy as np
    import pyogrio
    import pyogrio.raw
    import shapely
    path = workdir / "layers.gpkg"
    meta = []
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": _GPKG_DATE, "OGR_SQLITE_JOURNAL": "DELETE"})
    try:
        for i, layer in enumerate(sorted(layers, key=lambda x: (x.z_order, x.id))):
            table = f"layer_{i:03d}"
            geoms = ws.layer_geometries(layer.id)
            wkb = shapely.to_wkb(geoms)
            attrs = [r["attributes"] for r in _rows(
                ws, "SELECT attributes FROM layer_features WHERE layer_id = ? ORDER BY fid", (layer.id,))]
            pyogrio.raw.write(str(path), np.asarray(wkb, dtype=object), [np.asarray(attrs, dtype=object)],
                              ["attributes"], layer=table, driver="GPKG", geometry_type="Unknown",
                              crs=layer.crs, append=i > 0, encoding="UTF-8",
                              layer_options={"SPATIAL_INDEX": "NO"})
            meta.append({"id": layer.id, "name": layer.name, "table": table, "crs": layer.crs,
                         "feature_count": len(wkb), "geometry_types": list(layer.geometry_types),
                         "style": layer.style, "visible": bool(layer.visible), "z_order": layer.z_order,
                         "opacity": float(layer.opacity)})
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": None, "OGR_SQLITE_JOURNAL": None})
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("VACUUM")
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
    if ok != "ok":
        raise BundleError(tr("the map layers could not be written as a sound GeoPackage: {reason}", reason=ok))
    return meta, path.read_bytes()


def _bag(payload: dict[str, bytes], identity: dict[str, Any]) -> dict[str, bytes]:
    """Every member of the bag: the payload plus bagit.txt, bag-info.txt, manifests, bundle.json."""
    names = sorted(payload)
    members = dict(payload)
    members["bagit.txt"] = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
    for algo in ("sha256", "sha512"):
        members[f"manifest-{algo}.txt"] = "".join(
            f"{hashlib.new(algo, payload[n]).hexdigest()}  {n}\n" for n in names).encode()
    oxum = f"{sum(len(payload[n]) for n in names)}.{len(names)}"
    members["bag-info.txt"] = (
        f"Bag-Software-Agent: resilience-desktop {__version__}\n"
        f"Bagging-Date: {identity['exported_at'][:10]}\n"
        f"External-Identifier: {identity['assessment_id']} revision {identity['revision']}\n"
        f"Payload-Oxum: {oxum}\n").encode()
    members["bundle.json"] = canonical_json(identity)
    tags = ("bagit.txt", "bag-info.txt", "bundle.json", "manifest-sha256.txt", "manifest-sha512.txt")
    members["tagmanifest-sha256.txt"] = "".join(
        f"{hashlib.sha256(members[n]).hexdigest()}  {n}\n" for n in tags).encode()
    return members


def write_zip(members: dict[str, bytes], path: Path) -> None:
    """Members in the fixed order, fixed timestamps and permissions: the same members, the same bytes."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for name in sorted(members, key=member_order):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.external_attr = 0o100644 << 16
            info.create_system = 3
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, members[name])


def export_bundle(ws: "Workspace", assessment_id: str, out_path: str | Path, *,
                  include_private: bool = False, report_pdf: str | Path | bytes | None = None,
                  queue: bool = True, progress: Progress | None = None,
                  cancelled: Cancelled | None = None) -> ExportResult:
    """Export ``assessment_id`` as the next revision of its bundle at ``out_path``.

    Atomic: the ZIP is written to a temporary file beside ``out_path``; the revision is recorded
    in ``bundle_exports`` and the file renamed into place in one transaction. On any error
    (including a full disk or ``cancelled()``) nothing is left behind and nothing recorded.

    The bundle is signed with the city's key (made on its first export). With ``queue`` (the
    default) the same transaction queues it in the outbox for every sync destination.
    """
    out = Path(out_path)
    ws.get_assessment(assessment_id)
    step = progress or (lambda done, total: None)
    stop = cancelled or (lambda: False)

    def check() -> None:
        if stop():
            raise BundleError(tr("the export was cancelled"))

    check_output_target(out, [ws.path, report_pdf if isinstance(report_pdf, (str, Path)) else None])
    if isinstance(report_pdf, (str, Path)):
        report_pdf = Path(report_pdf).read_bytes()
    if report_pdf is not None and not report_pdf.startswith(b"%PDF-"):
        raise BundleError(tr("the report to include is not a PDF file"))
    step(0, 4)
    workdir = make_temp_dir("rd-bundle-")
    try:
        payload = collect_payload(ws, assessment_id, include_private=include_private,
                                  report_pdf=report_pdf, workdir=workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    check(); step(1, 4)
    a = ws.get_assessment(assessment_id)
    sweep_beside(out.parent, f".{glob_escape(out.name)}.rd*.tmp")
    try:
        fd, name = tempfile.mkstemp(prefix=tagged_prefix(f".{out.name}."), suffix=".tmp", dir=out.parent)
    except OSError as exc:  # name the file the user asked for, not our temporary one (as atomic_target)
        raise OSError(exc.errno, exc.strerror, str(out)) from None
    os.close(fd)
    tmp_zip = Path(name)
    try:
        with ws.exports.new_revision(assessment_id) as rev:  # holds the write lock: one revision per export
            revision, previous = rev.number, rev.previous_sha256
            identity = {"format_version": FORMAT_VERSION, "assessment_id": assessment_id, "revision": revision,
                        "previous_sha256": previous, "city_id": a.city_id,
                        "scorecard": {"id": a.scorecard_id, "version": a.scorecard_version},
                        "exported_at": now(), "exported_by": ws.user,
                        "software": f"resilience-desktop {__version__}", "include_private": include_private}
            members = _bag(payload, identity)
            key = private_key_from_bytes(rev.signing_key(a.city_id, new_key_pair))
            members[SIGNATURE_FILE] = sign_tag_manifest(members[SIGNED_FILE], key)
            check(); step(2, 4)
            try:
                write_zip(members, tmp_zip)
                with open(tmp_zip, "rb+") as fh:
                    os.fsync(fh.fileno())
            except OSError as exc:  # name the file asked for (a full disk says nothing else), not the temporary one
                raise OSError(exc.errno, exc.strerror, str(out)) from None
            digest = hashlib.sha256(tmp_zip.read_bytes()).hexdigest()
            size = tmp_zip.stat().st_size
            check()
            _refuse_unimportable(ws, tmp_zip)  # before the revision is recorded: a refusal uses up nothing
            step(3, 4)
            queued_for = rev.record(file_name=out.name, sha256=digest, exported_at=str(identity["exported_at"]),
                                    exported_by=ws.user, path=out.resolve(), queue=queue)
            # Not in the change log: the export must not change the payload of the next export.
            os.chmod(tmp_zip, 0o644)
            os.replace(tmp_zip, out)  # last step inside the transaction: a failure here rolls the record back
    except BaseException:
        tmp_zip.unlink(missing_ok=True)
        raise
    step(4, 4)
    return ExportResult(out, assessment_id, revision, digest, previous,
                        sum(1 for n in members if n.startswith("data/")), size, tuple(queued_for))


class _WorkspaceCards:
    """The scorecards the importer will check against, as this workspace holds them."""

    def __init__(self, ws: "Workspace"):
        self._ws = ws

    def get(self, scorecard_id: str, version: int) -> "Scorecard":
        return self._ws.scorecard(scorecard_id, version)


def _refuse_unimportable(ws: "Workspace", zip_path: Path) -> None:
    """Run the importer's own checks (:func:`~resilience_desktop.bundle.verify.verify_bundle`) on the
    bundle about to be recorded; raise :class:`BundleError` naming what the platform would refuse."""
    from .verify import verify_bundle
    problems = verify_bundle(zip_path, registry=_WorkspaceCards(ws))
    if problems:
        more = tr(" (and {n} more)", n=len(problems) - 1) if len(problems) > 1 else ""
        raise BundleError(tr("this bundle would be refused on import, so it was not written: {problem}{more}",
                             problem=problems[0], more=more), problems)


def bundle_history(ws: "Workspace", assessment_id: str) -> list[dict[str, Any]]:
    """Every bundle exported for ``assessment_id``, oldest first (the local history of what was sent)."""
    ws.get_assessment(assessment_id)
    return ws.exports.history(assessment_id)
