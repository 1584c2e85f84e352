"""Command-line sync: ``sync add-destination|list-destinations|remove-destination|set-token|now|status`` and
``city export-key``. Registered by :data:`resilience_desktop.cli.main.COMMAND_MODULES`.

JSON keys (a contract with scripts and national platforms):

- ``sync add-destination --json``: ``name, kind, url, has_token, ca_file, created_at, updated_at, queued``
- ``sync list-destinations --json``: a list of ``{name, kind, url, has_token, ca_file, created_at, updated_at}``
- ``sync remove-destination --json``: ``name, removed_items``
- ``sync set-token NAME --token T --json``: the destination, as in ``list-destinations`` (the token is saved
  in this computer's keyring or the user's token file, never in the workspace)
- ``sync now --json``: ``attempted, delivered, rejected, waiting, offline, counts: {state: n}, items: [...],
  needs_token: [destination names whose token is not on this computer]``
  (exit 0 when everything sent was delivered, 1 when items remain queued, sending or failed or this run got a
  rejection, 2 on bad input)
- ``sync status --json``: a list of ``{id, bundle, path, assessment_id, revision, sha256, destination, state,
  receipt, reason, attempts, next_retry_at, queued_at, last_attempt_at, sent_at, delivered_at}``
- ``city export-key --json``: ``city_id, key_id, path``
"""

from __future__ import annotations

__all__ = ["register"]

import argparse
from pathlib import Path

from . import _common as cli
from ..i18n.catalog import tr


def cmd_add(args: argparse.Namespace) -> int:
    with cli.open_workspace(args, write=True) as ws:
        dest, queued = ws.outbox.add_destination(args.name, args.target, token=args.token, ca_file=args.ca_file)
    cli.output(args, {**dest.to_json(), "queued": queued},
               tr("{name}: {kind} {url} ({n} bundles queued)", name=dest.name, kind=dest.kind, url=dest.url, n=queued))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with cli.open_workspace(args, write=False) as ws:
        dests = ws.outbox.destinations()
    cli.output(args, [d.to_json() for d in dests], lambda: "\n".join(
        f"{d.name}  {d.kind:<6} {d.url}" + ("  (token)" if d.token else "")
        + ("\n  " + needs_token_line(d.name) if d.needs_token else "") for d in dests)
        or tr("no sync destinations"))
    return 0


def needs_token_line(name: str) -> str:
    from ..workspace.outbox import needs_token_message
    return tr("{sentence}; give it with 'sync set-token {name} --token T'.", sentence=needs_token_message(name),
              name=name)


def cmd_set_token(args: argparse.Namespace) -> int:
    with cli.open_workspace(args, write=True) as ws:
        box = ws.outbox
        if box.destination(args.name).kind != "https":
            raise cli.UsageError(tr("{name} is a folder destination; only an HTTPS destination has a token",
                                    name=args.name))
        dest = box.update_destination(args.name, token=args.token)
    cli.output(args, dest.to_json(), tr("{name}: token saved on this computer (not in the workspace file)",
                                        name=dest.name))
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    with cli.open_workspace(args, write=True) as ws:
        n = ws.outbox.remove_destination(args.name)
    cli.output(args, {"name": args.name, "removed_items": n},
               tr("{name} removed ({n} outbox items; the bundle files stay)", name=args.name, n=n))
    return 0


def _item_line(i) -> str:
    from ..workspace.outbox import state_label
    line = f"{i.bundle}  " + tr("rev {n}", n=i.revision) + f"  → {i.destination}: {state_label(i.state)}"
    if i.reason:
        line += f" ({i.reason})"
    return line


