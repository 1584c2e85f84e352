"""``exposure``: what a hazard scenario's zones hit, straight from files (no workspace needed).

Registered by :data:`resilience_desktop.cli.main.COMMAND_MODULES`. The ``--json`` document is a
contract: ``{"crs": "EPSG:...", "groups": [{"group", "total", "affected", "exposed_length_m",
"exposed_area_m2"}], "population_exposed"}`` — length for line assets, area for polygon assets,
``null`` where it does not apply; ``population_exposed`` is ``null`` without ``--population``.
"""

from __future__ import annotations

__all__ = ["register", "exposure_from_files", "file_sha256"]

import argparse
import math
from pathlib import Path
from typing import Any

from ._common import UsageError, add_csv_option, check_csv_option, no_raster_crs, output, warn
from ..errors import GisError
from ..i18n.catalog import current, tr, trn


def exposure_from_files(hazard: str | Path, assets: str | Path, *, hazard_layer: str | None = None,
                        assets_layer: str | None = None, class_field: str | None = None,
                        classes: list[str] | None = None, group_field: str | None = None,
                        population: str | Path | None = None, population_field: str | None = None,
                        buffer_m: float | dict[str, float] | None = None, buffer_field: str | None = None,
                        bands: list[float] | None = None, crs: dict[str, str | None] | None = None,
                        encoding: str | None = None) -> Any:
    """Read the files and run :func:`~resilience_desktop.gis.exposure.run_exposure` on them.

    ``crs`` (``{"hazard": …, "assets": …, "population": …}``) gives a file without one its CRS."""
    from functools import partial

    from ..gis.exposure import read_exposure_layer, run_exposure
    crs = crs or {}
    read = partial(read_exposure_layer, encoding=encoding)
    zones = read(hazard, layer=hazard_layer, fields=[class_field, buffer_field], crs=crs.get("hazard"))
    if classes and class_field:  # a typo in --classes would otherwise count nothing, silently
        from ..gis.exposure import _str
        present = sorted({_str(v) for v in zones.column(class_field)} - {""})
        missing = [c for c in classes if c not in present]
        if missing:
            raise UsageError(tr("--classes: {layer} has no class {name!r} in {field}; its classes: {classes}",
                                layer=zones.name, name=missing[0], field=class_field, classes=", ".join(present)))
    asset = read(assets, layer=assets_layer, fields=[group_field] if group_field else [], crs=crs.get("assets"))
    pop = read(population, fields=[population_field], crs=crs.get("population")) if population else None
    for role, path, data in (("hazard", hazard, zones), ("assets", assets, asset), ("population", population, pop)):
        if data is not None and path is not None and data.crs is None:  # said with the option that gives it one
            raise UsageError(tr("{name} names no coordinate reference system (a Shapefile without .prj, a CSV table "
                                "of x/y); give it with {option} EPSG:…", name=Path(path).name, option=f"--{role}-crs"))
    return run_exposure(zones, asset, class_field=class_field, classes=classes, group_field=group_field,
                        population=pop, population_field=population_field, buffer_m=buffer_m,
                        buffer_field=buffer_field, bands=bands)


def parse_buffer(text: str) -> float | dict[str, float]:
    """``"2000"`` → 2000.0; ``"active=2000,inactive=500"`` → metres per hazard class."""
    if "=" not in text:
        try:
            return float(text)
        except ValueError:
            raise UsageError(tr("--buffer must be metres (2000) or class=metres pairs (active=2000,inactive=500), "
                                "not {text!r}", text=text)) from None
    out: dict[str, float] = {}
    for part in text.split(","):
        key, sep, value = part.partition("=")
        try:
            out[key.strip()] = float(value)
        except ValueError:
            raise UsageError(tr("--buffer pair {part!r} must look like class=metres", part=part)) from None
    return out


def _fmt(v: float | None, unit: str) -> str:
    return "" if v is None else f"  {current().number(v, 1)} {unit}"


