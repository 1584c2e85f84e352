"""What a scorecard workbook holds, as plain data, and what an import did with it.

:func:`~resilience_desktop.excel.read_workbook` turns a workbook into a :class:`WorkbookContent`
without touching a workspace; :func:`~resilience_desktop.excel.import_workbook` writes it and
returns an :class:`ImportReport`. No Qt, no openpyxl here.
"""

from __future__ import annotations

__all__ = ["CityInfo", "QuestionEntry", "WorkbookContent", "ImportReport", "profile_labels", "PROFILE_KEYS",
           "OFFICIAL", "OWN_EXPORT", "out_of_range", "refusal", "iso_date", "id_list"]

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..errors import ExcelImportError
from ..i18n.catalog import tr

#: ``WorkbookContent.source`` of the official Preliminary tool (any of its variants).
OFFICIAL = "official"
#: ``WorkbookContent.source`` of a workbook written by :func:`~resilience_desktop.excel.export_workbook`.
OWN_EXPORT = "resilience-desktop"


#: How many problems a refusal names before it says "and N more".
_PROBLEMS_MAX = 10
#: How many question ids a message lists before it says "and N more".
_LIST_MAX = 12


def id_list(ids: list[str]) -> str:
    """Question ids for a message: the first twelve, then "and N more"."""
    shown = ", ".join(ids[:_LIST_MAX])
    return shown + (tr(" and {n} more", n=len(ids) - _LIST_MAX) if len(ids) > _LIST_MAX else "")


