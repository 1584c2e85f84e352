"""What the national PDF says, as HTML for Qt's rich-text engine (no Qt here).

Cover (the store, the date, the headline numbers), the map (an image the Qt side supplies as
``MAP_URL``), the cities × Essentials table with one line per city, the regional roll-up and
Sendai E-2 with every city behind it. Every text from the store is escaped.
"""

from __future__ import annotations

__all__ = ["national_html", "MAP_URL", "SCORE_BACKGROUNDS"]

from html import escape
from statistics import median
from typing import Any

from ..i18n.catalog import current, tr
from .sendai import reason_text

MAP_URL = "national-map.png"
#: Light backgrounds of the score classes (thirds of the maximum; the full score its own class).
SCORE_BACKGROUNDS = ((1.0, "#bfe8cf"), (2 / 3, "#fbeeb0"), (1 / 3, "#f8d2ad"), (0.0, "#f2bcb5"))


def _e(value: Any) -> str:
    return escape("—" if value is None else str(value))


def _pct(value: float | None) -> str:
    """A 0–100 percent as the language writes it (``47%``, ``47 %``), as the desktop's tables do."""
    return current().percent(value, 0)


def _cell(value: float | None) -> str:
    if value is None:
        return '<td class="num">—</td>'
    colour = next(c for limit, c in SCORE_BACKGROUNDS if value / 100 + 1e-9 >= limit)
    return f'<td class="num" bgcolor="{colour}" nowrap>{escape(_pct(value))}</td>'


def _table(header: list[str], rows: list[str], widths: list[int] | None = None) -> str:
    """A bordered table; ``widths`` in percent per column (Qt reads them from the header cells)."""
    head = "".join(f'<th width="{widths[i]}%">{_e(h)}</th>' if widths else f"<th>{_e(h)}</th>"
                   for i, h in enumerate(header))
    return ('<table width="100%" border="1" cellspacing="0" cellpadding="3" style="border-collapse: collapse;'
            f' border-color: #c8ccd2; margin-bottom: 10px;"><thead><tr>{head}</tr></thead>'
            + "".join(rows) + "</table>")


def national_html(data: dict[str, Any], *, map_size: tuple[int, int] = (0, 0)) -> str:
    """The whole report; ``data`` is :func:`resilience_desktop.national.report.national_data` plus ``source``."""
    cities, e2 = data["cities"], data["e2"]
    scored = [c["overall_percent"] for c in cities if c["overall_percent"] is not None]
    share = current().share(e2["share"], 1) if e2["local_governments"] else "—"  # 0 of 0 is no share, not 0 %
    parts = [f'<p class="kicker">{_e(tr("National report"))}</p>',
             f'<h1>{_e(tr("Disaster resilience of the cities in the national store"))}</h1>',
             f'<p class="muted">{_e(data.get("source", ""))} · {_e(tr("generated {date}", date=data["loaded_at"][:10]))}</p>',
             '<table width="100%" cellpadding="6"><tr>'
             + "".join(f'<td><span class="big">{_e(v)}</span><br/>{_e(k)}</td>' for k, v in (
                 (tr("Cities"), len(cities)),
                 (tr("Overdue"), sum(1 for c in cities if c["overdue"])),
                 (tr("Overall median"), _pct(round(median(scored), 1) if scored else None)),
                 (tr("Sendai E-2"), f"{e2['in_line']} / {e2['local_governments']} ({share})")))
             + "</tr></table>"]
    if map_size[0]:
        parts.append(f'<p><img src="{MAP_URL}" width="{map_size[0]}" height="{map_size[1]}"/></p>')
    missing = [c["name"] for c in cities if c["lon"] is None]
    if missing:
        parts.append(f'<p class="muted small">{_e(tr("Not on the map (no coordinates): {names}", names=", ".join(missing)))}</p>')

    parts.append(f'<h2 style="page-break-before: always;">{_e(tr("Cities × Essentials"))}</h2>')
    rows = []
    for c in cities:
        flags = []
        if c["overdue"]:
            flags.append(tr("overdue"))
        if c["answered"] == 0:
            flags.append(tr("no answers"))
        if c["conflicts"]:  # each said as the national view and the JSON say it, not summed (a trial)
            flags.append(tr("conflicts: {n}", n=c["conflicts"]))
        if c["warnings"]:
            flags.append(tr("import warnings: {n}", n=c["warnings"]))
        rows.append(f"<tr><td>{_e(c['name'])}</td><td>{_e(c['country'])}</td><td>{_e(c['region'])}</td>"
                    + _cell(c["overall_percent"]) + "".join(_cell(v) for v in c["essentials"])
                    + f"<td class=\"num\">{_e(c['revision'])}</td><td nowrap>{_e((c['updated_at'] or '')[:10])}</td>"
                    f"<td>{_e(', '.join(flags))}</td></tr>")
    parts.append(_table([tr("City"), tr("Country"), tr("Region"), tr("Overall"), *(f"E{n}" for n in range(1, 11)),
                         tr("Revision"), tr("Last delivery"), tr("Status")], rows,
                        [10, 7, 10, 6, *([4] * 10), 8, 10, 9]))  # wide enough for "Редакция", "Country" and a date

    parts.append(f'<h2>{_e(tr("Regions"))}</h2>')
    # the note above the table: below it, it spilled alone onto a page of its own
    parts.append(f'<p class="muted small">{_e(tr("Median per Essential over the cities that have a score for it; the spread (lowest–highest) is in the national workbook."))}</p>')
    rows = []
    for g in ([data["national"]] if data.get("national") else []) + data["regions"]:
        name = tr("All cities") if g["country"] == "*" else f"{g['country']} / {g['region'] or tr('(no region)')}"
        rows.append(f"<tr><td>{_e(name)}</td><td class=\"num\">{g['cities']}</td>"
                    + "".join(_cell(e["median"]) for e in g["essentials"]) + "</tr>")
    parts.append(_table([tr("Region"), tr("Cities"), *(f"E{n}" for n in range(1, 11))], rows, [28, 8, *([6] * 10)]))

    parts.append(f'<h2 style="page-break-before: always;">{_e(tr("Sendai Framework target E-2 / SDG 11.b.2"))}</h2>')
    parts.append(f'<p class="big">{share}</p><p>' + _e(tr(
        "{n} of {d} local governments ({share}) have a local DRR strategy in line with the national one.",
        n=e2["in_line"], d=e2["local_governments"], share=share)) + "</p>")
    parts.append(f'<p class="muted">{_e(tr("Rule"))}: {_e(e2["rule"])} · {_e(tr("Date of the data"))}:'
                 f' {_e((e2["data_date"] or "—")[:10])}</p>')
    rows = [f"<tr><td>{_e(c['name'])}</td><td>{_e(c['country'])}</td>"
            f"<td>{_e(tr('yes') if c['in_line'] else tr('no'))}</td><td>{_e(c['question_id'])}</td>"
            f"<td class=\"num\">{_e(c['score'])}</td><td>{_e(reason_text(c['reason']))}</td></tr>" for c in e2["cities"]]
    parts.append(_table([tr("City"), tr("Country"), tr("In line"), tr("Question"), tr("Score"), tr("Reason")], rows,
                        [18, 7, 13, 8, 6, 48]))
    return "<html><body>" + "".join(parts) + "</body></html>"
