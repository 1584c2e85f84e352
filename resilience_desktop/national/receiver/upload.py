"""What the receiver does with one uploaded file, without HTTP (testable on its own).

Order: the token's city must be the bundle's city (read from ``bundle.json``, which verification
then proves consistent with the whole bundle) and the owner of any earlier revision of the same
assessment (403 otherwise, nothing imported); then the existing importer verifies and imports it
in one transaction (signatures checked against the city's registered keys); the receipt is
stored and returned. Every attempt, refused ones included, is one row of ``import_log``.
"""

from __future__ import annotations

__all__ = ["Answer", "process_upload", "log_attempt", "error_body"]

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...bundle.format import Limits
from ...i18n.catalog import tr
from ...scorecard import ScorecardRegistry
from ...workspace.common import new_id, now
from ..access import save_receipt
from ..importer import import_bundle
from ..receipt import receipt_for
from ..store import NationalStore

@dataclass(frozen=True)
class Answer:
    """An HTTP status and its JSON body."""

    status: int
    body: dict[str, Any]


def error_body(status: int, code: str, message: str) -> dict[str, Any]:
    return {"error": {"status": status, "code": code, "message": message}}


def log_attempt(store: NationalStore, outcome: str, message: str, who: str, *, file_name: str = "",
                sha256: str | None = None, assessment_id: str | None = None, revision: int | None = None) -> None:
    """One ``import_log`` row for an attempt refused before the importer saw it (401, 403, 413)."""
    with store.transaction():
        store.execute("INSERT INTO import_log (id, at, who, file_name, file_sha256, assessment_id, revision, outcome,"
                      " message) VALUES (?,?,?,?,?,?,?,?,?)",
                      (new_id(), now(), who, file_name, sha256, assessment_id, revision, outcome, message))


def _peek_identity(path: Path, limit: int) -> dict[str, Any] | None:
    """``bundle.json`` read without trusting anything (``None`` when it cannot be read: then
    verification refuses the bundle too, since it needs the same member within the same limit)."""
    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo("bundle.json")
            if info.file_size > limit:
                return None
            with zf.open(info) as fh:
                value = json.loads(fh.read(limit + 1).decode("utf-8"))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError):
        return None
    return value if isinstance(value, dict) else None


def process_upload(store: NationalStore, path: Path, sha256: str, city_id: str, who: str, *,
                   require_signatures: bool = False, limits: Limits | None = None,
                   registry: ScorecardRegistry | None = None) -> Answer:
    """Import the uploaded file ``path`` for the token's ``city_id``: 200 with the receipt,
    202 with it when the bundle is held for review, 403 for another city's bundle, 422 with the
    receipt when the bundle is refused."""
    ident = _peek_identity(path, (limits or Limits()).max_json_bytes)
    if ident is not None:
        claimed = str(ident.get("city_id", ""))
        aid = ident.get("assessment_id") if isinstance(ident.get("assessment_id"), str) else None
        rev = ident.get("revision") if isinstance(ident.get("revision"), int) else None
        owner = store.query("SELECT city_id FROM bundles WHERE assessment_id = ? LIMIT 1", (aid,)) if aid else []
        if claimed != city_id or (owner and owner[0]["city_id"] != city_id):
            message = tr("this token belongs to city {token_city}; the bundle is for city {bundle_city}",
                         token_city=city_id, bundle_city=owner[0]["city_id"] if owner and claimed == city_id
                         else claimed or "?")
            log_attempt(store, "forbidden", message, who, file_name=path.name, sha256=sha256, assessment_id=aid,
                        revision=rev)
            return Answer(403, error_body(403, "forbidden", message))
    result = import_bundle(store, path, limits=limits, registry=registry, who=who,
                           require_signatures=require_signatures)
    receipt = receipt_for(store, result, city_id)
    save_receipt(store, receipt)
    if receipt.delivered:
        return Answer(200, receipt.to_json())
    if receipt.held:  # accepted for a person to decide: the receipt changes to imported or rejected then
        return Answer(202, receipt.to_json())
    return Answer(422, {**error_body(422, "rejected", receipt.reason or tr("the bundle was refused")),
                        "receipt": receipt.to_json()})
