"""What the map draws: display layers built from files or from a workspace, in one map CRS.

Shared by the canvas and ``map render`` so both draw the same thing the same way. Layers whose
CRS is unknown cannot be placed and are left out, with a warning naming them.
"""

from __future__ import annotations

__all__ = ["Scene", "scene_from_files", "scene_from_workspace", "default_map_crs", "display_layer_for",
           "open_basemap", "note_dropped", "apply_style",
           "resolve_style", "add_workspace_rasters"]

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import numpy as np

from ..i18n.catalog import tr
from .basemap import BACKGROUND_WATER, basemap_labels, basemap_layers
from .crs import crs_label, default_map_crs
from .labels import LabelSpec
from .display import DisplayLayer, categories_for, prepare_layer, sizes_for
from .labels import label_spec
from .io import read_source
from .mbtiles import MBTiles
from .style import DEFAULT_COLORS
from .model import Layer, LayerData

if TYPE_CHECKING:
    from ..workspace.facade import Workspace
    from .pmtiles_source import PMTiles

Bounds = tuple[float, float, float, float]


@dataclass
class Scene:
    """Display layers bottom first, the map CRS they are in, and what could not be drawn."""

    crs: str
    layers: list[DisplayLayer]
    warnings: list[str] = field(default_factory=list)
    #: A raster basemap drawn under the layers (the user's MBTiles or PMTiles file), or ``None``.
    basemap: "MBTiles | PMTiles | None" = None
    #: The shipped Natural Earth basemap, bottom first, and its labels (empty when switched off).
    basemap_layers: list[DisplayLayer] = field(default_factory=list)
    basemap_labels: list[LabelSpec] = field(default_factory=list)
    #: Raster layers drawn above the basemap and under the vector layers.
    rasters: list = field(default_factory=list)
    #: Each vector layer's name and style for a legend, by the display layer's id.
    legend: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)

    @property
    def background(self) -> str | None:
        """The sea's colour when the shipped basemap is drawn (``None``: the plain background)."""
        return BACKGROUND_WATER if self.basemap_layers else None

    def add_builtin_basemap(self) -> None:
        """Draw the shipped Natural Earth basemap under the layers, labelled in the current language."""
        from ..i18n.catalog import language
        try:
            self.basemap_layers = basemap_layers(self.crs)
            self.basemap_labels = basemap_labels(self.crs, language())
        except Exception as exc:  # a missing or damaged resource must not stop the map
            self.warnings.append(tr("the built-in basemap cannot be drawn: {reason}", reason=exc))

    @property
    def extent(self) -> Bounds | None:
        boxes = [b for b in (x.extent for x in self.layers) if b is not None]
        boxes += [r.extent for r in self.rasters if r.extent is not None]
        if not boxes:
            return None
        return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def note_dropped(scene: Scene, name: str, layer: DisplayLayer) -> None:
    """Say how many features of ``layer`` the map CRS cannot show (none: say nothing)."""
    if layer.dropped:
        scene.warnings.append(tr("{name}: {n} features lie outside what {crs} can show and were left out",
                                 name=name, n=layer.dropped, crs=crs_label(scene.crs)))


def open_basemap(path: str | Path | None, scene: Scene) -> None:
    """Put the MBTiles or PMTiles file at ``path`` under ``scene``; a file that cannot be used becomes a warning."""
    from ..errors import GisError
    if not path:
        return
    from .pmtiles_source import open_tiles
    try:
        scene.basemap = open_tiles(path)
    except GisError as exc:
        scene.warnings.append(tr("basemap not shown: {reason}", reason=exc))


