"""Undoable map settings of a workspace: its CRS and the built-in basemap switch."""

from __future__ import annotations

__all__ = ["set_map_crs_command", "set_builtin_basemap_command"]

from ...i18n.catalog import tr
from ...workspace.facade import Workspace
from ..edit_commands import SetValueCommand


def set_map_crs_command(ws: Workspace, old: str, new: str) -> SetValueCommand:
    return SetValueCommand(ws, tr("Map CRS"), ws.set_map_crs, old, new)


def set_builtin_basemap_command(ws: Workspace, on: bool) -> SetValueCommand:
    return SetValueCommand(ws, tr("Built-in basemap"), ws.set_builtin_basemap, not on, on)
