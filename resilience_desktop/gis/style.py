"""Layer styles: the default colours and the rules a style must follow (no Qt).

A style is plain JSON stored with its layer; the renderer (``gis.display``) reads it, the
workspace validates it with :func:`check_style` before storing it.
"""

from __future__ import annotations

__all__ = ["DEFAULT_COLORS", "STYLE_KINDS", "check_style", "graduated_style", "legend_entries", "sort_categories"]

import re
from typing import Any

from ..errors import InvalidInputError
from ..i18n.catalog import tr

#: Colours given to new layers in turn (readable on a light map background).
DEFAULT_COLORS = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#9c755f")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
STYLE_KINDS = ("single", "categorized", "graduated")


def check_style(style: Any) -> dict[str, Any]:
    """Validate a layer style; return a clean copy.

    ``{"kind": "single", "color": "#rrggbb"}`` or ``{"kind": "categorized", "field": NAME,
    "categories": {VALUE: "#rrggbb", ...}, "color": DEFAULT}``; optional ``"width"`` (line
    width in pixels) and ``"size"`` (point size in pixels).
    """
    if not isinstance(style, dict):
        raise InvalidInputError(tr("a layer style must be a mapping"))
    kind = style.get("kind", "single")
    if kind not in STYLE_KINDS:
        raise InvalidInputError(tr("style kind must be one of {kinds}", kinds=", ".join(STYLE_KINDS)))
    out: dict[str, Any] = {"kind": kind, "color": style.get("color", DEFAULT_COLORS[0])}
    colors = [out["color"]]
    if kind == "categorized":
        if not isinstance(style.get("field"), str) or not style["field"]:
            raise InvalidInputError(tr("a categorized style needs a field"))
        cats = style.get("categories") or {}
        if not isinstance(cats, dict):
            raise InvalidInputError(tr("categories must map values to colours"))
        out["field"] = style["field"]
        out["categories"] = {str(k): v for k, v in cats.items()}
        colors += list(out["categories"].values())
    if kind == "graduated":
        out.update(_check_graduated(style))
        colors += out["colors"]
    if style.get("labels") is not None:
        out["labels"] = _check_labels(style["labels"])
    bad = [c for c in colors if not isinstance(c, str) or not _COLOR.match(c)]
    if bad:
        raise InvalidInputError(tr("colours are written #rrggbb, not {value!r}", value=bad[0]))
    for key, low, high in (("width", 0.0, 20.0), ("size", 1.0, 40.0)):
        if key in style:
            v = style[key]
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not low <= v <= high:
                raise InvalidInputError(tr("{key} must be a number from {low} to {high}", key=key, low=low, high=high))
            out[key] = float(v)
    return out


def _number(v: Any) -> bool:
    return not isinstance(v, bool) and isinstance(v, (int, float)) and v == v


def _check_graduated(style: dict[str, Any]) -> dict[str, Any]:
    from .classify import METHODS
    field, edges, colors = style.get("field"), style.get("breaks"), style.get("colors")
    if not isinstance(field, str) or not field:
        raise InvalidInputError(tr("a graduated style needs a numeric field"))
    if style.get("method", "jenks") not in METHODS:
        raise InvalidInputError(tr("classification must be one of {methods}", methods=", ".join(METHODS)))
    if not isinstance(edges, list) or len(edges) < 2 or not all(_number(b) for b in edges) \
            or any(b > a for a, b in zip(edges[1:], edges[:-1])):
        raise InvalidInputError(tr("class breaks must be increasing numbers"))
    if not isinstance(colors, list) or len(colors) != len(edges) - 1:
        raise InvalidInputError(tr("a graduated style needs one colour per class"))
    out: dict[str, Any] = {"field": field, "method": style.get("method", "jenks"), "breaks": [float(b) for b in edges],
                           "colors": list(colors), "ramp": str(style.get("ramp", "yellow-red"))}
    sizes = style.get("sizes")
    if sizes is not None:
        if not isinstance(sizes, list) or len(sizes) != len(colors) or not all(_number(v) and 1 <= v <= 40 for v in sizes):
            raise InvalidInputError(tr("sizes by value must be one size from 1 to 40 per class"))
        out["sizes"] = [float(v) for v in sizes]
    return out


def _check_labels(labels: Any) -> dict[str, Any]:
    if not isinstance(labels, dict) or not isinstance(labels.get("field"), str) or not labels["field"]:
        raise InvalidInputError(tr("labels need a field"))
    size = labels.get("size", 11)
    if not _number(size) or not 6 <= size <= 36:
        raise InvalidInputError(tr("label size must be from 6 to 36 pixels"))
    out = {"field": labels["field"], "size": float(size), "halo": bool(labels.get("halo", True))}
    if labels.get("priority"):
        out["priority"] = str(labels["priority"])
    return out


def graduated_style(values: list[Any], field: str, *, method: str = "jenks", classes: int = 5,
                    ramp: str = "yellow-red", size_by_value: bool = False, base: dict[str, Any] | None = None
                    ) -> dict[str, Any]:
    """A graduated style of ``field`` whose ``values`` are given: breaks computed now and stored.

    ``size_by_value`` draws points bigger for bigger values (one colour per class as well).
    """
    from .classify import breaks, ramp_colours
    edges = breaks(values, method, classes)
    colours = ramp_colours(ramp, len(edges) - 1)
    out: dict[str, Any] = {"kind": "graduated", "field": field, "method": method, "breaks": edges,
                           "colors": colours, "ramp": ramp, "color": "#bdbdbd"}
    if size_by_value:
        k = len(colours)
        out["sizes"] = [round(4.0 + 14.0 * i / max(k - 1, 1), 1) for i in range(k)]
    for key in ("width", "size", "labels"):
        if base and key in base:
            out[key] = base[key]
    return check_style(out)


def legend_entries(style: dict[str, Any]) -> list[tuple[str, str, float | None]]:
    """``(label, colour, point size or None)`` per class or category, as a legend lists them: a class's
    limits as the interface language writes numbers, a class of one value (all the zeros of a field
    that is mostly zero) as that value, not "0 – 0".

    >>> [label for label, _c, _s in legend_entries({"kind": "graduated", "breaks": [0, 0, 350, 12500.5],
    ...                                             "colors": ["#fff", "#f80", "#f00"]})]
    ['0', '0 – 350', '350 – 12,500.5']
    """
    from ..i18n.catalog import current
    n = current().significant
    kind = style.get("kind", "single")
    if kind == "graduated":
        e, sizes = style["breaks"], style.get("sizes")
        return [(n(e[i], 6) if e[i] == e[i + 1] else f"{n(e[i], 6)} – {n(e[i + 1], 6)}", c,
                 sizes[i] if sizes else None) for i, c in enumerate(style["colors"])]
    if kind == "categorized":
        return [(str(v) if v != "" else tr("(empty)"), c, None) for v, c in style.get("categories", {}).items()]
    return []


def sort_categories(values: list[str]) -> list[str]:
    """Category values in a natural order: as numbers when they all are numbers ("2" before "10").

    >>> sort_categories(["10", "2", "1", "10315"])
    ['1', '2', '10', '10315']
    >>> sort_categories(["b", "a", "10"])
    ['10', 'a', 'b']
    """
    def num(v: str) -> float | None:
        try:
            return float(v)
        except ValueError:
            return None
    nums = [num(v) for v in values if v != ""]
    if nums and all(n is not None for n in nums):
        return sorted(values, key=lambda v: (v != "", num(v) if v != "" else 0.0))
    return sorted(values)