def cmd_exposure(args: argparse.Namespace) -> int:
    if args.output and not args.output.lower().endswith((".csv", ".xlsx")):
        raise UsageError(tr("--output must end in .csv or .xlsx"))
    check_csv_option(args, bool(args.output) and args.output.lower().endswith(".csv"), flag="-o FILE.csv")
    if args.output:  # the table never replaces a file this command reads (an assets or population CSV)
        from ..safety.targets import check_output_target
        check_output_target(args.output, [args.hazard, args.assets, args.population])
    if args.classes and not args.class_field:
        raise UsageError(tr("--classes needs --class-field"))
    from ..gis.raster import is_raster_path
    raster_population = bool(args.population) and is_raster_path(args.population) and is_raster_path(args.hazard)
    if bool(args.population) != bool(args.population_field) and not raster_population:
        raise UsageError(tr("give --population and --population-field together"))  # a population grid needs no field
    classes = [c.strip() for c in args.classes.split(",") if c.strip()] if args.classes else None
    if args.buffer is not None and args.buffer_field:
        raise UsageError(tr("give --buffer or --buffer-field, not both"))
    buffer = parse_buffer(args.buffer) if args.buffer is not None else None
    if isinstance(buffer, dict) and not args.class_field:
        raise UsageError(tr("per-class --buffer distances need --class-field"))
    from ..gis.distance import parse_bands
    bands = parse_bands(args.bands) if args.bands else None
    if is_raster_path(args.hazard):
        return _raster(args)
    if args.thresholds:
        raise UsageError(tr("--thresholds apply to a raster hazard (a GeoTIFF), not to a vector layer"))
    result = exposure_from_files(args.hazard, args.assets, hazard_layer=args.hazard_layer,
                                 assets_layer=args.assets_layer, class_field=args.class_field, classes=classes,
                                 group_field=args.group_field, population=args.population,
                                 population_field=args.population_field, buffer_m=buffer,
                                 buffer_field=args.buffer_field, bands=bands, encoding=args.encoding,
                                 crs={"hazard": args.hazard_crs, "assets": args.assets_crs,
                                      "population": args.population_crs})

    def text() -> str:
        metres = tr("m")
        lines = [tr("CRS: {crs}", crs=_crs_shown(result.crs))]
        width = max([len(g.group) for g in result.groups] + [5])
        counts_width = max([len(tr("{affected} / {total} affected", affected=g.affected, total=g.total))
                            for g in result.groups] + [0])
        for g in result.groups:
            counts = tr("{affected} / {total} affected", affected=g.affected, total=g.total)
            lines.append(f"{g.group:<{width}}  {counts:<{counts_width}}"
                         + _fmt(g.exposed_length_m, metres) + _fmt(g.exposed_area_m2, tr("m²"))
                         + ("  (" + ", ".join(f"{c}: {n}" for c, n in g.by_class.items()) + ")"
                            if len(g.by_class) > 1 else "")
                         + ("  " + tr("nearest {distance} m", distance=current().number(g.min_distance_m, 0))
                            if g.min_distance_m is not None else "")
                         + ("  [" + ", ".join(f"{b} {metres}: {n}" for b, n in g.bands.items()) + "]"
                            if g.bands else ""))
        if not result.groups:
            lines.append(tr("no assets"))
        if result.population_exposed is not None:
            lines.append(tr("population exposed: {n}", n=current().number(result.population_exposed, 0)))
        return "\n".join(lines)
    _far_apart(result)
    _write_table(args, result)
    output(args, result.to_json(), text)
    return 0


