"""Build workbooks shaped like UNDRR's official Preliminary tool, with openpyxl, for the Excel tests.

The layout follows ``shared/scorecard-reference.md`` ("Cell layout of the official Preliminary
workbook"): sheets Cover, Info, Results, E01–E10, About; 11-row question blocks from row 3 with
the header "P1.1 - topic" in column B, the chosen option (1–4) in the linked cell E{r+4}, the
means of verification in C{r+4}:D{r+7} (merged), and the action, responsible institution and
timescale in row r+9. The labels are our own wording; the importer must not depend on it.

This is the one place these workbooks are made; every Excel test (core, CLI, UI) uses it.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from resilience_desktop.scorecard import ScorecardRegistry, builtin_dir

_CARD = ScorecardRegistry([builtin_dir()]).get("preliminary")
QUESTIONS: dict[str, tuple[int, str]] = {q.id: (q.essential, q.topic["en"]) for q in _CARD.active_questions}

#: The option chosen per question in the default workbook (None = unanswered): every option and
#: every Essential occurs; three questions are left unanswered.
UNANSWERED = ("P2.4", "P8.7", "P10.2")
OPTIONS: dict[str, int | None] = {
    qid: (None if qid in UNANSWERED else 1 + i % 4) for i, qid in enumerate(QUESTIONS)}
#: score = 4 - option
SCORES: dict[str, int | None] = {q: (None if o is None else 4 - o) for q, o in OPTIONS.items()}

INFO: dict[str, Any] = {
    "city_name": "Testgrad", "city_type": "Capital city", "country": "Kyrgyzstan",
    "assessment_date": dt.datetime(2019, 5, 14),
    "top_authority": "Mayor", "population": 1_050_000, "area_km2": 127.5, "density": 8235,
    "youth_share": 17.5, "elderly_share": 6.1, "female_headed_households": 21, "literacy_rate": 99.5,
    "not_in_poverty_share": 80, "household_income_usd": 4200, "non_citizens_share": 2.5,
    "most_probable_disaster": "Earthquake of magnitude 6.5", "most_severe_disaster": "Mudflow of 1998",
    "households": 300_000, "persons_per_unit": 3.5, "cost_of_living": 450, "gdp_per_capita": 1300,
    "gini": 0.29, "city_product_per_capita": 2500,
    "lead_name": "Aida Testova", "lead_organization": "City DRR Department", "lead_contact": "drr@testgrad.example",
    "share_results": "Yes",
}
SOURCE_DATES = {"population": "2018", "area_km2": "2017"}
STAKEHOLDERS = ["City Emergency Department", "Red Crescent Society", "Water utility"]

_INFO_LAYOUT: dict[str, tuple[int, str, str]] = {  # key: (row, label, answer column)
    "city_name": (4, "Name of city", "D"), "city_type": (5, "Type of city", "D"), "country": (6, "Country", "D"),
    "assessment_date": (7, "Date of assessment", "D"),
    "top_authority": (10, "Title of the highest authority (e.g. Mayor)", "C"), "population": (11, "Population", "C"),
    "area_km2": (12, "Area (km2)", "C"), "density": (13, "Population density", "C"),
    "youth_share": (14, "% of population aged 15-24", "C"), "elderly_share": (15, "% of population aged 65+", "C"),
    "female_headed_households": (16, "Female-headed households (%)", "C"),
    "literacy_rate": (17, "Literacy rate", "C"), "not_in_poverty_share": (18, "% population not in poverty", "C"),
    "household_income_usd": (19, "Average household income (USD)", "C"),
    "non_citizens_share": (20, "% of residents who are not citizens", "C"),
    "most_probable_disaster": (21, "Most likely (probable) known disaster risk", "C"),
    "most_severe_disaster": (22, "Most severe known disaster", "C"),
    "households": (25, "Number of households", "C"), "persons_per_unit": (26, "Persons per housing unit", "C"),
    "cost_of_living": (27, "Cost of living", "C"), "gdp_per_capita": (28, "National GDP per capita", "C"),
    "gini": (29, "Gini coefficient", "C"), "city_product_per_capita": (30, "City product per capita", "C"),
    "lead_name": (33, "Name of the person leading the assessment", "D"),
    "lead_organization": (34, "Organization", "D"), "lead_contact": (35, "Contact details", "D"),
    "share_results": (36, "Willing to share the results / be a case study (Yes/No)", "D"),
}
#: Labels exactly as the real UNDRR Preliminary workbook's Info sheet has them (issue 16 item 8),
#: trailing spaces and colons included; rows it did not list keep the wording above.
REAL_LABELS: dict[str, str] = {
    "city_name": "City name", "country": "Country",
    "top_authority": "Title of the highest level of authority (e.g. Mayor, etc)",
    "population": "Total city population:", "area_km2": "City square kilometers:",
    "density": "Population density (per square kilometer): ",
    "youth_share": "Population that are youth (15-24) (%):",
    "not_in_poverty_share": "Poverty rate (% population not in poverty):",
    "most_probable_disaster": "Most likely (probable) known disaster risk: ",
    "most_severe_disaster": "Most severe disaster (known): ",
    "households": "Total number of households: ",
    "lead_name": "Name of person leading / coordinating completion of the scorecard assessment:",
}

_SECTIONS = {3: "Assessment", 9: "Required city profile", 24: "Optional city profile", 32: "Assessment team",
             39: "Stakeholders"}


def verification_of(qid: str) -> str:
    return f"Evidence for {qid}: see the city archive"


def action_of(qid: str) -> tuple[str, str, str]:
    return (f"Improve {qid}", f"Department {qid[1:].split('.')[0]}", "2 years")


def _info_sheet(book: Workbook, info: dict[str, Any], stakeholders: list[str], shift: int,
                labels: dict[str, str] | None = None) -> None:
    sheet = book.create_sheet("Info")
    sheet["B1"] = "City information"
    for row, label in _SECTIONS.items():
        sheet[f"B{row + shift}"] = label
    for key, (row, label, col) in _INFO_LAYOUT.items():
        r = row + shift
        sheet[f"B{r}"] = (labels or {}).get(key, label)
        if info.get(key) is not None:
            sheet[f"{col}{r}"] = info[key]
        if key in SOURCE_DATES:
            sheet[f"D{r}"] = SOURCE_DATES[key]
    for i, name in enumerate(stakeholders):
        r = 40 + shift + i
        sheet[f"B{r}"] = name
        sheet.merge_cells(f"B{r}:D{r}")


def _essential_sheet(book: Workbook, n: int, options: dict[str, Any], shift: int,
                     texts: bool, title: str | None = None) -> None:
    sheet = book.create_sheet(title or f"E{n:02d}")
    sheet["B1"] = f"Essential {n:02d}"
    for i, qid in enumerate(q for q, (e, _t) in QUESTIONS.items() if e == n):
        r = 3 + shift + 11 * i
        sheet[f"B{r}"] = f"{qid} - {QUESTIONS[qid][1]}"
        sheet[f"B{r + 1}"], sheet[f"C{r + 1}"] = "Question", "Comments"
        sheet[f"B{r + 3}"] = "Response"
        sheet[f"C{r + 3}"] = "Provide means of verification (explanation and evidence)"
        if options.get(qid) is not None:
            sheet[f"E{r + 4}"] = options[qid]
        for k in range(1, 5):
            sheet[f"F{r + 3 + k}"] = f"=IF(E{r + 4}={k},TRUE,FALSE)"
        sheet.merge_cells(f"C{r + 4}:D{r + 7}")
        sheet[f"B{r + 8}"], sheet[f"C{r + 8}"], sheet[f"D{r + 8}"] = (
            "Actions to achieve maximum resilience", "Responsible institution", "Timescale")
        if texts and options.get(qid) is not None:
            sheet[f"C{r + 4}"] = verification_of(qid)
            sheet[f"B{r + 9}"], sheet[f"C{r + 9}"], sheet[f"D{r + 9}"] = action_of(qid)


def _add_macros(data: bytes) -> bytes:
    """Turn the saved .xlsx into a macro-enabled package (a vbaProject part, as Excel writes it)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                body = body.replace(b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
                body = body.replace(b"<Default ", b'<Default Extension="bin" '
                                    b'ContentType="application/vnd.ms-office.vbaProject"/><Default ', 1)
            elif item.filename == "xl/_rels/workbook.xml.rels":
                body = body.replace(b"</Relationships>", b'<Relationship Id="rIdVba" Type="http://schemas.microsoft'
                                    b'.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>'
                                    b"</Relationships>")
            dst.writestr(item, body)
        # Not a real VBA project: a macro that must never run, if anything tried.
        dst.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"Sub Auto_Open(): Kill \"C:\\*\"")
    return out.getvalue()


