"""Undoable map settings of a workspace: its CRS and the built-in basemap switch."""

from __future__ import annotations

__all__ = ["SetMapCrsCommand", "SetBuiltinBasemapCommand"]

from ...i18n.catalog import tr
from ...workspace.facade import Workspace
from ..assessment.commands import EditCommand


class SetMapCrsCommand(EditCommand):
    def __init__(self, ws: Workspace, old: str, new: str):
        super().__init__(ws, tr("Map CRS"))
        self.old, self.new = old, new

    def apply_redo(self) -> None:
        self.ws.set_map_crs(self.new)

    def apply_undo(self) -> None:
        self.ws.set_map_crs(self.old)


class SetBuiltinBasemapCommand(EditCommand):
    def __init__(self, ws: Workspace, on: bool):
        super().__init__(ws, tr("Built-in basemap"))
        self.on = on

    def apply_redo(self) -> None:
        self.ws.set_builtin_basemap(self.on)

    def apply_undo(self) -> None:
        self.ws.set_builtin_basemap(not self.on)
