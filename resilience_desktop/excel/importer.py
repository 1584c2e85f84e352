"""Import a scorecard workbook into a workspace: all of it, or nothing.

Everything is read and checked first (the file, its structure, every score, the country, the
scorecard, the city). Only then is anything written, through the workspace façade: a city
(unless one is given, or the workspace already holds the workbook's city: the same name and
country, and no other region), a new assessment on the Preliminary scorecard with its
profile and team, one answer per question that has anything in it, and the action items.
"""

from __future__ import annotations

__all__ = ["import_workbook", "import_content", "check_new_city"]

import datetime as dt
import json
from pathlib import Path
from typing import Any, Callable

from ..errors import ExcelImportError, ResilienceError, WorkspaceReadOnlyError
from ..i18n.catalog import language, tr, trn
from ..scorecard import Scorecard, tr_text
from ..workspace.facade import ASSESSMENT_STATUSES, Workspace
from ..workspace.actions import ACTION_STATUSES
from ..workspace.cities import same_city
from .content import ImportReport, QuestionEntry, WorkbookContent, id_list, iso_date, out_of_range, refusal
from .reader import read_workbook
from .update import update_from_workbook

def check_new_city(content: WorkbookContent, name: str) -> None:
    """Raise :class:`ExcelImportError` unless the workbook names a city that can be created.

    ``name`` is the file's name, for the message.
    """
    if not content.city.name:
        raise ExcelImportError(tr("{name}: the Info sheet names no city; fill in the city name, or import into an "
                                  "existing city (--city CITY_ID); nothing was imported", name=name))
    if not content.city.iso2:
        raise ExcelImportError(tr(
            "{name}: the country {country!r} on the Info sheet is not recognised; write it as a country name or "
            "an ISO code (such as KG), or import into an existing city (--city CITY_ID); nothing was imported",
            name=name, country=content.city.country))


def _plan_city(ws: Workspace, content: WorkbookContent, city_id: str | None, name: str,
               report: ImportReport) -> None:
    """Check the city to import into (or to create); fill ``report.city_*``. Writes nothing."""
    if city_id is not None:
        city = ws.get_city(city_id)
        report.city_id, report.city_name = city.id, city.name
        same = content.city.name.strip().casefold() == city.name.strip().casefold() and \
            content.city.iso2 in (None, "", city.country)
        if content.city.name and not same:  # the same city's details left out are nothing lost
            report.not_imported.append(tr(
                "the city details on the Info sheet ({city}): the assessment was added to the existing city {name}",
                city=content.city.name, name=city.name))
        return
    check_new_city(content, name)

    here = [c for c in ws.list_cities() if same_city(c, content.city.name, content.city.iso2, content.city.region)]
    if here:  # the city is already here (a second workbook of it): a twin of the same name helps no one
        city = here[0]
        report.city_id, report.city_name = city.id, city.name
        report.warnings.append(tr("the city {name} ({country}) is already in the workspace ({city_id}): the "
                                  "assessment was added to it, beside its other assessments",
                                  name=city.name, country=city.country, city_id=city.id))
        return
    report.city_name, report.city_created = content.city.name, True


def _plan_entries(card: Scorecard, content: WorkbookContent, scope: set[int] | None,
                  report: ImportReport, name: str) -> list[QuestionEntry]:
    """The entries to write; what cannot be written goes to the report, what is untrustworthy raises
    (naming every score out of range, not just the first)."""
    todo: list[QuestionEntry] = []
    problems: list[str] = []
    for e in content.entries:
        if not card.has_question(e.question_id) or card.question(e.question_id).retired:
            report.not_imported.append(tr("question {question_id} ({where}): the scorecard {scorecard} has no such "
                                          "question", question_id=e.question_id, where=e.where, scorecard=card.id))
            continue
        if scope is not None and card.question(e.question_id).essential not in scope:
            report.not_imported.append(tr("question {question_id} ({where}): outside the assessment's Essentials",
                                          question_id=e.question_id, where=e.where))
            continue
        if e.score is not None and not card.min_score <= e.score <= card.max_score:
            problems.append(out_of_range(e, card.min_score, card.max_score))
            continue
        if e.items is None and not e.action and e.timescale:
            report.not_imported.append(tr("question {question_id}: the timescale {timescale!r} has no action to "
                                          "belong to", question_id=e.question_id, timescale=e.timescale))
        todo.append(e)
    if problems:
        raise refusal(name, problems)
    return todo


