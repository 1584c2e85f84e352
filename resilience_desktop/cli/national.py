"""The national platform's commands: ``national import|summary|export``.
Registered by :data:`resilience_desktop.cli.main.COMMAND_MODULES`.

JSON keys (a contract with scripts and national platforms):

- ``national import --json``: ``results: [{file, sha256, outcome, assessment_id, revision, reason, warnings}]``
  with ``outcome`` one of ``imported, already_imported, conflict, rejected, held`` (exit 2 if any of the last
  three; ``held``: kept for review, see ``national pending``)
- ``national pending list --json``: ``pending: [{id, received_at, received_by, file_name, sha256, assessment_id,
  revision, city_id, reason, decision, decided_at, decided_by, decision_reason}]``; ``pending accept --json``: like
  ``import``; ``pending reject --json``: ``rejected: {id, file_name, assessment_id, revision, city_id, reason}``
- every ``national`` command refuses a ``--db`` where there is no store, unless ``import --create``
- ``national summary --json``: ``cities: [{city_id, city, country, region, lon, lat, assessment_id, revision,
  scorecard, title, status, points, max, essentials: {N: {points, max, answered, questions}}, losses}]`` (``losses``:
  ``{records, years, events, totals}`` sent with that revision, or ``null``)
- ``national export``: ``path, cities``
"""

from __future__ import annotations

__all__ = ["register"]

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from . import _common as cli
from ..errors import InvalidInputError
from ..i18n.catalog import current, tr, trn
from ..i18n.times import local_time_text
from ..safety import csv_safe

if TYPE_CHECKING:
    from ..national.store import NationalStore


def _open_for_writing(url: str, **options: bool) -> NationalStore:
    """Open a national store that this command writes to, after the same rolling backup a workspace
    gets (a SQLite store; a server is backed up by its own tools)."""
    from ..national import open_store
    from ..national.backup import backup_store
    backup_store(url)
    return open_store(url, **options)


def cmd_national_import(args: argparse.Namespace) -> int:
    from ..national import import_bundle
    from ..national.store import sqlite_file
    results = []
    new = sqlite_file(args.db) if args.create else None
    new = new if new is not None and not new.exists() else None
    with _open_for_writing(args.db, create=args.create) as store:
        for f in args.files:
            results.append(import_bundle(store, Path(f), limits=cli.bundle_limits(args),
                                         require_signatures=args.require_signatures))
    unmade = ""
    if new is not None and not any(r.outcome in ("imported", "held") for r in results):
        # every file refused: the store --create would have made holds nothing (a mistyped path, a wrong file)
        for leftover in (new, new.with_name(new.name + "-journal"), new.with_name(new.name + "-wal"),
                         new.with_name(new.name + "-shm")):
            leftover.unlink(missing_ok=True)
        unmade = "\n" + tr("nothing was imported, so no national store was made at {path}", path=new)

    cli.output(args, {"results": [r.to_json() for r in results]}, lambda: _results_text(results) + unmade)
    return 2 if any(r.outcome in ("conflict", "rejected", "held") for r in results) else 0


def _results_text(results: list, names: list[str] | None = None) -> str:
    """One line per imported file as a person reads it (the JSON keeps the codes), its warnings under it."""
    from ..national.importer import outcome_text
    lines = []
    for i, r in enumerate(results):
        revision = " (" + tr("revision {revision}", revision=r.revision) + ")" if r.revision is not None else ""
        if r.outcome in ("held", "conflict"):  # the reason begins "held for review as ID …", "conflict: …": once
            line = f"{names[i] if names else r.file}{revision}: {r.reason}"
        else:
            line = f"{names[i] if names else r.file}: {outcome_text(r.outcome)}{revision}"
            if r.reason and r.outcome != "already_imported":
                line += f": {r.reason}"
        lines += [line] + [f"  {tr('warning')}: {w}" for w in r.warnings]
    return "\n".join(lines)