def _raster(args: argparse.Namespace) -> int:
    from ..gis.exposure import read_exposure_layer
    from ..gis.raster import is_raster_path
    from ..gis.raster_exposure import parse_thresholds, run_raster_exposure
    if not args.thresholds:
        raise UsageError(tr("a raster hazard needs --thresholds (e.g. 0.5,1,2 for depths in metres)"))
    if args.buffer is not None or args.buffer_field or args.bands or args.class_field:
        raise UsageError(tr("--buffer, --buffer-field, --bands and --class-field apply to vector hazards, not rasters"))
    if args.population and not is_raster_path(args.population):
        raise UsageError(tr("with a raster hazard, --population must be a raster population grid"))
    from ..gis.raster_layer import check_georeferenced
    for option, path, crs in (("--hazard-crs", args.hazard, args.hazard_crs),
                              ("--population-crs", args.population, args.population_crs)):
        if path and Path(path).is_file() and check_georeferenced(path, crs) is None:
            raise GisError(no_raster_crs(path, option))
    asset = read_exposure_layer(args.assets, layer=args.assets_layer,
                                fields=[args.group_field] if args.group_field else [], crs=args.assets_crs,
                                encoding=args.encoding)
    result = run_raster_exposure(args.hazard, asset, thresholds=parse_thresholds(args.thresholds),
                                 group_field=args.group_field, population_raster=args.population,
                                 raster_crs=args.hazard_crs, population_crs=args.population_crs)

    def text() -> str:
        lines = [tr("CRS: {crs}", crs=_crs_shown(result.crs)) + "   "
                 + tr("classes: {classes}", classes=", ".join(map(_class, result.classes)))]
        for g in result.groups:
            extra = ", ".join(f"{k}: {current().number(v, 1)}" for k, v in g.above.items())
            lines.append(f"{g.group}  " + tr("{affected} / {total} affected", affected=g.affected, total=g.total)
                         + "  " + tr("max {max}  mean {mean}", max=_v(g.max_value), mean=_v(g.mean_value))
                         + ("  (" + ", ".join(f"{_class(c)}: {n}" for c, n in g.by_class.items()) + ")")
                         + (f"  [{extra}]" if extra else ""))
        if result.population_exposed is not None:
            lines.append(tr("population exposed: {n}", n=current().number(result.population_exposed, 0)) + "  ("
                         + ", ".join(f"{_class(c)}: {current().number(n, 0)}"
                                     for c, n in result.population_by_class.items()) + ")")
        return "\n".join(lines)
    unknown = sum(g.no_value for g in result.groups)
    if unknown:  # "not affected" would read as safe: they are unknown
        # the English the same for one and many; Russian and the others need their plural forms
        warn(trn("{n} of the assets have no value under them (outside the raster or on its no-data): they are "
                 "counted as not affected, which is not known",
                 "{n} of the assets have no value under them (outside the raster or on its no-data): they are "
                 "counted as not affected, which is not known", unknown, n=unknown)
             + ("; " + tr("none has one: check that the raster and the assets have their right coordinate systems")
                if unknown == sum(g.total for g in result.groups) else ""))
    _write_table(args, result)
    output(args, result.to_json(), text)
    return 0


#: Hazard and assets this far apart, with nothing affected, are most likely in a wrong coordinate system.
_FAR_M = 100_000.0


def _far_apart(result: Any) -> None:
    """Say so when nothing is affected and the nearest hazard is over 100 km from every group: the
    believable answer "0 affected" of a layer in another zone's CRS, thousands of km from the city."""
    nearest = [g.min_distance_m for g in result.groups if g.min_distance_m is not None]
    if nearest and not any(g.affected for g in result.groups) and min(nearest) > _FAR_M:
        warn(tr("the hazard lies {km} km from the nearest asset, so nothing is affected; check that both layers have "
                 "their right coordinate systems", km=current().number(min(nearest) / 1000, 0)))


#: A shapefile's parts that change what it holds (its geometry, attributes, CRS and encoding).
_SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")


