"""The one input-validation layer every boundary uses: text, numbers, language codes, bounded JSON/YAML.

Command-line arguments (through :mod:`resilience_desktop.cli._common`'s argparse types), the
workspace façade, file readers and received bundles all check values here, so the same value is
refused with the same sentence everywhere, and refused *before* a workspace or store is opened
for writing. Limits are documented constants:

- text: valid Unicode (no lone surrogates, which is what undecodable bytes on a command line
  become), no NUL, at most :data:`MAX_NAME` characters for names and titles and
  :data:`MAX_TEXT` for comments and other free text;
- numbers: finite, in the documented range, written with ASCII digits (``٣`` is not 3);
- JSON and YAML: at most :data:`MAX_DOC_BYTES` and nested at most :data:`MAX_DEPTH` deep
  (Python's parsers recurse once per level); a JSON text holds no NUL (``\\u0000``, which
  truncates names in GeoPackages and C readers) and no lone surrogate (``\\udcff``, which no
  database can store).

Examples
--------
>>> check_text("Бишкек", "name")
'Бишкек'
>>> parse_int("٣", "--score")
Traceback (most recent call last):
...
resilience_desktop.errors.InvalidInputError: --score must be a whole number written with the digits 0-9, not '٣'
>>> loads_json("[" * 200 + "]" * 200)
Traceback (most recent call last):
...
resilience_desktop.errors.InvalidInputError: the JSON document is nested more than 64 levels deep
"""

from __future__ import annotations

__all__ = ["MAX_NAME", "MAX_TEXT", "MAX_DEPTH", "MAX_DOC_BYTES", "MAX_POPULATION", "MAX_AREA_KM2",
           "check_text", "check_optional_text", "check_number", "parse_int", "parse_float", "check_language",
           "loads_json", "load_yaml", "nesting_depth"]

import json
import math
import re
from typing import Any

from ..errors import InvalidInputError
from ..i18n.catalog import LANGUAGES, tr

#: Names and titles (cities, assessments, layers, regions): characters.
MAX_NAME = 200
#: Comments, verification notes, descriptions: characters (Excel's own cell limit is 32,767).
MAX_TEXT = 32_767
#: Nesting of a JSON or YAML document (scorecards nest 5 levels, bundles 6).
MAX_DEPTH = 64
#: Size of one JSON or YAML document read from a file or a bundle.
MAX_DOC_BYTES = 32 * 2**20
#: Population: more than any city on Earth, well inside SQLite's 64-bit integers.
MAX_POPULATION = 10**9
#: Area of a city in km² (the largest municipalities are ~20,000 km²).
MAX_AREA_KM2 = 10**6

_ASCII_INT = re.compile(r"[+-]?[0-9]+")
_ASCII_FLOAT = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")


def _shown(text: str, limit: int = 40) -> str:
    """``text`` as shown in a message: repr'd, cut, lone surrogates made visible."""
    safe = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return repr(safe if len(safe) <= limit else safe[:limit] + "…")


def check_text(value: Any, field: str, *, limit: int = MAX_NAME, required: bool = False) -> str:
    """``value`` if it is valid text for ``field``; otherwise :class:`InvalidInputError`."""
    if not isinstance(value, str):
        raise InvalidInputError(tr("{field} must be text", field=field))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInputError(tr("{field} is not valid text (undecodable bytes; use UTF-8): {value}",
                                   field=field, value=_shown(value))) from None
    if "\x00" in value:
        raise InvalidInputError(tr("{field} contains a NUL character", field=field))
    if len(value) > limit:
        raise InvalidInputError(tr("{field} is too long ({n} characters; at most {limit})",
                                   field=field, n=len(value), limit=limit))
    if required and not value.strip():
        raise InvalidInputError(tr("{field} must not be empty", field=field))
    return value


def check_optional_text(value: Any, field: str, *, limit: int = MAX_NAME) -> str | None:
    return None if value is None else check_text(value, field, limit=limit)


