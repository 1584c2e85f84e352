"""Plain record types the workspace façade returns. No behaviour, no Qt."""

from __future__ import annotations

__all__ = ["City", "Assessment", "Answer", "Evidence", "ActionItem", "StakeholderScore", "Change", "ChangeEvent",
           "Entity"]

import enum
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class City:
    id: str
    name: str
    country: str
    region: str | None = None
    population: int | None = None
    area_km2: float | None = None
    lon: float | None = None
    lat: float | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Assessment:
    id: str
    city_id: str
    city: str
    scorecard_id: str
    scorecard_version: int
    title: str
    status: str
    started_on: str | None
    completed_on: str | None
    team: tuple[str, ...] = ()
    essentials_scope: tuple[int, ...] | None = None
    #: Facts from the official workbook's Info sheet and similar: population figures, the most
    #: probable / most severe known disaster, the lead coordinator, stakeholders (free keys).
    profile: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Answer:
    question_id: str
    score: int | None
    na: bool
    comment: str = ""
    verification: str = ""
    responsible: str = ""
    data_sources: str = ""
    updated_by: str = ""
    updated_at: str = ""
    comment_private: bool = False

    @property
    def answered(self) -> bool:
        return self.na or self.score is not None


@dataclass(frozen=True)
class Evidence:
    id: str
    question_id: str | None
    kind: str
    name: str
    sha256: str | None
    size: int | None
    url: str | None
    note: str
    added_by: str
    added_at: str


@dataclass(frozen=True)
class ActionItem:
    id: str
    question_id: str | None
    action: str
    responsible: str
    timescale: str
    status: str
    updated_at: str = ""


@dataclass(frozen=True)
class StakeholderScore:
    stakeholder: str
    score: int | None
    na: bool
    note: str
    updated_at: str = ""
    note_private: bool = False


@dataclass(frozen=True)
class Change:
    """One row of the append-only change log."""

    seq: int
    at: str
    who: str
    entity: str
    entity_id: str
    assessment_id: str | None
    question_id: str | None
    field: str
    old_value: str | None
    new_value: str | None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class Entity(enum.StrEnum):
    """What a :class:`ChangeEvent` is about, so a view refreshes only for what it shows.

    The values are the strings events always carried (``Entity.CITY == "city"``), so code that
    compares ``event.entity`` with a string keeps working.
    """

    CITY = "city"
    ASSESSMENT = "assessment"
    ANSWER = "answer"
    EVIDENCE = "evidence"
    ACTION = "action"
    STAKEHOLDER = "stakeholder"
    LAYER = "layer"
    RASTER = "raster"
    MAP = "map"
    HAZARD = "hazard"
    SCENARIO = "scenario"
    EXPOSURE = "exposure"
    LOSSES = "losses"
    DESTINATION = "destination"
    OUTBOX = "outbox"


@dataclass(frozen=True)
class ChangeEvent:
    """What a subscriber to :meth:`Workspace.subscribe` receives after each committed edit.

    ``entity`` is an :class:`Entity` (a plain string naming one is converted; an unknown one
    is refused, so a typo cannot make an event no view listens to).
    """

    entity: Entity
    entity_id: str
    assessment_id: str | None = None
    question_id: str | None = None
    fields: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if not isinstance(self.entity, Entity):
            object.__setattr__(self, "entity", Entity(self.entity))
