"""DesInventar event types → the app's hazard kinds.

A record's ``evento`` is the local-language key of the database's ``eventos`` table ("Inundación",
"НАВОДНЕНИЕ", "ҮЕР"...). The name is kept as it is; the kind is found from the table's English
name (``nombre_en``) first and the local name second, by keywords at the start of a word (English, Spanish, Russian,
Kyrgyz/Mongolian where known). What no keyword claims is ``"other"``, never guessed.
"""

from __future__ import annotations

__all__ = ["hazard_kind_for_event", "normalise"]

import unicodedata

#: Keywords per kind, matched against the normalised name (upper case, no accents). The first
#: kind with a matching keyword wins, so specific kinds come before broad ones.
_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("mudflow", ("ALLUVION", "ALUVION", "MUDFLOW", "MUD FLOW", "DEBRIS FLOW", "LAHAR", "SEDIMENTATION",
                 "СЕЛЬ", "СЕЛ ", "СЕЛИ", "СЕЛЕВ", "СЕЛЬ-")),
    ("avalanche", ("AVALANCHE", "AVALANCHA", "ЛАВИН", "КӨЧКҮ КАР", "КАР КӨЧКҮ")),
    ("landslide", ("LANDSLIDE", "DESLIZAMIENTO", "ROCKFALL", "ROCK FALL", "DERRUMBE", "SUBSIDENCE",
                   "HUNDIMIENTO", "ОПОЛЗ", "ОБВАЛ", "КӨЧКҮ")),
    ("earthquake", ("EARTHQUAKE", "SISMO", "TERREMOTO", "LIQUEFACTION", "LICUACION", "ЗЕМЛЕТРЯС",
                    "ЖЕР ТИТИРӨӨ", "СЕЙСМ")),
    ("flood", ("FLOOD", "INUNDACION", "RAINS", "LLUVIA", "CRECIDA", "НАВОДН", "ПАВОД", "ПОДТОПЛ",
               "ЗАТОПЛ", "ҮЕР", "СУУ ТАШКЫН", "ЛИВЕН", "ДОЖД")),
    ("drought", ("DROUGHT", "SEQUIA", "ЗАСУХ", "КУРГАКЧЫЛЫК")),
    ("extreme_heat", ("HEAT WAVE", "HEATWAVE", "OLA DE CALOR", "ЖАРА", "ЗНОЙ", "АНОМАЛЬНАЯ ЖАР")),
    ("extreme_cold", ("COLD WAVE", "FROST", "HELADA", "OLA DE FRIO", "SNOWSTORM", "SNOW STORM", "NEVADA",
                      "DZUD", "ЗУД", "МОРОЗ", "ЗАМОРОЗ", "ХОЛОД", "СНЕГОПАД", "МЕТЕЛ", "БУРАН")),
    ("epidemic", ("EPIDEMIC", "EPIDEMIA", "PLAGUE", "PLAGA", "BIOLOGICAL", "BIOLOGICO", "ЭПИДЕМ", "ЭПИЗООТ",
                  "ИНФЕКЦ")),
    ("industrial_accident", ("EXPLOSION", "LEAK", "ESCAPE", "CONTAMINATION", "CONTAMINACION", "INTOXICATION",
                             "INTOXICACION", "STRUCTURAL COLLAPSE", "COLAPSO", "ACCIDENT", "ВЗРЫВ", "АВАРИ",
                             "УТЕЧК", "ЗАГРЯЗН", "ОТРАВЛ", "ОБРУШЕН")),
)


def normalise(name: str) -> str:
    """Upper case, accents removed (Latin only: Cyrillic letters are kept whole), spaces collapsed.

    Examples
    --------
    >>> normalise("  Inundación  súbita ")
    'INUNDACION SUBITA'
    >>> normalise("наводнение")
    'НАВОДНЕНИЕ'
    """
    out = []
    for ch in unicodedata.normalize("NFC", name):
        if "LATIN" in unicodedata.name(ch, ""):
            ch = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        out.append(ch)
    return " ".join("".join(out).upper().replace("Ё", "Е").split())


def hazard_kind_for_event(name: str, name_en: str | None = None) -> str:
    """The app's hazard kind of a DesInventar event (``"other"`` when nothing matches).

    Examples
    --------
    >>> hazard_kind_for_event("Inundación", "FLOOD")
    'flood'
    >>> hazard_kind_for_event("СЕЛЬ")
    'mudflow'
    >>> hazard_kind_for_event("FLASH FLOOD"), hazard_kind_for_event("WINDSTORM"), hazard_kind_for_event("ПОЖАР")
    ('flood', 'other', 'other')
    """
    for text in (name_en, name):
        if not text:
            continue
        key = f" {normalise(text)} "
        for kind, words in _KEYWORDS:
            if any(f" {w}" in key for w in words):  # at the start of a word: not ПОЖАРА for ЖАРА
                return kind
    return "other"
