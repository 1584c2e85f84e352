"""``scorecard list|show|validate|import-sheet``: the scorecard definitions."""

from __future__ import annotations

__all__ = ["register"]

import argparse
import sys
from pathlib import Path

from ..errors import InvalidInputError
from ..i18n.catalog import tr, trn
from ._common import check_output, int_nonneg, lang_arg, output, Parser, PROG, warn


# ------------------------------------------------------------------ scorecard
def cmd_scorecard_list(args: argparse.Namespace) -> int:
    from ..scorecard import default_registry, tr_text
    reg = default_registry()
    cards = reg.latest()
    data = [{"id": c.id, "version": c.version, "title": dict(c.title), "level": c.level,
             "score_range": [c.min_score, c.max_score], "questions": len(c.active_questions),
             "provisional": c.provisional, "source": c.source} for c in cards]
    output(args, data, lambda: "\n".join(
        f"{c.id:<16} v{c.version}  {c.min_score}-{c.max_score}  "
        f"{trn('{n} question', '{n} questions', len(c.active_questions))}  "
        f"{tr_text(c.title, args.lang)}{'  (' + tr('provisional') + ')' if c.provisional else ''}" for c in cards)
        or tr("no scorecards"))
    for p in reg.problems:
        warn(str(p))
    return 0


def cmd_scorecard_show(args: argparse.Namespace) -> int:
    from ..scorecard import default_registry, tr_text
    card = default_registry().get(args.id, args.version)

    def text() -> str:
        lines = [tr("{title}  ({id} v{version}, scores {low}-{high})", title=tr_text(card.title, args.lang), id=card.id,
                    version=card.version, low=card.min_score, high=card.max_score)]
        for e in card.essentials:
            lines.append("\n" + tr("Essential {n}: {title}", n=e.number, title=tr_text(e.title, args.lang)))
            for q in card.questions_of(e.number):
                lines.append(f"  {q.id}  {tr_text(q.topic, args.lang)}")
                lines.append(f"        {tr_text(q.text, args.lang)}")
                for s in sorted(q.levels, reverse=True):
                    lines.append(f"        [{s}] {tr_text(q.levels[s], args.lang)}")
        return "\n".join(lines)
    output(args, card.to_json(), text)
    return 0


def cmd_scorecard_validate(args: argparse.Namespace) -> int:
    from ..scorecard import validate_file
    from ..scorecard.registry import _definition_files, builtin_dir
    if args.path:
        target = Path(args.path)
        files = _definition_files(target) if target.is_dir() else [target]
    else:
        files = _definition_files(builtin_dir())
    if not files:
        raise InvalidInputError(tr("no scorecard files found at {path}", path=args.path or builtin_dir()))
    problems = [p for f in files for p in validate_file(f, args.lang)]
    data = {"files": [str(f) for f in files], "valid": not problems,
            "problems": [{"file": p.file, "field": p.field, "message": p.message} for p in problems]}
    if args.json:
        output(args, data, "")
    elif problems:
        for p in problems:
            print(str(p), file=sys.stderr)
        print(f"{PROG}: {len(problems)} problem(s) in {len(files)} file(s)", file=sys.stderr)
    else:
        # Here --lang names the translation checked; the report stays in English, like the problems.
        lang_given = args.lang and args.lang != "en"
        print(f"{len(files)} file(s) valid" + (f" with complete '{args.lang}' translation" if lang_given else ""))
    return 2 if problems else 0


def cmd_scorecard_import_sheet(args: argparse.Namespace) -> int:
    from ..scorecard.sheet import definition_from_sheet, write_definition
    check_output(args, args.output, args.file)
    doc = definition_from_sheet(Path(args.file), scorecard_id=args.scorecard_id, title=args.title,
                                version=args.version)
    path = write_definition(doc, Path(args.output), force=args.force)
    n = sum(1 for q in doc["questions"] if not q.get("retired"))
    output(args, {"path": str(path), "id": doc["id"], "version": doc["version"], "questions": n},
         f"{path}: {doc['id']} v{doc['version']}, " + trn("{n} question", "{n} questions", n))
    return 0



def register(sub: argparse._SubParsersAction, groups: dict[str, argparse._SubParsersAction]) -> None:
    """Add the ``scorecard`` command group."""
    sc = sub.add_parser("scorecard", help=tr("list, show and validate scorecard definitions"))
    scs = sc.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=Parser)
    x = scs.add_parser("list", help=tr("the scorecards this installation offers"))
    x.add_argument("--json", action="store_true"); x.set_defaults(func=cmd_scorecard_list)
    x = scs.add_parser("show", help=tr("one scorecard with its questions and levels"))
    x.add_argument("id"); x.add_argument("--version", type=int_nonneg, dest="version")
    x.add_argument("--json", action="store_true"); x.set_defaults(func=cmd_scorecard_show)
    x = scs.add_parser("validate", help=tr("check definition files (all shipped ones by default)"))
    x.add_argument("path", nargs="?", help=tr("a definition file or a folder of them"))
    x.add_argument("--json", action="store_true"); x.set_defaults(func=cmd_scorecard_validate)
    x = scs.add_parser("import-sheet", help=tr("turn an indicator spreadsheet (.xlsx) into a definition file"))
    x.add_argument("file", metavar="FILE.xlsx"); x.add_argument("-o", "--output", required=True, metavar="OUT.yaml")
    x.add_argument("--id", dest="scorecard_id", metavar="ID"); x.add_argument("--title", metavar="T")
    x.add_argument("--version", type=int_nonneg, dest="version", metavar="N")
    x.add_argument("--force", action="store_true", help=tr("replace OUT.yaml if it exists"))
    x.add_argument("--json", action="store_true"); x.set_defaults(func=cmd_scorecard_import_sheet)
    for sp in (scs.choices["list"], scs.choices["show"], scs.choices["validate"]):
        sp.add_argument("--lang", default=argparse.SUPPRESS, metavar="CODE", type=lang_arg,
                        help=tr("language to show; with validate: also report missing translations"))

