"""One interface language: its gettext catalog with fallbacks, its plural rule and its CLDR formats.

A :class:`Language` is what report and export code receive instead of a language code: it
translates (``tr``, ``trn`` for plurals, ``trp`` for a message in a context) and formats numbers,
percentages, dates, units and file sizes the way its locale writes them (Babel's CLDR data).
Catalogs are compiled gettext files ``resources/i18n/<code>.mo``; a message missing from a
language's catalog falls back along :data:`FALLBACKS` (Kazakh → Russian → English) and ends at
the English source text. No Qt here.
"""

from __future__ import annotations

__all__ = ["Language", "active_language", "LANGUAGES", "FALLBACKS", "SOURCE_LANG", "normalise_code", "mo_path", "po_path"]

import contextvars
import gettext
from contextlib import contextmanager
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from babel import units as babel_units

from ..paths import data_dir

#: Languages the interface offers, each with its own name for itself.
LANGUAGES: dict[str, str] = {
    "en": "English",
    "ru": "Русский",
    "kk": "Қазақша",
    "ky": "Кыргызча",
    "uz": "Oʻzbekcha",
    "tg": "Тоҷикӣ",
}
#: Where a missing message is looked up next, before the English source text.
FALLBACKS: dict[str, tuple[str, ...]] = {"kk": ("ru",), "ky": ("ru",), "uz": ("ru",), "tg": ("ru",)}
SOURCE_LANG = "en"

#: The language of the code running now, when a report or export asked for one (see :meth:`Language.active`).
_active: "contextvars.ContextVar[Language | None]" = contextvars.ContextVar("resilience_language", default=None)


def normalise_code(code: str | None) -> str:
    """``"ru_RU.UTF-8"`` → ``"ru"``; unknown or empty codes give English.

    Examples
    --------
    >>> normalise_code("kk_KZ.UTF-8"), normalise_code("uz-Latn-UZ"), normalise_code("de"), normalise_code(None)
    ('kk', 'uz', 'en', 'en')
    """
    code = (code or SOURCE_LANG).split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return code if code in LANGUAGES else SOURCE_LANG


def po_path(code: str) -> Path:
    """The translators' source catalog of ``code``."""
    return data_dir("resources") / "i18n" / f"{code}.po"


def mo_path(code: str) -> Path:
    """The compiled catalog the application reads (built by ``python -m resilience_desktop.i18n.build``)."""
    return data_dir("resources") / "i18n" / f"{code}.mo"


def _translations(code: str) -> gettext.NullTranslations:
    """The compiled catalog of ``code`` with its fallback chain attached (English at the end)."""
    chain: gettext.NullTranslations | None = None
    for lang in reversed((code, *FALLBACKS.get(code, ()))):
        path = mo_path(lang)
        if lang == SOURCE_LANG or not path.exists():
            continue
        with path.open("rb") as fh:
            t = gettext.GNUTranslations(fh)
        if chain is not None:
            t.add_fallback(chain)
        chain = t
    return chain or gettext.NullTranslations()


def _fill(text: str, values: dict[str, Any]) -> str:
    return text.format(**values) if values else text