def cmd_national_pending_list(args: argparse.Namespace) -> int:
    from ..national import open_store
    from ..national.review import decision_text, list_pending
    with open_store(args.db, create=False) as store:
        rows = list_pending(store, include_decided=args.all)
        names = {c["id"]: c["name"] for c in store.query("SELECT id, name FROM cities")}

    def city(city_id: str) -> str:  # the name a person knows, with the id that tells two namesakes apart
        return f"{names[city_id]} ({city_id})" if city_id in names else city_id
    cli.output(args, {"pending": rows}, lambda: "\n".join(
        f"{r['id']}  {local_time_text(r['received_at'])}  {r['file_name']}  " + tr("city {city}, revision {revision}",
                                                                   city=city(r["city_id"]), revision=r["revision"])
        + (f"  [{decision_text(r['decision'])}]" if r["decision"] else "") + f"\n    {r['reason']}"
        + (f"\n    {_decision_line(r)}" if r["decision"] else "") for r in rows)
        or tr("no bundles held for review"))
    return 0


def _decision_line(row: dict) -> str:
    """Who decided a held bundle, when, and why (``pending list --all``)."""
    from ..national.review import decision_text
    line = tr("{decision} by {who} on {when}", decision=decision_text(row["decision"]), who=row["decided_by"] or "?",
              when=local_time_text(row["decided_at"]) if row["decided_at"] else "?")
    return line + (f": {row['decision_reason']}" if row.get("decision_reason") else "")


def cmd_national_pending_accept(args: argparse.Namespace) -> int:
    from ..national.importer import _who, outcome_text
    from ..national.review import accept_pending
    with _open_for_writing(args.db, create=False) as store:
        r = accept_pending(store, args.id, who=_who(), reason=args.reason or "", limits=cli.bundle_limits(args))
    cli.output(args, {"results": [r.to_json()]}, f"{r.file}: {outcome_text(r.outcome)}"
               + (" (" + tr("revision {revision}", revision=r.revision) + ")" if r.revision is not None else "")
               + (f": {r.reason}" if r.reason and not r.ok else ""))
    return 0 if r.ok else 2


def cmd_national_pending_reject(args: argparse.Namespace) -> int:
    from ..national.importer import _who
    from ..national.review import reject_pending
    with _open_for_writing(args.db, create=False) as store:
        row = reject_pending(store, args.id, who=_who(), reason=args.reason or "")
    cli.output(args, {"rejected": row}, tr("{file}: rejected; nothing was imported", file=row["file_name"])
               + ("" if args.reason else "\n" + tr("no reason given: the city's receipt says only that it was rejected "
                                                    "after review (--reason TEXT tells the city why)")))
    return 0


def cmd_national_summary(args: argparse.Namespace) -> int:
    from ..national import city_summary, open_store, summary_csv
    cli.check_csv_option(args, args.csv, flag="--csv")
    with open_store(args.db, create=False) as store:
        rows = city_summary(store)
    if args.csv:  # for Excel (semicolons) with the byte-order mark it needs to read Cyrillic from a file
        sys.stdout.write(("\ufeff" if args.csv_separator == "semicolon" else "") + summary_csv(rows))
        return 0
    cli.output(args, {"cities": rows}, lambda: "\n".join(
        f"{r['city']} ({r['country']}): {r['points']}/{r['max']}, {r['scorecard']}, "
        + tr("revision {revision}", revision=r["revision"]) for r in rows) or tr("no cities imported yet"))
    return 0


def cmd_national_export(args: argparse.Namespace) -> int:
    from ..national import open_store, write_cities_gpkg
    cli.check_output(args, args.output, args.db)
    if Path(args.output).suffix.lower() != ".gpkg":  # a GeoPackage under another name misleads every GIS
        raise InvalidInputError(tr("{path}: the cities are written as a GeoPackage; name it .gpkg", path=args.output))
    with open_store(args.db, create=False) as store:
        n = write_cities_gpkg(store, Path(args.output))
    cli.output(args, {"path": args.output, "cities": n}, trn("{path}: {n} city", "{path}: {n} cities", n, path=args.output))
    return 0


