"""Bring a workbook this app exported back into the assessment it was exported from.

A colleague edits the exported workbook in Excel; importing it again updates that assessment
instead of adding a second one. What changed in the workbook is written; what was changed *in the
app* after the export (the change log's position is kept in the workbook) is never overwritten:
such a question keeps the app's values and the report names it. Nothing is removed that the
workbook cannot show: a private comment (left out of the export) stays, an action item missing
from the workbook stays (and is named).
"""

from __future__ import annotations

__all__ = ["update_from_workbook"]

from dataclasses import replace
from typing import Any, NamedTuple

from ..i18n.catalog import tr
from ..workspace.actions import ACTION_STATUSES
from ..workspace.facade import ASSESSMENT_STATUSES, Workspace
from ..workspace.records import Answer, Entity
from .content import ImportReport, QuestionEntry, WorkbookContent, iso_date
from .own_format import render_actions

_EMPTY = Answer("", None, False)
_HIDDEN = object()  # a profile value the Info sheet cannot show


def _as_shown(value: str) -> str:
    """A text as a cell gives it back: trimmed, with Excel's line breaks."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def _changed_after(ws: Workspace, aid: str, seq: int | None) -> tuple[set[str], bool]:
    """The questions changed in the app after the export, and whether the assessment's own
    details (title, status, team, profile) were."""
    if seq is None:
        return set(), False
    later = [c for c in ws.history(aid) if c.seq > seq]
    # an action or evidence of the whole assessment has no question either, but is none of its details
    return {c.question_id for c in later if c.question_id}, any(c.entity == Entity.ASSESSMENT for c in later)


def _keep_absent(e: QuestionEntry, old: Answer, shown: dict[str, str]) -> QuestionEntry:
    """``e`` with the columns its sheet no longer has (:attr:`QuestionEntry.absent`) holding what the app
    holds, so a deleted column changes nothing."""
    if not e.absent:
        return e
    e = replace(e)
    for key in ("verification", "comment", "data_sources"):
        if key in e.absent:
            setattr(e, key, _as_shown(getattr(old, key)))
    if e.items is None:
        for key, attr in (("actions", "action"), ("responsible", "responsible"), ("timescale", "timescale")):
            if key in e.absent:
                setattr(e, attr, shown[key])
    return e


def _answer_changes(e: QuestionEntry, old: Answer, shown_responsible: str, private_shown: bool,
                    report: ImportReport) -> dict[str, Any]:
    """The answer's fields the workbook changes (``set_answer`` keywords)."""
    changes: dict[str, Any] = {}
    if (e.score, e.na) != (old.score, old.na):
        changes.update({"na": True} if e.na else {"score": e.score} if e.score is not None
                       else {"score": None, "na": False})
    for key in ("verification", "comment", "data_sources"):
        new = getattr(e, key)
        if new == _as_shown(getattr(old, key)):
            continue  # as exported: the cell only trimmed it
        if key == "comment" and old.comment_private and not new:
            continue  # a private comment is not in the workbook unless asked for: an empty cell is not a deletion
        if key == "comment" and old.comment_private and not private_shown:  # typed into the empty cell
            report.not_imported.append(tr(
                "question {question_id}: the comment {comment!r}: the app keeps a private comment there, which the "
                "workbook did not show; it was kept", question_id=e.question_id, comment=new))
            continue
        changes[key] = new
    responsible = e.responsible if e.items is not None else (
        None if e.responsible == shown_responsible else e.responsible)  # the shown column may list action owners
    if responsible is not None and responsible != old.responsible and responsible != _as_shown(old.responsible):
        changes["responsible"] = responsible
    return changes


class ActionChanges(NamedTuple):
    """What the workbook does to a question's action items."""

    added: list[dict[str, str]]
    #: the texts of the existing actions it no longer lists (kept: the workbook cannot remove one)
    missing: list[str]
    #: ``(action id, timescale)`` of the existing actions whose timescale it changes
    retimed: list[tuple[str, str]]
    #: ``(action id, new text)`` of the existing actions it rewords
    reworded: list[tuple[str, str]]


def _new_actions(e: QuestionEntry, existing: list[Any], shown: dict[str, str], report: ImportReport) -> ActionChanges:
    """What the workbook changes in a question's action items.

    A line of the actions cell edited in Excel is that action reworded, not a new one beside the old
    (a trial: the plan filled with near-duplicates): when as many lines are new as existing actions are
    no longer listed, they are paired in their order."""
    have = {a.action.strip() for a in existing}
    if e.items is not None:  # the hidden exact copy still matches what is shown
        wanted = [{k: str(i.get(k) or "") for k in ("action", "responsible", "timescale", "status")} for i in e.items]
    elif (e.action, e.timescale) == (shown["actions"], shown["timescale"]):
        return ActionChanges([], [], [], [])
    else:  # edited in Excel: one action per line of the cell
        wanted = [{"action": line, "responsible": "", "timescale": "", "status": "open"}
                  for line in (x.strip() for x in e.action.splitlines()) if line]
    listed = {w["action"].strip() for w in wanted}
    added = [w for w in wanted if w["action"].strip() and w["action"].strip() not in have]
    gone = [a for a in existing if a.action.strip() not in listed]
    reworded: list[tuple[str, str]] = []
    by_text = {a.action.strip(): a for a in existing}
    if e.items is None and added and len(added) == len(gone):
        reworded = [(a.id, w["action"].strip()) for a, w in zip(gone, added)]
        by_text.update({w["action"].strip(): a for a, w in zip(gone, added)})
        added, gone = [], []
    elif e.items is None and len(wanted) == 1 and added:
        added[0].update(responsible=e.responsible, timescale=e.timescale)
    retimed: list[tuple[str, str]] = []
    if e.items is None and e.action and e.timescale != shown["timescale"] and not (len(wanted) == 1 and added):
        # a timescale line for each action of the actions cell, in its order: line n is action n's, whether
        # the action was there or is new; a cleared cell clears them all
        times = [x.strip() for x in e.timescale.splitlines()] if e.timescale.strip() else [""] * len(wanted)
        if len(times) == len(wanted):
            for w, t in zip(wanted, times):
                old = by_text.get(w["action"].strip())
                if old is None:
                    w["timescale"] = t  # one of ``added``
                elif t != old.timescale:
                    retimed.append((old.id, t))
        elif e.timescale:
            report.not_imported.append(tr(
                "question {question_id}: the timescale {timescale!r}: give one line for each action, in the order "
                "of the actions cell, or change it in the app", question_id=e.question_id, timescale=e.timescale))
    return ActionChanges(added, [a.action for a in gone], retimed, reworded)


