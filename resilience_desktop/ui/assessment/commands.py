"""Undoable edits. Each command applies itself through the Qt-free :class:`Workspace` façade.

Undo is itself an edit: it writes the old value back, and the change log records that too
(the log is append-only; undo never erases history).
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtGui import QUndoCommand

from ...i18n.catalog import tr
from ...workspace.facade import Workspace

_TEXT_FIELDS = ("comment", "verification", "responsible", "data_sources")


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


class SetScoreCommand(EditCommand):
    """Set a question's score, N/A or back to unanswered. Values are ``(score, na)``."""

    def __init__(self, ws: Workspace, assessment_id: str, question_id: str,
                 old: tuple[int | None, bool], new: tuple[int | None, bool]):
        label = tr("N/A") if new[1] else (tr("not answered") if new[0] is None else str(new[0]))
        super().__init__(ws, tr("Score {q}: {v}", q=question_id, v=label))
        self.aid, self.qid, self.old, self.new = assessment_id, question_id, old, new

    def _set(self, value: tuple[int | None, bool]) -> None:
        score, na = value
        if na:
            self.ws.set_answer(self.aid, self.qid, na=True)
        else:
            self.ws.set_answer(self.aid, self.qid, score=score, na=False)

    def apply_redo(self) -> None:
        self._set(self.new)

    def apply_undo(self) -> None:
        self._set(self.old)


class SetAnswerTextCommand(EditCommand):
    """One burst of typing in one text field of an answer: the text before it and after it.

    Bursts never merge (issue 16): merging made "type, pause, type, undo in the field" collapse
    into one '' → '' step that could bring nothing back. Each burst is one step, so any text
    that was ever saved can be reached again with Undo/Redo.
    """

    def __init__(self, ws: Workspace, assessment_id: str, question_id: str, field: str, old: str, new: str):
        assert field in _TEXT_FIELDS
        super().__init__(ws, tr("Edit {field} of {q}", field=tr(field.replace("_", " ")), q=question_id))
        self.aid, self.qid, self.field, self.old, self.new = assessment_id, question_id, field, old, new

    def apply_redo(self) -> None:
        self.ws.set_answer(self.aid, self.qid, **{self.field: self.new})

    def apply_undo(self) -> None:
        self.ws.set_answer(self.aid, self.qid, **{self.field: self.old})


class SetCommentPrivateCommand(EditCommand):
    """Mark a justification private (kept off the projector, reports and bundles) or shared."""

    def __init__(self, ws: Workspace, assessment_id: str, question_id: str, private: bool):
        super().__init__(ws, tr("Mark the justification of {q} private", q=question_id) if private
                         else tr("Share the justification of {q}", q=question_id))
        self.aid, self.qid, self.private = assessment_id, question_id, private

    def apply_redo(self) -> None:
        self.ws.set_answer(self.aid, self.qid, comment_private=self.private)

    def apply_undo(self) -> None:
        self.ws.set_answer(self.aid, self.qid, comment_private=not self.private)


class AddEvidenceCommand(EditCommand):
    """Attach a file or link. The attach happens in the constructor's caller; undo hides it."""

    def __init__(self, ws: Workspace, evidence_id: str, name: str):
        super().__init__(ws, tr("Attach {name}", name=name))
        self.eid = evidence_id

    def apply_redo(self) -> None:
        self.ws.set_evidence_removed(self.eid, False)

    def apply_undo(self) -> None:
        self.ws.set_evidence_removed(self.eid, True)


class RemoveEvidenceCommand(EditCommand):
    def __init__(self, ws: Workspace, evidence_id: str, name: str):
        super().__init__(ws, tr("Remove {name}", name=name))
        self.eid = evidence_id

    def apply_redo(self) -> None:
        self.ws.set_evidence_removed(self.eid, True)

    def apply_undo(self) -> None:
        self.ws.set_evidence_removed(self.eid, False)


class RenameEvidenceCommand(EditCommand):
    def __init__(self, ws: Workspace, evidence_id: str, old: str, new: str):
        super().__init__(ws, tr("Rename {old} to {new}", old=old, new=new))
        self.eid, self.old, self.new = evidence_id, old, new

    def apply_redo(self) -> None:
        self.ws.rename_evidence(self.eid, self.new)

    def apply_undo(self) -> None:
        self.ws.rename_evidence(self.eid, self.old)


class AddActionCommand(EditCommand):
    def __init__(self, ws: Workspace, action_id: str, action: str):
        super().__init__(ws, tr("Add action: {a}", a=action[:40]))
        self.xid = action_id

    def apply_redo(self) -> None:
        self.ws.set_action_removed(self.xid, False)

    def apply_undo(self) -> None:
        self.ws.set_action_removed(self.xid, True)


class RemoveActionCommand(AddActionCommand):
    def __init__(self, ws: Workspace, action_id: str, action: str):
        super().__init__(ws, action_id, action)
        self.setText(tr("Remove action: {a}", a=action[:40]))

    def apply_redo(self) -> None:
        self.ws.set_action_removed(self.xid, True)

    def apply_undo(self) -> None:
        self.ws.set_action_removed(self.xid, False)


class EditActionCommand(EditCommand):
    def __init__(self, ws: Workspace, action_id: str, old: dict[str, str], new: dict[str, str]):
        super().__init__(ws, tr("Edit action"))
        self.xid, self.old, self.new = action_id, old, new

    def apply_redo(self) -> None:
        self.ws.update_action(self.xid, **self.new)

    def apply_undo(self) -> None:
        self.ws.update_action(self.xid, **self.old)


class StakeholderScoreCommand(EditCommand):
    """Set (or remove, when the value is ``None``) one stakeholder group's proposed score."""

    def __init__(self, ws: Workspace, assessment_id: str, question_id: str, stakeholder: str,
                 old: dict[str, Any] | None, new: dict[str, Any] | None):
        super().__init__(ws, tr("Proposed score of {s}", s=stakeholder))
        self.aid, self.qid, self.who, self.old, self.new = assessment_id, question_id, stakeholder, old, new

    def _set(self, value: dict[str, Any] | None) -> None:
        value = value or {"score": None, "na": False, "note": "", "note_private": False}
        self.ws.set_stakeholder_score(self.aid, self.qid, self.who, **value)

    def apply_redo(self) -> None:
        self._set(self.new)

    def apply_undo(self) -> None:
        self._set(self.old)
