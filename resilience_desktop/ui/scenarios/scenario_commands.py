"""Undoable edits of hazards and scenarios, applied through the Qt-free workspace façade."""

from __future__ import annotations

__all__ = ["AddHazardCommand", "RemoveHazardCommand", "UpdateHazardCommand", "SetScenarioCommand"]

from typing import Any

from ...i18n.catalog import tr
from ...workspace.facade import Workspace
from ..assessment.commands import EditCommand


class AddHazardCommand(EditCommand):
    """Add a hazard; undo hides it, redo brings the same hazard back."""

    def __init__(self, ws: Workspace, city_id: str, kind: str, name: str = ""):
        super().__init__(ws, tr("Add hazard"))
        self.city_id, self.kind, self.name = city_id, kind, name
        self.hazard_id: str | None = None

    def apply_redo(self) -> None:
        if self.hazard_id is None:
            self.hazard_id = self.ws.add_hazard(self.city_id, self.kind, self.name)
        else:
            self.ws.restore_hazard(self.hazard_id)

    def apply_undo(self) -> None:
        assert self.hazard_id is not None
        self.ws.remove_hazard(self.hazard_id)


class RemoveHazardCommand(EditCommand):
    def __init__(self, ws: Workspace, hazard_id: str, label: str):
        super().__init__(ws, tr("Remove hazard {name}", name=label))
        self.hazard_id = hazard_id

    def apply_redo(self) -> None:
        self.ws.remove_hazard(self.hazard_id)

    def apply_undo(self) -> None:
        self.ws.restore_hazard(self.hazard_id)


class UpdateHazardCommand(EditCommand):
    """Change a hazard's ``kind``, ``name`` or ``notes``."""

    def __init__(self, ws: Workspace, hazard_id: str, field: str, old: str, new: str):
        super().__init__(ws, tr("Edit hazard"))
        self.hazard_id, self.field, self.old, self.new = hazard_id, field, old, new

    def apply_redo(self) -> None:
        self.ws.update_hazard(self.hazard_id, **{self.field: self.new})

    def apply_undo(self) -> None:
        self.ws.update_hazard(self.hazard_id, **{self.field: self.old})


class SetScenarioCommand(EditCommand):
    """Change fields of a hazard's scenario (``old`` and ``new`` map field names to values)."""

    def __init__(self, ws: Workspace, hazard_id: str, kind: str, old: dict[str, Any], new: dict[str, Any]):
        super().__init__(ws, tr("Edit scenario"))
        self.hazard_id, self.kind, self.old, self.new = hazard_id, kind, dict(old), dict(new)

    def apply_redo(self) -> None:
        self.ws.set_scenario(self.hazard_id, self.kind, **self.new)

    def apply_undo(self) -> None:
        self.ws.set_scenario(self.hazard_id, self.kind, **self.old)
