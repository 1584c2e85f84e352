"""``demo``, ``city``, ``assessment`` and ``answer``: the workspace's cities and assessments."""

from __future__ import annotations

__all__ = ["register"]

import argparse
from pathlib import Path
from typing import Any

from ..errors import InvalidInputError
from ..i18n.catalog import current, tr
from ..i18n.times import local_time_text
from ..safety.validate import MAX_AREA_KM2, MAX_POPULATION, MAX_TEXT
from ..workspace.records import Answer
from ._common import (Parser, add_workspace_options, float_arg, int_arg, open_workspace,
                      output, precheck_workspace, text_arg)


# ------------------------------------------------------------------ demo, cities
def cmd_demo(args: argparse.Namespace) -> int:
    from ..demo.workspace import write_demo
    path = write_demo(Path(args.path), keep_changed=not args.force)
    output(args, {"path": str(path)}, str(path))
    return 0


def cmd_city_add(args: argparse.Namespace) -> int:
    from ..workspace.cities import check_city, check_not_twice
    if len(args.country.strip()) != 2:  # "Кыргызстан", "Kyrgyzstan", "kgz" are KG (a code needs no table)
        from ..i18n.countries import country_code
        args.country = country_code(args.country) or args.country
    # every field checked before the workspace is created or opened for writing
    city = check_city(name=args.name, country=args.country, region=args.region, population=args.population,
                      area_km2=args.area_km2, lon=args.lon, lat=args.lat)

    def not_twice(ws: Any) -> None:
        check_not_twice(ws.list_cities(), city["name"], city["country"], city["region"])
    precheck_workspace(args, not_twice)
    with open_workspace(args, write=True, create=True) as ws:
        not_twice(ws)
        cid = ws.add_city(args.name, args.country, region=args.region, population=args.population,
                          area_km2=args.area_km2, lon=args.lon, lat=args.lat)
    output(args, {"id": cid}, cid)
    return 0


def cmd_city_list(args: argparse.Namespace) -> int:
    with open_workspace(args, write=False) as ws:
        cities = ws.list_cities()
    output(args, [c.to_json() for c in cities],
         lambda: "\n".join(f"{c.id}  {c.name} ({c.country})" for c in cities) or tr("no cities"))
    return 0


# ------------------------------------------------------------------ assessments
def _assessment_row(ws, a) -> dict[str, Any]:
    s = ws.score(a.id)
    return {"id": a.id, "city_id": a.city_id, "city": a.city, "scorecard": a.scorecard_id,
            "scorecard_version": a.scorecard_version, "title": a.title, "status": a.status,
            "started_on": a.started_on, "completion": round(s.completion, 4),
            "points": s.points, "max": s.max, "percent": s.percent}


def cmd_assessment_new(args: argparse.Namespace) -> int:
    essentials = None
    if args.essentials:
        try:
            essentials = [int(x) for x in args.essentials.split(",") if x.strip()]
        except ValueError:
            raise InvalidInputError(tr("--essentials takes numbers separated by commas, e.g. 1,2,8")) from None
        if not all(x.strip().isascii() for x in args.essentials.split(",")):
            raise InvalidInputError(tr("--essentials takes numbers separated by commas, e.g. 1,2,8"))
    def check(ws: Any) -> None:
        ws.get_city(args.city)
        card = ws.registry.get(args.scorecard)
        known = {e.number for e in card.essentials}
        if essentials is not None and (not essentials or any(n not in known for n in essentials)):
            raise InvalidInputError(tr("essentials {essentials} are not in scorecard {scorecard_id!r}",
                                       essentials=", ".join(str(n) for n in essentials if n not in known) or "-",
                                       scorecard_id=card.id))
    precheck_workspace(args, check)
    with open_workspace(args, write=True) as ws:
        aid = ws.new_assessment(args.city, args.scorecard, title=args.title, essentials=essentials)
    output(args, {"id": aid}, aid)
    return 0


