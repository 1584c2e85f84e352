"""The action plan: every action item of an assessment in one list, filtered and written as CSV.

No Qt: the action plan view, the report and scripts share it.
"""

from __future__ import annotations

__all__ = ["ActionPlanRow", "ActionPlanFilter", "action_plan_rows", "filter_choices", "status_label",
           "write_action_plan_csv"]

import io
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterable, Mapping, Sequence

from ..safety import csv_safe
from ..atomic import atomic_target
from ..i18n.catalog import tr
from ..workspace.labels import action_status_label
from ..workspace.records import ActionItem, Answer
from ..scorecard import Scorecard, tr_text


#: The action status as the user reads it (unknown codes are shown as they are).
status_label = action_status_label


@dataclass(frozen=True)
class ActionPlanRow:
    """One action item with the question it belongs to (``None`` for assessment-wide actions)."""

    action_id: str
    essential: int | None
    question_id: str | None
    topic: str
    #: The question's score as text: a number, N/A, or empty while not answered.
    score: str
    action: str
    responsible: str
    timescale: str
    status: str

    @property
    def status_text(self) -> str:
        return status_label(self.status)


@dataclass(frozen=True)
class ActionPlanFilter:
    """Keep rows matching every criterion given (``None`` = any). Text criteria ignore case and
    surrounding spaces; an empty string matches rows where that field is empty."""

    essential: int | None = None
    responsible: str | None = None
    timescale: str | None = None
    status: str | None = None

    def matches(self, row: ActionPlanRow) -> bool:
        if self.essential is not None and row.essential != self.essential:
            return False
        if self.status is not None and row.status != self.status:
            return False
        for wanted, value in ((self.responsible, row.responsible), (self.timescale, row.timescale)):
            if wanted is not None and _norm(wanted) != _norm(value):
                return False
        return True

    def apply(self, rows: Iterable[ActionPlanRow]) -> list[ActionPlanRow]:
        return [r for r in rows if self.matches(r)]


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def action_plan_rows(card: Scorecard, answers: Mapping[str, Answer], actions: Sequence[ActionItem],
                     lang: str = "en") -> list[ActionPlanRow]:
    """The action items in scorecard order (assessment-wide items last), each with its question.

    Examples
    --------
    >>> from resilience_desktop.scorecard.loader import scorecard_from_dict
    >>> card = scorecard_from_dict({"format": 1, "id": "t", "version": 1, "title": {"en": "T"},
    ...     "score_range": [0, 3], "essentials": [{"number": 1, "title": {"en": "E1"}}],
    ...     "questions": [{"id": "P1.1", "essential": 1, "topic": {"en": "Plan"}, "text": {"en": "q"},
    ...                    "levels": {str(s): {"en": str(s)} for s in range(4)}}]})
    >>> rows = action_plan_rows(card, {"P1.1": Answer("P1.1", 1, False)},
    ...                         [ActionItem("x", "P1.1", "Adopt a plan", "Council", "1 year", "open")])
    >>> [(r.essential, r.question_id, r.topic, r.score, r.action) for r in rows]
    [(1, 'P1.1', 'Plan', '1', 'Adopt a plan')]
    """
    order = {q.id: i for i, q in enumerate(card.questions)}
    indexed = sorted(enumerate(actions), key=lambda p: (order.get(p[1].question_id or "", len(order)), p[0]))
    rows = []
    for _i, item in indexed:
        qid = item.question_id
        essential, topic, score = None, "", ""
        if qid is not None and card.has_question(qid):
            q = card.question(qid)
            essential, topic = q.essential, tr_text(q.topic, lang)
            a = answers.get(qid)
            if a is not None and a.na:
                score = tr("N/A")
            elif a is not None and a.score is not None:
                score = str(a.score)
        rows.append(ActionPlanRow(item.id, essential, qid, topic, score, item.action, item.responsible,
                                  item.timescale, item.status))
    return rows


def filter_choices(rows: Iterable[ActionPlanRow]) -> dict[str, list]:
    """The distinct values to offer in each filter: essentials, responsible, timescale, status."""
    rows = list(rows)

    def texts(values: Iterable[str]) -> list[str]:
        # One entry per value as the filter compares them (case and spaces folded), spelled the
        # way most rows spell it (ties: the first in sort order, so the choice is stable).
        spellings: dict[str, Counter[str]] = {}
        for v in values:
            spellings.setdefault(_norm(v), Counter())[" ".join(v.split())] += 1
        chosen = [min(c, key=lambda s: (-c[s], s)) for c in spellings.values()]
        return sorted(chosen, key=str.casefold)

    return {
        "essential": sorted({r.essential for r in rows if r.essential is not None}),
        "responsible": texts(r.responsible for r in rows),
        "timescale": texts(r.timescale for r in rows),
        "status": sorted({r.status for r in rows}),
    }


def _csv_header() -> list[str]:
    return [tr("Essential"), tr("Question"), tr("Topic"), tr("Score"), tr("Action"), tr("Responsible institution"),
            tr("Timescale"), tr("Status")]


def write_action_plan_csv(rows: Iterable[ActionPlanRow], target: str | Path | IO[str]) -> None:
    """Write ``rows`` as CSV with a header in the interface language.

    A path is written as UTF-8 with a byte-order mark (so spreadsheet programs show Cyrillic
    correctly) through a temporary file, so a failed write never leaves half a file behind.
    """
    if isinstance(target, (str, Path)):
        buffer = io.StringIO()
        _write(rows, buffer)
        with atomic_target(target) as tmp:
            tmp.write_text(buffer.getvalue(), encoding=csv_safe.WRITE_ENCODING, newline="")
        return
    _write(rows, target)


def _write(rows: Iterable[ActionPlanRow], out: IO[str]) -> None:
    writer = csv_safe.writer(out, lineterminator="\r\n")
    writer.writerow(_csv_header())
    for r in rows:
        writer.writerow(["" if r.essential is None else r.essential, r.question_id or "", r.topic, r.score, r.action,
                         r.responsible, r.timescale, r.status_text])
