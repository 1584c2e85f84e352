"""Export an assessment as a clean Excel workbook (``.xlsx``, no macros).

Sheets: ``Info`` (city, assessment, profile), ``Results`` (per-Essential points against their
maximum and the overall score, ``X / 141`` on the Preliminary scorecard), and one sheet per
Essential (``E01``…) listing each question with its score, the description of the level chosen,
the means of verification and the actions. The layout is in :mod:`.own_format`, which also
reads it back, so an exported workbook imports again with the same answers.
"""

from __future__ import annotations

__all__ = ["export_workbook"]

import datetime as dt
import json
from pathlib import Path
from typing import Any, Mapping

from ..errors import InvalidInputError
from ..atomic import atomic_target
from ..i18n.catalog import current, language, tr
from ..i18n.language import Language
from ..i18n.times import local_time_text
from ..workspace.records import Answer
from ..scorecard import tr_text
from ..workspace.facade import Workspace
from .content import PROFILE_KEYS, profile_labels
from .official import ESSENTIAL_SHEET
from .own_format import (COLUMNS, FORMAT, FORMAT_VERSION, HEADER_ROW, column_heads, instructions_title, na_text,
                         render_actions, status_label)

_MAX_CELL = 32767  # Excel's limit on the text of one cell
_EMPTY = Answer("", None, False)  # stands in for a question never touched


