"""Raster layers for the map: describing, storing and reading windows for display (no Qt).

A raster is copied into the workspace as one tiled, DEFLATE-compressed GeoTIFF with internal
overviews (:func:`pack_raster`), so the workspace stays one portable file. For drawing, the
stored GeoTIFF is written once per session to the cache folder and opened with rasterio;
:func:`read_view` then reads only the window in view, at the overview level matching the zoom
(GDAL picks the overview when the read is decimated), and warps it to the map CRS on the fly.
Hazard analysis on rasters lives in :mod:`resilience_desktop.gis.raster` (issue 15).
"""

from __future__ import annotations

__all__ = ["RasterInfo", "is_raster", "raster_info", "check_georeferenced", "pack_raster", "with_crs", "open_raster",
           "read_view", "hillshade", "RasterView", "MAX_BYTES", "raster_extent",
           "RasterDisplay", "raster_display"]

import hashlib
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import GisError
from ..i18n.catalog import tr
from ..safety.tempfiles import temp_dir
from .crs import WGS84, crs_to_string, transform_bounds
from .model import to_bounds

#: The largest packed raster a workspace takes (SQLite keeps a value under 1 GB).
MAX_BYTES = 900_000_000
#: Above this many cells the statistics are computed on a decimated read (about 4 million cells).
EXACT_STATS_CELLS = 25_000_000

Bounds = tuple[float, float, float, float]


@dataclass(frozen=True)
class RasterInfo:
    """What ``layer info`` says about a raster (the first band's statistics)."""

    driver: str
    width: int
    height: int
    bands: int
    dtype: str
    nodata: float | None
    crs: str | None
    bounds: Bounds
    bounds_wgs84: Bounds | None
    min: float | None
    max: float | None

    def to_json(self) -> dict[str, Any]:
        return {"width": self.width, "height": self.height, "bands": self.bands, "dtype": self.dtype,
                "nodata": self.nodata, "crs": self.crs, "bounds": list(self.bounds),
                "bounds_wgs84": list(self.bounds_wgs84) if self.bounds_wgs84 else None,
                "min": self.min, "max": self.max}


