"""``layer`` and ``map`` subcommands: inspect map files, import them, render maps headless.

Registered by :data:`resilience_desktop.cli.main.COMMAND_MODULES`. The ``layer info --json`` keys are
a contract: ``{"driver", "layers": [{"name", "feature_count", "geometry_types", "crs",
"bounds", "bounds_wgs84", "invalid_geometries", "encoding"}]}`` for a vector file and
``{"driver", "raster": {"width", "height", "bands", "dtype", "nodata", "crs", "bounds",
"bounds_wgs84", "min", "max"}}`` for a raster (``bounds_wgs84``: the data's own extent).
"""

from __future__ import annotations

__all__ = ["register", "layer_info"]

import argparse
from pathlib import Path
from typing import Any

from ._common import add_workspace_options, check_output, no_raster_crs, open_workspace, output, Parser, precheck_workspace, text_arg, UsageError, warn
from ..errors import GisError
from ..i18n.catalog import tr, trn


def _bounds_wgs84(geometries: Any, crs: str | None) -> list[float] | None:
    """The data's own longitude/latitude extent (every vertex transformed, not the box)."""
    from ..gis.crs import bounds_wgs84
    b = bounds_wgs84(geometries, crs)
    return None if b is None else [round(v, 7) for v in b]


def _quoted(name: str) -> str:
    """A layer name as typed in a command line (quoted when it has a space: "Школы без prj")."""
    return f'"{name}"' if any(c.isspace() for c in name) else name


def layer_info(path: str | Path, *, layer: str | None = None, encoding: str | None = None,
               notes: list[str] | None = None) -> dict[str, Any]:
    """The ``layer info --json`` document for a file (a raster: ``{"driver", "raster": {...}}``); what the
    reader had to say about the file is added to ``notes``."""
    from ..gis.io import read_source
    from ..gis.raster_layer import is_raster, raster_info
    if is_raster(path):
        info = raster_info(path)
        if notes is not None:
            from ..gis.raster_layer import check_georeferenced
            try:
                if check_georeferenced(path) is None:
                    notes.append(no_raster_crs(path, "layer add --crs"))
            except GisError as exc:  # a picture with no georeferencing: its "bounds" are pixel counts
                notes.append(str(exc))
        return {"driver": info.driver, "raster": info.to_json()}
    src = read_source(path, layer=layer, encoding=encoding)
    rows = []
    for d in src.layers:
        if notes is not None:
            notes += d.notes
        b = d.bounds
        rows.append({"name": d.name, "feature_count": d.feature_count, "geometry_types": d.geometry_types,
                     "crs": d.crs, "bounds": list(b) if b else None, "bounds_wgs84": _bounds_wgs84(d.geometries, d.crs),
                     "invalid_geometries": d.invalid_repaired, "encoding": d.encoding})
    return {"driver": src.driver, "layers": rows}


def _value(v: float | None) -> str:
    """A raster statistic to four significant digits as the language writes it (float32's 0.009999999776
    is 0.01); ``—`` when the raster has no value at all."""
    from ..i18n.catalog import current
    return "—" if v is None else current().significant(v, 4)


