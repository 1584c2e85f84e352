"""Interface translation: ``tr("English text")`` returns it in the current language.

Catalogs are YAML files ``resources/i18n/<lang>.yaml`` mapping the English source text to its
translation. A missing entry falls back to English (a test lists every ``tr()`` literal in the
code that has no Russian entry). No Qt here, so the command line and reports share it.
"""

from __future__ import annotations

__all__ = ["tr", "set_language", "language", "LANGUAGES", "catalog_path"]

from pathlib import Path
from typing import Any

import yaml

from ..paths import data_dir

#: Languages the interface offers, with their own names.
LANGUAGES = {"en": "English", "ru": "Русский"}

_lang = "en"
_catalog: dict[str, str] = {}


def catalog_path(lang: str) -> Path:
    return data_dir("resources") / "i18n" / f"{lang}.yaml"


def set_language(lang: str | None) -> str:
    """Switch the interface language (unknown codes fall back to English); return the one in force."""
    global _lang, _catalog
    lang = (lang or "en").split("_")[0].split("-")[0].lower()
    if lang not in LANGUAGES:
        lang = "en"
    catalog: dict[str, str] = {}
    if lang != "en":
        path = catalog_path(lang)
        if path.exists():
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            catalog = {str(k): str(v) for k, v in data.items() if v}
    _lang, _catalog = lang, catalog
    return lang


def language() -> str:
    return _lang


def tr(text: str, /, **values: Any) -> str:
    """Translate ``text``; ``{name}`` fields are filled from ``values`` after translation.

    Examples
    --------
    >>> tr("Score {n}", n=3)
    'Score 3'
    """
    out = _catalog.get(text, text)
    return out.format(**values) if values else out
