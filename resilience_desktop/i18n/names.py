"""Names as people compare them: a city typed in two workspaces, or sent by two of them to the national store."""

from __future__ import annotations

__all__ = ["name_key", "same_place"]


def name_key(text: str | None) -> str:
    """A city's (or region's) name as compared: spacing, case and ё/е ignored (``" Ош "`` is ``"ош"``,
    ``"Королёв"`` is ``"королев"``).

    >>> name_key(" Ош "), name_key("Королёв")
    ('ош', 'королев')
    """
    return " ".join((text or "").split()).casefold().replace("ё", "е")


def same_place(name: str, region: str | None, other_name: str, other_region: str | None) -> bool:
    """Whether two names (of one country) are the same place: the same :func:`name_key`, and regions that do
    not contradict (one of them not given is no contradiction).

    >>> same_place("Каракол", None, "каракол ", "Иссык-Куль"), same_place("Ош", "Ошская", "Ош", "Чуйская")
    (True, False)
    """
    a, b = name_key(region), name_key(other_region)
    return name_key(name) == name_key(other_name) and not (a and b and a != b)
