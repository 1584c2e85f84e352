"""Find the scorecards the app offers: shipped ones, the user's folder, and extra folders.

A national platform adds its own indicators by dropping a definition file into the user
scorecard folder (or a folder named in ``RESILIENCE_SCORECARDS``); no code changes.
"""

from __future__ import annotations

__all__ = ["ScorecardRegistry", "builtin_dir", "user_dir", "default_dirs", "default_registry", "level_name"]

import os
import re
from pathlib import Path

import platformdirs

from ..paths import data_dir
from ..i18n.catalog import tr
from ..errors import ScorecardError, ScorecardValidationError, ValidationProblem
from .loader import load_scorecard
from .model import Scorecard

_SKIP = {"glossary.yaml"}
# Per-language glossaries next to glossary.yaml (glossary.kk.yaml, glossary.ky.yaml) are not definitions either.
_GLOSSARY = re.compile(r"glossary\.[a-z]{2,3}\.ya?ml", re.IGNORECASE)
APP_NAME = "ResilienceDesktop"


def level_name(scorecard_id: str) -> str:
    """The shipped scorecards by their level's name in the current language; others by their id.

    Examples
    --------
    >>> level_name("preliminary"), level_name("city-extra")
    ('preliminary level', 'city-extra')
    """
    return {"preliminary": tr("preliminary level"), "detailed": tr("detailed level"),
            "public-health": tr("public health addendum")}.get(scorecard_id, scorecard_id)


def builtin_dir() -> Path:
    """The shipped ``scorecards/`` folder (inside the installed package, or the source checkout)."""
    return data_dir("scorecards")


def user_dir() -> Path:
    """The user's own scorecard folder (created on demand by the UI, never required)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "scorecards"


def default_dirs() -> list[Path]:
    extra = [Path(p) for p in os.environ.get("RESILIENCE_SCORECARDS", "").split(os.pathsep) if p]
    return [builtin_dir(), user_dir(), *extra]


def _definition_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    files: list[Path] = []
    for sub in (folder, folder / "archive"):
        if sub.is_dir():
            files.extend(
                p for p in sorted(sub.iterdir())
                if p.suffix.lower() in (".yaml", ".yml", ".json")
                and p.name not in _SKIP and not _GLOSSARY.fullmatch(p.name)
                and not p.name.startswith(("_", "."))
            )
    return files


class ScorecardRegistry:
    """All definitions found in a list of folders, by id and version.

    A broken file does not hide the good ones: its problems are kept in :attr:`problems`.
    The files are read when the registry is made, or with ``lazy`` when a definition or the
    problems are first asked for: :func:`default_registry` is lazy, so a workspace that only
    needs its :attr:`folders` (for translation overlays) does not pay for reading and validating
    every definition (~0.5 s at each start).
    """

    def __init__(self, folders: list[Path] | None = None, *, lazy: bool = False):
        self.folders = list(folders) if folders is not None else default_dirs()
        self._loaded: dict[tuple[str, int], Scorecard] | None = None
        self._problems: list[ValidationProblem] = []
        if not lazy:  # e.g. a temporary folder removed right after (national drill-down)
            self._load()

    @property
    def problems(self) -> list[ValidationProblem]:
        """Every problem of the files that were left out (and of their translation overlays)."""
        self._load()
        return self._problems

    @property
    def _cards(self) -> dict[tuple[str, int], Scorecard]:
        return self._load()

    def _load(self) -> dict[tuple[str, int], Scorecard]:
        if self._loaded is not None:
            return self._loaded
        cards: dict[tuple[str, int], Scorecard] = {}
        for folder in self.folders:
            for path in _definition_files(folder):
                try:
                    card = load_scorecard(path, self._problems)
                except ScorecardValidationError as exc:
                    self._problems.extend(exc.problems)
                    continue
                key = (card.id, card.version)
                if key in cards:
                    self._problems.append(ValidationProblem(
                        str(path), "id", f"{card.id!r} version {card.version} is already defined by "
                        f"{cards[key].source}; this file is ignored (give it its own id or a new version)"))
                    continue
                cards[key] = card
        self._loaded = cards
        return cards

    def ids(self) -> list[str]:
        return sorted({cid for cid, _ in self._cards})

    def versions(self, scorecard_id: str) -> list[int]:
        return sorted(v for cid, v in self._cards if cid == scorecard_id)

    def latest(self) -> list[Scorecard]:
        """The newest version of every scorecard, ordered preliminary, detailed, addenda, custom."""
        order = {"preliminary": 0, "detailed": 1, "addendum": 2, "custom": 3}
        cards = [self.get(cid) for cid in self.ids()]
        return sorted(cards, key=lambda c: (order.get(c.level, 9), c.id))

    def get(self, scorecard_id: str, version: int | None = None) -> Scorecard:
        """The definition of that id (newest version unless ``version`` is given)."""
        versions = self.versions(scorecard_id)
        if not versions:
            known = ", ".join(self.ids()) or tr("none")
            raise ScorecardError(tr("unknown scorecard {scorecard_id!r} (known: {known})",
                                    scorecard_id=scorecard_id, known=known))
        if version is None:
            version = versions[-1]
        if (scorecard_id, version) not in self._cards:
            raise ScorecardError(tr(
                "scorecard {scorecard_id!r} has no version {version} (have: {versions})",
                scorecard_id=scorecard_id, version=version, versions=", ".join(map(str, versions))))
        return self._cards[(scorecard_id, version)]


_default: ScorecardRegistry | None = None


def default_registry(refresh: bool = False) -> ScorecardRegistry:
    """The registry over :func:`default_dirs`, loaded once per process (when first used)."""
    global _default
    if _default is None or refresh:
        _default = ScorecardRegistry(lazy=True)
    return _default
