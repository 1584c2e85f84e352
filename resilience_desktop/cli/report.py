"""Command-line reports: ``report`` (PDF) and ``assessment export-csv`` (answers as CSV).

Registered by :data:`resilience_desktop.cli.main.COMMAND_MODULES`. Qt is imported only inside the
``report`` command, after choosing the offscreen platform when there is no display, so the
command runs on a server and importing this module never loads Qt. The report's map page is
the workspace's visible layers drawn by the map renderer (``ui/report/report_map.py``).
"""

from __future__ import annotations

__all__ = ["register", "cmd_report", "cmd_export_csv"]

import argparse

from . import _common as cli
from ..i18n.catalog import tr, trn


def cmd_report(args: argparse.Namespace) -> int:
    cli.offscreen_without_display()
    out = cli.check_output(args, args.output)
    if not str(args.output).lower().endswith(".pdf"):  # a PDF under another name (r.txt) misleads whoever opens it
        raise cli.UsageError(tr("-o needs a .pdf file name"))
    with cli.open_workspace(args, write=False) as ws:
        ws.get_assessment(args.assessment)  # an unknown id is a user error before any drawing
        from ..ui.exchange.report.pdf_report import ensure_gui_app, write_report_pdf  # Qt from here on
        ensure_gui_app()
        report, pages = write_report_pdf(ws, args.assessment, out, lang=args.lang,
                                         include_private=args.include_private)
    cli.output(args, {"path": str(out), "pages": pages, "lang": report.lang,
                      "points": report.summary.points, "max": report.summary.max},
               trn("{path}: {n} page", "{path}: {n} pages", pages, path=out))
    return 0


def cmd_export_csv(args: argparse.Namespace) -> int:
    from ..report.answers_csv import write_answers_csv
    out = cli.check_output(args, args.output)
    with cli.open_workspace(args, write=False) as ws:
        write_answers_csv(ws, args.assessment, out, lang=args.lang, include_private=args.include_private)
    cli.output(args, {"path": str(out)}, str(out))
    return 0


def register(subparsers: argparse._SubParsersAction, groups: dict[str, argparse._SubParsersAction]) -> None:
    """Add ``report`` and ``assessment export-csv`` to the ``resilience-desktop`` command."""
    x = subparsers.add_parser("report", help=tr("write an assessment's report as a PDF (works without a display)"))
    x.add_argument("assessment", metavar="ASSESSMENT", help=tr("assessment id"))
    x.add_argument("-o", "--output", required=True, metavar="REPORT.pdf")
    x.add_argument("--include-private", action="store_true", help=tr("also print comments marked private"))
    cli.add_workspace_options(x)
    x.set_defaults(func=cmd_report)

    actions = groups["assessment"]
    x = actions.add_parser("export-csv",
                           help=tr("write one row per question as CSV (UTF-8 with BOM, for spreadsheets)"))
    x.add_argument("assessment", metavar="ASSESSMENT", help=tr("assessment id"))
    x.add_argument("-o", "--output", required=True, metavar="FILE.csv")
    x.add_argument("--include-private", action="store_true", help=tr("also write comments marked private"))
    cli.add_csv_option(x)
    cli.add_workspace_options(x)
    x.set_defaults(func=cmd_export_csv)
