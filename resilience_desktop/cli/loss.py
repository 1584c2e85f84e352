"""``loss import`` and ``loss summary``: a city's historic disaster losses from a DesInventar export.

Registered by :data:`resilience_desktop.cli.main.COMMAND_MODULES`. The ``--json`` documents are a
contract: ``loss import`` → ``{"records", "excluded", "years": [first, last], "events": {kind: count},
"totals": {"deaths", "missing", "injured", "affected", "houses_destroyed", "houses_damaged",
"loss_usd"}}`` (a total is ``null`` when no record gave the figure); ``loss summary`` → the same
plus ``by_event`` (per hazard kind) and ``by_year``.
"""

from __future__ import annotations

__all__ = ["register"]

import argparse

from ..errors import InvalidInputError
from ..i18n.catalog import tr, trn
from ._common import Parser, add_workspace_options, open_workspace, output


def _city(ws, city_id: str | None):
    cities = ws.list_cities()
    if city_id:
        return ws.get_city(city_id)
    if len(cities) != 1:
        raise InvalidInputError(trn("the workspace has {n} city; choose one with --city ({cities})",
                                    "the workspace has {n} cities; choose one with --city ({cities})", len(cities),
                                    cities=", ".join(c.id + " " + c.name for c in cities[:5])
                                    or tr("add one with city add")))
    return cities[0]


def _number(value: float) -> str:
    """A count or an amount as the language writes it (``31 976`` in Russian, ``0,485``)."""
    from ..i18n.catalog import current
    return current().number(value, 0 if float(value).is_integer() else 3)


def _years(summary) -> str:
    return f"{summary.years[0]}–{summary.years[1]}" if summary.years else tr("no dates")


def _totals_text(summary) -> str:
    from ..loss import figure_label
    from ..loss.summary import TOTAL_FIGURES
    lines = []
    for k in TOTAL_FIGURES:
        v = summary.totals[k]
        more = summary.unknown.get(k)
        text = tr("not recorded") if v is None else _number(v)
        if more:
            text += "  " + trn("(+ {n} record: some, number unknown)", "(+ {n} records: some, number unknown)", more)
        lines.append(f"  {figure_label(k):<22} {text}")
    return "\n".join(lines)


def _events_text(counts: dict[str, int]) -> str:
    from ..workspace.hazards import hazard_kind_label
    return ", ".join(f"{hazard_kind_label(kind)} {n}" for kind, n in counts.items())


def cmd_loss_import(args: argparse.Namespace) -> int:
    from ..loss import read_desinventar, summarize
    from ..workspace.losses import file_sha256
    with open_workspace(args, write=False) as ws:
        city = _city(ws, args.city)
    # The export is read before the workspace is opened for writing: a file refused leaves no trace
    # (not even the backup a writing session starts with).
    imp = read_desinventar(args.file, city_name=city.name, geo_code=args.geo_code,
                           include_unpublished=args.include_unpublished)
    sha = file_sha256(args.file)
    with open_workspace(args, write=True) as ws:
        ws.add_loss_import(city.id, imp, source_sha256=sha)
    s = summarize(imp.records, excluded=imp.excluded)

    def text() -> str:
        head = tr("{city}: matched to {unit}; {n} records imported ({years}), {excluded} unpublished left out, "
                  "{elsewhere} of other places", city=city.name, unit=imp.match.label() if imp.match else "-",
                  n=s.records, years=_years(s), excluded=s.excluded, elsewhere=imp.elsewhere)
        return head + "\n" + _events_text(s.events) + "\n" + _totals_text(s)
    output(args, s.import_json(), text)
    return 0


def cmd_loss_summary(args: argparse.Namespace) -> int:
    with open_workspace(args, write=False) as ws:
        city = _city(ws, args.city)
        s = ws.loss_summary(city.id)
        from ..loss import sendai_figures
        sendai = sendai_figures(s, city.population)

    def text() -> str:
        if not s.records:
            return tr("{city}: no loss records (import some with 'loss import')", city=city.name)
        out = [tr("{city}: {n} records ({years}), {excluded} unpublished left out", city=city.name, n=s.records,
                  years=_years(s), excluded=s.excluded), _totals_text(s),
               tr("by hazard: {counts}", counts=_events_text({k: v["events"] for k, v in s.by_event.items()})),
               tr("Sendai:")]
        out += [f"  {f.code:<10} {f.label}: {'-' if f.value is None else _number(f.value)}   [{f.formula}]"
                for f in sendai]
        return "\n".join(out)
    output(args, s.to_json(), text)
    return 0


def register(sub: argparse._SubParsersAction, groups: dict[str, argparse._SubParsersAction]) -> None:
    p = sub.add_parser("loss", help=tr("historic disaster losses (DesInventar) of a city"))
    lsub = p.add_subparsers(dest="loss_command", metavar="ACTION", required=True, parser_class=Parser)
    groups["loss"] = lsub
    i = lsub.add_parser("import", help=tr("import a DesInventar export (DI_export_<code>.zip or .xml) for a city"))
    i.add_argument("file", metavar="FILE")
    i.add_argument("--city", metavar="CITY_ID", help=tr("the city (default: the workspace's only city)"))
    i.add_argument("--geo-code", metavar="CODE", help=tr("the city's geography code in the export "
                   "(default: the unit named like the city)"))
    i.add_argument("--include-unpublished", action="store_true",
                   help=tr("keep draft, in-review, rejected and support records (left out by default)"))
    add_workspace_options(i)
    i.set_defaults(func=cmd_loss_import)
    s = lsub.add_parser("summary", help=tr("a city's loss totals per hazard and year, and Sendai A-D"))
    s.add_argument("--city", metavar="CITY_ID", help=tr("the city (default: the workspace's only city)"))
    add_workspace_options(s)
    s.set_defaults(func=cmd_loss_summary)