def _open(path: str | Path):
    import rasterio
    from rasterio.errors import RasterioIOError
    try:
        # GTIFF_DIRECT_IO (read when the file is opened): a sub-sampled read of an uncompressed
        # GeoTIFF without overviews fetches only the cells it samples, not every whole tile
        # (4-5x faster on a plain 10,000 x 10,000 file); GDAL ignores it for compressed tiles.
        with rasterio.Env(GTIFF_DIRECT_IO="YES"):
            return rasterio.open(path)
    except (RasterioIOError, OSError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise GisError(tr("cannot read {name}: {reason}", name=Path(path).name, reason=reason)) from None


def is_raster(path: str | Path) -> bool:
    """Whether GDAL opens ``path`` as a raster (decided by content, not by the file's name;
    the vector formats' own names are not probed)."""
    path = Path(path)
    if not path.is_file() or path.suffix.lower() in (".gpkg", ".shp", ".geojson", ".json", ".csv", ".kml", ".kmz",
                                                     ".zip", ".geojsonl", ".geojsons", ".jsonl", ".ndjson", ".txt",
                                                     ".tsv"):
        return False
    import rasterio
    try:
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with rasterio.open(path) as ds:
                return ds.count > 0 and ds.width > 0
    except Exception:  # rasterio raises several types, all meaning "not a raster"
        return False


def _stats(ds) -> tuple[float | None, float | None]:
    band = 1
    if ds.width * ds.height <= EXACT_STATS_CELLS:
        lo, hi = math.inf, -math.inf
        for _ij, window in ds.block_windows(band):
            a = ds.read(band, window=window, masked=True)
            a = a.compressed() if np.ma.isMaskedArray(a) else a.ravel()
            a = a[np.isfinite(a)] if a.dtype.kind == "f" else a
            if a.size:
                lo, hi = min(lo, float(a.min())), max(hi, float(a.max()))
        return (None, None) if lo == math.inf else (lo, hi)
    f = math.sqrt(ds.width * ds.height / 4_000_000)
    a = ds.read(band, out_shape=(max(1, int(ds.height / f)), max(1, int(ds.width / f))), masked=True)
    a = a.compressed()
    a = a[np.isfinite(a)] if a.dtype.kind == "f" else a
    return (float(a.min()), float(a.max())) if a.size else (None, None)


def raster_info(path: str | Path, *, stats: bool = True) -> RasterInfo:
    """Size, bands, type, no-data, CRS, bounds (also in WGS 84) and min/max of the first band
    (``stats=False``: min/max left ``None``, the file's cells are not read)."""
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with _open(path) as ds:
            crs = crs_to_string(ds.crs.to_wkt()) if ds.crs else None
            b = to_bounds(ds.bounds)
            wgs: Bounds | None = None
            if crs:
                try:
                    wgs = to_bounds(round(v, 7) for v in transform_bounds(b, crs, WGS84))
                except GisError:
                    wgs = None
            lo, hi = _stats(ds) if stats else (None, None)
            return RasterInfo(ds.driver, ds.width, ds.height, ds.count, str(ds.dtypes[0]),
                              None if ds.nodata is None else float(ds.nodata), crs, b,
                              wgs, lo, hi)


def check_georeferenced(path: str | Path, crs: str | None = None) -> str | None:
    """The CRS a raster is to be stored in: its own, or ``crs`` when the file gives none (``None``: neither).

    Refused in one sentence: a raster whose cells are not placed on the earth (no geotransform: a
    scanned map or a plain picture), and a ``crs`` that contradicts the one the file gives.
    """
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # GDAL warns about a missing geotransform
        with _open(path) as ds:
            placed = not ds.transform.is_identity
            own = crs_to_string(ds.crs.to_wkt()) if ds.crs else None
    name = Path(path).name
    if not placed:
        raise GisError(tr("{name} does not say where its cells lie on the earth (no georeferencing): "
                          "georeference it in a GIS first", name=name))
    if crs is None:
        return own
    given = crs_to_string(crs)
    if own is not None and own != given:
        from .crs import crs_label
        raise GisError(tr("{name} already gives its coordinate system ({crs}); a coordinate system is assigned "
                          "only to a raster that gives none", name=name, crs=crs_label(own)))
    return given


def pack_raster(path: str | Path, crs: str | None = None) -> tuple[RasterInfo, bytes, str]:
    """The raster at ``path`` as a tiled, compressed GeoTIFF with overviews: (info, bytes, sha256).

    ``crs``: the coordinate system of a raster whose file gives none (a GeoTIFF without its
    georeferencing keys, an ``.asc`` without its ``.prj``); it is written into the stored copy, so
    every later read (the map, exposure, bundles) knows it. The user's file is not changed.
    """
    import rasterio
    from rasterio.enums import Resampling
    chosen = check_georeferenced(path, crs)
    if chosen is None:
        raise GisError(tr("{name} does not say which coordinate system its cells are in; give the one they are "
                          "in (e.g. EPSG:32643)", name=Path(path).name))
    info = raster_info(path)
    if info.crs is None:
        from dataclasses import replace

        from .crs import coordinates_fit, crs_label
        if not coordinates_fit(info.bounds, chosen):  # metres given as degrees: nowhere on earth
            raise GisError(tr("{name}'s extent cannot be expressed in {crs}", name=Path(path).name,
                              crs=crs_label(chosen)))
        try:
            wgs: Bounds | None = to_bounds(round(v, 7) for v in transform_bounds(info.bounds, chosen, WGS84))
        except GisError:
            wgs = None
        info = replace(info, crs=chosen, bounds_wgs84=wgs)
    with temp_dir("rd-raster-") as tmp:
        out = Path(tmp) / "packed.tif"
        with _open(path) as src:
            profile = src.profile.copy()
            profile["crs"] = _rio_crs(chosen)
            profile.update(driver="GTiff", tiled=True, blockxsize=256, blockysize=256, compress="deflate",
                           predictor=3 if src.dtypes[0].startswith("float") else 2, BIGTIFF="IF_SAFER")
            for key in ("photometric",):
                profile.pop(key, None)
            with rasterio.open(out, "w", **profile) as dst:
                for _ij, window in src.block_windows(1):
                    dst.write(src.read(window=window), window=window)
                factors = []
                f = 2
                while max(src.width, src.height) / f >= 256:
                    factors.append(f)
                    f *= 2
                if factors:
                    dst.build_overviews(factors, Resampling.average)
        data = out.read_bytes()
    if len(data) > MAX_BYTES:
        raise GisError(tr("{name} is too large to copy into the workspace ({mb} MB compressed; at most {max} MB)",
                          name=Path(path).name, mb=len(data) // 1_000_000, max=MAX_BYTES // 1_000_000))
    return info, data, hashlib.sha256(data).hexdigest()


def with_crs(data: bytes, crs: str) -> tuple[bytes, str]:
    """Stored GeoTIFF bytes with their CRS replaced by ``crs`` (cells, tiles and overviews as they
    were): ``(bytes, sha256)``."""
    import rasterio
    with temp_dir("rd-raster-") as tmp:
        path = Path(tmp) / "stored.tif"
        path.write_bytes(data)
        with rasterio.open(path, "r+") as ds:
            ds.crs = _rio_crs(crs)
        out = path.read_bytes()
    return out, hashlib.sha256(out).hexdigest()


def open_raster(data: bytes, sha256: str, cache_dir: Path):
    """Open stored GeoTIFF bytes (written once into ``cache_dir``, named by their hash)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / f"{sha256}.tif"
    if not path.exists():
        part = path.with_suffix(".part")
        part.write_bytes(data)
        part.replace(path)
    return _open(path)


@dataclass
class RasterView:
    """A raster read for one view: values on the view's pixel grid (NaN where no data)."""

    values: np.ndarray           # (height, width) float32
    shade: np.ndarray | None     # (height, width) float32 0..1 hillshade, or None


def hillshade(z: np.ndarray, cell_x: float, cell_y: float, *, azimuth: float = 315.0,
              altitude: float = 45.0) -> np.ndarray:
    """Hillshade (0 dark .. 1 lit) of elevations ``z`` whose cells measure ``cell_x`` × ``cell_y`` metres.

    >>> flat = hillshade(np.zeros((3, 3)), 30.0, 30.0)
    >>> round(float(flat[1, 1]), 3)   # sin(45°): a flat plain lit from 45° up
    0.707
    """
    zf = np.where(np.isfinite(z), z, np.nan).astype(np.float64)
    fill = np.nanmean(zf) if np.isfinite(zf).any() else 0.0
    zf = np.where(np.isfinite(zf), zf, fill)
    dy, dx = np.gradient(zf, cell_y, cell_x)
    slope = np.arctan(np.hypot(dx, dy))
    aspect = np.arctan2(-dx, dy)
    az, alt = np.radians(360.0 - azimuth + 90.0), np.radians(altitude)
    shade = np.sin(alt) * np.cos(slope) + np.cos(alt) * np.sin(slope) * np.cos(az - aspect)
    return np.clip(shade, 0.0, 1.0).astype(np.float32)


def read_view(ds, map_crs: str, bounds: Bounds, width: int, height: int, *,
              with_hillshade: bool = False) -> RasterView | None:
    """The first band of ``ds`` on the grid of the map view ``bounds`` (map CRS) of ``width`` × ``height``
    pixels, or ``None`` when the raster is not in view.

    Only the part in view is read, decimated to about the view's resolution (GDAL uses the
    overviews), then warped to the map CRS with nearest-neighbour resampling.
    """
    from rasterio.enums import Resampling
    from rasterio.transform import from_bounds
    from rasterio.warp import reproject
    from rasterio.windows import Window, from_bounds as window_from_bounds
    src_crs = crs_to_string(ds.crs.to_wkt())
    try:
        sb = transform_bounds(bounds, map_crs, src_crs) if src_crs != map_crs else bounds
    except GisError:
        sb = tuple(ds.bounds)  # a view PROJ cannot express in the raster's CRS: take it whole
    rb = ds.bounds
    x0, y0, x1, y1 = max(sb[0], rb.left), max(sb[1], rb.bottom), min(sb[2], rb.right), min(sb[3], rb.top)
    if x0 >= x1 or y0 >= y1:
        return None
    win = window_from_bounds(x0, y0, x1, y1, transform=ds.transform)
    win = win.round_offsets(op="floor").round_lengths(op="ceil")
    win = win.intersection(Window(0, 0, ds.width, ds.height))
    # read at about one source cell per screen pixel (never more cells than the window has)
    view_px_x = width * (x1 - x0) / max(sb[2] - sb[0], 1e-12)
    view_px_y = height * (y1 - y0) / max(sb[3] - sb[1], 1e-12)
    f = max(1.0, min(win.width / max(view_px_x, 1.0), win.height / max(view_px_y, 1.0)))
    out_w, out_h = max(1, int(math.ceil(win.width / f))), max(1, int(math.ceil(win.height / f)))
    a = ds.read(1, window=win, out_shape=(out_h, out_w), resampling=Resampling.nearest)
    # no-data from the value itself (a masked read would read the band a second time for its mask)
    src = a.astype(np.float32, copy=False)
    if ds.nodata is not None:
        src = np.where(src == np.float32(ds.nodata), np.float32(np.nan), src) if not np.isnan(ds.nodata) else src
    if src.dtype.kind == "f":
        src = np.where(np.isfinite(src), src, np.float32(np.nan))
    wb = ds.window_bounds(win)
    src_transform = from_bounds(*wb, out_w, out_h)
    dst_transform = from_bounds(*bounds, width, height)
    dst = np.full((height, width), np.nan, dtype=np.float32)
    reproject(src, dst, src_transform=src_transform, src_crs=ds.crs, src_nodata=np.nan,
              dst_transform=dst_transform, dst_crs=_rio_crs(map_crs), dst_nodata=np.nan,
              resampling=Resampling.nearest)
    shade = None
    if with_hillshade:
        cx, cy = (wb[2] - wb[0]) / out_w, (wb[3] - wb[1]) / out_h
        if ds.crs.is_geographic:  # degrees to metres at the window's middle latitude
            mid = math.radians((wb[1] + wb[3]) / 2)
            cx, cy = cx * 111_320 * math.cos(mid), cy * 110_540
        hs = hillshade(src, cx, cy)
        hs[~np.isfinite(src)] = np.nan
        shade = np.full((height, width), np.nan, dtype=np.float32)
        reproject(hs, shade, src_transform=src_transform, src_crs=ds.crs, src_nodata=np.nan,
                  dst_transform=dst_transform, dst_crs=_rio_crs(map_crs), dst_nodata=np.nan,
                  resampling=Resampling.bilinear)
    return RasterView(dst, shade)


def _rio_crs(crs: str):
    from rasterio.crs import CRS as RioCRS
    return RioCRS.from_user_input(crs if crs.startswith("EPSG:") else crs)


def raster_extent(ds, map_crs: str) -> Bounds | None:
    """The raster's bounds in the map CRS (``None`` when PROJ cannot express them)."""
    try:
        return transform_bounds(tuple(ds.bounds), crs_to_string(ds.crs.to_wkt()), map_crs)
    except GisError:
        return None





@dataclass
class RasterDisplay:
    """A raster ready to draw: the open dataset, its style and opacity, its extent in the map CRS."""

    id: str
    name: str
    dataset: Any
    style: dict[str, Any]
    opacity: float
    extent: Bounds | None


def raster_display(layer_id: str, name: str, dataset: Any, map_crs: str, style: dict[str, Any] | None = None,
                   opacity: float = 1.0) -> RasterDisplay:
    """A :class:`RasterDisplay`; without ``style`` the default ramp over the data's range."""
    from .raster_style import default_raster_style
    if style is None:
        # a file drawn as it is: the ramp spans the values in view (no extra pass over the file)
        stem = name.lower()
        style = {**default_raster_style(None, None, dem=any(k in stem for k in ("dem", "srtm", "elev", "height")),
                                        name=name),
                 "auto_range": True}
    return RasterDisplay(layer_id, name, dataset, style, opacity, raster_extent(dataset, map_crs))