def _put(ws: Any, row: int, col: int, value: Any) -> Any:
    """Write a plain value: text is never taken for a formula, and characters Excel refuses are dropped."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)[:_MAX_CELL]
        cell.data_type = "s"  # "=SUM(...)" typed by a user stays text
    else:
        cell.value = value
    return cell


def _style_header(ws: Any, row: int, ncols: int) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    for col in range(1, ncols + 1):
        cell = ws.cell(row=row, column=col)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE5F0")
        cell.alignment = Alignment(vertical="top", wrap_text=True)


def _title(ws: Any, text: str) -> None:
    from openpyxl.styles import Font

    _put(ws, 1, 1, text).font = Font(bold=True, size=14)


def _info_rows(wsp: Workspace, aid: str, include_private: bool = False) -> list[tuple[str, Any, str]]:
    a = wsp.get_assessment(aid)
    card = wsp.scorecard(a.scorecard_id, a.scorecard_version)
    city = wsp.get_city(a.city_id)
    lang = language()
    rows: list[tuple[str, Any, str]] = [
        (tr("File format"), f"{FORMAT} {FORMAT_VERSION}", "format"),
        (tr("Scorecard"), card.id, "scorecard.id"),
        (tr("Scorecard title"), tr_text(card.title, lang), "scorecard.title"),
        (tr("Scorecard version"), card.version, "scorecard.version"),
        (tr("City"), city.name, "city.name"),
        (tr("Country"), city.country, "city.country"),
        (tr("Region"), city.region, "city.region"),
        (tr("City population"), city.population, "city.population"),
        (tr("City area (km²)"), city.area_km2, "city.area_km2"),
        (tr("Longitude"), city.lon, "city.lon"),  # where the map centres on the city (WGS 84 degrees)
        (tr("Latitude"), city.lat, "city.lat"),
        (tr("Assessment"), a.title, "assessment.title"),
        # importing this workbook again updates this assessment; changes the app made after this
        # position of its change log are not overwritten (excel/update.py)
        (tr("Assessment ID"), a.id, "assessment.id"),
        (tr("Change log position at export"), max((c.seq for c in wsp.history(aid)), default=0), "assessment.seq"),
        # an empty "Why this score" of a private comment is not a deletion, text typed there no edit of it
        (tr("Private comments included"), include_private, "comments.private"),
        (tr("Status"), status_label(a.status), "assessment.status"),
        (tr("Started on"), a.started_on, "assessment.started_on"),
        (tr("Completed on"), a.completed_on, "assessment.completed_on"),
    ]
    if a.essentials_scope is not None:
        rows.append((tr("Essentials assessed"), ", ".join(map(str, a.essentials_scope)), "assessment.essentials_scope"))
    rows += [(tr("Team member"), m, "assessment.team[]") for m in a.team]
    labels = profile_labels()
    keys = [k for k in PROFILE_KEYS if k in a.profile] + sorted(k for k in a.profile if k not in PROFILE_KEYS)
    scalar = (str, int, float, bool)
    for key in keys:
        value, label = a.profile[key], labels.get(key, key.replace("_", " "))
        if isinstance(value, scalar):
            rows.append((label, value, f"profile.{key}"))
        elif isinstance(value, list) and all(isinstance(v, scalar) for v in value) and value:
            rows += [(label, v, f"profile.{key}[]") for v in value]
        elif isinstance(value, dict) and all(isinstance(v, scalar) and "." not in k for k, v in value.items()):
            rows += [(f"{label}: {labels.get(k, k.replace('_', ' '))}", v, f"profile.{key}.{k}")
                     for k, v in value.items()]
        elif value is not None:
            rows.append((label, json.dumps(value, ensure_ascii=False), f"profile.{key}#json"))
    rows += [(tr("Exported on"), dt.datetime.now().replace(microsecond=0).isoformat(sep=" "), "exported_at"),
             (tr("Exported by"), wsp.user, "exported_by")]
    return [r for r in rows if r[1] is not None and r[1] != ""]


def _instructions_sheet(book: Any, wsp: Workspace, aid: str) -> None:
    """A first sheet telling colleagues who only ever see the workbook what to type where."""
    from openpyxl.styles import Alignment

    a = wsp.get_assessment(aid)
    card = wsp.scorecard(a.scorecard_id, a.scorecard_version)
    sheet = book.create_sheet(instructions_title())
    _title(sheet, tr("Disaster resilience scorecard: {title}", title=a.title))
    lines = [
        tr("Each sheet E01–E10 is one of the Ten Essentials; each row is one question. Column B gives the "
           "question, column D what each score means."),
        tr("Score: type a whole number from {low} to {high} in column C (a drop-down offers them), or {na} when "
           "the question does not apply to the city; leave it empty while it is undecided.",
           low=card.min_score, high=card.max_score, na=na_text()),
        tr("Write why in \"Why this score\", the documents that show it in \"Means of verification\", and one "
           "action per line in \"Actions\"."),
        tr("The ▶ in column D and the Results sheet show the scores as exported: a score you change here is "
           "counted when the workbook is imported into Resilience Desktop, not in this workbook."),
        tr("Do not change column A (the question numbers): the answers are matched by it. Rows and sheets you "
           "add are not read back."),
        tr("Send the workbook back to whoever gave it to you: imported into Resilience Desktop, it updates the "
           "assessment it came from; answers changed in the app in the meantime are kept and named."),
    ]
    for i, line in enumerate(lines, start=3):
        _put(sheet, i, 1, f"{i - 2}. {line}").alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[i].height = 48
    sheet.column_dimensions["A"].width = 110


def _info_sheet(book: Any, wsp: Workspace, aid: str, include_private: bool = False) -> None:
    sheet = book.create_sheet("Info")
    _title(sheet, tr("Disaster resilience scorecard: {title}", title=wsp.get_assessment(aid).title))
    for col, head in enumerate((tr("Field"), tr("Value"), "key"), start=1):
        _put(sheet, 2, col, head)
    _style_header(sheet, 2, 3)
    for i, (label, value, key) in enumerate(_info_rows(wsp, aid, include_private), start=3):
        _put(sheet, i, 1, label)
        _put(sheet, i, 2, value)
        _put(sheet, i, 3, key)
    sheet.column_dimensions["A"].width = 44
    sheet.column_dimensions["B"].width = 60
    sheet.column_dimensions["C"].hidden = True  # the machine keys the importer reads


def _results_sheet(book: Any, wsp: Workspace, aid: str) -> None:
    a = wsp.get_assessment(aid)
    card = wsp.scorecard(a.scorecard_id, a.scorecard_version)
    score = wsp.score(aid)
    sheet = book.create_sheet("Results")
    _title(sheet, tr("Results: {title}", title=a.title))
    from openpyxl.styles import Font

    # fixed figures, not formulas: a colleague who changes a score sees why they did not move (a trial)
    _put(sheet, 2, 1, tr("As exported: scores changed in the E01–E10 sheets are counted when the workbook is "
                         "imported into Resilience Desktop.")).font = Font(italic=True)
    heads = (tr("Essential"), tr("Title"), tr("Points"), tr("Maximum"), tr("Share of maximum (%)"),
             tr("Answered"), tr("Questions"))
    for col, head in enumerate(heads, start=1):
        _put(sheet, HEADER_ROW, col, head)
    _style_header(sheet, HEADER_ROW, len(heads))
    row = HEADER_ROW + 1
    for e in score.essentials:
        for col, value in enumerate((e.essential, tr_text(card.essential(e.essential).title, language()), e.points,
                                     e.max, e.percent, e.answered, e.questions), start=1):
            _put(sheet, row, col, value)
        row += 1
    for col, value in enumerate((tr("Overall"), "", score.points, score.max, score.percent, score.answered,
                                 score.questions), start=1):
        _put(sheet, row, col, value).font = Font(bold=True)
    row += 2
    _put(sheet, row, 1, tr("Overall score")).font = Font(bold=True)
    _put(sheet, row, 2, f"{score.points} / {score.max}").font = Font(bold=True, size=14)
    for letter, width in zip("ABCDEFG", (12, 60, 10, 10, 12, 10, 10)):
        sheet.column_dimensions[letter].width = width


def _essential_sheets(book: Any, wsp: Workspace, aid: str, include_private: bool = False) -> None:
    from openpyxl.styles import Alignment

    a = wsp.get_assessment(aid)
    card = wsp.scorecard(a.scorecard_id, a.scorecard_version)
    answers = wsp.answers(aid)
    actions = wsp.list_actions(aid)
    lang = language()
    heads = column_heads()
    evidence: dict[str | None, list[str]] = {}
    for e in wsp.list_evidence(aid):
        evidence.setdefault(e.question_id, []).append(e.name)
    for essential in card.essentials:
        if a.essentials_scope is not None and essential.number not in a.essentials_scope:
            continue
        sheet = book.create_sheet(f"E{essential.number:02d}")
        _title(sheet, tr("Essential {n}: {title}", n=essential.number, title=tr_text(essential.title, lang)))
        for key, col in COLUMNS.items():
            _put(sheet, HEADER_ROW, col, heads[key])
        _style_header(sheet, HEADER_ROW, len(COLUMNS))
        for row, q in enumerate(card.questions_of(essential.number), start=HEADER_ROW + 1):
            ans_or_empty = answers.get(q.id) or _EMPTY
            score: Any = na_text() if ans_or_empty.na else ans_or_empty.score
            texts = render_actions(ans_or_empty, [x for x in actions if x.question_id == q.id])
            private = ans_or_empty.comment_private and not include_private
            values = {"id": q.id, "topic": tr_text(q.topic, lang) + "\n" + tr_text(q.text, lang), "score": score,
                      "level": _levels_text(q, ans_or_empty, lang),
                      "verification": ans_or_empty.verification, **texts,
                      "comment": "" if private else ans_or_empty.comment,
                      "data_sources": ans_or_empty.data_sources,
                      "evidence": "\n".join(evidence.get(q.id, [])),
                      "updated_by": ans_or_empty.updated_by,
                      "updated_at": local_time_text(ans_or_empty.updated_at)}
            for key, col in COLUMNS.items():
                cell = _put(sheet, row, col, values[key] if values[key] != "" else None)
                cell.alignment = Alignment(vertical="top", wrap_text=True)
        _score_validation(sheet, card, HEADER_ROW + 1, HEADER_ROW + len(card.questions_of(essential.number)))
        widths = dict(zip("ABCDEFGHJKLMN", (9, 45, 8, 60, 45, 40, 24, 16, 50, 30, 30, 18, 24)))
        for letter, width in widths.items():
            sheet.column_dimensions[letter].width = width
        for row in range(HEADER_ROW + 1, sheet.max_row + 1):
            _fit_height(sheet, row, widths)
        sheet.column_dimensions["I"].hidden = True  # the exact action items, for re-import
        sheet.freeze_panes = f"B{HEADER_ROW + 1}"  # the question number stays in view when scrolling right


def _levels_text(q: Any, ans: Answer, lang: str) -> str:
    """Every level of ``q``, best first, the chosen one (or N/A) marked ▶: colleagues score in Excel
    without the app at hand."""
    lines = [f"▶ {na_text()} — {tr('Not applicable')}"] if ans.na else []
    for n in sorted(q.levels, reverse=True):
        chosen = not ans.na and ans.score == n
        lines.append(("▶ " if chosen else "") + f"{n} — {tr_text(q.levels[n], lang)}")
    return "\n".join(lines)


def _fit_height(sheet: Any, row: int, widths: Mapping[str, float]) -> None:
    """Give a row of wrapped text the height its longest cell needs: neither Excel nor LibreOffice
    sizes the rows of a file written by openpyxl, which shows one line of each and prints them overlapping."""
    import math

    lines = 1
    for letter, width in widths.items():
        value = sheet[f"{letter}{row}"].value
        if isinstance(value, str) and value:
            per_line = max(1.0, width * 1.1)  # characters of the default font across a column of this width
            lines = max(lines, sum(max(1, math.ceil(len(part) / per_line)) for part in value.split("\n")))
    sheet.row_dimensions[row].height = min(409.0, 15.0 * lines)  # 409 points: Excel's largest row


def _score_validation(sheet: Any, card: Any, first: int, last: int) -> None:
    """Let Excel itself refuse a score it could not import ("два", 5, "2,0"), with a message in the
    export's language, and offer the valid scores as a drop-down list."""
    if last < first:
        return
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    choices = [str(n) for n in range(card.min_score, card.max_score + 1)] + [na_text()]
    allowed = tr("a whole number from {low} to {high}, {na} if the question does not apply, or empty",
                 low=card.min_score, high=card.max_score, na=na_text())
    check = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True,
                           showErrorMessage=True, showInputMessage=True, errorStyle="stop",
                           errorTitle=tr("Score")[:32], error=tr("The score must be {allowed}.", allowed=allowed)[:255],
                           promptTitle=tr("Score")[:32], prompt=allowed[:255])
    letter = get_column_letter(COLUMNS["score"])
    check.add(f"{letter}{first}:{letter}{last}")
    sheet.add_data_validation(check)


