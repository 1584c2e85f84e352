"""A raster as a scenario's hazard: flood depth, peak ground acceleration, susceptibility.

Thresholds ``t1 < t2 < … < tn`` make classes ``t1-t2``, ``t2-t3``, …, ``tn+`` (a value equal to a
threshold belongs to the class it opens); a feature is *affected* when it meets ``t1``. No-data
pixels are no hazard, never 0 of it. Per asset group:

- points: the value under each point (``max_value``/``mean_value`` of those with a value), each
  point counted in its class;
- lines: the length at or above each threshold, exactly along pixel edges (the pixels at or above
  a threshold are turned into polygons once, tile by tile, then cut with the lines as in
  :mod:`.exposure`); max/mean over the pixels the line crosses;
- polygons: the area at or above each threshold the same way, and the max/mean of the pixels
  whose centres they hold (:func:`.raster.zonal_stats`);
- a population raster gives the people per class (resampled onto the hazard grid by sum).

Lengths and areas are in the projected CRS of :func:`.exposure.exposure_crs`, never degrees.
"""

from __future__ import annotations

__all__ = ["run_raster_exposure", "class_labels", "parse_thresholds"]

from typing import Any, Iterable, Sequence

import numpy as np
import shapely

from ..errors import GisError
from ..i18n.catalog import tr
from .crs import is_geographic, transform_geometries
from .exposure import (ExposureLayer, ExposureResult, GroupExposure, _check, _hits, _prepare, _str,
                       exposure_crs)
from .model import Cancelled, LayerData, Progress
from .raster import TILE, open_raster, sample, zonal_stats
from .zone_index import ZoneSet


def _g(v: float) -> str:
    return f"{v:g}"


def class_labels(thresholds: Iterable[float]) -> list[str]:
    """``[0.5, 1, 2]`` → ``["0.5-1", "1-2", "2+"]``."""
    t = list(thresholds)
    return [f"{_g(a)}-{_g(b)}" for a, b in zip(t[:-1], t[1:])] + [f"{_g(t[-1])}+"]


