"""Sendai Framework target E-2 from the stored assessments, with a stated, configurable rule.

Indicator E-2 (also SDG 11.b.2) is the share of local governments that adopt and implement
local disaster risk reduction strategies in line with the national strategy. The scorecard's
plan-making question of Essential 1 asks exactly that, level by level, so the default rule is:

- Preliminary scorecard: question **P1.1 at level 2 or above** (level 2: a separate DRR plan that
  meets the Sendai requirements and covers the Ten Essentials; level 3: DRR built into the city's
  main plan). Level 1 — a plan that meets the requirements only in part — does not count.
- Detailed scorecard: question **1.1 at level 4 or above** (level 4: a Sendai-compliant plan
  covering the Ten Essentials is adopted, with minor gaps; level 5: fully built in and implemented).

Each city is judged on its most recent assessment that asks one of the rule's questions (the
head revision of the assessment started last). The denominator is every local government in the
store; a city whose answer is missing, N/A or below the level counts in the denominator only,
and its reason is listed. A national platform may choose other levels (``--e2-rule``).
"""

from __future__ import annotations

__all__ = ["E2Rule", "DEFAULT_E2_RULE", "check_rule", "sendai_e2", "e2_csv", "reason_text", "E2_COLUMNS"]

import io
import json
import re
from dataclasses import dataclass
from typing import Any

from ..errors import InvalidInputError
from ..i18n.catalog import tr
from ..safety import csv_safe
from .store import NationalStore


@dataclass(frozen=True)
class E2Rule:
    """Per scorecard id: the plan-making question and the lowest level that counts as "in line"."""

    questions: tuple[tuple[str, str, int], ...]

    def text(self) -> str:
        """The rule as one line, e.g. ``preliminary:P1.1>=2, detailed:1.1>=4``."""
        return ", ".join(f"{card}:{q}>={level}" for card, q, level in self.questions)

    @classmethod
    def parse(cls, text: str) -> "E2Rule":
        """``SCORECARD:QUESTION>=LEVEL`` items separated by commas.

        >>> E2Rule.parse("preliminary:P1.1>=3").questions
        (('preliminary', 'P1.1', 3),)
        """
        items = []
        for part in filter(None, (p.strip() for p in text.split(","))):
            m = re.fullmatch(r"([\w.-]+):([\w.-]+)\s*>=\s*(\d+)", part)
            if not m:
                raise InvalidInputError(tr("bad E-2 rule {part!r}: write SCORECARD:QUESTION>=LEVEL, e.g."
                                           " preliminary:P1.1>=2", part=part))
            items.append((m[1], m[2], int(m[3])))
        if not items or len({card for card, _q, _l in items}) != len(items):
            raise InvalidInputError(tr("bad E-2 rule {part!r}: name each scorecard once", part=text))
        return cls(tuple(items))


DEFAULT_E2_RULE = E2Rule((("preliminary", "P1.1", 2), ("detailed", "1.1", 4)))


def check_rule(rule: E2Rule, store: NationalStore | None = None, registry: Any = None) -> E2Rule:
    """``rule`` when every scorecard, question and level it names exists, else one sentence.

    The scorecards are those this computer knows (built in or installed) and those the store's
    bundles carry. A typo (``p1.1``, ``prelim``, ``>=9`` on a 0-3 scale) gave E-2 0 % silently.
    """
    cards: dict[str, tuple[set[str], int, int]] = {}
    from ..scorecard import default_registry
    reg = registry or default_registry()
    for card in reg.latest():
        cards[card.id] = ({q.id for q in card.questions}, card.min_score, card.max_score)
    if store is not None:
        latest = ("SELECT b.scorecard_id, b.scorecard_json FROM bundles b WHERE b.scorecard_version = (SELECT"
                  " MAX(c.scorecard_version) FROM bundles c WHERE c.scorecard_id = b.scorecard_id)")
        for row in store.query(latest):
            if row["scorecard_id"] in cards:
                continue
            snap = json.loads(row["scorecard_json"])
            low, high = snap.get("score_range") or (0, 0)
            cards[row["scorecard_id"]] = ({str(q.get("id")) for q in snap.get("questions", [])}, int(low), int(high))
    for card_id, qid, level in rule.questions:
        if card_id not in cards:
            raise InvalidInputError(tr("E-2 rule: there is no scorecard {id!r}; the scorecards: {known}", id=card_id,
                                       known=", ".join(sorted(cards))))
        questions, low, high = cards[card_id]
        if qid not in questions:
            near = sorted(q for q in questions if q.casefold() == qid.casefold())
            raise InvalidInputError(
                tr("E-2 rule: scorecard {card} has no question {question!r}", card=card_id, question=qid)
                + (tr(" (did you mean {question}?)", question=near[0]) if near else ""))
        if not low <= level <= high:
            raise InvalidInputError(tr("E-2 rule: level {level} is outside the scores of {card} ({low}–{high})",
                                       level=level, card=card_id, low=low, high=high))
    return rule