def official_workbook(path: Path, *, options: dict[str, Any] | None = None, info: dict[str, Any] | None = None,
                      stakeholders: list[str] | None = None, e_sheets: bool = True, shift: int = 0,
                      info_shift: int = 0, texts: bool = True, macros: bool = True,
                      results_total: str | None = None, omit_sheets: tuple[str, ...] = (),
                      labels: dict[str, str] | None = None) -> Path:
    """Write a completed Preliminary workbook to ``path`` and return it.

    ``options`` replaces values of the linked cells (question id -> value; anything, to test
    bad cells); ``shift`` inserts that many rows above the question blocks of every E-sheet and
    ``info_shift`` above the Info sheet's content; ``macros`` makes it an ``.xlsm`` package;
    ``labels`` replaces Info labels (:data:`REAL_LABELS`: the real sheet's wording).
    """
    key = repr((options, info, stakeholders, e_sheets, shift, info_shift, texts, macros, results_total, omit_sheets,
                labels))
    if key not in _MADE:  # openpyxl takes ~0.1 s to write one; ~50 tests ask for the same few
        _MADE[key] = _official_bytes(options=options, info=info, stakeholders=stakeholders, e_sheets=e_sheets,
                                     shift=shift, info_shift=info_shift, texts=texts, macros=macros,
                                     results_total=results_total, omit_sheets=omit_sheets, labels=labels)
    path = Path(path)
    path.write_bytes(_MADE[key])
    return path


_MADE: dict[str, bytes] = {}


def _official_bytes(*, options, info, stakeholders, e_sheets, shift, info_shift, texts, macros, results_total,
                    omit_sheets, labels) -> bytes:
    opts = dict(OPTIONS) if options is None else {**OPTIONS, **options}
    book = Workbook()
    book.active.title = "Cover"
    book["Cover"]["B2"] = "Disaster Resilience Scorecard for Cities - Preliminary level assessment"
    _info_sheet(book, {**INFO, **(info or {})}, STAKEHOLDERS if stakeholders is None else stakeholders, info_shift,
                labels)
    results = book.create_sheet("Results")
    results["B2"] = "Results"
    if results_total:
        results["C4"] = results_total
    if e_sheets:
        for n in range(1, 11):
            if f"E{n:02d}" not in omit_sheets:
                _essential_sheet(book, n, opts, shift, texts)
    book.create_sheet("About")["B2"] = "About this tool"
    buf = io.BytesIO()
    book.save(buf)
    return _add_macros(buf.getvalue()) if macros else buf.getvalue()
