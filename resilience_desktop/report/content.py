"""What an assessment report says, as plain data: no Qt, no layout.

:func:`build_report` reads one assessment from the workspace façade and returns a
:class:`Report`: the cover, the summary scores, one section per Essential with every question,
and the action plan, with every label already translated into the report's language. The PDF
renderer (``ui/report/pdf_report.py``) only lays it out; a future HTML or DOCX writer can use
the same object.

Comments marked private (``Answer.comment_private``) are left out unless asked for: a report
leaves the room, the private notes should not.

The exposure part holds the newest stored result of each scenario of the city's hazards (most
probable, then most severe), as :class:`ExposureTable`. The map needs Qt to draw, so it is not
drawn here: ``ui/report/report_map.py`` renders the workspace's visible layers with the map's
renderer and passes the PNG in (``build_report(..., map_image=map_image(png, ...))``).
"""

from __future__ import annotations

__all__ = [
    "Report", "Labels", "Cover", "Summary", "EssentialSummary", "EssentialSection", "QuestionEntry",
    "EvidenceEntry", "ActionEntry", "ExposureTable", "MapImage", "build_report", "format_count", "format_number", "format_size", "map_image",
]

import contextlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterator, Sequence

from .. import __version__
from ..workspace.hazards import SCENARIO_KINDS, ExposureRecord, Hazard, Scenario, hazard_kind_label, scenario_kind_label
from ..i18n.catalog import tr
from ..i18n.times import local_time_text
from ..i18n.language import Language
from ..workspace.labels import action_status_label, assessment_status_label
from ..workspace.records import ActionItem, Answer, Evidence
from ..scorecard import EssentialScore, Question, tr_text
from ..workspace.facade import Workspace


# ------------------------------------------------------------------ records
@dataclass(frozen=True)
class Labels:
    """Every fixed text of the report, in the report's language (filled by :func:`build_report`)."""

    report: str
    city: str
    assessment: str
    scorecard: str
    status: str
    started: str
    completed: str
    report_date: str
    team: str
    demo_notice: str
    provisional_notice: str
    private_included: str
    summary: str
    overall_score: str
    completion: str
    radar_caption: str
    essential: str
    number: str
    points: str
    percent: str
    answered: str
    score: str
    level: str
    comment: str
    verification: str
    responsible: str
    data_sources: str
    evidence: str
    general_evidence: str
    action_plan: str
    no_actions: str
    question: str
    action: str
    timescale: str
    whole_assessment: str
    exposure: str
    map: str
    page: str  # "Page {page} of {pages}"


@dataclass(frozen=True)
class Cover:
    city: str
    country: str
    region: str | None
    assessment_title: str
    status: str
    started_on: str | None
    completed_on: str | None
    generated_on: str
    team: tuple[str, ...]
    scorecard_title: str
    scorecard_id: str
    scorecard_version: int
    provisional: bool = False
    demo: bool = False


@dataclass(frozen=True)
class EssentialSummary:
    number: int
    title: str
    points: int
    max: int
    percent: float | None  #: ``None`` when every question of the Essential is N/A
    answered: int
    questions: int
    na: int
    percent_text: str  #: e.g. ``"66.7%"`` / ``"66,7 %"``, or ``"—"``


@dataclass(frozen=True)
class Summary:
    points: int
    max: int
    percent: float | None
    answered: int
    questions: int
    completion: float  #: 0..1
    percent_text: str  #: e.g. ``"48.2%"``, or ``"—"``
    overall_text: str  #: e.g. ``"68 / 141 (48.2%)"``
    completion_text: str  #: e.g. ``"38 of 47 questions answered (81%)"``
    essentials: tuple[EssentialSummary, ...]


@dataclass(frozen=True)
class EvidenceEntry:
    name: str
    kind: str  #: ``"file"`` or ``"link"``
    size: int | None
    sha256: str | None
    url: str | None
    note: str
    detail: str  #: size and SHA-256 of a file, or the address of a link, ready to print