def cmd_assessment_list(args: argparse.Namespace) -> int:
    with open_workspace(args, write=False) as ws:
        rows = [_assessment_row(ws, a) for a in ws.list_assessments()]
    lang = current()
    output(args, rows, lambda: "\n".join(
        f"{r['id']}  {r['city']:<16} {r['scorecard']:<12} "
        f"{tr('answered {share}', share=lang.share(r['completion'], 1).rjust(7))}  {r['title']}"
        for r in rows) or tr("no assessments"))
    return 0


def cmd_assessment_show(args: argparse.Namespace) -> int:
    from ..scorecard import tr_text
    with open_workspace(args, write=False) as ws:
        a = ws.get_assessment(args.id)
        card = ws.scorecard_of(a.id)
        answers = ws.answers(a.id)
        score = ws.score(a.id)
    scope = set(a.essentials_scope) if a.essentials_scope is not None else None
    qs = [q for q in card.active_questions if scope is None or q.essential in scope]
    data = {
        "id": a.id, "city_id": a.city_id, "city": a.city, "title": a.title, "status": a.status,
        "scorecard": a.scorecard_id, "scorecard_version": a.scorecard_version,
        "answers": [_answer_json(q.id, answers.get(q.id), args.include_private) for q in qs],
        "essentials": [e.to_json() for e in score.essentials],
        "overall": score.overall_json(),
    }

    lang = current()

    def text() -> str:
        from ..workspace.labels import assessment_status_label
        lines = [f"{a.title}  [{a.city}, {tr_text(card.title, lang)} ({a.scorecard_id} v{a.scorecard_version}), "
                 f"{assessment_status_label(a.status)}]",
                 f"{tr('Overall score')}: {score.points} / {score.max}"
                 + (f" ({lang.percent(score.percent)})" if score.percent is not None else "")
                 + ", " + tr("{a} of {n} answered", a=score.answered, n=score.questions)]
        for e in score.essentials:
            pct = lang.percent(e.percent).rjust(7) if e.percent is not None else tr("N/A").rjust(7)
            lines.append(f"  {tr('Essential {n}', n=e.essential)}: {e.points:>3} / {e.max:<3} {pct}  "
                         f"({tr('{a} of {n} answered', a=e.answered, n=e.questions)})  "
                         f"{tr_text(card.essential(e.essential).title, args.lang)}")
        lines.append("")
        for row in data["answers"]:
            val = tr("N/A") if row["na"] else ("-" if row["score"] is None else str(row["score"]))
            comment = row["comment"] if row["comment"] is not None else "[" + tr("private") + "]"
            lines.append(f"  {row['question']:<8} {val:>3}  {comment}")
        return "\n".join(lines)
    output(args, data, text)
    return 0


def _answer_json(question_id: str, ans: Any, include_private: bool) -> dict[str, Any]:
    """One answer of ``assessment show --json`` (a contract: keep the keys)."""
    if ans is None:
        ans = Answer(question_id, None, False)
    hidden = ans.comment_private and not include_private
    return {"question": question_id, "score": ans.score, "na": ans.na, "answered": ans.answered,
            "comment": None if hidden else ans.comment, "comment_private": ans.comment_private,
            "verification": ans.verification, "responsible": ans.responsible, "data_sources": ans.data_sources,
            "updated_by": ans.updated_by or None, "updated_at": ans.updated_at or None}


