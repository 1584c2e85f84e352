"""Author a scorecard definition from a simple spreadsheet (.xlsx).

A national platform that holds the official Detailed tool, or its own local indicators, keeps them
in a spreadsheet: one row per indicator with its id, Essential, topic, question, guidance and one
column per score level, plus suffixed columns for other languages (``topic_ru``, ``level_3_ru``).
:func:`definition_from_sheet` turns such a workbook into a definition dict, reporting every problem
with its sheet, row and column; :func:`write_definition` writes it as YAML for the registry.

The workbook is opened by :func:`~resilience_desktop.safety.workbook.open_workbook`, the same
opener as the Excel import: recognised by its content, not its name (a macro-enabled ``.xlsm`` is
read like an ``.xlsx``), refused when encrypted, an old ``.xls``, too large or over the XML
budgets; formulas are read as their last computed values and macros are never run.
"""

from __future__ import annotations

__all__ = ["definition_from_sheet", "write_definition"]

import re
from pathlib import Path
from typing import Any

import yaml

from ..atomic import atomic_target
from ..errors import ExcelImportError, ScorecardError, ScorecardValidationError, ValidationProblem
from ..safety.workbook import open_workbook
from .loader import validate_dict
from .overlays import with_overlays
from .registry import builtin_dir
from .sheet_rows import (
    Sheet, cell_text, norm_header, parse_essentials, parse_header, parse_meta, parse_questions, parse_score_range,
)

_SCORECARD_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_LEVELS = ("preliminary", "detailed", "addendum", "custom")


def _read_workbook(path: Path, problems: list[ValidationProblem]) -> list[Sheet]:
    """Every worksheet of the workbook at ``path``; problems with the file itself go to ``problems``."""
    sheets: list[Sheet] = []
    try:
        with open_workbook(path) as wb:
            for ws in wb.book.worksheets:
                sheet = Sheet(ws.title)
                for number, values in enumerate(wb.rows(ws, min_row=1), start=1):
                    if any(cell_text(v) for v in values):
                        sheet.rows.append((number, tuple(values)))
                sheets.append(sheet)
    except ExcelImportError as exc:
        problems.append(ValidationProblem(str(path), "(file)", str(exc)))
        return []
    return sheets


def _builtin_essentials() -> list[dict[str, Any]]:
    doc = yaml.load((builtin_dir() / "preliminary.yaml").read_text(encoding="utf-8"),  # noqa: S506 (a safe loader)
                    Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # the C parser: ~0.45 s less
    doc, _problems = with_overlays(doc, [builtin_dir()])  # with their Kazakh, Kyrgyz, ... titles too
    return [dict(e) for e in doc["essentials"]]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9_-]+", "-", text.lower()).strip("-_")[:64]