#: Columns of the E-2 city list (CSV, XLSX, JSON ``cities``).
E2_COLUMNS = ("city_id", "name", "country", "region", "in_line", "reason", "scorecard_id", "question_id",
              "score", "threshold", "assessment_id", "revision", "exported_at")


def sendai_e2(store: NationalStore, rule: E2Rule = DEFAULT_E2_RULE) -> dict[str, Any]:
    """E-2 as ``{rule, local_governments, in_line, share, data_date, cities: [...]}`` (one SQL query).

    ``reason`` of each city is ``in_line``, ``below``, ``not_answered``, ``not_applicable`` or
    ``no_plan_question`` (no assessment on a scorecard the rule names).
    """
    cards = [c for c, _q, _l in rule.questions]
    marks = ",".join("?" * len(cards))
    match = " OR ".join("(r.scorecard_id = ? AND a.question_id = ?)" for _ in rule.questions)
    params: list[Any] = [*cards]
    params += [v for card, q, _l in rule.questions for v in (card, q)]
    rows = store.query(
        "WITH heads AS (SELECT assessment_id, MAX(revision) AS revision FROM bundles GROUP BY assessment_id),"
        " ranked AS (SELECT b.assessment_id, b.revision, b.city_id, b.scorecard_id, b.exported_at,"
        " ROW_NUMBER() OVER (PARTITION BY b.city_id ORDER BY COALESCE(b.started_on, '') DESC, b.exported_at DESC,"
        " b.assessment_id DESC) AS rn FROM bundles b JOIN heads h ON h.assessment_id = b.assessment_id"
        f" AND h.revision = b.revision WHERE b.scorecard_id IN ({marks}))"
        " SELECT c.id, c.name, c.country, c.region, r.assessment_id, r.revision, r.scorecard_id, r.exported_at,"
        " a.question_id, a.score, a.na FROM cities c LEFT JOIN ranked r ON r.city_id = c.id AND r.rn = 1"
        f" LEFT JOIN answers a ON a.assessment_id = r.assessment_id AND a.revision = r.revision AND ({match})",
        params)
    levels = {card: (q, level) for card, q, level in rule.questions}
    cities = []
    for r in rows:
        question, threshold = levels.get(r["scorecard_id"], (None, None))
        if r["assessment_id"] is None:
            reason = "no_plan_question"
        elif r["na"]:
            reason = "not_applicable"
        elif r["score"] is None:
            reason = "not_answered"
        else:
            reason = "in_line" if r["score"] >= threshold else "below"
        cities.append({"city_id": r["id"], "name": r["name"], "country": r["country"], "region": r["region"],
                       "in_line": reason == "in_line", "reason": reason, "scorecard_id": r["scorecard_id"],
                       "question_id": question, "score": r["score"], "threshold": threshold,
                       "assessment_id": r["assessment_id"],
                       "revision": None if r["revision"] is None else int(r["revision"]),
                       "exported_at": r["exported_at"]})
    cities.sort(key=lambda c: (not c["in_line"], c["country"], c["name"].casefold(), c["city_id"]))
    n, yes = len(cities), sum(c["in_line"] for c in cities)
    dates = [c["exported_at"] for c in cities if c["exported_at"]]
    return {"rule": rule.text(), "local_governments": n, "in_line": yes,
            "share": round(yes / n, 4) if n else 0.0, "data_date": max(dates) if dates else None,
            "cities": cities}


def reason_text(reason: str) -> str:
    """The reason code of one city, translated."""
    return {"in_line": tr("in line: the plan-making answer is at or above the level"),
            "below": tr("below the level"), "not_answered": tr("plan-making question not answered"),
            "not_applicable": tr("plan-making question marked N/A"),
            "no_plan_question": tr("no assessment with the plan-making question")}.get(reason, reason)


def e2_csv(result: dict[str, Any]) -> str:
    """E-2 as CSV for national reporting: the figure and its rule first, then one line per city."""
    buf = io.StringIO()
    w = csv_safe.writer(buf, lineterminator="\n")  # city names and regions come from bundles
    w.writerow(["indicator", "rule", "local_governments", "in_line", "share", "data_date"])
    w.writerow(["Sendai E-2 / SDG 11.b.2", result["rule"], result["local_governments"], result["in_line"],
                result["share"], result["data_date"] or ""])
    w.writerow([])
    w.writerow(E2_COLUMNS)
    for c in result["cities"]:
        w.writerow(["" if c[k] is None else c[k] for k in E2_COLUMNS])
    return buf.getvalue()