def register(subparsers: argparse._SubParsersAction, groups: dict[str, argparse._SubParsersAction]) -> None:
    """Add ``national`` to the ``resilience-desktop`` command."""
    n = subparsers.add_parser("national", help=tr("the national store: import bundles, summarise, export"))
    ns = n.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=cli.Parser)
    x = ns.add_parser("import", help=tr("verify and import bundles (each all or nothing)"))
    x.add_argument("files", nargs="+", metavar="FILE")
    x.add_argument("--db", required=True, metavar="URL", help=tr("sqlite:///PATH, a path, or postgresql://…"))
    x.add_argument("--json", action="store_true", help=tr("print JSON"))
    x.add_argument("--create", action="store_true", help=tr("make a new national store at --db if there is none"))
    cli.add_limit_options(x)
    x.add_argument("--require-signatures", action="store_true", help=tr("refuse every unsigned bundle"))
    x.set_defaults(func=cmd_national_import)
    x = ns.add_parser("summary", help=tr("each city's latest assessment with per-Essential scores"))
    x.add_argument("--db", required=True, metavar="URL")
    g = x.add_mutually_exclusive_group()
    g.add_argument("--json", action="store_true", help=tr("print JSON"))
    g.add_argument("--csv", action="store_true", help=tr("print CSV"))
    cli.add_csv_option(x)
    x.set_defaults(func=cmd_national_summary)
    x = ns.add_parser("export", help=tr("each city as a point with its scores, as a GeoPackage"))
    x.add_argument("--db", required=True, metavar="URL")
    x.add_argument("-o", "--output", required=True, metavar="cities.gpkg")
    x.add_argument("--json", action="store_true", help=tr("print JSON"))
    x.set_defaults(func=cmd_national_export)
    p = ns.add_parser("pending", help=tr("bundles held for review: list, accept, reject"))
    ps = p.add_subparsers(dest="pending_action", metavar="ACTION", required=True, parser_class=cli.Parser)
    x = ps.add_parser("list", help=tr("bundles held for review and why"))
    x.add_argument("--db", required=True, metavar="URL")
    x.add_argument("--all", action="store_true", help=tr("also the ones already decided"))
    x.add_argument("--json", action="store_true", help=tr("print JSON"))
    x.set_defaults(func=cmd_national_pending_list)
    x = ps.add_parser("accept", help=tr("import a held bundle (its chain then owns its city too)"))
    x.add_argument("id", metavar="ID", type=cli.text_arg("ID"))
    x.add_argument("--db", required=True, metavar="URL")
    x.add_argument("--reason", metavar="TEXT", type=cli.text_arg("--reason", limit=2000),
                   help=tr("why, kept with the decision (pending list --all)"))
    x.add_argument("--json", action="store_true", help=tr("print JSON"))
    cli.add_limit_options(x)
    x.set_defaults(func=cmd_national_pending_accept)
    x = ps.add_parser("reject", help=tr("close a held bundle without importing it"))
    x.add_argument("id", metavar="ID", type=cli.text_arg("ID"))
    x.add_argument("--db", required=True, metavar="URL")
    x.add_argument("--reason", metavar="TEXT", type=cli.text_arg("--reason", limit=2000),
                   help=tr("why, kept with the decision and sent to the city in the bundle's receipt"))
    x.add_argument("--json", action="store_true", help=tr("print JSON"))
    x.set_defaults(func=cmd_national_pending_reject)
    _register_sync(ns)
    register_view(ns)
    register_outputs(ns)


# ---------------------------------------------------------------- sync: tokens, keys, folder, receiver
# JSON keys: ``national token add --json``: ``token, token_id, city_id, label, created_at, revoked_at`` (the
# token is shown only here); ``token revoke``/``token list``: the same without ``token``; ``key add``:
# ``city_id, key_id``; ``import-folder --json``: ``results: [{file, sha256, outcome, assessment_id, revision,
# reason, warnings, receipt}]`` (exit 2 if any was refused).
def cmd_token_add(args: argparse.Namespace) -> int:
    from ..national.access import add_token
    with _open_for_writing(args.db) as store:
        token, info = add_token(store, args.city, args.label or "")
    cli.output(args, {"token": token, **info.to_json()},
               tr("{token}\n(shown once: give it to the city; revoke with 'national token revoke {token_id}')",
                  token=token, token_id=info.token_id))
    return 0


def cmd_token_revoke(args: argparse.Namespace) -> int:
    from ..national.access import revoke_token
    with _open_for_writing(args.db) as store:
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
        f"{t.token_id}  {t.city_id}  {local_time_text(t.created_at)}"
        + ("  " + tr("revoked {at}", at=local_time_text(t.revoked_at)) if t.revoked_at else "")
        + (f"  {t.label}" if t.label else "") for t in tokens) or tr("no tokens"))
    return 0


