"""The ``resilience-desktop`` command: starts the GUI, and exposes every headless capability.

Argument parsing and output formatting only; the work is done by the core. The forms and
``--json`` keys here are a contract with scripts and national platforms: keep them stable.
Exit codes: 0 success, 2 bad input (one line on stderr, never a traceback for a user error).
"""

from __future__ import annotations

__all__ = ["main", "build_parser"]

import argparse
import importlib
import json
import sys
from pathlib import Path
from typing import Any, Callable, Sequence

from . import __version__
from .errors import InvalidInputError, ResilienceError, ScorecardValidationError

PROG = "resilience-desktop"
VIEWS = ("start", "assessment", "dashboard", "actions", "presentation", "map", "scenarios")  # views of later issues join as they land

#: Modules that add subcommands: each has ``register(subparsers)`` and uses the helpers below
#: (``add_workspace_options``, ``open_workspace``, ``output``) so every command behaves alike.
EXTENSIONS: list[str] = ["resilience_desktop.cli_report", "resilience_desktop.cli_excel", "resilience_desktop.cli_gis",
                         "resilience_desktop.cli_exposure", "resilience_desktop.cli_bundle"]
#: Subcommands whose actions extensions may add to (e.g. ``assessment export-csv``); set by build_parser().
SUBCOMMANDS: dict[str, argparse._SubParsersAction] = {}