def parse_thresholds(text: str) -> list[float]:
    """``"0.5,1,2"`` → ``[0.5, 1.0, 2.0]`` (increasing numbers).

    A threshold of 0 is refused: it would count every cell with a value, the dry ones too, and
    ``0,5`` is how a decimal comma writes 0.5 (it would silently mean 0 and 5).

    >>> parse_thresholds("0.5,1,2")
    [0.5, 1.0, 2.0]
    >>> parse_thresholds("0,5")
    Traceback (most recent call last):
    ...
    resilience_desktop.errors.GisError: a threshold of 0 counts every cell with a value, dry or calm ones too; write decimals with a dot: 0.5,1,2 means 0.5, 1 and 2
    """
    try:
        values = [float(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise GisError(tr("thresholds must be numbers separated by commas, like 0.5,1,2")) from None
    if not values or any(b <= a for a, b in zip(values, values[1:])):
        raise GisError(tr("thresholds must be increasing numbers, like 0.5,1,2"))
    if 0.0 in values:
        raise GisError(tr("a threshold of 0 counts every cell with a value, dry or calm ones too; write decimals "
                          "with a dot: 0.5,1,2 means 0.5, 1 and 2"))
    return values


def _class_of(values: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """Class index per value: -1 below the first threshold or no value."""
    v = np.where(np.isfinite(values), values, -np.inf)
    return np.searchsorted(thresholds, v, side="right") - 1


def _zones_at_or_above(path: str, thresholds: np.ndarray, bounds: tuple[float, float, float, float],
                       cancelled: Cancelled | None) -> list[np.ndarray]:
    """Per threshold: the polygons (raster CRS) of the pixels at or above it, within ``bounds``."""
    import rasterio
    from rasterio.features import shapes
    from rasterio.windows import Window, from_bounds
    out: list[list[Any]] = [[] for _ in thresholds]
    with rasterio.open(path) as ds:
        w = from_bounds(*bounds, transform=ds.transform)
        c0, r0 = max(int(np.floor(w.col_off)), 0), max(int(np.floor(w.row_off)), 0)
        c1 = min(int(np.ceil(w.col_off + w.width)), ds.width)
        r1 = min(int(np.ceil(w.row_off + w.height)), ds.height)
        if c1 <= c0 or r1 <= r0:  # the assets lie outside the raster
            return [np.array([], dtype=object) for _ in thresholds]
        win = Window(c0, r0, c1 - c0, r1 - r0)
        for r0 in range(int(win.row_off), int(win.row_off + win.height), TILE):
            for c0 in range(int(win.col_off), int(win.col_off + win.width), TILE):
                _check(cancelled)
                w = Window(c0, r0, min(TILE, int(win.col_off + win.width) - c0),
                           min(TILE, int(win.row_off + win.height) - r0))
                data = ds.read(1, window=w, masked=True).astype(np.float64).filled(np.nan)
                cls = (_class_of(data, thresholds) + 1).astype(np.int32)
                for geom, value in shapes(cls, mask=cls > 0, transform=ds.window_transform(w)):
                    for j in range(int(value)):  # a class-3 pixel is at or above thresholds 1, 2 and 3
                        out[j].append(shapely.geometry.shape(geom))
    return [np.array(g, dtype=object) for g in out]


def run_raster_exposure(raster: str, assets: ExposureLayer | LayerData | Sequence[ExposureLayer | LayerData], *,
                        thresholds: Sequence[float], group_field: str | None = None,
                        population_raster: str | None = None, crs: str | None = None,
                        raster_crs: str | None = None, population_crs: str | None = None,
                        progress: Progress | None = None, cancelled: Cancelled | None = None) -> ExposureResult:
    """Count what the raster hazard reaches among ``assets`` (see the module text).

    ``raster_crs`` and ``population_crs``: the coordinate systems of a hazard raster and a population
    raster whose files give none (refused when the file gives another one)."""
    info = open_raster(raster)
    if raster_crs is not None:
        from dataclasses import replace

        from .raster_layer import check_georeferenced
        info = replace(info, crs=check_georeferenced(raster, raster_crs))
    if info.crs is None:
        raise GisError(tr("{layer} has no coordinate reference system; assign one first", layer=info.path))
    thr = np.asarray(parse_thresholds(",".join(str(t) for t in thresholds)) if thresholds else [], dtype=float)
    if not len(thr):
        raise GisError(tr("a raster hazard needs thresholds or classes, like 0.5,1,2"))
    labels = class_labels(thr)
    given = [assets] if isinstance(assets, (ExposureLayer, LayerData)) else list(assets)
    asset_list = [a if isinstance(a, ExposureLayer) else ExposureLayer.from_layer_data(
        a, [group_field] if group_field in a.fields else []) for a in given]
    frame = ExposureLayer("raster", info.crs, np.array([shapely.box(*info.bounds)]))
    target = crs or exposure_crs([frame, *asset_list])
    if is_geographic(target):
        raise GisError(tr("exposure is computed in a projected CRS, not {crs}", crs=target))
    total_work = sum(len(a.geometries) for a in asset_list)
    done = 0
    groups: list[GroupExposure] = []
    fids: list[np.ndarray] = []
    repaired = 0
    several = len(asset_list) > 1
    for layer in asset_list:
        _check(cancelled)
        g = _prepare(layer, target)
        repaired += g.repaired
        geoms, dims, present = g.geoms, g.dims, g.present
        n = len(geoms)
        in_raster = transform_geometries(geoms, target, info.crs)
        value_max = np.full(n, np.nan)
        value_mean = np.full(n, np.nan)
        pts = np.flatnonzero(present & (g.type_ids == 0))
        if len(pts):
            v = sample(raster, shapely.get_x(in_raster[pts]), shapely.get_y(in_raster[pts]))
            value_max[pts] = value_mean[pts] = v
        other = np.flatnonzero(present & (g.type_ids != 0))
        measure = np.zeros((n, len(thr)))
        if len(other):
            zs = zonal_stats(raster, in_raster[other], cancelled=cancelled)
            value_max[other], value_mean[other] = zs.max, zs.mean
            pad = max(abs(info.transform[0]), abs(info.transform[4]))  # a flat line's box has no height
            x0, y0, x1, y1 = shapely.total_bounds(in_raster[other])
            ext = (x0 - pad, y0 - pad, x1 + pad, y1 + pad)
            for j, zones in enumerate(_zones_at_or_above(raster, thr, tuple(ext), cancelled)):
                zset = ZoneSet(transform_geometries(zones, info.crs, target) if len(zones) else zones)
                sub = _sub(g, other)
                _hit, length, area = _hits(zset, sub, cancelled=cancelled, tick=lambda _n: None)
                measure[other, j] = np.where(dims[other] == 1, length, np.where(dims[other] == 2, area, 0.0))
        cls = _class_of(value_max, thr)
        hit = present & (cls >= 0)
        # A line or polygon is affected by its exposed measure (a pixel it holds may lie outside it).
        hit[other] = measure[other, 0] > 0 if len(other) else hit[other]
        done += n
        if progress is not None:
            progress(done, total_work)
        fids.append(np.flatnonzero(hit))
        if group_field and group_field in layer.columns:
            keys = np.array([_str(v) for v in layer.column(group_field)], dtype=object)
            keys[keys == ""] = tr("(no value)")
            uniq, inverse = np.unique(keys, return_inverse=True)
        else:
            uniq = np.array([layer.name] if n else [], dtype=object)
            inverse = np.zeros(n, dtype=np.int64)
        for k in range(len(uniq)):
            sel = (inverse == k) & present
            name = str(uniq[k])
            vals_max, vals_mean = value_max[sel], value_mean[sel]
            is_line, is_poly = sel & (dims == 1), sel & (dims == 2)
            by_class = {lab: int(np.sum(sel & hit & (cls == j))) for j, lab in enumerate(labels)}
            grp = GroupExposure(
                group=f"{layer.name}: {name}" if several and name != layer.name else name, layer=layer.name,
                total=int(sel.sum()), affected=int((sel & hit).sum()),
                exposed_length_m=float(measure[is_line, 0].sum()) if is_line.any() else None,
                total_length_m=float(shapely.length(geoms[is_line]).sum()) if is_line.any() else None,
                exposed_area_m2=float(measure[is_poly, 0].sum()) if is_poly.any() else None,
                total_area_m2=float(shapely.area(geoms[is_poly]).sum()) if is_poly.any() else None,
                by_class=by_class,
                max_value=float(np.nanmax(vals_max)) if np.isfinite(vals_max).any() else None,
                mean_value=float(np.nanmean(vals_mean)) if np.isfinite(vals_mean).any() else None,
                no_value=int(np.sum(~np.isfinite(vals_max))))
            if is_line.any() or is_poly.any():
                col = np.where(is_line[:, None], measure, 0.0) + np.where(is_poly[:, None], measure, 0.0)
                grp.above = {f">={_g(t)}": float(col[:, j].sum()) for j, t in enumerate(thr)}
            groups.append(grp)
    people = None
    if population_raster is not None:
        per_class = population_by_class(raster, population_raster, thr, cancelled=cancelled, hazard_crs=info.crs,
                                        population_crs=population_crs)
        people = float(sum(per_class))
    return ExposureResult(target, groups, people, fids, repaired, tuple(labels), None, raster=True,
                          population_by_class=dict(zip(labels, per_class)) if population_raster else {})


def _sub(g, idx: np.ndarray):
    from .exposure import _Geoms
    return _Geoms(g.geoms[idx], g.type_ids[idx], g.dims[idx], g.present[idx], 0)


def population_by_class(hazard: str, population: str, thresholds: np.ndarray, *,
                        cancelled: Cancelled | None = None, hazard_crs: str | None = None,
                        population_crs: str | None = None) -> list[float]:
    """People per hazard class: the population raster summed onto the hazard grid, tile by tile
    (``hazard_crs``, ``population_crs``: the CRS of a file that gives none)."""
    import rasterio
    from rasterio.warp import Resampling, reproject
    from rasterio.windows import Window
    out = np.zeros(len(thresholds))
    from contextlib import ExitStack

    from rasterio.crs import CRS as RioCRS
    from rasterio.vrt import WarpedVRT

    from .crs import crs_to_string, transform_bounds
    from .raster_layer import check_georeferenced
    with ExitStack() as stack:
        hz = stack.enter_context(rasterio.open(hazard))
        pop = stack.enter_context(rasterio.open(population))
        given = check_georeferenced(population, population_crs) if population_crs else None
        pop_crs = RioCRS.from_user_input(given) if given else pop.crs
        if pop_crs is None:
            raise GisError(tr("{layer} has no coordinate reference system; assign one first", layer=population))
        hz_crs = hz.crs if hz.crs else RioCRS.from_user_input(hazard_crs) if hazard_crs else None
        if hz_crs is None:
            raise GisError(tr("{layer} has no coordinate reference system; assign one first", layer=hazard))
        try:
            pb = transform_bounds(tuple(pop.bounds), crs_to_string(pop_crs.to_wkt()), crs_to_string(hz_crs.to_wkt()))
        except GisError:
            pb = None
        hb = tuple(hz.bounds)
        if pb is None or pb[0] >= hb[2] or pb[2] <= hb[0] or pb[1] >= hb[3] or pb[3] <= hb[1]:
            # a count of 0 people would read as "no one lives there": said instead
            from pathlib import Path
            raise GisError(tr("the population grid {population} does not overlap the hazard raster {hazard}: check "
                              "that both have their right coordinate systems", population=Path(population).name,
                              hazard=Path(hazard).name))
        # a file without its CRS is read through a virtual copy that carries the one given (rasterio
        # takes a band's CRS from its dataset, whatever is passed beside it)
        source = pop if pop.crs else stack.enter_context(WarpedVRT(pop, src_crs=pop_crs, crs=pop_crs))
        same = pop_crs == hz_crs and pop.transform == hz.transform and pop.shape == hz.shape
        for r0 in range(0, hz.height, TILE):
            for c0 in range(0, hz.width, TILE):
                _check(cancelled)
                w = Window(c0, r0, min(TILE, hz.width - c0), min(TILE, hz.height - r0))
                h = hz.read(1, window=w, masked=True).astype(np.float64).filled(np.nan)
                if same:
                    people = pop.read(1, window=w, masked=True).astype(np.float64).filled(0.0)
                else:
                    people = np.zeros(h.shape)
                    reproject(rasterio.band(source, 1), people, dst_transform=hz.window_transform(w), dst_crs=hz_crs,
                              dst_nodata=0.0, resampling=Resampling.sum)
                people = np.where(np.isfinite(people) & (people > 0), people, 0.0)
                cls = _class_of(h, thresholds)
                ok = cls >= 0
                out += np.bincount(cls[ok], weights=people[ok], minlength=len(thresholds))
    return out.tolist()
