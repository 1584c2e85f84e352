"""The receipt the national platform gives for each bundle it receives (no Qt).

The same JSON document answers an HTTPS upload and is written as ``receipts/<sha256>.json`` by
``national import-folder``; the city's outbox marks an item delivered only from a receipt.
Keys: ``sha256`` (of the whole bundle file), ``outcome`` (``imported``, ``already_imported``,
``older_revision``, ``rejected``, or ``held``: kept for a person at the platform to decide, the
receipt replaced by ``imported`` or ``rejected`` once decided), ``reason``, ``server_time`` (UTC ISO
8601), ``assessment_id``, ``revision``, ``city_id``, ``warnings``.
"""

from __future__ import annotations

__all__ = ["RECEIPT_OUTCOMES", "DELIVERED_OUTCOMES", "Receipt", "receipt_for", "parse_receipt"]

import re
from dataclasses import dataclass, field
from typing import Any

from ..workspace.common import now
from .importer import ImportResult
from .store import NationalStore

RECEIPT_OUTCOMES = ("imported", "already_imported", "older_revision", "rejected", "held")
#: Outcomes that mean the platform holds the bundle.
DELIVERED_OUTCOMES = ("imported", "already_imported", "older_revision")
_SHA = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Receipt:
    """What the platform did with one bundle file."""

    sha256: str | None
    outcome: str
    reason: str = ""
    server_time: str = ""
    assessment_id: str | None = None
    revision: int | None = None
    city_id: str | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def delivered(self) -> bool:
        return self.outcome in DELIVERED_OUTCOMES

    @property
    def held(self) -> bool:
        """Kept for review at the platform: neither delivered nor refused yet."""
        return self.outcome == "held"

    def to_json(self) -> dict[str, Any]:
        return {"sha256": self.sha256, "outcome": self.outcome, "reason": self.reason,
                "server_time": self.server_time, "assessment_id": self.assessment_id, "revision": self.revision,
                "city_id": self.city_id, "warnings": list(self.warnings)}


def receipt_for(store: NationalStore, result: ImportResult, city_id: str | None = None) -> Receipt:
    """The receipt of one import: a conflict is ``rejected``; an import below the latest revision
    the store holds is ``older_revision`` (kept in the history, the latest unchanged)."""
    outcome = result.outcome
    if outcome == "conflict":
        outcome = "rejected"
    elif outcome == "imported" and result.assessment_id is not None:
        latest = store.query("SELECT MAX(revision) AS r FROM bundles WHERE assessment_id = ?", (result.assessment_id,))
        if latest and latest[0]["r"] is not None and int(latest[0]["r"]) > int(result.revision or 0):
            outcome = "older_revision"
    reason = result.reason if outcome != "imported" else ""
    return Receipt(result.sha256, outcome, reason, now(), result.assessment_id, result.revision, city_id,
                   tuple(result.warnings))


def parse_receipt(data: Any) -> Receipt | None:
    """A receipt from parsed JSON, or ``None`` when ``data`` is not a well-formed receipt."""
    if not isinstance(data, dict) or data.get("outcome") not in RECEIPT_OUTCOMES:
        return None
    sha = data.get("sha256")
    rev = data.get("revision")
    if (sha is not None and not (isinstance(sha, str) and _SHA.match(sha))) or \
            (rev is not None and (not isinstance(rev, int) or isinstance(rev, bool))):
        return None
    warnings = data.get("warnings") or []
    return Receipt(sha, data["outcome"], str(data.get("reason") or ""), str(data.get("server_time") or ""),
                   data.get("assessment_id") if isinstance(data.get("assessment_id"), str) else None, rev,
                   data.get("city_id") if isinstance(data.get("city_id"), str) else None,
                   tuple(str(w) for w in warnings) if isinstance(warnings, list) else ())
