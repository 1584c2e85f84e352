"""Selecting features by attribute: one field, one operator, one value (no Qt).

The attribute table's filter and "select by attribute" both use :func:`matching`. Numbers
compare as numbers when both sides are numbers (``"9" < "10"``), text compares case-blind.
"""

from __future__ import annotations

__all__ = ["OPERATORS", "matching", "parse_expression"]

import re
from typing import Any, Sequence

import numpy as np

from ..errors import InvalidInputError
from ..i18n.catalog import tr
from .classify import numeric

#: Operators offered, as typed in an expression.
OPERATORS = ("=", "!=", "<", "<=", ">", ">=", "contains", "is empty", "is not empty")
_EXPR = re.compile(r"^\s*(\"[^\"]+\"|[^\s<>=!]+)\s*(<=|>=|!=|<>|=|<|>|contains|is not empty|is empty)\s*(.*?)\s*$",
                   re.IGNORECASE)


def parse_expression(text: str, fields: Sequence[str]) -> tuple[str, str, str]:
    """``'pop >= 1000'`` or ``'"name" contains bish'`` → ``(field, operator, value)``.

    >>> parse_expression('pop >= 1000', ["pop"])
    ('pop', '>=', '1000')
    >>> parse_expression('"district name" contains Ok', ["district name"])
    ('district name', 'contains', 'Ok')
    """
    m = _EXPR.match(text or "")
    if not m:
        raise InvalidInputError(tr("write a filter as FIELD OPERATOR VALUE, for example: pop >= 1000"))
    field, op, value = m.group(1).strip('"'), m.group(2).lower(), m.group(3)
    op = "!=" if op == "<>" else op
    if field not in fields:
        raise InvalidInputError(tr("the layer has no field {field!r}; its fields: {fields}", field=field,
                                   fields=", ".join(fields)))
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    return field, op, value


def matching(values: Sequence[Any], op: str, value: str) -> np.ndarray:
    """A boolean mask: which ``values`` satisfy ``op value``.

    >>> matching([5, 12, None, "9"], ">", "8").tolist()
    [False, True, False, True]
    >>> matching(["Бишкек", "Osh", None], "contains", "бИш").tolist()
    [True, False, False]
    """
    if op not in OPERATORS:
        raise InvalidInputError(tr("operator must be one of {ops}", ops=", ".join(OPERATORS)))
    n = len(values)
    empty = np.array([v is None or (isinstance(v, str) and not v.strip()) for v in values], dtype=bool)
    if op == "is empty":
        return empty
    if op == "is not empty":
        return ~empty
    text = [("" if v is None else str(v)).casefold() for v in values]
    target = str(value).casefold()
    if op == "contains":
        return np.array([target in t for t in text], dtype=bool) & ~empty
    nums = numeric(values)
    try:
        number = float(value)
    except ValueError:
        number = None
    all_numbers = bool(np.isfinite(nums[~empty]).all())
    if number is not None and all_numbers:
        with np.errstate(invalid="ignore"):
            cmp = {"=": nums == number, "!=": nums != number, "<": nums < number, "<=": nums <= number,
                   ">": nums > number, ">=": nums >= number}[op]
        return cmp & ~empty if op != "!=" else cmp | empty
    if op in ("<", "<=", ">", ">="):
        fn = {"<": str.__lt__, "<=": str.__le__, ">": str.__gt__, ">=": str.__ge__}[op]
        return np.array([not e and fn(t, target) for t, e in zip(text, empty)], dtype=bool)
    eq = np.array([t == target for t in text], dtype=bool)
    return eq if op == "=" or n == 0 else ~eq
