"""Translation overlays: one language's texts of a scorecard kept in their own file.

A definition ``scorecards/preliminary.yaml`` keeps English and Russian inline; other languages
come as ``scorecards/translations/preliminary.kk.yaml``::

    scorecard: preliminary      # the id it translates
    version: 1                  # the version it translates
    lang: kk
    review: needs-native-review
    title: "..."
    description: "..."
    notes: "..."
    essentials: {"1": {title: "...", description: "..."}}
    questions: {"P1.1": {topic: "...", text: "...", guidance: "...", levels: {"3": "...", "2": "..."}}}

Loading merges them into the definition's text dictionaries (the overlay's text wins), so the
model, ``scorecard show --json`` and the reports see ``{"en": ..., "ru": ..., "kk": ...}``. An
overlay only adds texts: it never changes ids, levels or the scale. A broken overlay is reported
(``scorecard validate``, the registry's problems) and left out; the definition still loads.
"""

from __future__ import annotations

__all__ = ["TRANSLATIONS_DIR", "overlay_paths", "read_overlay", "overlay_problems", "apply_overlay",
           "with_overlays"]

import copy
import re
from pathlib import Path
from typing import Any

import yaml

from ..errors import ValidationProblem

TRANSLATIONS_DIR = "translations"
_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
_TOP = ("title", "description", "notes")
_ESSENTIAL = ("title", "description")
_QUESTION = ("topic", "text", "guidance")
_KNOWN = {"scorecard", "version", "lang", "review", "essentials", "questions", *_TOP}


def overlay_paths(folder: Path, scorecard_id: str) -> list[Path]:
    """The overlay files of ``scorecard_id`` in ``folder/translations`` (``<id>.<lang>.yaml``)."""
    sub = Path(folder) / TRANSLATIONS_DIR
    if not sub.is_dir():
        return []
    return sorted(p for p in sub.glob(f"{scorecard_id}.*.yaml") if p.stem.count(".") == 1 + scorecard_id.count("."))


#: Parsed overlays by (path, mtime, size): every workspace opened re-applies the shipped overlays.
_parsed: dict[tuple[str, int, int], Any] = {}


def _parse(path: Path) -> Any:
    st = path.stat()
    key = (str(path.resolve()), st.st_mtime_ns, st.st_size)
    if key not in _parsed:
        if len(_parsed) >= 64:
            _parsed.clear()
        _parsed[key] = yaml.load(path.read_text(encoding="utf-8"), Loader=_YamlLoader)  # noqa: S506 (a safe loader)
    return copy.deepcopy(_parsed[key])


def read_overlay(path: Path) -> tuple[dict[str, Any] | None, list[ValidationProblem]]:
    try:
        doc = _parse(Path(path))
    except OSError as exc:
        return None, [ValidationProblem(str(path), "(file)", f"cannot read: {exc.strerror or exc}")]
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        return None, [ValidationProblem(str(path), "(file)", f"not valid YAML: {str(exc).splitlines()[0]}")]
    if not isinstance(doc, dict):
        return None, [ValidationProblem(str(path), "(top level)", "expected a mapping of fields")]
    return doc, []


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def overlay_problems(definition: dict[str, Any], overlay: dict[str, Any], file: str) -> list[ValidationProblem]:
    """Every problem of ``overlay`` as a translation of ``definition`` (empty: it can be applied)."""
    out: list[ValidationProblem] = []

    def bad(where: str, message: str) -> None:
        out.append(ValidationProblem(file, where, message))

    lang = overlay.get("lang")
    if not isinstance(lang, str) or not _LANG.match(lang) or lang == "en":
        bad("lang", f"expected a language code other than 'en', not {lang!r}")
    if overlay.get("scorecard") != definition.get("id"):
        bad("scorecard", f"translates {overlay.get('scorecard')!r}, not {definition.get('id')!r}")
    if overlay.get("version") != definition.get("version"):
        bad("version", f"translates version {overlay.get('version')!r}, the definition is version "
                       f"{definition.get('version')!r}")
    for key in sorted(set(overlay) - _KNOWN):
        bad(key, "unknown field")
    for key in _TOP:
        if key in overlay and not _is_text(overlay[key]):
            bad(key, "expected a non-empty text")
    if not isinstance(definition.get("essentials"), list) or not isinstance(definition.get("questions"), list):
        bad("(definition)", "the definition itself is not valid")
        return out
    numbers = {str(e.get("number")) for e in definition.get("essentials") or [] if isinstance(e, dict)}
    for num, texts in _mapping(overlay, "essentials", bad).items():
        where = f"essentials[{num}]"
        if str(num) not in numbers:
            bad(where, f"essential {num} is not in the definition")
        _check_texts(texts, _ESSENTIAL, where, bad)
    questions = {q.get("id"): q for q in definition.get("questions") or [] if isinstance(q, dict)}
    for qid, texts in _mapping(overlay, "questions", bad).items():
        where = f"questions[{qid}]"
        if qid not in questions:
            bad(where, f"question {qid!r} is not in the definition")
            continue
        _check_texts(texts, (*_QUESTION, "levels"), where, bad)
        levels = texts.get("levels") if isinstance(texts, dict) else None
        if levels is None:
            continue
        if not isinstance(levels, dict):
            bad(f"{where}.levels", "expected a mapping of score to text")
            continue
        known = {str(k) for k in (questions[qid].get("levels") or {})}
        for lvl, text in levels.items():
            if str(lvl) not in known:
                bad(f"{where}.levels.{lvl}", f"level {lvl} is not in the definition")
            elif not _is_text(text):
                bad(f"{where}.levels.{lvl}", "expected a non-empty text")
    return out


