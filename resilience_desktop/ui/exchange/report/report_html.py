"""The report as HTML for ``QTextDocument`` (its rich-text subset), ready to lay out on A4 pages.

Plain functions, no Qt. Lengths are CSS pixels at 96 dpi and font sizes points: laid out on
the 300 dpi PDF writer, ``QTextDocument`` scales both to the device. Every value from the
workspace or the scorecard is escaped with :func:`html.escape`.

The radar chart is a vector object drawn by ``radar_object.py``; here it is a placeholder
paragraph (:data:`RADAR_PLACEHOLDER`) that the renderer replaces.
"""

from __future__ import annotations

__all__ = ["report_html", "RADAR_PLACEHOLDER", "MAP_URL", "FONT_FAMILIES", "ACCENT"]

from html import escape
from typing import Iterable

from ....i18n.catalog import current, tr
from ....report import EvidenceEntry, QuestionEntry, Report
from ....scorecard.registry import level_name

RADAR_PLACEHOLDER = "[[radar-chart]]"
MAP_URL = "report-image:map"
FONT_FAMILIES = ("DejaVu Sans", "Noto Sans", "Liberation Sans", "Arial")
ACCENT = "#1f5fa8"
MUTED = "#5b6470"
LINE = "#c8ccd2"
HEAD_BG = "#e8eef6"


def _e(value: object) -> str:
    """Escape a value for HTML text; line breaks in comments stay line breaks."""
    return escape(str(value) if value is not None else "").replace("\n", "<br/>")


def _css() -> str:
    families = ", ".join(f"'{f}'" for f in FONT_FAMILIES) + ", sans-serif"
    return f"""
body {{ font-family: {families}; font-size: 9.5pt; color: #1b1f24; }}
h1 {{ font-size: 18pt; font-weight: 700; color: {ACCENT}; margin-top: 0px; margin-bottom: 10px; }}
h2 {{ font-size: 14pt; font-weight: 700; color: {ACCENT}; margin-top: 0px; margin-bottom: 4px; }}
h3 {{ font-size: 11pt; font-weight: 700; margin-top: 14px; margin-bottom: 6px; }}
p {{ margin-top: 0px; margin-bottom: 6px; }}
.muted {{ color: {MUTED}; }}
.small {{ font-size: 8pt; }}
.kicker {{ font-size: 11pt; color: {ACCENT}; font-weight: 700; }}
.city {{ font-size: 30pt; font-weight: 700; }}
.subtitle {{ font-size: 15pt; }}
.big {{ font-size: 16pt; font-weight: 700; }}
.notice {{ background-color: #fff3cd; }}
th {{ background-color: {HEAD_BG}; font-weight: 700; text-align: left; }}
td.label {{ color: {MUTED}; }}
td.qhead {{ background-color: {HEAD_BG}; font-weight: 700; }}
td.num, th.num {{ text-align: right; white-space: nowrap; }}
"""


def _table(*, cols: str = "", extra: str = "") -> str:
    """Opening tag of a full-width table with thin grey cell borders."""
    return (f'<table width="100%" border="1" cellspacing="0" cellpadding="4" '
            f'style="border-collapse: collapse; border-color: {LINE}; border-style: solid; '
            f'margin-bottom: 10px;{extra}">{cols}')


def _date(iso: str | None) -> str:
    """An ISO date as the report's language writes it (``5 марта 2026 г.``, ``March 5, 2026``)."""
    return current().date(iso, "long") if iso else ""


def _cover(r: Report) -> str:
    c, lab = r.cover, r.labels
    level = level_name(c.scorecard_id)
    if level.casefold() in c.scorecard_title.casefold():  # the level said once, not "… level (… level, …)"
        version = tr("version {version}", version=c.scorecard_version)
    else:
        version = tr("{scorecard}, version {version}", scorecard=level, version=c.scorecard_version)
    rows = [(lab.scorecard, f"{c.scorecard_title} ({version})"),
            (lab.status, c.status), (lab.started, _date(c.started_on) or "—")]
    if c.completed_on:
        rows.append((lab.completed, _date(c.completed_on)))
    rows.append((lab.report_date, _date(c.generated_on)))
    facts = "".join(f'<tr><td class="label" width="28%">{_e(k)}</td><td>{_e(v)}</td></tr>' for k, v in rows)
    if c.team:
        facts += (f'<tr><td class="label">{_e(lab.team)}</td><td>'
                  + "<br/>".join(_e(m) for m in c.team) + "</td></tr>")
    place = ", ".join(x for x in (c.region, c.country) if x)
    notices = [n for n, on in ((lab.demo_notice, c.demo), (lab.provisional_notice, c.provisional),
                               (lab.private_included, r.include_private)) if on]
    s = r.summary
    return (
        # A top margin on the first block of a page is dropped: an empty spacer paragraph instead.
        '<p style="margin-bottom: 150px;">&nbsp;</p>'
        f'<p class="kicker">{_e(lab.report)}</p>'
        f'<p class="city" style="margin-top: 6px;">{_e(c.city)}</p>'
        f'<p class="muted">{_e(place)}</p>'
        '<hr style="margin-top: 12px; margin-bottom: 12px;"/>'
        f'<p class="subtitle">{_e(c.assessment_title)}</p>'
        f'<p style="margin-top: 20px;"><span class="muted">{_e(lab.overall_score)}:</span> '
        f'<span class="big">{_e(s.overall_text)}</span></p>'
        f'<p class="muted" style="margin-bottom: 40px;">{_e(s.completion_text)}</p>'
        + _table(extra=" border-width: 0px; margin-top: 36px;") + facts + "</table>"
        + "".join(f'<p class="notice" style="margin-top: 8px;">&nbsp;{_e(n)}&nbsp;</p>' for n in notices)
    )


