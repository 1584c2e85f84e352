"""The national platform's commands: ``national import|summary|export``.
Registered by :data:`resilience_desktop.cli.main.COMMAND_MODULES`.

JSON keys (a contract with scripts and national platforms):

- ``national import --json``: ``results: [{file, sha256, outcome, assessment_id, revision, reason, warnings}]``
  with ``outcome`` one of ``imported, already_imported, conflict, rejected, held`` (exit 2 if any of the last
  three; ``held``: kept for review, see ``national pending``)
- ``national pending list --json``: ``pending: [{id, received_at, received_by, file_name, sha256, assessment_id,
  revision, city_id, reason, decision, decided_at, decided_by}]``; ``pending accept --json``: like ``import``;
  ``pending reject --json``: ``rejected: {id, file_name, assessment_id, revision, city_id}``
- every ``national`` command refuses a ``--db`` where there is no store, unless ``import --create``
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
from ..i18n.catalog import tr


def cmd_national_import(args: argparse.Namespace) -> int:
    from ..national import import_bundle, open_store
    from ..national.backup import backup_store
    backup_store(args.db)  # the same rolling backups as a workspace, before the first write
    results = []
    with open_store(args.db, create=args.create) as store:
        for f in args.files:
            results.append(import_bundle(store, Path(f), limits=cli.bundle_limits(args),
                                         require_signatures=args.require_signatures))

    def text() -> str:
        lines = []
        for r in results:
            line = f"{r.file}: {r.outcome}" + (f" (revision {r.revision})" if r.revision is not None else "")
            if r.reason and r.outcome != "already_imported":
                line += f": {r.reason}"
            lines += [line] + [f"  {tr('warning')}: {w}" for w in r.warnings]
        return "\n".join(lines)
    cli.output(args, {"results": [r.to_json() for r in results]}, text)
    return 2 if any(r.outcome in ("conflict", "rejected", "held") for r in results) else 0


def cmd_national_pending_list(args: argparse.Namespace) -> int:
    from ..national import open_store
    from ..national.review import list_pending
    with open_store(args.db, create=False) as store:
        rows = list_pending(store, include_decided=args.all)
    cli.output(args, {"pending": rows}, lambda: "\n".join(
        f"{r['id']}  {r['received_at']}  {r['file_name']}  " + tr("city {city}, revision {revision}",
                                                                   city=r["city_id"], revision=r["revision"])
        + (f"  [{r['decision']}]" if r["decision"] else "") + f"\n    {r['reason']}" for r in rows)
        or tr("no bundles held for review"))
    return 0


def cmd_national_pending_accept(args: argparse.Namespace) -> int:
    from ..national import open_store
    from ..national.importer import _who
    from ..national.review import accept_pending
    with open_store(args.db, create=False) as store:
        r = accept_pending(store, args.id, who=_who(), limits=cli.bundle_limits(args))
    cli.output(args, {"results": [r.to_json()]}, f"{r.file}: {r.outcome}"
               + (f" (revision {r.revision})" if r.revision is not None else "")
               + (f": {r.reason}" if r.reason and not r.ok else ""))
    return 0 if r.ok else 2


def cmd_national_pending_reject(args: argparse.Namespace) -> int:
    from ..national import open_store
    from ..national.importer import _who
    from ..national.review import reject_pending
    with open_store(args.db, create=False) as store:
        row = reject_pending(store, args.id, who=_who())
    cli.output(args, {"rejected": row}, tr("{file}: rejected; nothing was imported", file=row["file_name"]))
    return 0


def cmd_national_summary(args: argparse.Namespace) -> int:
    from ..national import city_summary, open_store, summary_csv
    with open_store(args.db, create=False) as store:
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
    cli.check_output(args, args.output, args.db)
    with open_store(args.db, create=False) as store:
        n = write_cities_gpkg(store, Path(args.output))
    cli.output(args, {"path": args.output, "cities": n}, tr("{path}: {n} cities", path=args.output, n=n))
    return 0


def register(subparsers: argparse._SubParsersAction, groups: dict[str, argparse._SubParsersAction]) -> None:
    """Add ``national`` to the ``resilience-desktop`` command."""
    n = subparsers.add_parser("national", help="the national store: import bundles, summarise, export")
    ns = n.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=cli.Parser)
    x = ns.add_parser("import", help="verify and import bundles (each all or nothing)")
    x.add_argument("files", nargs="+", metavar="FILE")
    x.add_argument("--db", required=True, metavar="URL", help="sqlite:///PATH, a path, or postgresql://…")
    x.add_argument("--json", action="store_true", help="print JSON")
    x.add_argument("--create", action="store_true", help="make a new national store at --db if there is none")
    cli.add_limit_options(x)
    x.add_argument("--require-signatures", action="store_true", help="refuse every unsigned bundle")
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
    p = ns.add_parser("pending", help="bundles held for review: list, accept, reject")
    ps = p.add_subparsers(dest="pending_action", metavar="ACTION", required=True, parser_class=cli.Parser)
    x = ps.add_parser("list", help="bundles held for review and why")
    x.add_argument("--db", required=True, metavar="URL")
    x.add_argument("--all", action="store_true", help="also the ones already decided")
    x.add_argument("--json", action="store_true", help="print JSON")
    x.set_defaults(func=cmd_national_pending_list)
    x = ps.add_parser("accept", help="import a held bundle (its chain then owns its city too)")
    x.add_argument("id", metavar="ID", type=cli.text_arg("ID"))
    x.add_argument("--db", required=True, metavar="URL")
    x.add_argument("--json", action="store_true", help="print JSON")
    cli.add_limit_options(x)
    x.set_defaults(func=cmd_national_pending_accept)
    x = ps.add_parser("reject", help="close a held bundle without importing it")
    x.add_argument("id", metavar="ID", type=cli.text_arg("ID"))
    x.add_argument("--db", required=True, metavar="URL")
    x.add_argument("--json", action="store_true", help="print JSON")
    x.set_defaults(func=cmd_national_pending_reject)
    _register_sync(ns)


# ---------------------------------------------------------------- sync: tokens, keys, folder, receiver
# JSON keys: ``national token add --json``: ``token, token_id, city_id, label, created_at, revoked_at`` (the
# token is shown only here); ``token revoke``/``token list``: the same without ``token``; ``key add``:
# ``city_id, key_id``; ``import-folder --json``: ``results: [{file, sha256, outcome, assessment_id, revision,
# reason, warnings, receipt}]`` (exit 2 if any was refused).
def cmd_token_add(args: argparse.Namespace) -> int:
    from ..national import open_store
    from ..national.access import add_token
    with open_store(args.db) as store:
        token, info = add_token(store, args.city, args.label or "")
    cli.output(args, {"token": token, **info.to_json()},
               tr("{token}\n(shown once: give it to the city; revoke with 'national token revoke {token_id}')",
                  token=token, token_id=info.token_id))
    return 0


def cmd_token_revoke(args: argparse.Namespace) -> int:
    from ..national import open_store
    from ..national.access import revoke_token
    with open_store(args.db) as store:
        info = revoke_token(store, args.token)
    cli.output(args, info.to_json(), tr("token {token_id} of city {city_id} revoked", token_id=info.token_id,
                                        city_id=info.city_id))
    return 0


def cmd_token_list(args: argparse.Namespace) -> int:
    from ..national import open_store
    from ..national.access import list_tokens
    with open_store(args.db) as store:
        tokens = list_tokens(store)
    cli.output(args, [t.to_json() for t in tokens], lambda: "\n".join(
        f"{t.token_id}  {t.city_id}  {t.created_at}" + (f"  revoked {t.revoked_at}" if t.revoked_at else "")
        + (f"  {t.label}" if t.label else "") for t in tokens) or tr("no tokens"))
    return 0


def cmd_key_add(args: argparse.Namespace) -> int:
    from ..bundle.signing import public_key_from_pem
    from ..national import open_store
    from ..national.access import add_public_key
    raw = public_key_from_pem(Path(args.public_key).read_bytes())
    with open_store(args.db) as store:
        kid = add_public_key(store, args.city, raw)
    cli.output(args, {"city_id": args.city.lower(), "key_id": kid},
               tr("key {key_id} registered for city {city_id}", key_id=kid[:16], city_id=args.city))
    return 0


def cmd_import_folder(args: argparse.Namespace) -> int:
    from ..national import open_store
    from ..national.folder import import_folder
    with open_store(args.db) as store:
        pairs = import_folder(store, Path(args.folder), limits=cli.bundle_limits(args),
                              require_signatures=args.require_signatures)
    rows = [{**r.to_json(), "file": Path(r.file).name, "receipt": rc.to_json()} for r, rc in pairs]
    cli.output(args, {"results": rows}, lambda: "\n".join(
        f"{row['file']}: {row['receipt']['outcome']}" + (f": {row['receipt']['reason']}"
                                                          if row["receipt"]["outcome"] == "rejected" else "")
        for row in rows) or tr("no new bundles"))
    return 2 if any(rc.outcome == "rejected" for _r, rc in pairs) else 0


def cmd_serve(args: argparse.Namespace) -> int:
    from ..national.receiver.app import ReceiverConfig
    from ..national.receiver.serve import serve
    if args.workers < 1 or not 0 < args.port < 65536 or args.max_upload_mib < 1:
        raise cli.UsageError("--workers and --max-upload-mib must be at least 1, --port within 1..65535")
    if bool(args.ssl_certfile) != bool(args.ssl_keyfile):
        raise cli.UsageError("give --ssl-certfile and --ssl-keyfile together")
    from ..national import open_store
    open_store(args.db).close()  # a bad URL is one line before anything is printed or started
    scheme = "https" if args.ssl_certfile else "http"
    host = f"[{args.host}]" if ":" in args.host else args.host
    cli.output(args, {"url": f"{scheme}://{host}:{args.port}", "api": f"{scheme}://{host}:{args.port}/api/v1",
                      "workers": args.workers, "require_signatures": args.require_signatures},
               tr("receiver on {url} (API {url}/api/v1, OpenAPI {url}/api/v1/openapi.json); Ctrl+C stops it",
                  url=f"{scheme}://{host}:{args.port}"))
    sys.stdout.flush()
    from ..workspace.outbox import is_loopback
    if not args.ssl_certfile and not is_loopback(args.host):
        print(tr("note: plain HTTP on {host}: cities accept only https:// there, so serve it behind an HTTPS reverse"
                 " proxy or give --ssl-certfile and --ssl-keyfile", host=args.host), file=sys.stderr)
    serve(ReceiverConfig(args.db, args.require_signatures, args.max_upload_mib * 2**20), host=args.host,
          port=args.port, workers=args.workers, ssl_certfile=args.ssl_certfile, ssl_keyfile=args.ssl_keyfile,
          log_level=args.log_level)
    return 0


def _register_sync(ns: argparse._SubParsersAction) -> None:
    t = ns.add_parser("token", help="cities' upload tokens for the receiver")
    ts = t.add_subparsers(dest="token_action", metavar="ACTION", required=True, parser_class=cli.Parser)
    x = ts.add_parser("add", help="a new token for a city (printed once, stored only as a hash)")
    x.add_argument("--city", required=True, metavar="CITY_UUID")
    x.add_argument("--label", metavar="TEXT", help="a note: who holds it")
    x.add_argument("--db", required=True, metavar="URL")
    x.add_argument("--json", action="store_true", help="print JSON")
    x.set_defaults(func=cmd_token_add)
    x = ts.add_parser("revoke", help="revoke a token (by its id or the token itself)")
    x.add_argument("token", metavar="TOKEN_ID_OR_TOKEN")
    x.add_argument("--db", required=True, metavar="URL")
    x.add_argument("--json", action="store_true", help="print JSON")
    x.set_defaults(func=cmd_token_revoke)
    x = ts.add_parser("list", help="every token (never the secret)")
    x.add_argument("--db", required=True, metavar="URL")
    x.add_argument("--json", action="store_true", help="print JSON")
    x.set_defaults(func=cmd_token_list)
    k = ns.add_parser("key", help="cities' public signing keys")
    ks = k.add_subparsers(dest="key_action", metavar="ACTION", required=True, parser_class=cli.Parser)
    x = ks.add_parser("add", help="register a city's public key: its bundles must then be signed by it")
    x.add_argument("--city", required=True, metavar="CITY_UUID")
    x.add_argument("--public-key", required=True, metavar="FILE", help="PEM from 'city export-key'")
    x.add_argument("--db", required=True, metavar="URL")
    x.add_argument("--json", action="store_true", help="print JSON")
    x.set_defaults(func=cmd_key_add)
    x = ns.add_parser("import-folder", help="import the bundles cities left in FOLDER/outbox, write receipts")
    x.add_argument("folder", metavar="FOLDER")
    x.add_argument("--db", required=True, metavar="URL")
    x.add_argument("--require-signatures", action="store_true", help="refuse every unsigned bundle")
    x.add_argument("--json", action="store_true", help="print JSON")
    cli.add_limit_options(x)
    x.set_defaults(func=cmd_import_folder)
    x = ns.add_parser("serve", help="run the receiver service (HTTP API for cities' uploads)")
    x.add_argument("--db", required=True, metavar="URL")
    x.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    x.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    x.add_argument("--workers", type=int, default=1, metavar="N", help="worker processes (default 1)")
    x.add_argument("--require-signatures", action="store_true", help="refuse every unsigned bundle")
    x.add_argument("--max-upload-mib", type=int, default=256, metavar="MIB", help="largest upload (default 256)")
    x.add_argument("--ssl-certfile", metavar="PEM", help="serve HTTPS with this certificate chain")
    x.add_argument("--ssl-keyfile", metavar="PEM", help="… and this private key")
    x.add_argument("--log-level", default="info", choices=("critical", "error", "warning", "info", "debug"))
    x.add_argument("--json", action="store_true", help="print where it listens as JSON first")
    x.set_defaults(func=cmd_serve)
