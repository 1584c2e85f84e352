"""Undoable edits of map layers, applied through the Qt-free workspace façade."""

from __future__ import annotations

__all__ = ["SetLayerCommand", "SetLayerOrderCommand", "RemoveLayerCommand", "AddLayersCommand", "SetBasemapCommand"]

from typing import Any

from ...i18n.catalog import tr
from ...workspace.facade import Workspace
from ..assessment.commands import EditCommand

_SETTERS = {"visible": "set_layer_visible", "opacity": "set_layer_opacity", "style": "set_layer_style",
            "crs": "set_layer_crs", "name": "rename_layer"}


class SetLayerCommand(EditCommand):
    """Change one property of a layer: ``visible``, ``opacity``, ``style``, ``crs`` or ``name``."""

    def __init__(self, ws: Workspace, layer_id: str, prop: str, old: Any, new: Any, layer_name: str = ""):
        labels = {"visible": tr("Show/hide layer {name}"), "opacity": tr("Opacity of layer {name}"),
                  "style": tr("Style of layer {name}"), "crs": tr("CRS of layer {name}"),
                  "name": tr("Rename layer {name}")}
        super().__init__(ws, labels[prop].format(name=layer_name))
        self.layer_id, self.prop, self.old, self.new = layer_id, prop, old, new

    def _set(self, value: Any) -> None:
        getattr(self.ws, _SETTERS[self.prop])(self.layer_id, value)

    def apply_redo(self) -> None:
        self._set(self.new)

    def apply_undo(self) -> None:
        self._set(self.old)


class SetLayerOrderCommand(EditCommand):
    def __init__(self, ws: Workspace, old: list[str], new: list[str]):
        super().__init__(ws, tr("Reorder layers"))
        self.old, self.new = list(old), list(new)

    def apply_redo(self) -> None:
        self.ws.set_layer_order(self.new)

    def apply_undo(self) -> None:
        self.ws.set_layer_order(self.old)


class RemoveLayerCommand(EditCommand):
    def __init__(self, ws: Workspace, layer_id: str, layer_name: str):
        super().__init__(ws, tr("Remove layer {name}", name=layer_name))
        self.layer_id = layer_id

    def apply_redo(self) -> None:
        self.ws.remove_layer(self.layer_id)

    def apply_undo(self) -> None:
        self.ws.restore_layer(self.layer_id)


class AddLayersCommand(EditCommand):
    """Store layers already read; undo hides them, redo brings them back (never re-reads the file)."""

    def __init__(self, ws: Workspace, datas: list, label: str):
        super().__init__(ws, tr("Import {name}", name=label))
        self.datas = datas
        self.ids: list[str] = []

    def apply_redo(self) -> None:
        if not self.ids:
            self.ids = self.ws.add_layers(self.datas)
            self.datas = []  # stored now; do not keep a second copy in memory
        else:
            for lid in self.ids:
                self.ws.restore_layer(lid)

    def apply_undo(self) -> None:
        for lid in self.ids:
            self.ws.remove_layer(lid)


class SetBasemapCommand(EditCommand):
    """Show another MBTiles basemap (a path) or none (``None``)."""

    def __init__(self, ws: Workspace, old: str | None, new: str | None):
        super().__init__(ws, tr("Change basemap"))
        self.old, self.new = old, new

    def apply_redo(self) -> None:
        self.ws.set_basemap(self.new)

    def apply_undo(self) -> None:
        self.ws.set_basemap(self.old)