def cmd_now(args: argparse.Namespace) -> int:
    from ..sync import latest_by_destination, sync_now
    with cli.open_workspace(args, write=True) as ws:
        report = sync_now(ws, due_only=args.due_only)
        tokenless = [d.name for d in ws.outbox.destinations() if d.needs_token]

    def text() -> str:
        lines = [needs_token_line(name) for name in tokenless]
        lines += [_item_line(ws_item) for ws_item in report.items
                  if ws_item.id in {r.item_id for r in report.results}]
        # A refused token: waiting cannot help, a new token can (the item lines above give the receiver's words).
        refused = {name: r.reason for name, r in latest_by_destination(report.results, report.items).items()
                   if r.token_refused}
        lines += [tr("{sentence}; give it with 'sync set-token {name} --token T'.", sentence=reason, name=name)
                  for name, reason in refused.items()]
        waiting = [i for i in report.waiting if i.destination not in refused]
        if waiting:
            why = tr(" (offline)") if report.offline else ""
            lines.append(tr("{n} waiting{why}: run 'sync now' again later", n=len(waiting), why=why))
        elif not refused:
            lines.append(tr("everything delivered or answered") if report.results else tr("nothing to sync"))
        return "\n".join(lines)
    cli.output(args, {**report.to_json(), "needs_token": tokenless}, text)
    rejected_now = any(r.state == "rejected" for r in report.results)
    return 1 if report.waiting or rejected_now else 0


def cmd_status(args: argparse.Namespace) -> int:
    with cli.open_workspace(args, write=False) as ws:
        items = ws.outbox.items()
    cli.output(args, [i.to_json() for i in items],
               lambda: "\n".join(_item_line(i) for i in items) or tr("the outbox is empty"))
    return 0


def cmd_export_key(args: argparse.Namespace) -> int:
    from ..atomic import atomic_target
    from ..bundle.keys import city_public_key
    from ..bundle.signing import key_id, public_key_pem
    with cli.open_workspace(args, write=True) as ws:
        raw = city_public_key(ws, args.city)
    out = Path(args.output)
    with atomic_target(out) as tmp:
        tmp.write_bytes(public_key_pem(raw))
    kid = key_id(raw)
    cli.output(args, {"city_id": args.city, "key_id": kid, "path": str(out)},
               tr("{path}: public key {key_id} of city {city_id}", path=out, key_id=kid[:16], city_id=args.city))
    return 0


def register(subparsers: argparse._SubParsersAction, groups: dict[str, argparse._SubParsersAction]) -> None:
    """Add ``sync`` and ``city export-key`` to the ``resilience-desktop`` command."""
    s = subparsers.add_parser("sync", help=tr("send exported bundles to the national platform (folder or HTTPS)"))
    ss = s.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=cli.Parser)
    x = ss.add_parser("add-destination", help=tr("sync to a folder or to the national receiver's address"))
    x.add_argument("name", metavar="NAME")
    x.add_argument("target", metavar="URL_OR_FOLDER", help=tr("https://… (http:// only to this machine) or a folder"))
    x.add_argument("--token", metavar="T", help=tr("the city's token from the platform (HTTPS)"))
    x.add_argument("--ca-file", metavar="F", help=tr("trust only this CA certificate file (PEM) for HTTPS"))
    cli.add_workspace_options(x)
    x.set_defaults(func=cmd_add)
    x = ss.add_parser("list-destinations", help=tr("list the sync destinations"))
    cli.add_workspace_options(x)
    x.set_defaults(func=cmd_list)
    x = ss.add_parser("remove-destination", help=tr("stop syncing to a destination (bundle files stay)"))
    x.add_argument("name", metavar="NAME")
    cli.add_workspace_options(x)
    x.set_defaults(func=cmd_remove)
    x = ss.add_parser("set-token", help=tr("give an HTTPS destination its token (kept on this computer, not in the"
                                        " workspace)"))
    x.add_argument("name", metavar="NAME")
    x.add_argument("--token", metavar="T", required=True, help=tr("the city's token from the platform"))
    cli.add_workspace_options(x)
    x.set_defaults(func=cmd_set_token)
    x = ss.add_parser("now", help=tr("send what waits (exit 1 when something still waits)"))
    x.add_argument("--due-only", action="store_true", help=tr("respect the retry back-off (for schedulers)"))
    cli.add_workspace_options(x)
    x.set_defaults(func=cmd_now)
    x = ss.add_parser("status", help=tr("every outbox item with its state, receipt and reason"))
    cli.add_workspace_options(x)
    x.set_defaults(func=cmd_status)

    x = groups["city"].add_parser("export-key", help=tr("write the city's public signing key (PEM) for the platform"))
    x.add_argument("city", metavar="CITY_ID")
    x.add_argument("-o", "--output", required=True, metavar="FILE")
    cli.add_workspace_options(x)
    x.set_defaults(func=cmd_export_key)
