"""An exposure result as a table people can read: per asset group, per hazard class, per layer.

One row per asset group (affected / total / share, exposed length and area, the nearest hazard
feature), under it one row per hazard class and per distance band, and one total row per
layer. The same rows feed the Scenarios view, the CSV and XLSX exports and the evidence file
attached to a question. No Qt.
"""

from __future__ import annotations

__all__ = ["exposure_rows", "write_csv", "write_xlsx", "columns"]

from pathlib import Path
from typing import Any

from ..atomic import atomic_target
from ..i18n.catalog import tr
from ..safety import csv_safe


#: The column of the exposed share (a percentage, 0-100, in :func:`exposure_rows`).
SHARE = 3


def columns() -> list[str]:
    """The column titles, in the current language."""
    return [tr("Asset group"), tr("Affected"), tr("Total"), tr("Exposed share"), tr("Exposed length, m"),
            tr("Exposed area, m²"), tr("Nearest hazard, m"), tr("Largest value"), tr("Mean value")]


def _share(affected: float, total: float, g: dict[str, Any]) -> float | None:
    if g.get("total_area_m2"):
        return (g.get("exposed_area_m2") or 0.0) / g["total_area_m2"]
    if g.get("total_length_m"):
        return (g.get("exposed_length_m") or 0.0) / g["total_length_m"]
    return affected / total if total else None


def _r(v: Any, digits: int = 1) -> Any:
    return None if v is None else round(float(v), digits)


def exposure_rows(result: dict[str, Any]) -> list[list[Any]]:
    """The rows of a stored result (``ExposureResult.to_record()``), numbers left as numbers."""
    rows: list[list[Any]] = []
    groups = result.get("groups", [])
    layers: dict[str, list[dict[str, Any]]] = {}
    for g in groups:
        layers.setdefault(g.get("layer", ""), []).append(g)
    for layer, gs in layers.items():
        for g in gs:
            share = _share(g["affected"], g["total"], g)
            rows.append([g["group"], g["affected"], g["total"], None if share is None else round(100 * share, 1),
                         _r(g.get("exposed_length_m")), _r(g.get("exposed_area_m2")), _r(g.get("min_distance_m")),
                         _r(g.get("max_value"), 3), _r(g.get("mean_value"), 3)])
            by_class = g.get("by_class") or {}
            if len(by_class) > 1 or result.get("raster"):
                for c, n in by_class.items():
                    rows.append([f"    {tr('class')} {c}", n, None, None, None, None, None, None, None])
                for label, v in (g.get("above") or {}).items():
                    is_len = g.get("total_length_m") is not None
                    rows.append([f"    {label}", None, None, None, _r(v) if is_len else None,
                                 None if is_len else _r(v), None, None, None])
            for band, n in (g.get("bands") or {}).items():
                rows.append(["    " + tr("{band} m", band=band), n, None, None, None, None, None, None, None])
        if len(gs) > 1:
            hit, total = sum(g["affected"] for g in gs), sum(g["total"] for g in gs)
            length = [g["exposed_length_m"] for g in gs if g.get("exposed_length_m") is not None]
            area = [g["exposed_area_m2"] for g in gs if g.get("exposed_area_m2") is not None]
            mins = [g["min_distance_m"] for g in gs if g.get("min_distance_m") is not None]
            rows.append([tr("{layer}: all", layer=layer), hit, total,
                         round(100 * hit / total, 1) if total else None,
                         _r(sum(length)) if length else None, _r(sum(area)) if area else None,
                         _r(min(mins)) if mins else None, None, None])
    return rows