@dataclass(frozen=True)
class QuestionEntry:
    id: str
    topic: str
    score: int | None
    max_score: int
    na: bool
    answered: bool
    score_text: str  #: ``"2 / 3"``, ``"N/A"`` or ``"not answered"`` in the report's language
    level: str  #: the chosen level's description ("" when N/A or not answered)
    comment: str  #: "" when empty or private and not included
    verification: str
    responsible: str
    data_sources: str
    evidence: tuple[EvidenceEntry, ...] = ()


@dataclass(frozen=True)
class EssentialSection:
    number: int
    heading: str  #: "Essential 3: Strengthen financial capacity for resilience"
    score: EssentialSummary
    score_text: str  #: "7 / 12 (58.3%)"
    questions: tuple[QuestionEntry, ...]


@dataclass(frozen=True)
class ActionEntry:
    question_id: str | None  #: ``None`` for an action of the whole assessment
    essential: int | None
    action: str
    responsible: str
    timescale: str
    status: str  #: the status code (``open``, ``in_progress``, ``done``, ``dropped``)
    status_text: str  #: the status in the report's language


# ---- optional slots: the stored exposure results of the city's scenarios, and the map.
@dataclass(frozen=True)
class ExposureTable:
    """One table of exposure results (the asset groups a scenario's hazard zones hit).

    ``facts`` are label/value lines printed above the table (hazard kind, scenario, likelihood,
    when computed, population exposed); the columns after the first hold numbers.
    """

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""
    facts: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class MapImage:
    """A rendered map to place in the report (PNG bytes; the PDF scales it to the page width)."""

    png: bytes
    caption: str = ""
    #: ``(label, colour)`` of each colour drawn (e.g. ``("Facilities: school", "#f28e2b")``), topmost layer first.
    legend: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Report:
    lang: str
    title: str  #: the document title (PDF metadata)
    creator: str
    labels: Labels
    cover: Cover
    summary: Summary
    sections: tuple[EssentialSection, ...]
    actions: tuple[ActionEntry, ...]
    general_evidence: tuple[EvidenceEntry, ...] = ()
    include_private: bool = False
    #: OPTIONAL: exposure results (issue 5). Empty: the report has no exposure part.
    exposure: tuple[ExposureTable, ...] = field(default=())
    #: OPTIONAL: a map of the city (issue 6). ``None``: the report has no map page.
    map_image: MapImage | None = None
    #: OPTIONAL: the city's recorded losses (issue 15): per hazard and Sendai A–D. Empty: no losses part.
    losses: tuple[ExposureTable, ...] = field(default=())
    losses_title: str = ""


# ------------------------------------------------------------------ formatting
def format_number(value: float, lang: Language | str, decimals: int = 1) -> str:
    """``value`` with ``decimals`` digits in the language's CLDR number format.

    Examples
    --------
    >>> format_number(48.23, "en"), format_number(48.23, "ru"), format_number(50, "ru", 0)
    ('48.2', '48,2', '50')
    """
    return Language.of(lang).number(value, decimals)


def format_count(value: float | None, lang: Language | str, decimals: int = 0) -> str:
    """A count or measure with grouped thousands (``"6,215"`` / ``"6\xa0215"``); ``"—"`` for ``None``.

    Examples
    --------
    >>> format_count(365470.63, "en"), format_count(365470.63, "ru"), format_count(None, "en")
    ('365,471', '365\xa0471', '—')
    """
    return Language.of(lang).count(value, decimals)


def format_size(size: int | None, lang: Language | str) -> str:
    """A file size for people: bytes (in the right plural form), KB or MB, in the language's number format."""
    return Language.of(lang).size(size)


@contextlib.contextmanager
def _language(lang: Language | str) -> Iterator[Language]:
    """Translate plain ``tr()`` calls into ``lang`` inside the block, in this thread only (the
    interface's own language stays as it is)."""
    with Language.of(lang).active() as active:
        yield active


