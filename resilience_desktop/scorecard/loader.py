"""Load scorecard definitions from YAML or JSON, validating them completely.

Validation never stops at the first problem: a national platform editing a definition by hand
needs the full list, each with its file and field.
"""

from __future__ import annotations

__all__ = [
    "load_scorecard",
    "scorecard_from_dict",
    "validate_file",
    "validate_dict",
    "translation_problems",
]

import hashlib
import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import InvalidInputError, ScorecardValidationError, ValidationProblem
from ..i18n.catalog import tr
from .model import Essential, Question, Scorecard
from .overlays import with_overlays
from ..i18n.language import FALLBACKS


@lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def _field_path(path: Any, doc: dict[str, Any]) -> str:
    """Turn a jsonschema path into ``questions[P1.2].levels.3`` (ids where we have them)."""
    parts: list[str] = []
    node: Any = doc
    for p in path:
        if isinstance(p, int):
            label = str(p)
            if isinstance(node, list) and 0 <= p < len(node) and isinstance(node[p], dict):
                ident = node[p].get("id", node[p].get("number"))
                if ident is not None:
                    label = str(ident)
            parts[-1:] = [f"{parts[-1] if parts else ''}[{label}]"]
        else:
            parts.append(str(p))
        try:
            node = node[p]
        except (KeyError, IndexError, TypeError):
            node = None
    return ".".join(parts) or "(top level)"


_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader is ~10x faster


def _read(path: Path) -> Any:
    """A definition file parsed with the size and depth limits of :mod:`resilience_desktop.safety.validate`."""
    from ..safety.validate import MAX_DOC_BYTES, load_yaml, loads_json
    if path.stat().st_size > MAX_DOC_BYTES:
        raise InvalidInputError(tr("the file is too large ({n} bytes; at most {limit})",
                                   n=path.stat().st_size, limit=MAX_DOC_BYTES))
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".json":
        return loads_json(text, what=tr("the file"))
    return load_yaml(text, what=tr("the file"))


#: Digests of definitions that passed :func:`validate_dict` (every workspace opened validates its
#: scorecard copies again; the schema walk takes ~0.1 s for the detailed scorecard, the digest ~3 ms).
_valid: set[bytes] = set()


def validate_dict(doc: Any, file: str = "<memory>") -> list[ValidationProblem]:
    """Every problem in a parsed definition: schema problems first, then consistency problems."""
    if not isinstance(doc, dict):
        return [ValidationProblem(file, "(top level)", "expected a mapping of fields")]
    try:
        digest = hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).digest()
    except (TypeError, ValueError):  # not plain JSON data (e.g. YAML dates): validated every time
        digest = None
    if digest is not None and digest in _valid:
        return []
    import jsonschema  # here, not at the top: a start whose stored definitions are known valid never needs it
    validator = jsonschema.Draft202012Validator(_schema())
    problems = [
        ValidationProblem(file, _field_path(err.absolute_path, doc), err.message)
        for err in sorted(validator.iter_errors(doc), key=lambda e: [str(p) for p in e.absolute_path])
    ]
    problems.extend(_consistency_problems(doc, file))
    if not problems and digest is not None:
        if len(_valid) >= 256:
            _valid.clear()
        _valid.add(digest)
    return problems