class UsageError(ResilienceError):
    """Bad command-line usage."""


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line error and exit code 2 (argparse prints usage too; we don't)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def _out(args: argparse.Namespace, data: Any, text: str | Callable[[], str]) -> None:
    if getattr(args, "json", False):
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write((text() if callable(text) else text).rstrip("\n") + "\n")


# ------------------------------------------------------------------ workspace helpers
def _workspace_path(args: argparse.Namespace) -> Path:
    from .demo import demo_workspace_path, write_demo
    from .workspace import default_workspace_path
    if getattr(args, "demo", False):
        path = demo_workspace_path()
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            write_demo(path)
        return path
    return Path(args.workspace) if args.workspace else default_workspace_path()


def _open(args: argparse.Namespace, *, write: bool, create: bool = False):
    from .workspace import Workspace
    path = _workspace_path(args)
    if not path.exists() and not create:
        raise InvalidInputError(f"no workspace at {path} (create one with 'city add' or choose --workspace)")
    return Workspace.open(path, read_only=not write, create=create, backup_min_age_s=600)


# ------------------------------------------------------------------ scorecard
def cmd_scorecard_list(args: argparse.Namespace) -> int:
    from .scorecard import default_registry, tr_text
    reg = default_registry()
    cards = reg.latest()
    data = [{"id": c.id, "version": c.version, "title": dict(c.title), "level": c.level,
             "score_range": [c.min_score, c.max_score], "questions": len(c.active_questions),
             "provisional": c.provisional, "source": c.source} for c in cards]
    _out(args, data, lambda: "\n".join(
        f"{c.id:<16} v{c.version}  {c.min_score}-{c.max_score}  {len(c.active_questions):>3} items  "
        f"{tr_text(c.title, args.lang)}{'  (provisional)' if c.provisional else ''}" for c in cards) or "no scorecards")
    for p in reg.problems:
        print(f"{PROG}: warning: {p}", file=sys.stderr)
    return 0


def cmd_scorecard_show(args: argparse.Namespace) -> int:
    from .scorecard import default_registry, tr_text
    card = default_registry().get(args.id, args.version)

    def text() -> str:
        lines = [f"{tr_text(card.title, args.lang)}  ({card.id} v{card.version}, scores {card.min_score}-{card.max_score})"]
        for e in card.essentials:
            lines.append(f"\nEssential {e.number}: {tr_text(e.title, args.lang)}")
            for q in card.questions_of(e.number):
                lines.append(f"  {q.id}  {tr_text(q.topic, args.lang)}")
                lines.append(f"        {tr_text(q.text, args.lang)}")
                for s in sorted(q.levels, reverse=True):
                    lines.append(f"        [{s}] {tr_text(q.levels[s], args.lang)}")
        return "\n".join(lines)
    _out(args, card.to_json(), text)
    return 0


def cmd_scorecard_validate(args: argparse.Namespace) -> int:
    from .scorecard import validate_file
    from .scorecard.registry import _definition_files, builtin_dir
    if args.path:
        target = Path(args.path)
        files = _definition_files(target) if target.is_dir() else [target]
    else:
        files = _definition_files(builtin_dir())
    if not files:
        raise InvalidInputError(f"no scorecard files found at {args.path or builtin_dir()}")
    problems = [p for f in files for p in validate_file(f, args.lang)]
    data = {"files": [str(f) for f in files], "valid": not problems,
            "problems": [{"file": p.file, "field": p.field, "message": p.message} for p in problems]}
    if args.json:
        _out(args, data, "")
    elif problems:
        for p in problems:
            print(str(p), file=sys.stderr)
        print(f"{PROG}: {len(problems)} problem(s) in {len(files)} file(s)", file=sys.stderr)
    else:
        lang_given = args.lang and args.lang != "en"
        print(f"{len(files)} file(s) valid" + (f" with complete '{args.lang}' translation" if lang_given else ""))
    return 2 if problems else 0


def cmd_scorecard_import_sheet(args: argparse.Namespace) -> int:
    from .scorecard.sheet import definition_from_sheet, write_definition
    doc = definition_from_sheet(Path(args.file), scorecard_id=args.scorecard_id, title=args.title,
                                version=args.version)
    path = write_definition(doc, Path(args.output), force=args.force)
    n = sum(1 for q in doc["questions"] if not q.get("retired"))
    _out(args, {"path": str(path), "id": doc["id"], "version": doc["version"], "questions": n},
         f"{path}: {doc['id']} v{doc['version']}, {n} questions")
    return 0


# ------------------------------------------------------------------ demo, cities
def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import write_demo
    path = write_demo(Path(args.path))
    _out(args, {"path": str(path)}, str(path))
    return 0


def cmd_city_add(args: argparse.Namespace) -> int:
    with _open(args, write=True, create=True) as ws:
        cid = ws.add_city(args.name, args.country, region=args.region, population=args.population,
                          area_km2=args.area_km2, lon=args.lon, lat=args.lat)
    _out(args, {"id": cid}, cid)
    return 0


def cmd_city_list(args: argparse.Namespace) -> int:
    with _open(args, write=False) as ws:
        cities = ws.list_cities()
    _out(args, [c.to_json() for c in cities],
         lambda: "\n".join(f"{c.id}  {c.name} ({c.country})" for c in cities) or "no cities")
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
            raise InvalidInputError("--essentials takes numbers separated by commas, e.g. 1,2,8") from None
    with _open(args, write=True) as ws:
        aid = ws.new_assessment(args.city, args.scorecard, title=args.title, essentials=essentials)
    _out(args, {"id": aid}, aid)
    return 0


def cmd_assessment_list(args: argparse.Namespace) -> int:
    with _open(args, write=False) as ws:
        rows = [_assessment_row(ws, a) for a in ws.list_assessments()]
    _out(args, rows, lambda: "\n".join(
        f"{r['id']}  {r['city']:<16} {r['scorecard']:<12} {100 * r['completion']:5.1f}% done  {r['title']}"
        for r in rows) or "no assessments")
    return 0


def cmd_assessment_show(args: argparse.Namespace) -> int:
    from .scorecard import tr_text
    with _open(args, write=False) as ws:
        a = ws.get_assessment(args.id)
        card = ws.scorecard_of(a.id)
        answers = ws.answers(a.id)
        score = ws.score(a.id)
    scope = set(a.essentials_scope) if a.essentials_scope is not None else None
    qs = [q for q in card.active_questions if scope is None or q.essential in scope]
    data = {
        "id": a.id, "city_id": a.city_id, "city": a.city, "title": a.title, "status": a.status,
        "scorecard": a.scorecard_id, "scorecard_version": a.scorecard_version,
        "answers": [{"question": q.id, "score": answers[q.id].score if q.id in answers else None,
                     "na": answers[q.id].na if q.id in answers else False,
                     "answered": q.id in answers and answers[q.id].answered,
                     "comment": answers[q.id].comment if q.id in answers else ""} for q in qs],
        "essentials": [e.to_json() for e in score.essentials],
        "overall": score.overall_json(),
    }

    def text() -> str:
        lines = [f"{a.title}  [{a.city}, {a.scorecard_id} v{a.scorecard_version}]",
                 f"Overall: {score.points} / {score.max}"
                 + (f" ({score.percent}%)" if score.percent is not None else "")
                 + f", {score.answered} of {score.questions} answered"]
        for e in score.essentials:
            pct = f"{e.percent:5.1f}%" if e.percent is not None else "   n/a"
            lines.append(f"  Essential {e.essential:>2}: {e.points:>3} / {e.max:<3} {pct}  "
                         f"({e.answered}/{e.questions} answered)  {tr_text(card.essential(e.essential).title, args.lang)}")
        lines.append("")
        for row in data["answers"]:
            val = "N/A" if row["na"] else ("-" if row["score"] is None else str(row["score"]))
            lines.append(f"  {row['question']:<8} {val:>3}  {row['comment']}")
        return "\n".join(lines)
    _out(args, data, text)
    return 0


def cmd_assessment_history(args: argparse.Namespace) -> int:
    with _open(args, write=False) as ws:
        changes = ws.history(args.id)
    _out(args, [c.to_json() for c in changes], lambda: "\n".join(
        f"{c.at}  {c.who:<12} {c.question_id or c.entity:<10} {c.field}: {c.old_value!s} -> {c.new_value!s}"
        for c in changes) or "no changes")
    return 0


def cmd_answer_set(args: argparse.Namespace) -> int:
    kwargs: dict[str, Any] = {}
    if args.na:
        kwargs["na"] = True
    else:
        kwargs["score"] = args.score
    if args.comment is not None:
        kwargs["comment"] = args.comment
    with _open(args, write=True) as ws:
        ans = ws.set_answer(args.assessment, args.question, **kwargs)
    data = {"question": ans.question_id, "score": ans.score, "na": ans.na, "comment": ans.comment}
    _out(args, data, f"{ans.question_id}: {'N/A' if ans.na else ans.score}")
    return 0


# ------------------------------------------------------------------ parser
def _ws_opts(p: argparse.ArgumentParser) -> None:
    # SUPPRESS: a subcommand's default must not overwrite the same option given before the
    # subcommand ("resilience-desktop --workspace X city add ..." must use X, not the default).
    p.add_argument("--workspace", metavar="PATH", default=argparse.SUPPRESS,
                   help="workspace file (default: your own workspace)")
    p.add_argument("--demo", action="store_true", default=argparse.SUPPRESS, help="use the demo workspace")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--lang", default=argparse.SUPPRESS, metavar="CODE", help="language of texts shown (en, ru)")


def _int_nonneg(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog=PROG, description="Disaster Resilience Scorecard for Cities: assessments, maps, exposure, bundles.")
    p.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    p.add_argument("--workspace", metavar="PATH", help="open this workspace file")
    p.add_argument("--demo", action="store_true", help="open the generated demo workspace")
    p.add_argument("--read-only", action="store_true", help="open the workspace read-only")
    p.add_argument("--lang", default=None, metavar="CODE", help="language of the interface and content (en, ru)")
    p.add_argument("--view", metavar="NAME", help="open this view: " + ", ".join(VIEWS))
    p.add_argument("--screenshot", metavar="FILE.png", help="render the window to a PNG and exit")
    p.add_argument("--size", default="1600x1000", metavar="WxH", help="window size for --screenshot")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    sc = sub.add_parser("scorecard", help="list, show and validate scorecard definitions")
    scs = sc.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=_Parser)
    x = scs.add_parser("list", help="the scorecards this installation offers")
    x.add_argument("--json", action="store_true"); x.set_defaults(func=cmd_scorecard_list)
    x = scs.add_parser("show", help="one scorecard with its questions and levels")
    x.add_argument("id"); x.add_argument("--version", type=_int_nonneg, dest="version")
    x.add_argument("--json", action="store_true"); x.set_defaults(func=cmd_scorecard_show)
    x = scs.add_parser("validate", help="check definition files (all shipped ones by default)")
    x.add_argument("path", nargs="?", help="a definition file or a folder of them")
    x.add_argument("--json", action="store_true"); x.set_defaults(func=cmd_scorecard_validate)
    x = scs.add_parser("import-sheet", help="turn an indicator spreadsheet (.xlsx) into a definition file")
    x.add_argument("file", metavar="FILE.xlsx"); x.add_argument("-o", "--output", required=True, metavar="OUT.yaml")
    x.add_argument("--id", dest="scorecard_id", metavar="ID"); x.add_argument("--title", metavar="T")
    x.add_argument("--version", type=_int_nonneg, dest="version", metavar="N")
    x.add_argument("--force", action="store_true", help="replace OUT.yaml if it exists")
    x.add_argument("--json", action="store_true"); x.set_defaults(func=cmd_scorecard_import_sheet)
    for sp in (scs.choices["list"], scs.choices["show"], scs.choices["validate"]):
        sp.add_argument("--lang", default=argparse.SUPPRESS, metavar="CODE",
                        help="language to show; with validate: also report missing translations")

    x = sub.add_parser("demo", help="write a fresh demo workspace to PATH")
    x.add_argument("path"); x.add_argument("--json", action="store_true"); x.set_defaults(func=cmd_demo)

    city = sub.add_parser("city", help="add and list cities")
    cs = city.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=_Parser)
    x = cs.add_parser("add", help="add a city")
    x.add_argument("name"); x.add_argument("--country", required=True, metavar="ISO2")
    x.add_argument("--region"); x.add_argument("--population", type=_int_nonneg, metavar="N")
    x.add_argument("--area-km2", type=float, metavar="X", dest="area_km2")
    x.add_argument("--lon", type=float, metavar="X"); x.add_argument("--lat", type=float, metavar="Y")
    _ws_opts(x); x.set_defaults(func=cmd_city_add)
    x = cs.add_parser("list", help="list cities"); _ws_opts(x); x.set_defaults(func=cmd_city_list)

    asm = sub.add_parser("assessment", help="create, list and inspect assessments")
    asub = asm.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=_Parser)
    SUBCOMMANDS["assessment"] = asub
    x = asub.add_parser("new", help="start an assessment")
    x.add_argument("--city", required=True, metavar="CITY_ID"); x.add_argument("--scorecard", required=True, metavar="ID")
    x.add_argument("--title", metavar="T")
    x.add_argument("--essentials", metavar="N,N", help="only these Essentials (partial assessment)")
    _ws_opts(x); x.set_defaults(func=cmd_assessment_new)
    x = asub.add_parser("list", help="list assessments"); _ws_opts(x); x.set_defaults(func=cmd_assessment_list)
    x = asub.add_parser("show", help="answers and per-Essential scores"); x.add_argument("id")
    _ws_opts(x); x.set_defaults(func=cmd_assessment_show)
    x = asub.add_parser("history", help="the change log"); x.add_argument("id")
    _ws_opts(x); x.set_defaults(func=cmd_assessment_history)

    ans = sub.add_parser("answer", help="score a question")
    ansub = ans.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=_Parser)
    x = ansub.add_parser("set", help="set the score (or N/A) and comment of a question")
    x.add_argument("--assessment", required=True, metavar="ID"); x.add_argument("--question", required=True, metavar="QID")
    g = x.add_mutually_exclusive_group(required=True)
    g.add_argument("--score", type=_int_nonneg, metavar="N"); g.add_argument("--na", action="store_true")
    x.add_argument("--comment", metavar="TEXT"); _ws_opts(x); x.set_defaults(func=cmd_answer_set)
    for name in EXTENSIONS:
        importlib.import_module(name).register(sub)
    return p