def file_sha256(path: str | Path) -> str:
    """The sha256 of an input file; of a shapefile, of its parts in a fixed order (``.shp`` alone
    does not hold the attributes)."""
    import hashlib
    path = Path(path)
    parts = [path]
    if path.suffix.lower() == ".shp":
        parts = [p for p in (path.with_suffix(ext) for ext in _SHAPEFILE_PARTS) if p.is_file()]
    h = hashlib.sha256()
    for part in parts:
        with open(part, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()


def _inputs(args: argparse.Namespace, result: Any) -> dict[str, Any]:
    """The inputs of a run from files, each named with its sha256, as the evidence of a workspace run lists them."""
    def ident(path: str) -> dict[str, str]:
        return {"name": Path(path).name, "sha256": file_sha256(path)}
    out: dict[str, Any] = {"assets": [ident(args.assets)]}
    if result.raster:
        from ..gis.raster_exposure import parse_thresholds
        out.update(raster=ident(args.hazard), thresholds=parse_thresholds(args.thresholds), unit="")
        if args.population:
            out["population"] = ident(args.population)
    else:
        out["zones"] = ident(args.hazard)
        out["buffer"] = result.buffer
    return out


def _write_table(args: argparse.Namespace, result: Any) -> None:
    """``--output``: the result as CSV or XLSX (by the file's suffix), after the time of the run and the
    input files with their sha256."""
    if not args.output:
        return
    from datetime import datetime, timezone

    from ..gis.exposure_table import facts_of, write_csv, write_xlsx
    facts = facts_of(datetime.now(timezone.utc).isoformat(timespec="minutes"), result.to_record(),
                     _inputs(args, result))
    if args.output.lower().endswith(".csv"):
        write_csv(args.output, result.to_record(), facts=facts)
    elif args.output.lower().endswith(".xlsx"):
        write_xlsx(args.output, result.to_record(), facts=facts, title=f"{args.hazard} × {args.assets}")
    else:
        raise UsageError(tr("--output must end in .csv or .xlsx"))


def _class(label: str) -> str:
    """A raster class (``0.5-1``, ``2+``; the JSON's keys) with its numbers as the language writes them.

    >>> from resilience_desktop.i18n.catalog import set_language
    >>> _ = set_language("ru"); _class("0.5-1"), _class("2.25+"); _ = set_language("en")
    ('0,5-1', '2,25+')
    """
    import re
    point = current().number(0.5, 1)[1]
    return re.sub(r"(\d)\.(\d)", lambda m: m[1] + point + m[2], label)


def _crs_shown(crs: str) -> str:
    """An EPSG code as it is (``EPSG:32643``), the exposure's own CRS round the data in words."""
    from ..gis.crs import crs_label
    return crs if crs.startswith("EPSG:") else crs_label(crs)


def _v(v: float | None) -> str:
    """A raster value to three significant digits (whole numbers whole), as the language writes it.

    >>> _v(1.2345), _v(0.01234), _v(12345.6), _v(0.0), _v(None)
    ('1.23', '0.0123', '12,346', '0', '-')
    """
    if v is None:
        return "-"
    decimals = 0 if v == 0 else max(0, 2 - math.floor(math.log10(abs(v))))
    return current().number(v, decimals)


def crs_arg(text: str) -> str:
    """An argparse type: a CRS PROJ knows (``EPSG:32643``, a WKT), refused while the arguments are read."""
    from ..gis.crs import crs_to_string
    try:
        return crs_to_string(text)
    except Exception:  # noqa: BLE001 - PROJ's own errors: one sentence instead
        raise argparse.ArgumentTypeError(tr("unknown coordinate reference system {crs!r}", crs=text)) from None


def register(sub: argparse._SubParsersAction, groups: dict[str, argparse._SubParsersAction]) -> None:
    x = sub.add_parser("exposure", help=tr("count what a hazard's zones hit (assets, lengths, areas, people)"))
    x.add_argument("--hazard", required=True, metavar="FILE", help=tr("hazard zones (polygons), faults or rivers "
                   "(lines, with --buffer), or a raster (GeoTIFF, with --thresholds)"))
    x.add_argument("--hazard-layer", metavar="L", help=tr("the layer of a file with several"))
    x.add_argument("--class-field", metavar="F", help=tr("the zones' class (intensity) field"))
    x.add_argument("--classes", metavar="a,b", help=tr("the classes that count as affected (default: all)"))
    x.add_argument("--buffer", metavar="M", help=tr("buffer the hazard features by M metres (needed for points and "
                   "lines), or per class: active=2000,inactive=500"))
    x.add_argument("--buffer-field", metavar="F",
                   help=tr("the hazard layer's field giving each feature's buffer in metres"))
    x.add_argument("--bands", metavar="M1,M2", help=tr("count assets by distance to the nearest hazard feature, "
                   "e.g. 1000,2000,5000"))
    x.add_argument("--thresholds", metavar="T1,T2", help=tr("a raster hazard's thresholds or class limits, "
                   "e.g. 0.5,1,2 (depth m) or 0.1,0.2,0.4 (PGA g)"))
    x.add_argument("--assets", required=True, metavar="FILE", help=tr("points, lines or polygons"))
    x.add_argument("--assets-layer", metavar="L", help=tr("the layer of a file with several"))
    x.add_argument("--group-field", metavar="G", help=tr("group assets by this field (amenity, kind, use...)"))
    x.add_argument("--population", metavar="FILE", help=tr("points or polygons with a head count, or a population "
                   "raster with a raster hazard"))
    x.add_argument("--population-field", metavar="P", help=tr("the head-count field"))
    for role in ("hazard", "assets", "population"):
        x.add_argument(f"--{role}-crs", metavar="CRS", type=crs_arg,
                       help=tr("the CRS of the {option} file when it names none (a Shapefile without .prj, a CSV "
                               "table, a raster), e.g. EPSG:32643", option=f"--{role}"))
    x.add_argument("--encoding", metavar="ENC", help=tr("the attribute encoding of Shapefiles and CSV tables whose "
                                                         ".cpg is missing or wrong, e.g. cp1251"))
    x.add_argument("-o", "--output", metavar="FILE.csv|FILE.xlsx",
                   help=tr("also write the result table (groups, classes, bands, per-layer totals)"))
    add_csv_option(x)
    x.add_argument("--json", action="store_true", help=tr("print JSON"))
    x.set_defaults(func=cmd_exposure)