def _labels() -> Labels:
    return Labels(
        report=tr("Disaster resilience scorecard report"), city=tr("City"), assessment=tr("Assessment"),
        scorecard=tr("Scorecard"), status=tr("Status"), started=tr("Started"), completed=tr("Completed"),
        report_date=tr("Report date"), team=tr("Team"),
        demo_notice=tr("Demo workspace: the city and all its data are fictional."),
        provisional_notice=tr("This scorecard definition is provisional."),
        private_included=tr("This report includes comments marked private."),
        summary=tr("Summary"), overall_score=tr("Overall score"), completion=tr("Completion"),
        radar_caption=tr("Score of each Essential as a share of its maximum"),
        essential=tr("Essential"), number=tr("No."), points=tr("Points"), percent="%", answered=tr("Answered"),
        score=tr("Score"), level=tr("Level"), comment=tr("Comment"), verification=tr("Means of verification"),
        responsible=tr("Responsible institution"), data_sources=tr("Data sources"), evidence=tr("Evidence"),
        general_evidence=tr("Evidence for the whole assessment"),
        action_plan=tr("Action plan"), no_actions=tr("No action items yet."), question=tr("Question"),
        action=tr("Action"), timescale=tr("Timescale"), whole_assessment=tr("whole assessment"),
        exposure=tr("Exposure results"), map=tr("Map"), page=tr("Page {page} of {pages}"),
    )


# ------------------------------------------------------------------ building
def _evidence(item: Evidence, lang: Language) -> EvidenceEntry:
    if item.kind == "file":
        detail = ", ".join(x for x in (format_size(item.size, lang), f"SHA-256 {item.sha256}" if item.sha256 else "") if x)
    else:
        detail = item.url or ""
    return EvidenceEntry(item.name, item.kind, item.size, item.sha256, item.url, item.note, detail)


def _essential_summary(s: EssentialScore, title: str, lang: Language) -> EssentialSummary:
    return EssentialSummary(s.essential, title, s.points, s.max, s.percent, s.answered, s.questions, s.na,
                            Language.of(lang).percent(s.percent))