class Language:
    """A language to translate and format in; get one with :meth:`Language.get`.

    Examples
    --------
    >>> ru = Language.get("ru")
    >>> ru.trn("{n} action item", "{n} action items", 21)
    '21 мероприятие'
    >>> ru.number(1234.5), Language.get("en").number(1234.5)
    ('1\\xa0234,5', '1,234.5')
    """

    def __init__(self, code: str) -> None:
        self.code = normalise_code(code)
        self.name = LANGUAGES[self.code]
        self.locale = Locale.parse(self.code)
        self.fallbacks: tuple[str, ...] = (*FALLBACKS.get(self.code, ()), SOURCE_LANG)
        self._t = _translations(self.code)

    @staticmethod
    @lru_cache(maxsize=None)
    def get(code: str | None) -> Language:
        """The (cached) language of ``code``; unknown codes give English."""
        return Language(normalise_code(code))

    @staticmethod
    def of(lang: Language | str | None) -> Language:
        """``lang`` itself, or the language of that code."""
        return lang if isinstance(lang, Language) else Language.get(lang)

    def __repr__(self) -> str:
        return f"Language({self.code!r})"

    @property
    def chain(self) -> tuple[str, ...]:
        """This language then its fallbacks, e.g. ``("kk", "ru", "en")``."""
        return (self.code, *self.fallbacks) if self.code != SOURCE_LANG else (SOURCE_LANG,)

    # -------------------------------------------------------------- translation
    def tr(self, text: str, /, **values: Any) -> str:
        """``text`` translated; ``{name}`` fields are filled from ``values`` afterwards."""
        return _fill(self._t.gettext(text), values)

    def trn(self, singular: str, plural: str, n: int, /, **values: Any) -> str:
        """The form for ``n`` under this language's plural rule; ``{n}`` is filled in as well."""
        values.setdefault("n", n)
        return _fill(self._t.ngettext(singular, plural, n), values)

    def trp(self, context: str, text: str, /, **values: Any) -> str:
        """``text`` translated in ``context`` (the same English word meaning different things)."""
        return _fill(self._t.pgettext(context, text), values)

    @contextmanager
    def active(self) -> Iterator[Language]:
        """Make plain ``tr()`` calls translate into this language inside the block, in this thread only.

        Report and export code runs inside it; the interface's own language (and other threads)
        are untouched, unlike swapping the global setting.
        """
        token = _active.set(self)
        try:
            yield self
        finally:
            _active.reset(token)

    # -------------------------------------------------------------- formats (CLDR)
    def number(self, value: float, decimals: int = 1) -> str:
        """``value`` with exactly ``decimals`` digits and grouped thousands, as the locale writes it."""
        pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
        return babel_numbers.format_decimal(value, format=pattern, locale=self.locale, decimal_quantization=True)

    def significant(self, value: float, digits: int = 3) -> str:
        """A measured value to ``digits`` significant digits, without trailing zeros, as the locale writes
        it (a legend's class limits: 0.03476 → ``"0,0348"``, 2.50 → ``"2,5"``, 12,345.6 → ``"12 346"`` in
        Russian)."""
        import math
        decimals = 0 if value == 0 or not math.isfinite(value) else max(0, digits - 1 - math.floor(
            math.log10(abs(value))))
        pattern = "#,##0" + ("." + "#" * decimals if decimals > 0 else "")
        return babel_numbers.format_decimal(value, format=pattern, locale=self.locale, decimal_quantization=True)

    def count(self, value: float | None, decimals: int = 0) -> str:
        """A count or measure with grouped thousands; ``"—"`` for ``None``."""
        return "—" if value is None else self.number(value, decimals)

    def percent(self, value: float | None, decimals: int = 1) -> str:
        """A percentage given on 0–100 (``66.7`` → ``"66,7 %"`` in Russian); ``"—"`` for ``None``."""
        if value is None:
            return "—"
        base = self.locale.percent_formats[None].pattern.split(";")[0]
        fraction = "." + "0" * decimals if decimals > 0 else ""
        pattern = base.replace("#,##0", "#,##0" + fraction, 1)
        return babel_numbers.format_percent(value / 100.0, format=pattern, locale=self.locale,
                                            decimal_quantization=True)

    def share(self, value: float | None, decimals: int = 0) -> str:
        """A share given on 0–1 as a percentage (``0.5`` → ``"50%"``); ``"—"`` for ``None``.

        >>> Language.of("en").share(0.4167), Language.of("ru").share(1 / 3, 1), Language.of("en").share(None)
        ('42%', '33,3\xa0%', '—')
        """
        return self.percent(None if value is None else 100 * value, decimals)

    @property
    def decimal_comma(self) -> bool:
        """Whether the locale writes ``0,5`` (where Excel reads and writes CSV with semicolons).

        >>> Language.of("en").decimal_comma, Language.of("ru").decimal_comma, Language.of("kk").decimal_comma
        (False, True, True)
        """
        return babel_numbers.get_decimal_symbol(self.locale) == ","

    def unit(self, value: float, unit: str, decimals: int = 1) -> str:
        """A measure with its short CLDR unit, e.g. ``unit(10.44, "area-square-kilometer")`` → ``"10,44 км²"``."""
        pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
        return babel_units.format_unit(value, unit, length="short", format=pattern, locale=self.locale)

    def date(self, value: date | datetime | str | None, format: str = "medium") -> str:
        """A date as the locale writes it; ISO strings are parsed first; ``""`` for nothing."""
        if not value:
            return ""
        if isinstance(value, str):
            text = value
            try:
                value = date.fromisoformat(text[:10])
            except ValueError:
                return text
        if isinstance(value, datetime):
            value = value.date()
        return babel_dates.format_date(value, format=format, locale=self.locale)

    def size(self, size: int | None) -> str:
        """A file size for people: bytes (with the plural form), KB or MB."""
        if size is None:
            return ""
        if size < 1024:
            return self.trn("{n} byte", "{n} bytes", size)
        if size < 1024 ** 2:
            return self.tr("{n} KB", n=self.number(size / 1024))
        return self.tr("{n} MB", n=self.number(size / 1024 ** 2))


def active_language() -> Language | None:
    """The language a report or export made active in this thread, if any."""
    return _active.get()
