"""The undoable edits of an assessment: scores, texts, evidence, actions, stakeholder scores.

Each is one of the two generic commands of :mod:`..edit_commands` with its translated undo text;
undo writes the old value back through the Qt-free :class:`Workspace` façade.
"""

from __future__ import annotations

__all__ = ["EditCommand", "set_score_command", "set_answer_text_command", "set_comment_private_command",
           "add_evidence_command", "remove_evidence_command", "rename_evidence_command", "add_action_command",
           "remove_action_command", "edit_action_command", "stakeholder_score_command"]

from functools import partial
from typing import Any

from ...i18n.catalog import tr
from ...workspace.facade import Workspace
from ..edit_commands import EditCommand, SetValueCommand

_TEXT_FIELDS = ("comment", "verification", "responsible", "data_sources")


def set_score_command(ws: Workspace, assessment_id: str, question_id: str, old: tuple[int | None, bool],
                      new: tuple[int | None, bool]) -> SetValueCommand:
    """Set a question's score, N/A or back to unanswered. Values are ``(score, na)``."""
    label = tr("N/A") if new[1] else (tr("not answered") if new[0] is None else str(new[0]))

    def set_score(value: tuple[int | None, bool]) -> None:
        score, na = value
        if na:
            ws.set_answer(assessment_id, question_id, na=True)
        else:
            ws.set_answer(assessment_id, question_id, score=score, na=False)
    return SetValueCommand(ws, tr("Score {q}: {v}", q=question_id, v=label), set_score, old, new)


def set_answer_text_command(ws: Workspace, assessment_id: str, question_id: str, field: str, old: str,
                            new: str) -> SetValueCommand:
    """One burst of typing in one text field of an answer: the text before it and after it.

    Bursts never merge (issue 16): merging made "type, pause, type, undo in the field" collapse
    into one '' → '' step that could bring nothing back. Each burst is one step, so any text
    that was ever saved can be reached again with Undo/Redo.
    """
    assert field in _TEXT_FIELDS
    return SetValueCommand(ws, tr("Edit {field} of {q}", field=tr(field.replace("_", " ")), q=question_id),
                           lambda text: ws.set_answer(assessment_id, question_id, **{field: text}), old, new)


def set_comment_private_command(ws: Workspace, assessment_id: str, question_id: str,
                                private: bool) -> SetValueCommand:
    """Mark a justification private (kept off the projector, reports and bundles) or shared."""
    text = (tr("Mark the justification of {q} private", q=question_id) if private
            else tr("Share the justification of {q}", q=question_id))
    return SetValueCommand(ws, text, lambda on: ws.set_answer(assessment_id, question_id, comment_private=on),
                           not private, private)


def add_evidence_command(ws: Workspace, evidence_id: str, name: str) -> SetValueCommand:
    """Attach a file or link. The attach happens in the caller; undo hides it, redo shows it again."""
    return SetValueCommand(ws, tr("Attach {name}", name=name), partial(ws.set_evidence_removed, evidence_id),
                           True, False)


def remove_evidence_command(ws: Workspace, evidence_id: str, name: str) -> SetValueCommand:
    return SetValueCommand(ws, tr("Remove {name}", name=name), partial(ws.set_evidence_removed, evidence_id),
                           False, True)


def rename_evidence_command(ws: Workspace, evidence_id: str, old: str, new: str) -> SetValueCommand:
    return SetValueCommand(ws, tr("Rename {old} to {new}", old=old, new=new),
                           partial(ws.rename_evidence, evidence_id), old, new)


def add_action_command(ws: Workspace, action_id: str, action: str) -> SetValueCommand:
    """An action item added by the caller; undo hides it, redo shows it again."""
    return SetValueCommand(ws, tr("Add action: {a}", a=action[:40]), partial(ws.set_action_removed, action_id),
                           True, False)


def remove_action_command(ws: Workspace, action_id: str, action: str) -> SetValueCommand:
    return SetValueCommand(ws, tr("Remove action: {a}", a=action[:40]), partial(ws.set_action_removed, action_id),
                           False, True)


def edit_action_command(ws: Workspace, action_id: str, old: dict[str, str], new: dict[str, str]) -> SetValueCommand:
    return SetValueCommand(ws, tr("Edit action"), lambda fields: ws.update_action(action_id, **fields), old, new)


def stakeholder_score_command(ws: Workspace, assessment_id: str, question_id: str, stakeholder: str,
                              old: dict[str, Any] | None, new: dict[str, Any] | None) -> SetValueCommand:
    """Set (or remove, when the value is ``None``) one stakeholder group's proposed score."""
    def set_proposal(value: dict[str, Any] | None) -> None:
        value = value or {"score": None, "na": False, "note": "", "note_private": False}
        ws.set_stakeholder_score(assessment_id, question_id, stakeholder, **value)
    return SetValueCommand(ws, tr("Proposed score of {s}", s=stakeholder), set_proposal, old, new)