def cmd_key_add(args: argparse.Namespace) -> int:
    from ..bundle.signing import public_key_from_pem
    from ..national.access import add_public_key
    raw = public_key_from_pem(Path(args.public_key).read_bytes())
    with _open_for_writing(args.db) as store:
        kid = add_public_key(store, args.city, raw)
    cli.output(args, {"city_id": args.city.lower(), "key_id": kid},
               tr("key {key_id} registered for city {city_id}", key_id=kid[:16], city_id=args.city))
    return 0


def cmd_import_folder(args: argparse.Namespace) -> int:
    from ..national.folder import import_folder
    # as national import: a mistyped --db never silently makes an empty store whose receipts say "imported"
    with _open_for_writing(args.db, create=args.create) as store:
        pairs = import_folder(store, Path(args.folder), limits=cli.bundle_limits(args),
                              require_signatures=args.require_signatures)
    rows = [{**r.to_json(), "file": Path(r.file).name, "receipt": rc.to_json()} for r, rc in pairs]
    cli.output(args, {"results": rows}, lambda: _results_text([r for r, _rc in pairs], [row["file"] for row in rows])
               or tr("no new bundles"))
    # as national import: a file refused or held for a person's decision is not a success
    return 2 if any(rc.outcome == "rejected" or r.outcome == "held" for r, rc in pairs) else 0


def cmd_serve(args: argparse.Namespace) -> int:
    from ..national.receiver.app import ReceiverConfig
    from ..national.receiver.serve import serve
    if args.workers < 1 or not 0 < args.port < 65536 or args.max_upload_mib < 1:
        raise cli.UsageError(tr("--workers and --max-upload-mib must be at least 1, --port within 1..65535"))
    if bool(args.ssl_certfile) != bool(args.ssl_keyfile):
        raise cli.UsageError(tr("give --ssl-certfile and --ssl-keyfile together"))
    # a bad URL is one line before anything is printed or started; the backup is the store as it
    # was before this receiver's first import
    _open_for_writing(args.db).close()
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
    viewer_token = args.viewer_token
    if not args.no_dashboard and viewer_token is None and not is_loopback(args.host):
        import secrets
        viewer_token = secrets.token_urlsafe(24)
        print(tr("dashboard viewer token (give it to colleagues who may look): {token}", token=viewer_token),
              file=sys.stderr)
    serve(ReceiverConfig(args.db, args.require_signatures, args.max_upload_mib * 2**20,
                         dashboard=not args.no_dashboard, viewer_token=viewer_token), host=args.host,
          port=args.port, workers=args.workers, ssl_certfile=args.ssl_certfile, ssl_keyfile=args.ssl_keyfile,
          log_level=args.log_level)
    return 0