def check_number(value: Any, field: str, *, low: float | None = None, high: float | None = None,
                 integer: bool = False) -> int | float:
    """``value`` if it is a finite number (an ``int`` when ``integer``) within ``low..high``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (integer and not isinstance(value, int)):
        raise InvalidInputError(tr("{field} must be a number", field=field) if not integer else
                                tr("{field} must be a whole number", field=field))
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidInputError(tr("{field} must be a finite number, not {value}", field=field, value=value))
    if (low is not None and value < low) or (high is not None and value > high):
        raise InvalidInputError(tr("{field} must be within {low}..{high}", field=field,
                                   low=low if low is not None else "", high=high if high is not None else ""))
    return value


def parse_int(text: str, field: str, *, low: int | None = None, high: int | None = None) -> int:
    """A whole number written with ASCII digits (at most 18 of them), within ``low..high``."""
    t = check_text(text, field, limit=64).strip()
    if not _ASCII_INT.fullmatch(t):
        raise InvalidInputError(tr("{field} must be a whole number written with the digits 0-9, not {value}",
                                   field=field, value=_shown(text)))
    if len(t.lstrip("+-")) > 18 and low is None and high is None:  # what SQLite's 64-bit integers hold, and more
        low, high = -(10**18 - 1), 10**18 - 1
    return int(check_number(int(t), field, low=low, high=high, integer=True))


def parse_float(text: str, field: str, *, low: float | None = None, high: float | None = None) -> float:
    """A finite decimal number written with ASCII digits (``inf``, ``nan``, ``1e400`` refused)."""
    t = check_text(text, field, limit=64).strip()
    if not _ASCII_FLOAT.fullmatch(t):
        raise InvalidInputError(tr("{field} must be a number written with the digits 0-9, not {value}",
                                   field=field, value=_shown(text)))
    return float(check_number(float(t), field, low=low, high=high))


def check_language(code: Any) -> str:
    """A language the interface and content are available in."""
    if code not in LANGUAGES:
        raise InvalidInputError(tr("unknown language {code}; available: {known}", code=_shown(str(code)),
                                   known=", ".join(LANGUAGES)))
    return str(code)


def nesting_depth(value: Any) -> int:
    """How deep lists and mappings nest in a parsed document; iterative, never recursive.

    >>> nesting_depth({"a": [1, {"b": []}]})
    4
    """
    depth = 0
    level = [value] if isinstance(value, (list, dict)) else []
    containers = (list, dict)
    while level:  # one nesting level at a time: a list comprehension per node, no tuple per child
        depth += 1
        below: list[Any] = []
        for node in level:
            below.extend([c for c in (node.values() if isinstance(node, dict) else node) if isinstance(c, containers)])
        level = below
    return depth


_ESCAPED_NUL_OR_SURROGATE = re.compile(r"\\u(0000|[dD][89a-fA-F][0-9a-fA-F]{2})")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _bad_text_at(value: Any) -> tuple[str, str] | None:
    """``(problem, where)`` of the first string (key or value) holding a NUL or a lone surrogate; iterative."""
    stack: list[tuple[Any, str]] = [(value, "")]
    while stack:
        node, where = stack.pop()
        if isinstance(node, dict):
            for k, v in node.items():
                stack.append((k, where or "/"))
                stack.append((v, f"{where}/{k}"))
        elif isinstance(node, list):
            stack.extend((v, f"{where}/{i}") for i, v in enumerate(node))
        elif isinstance(node, str):
            if "\x00" in node:
                return "nul", where or "/"
            if _SURROGATE.search(node):
                return "surrogate", where or "/"
    return None


def _no_constant(name: str) -> Any:
    raise ValueError(tr("{name} is not valid JSON", name=name))


def loads_json(text: str | bytes, *, what: str = "the JSON document", max_depth: int = MAX_DEPTH,
               max_bytes: int = MAX_DOC_BYTES) -> Any:
    """Parse JSON with a size and depth limit; ``NaN``/``Infinity`` refused.

    Raises :class:`InvalidInputError` (a ``ValueError``) with one line for any problem.
    """
    if len(text) > max_bytes:
        raise InvalidInputError(tr("{what} is too large ({n} bytes; at most {limit})", what=what,
                                   n=len(text), limit=max_bytes))
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidInputError(tr("{what} is not UTF-8: {reason}", what=what, reason=exc)) from None
    try:
        value = json.loads(text, parse_constant=_no_constant)
    except RecursionError:  # deeper than Python's recursion limit (~1000)
        raise InvalidInputError(tr("{what} is nested more than {n} levels deep", what=what, n=max_depth)) from None
    except ValueError as exc:
        raise InvalidInputError(tr("{what} is not valid JSON: {reason}", what=what,
                                   reason=str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__)) from None
    if nesting_depth(value) > max_depth:
        raise InvalidInputError(tr("{what} is nested more than {n} levels deep", what=what, n=max_depth))
    # Only an escape can put a NUL or a lone surrogate into parsed JSON text: look further only when one is there.
    if _ESCAPED_NUL_OR_SURROGATE.search(text) or _SURROGATE.search(text):
        bad = _bad_text_at(value)
        if bad is not None:
            problem, where = bad
            raise InvalidInputError(tr("{what} contains a NUL character at {where}", what=what, where=where)
                                    if problem == "nul" else
                                    tr("{what} contains text that is not valid Unicode (a lone surrogate) at {where}",
                                       what=what, where=where))
    return value


def load_yaml(text: str, *, what: str = "the YAML document", max_depth: int = MAX_DEPTH,
              max_bytes: int = MAX_DOC_BYTES) -> Any:
    """Parse YAML (safe loader, C when available) with a size and depth limit; aliases refused
    (a "billion laughs" document expands exponentially)."""
    import yaml
    if len(text) > max_bytes:
        raise InvalidInputError(tr("{what} is too large ({n} bytes; at most {limit})", what=what,
                                   n=len(text), limit=max_bytes))
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    depth = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > max_depth:
                    raise InvalidInputError(tr("{what} is nested more than {n} levels deep", what=what, n=max_depth))
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent):
                raise InvalidInputError(tr("{what} uses YAML aliases (*name), which are not accepted", what=what))
        return yaml.load(text, Loader=loader)  # noqa: S506 (a safe loader)
    except RecursionError:
        raise InvalidInputError(tr("{what} is nested more than {n} levels deep", what=what, n=max_depth)) from None
    except yaml.YAMLError as exc:
        if "nesting depth" in str(exc):  # libyaml's own limit (1000)
            raise InvalidInputError(tr("{what} is nested more than {n} levels deep", what=what, n=max_depth)) from None
        raise InvalidInputError(tr("{what} is not valid YAML: {reason}", what=what,
                                   reason=" ".join(str(exc).split())[:200])) from None
