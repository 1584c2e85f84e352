"""The ``import-excel`` and ``export-excel`` subcommands (registered by ``cli.main.COMMAND_MODULES``).

``import-excel FILE.xlsm --workspace PATH [--city CITY_ID | --new] [--json]`` brings a completed official
Preliminary workbook in as a new assessment; a workbook this app exported updates the assessment it came
from (``--new``: a new one instead); ``--json`` prints
exactly ``{"assessment_id", "city_id", "answered", "unanswered", "warnings"}``.
``export-excel ASSESSMENT -o FILE.xlsx`` writes an assessment as a clean workbook.
Argument parsing and output only: the work is in :mod:`resilience_desktop.excel`.
"""

from __future__ import annotations

__all__ = ["register"]

import argparse
from pathlib import Path

from ._common import add_workspace_options, check_output, open_workspace, output, precheck_workspace
from ..errors import InvalidInputError
from ..i18n.catalog import tr


def _target(args: argparse.Namespace) -> Path | None:
    """The workspace file the command will use, or ``None`` for the demo (which always exists)."""
    if getattr(args, "demo", False):
        return None
    from ..workspace.facade import default_workspace_path
    return Path(args.workspace) if args.workspace else default_workspace_path()


def cmd_import_excel(args: argparse.Namespace) -> int:
    from ..excel import read_workbook
    from ..excel.content import id_list
    from ..excel.importer import check_new_city, import_content

    path = Path(args.file)
    content = read_workbook(path)  # before the workspace is touched: a bad file creates nothing
    target = _target(args)
    if target is not None and not target.exists():
        if args.city:
            raise InvalidInputError(tr("no workspace at {path}, so no city {city!r} to import into",
                                       path=target, city=args.city))
        check_new_city(content, path.name)
    # every score and the city checked on the workspace opened read-only: a refused workbook
    # leaves the workspace byte-for-byte unchanged (no lock, no backup, no header change)
    precheck_workspace(args, lambda ws: import_content(ws, content, name=path.name, city_id=args.city,
                                                       check_only=True, new=args.new))
    with open_workspace(args, write=True, create=True) as ws:
        report = import_content(ws, content, name=path.name, city_id=args.city, new=args.new)

    def text() -> str:
        if report.updated:
            head = tr("{file}: assessment {assessment_id} of {city} updated (the workbook was exported from it); "
                      "questions changed: {n}", file=path.name, assessment_id=report.assessment_id,
                      city=report.city_name, n=len(report.changed)) \
                + (f" ({id_list(report.changed)})" if report.changed else "")  # which, as the app's dialog says
        elif report.city_created:
            head = tr("{file}: imported into {city} (new city {city_id}) as assessment {assessment_id}",
                      file=path.name, city=report.city_name, city_id=report.city_id,
                      assessment_id=report.assessment_id)
        else:
            head = tr("{file}: imported into {city} ({city_id}) as assessment {assessment_id}",
                      file=path.name, city=report.city_name, city_id=report.city_id,
                      assessment_id=report.assessment_id)
        if report.updated:  # what the update added, not what the assessment holds (a trial read "0 action items")
            lines = [head, tr("{answered} answered, {unanswered} unanswered; action items added: {actions}",
                              answered=report.answered, unanswered=report.unanswered, actions=report.actions)]
        else:
            lines = [head, tr("{answered} answered, {unanswered} unanswered, {actions} action items, "
                              "{fields} profile fields", answered=report.answered, unanswered=report.unanswered,
                              actions=report.actions, fields=len(report.profile_fields))]
        lines += [tr("warning: {text}", text=w) for w in report.warnings]
        lines += [tr("not imported: {text}", text=n) for n in report.not_imported]
        return "\n".join(lines)
    output(args, report.to_json(), text)
    return 0


def cmd_export_excel(args: argparse.Namespace) -> int:
    from ..excel import export_workbook
    check_output(args, args.output)
    with open_workspace(args, write=False) as ws:  # labels and scorecard texts in the language asked for
        path = export_workbook(ws, args.assessment, Path(args.output), lang=args.lang,
                               include_private=args.include_private)
        score = ws.score(args.assessment)
    output(args, {"path": str(path), "assessment_id": args.assessment, "points": score.points, "max": score.max},
           f"{path}: {tr('Overall score')} {score.points} / {score.max}")  # not a bare 60 / 135
    return 0


def register(subparsers: argparse._SubParsersAction, groups: dict[str, argparse._SubParsersAction]) -> None:
    """Add ``import-excel`` and ``export-excel`` to the ``resilience-desktop`` command."""
    x = subparsers.add_parser("import-excel", help=tr("import a completed official Preliminary Excel workbook"))
    x.add_argument("file", metavar="FILE.xlsm", help=tr("the workbook (.xlsm or .xlsx); its macros are never run"))
    x.add_argument("--city", metavar="CITY_ID", help=tr("add the assessment to this existing city (default: the "
                                                     "workspace's city of the Info sheet's name and country, "
                                                     "created when there is none)"))
    x.add_argument("--new", action="store_true",
                   help=tr("a new assessment even when the workbook was exported from an assessment of this workspace "
                        "(default: update that assessment with what changed in the workbook)"))
    add_workspace_options(x)
    x.set_defaults(func=cmd_import_excel)

    x = subparsers.add_parser("export-excel", help=tr("write an assessment as an Excel workbook (.xlsx)"))
    x.add_argument("assessment", metavar="ASSESSMENT", help=tr("the assessment id"))
    x.add_argument("-o", "--output", required=True, metavar="FILE.xlsx")
    x.add_argument("--include-private", action="store_true", help=tr("also write comments marked private"))
    add_workspace_options(x)
    x.set_defaults(func=cmd_export_excel)