def _consistency_problems(doc: dict[str, Any], file: str) -> list[ValidationProblem]:
    """What the schema cannot say: unique ids, known essentials, levels matching the range."""
    out: list[ValidationProblem] = []
    raw_range = doc.get("score_range")
    rng: list[int] = (list(raw_range) if isinstance(raw_range, list) and len(raw_range) == 2
                      and all(isinstance(v, int) for v in raw_range) else [])
    valid_range = bool(rng)
    if valid_range and rng[0] >= rng[1]:
        out.append(ValidationProblem(file, "score_range", f"minimum {rng[0]} is not below maximum {rng[1]}"))
        # A reversed range still names the levels: keep checking them, so that fixing the range
        # does not reveal a second round of problems.
        valid_range = rng[0] > rng[1]
        rng = sorted(rng)
    numbers: set[int] = set()
    for e in doc.get("essentials") or []:
        if isinstance(e, dict) and isinstance(e.get("number"), int):
            if e["number"] in numbers:
                out.append(ValidationProblem(file, f"essentials[{e['number']}]", "duplicate essential number"))
            numbers.add(e["number"])
    seen: set[str] = set()
    for q in doc.get("questions") or []:
        if not isinstance(q, dict):
            continue
        qid = q.get("id")
        where = f"questions[{qid}]"
        if isinstance(qid, str):
            if qid in seen:
                out.append(ValidationProblem(file, where + ".id", f"duplicate question id {qid!r}"))
            seen.add(qid)
            head = qid.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ").split(".")[0]
            if isinstance(q.get("essential"), int) and head.isdigit() and int(head) != q["essential"]:
                out.append(ValidationProblem(
                    file, where + ".essential",
                    f"id {qid!r} belongs to essential {int(head)}, not {q['essential']}"))
        ess = q.get("essential")
        if isinstance(ess, int) and numbers and ess not in numbers:
            out.append(ValidationProblem(file, where + ".essential", f"essential {ess} is not defined"))
        levels = q.get("levels")
        if valid_range and isinstance(levels, dict):
            want = {str(s) for s in range(rng[0], rng[1] + 1)}
            have = {str(k) for k in levels}
            for missing in sorted(want - have, key=int):
                out.append(ValidationProblem(file, f"{where}.levels.{missing}", "missing level description"))
            for extra in sorted(have - want, key=lambda s: int(s) if s.isdigit() else -1):
                out.append(ValidationProblem(
                    file, f"{where}.levels.{extra}", f"level outside score range {rng[0]}-{rng[1]}"))
    for oid in doc.get("official_ids") or []:
        if isinstance(oid, str) and oid not in seen:
            out.append(ValidationProblem(file, "official_ids", f"{oid!r} is not a question in this file"))
    return out


def _iter_texts(doc: dict[str, Any]):
    """Yield ``(field, text_dict)`` for every human text in a definition."""
    for key in ("title", "description", "notes"):
        if isinstance(doc.get(key), dict):
            yield key, doc[key]
    for e in doc.get("essentials") or []:
        for key in ("title", "description"):
            if isinstance(e, dict) and isinstance(e.get(key), dict):
                yield f"essentials[{e.get('number')}].{key}", e[key]
    for q in doc.get("questions") or []:
        if not isinstance(q, dict):
            continue
        for key in ("topic", "text", "guidance"):
            if isinstance(q.get(key), dict):
                yield f"questions[{q.get('id')}].{key}", q[key]
        for lvl, t in (q.get("levels") or {}).items():
            if isinstance(t, dict):
                yield f"questions[{q.get('id')}].levels.{lvl}", t


def translation_problems(doc: dict[str, Any], lang: str, file: str = "<memory>") -> list[ValidationProblem]:
    """Every human text of ``doc`` that has no ``lang`` version (it would fall back to English)."""
    if lang == "en":
        return []
    out: list[ValidationProblem] = []
    fallback = " → ".join((*FALLBACKS.get(lang, ()), "English"))
    for where, text in _iter_texts(doc):
        if not str(text.get(lang) or "").strip():
            out.append(ValidationProblem(file, f"{where}.{lang}", f"no '{lang}' translation (falls back to {fallback})"))
    return out