def update_from_workbook(ws: Workspace, aid: str, content: WorkbookContent, todo: list[QuestionEntry],
                         report: ImportReport) -> None:
    """Write into assessment ``aid`` what the workbook changed (inside the caller's transaction)."""
    later, details_later = _changed_after(ws, aid, content.exported_seq)
    answers = ws.answers(aid)
    actions = ws.list_actions(aid)
    kept: list[str] = []
    cleared: list[str] = []
    for e in todo:
        old = answers.get(e.question_id, _EMPTY)
        mine = [a for a in actions if a.question_id == e.question_id]
        shown = render_actions(old, mine)
        e = _keep_absent(e, old, shown)
        changes = _answer_changes(e, old, shown["responsible"], content.private_comments, report)
        added, missing, retimed, reworded = _new_actions(e, mine, shown, report)
        if e.items is None and len(added) == 1 and added[0]["responsible"] and "responsible" in changes:
            # typed beside the one action added in Excel: that action's owner, not the question's (a trial)
            del changes["responsible"]
        if (changes or added or retimed or reworded) and e.question_id in later:
            kept.append(e.question_id)
            continue
        if changes:
            ws.set_answer(aid, e.question_id, **changes)
            if changes.get("score", 0) is None and not changes.get("na") and old.answered:
                cleared.append(f"{e.question_id} ({tr('N/A') if old.na else old.score})")
        for action_id, text in reworded:
            ws.update_action(action_id, action=text)
        for action_id, timescale in retimed:
            ws.update_action(action_id, timescale=timescale)
        for item in added:
            ws.add_action(aid, e.question_id, item["action"], responsible=item["responsible"],
                          timescale=item["timescale"],
                          status=item["status"] if item["status"] in ACTION_STATUSES else "open")
        if changes or added or retimed or reworded:
            report.changed.append(e.question_id)
        report.actions += len(added)
        report.not_imported += [tr("question {question_id}: the action {action!r} is not in the workbook; it was kept",
                                   question_id=e.question_id, action=a) for a in missing]
    if kept:
        report.warnings.append(tr(
            "changed in the app after the workbook was exported, so the app's values were kept and the workbook's "
            "were not imported: {ids}", ids=", ".join(kept)))
    if cleared:  # an emptied cell is an answer withdrawn, or a slip: either way it is said, with what was there
        report.warnings.append(tr(
            "the workbook's empty score cells made these questions unanswered (the score before in brackets): "
            "{questions}; if that was a slip, type the scores again (in the app or the workbook)",
            questions=", ".join(cleared)))
    details = _detail_changes(ws, aid, content, report)
    if details and details_later:
        report.warnings.append(tr("the assessment's details (title, status, completion date, team, profile) were changed in "
                                  "the app after the export; the Info sheet's were not imported"))
    elif details:
        ws.update_assessment(aid, **details)


def _shown_value(value: Any) -> Any:
    """A profile value as the Info sheet gives it back (see ``exporter._info_rows``): rows with nothing
    in them are not written, so an empty text or mapping is not there at all (:data:`_HIDDEN`)."""
    scalar = (str, int, float, bool)
    if isinstance(value, list) and value and all(isinstance(v, scalar) for v in value):
        value = [v for v in value if v != ""] or None
    elif isinstance(value, dict) and all(isinstance(v, scalar) and "." not in k for k, v in value.items()):
        value = {k: v for k, v in value.items() if v != ""} or None
    return _HIDDEN if value is None or value == "" else value


def _detail_changes(ws: Workspace, aid: str, content: WorkbookContent, report: ImportReport) -> dict[str, Any]:
    a = ws.get_assessment(aid)
    wanted: dict[str, Any] = {"title": content.title or a.title, "team": list(content.team)}
    completed_on = iso_date(content.completed_on)
    if content.completed_on and not completed_on:
        report.warnings.append(tr("the completion date {value!r} is not a date; the assessment's was kept",
                                  value=content.completed_on))
    else:
        wanted["completed_on"] = completed_on
    if content.status in ASSESSMENT_STATUSES:
        wanted["status"] = content.status
    shown = {k: v for k, v in ((k, _shown_value(v)) for k, v in a.profile.items()) if v is not _HIDDEN}
    if content.profile and content.profile != shown:  # what the sheet cannot show is kept
        wanted["profile"] = {**{k: v for k, v in a.profile.items() if _shown_value(v) is _HIDDEN}, **content.profile}
    current = {"title": a.title, "team": list(a.team), "completed_on": a.completed_on,
               "status": a.status, "profile": a.profile}
    return {k: v for k, v in wanted.items() if v != current[k]}
