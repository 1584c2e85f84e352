"""Undoable edits of map layers, applied through the Qt-free workspace façade."""

from __future__ import annotations

__all__ = ["set_layer_command", "set_layer_order_command", "remove_layer_command", "add_layers_command",
           "set_basemap_command"]

from typing import Any

from ...i18n.catalog import tr
from ...workspace.facade import Workspace
from ..edit_commands import DoUndoCommand, SetValueCommand

_SETTERS = {"visible": "set_layer_visible", "opacity": "set_layer_opacity", "style": "set_layer_style",
            "crs": "set_layer_crs", "name": "rename_layer"}


def set_layer_command(ws: Workspace, layer_id: str, prop: str, old: Any, new: Any,
                      layer_name: str = "") -> SetValueCommand:
    """Change one property of a layer: ``visible``, ``opacity``, ``style``, ``crs`` or ``name``."""
    labels = {"visible": tr("Show/hide layer {name}"), "opacity": tr("Opacity of layer {name}"),
              "style": tr("Style of layer {name}"), "crs": tr("CRS of layer {name}"),
              "name": tr("Rename layer {name}")}
    setter = getattr(ws, _SETTERS[prop])
    return SetValueCommand(ws, labels[prop].format(name=layer_name), lambda value: setter(layer_id, value), old, new)


def set_layer_order_command(ws: Workspace, old: list[str], new: list[str]) -> SetValueCommand:
    return SetValueCommand(ws, tr("Reorder layers"), ws.set_layer_order, list(old), list(new))


def remove_layer_command(ws: Workspace, layer_id: str, layer_name: str) -> DoUndoCommand:
    return DoUndoCommand(ws, tr("Remove layer {name}", name=layer_name), do=lambda: ws.remove_layer(layer_id),
                         undo=lambda: ws.restore_layer(layer_id))


def add_layers_command(ws: Workspace, datas: list, label: str) -> DoUndoCommand:
    """Store layers already read (``result``: their ids); undo hides them, redo brings them back
    (never re-reads the file; the layers read are let go once stored)."""
    def restore() -> None:
        for lid in cmd.result:
            ws.restore_layer(lid)

    def hide() -> None:
        for lid in cmd.result:
            ws.remove_layer(lid)
    cmd = DoUndoCommand(ws, tr("Import {name}", name=label), do=lambda: ws.add_layers(datas), undo=hide,
                        redo=restore)
    return cmd


def set_basemap_command(ws: Workspace, old: str | None, new: str | None) -> SetValueCommand:
    """Show another MBTiles basemap (a path) or none (``None``)."""
    return SetValueCommand(ws, tr("Change basemap"), ws.set_basemap, old, new)
