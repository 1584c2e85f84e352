"""``search TEXT``: full-text search of every assessment in a workspace.

Registered by :data:`resilience_desktop.cli.main.COMMAND_MODULES`. ``--json`` prints a list of hits (a
contract): ``{"kind": "answer|stakeholder|action|evidence", "assessment_id", "assessment_title", "city_id",
"city", "essential" (a number or null), "question_id" (null for items of the whole assessment), "field"
(justification, verification, data_sources, stakeholder, note, action, owner, timescale, name, description,
url), "id" (of the answer, stakeholder score, action item or evidence), "item" (the stakeholder group,
action or evidence name; null for an answer), "snippet" (plain text around the
match), "highlights" ([start, end] character ranges of the matched words in the snippet), "private"}``,
best match first. Every word typed must occur in the same field, as the start of a word; any text is
safe (quotes, ``AND``, ``*`` are just characters). Private justifications and stakeholder notes only
with ``--include-private``.
"""

from __future__ import annotations

__all__ = ["register"]

import argparse

from ..errors import InvalidInputError
from ..i18n.catalog import tr, trn
from ._common import add_workspace_options, int_arg, open_workspace, output, text_arg


def cmd_search(args: argparse.Namespace) -> int:
    from ..search import hit_label, search_workspace
    from ..store.search_index import match_expression
    if match_expression(args.text) is None:
        raise InvalidInputError(tr("{text!r} has no letters or digits to search for", text=args.text))
    with open_workspace(args, write=False) as ws:
        hits = search_workspace(ws, args.text, include_private=args.include_private, limit=args.limit + 1)
    more = len(hits) > args.limit  # one more asked for, to say that the list is cut
    hits = hits[:args.limit]

    def text() -> str:
        if not hits:
            return tr("nothing matches {text!r}", text=args.text)
        private = "  (" + tr("private") + ")"
        rows = [(h.city, h.assessment_title, h.question_id or "-", hit_label(h.kind, h.field),
                 h.marked().replace("\n", " ") + (private if h.private else "")) for h in hits]
        heads = (tr("City"), tr("Assessment"), tr("Question"), tr("Field"), tr("Match"))
        widths = [min(40, max(len(str(r[i])) for r in [heads, *rows])) for i in range(4)]
        lines = ["  ".join(str(c)[:w].ljust(w) for c, w in zip(r[:4], widths)) + "  " + r[4]
                 for r in [heads, *rows]]
        count = trn("{n} match", "{n} matches", len(hits))
        if more:
            count += tr("; there are more: give a larger --limit or more words")
        return "\n".join(lines) + "\n" + count
    output(args, [h.to_json() for h in hits], text)
    return 0


def register(sub: argparse._SubParsersAction, groups: dict[str, argparse._SubParsersAction]) -> None:
    p = sub.add_parser("search", help=tr("find text in every assessment: justifications, means of verification, "
                       "actions, evidence"))
    p.add_argument("text", metavar="TEXT", type=text_arg("the search text", limit=500, required=True),
                   help=tr("words to find (each as the start of a word, all in one field)"))
    p.add_argument("--include-private", action="store_true",
                   help=tr("also search justifications and stakeholder notes marked private"))
    p.add_argument("--limit", type=int_arg("--limit", low=1, high=10_000), default=200, metavar="N",
                   help=tr("at most N matches (default 200)"))
    add_workspace_options(p)
    p.set_defaults(func=cmd_search)
