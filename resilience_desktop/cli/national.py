"""The national platform's commands: ``national import|summary|export``.
Registered by :data:`resilience_desktop.cli.main.COMMAND_MODULES`.

JSON keys (a contract with scripts and national platforms):

- ``national import --json``: ``results: [{file, sha256, outcome, assessment_id, revision, reason, warnings}]``
  with ``outcome`` one of ``imported, already_imported, conflict, rejected`` (exit 2 if any of the last two)
- ``national summary --json``: ``cities: [{city_id, city, country, region, lon, lat, assessment_id, revision,
  scorecard, title, status, points, max, essentials: {N: {points, max, answered, questions}}}]``
- ``national export``: ``path, cities``
"""

from __future__ import annotations

__all__ = ["register"]

import argparse
import sys
from pathlib import Path

from . import _common as cli
from ..i18n.catalog import tr, trn


def cmd_national_import(args: argparse.Namespace) -> int:
    from ..national import import_bundle, open_store
    results = []
    with open_store(args.db) as store:
        for f in args.files:
            results.append(import_bundle(store, Path(f), limits=cli.bundle_limits(args)))

    def text() -> str:
        lines = []
        for r in results:
            line = f"{r.file}: {r.outcome}" + (f" (revision {r.revision})" if r.revision is not None else "")
            if r.reason and r.outcome != "already_imported":
                line += f": {r.reason}"
            lines += [line] + [f"  {tr('warning')}: {w}" for w in r.warnings]
        return "\n".join(lines)
    cli.output(args, {"results": [r.to_json() for r in results]}, text)
    return 2 if any(r.outcome in ("conflict", "rejected") for r in results) else 0


def cmd_national_summary(args: argparse.Namespace) -> int:
    from ..national import city_summary, open_store, summary_csv
    with open_store(args.db) as store:
        rows = city_summary(store)
    if args.csv:
        sys.stdout.write(summary_csv(rows))
        return 0
    cli.output(args, {"cities": rows}, lambda: "\n".join(
        f"{r['city']} ({r['country']}): {r['points']}/{r['max']}, {r['scorecard']}, "
        + tr("revision {revision}", revision=r["revision"]) for r in rows) or tr("no cities imported yet"))
    return 0


def cmd_national_export(args: argparse.Namespace) -> int:
    from ..national import open_store, write_cities_gpkg
    with open_store(args.db) as store:
        n = write_cities_gpkg(store, Path(args.output))
    cli.output(args, {"path": args.output, "cities": n}, trn("{path}: {n} city", "{path}: {n} cities", n, path=args.output))
    return 0


def register(subparsers: argparse._SubParsersAction, groups: dict[str, argparse._SubParsersAction]) -> None:
    """Add ``national`` to the ``resilience-desktop`` command."""
    n = subparsers.add_parser("national", help="the national store: import bundles, summarise, export")
    ns = n.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=cli.Parser)
    x = ns.add_parser("import", help="verify and import bundles (each all or nothing)")
    x.add_argument("files", nargs="+", metavar="FILE")
    x.add_argument("--db", required=True, metavar="URL", help="sqlite:///PATH, a path, or postgresql://…")
    x.add_argument("--json", action="store_true", help="print JSON")
    cli.add_limit_options(x)
    x.set_defaults(func=cmd_national_import)
    x = ns.add_parser("summary", help="each city's latest assessment with per-Essential scores")
    x.add_argument("--db", required=True, metavar="URL")
    g = x.add_mutually_exclusive_group()
    g.add_argument("--json", action="store_true", help="print JSON")
    g.add_argument("--csv", action="store_true", help="print CSV")
    x.set_defaults(func=cmd_national_summary)
    x = ns.add_parser("export", help="each city as a point with its scores, as a GeoPackage")
    x.add_argument("--db", required=True, metavar="URL")
    x.add_argument("-o", "--output", required=True, metavar="cities.gpkg")
    x.add_argument("--json", action="store_true", help="print JSON")
    x.set_defaults(func=cmd_national_export)
