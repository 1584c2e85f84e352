"""Interface translation: ``tr("English text")`` returns it in the current language.

The catalogs are gettext files: ``resources/i18n/<lang>.po`` (what translators edit) compiled to
``<lang>.mo`` (what the application reads) by ``python -m resilience_desktop.i18n.build``. A
message a language lacks falls back along its chain (Kazakh, Kyrgyz, Uzbek, Tajik → Russian →
English). Besides :func:`tr` there are :func:`trn` (plural forms by the language's own rule) and
:func:`trp` (a message in a context). Report and export code receives a
:class:`~resilience_desktop.i18n.language.Language` and runs inside ``language.active()``, so
rendering a report in Kazakh never touches the interface's language. No Qt here.
"""

from __future__ import annotations

__all__ = [
    "tr", "trn", "trp", "N_", "set_language", "language", "current", "LANGUAGES", "FALLBACKS", "Language",
    "catalog_path", "system_language",
]

import locale as _locale
import os
from pathlib import Path
from typing import Any, Iterable

from .language import FALLBACKS, LANGUAGES, SOURCE_LANG, Language, active_language, normalise_code, po_path

_current: Language = Language.get(SOURCE_LANG)


def catalog_path(lang: str) -> Path:
    """The ``.po`` source catalog of ``lang``."""
    return po_path(lang)


def set_language(lang: str | None) -> str:
    """Switch the interface language (unknown codes fall back to English); return the one in force."""
    global _current
    _current = Language.get(lang)
    return _current.code


def current() -> Language:
    """The language in force here: a report's or export's own (``Language.active()``), else the interface's."""
    return active_language() or _current


def language() -> str:
    """The code of :func:`current`."""
    return current().code


def tr(text: str, /, **values: Any) -> str:
    """Translate ``text``; ``{name}`` fields are filled from ``values`` after translation.

    Examples
    --------
    >>> tr("Score {n}", n=3)
    'Score 3'
    """
    return current().tr(text, **values)


def trn(singular: str, plural: str, n: int, /, **values: Any) -> str:
    """The plural form for ``n`` (``{n}`` is filled in too).

    Examples
    --------
    >>> trn("{n} file", "{n} files", 1), trn("{n} file", "{n} files", 5)
    ('1 file', '5 files')
    """
    return current().trn(singular, plural, n, **values)


def N_(text: str, plural: str | None = None, /) -> str:  # noqa: N802 (gettext's name for the marker)
    """Mark ``text`` (with its ``plural``) for the catalogs and return it untranslated: for the messages
    of a library that asks gettext for them itself (argparse's usage, section titles and errors)."""
    return text


def trp(context: str, text: str, /, **values: Any) -> str:
    """Translate ``text`` in ``context`` (``trp("verb", "Open")`` vs ``trp("status", "Open")``)."""
    return current().trp(context, text, **values)


def system_language(candidates: Iterable[str] | None = None) -> str:
    """The first offered language among the system's preferred ones (``LANGUAGE``, ``LC_ALL``, ...).

    ``candidates`` are locale names in order of preference (the UI passes Qt's
    ``QLocale.system().uiLanguages()``); without them the POSIX environment is read.

    Examples
    --------
    >>> system_language(["de-DE", "kk-KZ", "ru-RU"])
    'kk'
    >>> system_language(["fr_FR"])
    'en'
    """
    if candidates is None:
        names: list[str] = []
        for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
            names.extend(p for p in os.environ.get(var, "").split(":") if p)
        try:
            names.append(_locale.getlocale()[0] or "")
        except ValueError:
            pass
        candidates = names
    for name in candidates:
        base = (name or "").split(".")[0].replace("-", "_").split("_")[0].lower()
        if base in LANGUAGES and base not in ("c", "posix"):
            return normalise_code(base)
    return SOURCE_LANG
