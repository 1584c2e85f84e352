"""Class breaks for graduated styles: equal interval, quantiles, natural breaks (no Qt).

Natural breaks are Fisher's exact optimal partition (what QGIS and mapclassify call Jenks):
dynamic programming over the sorted values minimising the sum of squared deviations within
classes. It is O(k·n²), so above :data:`JENKS_SAMPLE` values an evenly spaced sample of the
sorted values is classified (as mapclassify does), and the extreme values are always kept.
"""

from __future__ import annotations

__all__ = ["METHODS", "breaks", "equal_interval", "quantiles", "natural_breaks", "class_of", "numeric",
           "RAMPS", "ramp_colours"]

from typing import Any, Sequence

import numpy as np

from ..errors import InvalidInputError
from ..i18n.catalog import tr

METHODS = ("equal", "quantile", "jenks")
JENKS_SAMPLE = 2_000
#: Colour ramps, light to dark (ColorBrewer-like sequential ramps and viridis).
RAMPS = {
    "yellow-red": ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"),
    "blues": ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"),
    "greens": ("#edf8e9", "#bae4b3", "#74c476", "#31a354", "#006d2c"),
    "viridis": ("#440154", "#3b528b", "#21918c", "#5ec962", "#fde725"),
    "terrain": ("#1a9850", "#91cf60", "#d9ef8b", "#fee08b", "#d8b365", "#8c510a", "#ffffff"),
}


def numeric(values: Sequence[Any]) -> np.ndarray:
    """Values as float, NaN where a value is missing or not a number (``"12"`` counts as 12)."""
    out = np.full(len(values), np.nan)
    for i, v in enumerate(values):
        if isinstance(v, bool) or v is None:
            continue
        try:
            out[i] = float(v)
        except (TypeError, ValueError):
            continue
    out[~np.isfinite(out)] = np.nan
    return out


def equal_interval(values: np.ndarray, k: int) -> list[float]:
    """``k + 1`` breaks splitting the range into ``k`` equal widths.

    >>> equal_interval(np.array([0.0, 3.0, 10.0]), 5)
    [0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
    """
    lo, hi = float(np.min(values)), float(np.max(values))
    return [float(v) for v in np.linspace(lo, hi, k + 1)]


def quantiles(values: np.ndarray, k: int) -> list[float]:
    """``k + 1`` breaks with about as many values in each class (repeated breaks merged).

    >>> quantiles(np.arange(1.0, 9.0), 4)
    [1.0, 2.75, 4.5, 6.25, 8.0]
    """
    q = np.quantile(values, np.linspace(0, 1, k + 1))
    return [float(v) for v in np.unique(q)]


def natural_breaks(values: np.ndarray, k: int) -> list[float]:
    """``k + 1`` breaks of Fisher's optimal (Jenks) classification; each class's upper break is
    its largest value.

    >>> natural_breaks(np.array([1, 2, 3, 10, 11, 12, 30, 31.0]), 3)
    [1.0, 3.0, 12.0, 31.0]
    """
    x = np.sort(np.asarray(values, dtype=float))
    if len(x) > JENKS_SAMPLE:
        x = x[np.unique(np.linspace(0, len(x) - 1, JENKS_SAMPLE).round().astype(int))]
    n = len(x)
    k = min(k, len(np.unique(x)))
    if k <= 1:
        return [float(x[0]), float(x[-1])]
    s1 = np.concatenate([[0.0], np.cumsum(x)])
    s2 = np.concatenate([[0.0], np.cumsum(x * x)])

    def ssd(i: np.ndarray, j: int) -> np.ndarray:
        """Sum of squared deviations of x[i:j] for every start i (vector) and one end j."""
        cnt = j - i
        s = s1[j] - s1[i]
        return (s2[j] - s2[i]) - s * s / cnt

    # cost[c][j]: best cost of splitting x[:j] into c + 1 classes
    cost = np.full((k, n + 1), np.inf)
    back = np.zeros((k, n + 1), dtype=np.int64)
    j_all = np.arange(1, n + 1)
    cost[0, 1:] = (s2[j_all] - s1[j_all] ** 2 / j_all)
    for c in range(1, k):
        for j in range(c + 1, n + 1):
            i = np.arange(c, j)
            total = cost[c - 1, i] + ssd(i, j)
            best = int(np.argmin(total))
            cost[c, j] = total[best]
            back[c, j] = i[best]
    cuts = []
    j = n
    for c in range(k - 1, 0, -1):
        j = int(back[c, j])
        cuts.append(j)
    cuts.reverse()
    return [float(x[0])] + [float(x[c - 1]) for c in cuts] + [float(x[-1])]


def breaks(values: Sequence[Any], method: str, k: int) -> list[float]:
    """The class breaks of the numeric ``values`` (missing ones ignored) by ``method``."""
    if method not in METHODS:
        raise InvalidInputError(tr("classification must be one of {methods}", methods=", ".join(METHODS)))
    if not 2 <= int(k) <= 12:
        raise InvalidInputError(tr("the number of classes must be from 2 to 12"))
    v = numeric(values)
    v = v[np.isfinite(v)]
    if len(v) == 0:
        raise InvalidInputError(tr("the field has no numeric values to classify"))
    fn = {"equal": equal_interval, "quantile": quantiles, "jenks": natural_breaks}[method]
    out = fn(v, int(k))
    return out if len(out) > 1 else [out[0], out[0]]


def class_of(values: Sequence[Any], edges: Sequence[float]) -> np.ndarray:
    """Class number (1-based) of each value for ``edges``; 0 for a missing or out-of-range value.

    A value equal to a break belongs to the lower class, as the legend's "a – b" ranges say.

    >>> class_of([0, 2, 2.5, 10, None, 11], [0, 2, 5, 10]).tolist()
    [1, 1, 2, 3, 0, 0]
    """
    v = numeric(values)
    e = np.asarray(edges, dtype=float)
    cls = np.searchsorted(e[1:-1], v, side="left") + 1
    ok = np.isfinite(v) & (v >= e[0]) & (v <= e[-1])
    return np.where(ok, cls, 0).astype(np.int64)


def ramp_colours(ramp: str, k: int) -> list[str]:
    """``k`` colours spread evenly along the named ramp."""
    stops = RAMPS.get(ramp)
    if stops is None:
        raise InvalidInputError(tr("colour ramp must be one of {ramps}", ramps=", ".join(RAMPS)))
    rgb = np.array([[int(c[i:i + 2], 16) for i in (1, 3, 5)] for c in stops], dtype=float)
    pos = np.linspace(0, len(stops) - 1, k) if k > 1 else np.array([len(stops) - 1.0])
    out = []
    for p in pos:
        a = int(np.floor(p))
        b = min(a + 1, len(stops) - 1)
        c = rgb[a] + (rgb[b] - rgb[a]) * (p - a)
        out.append("#" + "".join(f"{int(round(x)):02x}" for x in c))
    return out
