"""Country names as people type them (English or Russian, or an ISO code) to ISO 3166 alpha-2.

The official workbook's Info sheet and ``city add --country`` take the country as free text ("Kyrgyzstan",
"Кыргызстан", "KGZ"); the workspace stores a two-letter code. The names and their Russian translations come
from ``pycountry`` (ISO 3166 and the iso-codes translations), plus the everyday Russian names
that differ from the ISO wording. Nothing is guessed: an unknown name returns ``None``.
"""

from __future__ import annotations

__all__ = ["country_code"]

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


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    import pycountry

    try:
        ru = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"]).gettext
    except OSError:  # a pycountry build without translations: English names and codes still work
        ru = None
    table: dict[str, str] = {}
    for c in pycountry.countries:
        names = [getattr(c, attr, None) for attr in ("name", "official_name", "common_name")]
        for name in filter(None, names):
            table.setdefault(_norm(name), c.alpha_2)
            if ru is not None:
                table.setdefault(_norm(ru(name)), c.alpha_2)
        table[_norm(c.alpha_3)] = c.alpha_2
        table[_norm(c.alpha_2)] = c.alpha_2
    table.update(_ALIASES)
    return table


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
