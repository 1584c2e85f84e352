"""Undoable edits of raster layers."""

from __future__ import annotations

__all__ = ["set_raster_command", "add_raster_command"]

from typing import Any

from ...i18n.catalog import tr
from ...workspace.facade import Workspace
from ..edit_commands import DoUndoCommand, SetValueCommand


def set_raster_command(ws: Workspace, raster_id: str, prop: str, old: Any, new: Any,
                       name: str = "") -> SetValueCommand:
    """Change a raster layer's ``visible``, ``style`` or ``removed`` state."""
    labels = {"visible": tr("Show/hide layer {name}"), "style": tr("Style of layer {name}"),
              "removed": tr("Remove layer {name}")}

    def set_prop(value: Any) -> None:
        if prop == "visible":
            ws.set_raster_visible(raster_id, value)
        elif prop == "style":
            ws.set_raster_style(raster_id, value)
        elif value:
            ws.remove_raster(raster_id)
        else:
            ws.restore_raster(raster_id)
    return SetValueCommand(ws, labels[prop].format(name=name), set_prop, old, new)


def add_raster_command(ws: Workspace, path: Any, packed: tuple) -> DoUndoCommand:
    """Store a packed raster (``result``: its id); undo hides it, redo brings it back (never re-packs)."""
    cmd = DoUndoCommand(ws, tr("Import {name}", name=getattr(path, "name", str(path))),
                        do=lambda: ws.add_packed_raster(path, packed),
                        undo=lambda: ws.remove_raster(cmd.result), redo=lambda: ws.restore_raster(cmd.result))
    return cmd
