"""The scorecard data model: plain, immutable objects built from a definition file.

A :class:`Scorecard` is what the rest of the application reads; it never changes once loaded.
Human texts are dicts from language code to string; :func:`tr_text` picks one with ``en``
as the fallback.
"""

from __future__ import annotations

__all__ = ["Text", "Essential", "Question", "Scorecard", "tr_text", "FALLBACK_LANG"]

from dataclasses import dataclass, field
from typing import Any, Mapping

from ..i18n.language import FALLBACKS

Text = Mapping[str, str]
FALLBACK_LANG = "en"


def tr_text(text: Text | None, lang: Any = FALLBACK_LANG) -> str:
    """Return ``text`` in ``lang`` (a code or a ``Language``), along its fallback chain, or ``""``.

    Kazakh, Kyrgyz, Uzbek and Tajik fall back to Russian, then English.

    Examples
    --------
    >>> tr_text({"en": "Drills", "ru": "Учения"}, "ru")
    'Учения'
    >>> tr_text({"en": "Drills"}, "ru")
    'Drills'
    >>> tr_text({"en": "Drills", "ru": "Учения"}, "kk")
    'Учения'
    """
    if not text:
        return ""
    chain = getattr(lang, "chain", None)
    if chain is None:
        code = str(lang or FALLBACK_LANG)
        chain = (code, *FALLBACKS.get(code, ()), FALLBACK_LANG)
    for code in chain:
        if text.get(code):
            return text[code]
    return text.get(FALLBACK_LANG) or ""


@dataclass(frozen=True)
class Essential:
    """One of the Ten Essentials (a section of the scorecard)."""

    number: int
    title: Text
    description: Text = field(default_factory=dict)


@dataclass(frozen=True)
class Question:
    """One scored item: a Preliminary question, a Detailed section or indicator, an addendum item."""

    id: str
    essential: int
    topic: Text
    text: Text
    guidance: Text
    levels: Mapping[int, Text]
    scenarios: tuple[str, ...] = ()
    retired: bool = False

    @property
    def scenario_linked(self) -> bool:
        """Whether the levels are judged against the city's most probable / most severe scenarios."""
        return bool(self.scenarios)


@dataclass(frozen=True)
class Scorecard:
    """A validated scorecard definition of one id and version."""

    id: str
    version: int
    title: Text
    description: Text
    level: str
    score_range: tuple[int, int]
    essentials: tuple[Essential, ...]
    questions: tuple[Question, ...]
    provisional: bool = False
    notes: Text = field(default_factory=dict)
    official_ids: tuple[str, ...] = ()
    source: str = ""
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def min_score(self) -> int:
        return self.score_range[0]

    @property
    def max_score(self) -> int:
        return self.score_range[1]

    @property
    def active_questions(self) -> tuple[Question, ...]:
        """Questions that are scored (not retired)."""
        return tuple(q for q in self.questions if not q.retired)

    def question(self, question_id: str) -> Question:
        """Return the question with this id; raise ``KeyError`` when there is none."""
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def has_question(self, question_id: str) -> bool:
        return any(q.id == question_id for q in self.questions)

    def essential(self, number: int) -> Essential:
        for e in self.essentials:
            if e.number == number:
                return e
        raise KeyError(number)

    def questions_of(self, essential: int, *, include_retired: bool = False) -> tuple[Question, ...]:
        return tuple(
            q for q in self.questions
            if q.essential == essential and (include_retired or not q.retired)
        )

    def to_json(self) -> dict[str, Any]:
        """The public JSON form (``scorecard show ID --json``); every human text keyed by language."""
        return {
            "id": self.id,
            "version": self.version,
            "title": dict(self.title),
            "level": self.level,
            "provisional": self.provisional,
            "score_range": [self.min_score, self.max_score],
            "essentials": [
                {"number": e.number, "title": dict(e.title), "description": dict(e.description)}
                for e in self.essentials
            ],
            "questions": [
                {
                    "id": q.id,
                    "essential": q.essential,
                    "topic": dict(q.topic),
                    "text": dict(q.text),
                    "guidance": dict(q.guidance),
                    "levels": {str(k): dict(v) for k, v in sorted(q.levels.items())},
                    "scenarios": list(q.scenarios),
                    "retired": q.retired,
                }
                for q in self.questions
            ],
        }