def _register_sync(ns: argparse._SubParsersAction) -> None:
    t = ns.add_parser("token", help=tr("cities' upload tokens for the receiver"))
    ts = t.add_subparsers(dest="token_action", metavar="ACTION", required=True, parser_class=cli.Parser)
    x = ts.add_parser("add", help=tr("a new token for a city (printed once, stored only as a hash)"))
    x.add_argument("--city", required=True, metavar="CITY_UUID")
    x.add_argument("--label", metavar="TEXT", help=tr("a note: who holds it"))
    x.add_argument("--db", required=True, metavar="URL")
    x.add_argument("--json", action="store_true", help=tr("print JSON"))
    x.set_defaults(func=cmd_token_add)
    x = ts.add_parser("revoke", help=tr("revoke a token (by its id or the token itself)"))
    x.add_argument("token", metavar="TOKEN_ID_OR_TOKEN")
    x.add_argument("--db", required=True, metavar="URL")
    x.add_argument("--json", action="store_true", help=tr("print JSON"))
    x.set_defaults(func=cmd_token_revoke)
    x = ts.add_parser("list", help=tr("every token (never the secret)"))
    x.add_argument("--db", required=True, metavar="URL")
    x.add_argument("--json", action="store_true", help=tr("print JSON"))
    x.set_defaults(func=cmd_token_list)
    k = ns.add_parser("key", help=tr("cities' public signing keys"))
    ks = k.add_subparsers(dest="key_action", metavar="ACTION", required=True, parser_class=cli.Parser)
    x = ks.add_parser("add", help=tr("register a city's public key: its bundles must then be signed by it"))
    x.add_argument("--city", required=True, metavar="CITY_UUID")
    x.add_argument("--public-key", required=True, metavar="FILE", help=tr("PEM from 'city export-key'"))
    x.add_argument("--db", required=True, metavar="URL")
    x.add_argument("--json", action="store_true", help=tr("print JSON"))
    x.set_defaults(func=cmd_key_add)
    x = ns.add_parser("import-folder", help=tr("import the bundles cities left in FOLDER/outbox, write receipts"))
    x.add_argument("folder", metavar="FOLDER")
    x.add_argument("--db", required=True, metavar="URL")
    x.add_argument("--create", action="store_true", help=tr("make a new national store at --db if there is none"))
    x.add_argument("--require-signatures", action="store_true", help=tr("refuse every unsigned bundle"))
    x.add_argument("--json", action="store_true", help=tr("print JSON"))
    cli.add_limit_options(x)
    x.set_defaults(func=cmd_import_folder)
    x = ns.add_parser("serve", help=tr("run the receiver service (HTTP API for cities' uploads)"))
    x.add_argument("--db", required=True, metavar="URL")
    x.add_argument("--host", default="127.0.0.1", help=tr("address to listen on (default 127.0.0.1)"))
    x.add_argument("--port", type=int, default=8765, help=tr("port (default 8765)"))
    x.add_argument("--workers", type=int, default=1, metavar="N", help=tr("worker processes (default 1)"))
    x.add_argument("--require-signatures", action="store_true", help=tr("refuse every unsigned bundle"))
    x.add_argument("--max-upload-mib", type=int, default=256, metavar="MIB", help=tr("largest upload (default 256)"))
    x.add_argument("--ssl-certfile", metavar="PEM", help=tr("serve HTTPS with this certificate chain"))
    x.add_argument("--ssl-keyfile", metavar="PEM", help=tr("… and this private key"))
    x.add_argument("--log-level", default="info", choices=("critical", "error", "warning", "info", "debug"))
    x.add_argument("--no-dashboard", action="store_true", help=tr("serve only the API, not the web dashboard at /"))
    x.add_argument("--viewer-token", metavar="T",
                   help=tr("token to read the dashboard (one is made when not on loopback)"))
    x.add_argument("--json", action="store_true", help=tr("print where it listens as JSON first"))
    x.set_defaults(func=cmd_serve)


# ------------------------------------------------------------------ the national view (issue 13)
# - ``national cities --json``: ``[{city_id, name, country, region, revision, updated_at, overall_percent,
#   essentials: [ten percents or null], overdue, ...}]``
# - ``national rollup --json``: ``{sendai_e2: {rule, local_governments, in_line, share, cities: [...]},
#   regions: [{country, region, cities, essentials: [{essential, median, min, max}]}]}``
def _open_existing(url: str):
    """Open a store for reading: a missing SQLite file is a user error, never a new empty store."""
    from ..errors import InvalidInputError
    from ..national.store import open_store
    text = str(url)
    if not text.startswith(("postgresql://", "postgres://")):
        path = Path(text[len("sqlite:///"):] if text.startswith("sqlite:///") else text)
        if not path.is_file():
            raise InvalidInputError(tr("no national store at {path}", path=path))
    return open_store(text)


def _rule(args: argparse.Namespace, store):
    """The E-2 rule asked for (checked against the scorecards), else the default."""
    from ..national.sendai import DEFAULT_E2_RULE, E2Rule, check_rule
    return check_rule(E2Rule.parse(args.e2_rule), store) if getattr(args, "e2_rule", None) else DEFAULT_E2_RULE


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v:.0f}%"


def cmd_national_cities(args: argparse.Namespace) -> int:
    from ..national.views import filter_cities, list_cities
    with _open_existing(args.db) as store:
        rows = filter_cities(list_cities(store, overdue_months=_overdue(args)), country=args.country,
                             region=args.region, scorecard=args.scorecard, since=args.since)
    if args.json:  # one line: the C encoder (indenting falls back to Python's, 10x slower for 1,000 cities)
        import json
        sys.stdout.write(json.dumps(rows, ensure_ascii=False) + "\n")
        return 0
    cli.output(args, rows, lambda: "\n".join(
        f"{r['name']} ({r['country']}{', ' + r['region'] if r['region'] else ''}): {_pct(r['overall_percent'])}, "
        + tr("revision {revision}", revision=r["revision"]) + f", {(r['updated_at'] or '')[:10]}"
        + (f" — {tr('overdue')}" if r["overdue"] else "") for r in rows)
        or (tr("no city matches these filters") if any((args.country, args.region, args.scorecard, args.since))
            else tr("no cities imported yet")))
    return 0