def cmd_assessment_history(args: argparse.Namespace) -> int:
    with open_workspace(args, write=False) as ws:
        changes = ws.history(args.id)
        hidden = set() if args.include_private else _private_texts(ws, args.id)
    rows = []
    for c in changes:
        row = c.to_json()
        # a text marked private stays private in its history too (the values of every version are hidden)
        row["private"] = (c.entity, c.entity_id if c.entity == "stakeholder" else None, c.question_id,
                          c.field) in hidden
        if row["private"]:
            row["old_value"] = row["new_value"] = None
        rows.append(row)
    shown = "[" + tr("private") + "]"

    def text() -> str:  # the window's History words and values; JSON keeps the stored names, values and UTC
        from ..excel.content import profile_labels
        from ..workspace.labels import action_names, change_value, change_what
        labels, names = profile_labels(), action_names(changes)
        lines = []
        who = max([12, *(len(c.who) for c in changes)])  # a long name does not push the rest out of line
        for c, r in zip(changes, rows):
            old, new = (shown, shown) if r["private"] else (change_value(c, c.old_value), change_value(c, c.new_value))
            where = c.question_id or tr("assessment")
            lines.append(f"{local_time_text(c.at, seconds=True)}  {c.who:<{who}} {where:<10} {change_what(c, labels, names)}:"
                         f" {old} -> {new}")
        return "\n".join(lines) or tr("no changes")
    output(args, rows, text)
    return 0


def _private_texts(ws: Any, assessment_id: str) -> set[tuple[str, str | None, str | None, str]]:
    """``(entity, stakeholder, question, field)`` of the texts now marked private in the assessment."""
    out: set[tuple[str, str | None, str | None, str]] = set()
    for qid, ans in ws.answers(assessment_id).items():
        if ans.comment_private:
            out.add(("answer", None, qid, "comment"))
    for row in ws.proposals.rows(assessment_id):
        if row.get("note_private"):
            out.add(("stakeholder", row["stakeholder"], row["question_id"], "note"))
    return out


#: Cyrillic capitals that look like the Latin ones of question ids (typed on a Russian keyboard: "Р1.3").
_LOOK_ALIKE = str.maketrans("АВСЕНКМОРТХасеорх", "ABCEHKMOPTXaceopx")


def _question_id(ws, assessment_id: str, text: str) -> str:
    """The scorecard's id for a question id as a person typed it: "Р1.3" with a Cyrillic Р, or "p1.3",
    is P1.3 when exactly one question matches; anything else is left for the core to refuse."""
    card = ws.scorecard_of(assessment_id)
    if card.has_question(text):
        return text
    key = text.strip().translate(_LOOK_ALIKE).casefold()
    found = [q.id for q in card.questions if q.id.casefold() == key]
    return found[0] if len(found) == 1 else text


def cmd_answer_set(args: argparse.Namespace) -> int:
    kwargs: dict[str, Any] = {}
    if args.na:
        kwargs["na"] = True
    else:
        kwargs["score"] = args.score
    if args.comment is not None:
        kwargs["comment"] = args.comment
    def check(ws) -> None:
        args.question = _question_id(ws, args.assessment, args.question)
        ws.check_answer(args.assessment, args.question, **kwargs)
    precheck_workspace(args, check)
    with open_workspace(args, write=True) as ws:
        ans = ws.set_answer(args.assessment, args.question, **kwargs)
        status = ws.get_assessment(args.assessment).status
    data = {"question": ans.question_id, "score": ans.score, "na": ans.na, "comment": ans.comment}
    line = f"{ans.question_id}: {tr('N/A') if ans.na else ans.score}"
    if status != "in_progress":  # a baseline marked final (from its workbook) is not changed unnoticed
        from ..workspace.labels import assessment_status_label
        line += "\n" + tr("note: the assessment is marked {status}; the answer was changed all the same (its history "
                          "keeps the old one)", status=assessment_status_label(status))
    if args.comment is not None and ans.comment_private:  # marked so in the window: say where it will not go
        line += "\n" + tr("the comment of {question_id} is marked private: bundles, reports and 'assessment show' "
                          "leave it out unless --include-private", question_id=ans.question_id)
    output(args, data, line)
    return 0