def cmd_layer_info(args: argparse.Namespace) -> int:
    notes: list[str] = []
    data = layer_info(args.file, layer=args.layer, encoding=args.encoding, notes=notes)
    for note in notes:
        warn(note)

    def text() -> str:
        lines = [f"{args.file}  ({data['driver']})"]
        if "raster" in data:
            r = data["raster"]
            return "\n".join(lines + [
                "  " + tr("raster: {width} x {height} cells, bands: {bands}, {dtype}", width=r["width"],
                          height=r["height"], bands=r["bands"], dtype=r["dtype"]),
                "    " + tr("no-data: {value}", value="—" if r["nodata"] is None else f"{r['nodata']:g}"),
                "    " + tr("CRS: {crs}", crs=r["crs"] or tr("UNKNOWN")),
                "    " + tr("bounds: {bounds}", bounds=r["bounds"]),
                "    " + tr("bounds WGS84: {bounds}", bounds=r["bounds_wgs84"] or "—"),
                "    " + tr("values: {low} .. {high}", low=_value(r["min"]), high=_value(r["max"]))])
        for x in data["layers"]:
            crs = x["crs"] if x["crs"] is None or len(x["crs"]) < 40 else x["crs"][:37] + "..."
            lines += ["  " + trn("{name}: {n} feature, {types}", "{name}: {n} features, {types}", x["feature_count"],
                                 name=x["name"], types=", ".join(x["geometry_types"]) or tr("no geometries")),
                      "    " + tr("CRS: {crs}", crs=crs or tr("UNKNOWN (assign one before use)")),
                      "    " + tr("bounds: {bounds}", bounds=x["bounds"] or "—"),
                      "    " + tr("bounds WGS84: {bounds}", bounds=x["bounds_wgs84"] or "—"),
                      "    " + tr("invalid geometries (repaired on import): {n}", n=x["invalid_geometries"]),
                      "    " + tr("encoding: {encoding}", encoding=x["encoding"])]
        return "\n".join(lines)
    output(args, data, text)
    return 0


def cmd_layer_add(args: argparse.Namespace) -> int:
    from ..gis.raster_layer import is_raster, pack_raster
    if is_raster(args.file):
        from ..gis.raster_layer import check_georeferenced
        if check_georeferenced(args.file, args.crs) is None:  # said with what to type, before the long read
            raise GisError(no_raster_crs(args.file, "--crs"))
        packed = pack_raster(args.file, args.crs)  # read and refused, if it must be, before the workspace opens
        with open_workspace(args, write=True) as ws:
            twin = next((r for r in ws.list_rasters() if r.sha256 == packed[2]), None)
            raster = ws.get_raster(ws.add_packed_raster(args.file, packed, name=args.name))
            cities = ws.list_cities()
        if twin is not None:
            warn(tr("{name}: the same raster was already added as {existing} ({layer_id}); the map now holds it "
                    "twice", name=raster.name, existing=twin.name, layer_id=twin.id))
        from ..gis.crs import far_from_cities_wgs84
        far = far_from_cities_wgs84(raster.name, raster.crs, packed[0].bounds_wgs84, cities)
        if far:
            warn(far)
        output(args, [raster.to_json()], lambda: f"{raster.id}  {raster.name}  "
                 + tr("raster {width} x {height}", width=raster.width, height=raster.height) + f"  {raster.crs}")
        return 0
    from ..gis.io import read_layers
    # the file is read (and refused, if it must be) before the workspace is opened for writing
    datas = read_layers(args.file, layer=args.layer, encoding=args.encoding, x_field=args.x_field,
                        y_field=args.y_field, crs=args.crs)
    if args.crs:  # a Shapefile without its .prj: given here instead of a 'layer set-crs' afterwards
        from ..gis.io import assign_crs
        assign_crs(datas, args.crs)
    if args.name and len(datas) == 1:
        datas[0].name = args.name
    with open_workspace(args, write=True) as ws:
        from ..workspace.layers import twice_note
        before = ws.list_layers()
        ids = ws.add_layers(datas)
        layers = [ws.get_layer(i) for i in ids]
        cities = ws.list_cities()  # far_from_cities skips those without a location
    for note in (n for d in datas for n in d.notes):
        warn(note)
    for note in filter(None, (twice_note(before, d) for d in datas)):
        warn(note)
    from ..gis.crs import far_from_cities
    for note in filter(None, (far_from_cities(d, cities) for d in datas)):
        warn(note)
    for x in layers:
        if x.crs is None:  # added, but neither drawn nor analysed until it has one: said, not silent
            warn(tr("{name} has no coordinate system (no .prj): it is not drawn or analysed until you assign one with "
                     "'layer set-crs {name} EPSG:…'", name=_quoted(x.name)))
    repaired = {x.id: d.invalid_repaired for x, d in zip(layers, datas)}
    output(args, [x.to_json() for x in layers], lambda: "\n".join(
        f"{x.id}  {x.name}  {trn('{n} feature', '{n} features', x.feature_count)}  {x.crs or tr('CRS UNKNOWN')}"
        + (f"\n    {tr('invalid geometries (repaired on import): {n}', n=repaired[x.id])}" if repaired[x.id] else "")
        for x in layers))
    return 0


