"""The Russian interface catalog (resources/i18n/ru.yaml) against the ``tr()`` calls in the code.

Every string literal passed as the first positional argument of a call to ``tr`` anywhere under
``resilience_desktop/`` must have a non-empty Russian translation that keeps the same ``{fields}``
(and the ``&`` menu accelerator, when the source has one). The catalog must not keep entries
that no code asks for any more, except the documented dynamic keys below.
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest
import yaml

from resilience_desktop.i18n.catalog import language, set_language, tr

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "resilience_desktop"
CATALOG = ROOT / "resources" / "i18n" / "ru.yaml"

#: Keys translated at run time from non-literal text, so the scan of ``tr("...")`` literals
#: cannot see them; they are allowed (and required) in the catalog:
#:
#: - ui/question_panel.py, History tab: ``tr(c.field.replace("_", " "))`` for the ``field`` of each
#:   change-log entry of a question (see the ``_log(...)`` calls in workspace.py: answers,
#:   evidence, action items, stakeholder proposals; plus cities and assessments).
#: - ui/commands.py, undo text: ``tr(field.replace("_", " "))`` for the answer text fields
#:   (``_TEXT_FIELDS`` there; also read from the source by :func:`text_field_keys`).
DYNAMIC_KEYS = frozenset({
    "score", "comment", "verification", "responsible", "data sources", "created", "added", "removed",
    "restored", "name", "title", "status", "team", "action", "timescale", "proposed score", "note",
    "completed on", "comment private", "note private",
})


# ------------------------------------------------------------------ extraction
def _is_tr_call(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call) or not node.args:
        return False
    func = node.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
    return name == "tr"


def tr_literals(package: Path = PACKAGE) -> dict[str, list[str]]:
    """Every literal first argument of a ``tr(...)`` call, with where it occurs (``file:line``)."""
    found: dict[str, list[str]] = {}
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if _is_tr_call(node):
                first = node.args[0]  # type: ignore[attr-defined]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    where = f"{path.relative_to(ROOT).as_posix()}:{node.lineno}"
                    found.setdefault(first.value, []).append(where)
    return found


def text_field_keys(package: Path = PACKAGE) -> set[str]:
    """The answer text fields that ui/commands.py translates as ``tr(field.replace("_", " "))``."""
    path = package / "ui" / "commands.py"
    if not path.exists():
        return set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "_TEXT_FIELDS"
                                                 for t in node.targets)):
            value = ast.literal_eval(node.value)
            return {str(v).replace("_", " ") for v in value}
    return set()


def fields_of(text: str) -> set[str]:
    """The ``{name}`` replacement fields of a format string (``{{`` escapes are not fields)."""
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def accelerators(text: str) -> int:
    """How many ``&`` menu accelerators ``text`` has (``&&`` is a literal ampersand)."""
    return text.replace("&&", "").count("&")


def load_catalog() -> dict:
    data = yaml.safe_load(CATALOG.read_text(encoding="utf-8")) or {}
    assert isinstance(data, dict), f"{CATALOG} must be a mapping of English text to its translation"
    return data


@pytest.fixture(scope="module")
def literals() -> dict[str, list[str]]:
    found = tr_literals()
    assert found, "no tr() literals found: the scan is broken"
    return found


@pytest.fixture(scope="module")
def catalog() -> dict:
    return load_catalog()


@pytest.fixture(autouse=True)
def english_afterwards():
    """Whatever a test switches to, the interface language is English again afterwards."""
    yield
    set_language("en")


# ------------------------------------------------------------------ the catalog file
def test_catalog_is_text_to_text(catalog):
    bad = [repr(k) for k, v in catalog.items() if not isinstance(k, str) or not isinstance(v, str)]
    assert not bad, "catalog entries that are not text -> text:\n" + "\n".join(bad)


def test_dynamic_keys_cover_the_answer_text_fields():
    missing = sorted(text_field_keys() - DYNAMIC_KEYS)
    assert not missing, f"add these ui/commands.py text fields to DYNAMIC_KEYS: {missing}"


def test_every_tr_literal_has_a_russian_translation(literals, catalog):
    missing = [f"{text!r}  ({', '.join(where)})" for text, where in sorted(literals.items())
               if not (isinstance(catalog.get(text), str) and catalog[text].strip())]
    assert not missing, f"{len(missing)} tr() strings have no Russian translation in {CATALOG.name}:\n" + \
        "\n".join(missing)


def test_every_dynamic_key_has_a_russian_translation(catalog):
    missing = sorted(k for k in DYNAMIC_KEYS | text_field_keys()
                     if not (isinstance(catalog.get(k), str) and catalog[k].strip()))
    assert not missing, f"dynamic keys without a Russian translation: {missing}"


def test_translations_keep_the_fields(catalog):
    wrong = []
    for source, target in sorted(catalog.items()):
        try:
            want, got = fields_of(str(source)), fields_of(str(target))
        except ValueError as exc:  # unbalanced braces
            wrong.append(f"{source!r}: {exc}")
            continue
        if want != got:
            wrong.append(f"{source!r} has {sorted(want)} but {target!r} has {sorted(got)}")
    assert not wrong, "translations whose {fields} differ from the source:\n" + "\n".join(wrong)


def test_translations_keep_the_menu_accelerator(catalog):
    wrong = [f"{s!r} -> {t!r}" for s, t in sorted(catalog.items())
             if accelerators(str(s)) != accelerators(str(t))]
    assert not wrong, "translations that lose or add a & accelerator:\n" + "\n".join(wrong)


def test_no_stale_keys(literals, catalog):
    allowed = set(literals) | DYNAMIC_KEYS | text_field_keys()
    stale = sorted(k for k in catalog if k not in allowed)
    assert not stale, (f"{len(stale)} catalog keys no longer appear in any tr() call (remove them, or list "
                       "them in DYNAMIC_KEYS if they are translated dynamically):\n" + "\n".join(map(repr, stale)))


# ------------------------------------------------------------------ switching languages
def test_russian_is_used_after_set_language(catalog):
    assert set_language("ru") == "ru"
    assert language() == "ru"
    assert tr("Undo") == catalog["Undo"]
    assert tr("Undo") != "Undo"
    with_fields = sorted(k for k in catalog if fields_of(k))
    if with_fields:  # fields are filled in after translation
        key = with_fields[0]
        values = {name: f"<{name}>" for name in fields_of(key)}
        assert tr(key, **values) == catalog[key].format(**values)


def test_unknown_language_falls_back_to_english():
    set_language("ru")
    assert set_language("xx") == "en"
    assert language() == "en"
    assert tr("Undo") == "Undo"
    assert tr("Score {n}", n=3) == "Score 3"


def test_region_suffix_is_ignored():
    assert set_language("ru_RU") == "ru"
    assert tr("Undo") != "Undo"