def _mapping(overlay: dict[str, Any], key: str, bad: Any) -> dict[str, Any]:
    value = overlay.get(key) or {}
    if not isinstance(value, dict):
        bad(key, "expected a mapping by id")
        return {}
    return {str(k): v for k, v in value.items()}


def _check_texts(texts: Any, allowed: tuple[str, ...], where: str, bad: Any) -> None:
    if not isinstance(texts, dict):
        bad(where, "expected a mapping of fields")
        return
    for key, value in texts.items():
        if key not in allowed:
            bad(f"{where}.{key}", "unknown field")
        elif key != "levels" and not _is_text(value):
            bad(f"{where}.{key}", "expected a non-empty text")


def _put(target: dict[str, Any], key: str, lang: str, value: Any) -> None:
    if _is_text(value):
        text = target.get(key)
        if isinstance(text, dict):
            text[lang] = value.strip()
        elif key in ("guidance", "description", "notes") and text is None:
            target[key] = {lang: value.strip()}  # never without English: the schema asks for "en" where it matters


def apply_overlay(definition: dict[str, Any], overlay: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``definition`` with the overlay's texts added under its language (checked first)."""
    doc = copy.deepcopy(definition)
    _apply_in_place(doc, overlay)
    return doc


def _apply_in_place(doc: dict[str, Any], overlay: dict[str, Any]) -> None:
    lang = overlay["lang"]
    for key in _TOP:
        if isinstance(doc.get(key), dict):
            _put(doc, key, lang, overlay.get(key))
    essentials = {str(e.get("number")): e for e in doc.get("essentials") or [] if isinstance(e, dict)}
    for num, texts in (overlay.get("essentials") or {}).items():
        e = essentials[str(num)]
        for key in _ESSENTIAL:
            if isinstance(e.get(key), dict):
                _put(e, key, lang, texts.get(key))
    questions = {q.get("id"): q for q in doc.get("questions") or [] if isinstance(q, dict)}
    for qid, texts in (overlay.get("questions") or {}).items():
        q = questions[str(qid)]
        for key in _QUESTION:
            if isinstance(q.get(key), dict):
                _put(q, key, lang, texts.get(key))
        levels = {str(k): v for k, v in (q.get("levels") or {}).items()} if isinstance(q.get("levels"), dict) else {}
        for lvl, text in (texts.get("levels") or {}).items():
            if isinstance(levels.get(str(lvl)), dict) and _is_text(text):
                levels[str(lvl)][lang] = text.strip()


def with_overlays(definition: dict[str, Any], folders: list[Path]) -> tuple[dict[str, Any], list[ValidationProblem]]:
    """``definition`` with every valid overlay found in ``folders`` applied, and the overlays' problems."""
    problems: list[ValidationProblem] = []
    doc = definition
    seen: set[str] = set()
    for folder in folders:
        for path in overlay_paths(folder, str(definition.get("id"))):
            overlay, read_problems = read_overlay(path)
            if overlay is None:
                problems.extend(read_problems)
                continue
            found = overlay_problems(definition, overlay, str(path))
            if found:
                problems.extend(found)
                continue
            if overlay["lang"] in seen:
                continue  # the first folder wins (the shipped one before the user's)
            seen.add(overlay["lang"])
            if doc is definition:  # one copy for all the languages (a copy per overlay was ~5 ms each)
                doc = copy.deepcopy(definition)
            _apply_in_place(doc, overlay)
    return doc, problems