def _facts(record: dict[str, Any] | None) -> list[list[Any]]:
    if not record:
        return []
    out: list[list[Any]] = [[tr("Computed"), str(record.get("computed_at", ""))[:16].replace("T", " ")],
           [tr("CRS"), str(record.get("crs", ""))]]
    inputs = record.get("inputs") or {}
    z = inputs.get("zones") or {}
    if z:
        out.append([tr("Hazard layer"), f"{z.get('name', '')} (sha256 {z.get('sha256', '')})"])
    if inputs.get("raster"):  # a raster hazard: the raster, its thresholds, the population grid
        from .hazard_units import unit_label
        r = inputs["raster"]
        out.append([tr("Hazard raster"), f"{r.get('name', '')} (sha256 {r.get('sha256', '')})"])
        comma = csv_safe.separator() == "semicolon"  # "0,5; 1; 2" beside decimal commas, else "0.5, 1, 2"
        values = [f"{v:g}".replace(".", ",") if comma else f"{v:g}" for v in inputs.get("thresholds") or []]
        out.append([tr("Thresholds"), (("; " if comma else ", ").join(values)
                                       + f" {unit_label(inputs.get('unit', ''))}").rstrip()])
        if inputs.get("population"):
            p = inputs["population"]
            out.append([tr("Population grid"), f"{p.get('name', '')} (sha256 {p.get('sha256', '')})"])
    for a in inputs.get("assets") or []:
        out.append([tr("Assets"), f"{a.get('name', '')} (sha256 {a.get('sha256', '')})"])
    if inputs.get("buffer") is not None:
        out.append([tr("Buffer (m)"), float(inputs["buffer"])])  # a number: 12,5 where the decimal sign is a comma
    if record.get("population_exposed") is not None:
        out.append([tr("Population exposed"), round(record["population_exposed"])])  # a number, never "630,751"
        for label, people in (record.get("population_by_class") or {}).items():  # a raster hazard's classes
            out.append([tr("Population exposed, class {label}", label=label), round(people)])
    return out


def facts_of(computed_at: str, result: dict[str, Any], inputs: dict[str, Any]) -> dict[str, Any]:
    """The facts written before a result's table: when, in which CRS, from which inputs, how many people
    (in all and by raster class); ``result`` is ``ExposureResult.to_record()``."""
    return {"computed_at": computed_at, "crs": result.get("crs"), "inputs": inputs,
            "population_exposed": result.get("population_exposed"),
            "population_by_class": result.get("population_by_class") or {}}


def write_csv(path: str | Path, result: dict[str, Any], *, facts: dict[str, Any] | None = None) -> Path:
    """The table as CSV (UTF-8 with BOM, so spreadsheet programs read Cyrillic), facts first."""
    path = Path(path)
    with atomic_target(path) as tmp, csv_safe.open_for_writing(tmp) as f:
        w = csv_safe.writer(f)
        for row in _facts(facts):
            w.writerow(row)
        if facts:
            w.writerow([])
        heads = columns()
        heads[SHARE] = tr("Exposed share, %")  # the column holds percents (66.7), said in its title
        w.writerow(heads)
        for row in exposure_rows(result):
            w.writerow(["" if v is None else v for v in row])
    return path


def write_xlsx(path: str | Path, result: dict[str, Any], *, facts: dict[str, Any] | None = None,
               title: str = "") -> Path:
    """The table as an XLSX workbook: a title, the facts, then the table with numbers as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    path = Path(path)
    wb = Workbook()
    ws = wb.worksheets[0]   # a new workbook's one sheet
    ws.title = tr("Exposure")[:31]
    if title:
        ws.append([title])
        ws["A1"].font = Font(bold=True, size=13)
    for row in _facts(facts):
        ws.append(row)
    ws.append([])
    ws.append(columns())
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for row in exposure_rows(result):
        if row[SHARE] is not None:
            row[SHARE] = row[SHARE] / 100  # a share as the spreadsheet keeps one, shown as a percentage
        ws.append(row)
        if row[SHARE] is not None:
            ws.cell(ws.max_row, SHARE + 1).number_format = "0.0%"
    ws.column_dimensions["A"].width = 34
    for col in "BCDEFGHI":
        ws.column_dimensions[col].width = 16
    with atomic_target(path) as tmp:
        wb.save(tmp)
    return path