def build_report(ws: Workspace, assessment_id: str, *, lang: Language | str = "en", include_private: bool = False,
                 today: date | None = None, map_image: MapImage | None = None) -> Report:
    """Gather everything the report of ``assessment_id`` shows, translated into ``lang``.

    Parameters
    ----------
    ws
        The open workspace.
    assessment_id
        The assessment to report on (:class:`~resilience_desktop.errors.NotFoundError` if unknown).
    lang
        Language of the labels and the scorecard texts (a :class:`Language` or its code; unknown
        codes give English; texts missing in it follow its fallback chain, e.g. kk → ru → en).
        Answers are printed as the team wrote them.
    include_private
        Also print comments marked private (off by default).
    today
        The report date (defaults to today; tests fix it).
    map_image
        The map page's image (drawing it needs Qt: ``ui/report/report_map.py`` renders the
        workspace's visible layers, :func:`map_image` wraps the PNG). ``None``: no map page.
    """
    a = ws.get_assessment(assessment_id)
    card = ws.scorecard(a.scorecard_id, a.scorecard_version)
    city = ws.get_city(a.city_id)
    answers = ws.answers(assessment_id)
    score = ws.score(assessment_id)
    evidence = ws.list_evidence(assessment_id)
    actions = ws.list_actions(assessment_id)
    stored = _stored_results(ws, a.city_id)
    with _language(lang) as lang:
        labels = _labels()
        cover = Cover(city.name, city.country, city.region, a.title, assessment_status_label(a.status), a.started_on,
                      a.completed_on, (today or date.today()).isoformat(), tuple(a.team),
                      tr_text(card.title, lang), card.id, card.version, card.provisional, ws.is_demo)
        essentials = tuple(_essential_summary(s, tr_text(card.essential(s.essential).title, lang), lang)
                           for s in score.essentials)
        summary = Summary(
            score.points, score.max, score.percent, score.answered, score.questions, score.completion,
            Language.of(lang).percent(score.percent), f"{score.points} / {score.max} ({Language.of(lang).percent(score.percent)})",
            tr("{answered} of {questions} questions answered ({percent})", answered=score.answered,
               questions=score.questions, percent=Language.of(lang).percent(100 * score.completion, 0)),
            essentials)
        by_question: dict[str | None, list[EvidenceEntry]] = {}
        for item in evidence:
            by_question.setdefault(item.question_id, []).append(_evidence(item, lang))
        sections = []
        for es in essentials:
            entries = tuple(
                _question_entry(q, answers.get(q.id) or Answer(q.id, None, False), card.max_score, lang,
                                include_private, tuple(by_question.get(q.id, ())))
                for q in card.questions_of(es.number))
            sections.append(EssentialSection(
                es.number, tr("Essential {n}: {title}", n=es.number, title=es.title), es,
                f"{es.points} / {es.max} ({es.percent_text})", entries))
        order = {q.id: i for i, q in enumerate(card.questions)}
        plan = tuple(_action(x, card.question(x.question_id).essential if x.question_id else None)
                     for x in sorted(actions, key=lambda x: (x.question_id is not None, order.get(x.question_id or "", -1))))
        title = tr("Scorecard report: {title}", title=a.title)
        exposure = tuple(_exposure_table(hz, sc, rec, lang) for hz, sc, rec in stored)
        losses, losses_title = _loss_tables(ws, a.city_id, lang.code), tr("Recorded disaster losses")
    return Report(lang.code, title, f"Resilience Desktop {__version__}", labels, cover, summary, tuple(sections),
                  plan, tuple(by_question.get(None, ())), include_private, exposure, map_image,
                  losses=losses, losses_title=losses_title)


def _loss_tables(ws: Workspace, city_id: str, lang: str) -> tuple[ExposureTable, ...]:
    from .losses import loss_tables
    return loss_tables(ws, city_id, lang)


def _question_entry(q: Question, ans: Answer, max_score: int, lang: Language, include_private: bool,
                    evidence: tuple[EvidenceEntry, ...]) -> QuestionEntry:
    scored = not ans.na and ans.score is not None
    if ans.na:
        score_text = tr("N/A")
    elif scored:
        score_text = f"{ans.score} / {max_score}"
    else:
        score_text = tr("not answered")
    return QuestionEntry(
        q.id, tr_text(q.topic, lang), ans.score if scored else None, max_score, ans.na, ans.answered, score_text,
        tr_text(q.levels.get(ans.score), lang) if scored and ans.score is not None else "",
        ans.comment if include_private or not ans.comment_private else "",
        ans.verification, ans.responsible, ans.data_sources, evidence)


def _action(item: ActionItem, essential: int | None) -> ActionEntry:
    return ActionEntry(item.question_id, essential, item.action, item.responsible, item.timescale, item.status,
                       action_status_label(item.status))


# ------------------------------------------------------------------ exposure and map
def _stored_results(ws: Workspace, city_id: str) -> list[tuple[Hazard, Scenario, ExposureRecord]]:
    """The newest stored result of each scenario of the city's hazards (most probable first)."""
    out = []
    for hz in ws.list_hazards(city_id):
        scenarios = ws.scenarios(hz.id)
        for kind in SCENARIO_KINDS:
            sc = scenarios.get(kind)
            records = ws.exposure_results(sc.id) if sc is not None else []
            if sc is not None and records:
                out.append((hz, sc, records[0]))
    return out


