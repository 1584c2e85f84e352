"""Undoable edits of hazards and scenarios, applied through the Qt-free workspace façade."""

from __future__ import annotations

__all__ = ["add_hazard_command", "remove_hazard_command", "update_hazard_command", "set_scenario_command"]

from typing import Any

from ...i18n.catalog import tr
from ...workspace.facade import Workspace
from ..edit_commands import DoUndoCommand, SetValueCommand


def add_hazard_command(ws: Workspace, city_id: str, kind: str, name: str = "") -> DoUndoCommand:
    """Add a hazard (``result``: its id); undo hides it, redo brings the same hazard back."""
    cmd = DoUndoCommand(ws, tr("Add hazard"), do=lambda: ws.add_hazard(city_id, kind, name),
                        undo=lambda: ws.remove_hazard(cmd.result), redo=lambda: ws.restore_hazard(cmd.result))
    return cmd


def remove_hazard_command(ws: Workspace, hazard_id: str, label: str) -> DoUndoCommand:
    return DoUndoCommand(ws, tr("Remove hazard {name}", name=label), do=lambda: ws.remove_hazard(hazard_id),
                         undo=lambda: ws.restore_hazard(hazard_id))


def update_hazard_command(ws: Workspace, hazard_id: str, field: str, old: str, new: str) -> SetValueCommand:
    """Change a hazard's ``kind``, ``name`` or ``notes``."""
    return SetValueCommand(ws, tr("Edit hazard"), lambda value: ws.update_hazard(hazard_id, **{field: value}),
                           old, new)


def set_scenario_command(ws: Workspace, hazard_id: str, kind: str, old: dict[str, Any],
                         new: dict[str, Any]) -> SetValueCommand:
    """Change fields of a hazard's scenario (``old`` and ``new`` map field names to values)."""
    return SetValueCommand(ws, tr("Edit scenario"), lambda fields: ws.set_scenario(hazard_id, kind, **fields),
                           dict(old), dict(new))