def _read_checked(path: Path) -> tuple[Any, list[ValidationProblem]]:
    try:
        return _read(path), []
    except OSError as exc:
        return None, [ValidationProblem(str(path), "(file)", f"cannot read: {exc.strerror or exc}")]
    except (yaml.YAMLError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        return None, [ValidationProblem(str(path), "(file)", f"not valid YAML/JSON: {str(exc).splitlines()[0]}")]
    except InvalidInputError as exc:
        text = str(exc)
        if " is not valid " in text:  # malformed, not too big or too deep: the message says what it always said
            text = "not valid YAML/JSON: " + text.split(": ", 1)[-1]
        return None, [ValidationProblem(str(path), "(file)", text)]


def validate_file(path: str | Path, lang: str | None = None) -> list[ValidationProblem]:
    """Every problem in the definition file at ``path``, in its translation overlays
    (``translations/<id>.<lang>.yaml`` beside it), and, if ``lang`` is given, every text still
    missing in that language once the overlays are merged."""
    path = Path(path)
    doc, problems = _read_checked(path)
    if problems:
        return problems
    problems = validate_dict(doc, str(path))
    if isinstance(doc, dict):
        merged, overlay_problems = with_overlays(doc, [path.parent])
        problems.extend(overlay_problems)
        if lang:
            problems.extend(translation_problems(merged, lang, str(path)))
    return problems


def _text(value: Any) -> dict[str, str]:
    return dict(value) if isinstance(value, dict) else {}


def scorecard_from_dict(doc: dict[str, Any], source: str = "<memory>", *, raw: dict[str, Any] | None = None,
                        cache: bool = False) -> Scorecard:
    """Validate a parsed definition and build the :class:`Scorecard`; raise with every problem.

    ``raw`` is the definition as its file says it, kept as :attr:`Scorecard.raw` (what workspaces
    store and bundles carry) when ``doc`` has translation overlays merged in; by default ``doc``.
    With ``cache``, a definition whose exact content passed validation before (see
    :mod:`~resilience_desktop.scorecard.valid_cache`) is not validated again.
    """
    _validate(doc, source, cache)
    return _build(doc, source, raw)


def _build(doc: dict[str, Any], source: str, raw: dict[str, Any] | None) -> Scorecard:
    """The :class:`Scorecard` of a definition that passed validation."""
    essentials = tuple(
        Essential(number=e["number"], title=_text(e["title"]), description=_text(e.get("description")))
        for e in sorted(doc["essentials"], key=lambda e: e["number"])
    )
    questions = tuple(
        Question(
            id=q["id"],
            essential=q["essential"],
            topic=_text(q["topic"]),
            text=_text(q["text"]),
            guidance=_text(q.get("guidance")),
            levels={int(k): _text(v) for k, v in q["levels"].items()},
            scenarios=tuple(q.get("scenarios") or ()),
            retired=bool(q.get("retired", False)),
        )
        for q in doc["questions"]
    )
    return Scorecard(
        id=doc["id"],
        version=doc["version"],
        title=_text(doc["title"]),
        description=_text(doc.get("description")),
        level=doc.get("level", "custom"),
        score_range=(doc["score_range"][0], doc["score_range"][1]),
        essentials=essentials,
        questions=questions,
        provisional=bool(doc.get("provisional", False)),
        notes=_text(doc.get("notes")),
        official_ids=tuple(doc.get("official_ids") or ()),
        source=source,
        raw=doc if raw is None else raw,
    )


def _validate(doc: dict[str, Any], source: str, cache: bool) -> None:
    key = None
    if cache:
        from .valid_cache import content_key, is_known_valid
        key = content_key(doc)
        if is_known_valid(key):
            return
    problems = validate_dict(doc, source)
    if problems:
        raise ScorecardValidationError(problems)
    if key is not None:
        from .valid_cache import remember_valid
        remember_valid(key)


def load_scorecard(path: str | Path, overlay_problems: list[ValidationProblem] | None = None) -> Scorecard:
    """Read and validate one definition file, with its translation overlays merged in.

    Problems of the overlays do not stop the loading: the broken overlay is left out and its
    problems are appended to ``overlay_problems`` when given.

    Raises
    ------
    ScorecardValidationError
        With every problem found, each naming the file and the field.
    """
    path = Path(path)
    from . import parsed_cache
    key = parsed_cache.key_for(path)
    kept = parsed_cache.lookup(key) if key else None
    if kept is not None:  # read and validated before (only what passed is kept); nothing it came from changed
        return _build(kept[0], str(path), kept[1])
    doc, problems = _read_checked(path)
    if problems:
        raise ScorecardValidationError(problems)
    if not isinstance(doc, dict):
        return scorecard_from_dict(doc, str(path))
    # An overlay only adds texts: the merged definition is validated below. The file's own
    # definition stays the card's ``raw`` (workspaces store it, bundles carry it; overlays are
    # applied again whenever it is read), so a translation never changes what was scored.
    merged, found = with_overlays(doc, [path.parent])
    if overlay_problems is not None:
        overlay_problems.extend(found)
    card = scorecard_from_dict(merged, str(path), raw=doc)
    if key and not found:  # a definition whose overlay had problems is read again, so they are reported again
        parsed_cache.remember(key, merged, doc)
    return card