def _share(g: dict[str, Any]) -> float | None:
    """The exposed share of a group (as ``GroupExposure.share``): of the area, the length, or the count."""
    if g.get("total_area_m2"):
        return (g.get("exposed_area_m2") or 0.0) / g["total_area_m2"]
    if g.get("total_length_m"):
        return (g.get("exposed_length_m") or 0.0) / g["total_length_m"]
    return g["affected"] / g["total"] if g.get("total") else None


def _decimals(v: float) -> int:
    text = f"{float(v):g}"
    return len(text.split(".")[1]) if "." in text and "e" not in text else 0


def _exposure_table(hz: Hazard, sc: Scenario, rec: ExposureRecord, lang: Language) -> ExposureTable:
    r = rec.result
    kind = hazard_kind_label(hz.kind)
    scenario = scenario_kind_label(sc.kind)
    facts: list[tuple[str, str]] = [(tr("Hazard"), hz.label if hz.label == kind else f"{hz.label} ({kind})"),
                                    (tr("Scenario"), f"{scenario}: {sc.description}" if sc.description else scenario)]
    if sc.likelihood:
        facts.append((tr("Likelihood"), sc.likelihood))
    zones = (rec.inputs.get("zones") or {}).get("name", "")
    if zones:
        classes = ", ".join(rec.inputs.get("classes") or []) or tr("all zones")
        area = format_number((r.get("zone_area_m2") or 0) / 1e6, lang, 2)
        facts.append((tr("Hazard zones"), tr("{zones} ({classes}), {area} km²", zones=zones, classes=classes,
                                             area=area)))
    raster = rec.inputs.get("raster") or {}
    if raster:
        from ..gis.hazard_units import unit_label
        limits = ", ".join(format_number(v, lang, _decimals(v)) for v in rec.inputs.get("thresholds") or [])
        facts.append((tr("Hazard raster"), f"{raster.get('name', '')}: {limits} {unit_label(rec.inputs.get('unit', ''))}"))
    when = local_time_text(rec.computed_at, written=True)  # as the cover writes its dates
    facts.append((tr("Computed"), tr("{at} by {who}", at=when, who=rec.computed_by) if rec.computed_by else when))
    if r.get("population_exposed") is not None:
        facts.append((tr("Population exposed"), format_count(r["population_exposed"], lang)))
    rows = tuple(
        (g["group"], f"{format_count(g['affected'], lang)} / {format_count(g['total'], lang)}",
         format_count(g.get("exposed_length_m"), lang), format_count(g.get("exposed_area_m2"), lang),
         Language.of(lang).share(_share(g), 1))
        for g in r.get("groups", []))
    columns = (tr("Asset group"), tr("Affected / total"), tr("Exposed length, m"), tr("Exposed area, m²"),
               tr("Exposed share"))
    return ExposureTable(f"{hz.label} — {scenario}", columns, rows,
                         tr("Share: of the area for buildings and other polygons, of the length for lines, "
                            "of the count for points."), tuple(facts))


def map_image(png: bytes, layers: Sequence[str], crs: str | None, *, lang: Language | str = "en",
              legend: Sequence[tuple[str, Sequence[tuple[str | None, str]]]] = ()) -> MapImage:
    """Wrap a rendered map (PNG bytes) for :func:`build_report`, captioned in ``lang``.

    ``layers`` are the names of the drawn layers, topmost first. ``legend`` gives, per layer, the
    ``(category value, colour)`` pairs drawn; the value ``None`` is the layer's own colour (of the
    features in no category, for a layer coloured by a field).
    """
    with _language(lang):
        caption = tr("Visible map layers: {layers}", layers=", ".join(layers))
        if crs:
            caption += " · " + tr("CRS {crs}", crs=crs)
        entries = []
        for name, colours in legend:
            if [v for v, _c in colours] == [None]:
                entries.append((name, colours[0][1]))
                continue
            for value, colour in colours:
                label = tr("other values") if value is None else (value or tr("(empty)"))
                entries.append((f"{name}: {label}", colour))
    return MapImage(png, caption, tuple(entries))
