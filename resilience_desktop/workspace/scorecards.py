"""The scorecard definitions a workspace keeps (``ws.scorecards``): the exact copy each assessment began on."""

from __future__ import annotations

__all__ = ["Scorecards"]

import json
from typing import Callable

from ..errors import ScorecardError
from ..i18n.catalog import tr
from ..scorecard import Scorecard, ScorecardRegistry
from ..scorecard.loader import scorecard_from_dict
from ..scorecard.overlays import with_overlays
from ..store import Database


class Scorecards:
    """Scorecards as stored in the workspace, read once per open workspace.

    Parameters
    ----------
    database
        The open workspace database.
    registry
        Returns the registry of installed scorecards (called when first needed: loading it is slow);
        its folders give the translation overlays shipped since an assessment began.
    """

    def __init__(self, database: Database, registry: Callable[[], ScorecardRegistry]):
        self._db = database
        self._registry = registry
        self._cards: dict[tuple[str, int], Scorecard] = {}

    def get(self, scorecard_id: str, version: int) -> Scorecard:
        """The exact definition an assessment was started on (the copy kept in the workspace)."""
        key = (scorecard_id, version)
        if key not in self._cards:
            rows = self._db.query("SELECT definition FROM scorecards WHERE id = ? AND version = ?", key)
            if not rows:
                raise ScorecardError(tr("this workspace holds no scorecard {scorecard_id!r} version {version}",
                                        scorecard_id=scorecard_id, version=version))
            # Translation overlays shipped since the assessment began add texts in more languages;
            # they never change the ids, levels or scale the answers were given on.
            stored = json.loads(rows[0]["definition"])
            doc, _ = with_overlays(stored, self._registry().folders)
            self._cards[key] = scorecard_from_dict(doc, f"workspace:{scorecard_id}@{version}", raw=stored,
                                                   cache=True)  # validated once per content, not per open
        return self._cards[key]

    def definition(self, scorecard_id: str, version: int) -> str | None:
        """The stored definition as JSON text (what a bundle carries); ``None`` when not held."""
        rows = self._db.query("SELECT definition FROM scorecards WHERE id = ? AND version = ?",
                              (scorecard_id, version))
        return rows[0]["definition"] if rows else None
