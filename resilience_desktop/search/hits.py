"""Search hits: what the full-text index found, with the Essential of each question and the match marked.

The index and its query live in the store (:mod:`resilience_desktop.store.search_index`); this module
turns its rows into :class:`SearchHit` records for the command line and the search panel, groups them by
assessment and names each field in the interface language. No Qt.
"""

from __future__ import annotations

__all__ = ["SearchHit", "search_workspace", "group_by_assessment", "field_label", "kind_label", "hit_label",
           "split_snippet", "DEFAULT_LIMIT"]

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..i18n.catalog import tr
from ..store.search_index import HIGHLIGHT_CLOSE, HIGHLIGHT_OPEN

if TYPE_CHECKING:
    from ..workspace.facade import Workspace

#: Hits returned when no limit is asked for: enough for a screen of groups, quick as you type.
DEFAULT_LIMIT = 200


@dataclass(frozen=True)
class SearchHit:
    """One field of one item that matches: an answer's justification, an action's owner, ...

    ``snippet`` is plain text around the match; ``highlights`` are the ``(start, end)`` character
    ranges of the matched words in it.
    """

    kind: str
    entity_id: str
    assessment_id: str
    assessment_title: str
    city_id: str
    city: str
    essential: int | None
    question_id: str | None
    field: str
    snippet: str
    highlights: tuple[tuple[int, int], ...]
    private: bool
    rank: float
    #: Which item: the stakeholder group, the action or the evidence name (``None`` for an answer).
    item: str | None = None

    def marked(self, open_mark: str = "[", close_mark: str = "]") -> str:
        """The snippet with every match between ``open_mark`` and ``close_mark``.

        Examples
        --------
        >>> hit = SearchHit("answer", "x", "a", "T", "c", "C", 1, "P1.1", "justification",
        ...                 "the flood of 2019", ((4, 9),), False, -1.0)
        >>> hit.marked()
        'the [flood] of 2019'
        """
        out, at = [], 0
        for start, end in self.highlights:
            out += [self.snippet[at:start], open_mark, self.snippet[start:end], close_mark]
            at = end
        return "".join(out) + self.snippet[at:]

    def to_json(self) -> dict[str, Any]:
        """The hit as the ``search --json`` contract names it."""
        return {"kind": self.kind, "assessment_id": self.assessment_id, "assessment_title": self.assessment_title,
                "city_id": self.city_id, "city": self.city, "essential": self.essential,
                "question_id": self.question_id, "field": self.field, "id": self.entity_id,
                "item": self.item, "snippet": self.snippet, "highlights": [list(h) for h in self.highlights],
                "private": self.private}


def split_snippet(marked: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The plain text of an index snippet and the ranges its highlight marks enclosed.

    Examples
    --------
    >>> split_snippet("a \\ue000паводок\\ue001 b")
    ('a паводок b', ((2, 9),))
    """
    text: list[str] = []
    spans: list[tuple[int, int]] = []
    length, start = 0, None
    for ch in marked:
        if ch == HIGHLIGHT_OPEN:
            start = length
        elif ch == HIGHLIGHT_CLOSE:
            if start is not None and length > start:
                spans.append((start, length))
            start = None
        else:
            text.append(ch)
            length += 1
    return "".join(text), tuple(spans)


def search_workspace(ws: "Workspace", text: str, *, include_private: bool = False,
                     limit: int = DEFAULT_LIMIT) -> list[SearchHit]:
    """Every field in ``ws`` matching ``text`` (all its words, as word prefixes), best first.

    Private justifications and stakeholder notes are searched only with ``include_private`` (the
    assessment view shows them to the person at the keyboard; a file or a script does not get them
    unless asked).
    """
    essentials: dict[tuple[str, str], int | None] = {}
    cards: dict[str, Any] = {}
    hits = []
    for r in ws.search_text(text, include_private=include_private, limit=limit):
        qid, aid = r["question_id"], r["assessment_id"]
        if qid is not None and (aid, qid) not in essentials:
            card = cards.get(aid) or cards.setdefault(aid, ws.scorecard_of(aid))
            essentials[(aid, qid)] = card.question(qid).essential if card.has_question(qid) else None
        snippet, spans = split_snippet(r["snippet"] or "")
        hits.append(SearchHit(r["kind"], r["entity_id"], aid, r["assessment_title"], r["city_id"], r["city"],
                              essentials.get((aid, qid)) if qid is not None else None, qid, r["field"],
                              snippet, spans, r["private"], float(r["rank"]), r["item"]))
    return hits


def group_by_assessment(hits: list[SearchHit]) -> list[tuple[str, list[SearchHit]]]:
    """``(assessment id, its hits)`` pairs, the assessment with the best hit first, hits in their order."""
    groups: dict[str, list[SearchHit]] = {}
    for hit in hits:
        groups.setdefault(hit.assessment_id, []).append(hit)
    return list(groups.items())


def kind_label(kind: str) -> str:
    """What a hit is, in the interface language."""
    return {"answer": tr("Answer"), "stakeholder": tr("Stakeholder group"), "action": tr("Action"),
            "evidence": tr("Evidence")}.get(kind, kind)


def field_label(field: str) -> str:
    """Which field matched, in the interface language (the labels of the assessment view)."""
    return {"justification": tr("Why this score"), "verification": tr("Means of verification"),
            "data_sources": tr("Data sources"), "stakeholder": tr("Stakeholder group"), "note": tr("Note"),
            "action": tr("Action"), "owner": tr("Responsible"), "timescale": tr("Timescale"),
            "name": tr("Name"), "description": tr("Description"), "url": tr("Link")}.get(field, field)


def hit_label(kind: str, field: str) -> str:
    """Which field of what matched (the search window's and ``search``'s column): an answer's field alone,
    another's after its kind ("Evidence: Link"), the kind alone when the field is its very name ("Action")."""
    label = field_label(field)
    return label if kind == "answer" or kind_label(kind) == label else f"{kind_label(kind)}: {label}"

