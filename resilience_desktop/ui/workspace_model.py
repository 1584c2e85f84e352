"""The Qt side of an open workspace: change signals and the undo stack.

Widgets never hold the truth: they read from :attr:`WorkspaceModel.ws`, write through
:meth:`WorkspaceModel.execute` (which applies an undoable command), and refresh when
:attr:`sig_changed` fires.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from ..workspace.records import ChangeEvent, Entity
from ..workspace.facade import Workspace
from .edit_commands import EditCommand


class WorkspaceModel(QObject):
    sig_changed = Signal(object)
    """Emitted after every committed edit, with the :class:`ChangeEvent`; views look at its
    ``entity`` (an :class:`Entity`) and refresh only for what they show."""
    sig_workspace_replaced = Signal()
    """Emitted when a workspace is opened or closed (``ws`` may be ``None``)."""
    sig_assessment_selected = Signal(str)
    """Emitted with the id of the assessment the user works on."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.ws: Workspace | None = None
        self.assessment_id: str | None = None
        self.undo_stack = QUndoStack(self)
        self._unsubscribe = None

    def set_workspace(self, ws: Workspace | None) -> None:
        """Make ``ws`` the open workspace (closing the previous one)."""
        if self._unsubscribe:
            self._unsubscribe()
            self._unsubscribe = None
        if self.ws is not None:
            self.ws.close()
        self.undo_stack.clear()
        self.ws = ws
        self.assessment_id = None
        if ws is not None:
            self._unsubscribe = ws.subscribe(self.sig_changed.emit)
            assessments = ws.list_assessments()
            if assessments:
                self.assessment_id = assessments[-1].id
        self.sig_workspace_replaced.emit()

    def select_assessment(self, assessment_id: str) -> None:
        self.assessment_id = assessment_id
        self.sig_assessment_selected.emit(assessment_id)

    def execute(self, command: EditCommand) -> None:
        """Apply ``command`` now (errors propagate, nothing is pushed) and make it undoable."""
        command.apply_redo()
        command.done = True
        self.undo_stack.push(command)

    def close(self) -> None:
        self.set_workspace(None)


__all__ = ["WorkspaceModel", "ChangeEvent", "Entity"]