def export_workbook(ws: Workspace, assessment_id: str, out_path: str | Path, *,
                    include_private: bool = False, lang: Language | str | None = None) -> Path:
    """Write the assessment to ``out_path`` (an ``.xlsx``) atomically; return the path.

    Every answer field is written: score, level, means of verification, actions, responsible,
    "Why this score" (left empty when marked private, unless ``include_private``), data
    sources, the names of the evidence, and who changed it last and when (local time, zone named).

    Labels and scorecard texts are in ``lang`` (a :class:`Language` or its code; by default the
    interface language); the interface itself keeps its language.
    The file appears whole or not at all: it is written beside the target and moved into place.

    Raises
    ------
    NotFoundError
        When there is no such assessment.
    InvalidInputError
        When ``out_path`` does not end in ``.xlsx``.
    OSError
        When the file cannot be written.
    """
    out = Path(out_path)
    if out.suffix.lower() != ".xlsx":
        raise InvalidInputError(tr("the workbook must be saved as an .xlsx file, not {name!r}", name=out.name))
    ws.get_assessment(assessment_id)
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.worksheets[0])   # the empty sheet a new workbook starts with
    with (current() if lang is None else Language.of(lang)).active():
        _instructions_sheet(book, ws, assessment_id)
        _info_sheet(book, ws, assessment_id, include_private)
        _results_sheet(book, ws, assessment_id)
        _essential_sheets(book, ws, assessment_id, include_private)
    for sheet in book.worksheets:  # printed for a workshop: landscape; a question sheet repeats its header
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        if ESSENTIAL_SHEET.match(sheet.title):
            sheet.print_title_rows, sheet.print_title_cols = f"{HEADER_ROW}:{HEADER_ROW}", "A:A"
        else:
            from openpyxl.worksheet.properties import PageSetupProperties
            sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
            sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    with atomic_target(out) as tmp:
        book.save(tmp)
    return out