def scene_from_files(paths: list[str | Path], *, crs: str | None = None, basemap: bool = True,
                     styles: dict[str, dict[str, Any]] | None = None) -> Scene:
    """Every layer of every file, the later ones on top, with the default colours in turn.

    ``styles`` maps a layer name (or its file's name) to a style (see
    :func:`~resilience_desktop.gis.style.check_style`); those layers' attributes are read too.
    """
    import json
    from concurrent.futures import ThreadPoolExecutor
    from .raster_layer import is_raster
    styles = styles or {}
    rasters = [Path(p) for p in paths if is_raster(p)]
    paths = [p for p in paths if Path(p) not in rasters]
    # GDAL reads without holding the GIL: files are read side by side.
    with ThreadPoolExecutor(max_workers=min(4, max(1, len(paths)))) as pool:
        # attributes are read only from the files whose layers are styled or labelled
        styled = set(styles)
        by_file = styled <= {n for p in paths for n in (Path(p).name, Path(p).stem)}
        sources = list(pool.map(lambda p: read_source(p, display_only=not (
            {Path(p).name, Path(p).stem} & styled if by_file else styled)), paths))
    datas: list[LayerData] = [d for src in sources for d in src.layers]
    if rasters:
        from .raster_layer import raster_info
        infos = [raster_info(p, stats=False) for p in rasters]
        placed = [(i.crs, i.bounds) for i in infos]
    else:
        placed = []
    unknown = set(styles) - {d.name for d in datas} - {d.source_name for d in datas} - {Path(p).name for p in paths}
    if unknown:
        from ..errors import GisError
        raise GisError(tr("no layer named {name!r} among the files drawn; their layers: {layers}",
                          name=sorted(unknown)[0], layers=", ".join(sorted({d.name for d in datas}))))
    map_crs = crs or default_map_crs([], placed + [(d.crs, d.bounds) for d in datas])
    scene = Scene(map_crs, [])
    for path, info in zip(rasters, infos if rasters else []):
        from .raster_layer import _open, raster_display
        if info.crs is None:  # a raster file without its CRS, as a vector layer without one: said, not drawn
            scene.warnings.append(tr("{name}: unknown CRS, not drawn (assign one first)", name=path.stem))
            continue
        scene.rasters.append(raster_display(path.stem, path.stem, _open(path), map_crs))
    for i, d in enumerate(datas):
        if d.crs is None:
            scene.warnings.append(tr("{name}: unknown CRS, not drawn (assign one first)", name=d.name))
            continue
        style = {"kind": "single", "color": DEFAULT_COLORS[i % len(DEFAULT_COLORS)]}
        asked = styles.get(d.name) or styles.get(d.source_name)
        base = prepare_layer(d.name, d.geometries, d.crs, map_crs, style=style)
        if asked:
            values_of = _values_of([json.loads(a) for a in d.attributes])
            style = resolve_style({**style, **asked}, values_of, d.fields)
            base = apply_style(base, style, values_of)
        scene.layers.append(base)
        scene.legend[base.id] = (d.name, style)
        note_dropped(scene, d.name, scene.layers[-1])
    if basemap:
        scene.add_builtin_basemap()
    return scene


def _values_of(rows: list[dict[str, Any]]) -> Callable[[str], list[Any]]:
    """``values_of(field)`` over features' attribute rows: the field's value in each (``None`` if absent)."""
    return lambda f: [r.get(f) for r in rows]


def resolve_style(style: dict[str, Any], values_of: Callable[[str], list[Any]], fields: Any) -> dict[str, Any]:
    """A style asked for by name only (``{"kind": "graduated", "field": F, "classes": N}``, labels by
    field) made complete: breaks computed from the data, every field checked to exist."""
    from ..errors import InvalidInputError
    from .style import check_style, graduated_style
    for f in [style.get("field"), (style.get("labels") or {}).get("field")]:
        if f and f not in fields:
            raise InvalidInputError(tr("the layer has no field {field!r}; its fields: {fields}", field=f,
                                       fields=", ".join(fields)))
    if style.get("kind") == "graduated" and "breaks" not in style:
        return graduated_style(values_of(style["field"]), style["field"], method=style.get("method", "jenks"),
                               classes=int(style.get("classes", 5)), ramp=style.get("ramp", "yellow-red"),
                               base=style)
    return check_style(style)


