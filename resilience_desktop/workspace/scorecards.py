"""The scorecard definitions a workspace keeps (``ws.scorecards``): the exact copy each assessment began on."""

from __future__ import annotations

__all__ = ["Scorecards"]

import json
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Callable

from ..errors import ScorecardError
from ..i18n.catalog import tr
from ..scorecard import Scorecard, ScorecardRegistry
from ..scorecard.loader import scorecard_from_dict
from ..scorecard.overlays import overlay_paths, with_overlays
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
            self._cards[key] = _built(rows[0]["definition"], scorecard_id, version, self._registry().folders)
        return self._cards[key]

    def definition(self, scorecard_id: str, version: int) -> str | None:
        """The stored definition as JSON text (what a bundle carries); ``None`` when not held."""
        rows = self._db.query("SELECT definition FROM scorecards WHERE id = ? AND version = ?",
                              (scorecard_id, version))
        return rows[0]["definition"] if rows else None


#: Definitions built in this process, by (stored JSON text, the overlay files' paths, times and sizes):
#: reading, overlaying and building one took ~12 ms, paid on every open of every workspace (a national
#: import opens one per bundle). A :class:`Scorecard` is frozen, so workspaces can share one.
_BUILT: OrderedDict[tuple, Scorecard] = OrderedDict()
_BUILT_MAX = 16
_LOCK = threading.Lock()


def _built(definition: str, scorecard_id: str, version: int, folders: list[Path]) -> Scorecard:
    overlays = []
    for folder in folders:
        for path in overlay_paths(folder, scorecard_id):
            try:
                st = path.stat()
            except OSError:
                continue  # gone since it was listed: with_overlays names it
            overlays.append((str(path), st.st_mtime_ns, st.st_size))
    key = (definition, tuple(str(f) for f in folders), tuple(overlays))
    with _LOCK:  # workspaces are opened on worker threads too (a national import, the map's readers)
        card = _BUILT.get(key)
        if card is not None:
            _BUILT.move_to_end(key)
            return card
    # Translation overlays shipped since the assessment began add texts in more languages;
    # they never change the ids, levels or scale the answers were given on.
    stored = json.loads(definition)
    doc, _ = with_overlays(stored, folders)
    card = scorecard_from_dict(doc, f"workspace:{scorecard_id}@{version}", raw=stored,
                               cache=True)  # validated once per content, not per open
    with _LOCK:
        _BUILT[key] = card
        while len(_BUILT) > _BUILT_MAX:
            _BUILT.popitem(last=False)
    return card