def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        args, rest = parser.parse_known_args(argv)
        if rest:
            # Global options given after a subcommand, or unknown options: parse strictly for the message.
            args = parser.parse_args(argv)
        if not hasattr(args, "lang") or args.lang is None:
            args.lang = getattr(args, "lang", None) or "en"
        if args.command is None:
            return _gui(args)
        return int(args.func(args))
    except ScorecardValidationError as exc:
        for p in exc.problems:
            print(f"{PROG}: error: {p}", file=sys.stderr)
        return 2
    except ResilienceError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    except (OSError, json.JSONDecodeError) as exc:
        print(f"{PROG}: error: {getattr(exc, 'strerror', None) or exc}"
              + (f": {exc.filename}" if getattr(exc, "filename", None) else ""), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _gui(args: argparse.Namespace) -> int:
    if args.view and args.view not in VIEWS:
        raise UsageError(f"unknown view {args.view!r}; valid views: {', '.join(VIEWS)}")
    if args.workspace and args.demo:
        raise UsageError("give --workspace or --demo, not both")
    if args.screenshot and not args.screenshot.lower().endswith(".png"):
        raise UsageError("--screenshot needs a .png file name")
    try:
        w, h = (int(v) for v in args.size.lower().split("x"))
    except ValueError:
        raise UsageError(f"--size must look like 1600x1000, not {args.size!r}") from None
    from .ui.app import run_gui
    return run_gui(workspace=Path(args.workspace) if args.workspace else None,
                   demo=args.demo, read_only=args.read_only, lang=args.lang, view=args.view,
                   screenshot=args.screenshot, size=(w, h))


if __name__ == "__main__":
    # Run the importable module, not this __main__ copy: extensions read its SUBCOMMANDS.
    sys.exit(importlib.import_module("resilience_desktop.cli").main())


# Public helpers for extension modules (see EXTENSIONS).
add_workspace_options = _ws_opts
open_workspace = _open
output = _out
Parser = _Parser
