"""Undoable edits of raster layers."""

from __future__ import annotations

__all__ = ["SetRasterCommand", "AddRasterCommand"]

from typing import Any

from ...i18n.catalog import tr
from ...workspace.facade import Workspace
from ..assessment.commands import EditCommand


class SetRasterCommand(EditCommand):
    """Change a raster layer's ``visible``, ``style`` or ``removed`` state."""

    def __init__(self, ws: Workspace, raster_id: str, prop: str, old: Any, new: Any, name: str = ""):
        labels = {"visible": tr("Show/hide layer {name}"), "style": tr("Style of layer {name}"),
                  "removed": tr("Remove layer {name}")}
        super().__init__(ws, labels[prop].format(name=name))
        self.raster_id, self.prop, self.old, self.new = raster_id, prop, old, new

    def _set(self, value: Any) -> None:
        if self.prop == "visible":
            self.ws.set_raster_visible(self.raster_id, value)
        elif self.prop == "style":
            self.ws.set_raster_style(self.raster_id, value)
        elif value:
            self.ws.remove_raster(self.raster_id)
        else:
            self.ws.restore_raster(self.raster_id)

    def apply_redo(self) -> None:
        self._set(self.new)

    def apply_undo(self) -> None:
        self._set(self.old)


class AddRasterCommand(EditCommand):
    """Store a packed raster; undo hides it, redo brings it back (never re-packs the file)."""

    def __init__(self, ws: Workspace, path: Any, packed: tuple):
        super().__init__(ws, tr("Import {name}", name=getattr(path, "name", str(path))))
        self.path, self.packed = path, packed
        self.raster_id = ""

    def apply_redo(self) -> None:
        if not self.raster_id:
            self.raster_id = self.ws.add_packed_raster(self.path, self.packed)
            self.packed = ()
        else:
            self.ws.restore_raster(self.raster_id)

    def apply_undo(self) -> None:
        self.ws.remove_raster(self.raster_id)
