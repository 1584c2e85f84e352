"""The web dashboard's interface texts, per request language, from the app's own catalogs.

:func:`labels` is written with ``tr("…")`` literals so the i18n test sees every text and asks
for its Russian translation; at run time ``tr`` is the translator of the request's language
(:func:`translator`), never the process-wide language, so two browsers can read two languages.
"""

from __future__ import annotations

__all__ = ["labels", "translator", "pick_language", "essential_names"]

from typing import Callable

from ...i18n.catalog import LANGUAGES
from ...i18n.language import Language


def translator(lang: str) -> Callable[..., str]:
    """``tr`` for one language (its gettext catalog and fallback chain), fields filled after translation."""
    return Language.get(lang if lang in LANGUAGES else "en").tr


def pick_language(query: str | None, accept_language: str | None, default: str = "en") -> str:
    """``?lang=`` when it names a known language, else the browser's first known one, else ``default``
    (the language ``national web --lang`` names; English without it).

    >>> pick_language(None, "ru-RU,ru;q=0.9,en;q=0.8"), pick_language("en", "ru"), pick_language("xx", None)
    ('ru', 'en', 'en')
    >>> pick_language(None, None, "ru"), pick_language(None, "*", "kk")
    ('ru', 'kk')
    """
    if query and query.lower()[:2] in LANGUAGES:
        return query.lower()[:2]
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return default if default in LANGUAGES else "en"


def labels(tr: Callable[..., str]) -> dict[str, str]:
    """Every text the page shows, keyed by the name the script uses."""
    return {
        "title": tr("National resilience dashboard"),
        "subtitle": tr("Disaster Resilience Scorecard for Cities: every city that reported to the national platform"),
        "map": tr("Map"), "cities": tr("Cities"), "regions": tr("Regions"), "e2": tr("Sendai E-2"),
        "city": tr("City"), "country": tr("Country"), "region": tr("Region"), "overall": tr("Overall"),
        "revision": tr("Revision"), "last_delivery": tr("Last delivery"), "status": tr("Status"),
        "overdue": tr("overdue"), "up_to_date": tr("up to date"), "no_answers": tr("no answers"),
        "no_coordinates": tr("no coordinates"), "warnings": tr("Import warnings"), "answered": tr("Answered"),
        "scorecard": tr("Scorecard"), "find": tr("Find a city"), "all": tr("all"),
        "median_overall": tr("Median overall score"), "median": tr("Median %"), "min": tr("Min %"), "max": tr("Max %"),
        "essential": tr("Essential"), "score": tr("Score"), "trend": tr("Trend across revisions"),
        "revisions": tr("Revisions"), "exported": tr("Exported"), "back": tr("Back to all cities"),
        "legend": tr("Overall score"), "extent": tr("area of the reporting cities (not a border)"),
        "without_coords": tr("{n} without coordinates"), "in_line": tr("In line"), "yes": tr("yes"), "no": tr("no"),
        "reason": tr("Reason"), "rule": tr("Rule"), "share": tr("Share"), "data_date": tr("Date of the data"),
        "e2_title": tr("Sendai Framework target E-2 / SDG 11.b.2"),
        "e2_text": tr("{n} of {d} local governments ({share}) have a local DRR strategy in line with the national one."),
        "numerator": tr("In line with the national strategy (numerator)"),
        "denominator": tr("Local governments (denominator)"),
        "shown": tr("{shown} of {total} cities shown · {overdue} overdue · median overall score {median}"),
        "read_only": tr("Read-only view of the national store; nothing here changes a city's answers."),
        "loading": tr("Loading…"), "failed": tr("The dashboard could not read the national store."),
        "no_cities": tr("No cities imported yet."),
        "reason_in_line": tr("in line: the plan-making answer is at or above the level"),
        "reason_below": tr("below the level"), "reason_not_answered": tr("plan-making question not answered"),
        "reason_not_applicable": tr("plan-making question marked N/A"),
        "reason_no_plan_question": tr("no assessment with the plan-making question"),
    }


def essential_names(lang: str) -> list[str]:
    """The Ten Essentials' short titles in ``lang`` (from the shipped Preliminary scorecard)."""
    from ...scorecard.registry import default_registry
    try:
        card = default_registry().get("preliminary")
    except Exception:  # noqa: BLE001 - a broken install still shows "E1" … "E10"
        return [f"E{n}" for n in range(1, 11)]
    out = []
    for n in range(1, 11):
        try:
            title = card.essential(n).title
        except KeyError:
            out.append(f"E{n}")
            continue
        out.append(title.get(lang) or title.get("en") or f"E{n}")
    return out