def cmd_layer_list(args: argparse.Namespace) -> int:
    with open_workspace(args, write=False) as ws:
        layers = ws.list_layers()
        rasters = ws.list_rasters()
        map_crs = ws.map_crs()
    output(args, {"map_crs": map_crs, "layers": [x.to_json() for x in layers],
                  "rasters": [x.to_json() for x in rasters]}, lambda: "\n".join(
        [tr("map CRS: {crs}", crs=map_crs)]
        + [f"{x.id}  {x.name:<24} {trn('{n} feature', '{n} features', x.feature_count):>14}  "
           f"{_shown(x.visible):<9}  {x.crs or tr('CRS UNKNOWN')}" for x in layers]
        + [f"{x.id}  {x.name:<24} {tr('raster {width} x {height}', width=x.width, height=x.height):>14}  "
           f"{_shown(x.visible):<9}  {x.crs}" for x in rasters]))
    return 0


def _shown(visible: bool) -> str:
    return tr("visible") if visible else tr("hidden")


def _vector_or_raster(ws: Any, name: str) -> tuple[str, Any]:
    """``("layer", Layer)`` or ``("raster", RasterLayer)`` named (or with the id) ``name``; one clear error
    when neither is, or when a vector layer and a raster share the name."""
    from ..errors import NotFoundError
    try:
        layer = ws.find_layer(name)
    except NotFoundError as exc:
        try:
            return "raster", ws.get_raster(name)
        except NotFoundError:
            raise exc from None
    if any(r.name == name for r in ws.list_rasters()):
        raise UsageError(tr("a map layer and a raster are both named {name!r}: give the one you mean by its id "
                            "(layer list)", name=name))
    return "layer", layer


def cmd_layer_set_crs(args: argparse.Namespace) -> int:
    from ..gis.crs import crs_to_string
    crs_to_string(args.crs)  # an unknown CRS is refused before the workspace is opened for writing
    precheck_workspace(args, lambda ws: _vector_or_raster(ws, args.layer))
    with open_workspace(args, write=True) as ws:
        kind, layer = _vector_or_raster(ws, args.layer)
        if kind == "raster":
            ws.set_raster_crs(layer.id, args.crs)
            layer = ws.get_raster(layer.id)
        else:
            ws.set_layer_crs(layer.id, args.crs)
            layer = ws.get_layer(layer.id)
    output(args, layer.to_json(), f"{layer.name}: {layer.crs}")
    return 0


def cmd_layer_remove(args: argparse.Namespace) -> int:
    precheck_workspace(args, lambda ws: _vector_or_raster(ws, args.layer))  # an unknown layer changes nothing
    with open_workspace(args, write=True) as ws:
        kind, layer = _vector_or_raster(ws, args.layer)
        (ws.remove_raster if kind == "raster" else ws.remove_layer)(layer.id)
    output(args, {"removed": layer.id, "name": layer.name},
           tr("{name} ({layer_id}) removed from the map and the lists (kept in the workspace's history)",
              name=layer.name, layer_id=layer.id))
    return 0


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise UsageError(tr("--size must look like 1920x1080, not {text!r}", text=text)) from None
    if not (16 <= w <= 16384 and 16 <= h <= 16384):
        raise UsageError(tr("--size must be between 16x16 and 16384x16384"))
    return w, h