def _summary(r: Report) -> str:
    s, lab = r.summary, r.labels
    rows = "".join(
        f'<tr><td class="num">{e.number}</td><td>{_e(e.title)}</td>'
        f'<td class="num">{e.points} / {e.max}</td><td class="num">{_e(e.percent_text)}</td>'
        f'<td class="num">{e.answered} / {e.questions}</td></tr>'
        for e in s.essentials)
    radar = (f'<p align="center" style="margin-top: 8px;">{RADAR_PLACEHOLDER}</p>'
             f'<p align="center" class="muted small">{_e(lab.radar_caption)}</p>'
             if len(s.essentials) >= 3 else "")
    return (
        f'<h1 style="page-break-before: always;">{_e(lab.summary)}</h1>'
        + _table(extra=" border-width: 0px;")
        + f'<tr><td class="label" width="28%">{_e(lab.overall_score)}</td><td class="big">{_e(s.overall_text)}</td></tr>'
        f'<tr><td class="label">{_e(lab.completion)}</td><td>{_e(s.completion_text)}</td></tr></table>'
        + radar
        + '<p style="margin-top: 10px;"></p>'
        + _table()
        + f'<thead><tr><th class="num" width="6%">{_e(lab.number)}</th><th>{_e(lab.essential)}</th><th class="num" width="12%">{_e(lab.points)}</th>'
        f'<th class="num" width="11%">{_e(lab.percent)}</th><th class="num" width="13%">{_e(lab.answered)}</th></tr></thead>'
        + rows + f'<tr><td></td><td><b>{_e(lab.overall_score)}</b></td><td class="num"><b>{s.points} / {s.max}</b></td>'
        f'<td class="num"><b>{_e(s.percent_text)}</b></td>'
        f'<td class="num"><b>{s.answered} / {s.questions}</b></td></tr></table>'
        + (_evidence_block(r, r.general_evidence) if r.general_evidence else "")
    )


def _evidence_list(items: Iterable[EvidenceEntry]) -> str:
    out = []
    for ev in items:
        line = f"{_e(ev.name)}"
        if ev.detail and ev.detail != ev.name:
            line += f' <span class="muted small">— {_e(ev.detail)}</span>'
        if ev.note:
            line += f'<br/><i class="small">{_e(ev.note)}</i>'
        out.append(line)
    return "<br/>".join(out)


def _evidence_block(r: Report, items: Iterable[EvidenceEntry]) -> str:
    return (f"<h3>{_e(r.labels.general_evidence)}</h3>" + _table()
            + f"<tr><td>{_evidence_list(items)}</td></tr></table>")


def _question(r: Report, q: QuestionEntry) -> str:
    lab = r.labels
    rows = [(lab.level, q.level), (lab.comment, q.comment), (lab.verification, q.verification),
            (lab.responsible, q.responsible), (lab.data_sources, q.data_sources)]
    body = "".join(f'<tr><td class="label" width="24%">{_e(k)}</td><td colspan="2">{_e(v)}</td></tr>'
                   for k, v in rows if v and v.strip())
    if q.evidence:
        body += (f'<tr><td class="label">{_e(lab.evidence)}</td><td colspan="2">'
                 f"{_evidence_list(q.evidence)}</td></tr>")
    score_style = "" if q.score is not None else f' style="color: {MUTED}; font-weight: 400;"'
    return (_table()
            + f'<tr><td class="qhead" width="24%">{_e(q.id)}</td><td class="qhead">{_e(q.topic)}</td>'
            f'<td class="qhead num" width="16%"{score_style}>{_e(q.score_text)}</td></tr>'
            + body + "</table>")


def _sections(r: Report) -> str:
    out = []
    for sec in r.sections:
        out.append(f'<h2 style="page-break-before: always;">{_e(sec.heading)}</h2>'
                   f'<p class="muted" style="margin-bottom: 10px;">{_e(r.labels.score)}: '
                   f'<b>{_e(sec.score_text)}</b> · {_e(r.labels.answered)}: {sec.score.answered} / '
                   f"{sec.score.questions}</p>")
        out.extend(_question(r, q) for q in sec.questions)
    return "".join(out)


