"""What a workspace accepts so that everything in it can travel in a bundle.

The bundle schemas (``bundle/schemas/*.json``) bound texts and numbers; a value the importer
would refuse is refused here, when it is typed, with a sentence naming the field, instead of at
export time (or worse, at the national platform). ``tests/safety/test_limits.py`` checks these
numbers against the schemas so they cannot drift apart.
"""

from __future__ import annotations

__all__ = ["MAX_TEXT", "MAX_TITLE", "MAX_CITY_NAME", "MAX_REGION", "check_length", "check_finite", "check_json_value"]

import json
import math
from typing import Any

from ..errors import InvalidInputError
from ..i18n.catalog import tr

#: Any free text of an answer, evidence, action or stakeholder proposal (``$defs.text`` of assessment.json).
MAX_TEXT = 100_000
#: An assessment's title (assessment.json ``title``).
MAX_TITLE = 1_000
#: A city's name and region (city.json ``name`` and ``region``).
MAX_CITY_NAME = 500
MAX_REGION = 500


def check_length(label: str, value: str | None, limit: int = MAX_TEXT) -> None:
    """Refuse text longer than ``limit`` characters; ``label`` names the field for the user."""
    if value is not None and len(value) > limit:
        raise InvalidInputError(tr("{field} is {n} characters long; the limit is {limit} (it could not be sent "
                                   "in a bundle)", field=label, n=len(value), limit=limit))


def check_finite(label: str, value: float | None) -> None:
    """Refuse infinite numbers and NaN (JSON cannot carry them)."""
    if value is not None and not (isinstance(value, (int, float)) and math.isfinite(value)):
        raise InvalidInputError(tr("{field} must be a finite number, not {value!r}", field=label, value=value))


def check_json_value(label: str, value: Any) -> str:
    """``value`` as strict JSON (no Infinity or NaN); refuse what cannot be written."""
    try:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(tr("{field} holds a value that cannot be stored: {e}", field=label, e=exc)) from None
