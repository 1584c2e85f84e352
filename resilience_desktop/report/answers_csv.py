"""An assessment's answers as a CSV table: one row per question, for spreadsheets and scripts.

The file is UTF-8 with a byte-order mark, because spreadsheet programs (Excel above all) take a
CSV without one for the local 8-bit code page and show Cyrillic as mojibake. In English the
header row holds the stable column keys (:data:`COLUMNS`), a contract with scripts like the
``--json`` keys of the command line; in another language it is translated (the columns keep their
order), like the topics. Comments marked private are left
empty unless ``include_private`` is given.
"""

from __future__ import annotations

__all__ = ["COLUMNS", "answer_rows", "write_answers_csv", "column_headers"]


from pathlib import Path

from ..safety import csv_safe
from ..atomic import atomic_target
from ..i18n.catalog import trp
from ..i18n.language import Language
from ..scorecard import tr_text
from ..workspace.facade import Workspace

COLUMNS = ("assessment_id", "question_id", "essential", "topic", "score", "max", "na", "answered", "comment",
           "verification", "responsible", "data_sources", "actions", "timescale")

#: Joins the several action items of one question into one cell.
ACTION_SEPARATOR = "; "


def answer_rows(ws: Workspace, assessment_id: str, *, lang: Language | str = "en",
                include_private: bool = False) -> list[dict[str, str | int]]:
    """The rows :func:`write_answers_csv` writes: one per active question in the assessment's scope.

    ``score`` is empty when the question is N/A or not answered; ``na`` and ``answered`` are 1 or 0;
    ``actions`` and ``timescale`` list the question's action items in the same order.
    """
    a = ws.get_assessment(assessment_id)
    card = ws.scorecard(a.scorecard_id, a.scorecard_version)
    answers = ws.answers(assessment_id)
    actions: dict[str | None, list] = {}
    for item in ws.list_actions(assessment_id):
        actions.setdefault(item.question_id, []).append(item)
    scope = set(a.essentials_scope) if a.essentials_scope is not None else None
    rows: list[dict[str, str | int]] = []
    for q in card.active_questions:
        if scope is not None and q.essential not in scope:
            continue
        ans = answers.get(q.id)
        items = actions.get(q.id, [])
        private = ans is not None and ans.comment_private and not include_private
        rows.append({
            "assessment_id": assessment_id, "question_id": q.id, "essential": q.essential,
            "topic": tr_text(q.topic, lang),
            "score": "" if ans is None or ans.na or ans.score is None else ans.score,
            "max": card.max_score,
            "na": int(bool(ans and ans.na)), "answered": int(bool(ans and ans.answered)),
            "comment": "" if ans is None or private else ans.comment,
            "verification": ans.verification if ans else "", "responsible": ans.responsible if ans else "",
            "data_sources": ans.data_sources if ans else "",
            "actions": ACTION_SEPARATOR.join(x.action for x in items),
            "timescale": ACTION_SEPARATOR.join(x.timescale for x in items),
        })
    return rows


def write_answers_csv(ws: Workspace, assessment_id: str, path: str | Path, *, lang: Language | str = "en",
                      include_private: bool = False) -> Path:
    """Write the answers of ``assessment_id`` to ``path`` (replaced atomically); return the path.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from resilience_desktop.demo.workspace import write_demo
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with Workspace.open(write_demo(folder / "demo.rdw")) as ws:
    ...     out = write_answers_csv(ws, ws.list_assessments()[0].id, folder / "answers.csv")
    >>> out.read_bytes()[:3] == b"\\xef\\xbb\\xbf"
    True
    """
    rows = answer_rows(ws, assessment_id, lang=lang, include_private=include_private)
    path = Path(path)
    with atomic_target(path) as tmp:
        with csv_safe.open_for_writing(tmp) as fh:
            writer = csv_safe.DictWriter(fh, fieldnames=COLUMNS)
            writer.writerow(column_headers(lang))
            writer.writerows(rows)
    return path


def column_headers(lang: Language | str = "en") -> dict[str, str]:
    """The header row in ``lang``: the column keys themselves in English, translated otherwise."""
    with Language.of(lang).active():
        labels = (
            trp("csv column", "assessment_id"), trp("csv column", "question_id"), trp("csv column", "essential"),
            trp("csv column", "topic"), trp("csv column", "score"), trp("csv column", "max"),
            trp("csv column", "na"), trp("csv column", "answered"), trp("csv column", "comment"),
            trp("csv column", "verification"), trp("csv column", "responsible"),
            trp("csv column", "data_sources"), trp("csv column", "actions"), trp("csv column", "timescale"))
    return dict(zip(COLUMNS, labels))