def cmd_national_rollup(args: argparse.Namespace) -> int:
    from ..national.rollup import national_rollup
    with _open_existing(args.db) as store:
        data = national_rollup(store, rule=_rule(args, store), overdue_months=_overdue(args))

    def text() -> str:
        e2 = data["sendai_e2"]
        lines = [tr("Sendai E-2: {n} of {d} local governments in line ({share}); rule {rule}", n=e2["in_line"],
                    d=e2["local_governments"], share=current().share(e2['share'], 1), rule=e2["rule"])]
        for g in data["regions"]:
            lines.append(f"{g['country']} / {g['region'] or '—'}: " + tr("cities: {n}", n=g["cities"]) + ", "
                         + ", ".join(f"E{e['essential']} {_pct(e['median'])}" for e in g["essentials"]))
        return "\n".join(lines)
    cli.output(args, data, text)
    return 0


def cmd_national_e2(args: argparse.Namespace) -> int:
    from ..national.sendai import e2_csv, sendai_e2
    from ..errors import InvalidInputError
    cli.check_csv_option(args, bool(args.output) and Path(args.output).suffix.lower() == ".csv",
                         flag="-o FILE.csv")
    with _open_existing(args.db) as store:
        data = sendai_e2(store, _rule(args, store))
    if args.output:
        out = Path(args.output)
        if out.suffix.lower() == ".csv":
            from ..atomic import atomic_target
            with atomic_target(out) as tmp:
                tmp.write_text(e2_csv(data), encoding=csv_safe.WRITE_ENCODING)
        elif out.suffix.lower() == ".xlsx":
            from ..national.report import write_e2_xlsx
            write_e2_xlsx(data, out)
        else:
            raise InvalidInputError(tr("{path}: the E-2 table is written as .csv or .xlsx", path=out))
    cli.output(args, data, lambda: tr("Sendai E-2: {n} of {d} local governments in line ({share}); rule {rule}",
                                      n=data["in_line"], d=data["local_governments"],
                                      share=current().share(data['share'], 1), rule=data["rule"]))
    return 0


def _overdue(args: argparse.Namespace) -> float:
    from ..national.views import DEFAULT_OVERDUE_MONTHS
    value = getattr(args, "overdue_months", None)
    return DEFAULT_OVERDUE_MONTHS if value is None else value