def register(sub: argparse._SubParsersAction, groups: dict[str, argparse._SubParsersAction]) -> None:
    """Add the ``demo``, ``city``, ``assessment`` and ``answer`` command groups."""
    x = sub.add_parser("demo", help=tr("write a fresh demo workspace to PATH"))
    x.add_argument("path")
    x.add_argument("--force", action="store_true", help=tr("replace a demo workspace even if changes were made in it"))
    x.add_argument("--json", action="store_true"); x.set_defaults(func=cmd_demo)

    city = sub.add_parser("city", help=tr("add and list cities"))
    cs = city.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=Parser)
    groups["city"] = cs
    x = cs.add_parser("add", help=tr("add a city"))
    x.add_argument("name", type=text_arg("the city name", required=True))
    x.add_argument("--country", required=True, metavar="ISO2", type=text_arg("--country", limit=80))
    x.add_argument("--region", type=text_arg("--region"))
    x.add_argument("--population", type=int_arg("--population", low=0, high=MAX_POPULATION), metavar="N")
    x.add_argument("--area-km2", type=float_arg("--area-km2", low=0, high=MAX_AREA_KM2), metavar="X", dest="area_km2")
    x.add_argument("--lon", type=float_arg("--lon", low=-180, high=180), metavar="X")
    x.add_argument("--lat", type=float_arg("--lat", low=-90, high=90), metavar="Y")
    add_workspace_options(x); x.set_defaults(func=cmd_city_add)
    x = cs.add_parser("list", help=tr("list cities")); add_workspace_options(x); x.set_defaults(func=cmd_city_list)

    asm = sub.add_parser("assessment", help=tr("create, list and inspect assessments"))
    asub = asm.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=Parser)
    groups["assessment"] = asub
    x = asub.add_parser("new", help=tr("start an assessment"))
    x.add_argument("--city", required=True, metavar="CITY_ID", type=text_arg("--city"))
    x.add_argument("--scorecard", required=True, metavar="ID", type=text_arg("--scorecard"))
    x.add_argument("--title", metavar="T", type=text_arg("--title"))
    x.add_argument("--essentials", metavar="N,N", help=tr("only these Essentials (partial assessment)"),
                   type=text_arg("--essentials"))
    add_workspace_options(x); x.set_defaults(func=cmd_assessment_new)
    x = asub.add_parser("list", help=tr("list assessments"))
    add_workspace_options(x); x.set_defaults(func=cmd_assessment_list)
    x = asub.add_parser("show", help=tr("answers and per-Essential scores")); x.add_argument("id")
    x.add_argument("--include-private", action="store_true", help=tr("also show comments marked private"))
    add_workspace_options(x); x.set_defaults(func=cmd_assessment_show)
    x = asub.add_parser("history", help=tr("the change log")); x.add_argument("id")
    x.add_argument("--include-private", action="store_true", help=tr("also show the texts of comments marked private"))
    add_workspace_options(x); x.set_defaults(func=cmd_assessment_history)

    ans = sub.add_parser("answer", help=tr("score a question"))
    ansub = ans.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=Parser)
    x = ansub.add_parser("set", help=tr("set the score (or N/A) and comment of a question"))
    x.add_argument("--assessment", required=True, metavar="ID", type=text_arg("--assessment"))
    x.add_argument("--question", required=True, metavar="QID", type=text_arg("--question"))
    g = x.add_mutually_exclusive_group(required=True)
    g.add_argument("--score", type=_score_arg(), metavar="N"); g.add_argument("--na", action="store_true")
    x.add_argument("--comment", metavar="TEXT", type=text_arg("--comment", limit=MAX_TEXT)); add_workspace_options(x); x.set_defaults(func=cmd_answer_set)


def _score_arg():
    """``--score``'s type: a whole number; «Н/П» or "N/A" there is met with the option that says it (a trial)."""
    whole = int_arg("--score")

    def convert(text: str) -> int:
        from ..excel.own_format import is_na_text
        if is_na_text(text):
            raise argparse.ArgumentTypeError(tr("{value} is not a score: for a question that does not apply, give --na "
                                                "instead of --score", value=text.strip()))
        return whole(text)
    convert.__name__ = "int"
    return convert