# ------------------------------------------------------------------ public
def definition_from_sheet(
    path: str | Path,
    *,
    scorecard_id: str | None = None,
    title: str | None = None,
    version: int | None = None,
    level: str | None = None,
    score_range: tuple[int, int] | None = None,
) -> dict[str, Any]:
    """Read a scorecard definition from the workbook at ``path``.

    Sheets: ``indicators`` (or the first sheet) with a header row and one row per indicator;
    optional ``essentials`` (number, title, description); optional ``meta`` (key/value rows).
    Keyword arguments override the ``meta`` sheet; without either, the id comes from the file
    name, the title from the file name, ``version`` is 1 and ``level`` is ``custom``. The score
    range is the span of the level columns unless ``score_range`` is given. Without an
    ``essentials`` sheet, the Essentials used by the rows are taken from the shipped Preliminary
    scorecard.

    Returns
    -------
    dict
        A definition that passes :func:`~resilience_desktop.scorecard.loader.validate_dict`.

    Raises
    ------
    ScorecardValidationError
        With every problem found, each naming the sheet, cell and column (``indicators!C7 (topic)``).
    """
    path = Path(path)
    file = str(path)
    problems: list[ValidationProblem] = []
    sheets = _read_workbook(path, problems)
    if problems:
        raise ScorecardValidationError(problems)
    by_key = {norm_header(s.name): s for s in sheets}
    ind = by_key.get("indicators") or next(
        (s for s in sheets if norm_header(s.name) not in ("essentials", "meta")), None)
    if ind is None or not ind.rows:
        raise ScorecardValidationError([ValidationProblem(
            file, f"{ind.name if ind else 'indicators'}!1:1",
            "no indicators: the first sheet (or one named 'indicators') needs a header row "
            "and one row per indicator")])

    meta = parse_meta(by_key["meta"], file, problems) if "meta" in by_key else {}
    essentials = (parse_essentials(by_key["essentials"], file, problems) if "essentials" in by_key else None)
    cols = parse_header(ind, problems, file, "indicators")
    assert cols is not None  # ind.rows is not empty
    rng = parse_score_range(cols, ind, score_range, file, problems)
    known = ({e["number"] for e in essentials if isinstance(e.get("number"), int)}
             if essentials is not None else set(range(1, 11)))
    questions = parse_questions(ind, cols, rng, known, essentials is not None, file, problems)
    if essentials is None:
        used = {q.get("essential") for q in questions}
        essentials = [e for e in _builtin_essentials() if e["number"] in used]

    sid = scorecard_id or meta.get("id") or _slug(path.stem)
    if not _SCORECARD_ID.match(sid or ""):
        problems.append(ValidationProblem(
            file, "id", f"scorecard id {sid!r} must be lower case letters, digits, '-' or '_' (give --id)"))
    lvl = level or meta.get("level") or "custom"
    if lvl not in _LEVELS:
        problems.append(ValidationProblem(file, "level", f"level {lvl!r} must be one of {', '.join(_LEVELS)}"))
    if problems:
        raise ScorecardValidationError(problems)

    title_text: dict[str, str] = dict(meta.get("title") or {})
    if title:
        title_text["en"] = title
    title_text.setdefault("en", path.stem)
    if version is None:
        version = meta.get("version") or 1
    doc: dict[str, Any] = {"format": 1, "id": sid, "version": version, "title": title_text}
    if meta.get("description"):
        doc["description"] = meta["description"]
    doc["level"] = lvl
    doc["score_range"] = [rng[0], rng[1]] if rng else None
    doc["provisional"] = bool(meta.get("provisional", False))
    if meta.get("notes"):
        doc["notes"] = meta["notes"]
    doc["essentials"] = essentials
    doc["questions"] = questions
    problems = validate_dict(doc, file)
    if problems:
        raise ScorecardValidationError(problems)
    return doc


class _Dumper(yaml.SafeDumper):
    """Safe YAML laid out like the shipped files: multi-line texts as literal blocks, short lists of
    plain values (``score_range``, ``scenarios``) on one line."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


def _list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    flow = all(isinstance(v, (int, str)) and "\n" not in str(v) for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(list, _list)


def write_definition(doc: dict[str, Any], out_path: str | Path, *, force: bool = False) -> Path:
    """Validate ``doc`` and write it as YAML to ``out_path`` atomically; return the path.

    The file is written to a temporary file beside ``out_path`` and moved into place, so a reader
    (the registry) never sees half a file. An existing file is replaced only when ``force``.

    Raises
    ------
    ScorecardValidationError
        When ``doc`` is not a valid definition (nothing is written).
    ScorecardError
        When ``out_path`` exists and ``force`` is false.
    """
    out = Path(out_path)
    problems = validate_dict(doc, str(out))
    if problems:
        raise ScorecardValidationError(problems)
    if out.exists() and not force:
        raise ScorecardError(f"{out} already exists; not replacing it without force (--force)")
    out.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100_000,
                     default_flow_style=False)
    with atomic_target(out) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")
    return out
