"""The offline map's background: the area of the reporting cities, drawn from their coordinates.

No tiles and no borders are shipped, so the dashboard draws the convex hull of the cities,
widened by a margin, as a soft shape under the points and labels it "area of the reporting
cities (not a border)". Coordinates stay WGS 84; the page projects them (equirectangular,
scaled by the cosine of the middle latitude, which keeps a country's shape within a few percent).
"""

from __future__ import annotations

__all__ = ["cities_outline"]

from typing import Any, Iterable


def cities_outline(cities: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """``{"bounds": [lon0, lat0, lon1, lat1] | None, "outline": [[lon, lat], …], "without_coordinates": n}``.

    >>> out = cities_outline([{"lon": 74.6, "lat": 42.9}, {"lon": 72.8, "lat": 40.5}, {"lon": None, "lat": None}])
    >>> out["without_coordinates"], len(out["outline"]) > 8, out["bounds"][0] < 72.8
    (1, True, True)
    """
    import shapely
    rows = list(cities)
    points = [(c["lon"], c["lat"]) for c in rows if c.get("lon") is not None and c.get("lat") is not None]
    missing = len(rows) - len(points)
    if not points:
        return {"bounds": None, "outline": [], "without_coordinates": missing}
    hull = shapely.multipoints(points).convex_hull
    x0, y0, x1, y1 = hull.bounds
    margin = max(0.25, 0.06 * max(x1 - x0, y1 - y0))
    shape = shapely.simplify(hull.buffer(margin, quad_segs=6), margin / 10)
    ring = shape.exterior.coords if shape.geom_type == "Polygon" else shape.convex_hull.exterior.coords
    bx0, by0, bx1, by1 = shape.bounds
    return {"bounds": [round(bx0, 4), round(by0, 4), round(bx1, 4), round(by1, 4)],
            "outline": [[round(x, 4), round(y, 4)] for x, y in ring], "without_coordinates": missing}