def _losses(r: Report) -> str:
    """The recorded losses: the same table layout as the exposure results, under its own title."""
    losses = getattr(r, "losses", ())
    if not losses:
        return ""
    return _exposure(r, losses, r.losses_title)


def _exposure(r: Report, tables=None, heading: str | None = None) -> str:
    tables = r.exposure if tables is None else tables
    if not tables:
        return ""
    out = [f'<h1 style="page-break-before: always;">{_e(heading or r.labels.exposure)}</h1>']
    for t in tables:
        # The first column names the row; the others hold numbers, right-aligned. Every width is
        # given (QTextDocument shrinks a lone sized column), and the headers of the numbers may wrap,
        # so names such as "Facilities: fire_station" keep one line.
        def cls(i: int) -> str:
            return ' class="num"' if i else ""

        # a name and one or two numbers (the Sendai targets): the name gets the room
        first = 60 if len(t.columns) <= 3 else 30

        def head(i: int) -> str:
            if i == 0:
                return f' width="{first}%"'
            return f' width="{(100 - first) // max(len(t.columns) - 1, 1)}%" align="right"'
        out.append(f"<h3>{_e(t.title)}</h3>")
        if t.facts:
            out.append(_table(extra=" border-width: 0px;")
                       + "".join(f'<tr><td class="label" width="24%">{_e(k)}</td><td>{_e(v)}</td></tr>'
                                 for k, v in t.facts) + "</table>")
        out.append(_table()
                   + "<thead><tr>" + "".join(f"<th{head(i)}>{_e(c)}</th>" for i, c in enumerate(t.columns))
                   + "</tr></thead>"
                   + "".join("<tr>" + "".join(f"<td{cls(i)}>{_e(v)}</td>" for i, v in enumerate(row)) + "</tr>"
                             for row in t.rows)
                   + "</table>")
        if t.note:
            out.append(f'<p class="muted small" style="margin-bottom: 14px;">{_e(t.note).replace(chr(10), "<br/>")}</p>')
    return "".join(out)


def _map(r: Report, width_px: int, height_px: int) -> str:
    if r.map_image is None:
        return ""
    m = r.map_image
    return (f'<h1 style="page-break-before: always;">{_e(r.labels.map)}</h1>'
            f'<p align="center"><img src="{MAP_URL}" width="{width_px}" height="{height_px}"/></p>'
            + (f'<p align="center" class="muted small">{_e(m.caption)}</p>' if m.caption else "")
            + _legend(m.legend))


def _legend(entries: tuple[tuple[str, str], ...], columns: int = 3) -> str:
    """The map's colours in a borderless grid: a swatch cell, then its label."""
    if not entries:
        return ""
    rows = []
    for i in range(0, len(entries), columns):
        cells = "".join(
            f'<td width="3%" style="background-color: {_e(colour)};">&nbsp;</td>'
            f'<td width="{100 // columns - 3}%" class="small">{_e(label)}</td>'
            for label, colour in entries[i:i + columns])
        rows.append(f"<tr>{cells}</tr>")
    return ('<table width="100%" border="0" cellspacing="4" cellpadding="2" style="margin-top: 8px;">'
            + "".join(rows) + "</table>")


def _action_plan(r: Report) -> str:
    lab = r.labels
    head = f'<h1 style="page-break-before: always;">{_e(lab.action_plan)}</h1>'
    if not r.actions:
        return head + f'<p class="muted">{_e(lab.no_actions)}</p>'
    rows = "".join(
        f"<tr><td>{_e(a.question_id or lab.whole_assessment)}</td><td>{_e(a.action)}</td>"
        f"<td>{_e(a.responsible)}</td><td>{_e(a.timescale)}</td><td>{_e(a.status_text)}</td></tr>"
        for a in r.actions)
    return (head + _table()
            + f'<thead><tr><th width="11%" style="white-space: nowrap;">{_e(lab.question)}</th><th>{_e(lab.action)}</th>'
            f'<th width="24%">{_e(lab.responsible)}</th><th width="13%">{_e(lab.timescale)}</th>'
            f'<th width="13%">{_e(lab.status)}</th></tr></thead>' + rows + "</table>")


def report_html(r: Report, *, map_size: tuple[int, int] = (0, 0)) -> str:
    """The whole report as one HTML document.

    ``map_size`` is the map image's size in CSS pixels (only used when the report has a map).
    """
    return (f'<html><head><meta charset="utf-8"/><style>{_css()}</style></head><body>'
            + _cover(r) + _summary(r) + _sections(r) + _exposure(r) + _losses(r)
            + _map(r, *map_size) + _action_plan(r) + "</body></html>")


def stylesheet() -> str:
    """The report's CSS (also set as the document's default style sheet)."""
    return _css()
