"""Layer styles: the default colours and the rules a style must follow (no Qt).

A style is plain JSON stored with its layer; the renderer (``gis.display``) reads it, the
workspace validates it with :func:`check_style` before storing it.
"""

from __future__ import annotations

__all__ = ["DEFAULT_COLORS", "STYLE_KINDS", "check_style"]

import re
from typing import Any

from ..errors import InvalidInputError
from ..i18n.catalog import tr

#: Colours given to new layers in turn (readable on a light map background).
DEFAULT_COLORS = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#9c755f")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
STYLE_KINDS = ("single", "categorized")


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
