"""Country names as people type them (English or Russian, or an ISO code) to ISO 3166 alpha-2.

The official workbook's Info sheet and ``city add --country`` take the country as free text ("Kyrgyzstan",
"Кыргызстан", "KGZ"); the workspace stores a two-letter code. The names and their Russian translations come
from ``pycountry`` (ISO 3166 and the iso-codes translations), plus the everyday Russian names
that differ from the ISO wording. Nothing is guessed: an unknown name returns ``None``.
"""

from __future__ import annotations

__all__ = ["country_code", "country_choices", "REGION"]

import gettext
import re
from functools import lru_cache

#: Everyday names that differ from the ISO 3166 wording pycountry carries (English and Russian).
_ALIASES = {
    "kyrgyz republic": "KG", "kirghizia": "KG", "кыргызстан": "KG", "киргизстан": "KG",
    "кыргызская республика": "KG", "киргизская республика": "KG",
    "russia": "RU", "россия": "RU", "рф": "RU",
    "moldova": "MD", "молдова": "MD", "молдавия": "MD",
    "belarus": "BY", "беларусь": "BY", "белоруссия": "BY",
    "tajikistan": "TJ", "таджикистан": "TJ", "turkmenistan": "TM", "туркменистан": "TM",
    "kazakhstan": "KZ", "казахстан": "KZ", "uzbekistan": "UZ", "узбекистан": "UZ",
    "usa": "US", "united states": "US", "сша": "US", "соединенные штаты америки": "US",
    "uk": "GB", "великобритания": "GB", "britain": "GB",
    "south korea": "KR", "южная корея": "KR", "north korea": "KP", "северная корея": "KP",
    "iran": "IR", "иран": "IR", "vietnam": "VN", "вьетнам": "VN", "laos": "LA", "лаос": "LA",
    "syria": "SY", "сирия": "SY", "bolivia": "BO", "боливия": "BO", "venezuela": "VE", "венесуэла": "VE",
    "tanzania": "TZ", "танзания": "TZ", "czech republic": "CZ", "чехия": "CZ",
    "turkey": "TR", "турция": "TR", "türkiye": "TR",
}


def _norm(text: str) -> str:
    text = text.casefold().replace("ё", "е").replace("’", "'")
    text = re.sub(r"[.,()]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


#: The region's countries, listed first where a country is chosen from a list.
REGION = ("KG", "KZ", "TJ", "UZ", "TM", "AF", "MN", "RU", "AZ", "AM", "GE", "BY")

#: The names shown in a country list where the ISO 3166 wording is not the everyday one.
_SHOWN = {
    "en": {"RU": "Russia", "KR": "South Korea", "KP": "North Korea", "IR": "Iran", "SY": "Syria", "MD": "Moldova",
           "VN": "Vietnam", "LA": "Laos", "BO": "Bolivia", "VE": "Venezuela", "TZ": "Tanzania", "US": "United States",
           "GB": "United Kingdom"},
    "ru": {"KG": "Кыргызстан", "RU": "Россия", "MD": "Молдова", "BY": "Беларусь", "US": "США", "GB": "Великобритания",
           "KR": "Южная Корея", "KP": "Северная Корея", "IR": "Иран", "SY": "Сирия", "VN": "Вьетнам", "LA": "Лаос",
           "BO": "Боливия", "VE": "Венесуэла", "TZ": "Танзания", "CZ": "Чехия"},
}
#: The interface languages whose country names are looked up (pycountry carries the iso-codes translations).
_LANGUAGES = ("ru", "kk", "ky", "uz", "tg")


@lru_cache(maxsize=8)
def _translation(lang: str):
    import pycountry
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang]).gettext
    except OSError:  # a pycountry build without translations: English names and codes still work
        return None


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    import pycountry

    translations = [t for t in map(_translation, _LANGUAGES) if t is not None]
    table: dict[str, str] = {}
    for c in pycountry.countries:
        names = [getattr(c, attr, None) for attr in ("name", "official_name", "common_name")]
        for name in filter(None, names):
            table.setdefault(_norm(name), c.alpha_2)
            for t in translations:
                table.setdefault(_norm(t(name)), c.alpha_2)
        table[_norm(c.alpha_3)] = c.alpha_2
        table[_norm(c.alpha_2)] = c.alpha_2
    table.update(_ALIASES)
    for shown in _SHOWN.values():
        table.update({_norm(name): code for code, name in shown.items()})
    return table


@lru_cache(maxsize=8)
def country_choices(lang: str = "en") -> tuple[tuple[str, str], ...]:
    """``(code, name)`` of every country, named in ``lang`` (its everyday name where the ISO one differs),
    the region's countries (:data:`REGION`) first, then the others in the language's alphabetical order.

    >>> country_choices("ru")[:3]
    (('KG', 'Кыргызстан'), ('KZ', 'Казахстан'), ('TJ', 'Таджикистан'))
    >>> all(country_code(name) == code for code, name in country_choices("ky"))
    True
    """
    import pycountry
    t = _translation(lang) if lang != "en" else None
    shown = _SHOWN.get(lang, {})
    names = {c.alpha_2: shown.get(c.alpha_2) or (t(c.name) if t else getattr(c, "common_name", None) or c.name)
             for c in pycountry.countries}
    first = [(code, names[code]) for code in REGION]
    rest = sorted(((code, name) for code, name in names.items() if code not in REGION),
                  key=lambda x: _norm(x[1]))
    return tuple(first + rest)


def country_code(text: object) -> str | None:
    """The ISO 3166 alpha-2 code of a country named in English or Russian, or given as a code.

    Examples
    --------
    >>> country_code("Kyrgyzstan"), country_code("Кыргызстан"), country_code("uzb"), country_code("KZ")
    ('KG', 'KG', 'UZ', 'KZ')
    >>> country_code("Российская Федерация"), country_code("Atlantis") is None
    ('RU', True)
    """
    if text is None:
        return None
    key = _norm(str(text))
    return _table().get(key) if key else None
