"""Small pieces shared by the workspace façade modules."""

from __future__ import annotations

__all__ = ["UNSET", "now", "new_id", "score_text"]

import uuid
from datetime import datetime, timezone
from typing import Any


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


#: Marks an argument the caller did not give (distinct from ``None``, which may be a value).
UNSET: Any = _Unset()


def now() -> str:
    """The current UTC time as ISO 8601 with milliseconds."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def new_id() -> str:
    return str(uuid.uuid4())


def score_text(score: int | None, na: bool) -> str | None:
    """How a score is written in the change log: ``"2"``, ``"N/A"`` or ``None`` (not answered)."""
    return "N/A" if na else (None if score is None else str(score))
