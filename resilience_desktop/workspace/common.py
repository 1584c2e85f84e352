"""Small pieces shared by the workspace façade modules."""

from __future__ import annotations

__all__ = ["UNSET", "now", "new_id", "score_text", "seeded_ids"]

import random
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
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


#: A generator of ids for this thread's code while :func:`seeded_ids` is in force (the demo's build).
_SEEDED: ContextVar[random.Random | None] = ContextVar("seeded_ids", default=None)


def new_id() -> str:
    rng = _SEEDED.get()
    if rng is not None:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))
    return str(uuid.uuid4())


@contextmanager
def seeded_ids(seed: str) -> Iterator[None]:
    """Within the block, :func:`new_id` gives the same sequence of (version 4) ids for the same ``seed``:
    the demo's cities and assessments keep their ids whichever language it is written in and however often,
    so an id copied from ``assessment list --demo`` still works in ``report --demo ID`` (a facilitator's
    trial). Other threads are not affected (a context variable).

    >>> with seeded_ids("x"):
    ...     a = new_id()
    >>> with seeded_ids("x"):
    ...     a == new_id() != new_id()
    True
    """
    token = _SEEDED.set(random.Random(seed))
    try:
        yield
    finally:
        _SEEDED.reset(token)


def score_text(score: int | None, na: bool) -> str | None:
    """How a score is written in the change log: ``"2"``, ``"N/A"`` or ``None`` (not answered)."""
    return "N/A" if na else (None if score is None else str(score))
