"""The undoable edits: two generic ``QUndoCommand`` classes that every view builds its edits from.

Each edit is applied through the Qt-free :class:`~resilience_desktop.workspace.facade.Workspace`
façade. Undo is itself an edit: it writes the old value back, and the change log records that
too (the log is append-only; undo never erases history).

- :class:`SetValueCommand`: one value set through one setter (a score, a text field, a layer's
  opacity, whether a piece of evidence is removed …): redo sets ``new``, undo sets ``old``.
- :class:`DoUndoCommand`: an edit given as two callables; with ``redo`` as well, the first
  application creates something (a hazard, imported layers) and later ones bring the same
  thing back, never creating it twice. What the first application returned is ``result``.

The feature modules (``assessment/commands.py``, ``map/layer_commands.py`` …) only name their
edits: small functions returning one of these with its translated undo text.
"""

from __future__ import annotations

__all__ = ["EditCommand", "SetValueCommand", "DoUndoCommand"]

from typing import Any, Callable, Generic, TypeVar

from PySide6.QtGui import QUndoCommand

from ..workspace.facade import Workspace

T = TypeVar("T")


class EditCommand(QUndoCommand):
    """Base: subclasses implement :meth:`apply_redo` and :meth:`apply_undo`.

    :meth:`WorkspaceModel.execute` applies the edit once *before* pushing (so an error surfaces
    and nothing is pushed); the first ``redo()`` that ``QUndoStack.push`` makes is then skipped.
    """

    #: Called with the exception when an undo/redo fails (set by the main window).
    on_error: Callable[[BaseException], None] | None = None

    def __init__(self, ws: Workspace, text: str):
        super().__init__(text)
        self.ws = ws
        self.done = False

    def apply_redo(self) -> None:
        raise NotImplementedError

    def apply_undo(self) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        if self.done:
            self.done = False  # the edit was applied by execute(); this is push()'s call
            return
        self._guard(self.apply_redo)

    def undo(self) -> None:
        self._guard(self.apply_undo)

    def _guard(self, fn: Callable[[], None]) -> None:
        try:
            fn()
        except Exception as exc:  # an undo must never crash the app; report it instead
            if EditCommand.on_error is not None:
                EditCommand.on_error(exc)
            else:
                raise


class SetValueCommand(EditCommand, Generic[T]):
    """Set one value: redo calls ``setter(new)``, undo ``setter(old)``."""

    def __init__(self, ws: Workspace, text: str, setter: Callable[[T], Any], old: T, new: T):
        super().__init__(ws, text)
        self.setter, self.old, self.new = setter, old, new

    def apply_redo(self) -> None:
        self.setter(self.new)

    def apply_undo(self) -> None:
        self.setter(self.old)


class DoUndoCommand(EditCommand):
    """An edit as callables: ``do`` applies it, ``undo`` takes it back.

    Without ``redo``, every redo calls ``do`` again. With ``redo``, ``do`` runs once (its
    return value kept as :attr:`result`, e.g. the id of what it created, and ``do`` then
    dropped with whatever it held, such as layers read from a file) and each later redo calls
    ``redo``. ``undo`` and ``redo`` may read :attr:`result`.
    """

    def __init__(self, ws: Workspace, text: str, do: Callable[[], Any], undo: Callable[[], Any],
                 redo: Callable[[], Any] | None = None):
        super().__init__(ws, text)
        self._do: Callable[[], Any] | None = do
        self._undo, self._redo = undo, redo
        self.result: Any = None

    def apply_redo(self) -> None:
        if self._redo is None:
            assert self._do is not None
            self.result = self._do()
        elif self._do is not None:
            self.result = self._do()
            self._do = None  # applied once: later redos restore, and the inputs can be freed
        else:
            self._redo()

    def apply_undo(self) -> None:
        self._undo()