def apply_style(base: DisplayLayer, style: dict[str, Any], values_of: Callable[[str], list[Any]], *,
                opacity: float = 1.0) -> DisplayLayer:
    """``base`` (prepared geometry) drawn with ``style``: colours, sizes and labels; the geometry is shared.

    ``values_of(field)`` gives a field's value for every feature (read only for the fields used).
    """
    import dataclasses
    values = values_of(style["field"]) if style.get("kind") in ("categorized", "graduated") else None
    idx, colours = categories_for(style, values, len(base.geometries))
    labels = None
    spec = style.get("labels")
    if spec:
        priority = None
        if spec.get("priority"):
            from .classify import numeric
            priority = np.nan_to_num(numeric(values_of(spec["priority"])), nan=-np.inf)
        labels = label_spec(base.geometries, values_of(spec["field"]), priority=priority,
                            size=float(spec.get("size", 11.0)), halo=bool(spec.get("halo", True)))
    return dataclasses.replace(base, colour_index=idx, colours=colours, opacity=opacity,
                               point_size=float(style.get("size", 6.0)), line_width=float(style.get("width", 1.0)),
                               sizes=sizes_for(style), labels=labels)


def display_layer_for(ws: "Workspace", layer: Layer, map_crs: str) -> DisplayLayer:
    assert layer.crs is not None
    base = prepare_layer(layer.id, ws.layer_geometries(layer.id), layer.crs, map_crs)
    return apply_style(base, layer.style, lambda f: ws.layer_field_values(layer.id, f), opacity=layer.opacity)


def scene_from_workspace(ws: "Workspace", *, crs: str | None = None, names: list[str] | None = None,
                         visible_only: bool = True, basemap: bool | None = None,
                         styles: dict[str, dict[str, Any]] | None = None) -> Scene:
    """The workspace's layers (or those named), bottom first, in its map CRS (or ``crs``).

    ``names`` may name raster layers too: with ``names`` only the rasters named are drawn (hidden or
    not; none when none is named), without them every visible one. ``styles`` (layer name or id →
    style) draws those layers differently this once (nothing stored).
    """
    map_crs = crs or ws.map_crs()
    for key in styles or {}:
        ws.find_layer(key)  # a style for a layer that does not exist is a mistake, said plainly
    rasters = {key: r for r in ws.list_rasters() for key in (r.name, r.id)}
    named_rasters = [rasters[n].id for n in names or [] if n in rasters]
    if names:
        chosen = [ws.find_layer(n) for n in names if n not in rasters]
    else:
        chosen = [x for x in reversed(ws.list_layers()) if x.visible or not visible_only]
    scene = Scene(map_crs, [])
    for layer in chosen:
        if layer.crs is None:
            scene.warnings.append(tr("{name}: unknown CRS, not drawn (assign one first)", name=layer.name))
            continue
        asked = (styles or {}).get(layer.name) or (styles or {}).get(layer.id)
        if asked:
            import dataclasses
            values_of = lambda f, lid=layer.id: ws.layer_field_values(lid, f)  # noqa: E731
            layer = dataclasses.replace(layer, style=resolve_style({**layer.style, **asked}, values_of, layer.fields))
        scene.layers.append(display_layer_for(ws, layer, map_crs))
        scene.legend[scene.layers[-1].id] = (layer.name, layer.style)
        note_dropped(scene, layer.name, scene.layers[-1])
    open_basemap(ws.basemap_path(), scene)
    add_workspace_rasters(ws, scene, visible_only=visible_only, ids=named_rasters if names else None)
    if basemap if basemap is not None else ws.builtin_basemap_on():
        scene.add_builtin_basemap()
    return scene


def add_workspace_rasters(ws: "Workspace", scene: Scene, *, visible_only: bool = True,
                          ids: list[str] | None = None) -> None:
    """Put the workspace's raster layers (bottom first; only ``ids`` when given) into ``scene``."""
    from .raster_layer import raster_display
    for r in reversed(ws.list_rasters()):
        if (r.id in ids) if ids is not None else (r.visible or not visible_only):
            scene.rasters.append(raster_display(r.id, r.name, ws.open_raster_dataset(r.id), scene.crs, r.style,
                                                r.opacity))