def _warn_missing(card: Scorecard, content: WorkbookContent, scope: set[int] | None, report: ImportReport) -> None:
    found = {e.question_id for e in content.entries}
    # a sheet renamed in Excel is read too (own exports): its questions say which Essential it holds
    present = set(content.essentials_found) | {card.question(q).essential for q in found if card.has_question(q)}
    if not present:
        return  # the reader already said that no question sheet exists
    wanted = [q for q in card.active_questions if scope is None or q.essential in scope]
    for n in sorted({q.essential for q in wanted} - present):
        report.warnings.append(tr("the sheet of Essential {n} (E{n:02d}) is missing: its questions stay unanswered",
                                  n=n))
    missing = [q.id for q in wanted if q.id not in found and q.essential in present]
    if missing:
        report.warnings.append(tr("not found in the workbook, so unanswered: {ids}", ids=id_list(missing)))
    empty = [e.question_id for e in content.entries if not e.answered and card.has_question(e.question_id)]
    if empty:
        report.warnings.append(trn("{n} question is unanswered in the workbook: {ids}",
                                   "{n} questions are unanswered in the workbook: {ids}", len(empty), ids=id_list(empty)))


def import_workbook(ws: Workspace, path: str | Path, *, city_id: str | None = None, new: bool = False) -> ImportReport:
    """Import the scorecard workbook at ``path`` into ``ws``.

    Reads the official Preliminary tool (and its variants) or a workbook this app exported.
    A workbook exported from an assessment of ``ws`` updates that assessment (see
    :mod:`.update`), unless ``new`` or ``city_id`` is given. Otherwise it becomes a new assessment:
    with ``city_id`` in that existing city, else in a city created from the Info sheet. Nothing is
    written unless the whole workbook could be read and checked.

    Raises
    ------
    ExcelImportError
        For a file that cannot be imported (see :func:`read_workbook`), an unknown country
        without ``city_id``, a score outside the scorecard's range, or a workbook whose title and
        answers an assessment of its city already holds (imported before; unless ``new`` or ``city_id``).
    NotFoundError
        When ``city_id`` names no city.
    """
    path = Path(path)
    return import_content(ws, read_workbook(path), name=path.name, city_id=city_id, new=new)


def assessment_to_update(ws: Workspace, content: WorkbookContent) -> str | None:
    """The assessment of ``ws`` the workbook was exported from, if it is still there (else ``None``)."""
    if not content.assessment_id or content.exported_seq is None:
        return None
    try:
        ws.get_assessment(content.assessment_id)
    except ResilienceError:  # removed, or from another workspace
        return None
    return content.assessment_id


def import_content(ws: Workspace, content: WorkbookContent, *, name: str, city_id: str | None = None,
                   check_only: bool = False, new: bool = False) -> ImportReport:
    """Write what :func:`read_workbook` read (see :func:`import_workbook`); ``name`` is the file's name.

    ``check_only``: raise what the import would raise, write nothing (works on a read-only workspace;
    the command line checks this way before opening the workspace for writing)."""
    report = ImportReport("", "", 0, 0, warnings=list(content.warnings), not_imported=list(content.not_imported),
                          source=content.source)
    target = None if new or city_id is not None else assessment_to_update(ws, content)
    if target is not None:
        return _update(ws, content, target, name, report, check_only)
    card = ws.registry.get(content.scorecard_id)  # the newest version; an export names the one it was made on
    if content.scorecard_version is not None and content.scorecard_version != card.version:
        if content.scorecard_version in ws.registry.versions(card.id):
            card = ws.registry.get(card.id, content.scorecard_version)
        else:
            report.warnings.append(tr("the workbook was made on version {old} of scorecard {scorecard}, which this "
                                      "installation does not have; it was imported on version {new}",
                                      old=content.scorecard_version, scorecard=card.id, new=card.version))
    _plan_city(ws, content, city_id, name, report)
    scope = set(content.essentials_scope) if content.essentials_scope else None
    todo = _plan_entries(card, content, scope, report, name)
    _warn_missing(card, content, scope, report)
    started_on = iso_date(content.started_on)
    if content.started_on and not started_on:
        report.warnings.append(tr("the start date {value!r} is not a date; the assessment starts today",
                                  value=content.started_on))
    status = content.status if content.status in ASSESSMENT_STATUSES else None
    try:
        json.dumps(content.profile)
    except (TypeError, ValueError):  # cannot happen with cell values; checked so a write never fails half-way
        raise ExcelImportError(tr("{name}: the Info sheet holds a value that cannot be stored", name=name)) from None
    year = (started_on or dt.date.today().isoformat())[:4]
    title = content.title or f"{report.city_name} — {tr_text(card.title, language())} {year}"
    twin = None if new or city_id is not None or report.city_created else _twin(ws, report.city_id, card.id, title, todo)
    if twin is not None:  # the same file imported twice (a trial ended with seven identical assessments)
        raise ExcelImportError(tr("{name}: assessment {title!r} ({assessment_id}) of {city} already holds this "
                                  "workbook's title and answers, so it was not imported again (on the command "
                                  "line, --new or --city imports it once more)", name=name, title=twin.title,
                                  assessment_id=twin.id, city=report.city_name))
    if check_only:
        return report
    return _commit(ws, content, report, lambda: _write_all(ws, content, card, report, title, scope, started_on,
                                                           status, todo))


