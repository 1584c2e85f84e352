"""Command-line bundles: ``bundle export|verify``. Registered by :data:`resilience_desktop.cli.main.COMMAND_MODULES`.

JSON keys (a contract with scripts and national platforms):

- ``bundle export --json``: ``path, assessment_id, revision, sha256, previous_sha256, payload_files, size``
- ``bundle verify --json``: ``path, ok, problems: [{member, message}]`` (exit 2 when not ok)
"""

from __future__ import annotations

__all__ = ["register"]

import argparse
from pathlib import Path

from . import _common as cli
from ..i18n.catalog import tr


def cmd_bundle_export(args: argparse.Namespace) -> int:
    from ..bundle import export_bundle
    cli.check_output(args, args.output, args.report)
    with cli.open_workspace(args, write=True) as ws:
        result = export_bundle(ws, args.assessment, Path(args.output), include_private=args.include_private,
                               report_pdf=Path(args.report) if args.report else None)
    cli.output(args, result.to_json(),
               tr("{path}: revision {revision}, sha256 {sha256}", path=result.path, revision=result.revision,
                  sha256=result.sha256))
    return 0


def cmd_bundle_verify(args: argparse.Namespace) -> int:
    from ..bundle.verify import describe_bundle
    problems, facts = describe_bundle(Path(args.file), limits=cli.bundle_limits(args))

    def text() -> str:
        if problems:
            return "\n".join(f"{args.file}: {p}" for p in problems)
        said = tr("{path}: valid bundle: {city} ({country}), assessment {assessment_id}, revision {revision}",
                  path=args.file, **{k: facts[k] for k in ("city", "country", "assessment_id", "revision")})
        # a valid bundle is not a trusted one: whether anyone vouches for it is said on the same line
        return said + "; " + (tr("signed with key {key_id}", key_id=str(facts["key_id"])[:16] + "…") if facts["signed"] else
                              tr("not signed: nothing shows who made it"))
    cli.output(args, {"path": args.file, "ok": not problems, "problems": [p.to_json() for p in problems], **facts},
               text)
    return 2 if problems else 0


def register(subparsers: argparse._SubParsersAction, groups: dict[str, argparse._SubParsersAction]) -> None:
    """Add ``bundle`` to the ``resilience-desktop`` command."""
    b = subparsers.add_parser("bundle", help=tr("export and verify bundles for the national platform"))
    bs = b.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=cli.Parser)
    x = bs.add_parser("export", help=tr("export an assessment as the next revision of its bundle"))
    x.add_argument("assessment", metavar="ASSESSMENT", help=tr("assessment id"))
    x.add_argument("-o", "--output", required=True, metavar="FILE.zip")
    x.add_argument("--include-private", action="store_true", help=tr("also export comments marked private"))
    x.add_argument("--report", metavar="REPORT.pdf", help=tr("include this rendered report"))
    cli.add_workspace_options(x)
    x.set_defaults(func=cmd_bundle_export)
    x = bs.add_parser("verify", help=tr("check a bundle and list every problem (exit 2 if any)"))
    x.add_argument("file", metavar="FILE")
    x.add_argument("--json", action="store_true", help=tr("print JSON"))
    cli.add_limit_options(x)
    x.set_defaults(func=cmd_bundle_verify)
