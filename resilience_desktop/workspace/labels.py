"""What the workspace's codes and change-log entries say to a person, in the interface language.

One place for the status names (an assessment's, an action's) and for the History's words: the
window's History tab and ``assessment history`` both name a change by :func:`change_what` and show its
values by :func:`change_value`. The change log itself keeps the stored names and values (JSON keeps them).
"""

from __future__ import annotations

__all__ = ["action_status_label", "assessment_status_label", "change_what", "change_value", "action_names"]

import json
from typing import Callable, Iterable, Mapping

from ..i18n.catalog import tr, trp
from .records import Change


def action_status_label(status: str) -> str:
    """An action's status as the user reads it (an unknown code is shown as it is)."""
    return {"open": tr("open"), "in_progress": tr("in progress"), "done": tr("done"),
            "dropped": tr("dropped")}.get(status, status)


def assessment_status_label(status: str) -> str:
    """An assessment's status as the user reads it (an unknown code is shown as it is)."""
    return {"in_progress": tr("in progress"), "final": tr("final"), "archived": tr("archived")}.get(status, status)


def _answer_field(field: str) -> str:
    return {"comment_private": tr("justification marked private"), "data_sources": tr("data sources")}.get(
        field) or tr(field.replace("_", " "))


def _action_field(field: str) -> str:
    return {"added": tr("action added"), "removed": tr("action removed"), "restored": tr("action restored"),
            "action": tr("action text"), "responsible": tr("action responsible"),
            "timescale": tr("action timescale"), "status": tr("action status")}.get(field, field)


def _evidence_field(field: str) -> str:
    return {"added": tr("evidence added"), "removed": tr("evidence removed"), "restored": tr("evidence restored"),
            "name": tr("evidence renamed")}.get(field, field)


def _stakeholder_field(name: str, field: str) -> str:
    what = {"proposed score": tr("proposed score"), "note": tr("note"),
            "note_private": tr("note marked private")}.get(field, field)
    return tr("{stakeholder}: {field}", stakeholder=name, field=what)


def _assessment_field(field: str, profile_labels: Mapping[str, str]) -> str:
    if field.startswith("profile."):
        key = field.removeprefix("profile.")
        return tr("profile: {field}", field=profile_labels.get(key, key))
    return {"created": tr("started"), "title": tr("title"), "status": tr("status"), "team": tr("team"),
            "completed_on": tr("completed on")}.get(field, field)


def action_names(changes: Iterable[Change]) -> dict[str, str]:
    """Each action's text, by its id, as the change log last gave it (its "added" or "action text" entry)."""
    return {c.entity_id: c.new_value for c in changes
            if c.entity == "action" and c.field in ("added", "action") and c.new_value}


def change_what(change: Change, profile_labels: Mapping[str, str] | None = None,
                names: Mapping[str, str] | None = None) -> str:
    """What ``change`` changed (``"score"``, ``"action added"``, ``"action status (Adopt the plan)"``,
    ``"Hydromet: proposed score"``).

    ``profile_labels`` names the assessment profile's keys (the Excel importer's labels); without
    it a profile entry is named by its key. ``names`` (:func:`action_names`) tells a question's actions apart
    in the entries that do not show their text."""
    entity, field = change.entity, change.field
    if entity == "answer":
        return _answer_field(field)
    if entity == "action":
        name = (names or {}).get(change.entity_id)
        if name and field in ("responsible", "timescale", "status"):
            short = " ".join(name.split())
            return f"{_action_field(field)} ({short if len(short) <= 40 else short[:39] + '…'})"
        return _action_field(field)
    if entity == "evidence":
        return _evidence_field(field)
    if entity == "stakeholder":
        return _stakeholder_field(change.entity_id, field)
    if entity == "assessment":
        return _assessment_field(field, profile_labels or {})
    return field


def _yes_no(value: str) -> str:
    return {"true": tr("yes"), "1": tr("yes"), "false": tr("no"), "0": tr("no")}.get(value.casefold(), value)


def _json_text(value: str, shown: Callable[[object], str]) -> str:
    try:
        return shown(json.loads(value)) or "∅"  # an empty team is nothing, as an empty text is
    except (ValueError, TypeError, KeyError, AttributeError):
        return value


def _started(doc: object) -> str:
    if not isinstance(doc, dict):
        raise TypeError(doc)  # not what an assessment's start stores: shown as stored
    return tr("{title} (scorecard {scorecard})", title=doc["title"], scorecard=doc["scorecard"])


def _listed(doc: object) -> str:
    return ", ".join(map(str, doc)) if isinstance(doc, list) else str(doc)


def change_value(change: Change, value: str | None) -> str:
    """``value`` (the entry's old or new value) as the user reads it: ``"∅"`` for nothing, a status by its
    name, yes/no for a switch, the title and scorecard of a started assessment; other values unchanged."""
    if value is None or value == "":
        return "∅"
    entity, field = change.entity, change.field
    if field in ("comment_private", "note_private"):
        return _yes_no(value)
    if field in ("score", "proposed score") and value == "N/A":
        return tr("N/A")
    if entity == "evidence" and field == "added":  # stored as "file: name (sha256)" / "link: name", in English
        for kind, shown in (("file", trp("evidence kind", "file")), ("link", trp("evidence kind", "link"))):
            if value.startswith(kind + ": "):
                return shown + value[len(kind):]
    if entity == "action" and field == "status":
        return action_status_label(value)
    if entity == "assessment":
        if field == "status":
            return assessment_status_label(value)
        if field == "created":
            return _json_text(value, _started)
        if field == "team" or field.startswith("profile."):
            return _json_text(value, _listed)
    return value