def _styles(args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    """``--style LAYER:graduated:FIELD[:N]`` and ``--labels LAYER:FIELD`` as styles per layer name."""
    out: dict[str, dict[str, Any]] = {}
    for text in args.style or []:
        parts = text.rsplit(":", 3) if text.count(":") >= 3 else text.rsplit(":", 2)
        if len(parts) == 4 and not parts[3].isdigit():
            parts = text.rsplit(":", 2)
        if len(parts) < 3 or parts[1] != "graduated" or not parts[0] or not parts[2]:
            raise UsageError(tr("--style must look like LAYER:graduated:FIELD[:N], not {text!r}", text=text))
        n = int(parts[3]) if len(parts) == 4 else 5
        if not 2 <= n <= 12:
            raise UsageError(tr("--style: the number of classes must be from 2 to 12"))
        out.setdefault(parts[0], {}).update({"kind": "graduated", "field": parts[2], "classes": n})
    for text in args.labels or []:
        layer, _, field = text.rpartition(":")
        if not layer or not field:
            raise UsageError(tr("--labels must look like LAYER:FIELD, not {text!r}", text=text))
        out.setdefault(layer, {})["labels"] = {"field": field}
    return out


def _extent(text: str | None, map_crs: str) -> tuple[float, float, float, float] | None:
    if not text:
        return None
    parts = [p.strip() for p in text.split(",")]
    crs = parts.pop() if len(parts) == 5 else map_crs
    try:
        x0, y0, x1, y1 = (float(p) for p in parts)
    except ValueError:
        raise UsageError(tr("--extent must look like minx,miny,maxx,maxy[,EPSG:N], not {text!r}",
                            text=text)) from None
    if not (x0 < x1 and y0 < y1):
        raise UsageError(tr("--extent: minx must be below maxx and miny below maxy"))
    from ..gis.crs import crs_to_string, transform_bounds
    return transform_bounds((x0, y0, x1, y1), crs_to_string(crs), map_crs)


def cmd_map_render(args: argparse.Namespace) -> int:
    from ..gis.crs import crs_to_string
    from ..gis.scene import scene_from_files, scene_from_workspace
    size = _size(args.size)
    if not args.output.lower().endswith(".png"):
        raise UsageError(tr("-o needs a .png file name"))
    crs = crs_to_string(args.crs) if args.crs else None
    check_output(args, args.output, *args.layers, args.basemap)
    styles = _styles(args)
    basemap = False if args.no_basemap else None
    files = [p for p in args.layers if Path(p).exists()]
    if files and len(files) == len(args.layers):
        scene = scene_from_files(files, crs=crs, basemap=basemap is None, styles=styles)
    elif getattr(args, "workspace", None) or getattr(args, "demo", False):
        with open_workspace(args, write=False) as ws:
            scene = scene_from_workspace(ws, crs=crs, names=None if args.layers == ["all"] else args.layers,
                                         basemap=basemap, styles=styles)
    else:
        missing = [p for p in args.layers if not Path(p).exists()]
        raise GisError(tr("no file at {path} (to draw workspace layers, give --workspace or --demo)",
                          path=missing[0]))
    if args.basemap:
        from ..gis.scene import open_basemap
        open_basemap(args.basemap, scene)
    extent = _extent(args.extent, scene.crs)
    if not scene.layers and not scene.rasters and scene.warnings:  # a picture of nothing is not written
        raise GisError(tr("nothing to draw: {reasons}", reasons="; ".join(scene.warnings)))
    for w in scene.warnings:
        warn(w)
    from ..ui.map.render_png import render_png
    stats = render_png(scene, args.output, size, extent, legend=args.legend)
    if args.extent and scene.layers and not (stats.polygons or stats.lines or stats.points):
        warn(tr("nothing was drawn: no layer falls inside --extent, which is in the map's CRS {crs} (add ,EPSG:4326 "
                "for degrees)", crs=scene.crs))
    output(args, {"path": args.output, "crs": scene.crs, "size": list(size), "polygons": stats.polygons,
                  "lines": stats.lines, "points": stats.points, "labels": stats.labels}, args.output)
    return 0


def cmd_map_set_crs(args: argparse.Namespace) -> int:
    with open_workspace(args, write=True) as ws:
        ws.set_map_crs(args.crs)
        crs = ws.map_crs()
    from ..gis.crs import crs_label
    output(args, {"map_crs": crs, "name": crs_label(crs)}, tr("map CRS: {crs}", crs=crs_label(crs)))
    return 0


def register(sub: argparse._SubParsersAction, groups: dict[str, argparse._SubParsersAction]) -> None:
    layer = sub.add_parser("layer", help=tr("inspect map files and the workspace's map layers"))
    ls = layer.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=Parser)
    x = ls.add_parser("info", help=tr("driver, layers, features, geometry types, CRS, bounds of a map file"))
    x.add_argument("file", metavar="FILE")
    x.add_argument("--layer", metavar="NAME", help=tr("only this layer of the file"))
    x.add_argument("--encoding", metavar="ENC", help=tr("attribute encoding of a Shapefile/CSV (e.g. cp1251)"))
    x.add_argument("--json", action="store_true", help=tr("print JSON"))
    x.set_defaults(func=cmd_layer_info)
    x = ls.add_parser("add", help=tr("copy a map file's layers into the workspace"))
    x.add_argument("file", metavar="FILE"); x.add_argument("--layer", metavar="NAME")
    x.add_argument("--name", metavar="NAME", help=tr("name of the new layer (one-layer files)"))
    x.add_argument("--encoding", metavar="ENC"); x.add_argument("--crs", metavar="CRS", help=tr(
        "the CRS of a file that gives none: a CSV table, a Shapefile without .prj, a raster without one"))
    x.add_argument("--x-field", dest="x_field", metavar="COL"); x.add_argument("--y-field", dest="y_field", metavar="COL")
    add_workspace_options(x); x.set_defaults(func=cmd_layer_add)
    x = ls.add_parser("list", help=tr("the workspace's map layers, topmost first"))
    add_workspace_options(x); x.set_defaults(func=cmd_layer_list)
    x = ls.add_parser("set-crs", help=tr("assign the CRS of a layer or raster whose file did not give one (or gave "
                                         "a wrong one)"))
    x.add_argument("layer", metavar="LAYER", help=tr("layer id or name"), type=text_arg("LAYER", required=True))
    x.add_argument("crs", metavar="CRS", type=text_arg("CRS", limit=20_000, required=True))
    add_workspace_options(x); x.set_defaults(func=cmd_layer_set_crs)
    x = ls.add_parser("remove", help=tr("take a map layer out of the map and the lists (as the map's Remove does)"))
    x.add_argument("layer", metavar="LAYER", help=tr("layer id or name"), type=text_arg("LAYER", required=True))
    add_workspace_options(x); x.set_defaults(func=cmd_layer_remove)

    m = sub.add_parser("map", help=tr("render maps headless"))
    ms = m.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=Parser)
    x = ms.add_parser("render", help=tr("render layers to a PNG exactly as the map canvas draws them"))
    x.add_argument("layers", nargs="+", metavar="LAYER",
                   help=tr("map files (later ones on top), or with --workspace/--demo layer names "
                           "('all': every visible layer)"))
    x.add_argument("-o", "--output", required=True, metavar="OUT.png")
    x.add_argument("--size", default="1920x1080", metavar="WxH")
    x.add_argument("--crs", metavar="EPSG:N", help=tr("map CRS (default: the local UTM zone)"))
    x.add_argument("--basemap", metavar="FILE", help=tr("a raster MBTiles or PMTiles file drawn under the layers"))
    x.add_argument("--no-basemap", dest="no_basemap", action="store_true",
                   help=tr("leave out the built-in Natural Earth basemap"))
    x.add_argument("--legend", action="store_true",
                   help=tr("draw a legend (top left): each layer's name and colours or classes"))
    x.add_argument("--labels", action="append", metavar="LAYER:FIELD", help=tr("label LAYER's features by FIELD"))
    x.add_argument("--style", action="append", metavar="LAYER:graduated:FIELD[:N]",
                   help=tr("graduated colours of a numeric FIELD in N classes (natural breaks; default 5)"))
    x.add_argument("--extent", metavar="minx,miny,maxx,maxy[,EPSG:N]",
                   help=tr("the area to draw (in the map CRS, or in the CRS given last)"))
    add_workspace_options(x); x.set_defaults(func=cmd_map_render)
    x = ms.add_parser("set-crs", help=tr("the CRS the workspace's map is drawn in (kept until changed)"))
    x.add_argument("crs", metavar="EPSG:N", help=tr("an EPSG code, or a CRS name or WKT PROJ knows"))
    add_workspace_options(x); x.set_defaults(func=cmd_map_set_crs)