def _months(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(tr("not a number of months: {text!r}", text=text)) from None
    if value <= 0:
        raise argparse.ArgumentTypeError(tr("the number of months must be above 0: {text!r}", text=text))
    return value


def _day(text: str) -> str:
    """A calendar date written YYYY-MM-DD (``2026-13-01`` or ``yesterday`` listed nothing, as if no city
    had been imported)."""
    from datetime import date
    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(tr("not a date written YYYY-MM-DD: {text!r}", text=text)) from None


def register_view(ns: argparse._SubParsersAction) -> None:
    """``national cities|rollup|e2`` (called from :func:`register`; imports nothing, so ``--help`` stays fast)."""
    x = ns.add_parser("cities", help=tr("every city's latest scores per Essential and its reporting status"))
    x.add_argument("--db", required=True, metavar="URL")
    x.add_argument("--country", metavar="CODE")
    x.add_argument("--region")
    x.add_argument("--scorecard", metavar="ID")
    x.add_argument("--since", metavar="YYYY-MM-DD", type=_day, help=tr("delivered on or after this date"))
    x.add_argument("--overdue-months", type=_months, default=None, metavar="N",
                       help=tr("overdue when the last revision is older than N months (default 12)"))
    x.add_argument("--json", action="store_true", help=tr("print JSON"))
    x.set_defaults(func=cmd_national_cities)
    for name, func, text in (("rollup", cmd_national_rollup, tr("Sendai E-2 and the per-region median and spread")),
                             ("e2", cmd_national_e2, tr("Sendai E-2 with the cities behind it (CSV or XLSX)"))):
        x = ns.add_parser(name, help=text)
        x.add_argument("--db", required=True, metavar="URL")
        x.add_argument("--e2-rule", metavar="RULE", help=tr("SCORECARD:QUESTION>=LEVEL,… (default "
                       "preliminary:P1.1>=2,detailed:1.1>=4)"))
        if name == "rollup":
            x.add_argument("--overdue-months", type=_months, default=None, metavar="N",
                       help=tr("overdue when the last revision is older than N months (default 12)"))
        else:
            x.add_argument("-o", "--output", metavar="FILE.csv|FILE.xlsx")
            cli.add_csv_option(x)
        x.add_argument("--json", action="store_true", help=tr("print JSON"))
        x.set_defaults(func=func)


def _loopback(host: str) -> bool:
    import ipaddress
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def cmd_national_web(args: argparse.Namespace) -> int:
    """Serve the read-only dashboard until interrupted (Ctrl+C)."""
    import os
    import secrets

    import uvicorn

    from ..national.web import create_dashboard_app
    from ..errors import InvalidInputError
    token = args.token or os.environ.get("RESILIENCE_VIEWER_TOKEN") or None
    if not _loopback(args.host) and token is None:
        token = secrets.token_urlsafe(18)
    if token is not None and len(token) < 12:
        raise InvalidInputError(tr("the viewer token must have at least 12 characters"))
    store = _open_existing(args.db)  # fail here, with one line, before the server starts
    app = create_dashboard_app(store, token=token, overdue_months=_overdue(args), lang=args.lang)
    shown = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    url = f"http://{shown}:{args.port}/" + (f"?token={token}" if token else "")
    if args.json:  # one line a script can read before the server starts answering
        import json
        print(json.dumps({"url": url, "host": args.host, "port": args.port, "token": token}), flush=True)
    else:
        print(tr("National dashboard (read-only) at {url}", url=url), flush=True)
        if token is not None and not args.token:
            print(tr("Viewer token: {token} (give it to the people who may read the dashboard)", token=token),
                  flush=True)
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    finally:
        store.close()
    return 0


def cmd_national_report(args: argparse.Namespace) -> int:
    from ..errors import InvalidInputError
    from ..i18n.catalog import set_language
    out = Path(args.output)
    kind = out.suffix.lower()
    if kind not in (".pdf", ".xlsx"):
        raise InvalidInputError(tr("{path}: the national report is written as .pdf or .xlsx", path=out))
    set_language(args.lang)
    with _open_existing(args.db) as store:
        if kind == ".xlsx":
            from ..national.report import write_national_xlsx
            write_national_xlsx(store, out, rule=_rule(args, store), overdue_months=_overdue(args))
        else:
            from ..national.report import national_data
            data = national_data(store, rule=_rule(args, store), overdue_months=_overdue(args))
            from ..national.views import shown_url
            data["source"] = shown_url(args.db)
            cli.offscreen_without_display()
            from ..ui.national.report_pdf import write_national_pdf  # Qt's PDF writer, headless
            write_national_pdf(data, out)
    cli.output(args, {"path": str(out)}, str(out))
    return 0


def register_outputs(ns: argparse._SubParsersAction) -> None:
    """``national report|web`` (called from :func:`register`)."""
    x = ns.add_parser("report", help=tr("the national report: PDF (cover, map, table, roll-ups, E-2) or XLSX"))
    x.add_argument("--db", required=True, metavar="URL")
    x.add_argument("-o", "--output", required=True, metavar="FILE.pdf|FILE.xlsx")
    x.add_argument("--lang", default=argparse.SUPPRESS, metavar="CODE", help=tr("language of the report (en, ru)"))
    x.add_argument("--e2-rule", metavar="RULE")
    x.add_argument("--overdue-months", type=_months, default=None, metavar="N",
                       help=tr("overdue when the last revision is older than N months (default 12)"))
    x.add_argument("--json", action="store_true", help=tr("print JSON"))
    x.set_defaults(func=cmd_national_report)
    x = ns.add_parser("web", help=tr("serve the read-only national dashboard over HTTP"))
    x.add_argument("--db", required=True, metavar="URL")
    x.add_argument("--host", default="127.0.0.1",
                   help=tr("address to listen on (default 127.0.0.1: this computer only)"))
    x.add_argument("--port", type=int, default=8765, metavar="N")
    x.add_argument("--token", metavar="TOKEN", help=tr("viewer token (needed off loopback; generated when not given)"))
    x.add_argument("--json", action="store_true", help=tr("print the address as one JSON line: url, host, port, token"))
    x.add_argument("--overdue-months", type=_months, default=None, metavar="N",
                       help=tr("overdue when the last revision is older than N months (default 12)"))
    x.set_defaults(func=cmd_national_web)