def iso_date(value: str | None) -> str | None:
    """The ``YYYY-MM-DD`` date a cell's text starts with, or ``None`` when it is none."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def out_of_range(e: QuestionEntry, low: int, high: int) -> str:
    """The problem of a score outside ``low``…``high``: by its cell where the reader knows it."""
    if e.score_cell:
        sheet, cell = e.score_cell.rsplit(" ", 1)
        return tr("{sheet} cell {cell} (question {question_id}) holds {score}: the scores go from {low} to {high}",
                  sheet=sheet, cell=cell, question_id=e.question_id, score=e.score, low=low, high=high)
    return tr("{where}: the score {score} of {question_id} is outside {low}–{high}", where=e.where, score=e.score,
              question_id=e.question_id, low=low, high=high)


def refusal(name: str, problems: list[str]) -> ExcelImportError:
    """The error refusing the workbook ``name`` for ``problems`` (at least one), naming every one of them
    up to ten, so a colleague can correct them all before the next try."""
    if len(problems) == 1:
        return ExcelImportError(tr("{name}: {problem}; nothing was imported", name=name, problem=problems[0]))
    shown = "; ".join(problems[:_PROBLEMS_MAX])
    if len(problems) > _PROBLEMS_MAX:
        shown += tr(" and {n} more", n=len(problems) - _PROBLEMS_MAX)
    # two or more, so no plural form is needed (translations write "problems: n")
    return ExcelImportError(tr("{name}: {n} problems, nothing was imported: {problems}", name=name,
                               n=len(problems), problems=shown))


def profile_labels() -> dict[str, str]:
    """The assessment-profile keys the importer fills, with their label in the current language.

    The keys are the ones stored in ``Assessment.profile`` (see ``Workspace.update_assessment``);
    the order is the order of the official Info sheet.
    """
    return {
        "city_type": tr("Type of city"),
        "assessment_date": tr("Date of the assessment"),
        "top_authority": tr("Title of the highest authority"),
        "population": tr("Population"),
        "area_km2": tr("Area (km²)"),
        "density": tr("Population density (per km²)"),
        "youth_share": tr("Share of young people aged 15–24 (%)"),
        "elderly_share": tr("Share of people aged 65 and over (%)"),
        "female_headed_households": tr("Female-headed households (%)"),
        "literacy_rate": tr("Literacy rate (%)"),
        "not_in_poverty_share": tr("Share of the population not in poverty (%)"),
        "household_income_usd": tr("Average household income (USD)"),
        "non_citizens_share": tr("Residents who are not citizens (%)"),
        "most_probable_disaster": tr("Most probable known disaster risk"),
        "most_severe_disaster": tr("Most severe known disaster"),
        "households": tr("Number of households"),
        "persons_per_unit": tr("Persons per housing unit"),
        "cost_of_living": tr("Cost of living"),
        "gdp_per_capita": tr("National GDP per capita"),
        "gini": tr("Gini coefficient"),
        "city_product_per_capita": tr("City product per capita"),
        "lead_name": tr("Person leading the assessment"),
        "lead_organization": tr("Organization of the lead"),
        "lead_contact": tr("Contact details of the lead"),
        "share_results": tr("Willing to share the results"),
        "stakeholders": tr("Stakeholders"),
        "source_dates": tr("Date of the source"),
    }


PROFILE_KEYS: tuple[str, ...] = (
    "city_type", "assessment_date", "top_authority", "population", "area_km2", "density", "youth_share",
    "elderly_share", "female_headed_households", "literacy_rate", "not_in_poverty_share",
    "household_income_usd", "non_citizens_share", "most_probable_disaster", "most_severe_disaster",
    "households", "persons_per_unit", "cost_of_living", "gdp_per_capita", "gini", "city_product_per_capita",
    "lead_name", "lead_organization", "lead_contact", "share_results", "stakeholders", "source_dates",
)


@dataclass
class CityInfo:
    """The city as the workbook describes it. ``country`` is the text found; ``iso2`` its code."""

    name: str = ""
    country: str = ""
    iso2: str | None = None
    region: str | None = None
    population: int | None = None
    area_km2: float | None = None
    lon: float | None = None
    lat: float | None = None


@dataclass
class QuestionEntry:
    """One question as found in the workbook: its score (``None`` = unanswered) and texts.

    ``where`` says where it was read ("E01 row 3"), for messages.
    """

    question_id: str
    score: int | None = None
    na: bool = False
    verification: str = ""
    action: str = ""
    responsible: str = ""
    timescale: str = ""
    where: str = ""
    #: The exact action items (action, responsible, timescale, status) when an own export kept them;
    #: otherwise ``action``/``responsible``/``timescale`` describe at most one action.
    items: list[dict[str, Any]] | None = None
    #: "Why this score" and the data sources (own exports only; the official workbook has no such cells).
    comment: str = ""
    data_sources: str = ""
    #: The typed columns (``verification``, ``actions``, ``responsible``, ``timescale``, ``comment``,
    #: ``data_sources``) the sheet no longer has: their empty text is no deletion, the app's is kept.
    absent: frozenset[str] = frozenset()
    #: The score's cell ("E01 C4"), when the reader knows it: a score out of range is named by it.
    score_cell: str = ""

    @property
    def answered(self) -> bool:
        return self.na or self.score is not None


@dataclass
class WorkbookContent:
    """Everything read from a workbook, checked for structure but not yet against a workspace.

    ``source`` is :data:`OFFICIAL` or :data:`OWN_EXPORT`; ``essentials_found`` the Essential
    sheets present; ``entries`` the questions found, in workbook order. ``scorecard_id`` and
    ``scorecard_version`` are those named by an own export (the official tool is always
    ``preliminary``, any version).
    """

    source: str
    city: CityInfo = field(default_factory=CityInfo)
    profile: dict[str, Any] = field(default_factory=dict)
    title: str | None = None
    started_on: str | None = None
    completed_on: str | None = None
    status: str | None = None
    team: list[str] = field(default_factory=list)
    essentials_scope: list[int] | None = None
    entries: list[QuestionEntry] = field(default_factory=list)
    essentials_found: list[int] = field(default_factory=list)
    scorecard_id: str = "preliminary"
    scorecard_version: int | None = None
    results_total: str | None = None
    has_macros: bool = False
    warnings: list[str] = field(default_factory=list)
    not_imported: list[str] = field(default_factory=list)
    #: An own export names the assessment it was made from and the change log's position then
    #: (``None`` in the official workbook and in exports of earlier versions).
    assessment_id: str | None = None
    exported_seq: int | None = None
    #: Whether the private comments were exported (``--include-private``); otherwise their cells were empty.
    private_comments: bool = False


@dataclass
class ImportReport:
    """What :func:`~resilience_desktop.excel.import_workbook` wrote, and what it left out and why."""

    assessment_id: str
    city_id: str
    answered: int
    unanswered: int
    warnings: list[str] = field(default_factory=list)
    not_imported: list[str] = field(default_factory=list)
    city_name: str = ""
    city_created: bool = False
    profile_fields: list[str] = field(default_factory=list)
    actions: int = 0
    source: str = OFFICIAL
    #: True when the workbook updated the assessment it was exported from (no new assessment);
    #: ``changed``: the questions it changed there.
    updated: bool = False
    changed: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The ``import-excel --json`` form: exactly these five keys (a contract with scripts)."""
        return {"assessment_id": self.assessment_id, "city_id": self.city_id, "answered": self.answered,
                "unanswered": self.unanswered, "warnings": list(self.warnings)}