def _twin(ws: Workspace, city_id: str, scorecard_id: str, title: str, todo: list[QuestionEntry]) -> Any:
    """The assessment of the city that already holds what the workbook would write (its title, and each
    question's score, N/A, justification and means of verification), else ``None``."""
    def key(na: bool, score: int | None, comment: str, verification: str) -> tuple | None:
        return None if not (na or score is not None or comment or verification) else (
            na, None if na else score, comment, verification)
    wanted = {e.question_id: k for e in todo if (k := key(e.na, e.score, e.comment, e.verification))}
    for a in ws.list_assessments():
        if a.city_id != city_id or a.scorecard_id != scorecard_id or a.title != title:
            continue
        have = {q: k for q, ans in ws.answers(a.id).items()
                if (k := key(ans.na, ans.score, ans.comment, ans.verification))}
        if have == wanted:
            return a
    return None


def _commit(ws: Workspace, content: WorkbookContent, report: ImportReport, write: Callable[[], None]) -> ImportReport:
    """Run ``write`` in one transaction (the whole workbook is imported, or nothing is) and count the result."""
    if ws.read_only:  # the same error the first write would raise, before anything is attempted
        raise WorkspaceReadOnlyError(tr("{name} is open read-only (another instance is editing it)",
                                        name=ws.path.name))
    try:
        with ws.batch():
            write()
    except ResilienceError as exc:  # validated before; if it happens anyway, nothing was written
        raise ExcelImportError(tr("the import stopped and nothing was imported: {e}", e=exc)) from exc
    report.profile_fields = sorted(content.profile)
    s = ws.score(report.assessment_id)
    report.answered, report.unanswered = s.answered, s.questions - s.answered
    return report


def _write_all(ws: Workspace, content: WorkbookContent, card: Any, report: ImportReport, title: str,
               scope: Any, started_on: Any, status: Any, todo: list) -> None:
    if report.city_created:
        c = content.city
        report.city_id = ws.add_city(c.name, c.iso2 or "", region=c.region, population=c.population,
                                     area_km2=c.area_km2, lon=c.lon, lat=c.lat)
    aid = ws.new_assessment(report.city_id, card.id, version=card.version, title=title,
                            essentials=sorted(scope) if scope else None, team=content.team,
                            started_on=started_on)
    report.assessment_id = aid
    changes: dict[str, Any] = {}
    if content.profile:
        changes["profile"] = content.profile
    if status and status != "in_progress":
        changes["status"] = status
    if content.completed_on:
        changes["completed_on"] = iso_date(content.completed_on)
    if changes:
        ws.update_assessment(aid, **changes)
    for e in todo:
        _write_entry(ws, aid, e, report)


def _write_entry(ws: Workspace, aid: str, e: QuestionEntry, report: ImportReport) -> None:
    kwargs: dict[str, Any] = {}
    if e.na:
        kwargs["na"] = True
    elif e.score is not None:
        kwargs["score"] = e.score
    if e.verification:
        kwargs["verification"] = e.verification
    if e.comment:
        kwargs["comment"] = e.comment
    if e.data_sources:
        kwargs["data_sources"] = e.data_sources
    if e.responsible:
        kwargs["responsible"] = e.responsible
    if kwargs:
        ws.set_answer(aid, e.question_id, **kwargs)
    items = e.items if e.items is not None else (
        [{"action": e.action, "responsible": e.responsible, "timescale": e.timescale}] if e.action else [])
    for item in items:
        action = str(item.get("action", "")).strip()
        if not action:
            continue
        given = item.get("status")
        status = given if isinstance(given, str) and given in ACTION_STATUSES else "open"
        ws.add_action(aid, e.question_id, action, responsible=str(item.get("responsible") or ""),
                      timescale=str(item.get("timescale") or ""), status=status)
        report.actions += 1


def _update(ws: Workspace, content: WorkbookContent, aid: str, name: str, report: ImportReport,
            check_only: bool) -> ImportReport:
    """Bring the workbook back into the assessment ``aid`` it was exported from (:mod:`.update`)."""
    a = ws.get_assessment(aid)
    card = ws.scorecard(a.scorecard_id, a.scorecard_version)
    report.assessment_id, report.city_id, report.city_name, report.updated = aid, a.city_id, a.city, True
    scope = set(a.essentials_scope) if a.essentials_scope else None
    todo = _plan_entries(card, content, scope, report, name)
    found = {e.question_id for e in content.entries}
    missing = [q.id for q in card.active_questions if (scope is None or q.essential in scope) and q.id not in found]
    if missing:
        report.warnings.append(tr("not found in the workbook, so left as they are: {ids}", ids=id_list(missing)))
    if check_only:
        return report
    return _commit(ws, content, report, lambda: update_from_workbook(ws, aid, content, todo, report))
