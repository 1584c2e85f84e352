"""The gettext catalogs (resources/i18n/<lang>.po and the shipped .mo) against the code.

Every literal message of a ``tr``/``trn``/``trp`` call under ``resilience_desktop/`` must have a
Russian, Kazakh and Kyrgyz translation that keeps the same ``{fields}`` (and the ``&`` menu
accelerator); Uzbek and Tajik must cover the main views. The catalogs keep no message the code no
longer asks for (except the documented dynamic keys), and every compiled ``.mo`` matches its ``.po``.
"""

from __future__ import annotations

import string
from functools import cache

import pytest

from resilience_desktop.i18n.build import catalog_languages, stale_catalogs
from resilience_desktop.i18n.catalog import language, set_language, system_language, tr, trp
from resilience_desktop.i18n.extract import DYNAMIC_KEYS, is_main_view, messages_in
from resilience_desktop.i18n.language import Language
from resilience_desktop.i18n import tools
from resilience_desktop.i18n.tools import REVIEW_NOTE, coverage

FULL = ("ru", "kk", "ky")        #: must cover 100 % of the interface
MAIN_VIEWS_ONLY = ("uz", "tg")   #: must cover the main views (start, assessment, dashboard, map, presentation)


def fields_of(text: str) -> set[str]:
    """The ``{name}`` replacement fields of a format string (``{{`` escapes are not fields)."""
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def accelerators(text: str) -> int:
    """How many ``&`` menu accelerators ``text`` has (``&&`` is a literal ampersand)."""
    return text.replace("&&", "").count("&")


# Nothing here changes the catalogs or the code: each is read once for the whole module (parsing
# a .po file takes ~0.1 s, scanning the package for messages ~0.5 s).
load_po = cache(tools.load_po)
messages_in = cache(messages_in)


@pytest.fixture(autouse=True, scope="module")
def _read_once():
    """``coverage`` reads the same catalogs and code through the cached readers."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(tools, "load_po", load_po)
        mp.setattr(tools, "messages_in", messages_in)
        yield


@pytest.fixture(scope="module")
def found():
    out = messages_in()
    assert len(out) > 500, "the scan of tr()/trn()/trp() calls is broken"
    return out


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    set_language("en")


def _pairs(lang: str):
    """``(source, translation)`` for every translated form of the catalog."""
    for m in load_po(lang):
        if not m.id or not m.string:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        forms = m.string if isinstance(m.string, tuple) else (m.string,)
        for i, form in enumerate(forms):
            if form:
                yield ids[min(i, len(ids) - 1)], form


# ------------------------------------------------------------------ the catalog files
def test_every_language_has_a_catalog():
    assert set(catalog_languages()) == {"ru", "kk", "ky", "uz", "tg"}


def test_shipped_mo_files_are_up_to_date():
    assert stale_catalogs() == [], "run: python -m resilience_desktop.i18n.build"


@pytest.mark.parametrize("lang", FULL)
def test_full_coverage(lang):
    done, total, missing = coverage(lang)
    print(f"{lang}: {done}/{total} interface messages ({100 * done / total:.1f} %)")
    assert not missing, f"{len(missing)} of {total} messages have no {lang} translation:\n" + \
        "\n".join(repr(m.msgid) for m in missing[:40])


@pytest.mark.parametrize("lang", MAIN_VIEWS_ONLY)
def test_main_views_coverage(lang):
    done, total, missing = coverage(lang, main_views_only=True)
    print(f"{lang}: {done}/{total} main-view messages ({100 * done / total:.1f} %)")
    assert total > 150
    assert not missing, f"{len(missing)} main-view messages have no {lang} translation:\n" + \
        "\n".join(repr(m.msgid) for m in missing[:40])


def test_main_views_are_a_real_subset(found):
    main = [m for m, where in found.items() if any(is_main_view(w) for w in where)]
    assert 150 < len(main) < len(found)


@pytest.mark.parametrize("lang", ["kk", "ky", "uz", "tg"])
def test_own_translations_are_marked_for_native_review(lang):
    assert REVIEW_NOTE in (load_po(lang).header_comment or "")


@pytest.mark.parametrize("lang", ["ru", "kk", "ky", "uz", "tg"])
def test_translations_keep_the_fields_and_accelerators(lang):
    wrong = []
    for source, target in _pairs(lang):
        try:
            if fields_of(source) != fields_of(target):
                wrong.append(f"{source!r} -> {target!r}: fields differ")
        except ValueError as exc:
            wrong.append(f"{source!r} -> {target!r}: {exc}")
        if accelerators(source) != accelerators(target):
            wrong.append(f"{source!r} -> {target!r}: & accelerator lost or added")
    assert not wrong, f"{lang}.po:\n" + "\n".join(wrong)


@pytest.mark.parametrize("lang", ["ru", "kk", "ky", "uz", "tg"])
def test_no_stale_messages(lang, found):
    wanted = {(m.context, m.key) for m in found} | {(None, k) for k in DYNAMIC_KEYS}
    stale = sorted(str(m.id) for m in load_po(lang) if m.id and (m.context, m.id) not in wanted)
    assert not stale, f"{lang}.po keeps messages no code asks for (python -m resilience_desktop.i18n.tools update):\n" \
        + "\n".join(stale)


#: One term per concept (scorecards/glossary*.yaml): a message whose English matches the pattern
#: must not use the competing word in its translation.
DRIFT = {
    "ru": [(r"\bhazards?\b", r"угроз"), (r"\bworkspaces?\b", r"рабоч\w* област"),
           (r"\baction[- ]plan\b", r"план\w* действий"), (r"\bscores?\b", r"\bоцен(ка|ки|ку|кой|ок|кам|ках)\b")],
    "kk": [(r"\bscores?\b", r"\bбаға(сы|лары)?\b")],
    "ky": [(r"\bworkspaces?\b", r"\bиш мейкинд"), (r"\bscores?\b", r"\bбаа\b")],
}


@pytest.mark.parametrize("lang", sorted(DRIFT))
def test_one_term_per_concept(lang):
    """The drift issue 17 lists: «угроза»/«опасность», «рабочая область»/«рабочее пространство», «оценка 3»/«балл»."""
    import re

    wrong = []
    for source, target in _pairs(lang):
        words = re.sub(r"\{[^}]*\}", "", source)  # the English of the message, not its {fields}
        for english, competing in DRIFT[lang]:
            found = len(re.findall(competing, target, re.I))
            if english == r"\bscores?\b":  # «оценка» as often as the English says "assessment" is the assessment's word
                found -= len(re.findall(r"\bassessments?\b", words, re.I))
            if re.search(english, words, re.I) and found > 0:
                wrong.append(f"{source!r} -> {target!r}")
    assert not wrong, f"{lang}.po uses a competing term:\n" + "\n".join(wrong)


# ------------------------------------------------------------------ switching and fallbacks
def test_russian_is_used_after_set_language():
    assert set_language("ru") == "ru"
    assert language() == "ru"
    assert tr("Undo") == "Отменить"
    assert tr("Essential {n}: {title}", n=3, title="X").startswith("Принцип 3")


def test_unknown_language_falls_back_to_english():
    set_language("ru")
    assert set_language("xx") == "en"
    assert tr("Undo") == "Undo"
    assert tr("Score {n}", n=3) == "Score 3"


def test_region_suffix_is_ignored():
    assert set_language("ru_RU.UTF-8") == "ru"
    assert tr("Undo") != "Undo"


@pytest.mark.parametrize("lang", ["kk", "ky", "uz", "tg"])
def test_fallback_chain_ends_in_russian_then_english(lang):
    assert Language.get(lang).chain == (lang, "ru", "en")


def test_a_message_missing_in_uzbek_comes_in_russian():
    uz, ru = Language.get("uz"), Language.get("ru")
    uz_po = load_po("uz")
    outside = [m.msgid for m, where in messages_in().items()
               if m.plural is None and m.context is None and not any(is_main_view(w) for w in where)
               and not (uz_po.get(m.msgid) and uz_po.get(m.msgid).string)]
    assert outside, "Uzbek covers everything: pick another fallback test"
    assert uz.tr(outside[0]) == ru.tr(outside[0]) != outside[0]


def test_active_language_does_not_touch_the_interface_language():
    set_language("en")
    with Language.get("ru").active():
        assert tr("Undo") == "Отменить"
    assert language() == "en" and tr("Undo") == "Undo"


def test_context_form_falls_back_to_the_source_text():
    assert trp("no such context", "Undo") == "Undo"


@pytest.mark.parametrize(("candidates", "want"), [
    (["ru-RU", "en-US"], "ru"), (["kk_KZ.UTF-8"], "kk"), (["ky-KG"], "ky"), (["uz-Latn-UZ"], "uz"),
    (["tg-TJ"], "tg"), (["de-DE", "fr-FR"], "en"), (["de-DE", "ky-KG"], "ky"), ([], "en")])
def test_system_language(candidates, want):
    assert system_language(candidates) == want


# ------------------------------------------------------------------ plurals
@pytest.mark.parametrize(("lang", "want"), [
    ("ru", {1: "1 город", 2: "2 города", 5: "5 городов", 21: "21 город"}),
    ("kk", {1: "1 қала", 2: "2 қала", 5: "5 қала", 21: "21 қала"}),
    ("ky", {1: "1 шаар", 2: "2 шаар", 5: "5 шаар", 21: "21 шаар"}),
    ("en", {1: "1 city", 2: "2 cities", 5: "5 cities", 21: "21 cities"}),
])
def test_plural_forms(lang, want):
    L = Language.get(lang)
    got = {n: L.trn("{path}: {n} city", "{path}: {n} cities", n, path="x").removeprefix("x: ") for n in want}
    assert got == want


@pytest.mark.parametrize(("lang", "want"), [
    ("ru", ["1 байт", "2 байта", "5 байт", "21 байт"]),
    ("kk", ["1 байт", "2 байт", "5 байт", "21 байт"]),
    ("ky", ["1 байт", "2 байт", "5 байт", "21 байт"]),
    ("en", ["1 byte", "2 bytes", "5 bytes", "21 bytes"]),
])
def test_plural_sizes(lang, want):
    assert [Language.get(lang).size(n) for n in (1, 2, 5, 21)] == want


# ------------------------------------------------------------------ number formats (CLDR)
NBSP = "\xa0"


@pytest.mark.parametrize(("lang", "number", "count", "percent"), [
    ("en", "1,234.5", "365,471", "66.7%"),
    ("ru", f"1{NBSP}234,5", f"365{NBSP}471", f"66,7{NBSP}%"),
    ("kk", f"1{NBSP}234,5", f"365{NBSP}471", "66,7%"),
    ("ky", f"1{NBSP}234,5", f"365{NBSP}471", "66,7%"),
    ("uz", f"1{NBSP}234,5", f"365{NBSP}471", "66,7%"),
    ("tg", f"1{NBSP}234,5", f"365{NBSP}471", "66,7%"),
])
def test_number_formats(lang, number, count, percent):
    L = Language.get(lang)
    assert L.number(1234.5) == number
    assert L.count(365470.63) == count
    assert L.percent(66.666) == percent
    assert L.percent(None) == "—"


@pytest.mark.parametrize(("lang", "want"), [("en", f"10.44{NBSP}km²"), ("ru", f"10,44{NBSP}км²"),
                                            ("kk", f"10,44{NBSP}км²"), ("ky", f"10,44{NBSP}км²")])
def test_unit_format(lang, want):
    assert Language.get(lang).unit(10.444, "area-square-kilometer", 2).replace(" ", NBSP) == want


def test_dates_follow_the_language():
    assert Language.get("ru").date("2026-03-05", "long") .replace("\u202f", " ") == "5 марта 2026 г."
    assert Language.get("en").date("2026-03-05", "long") == "March 5, 2026"
    assert "наурыз" in Language.get("kk").date("2026-03-05", "long")


def test_incomplete_translations_are_left_out_of_the_mo(tmp_path):
    """An empty or half-translated plural falls back along the chain, never shows an empty text."""
    import gettext
    import io

    from resilience_desktop.i18n.build import compile_catalog
    po = tmp_path / "ru.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: ru\\n"\n'
                  '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && '
                  '(n%100<10 || n%100>=20) ? 1 : 2);\\n"\n\n'
                  'msgid "{n} city"\nmsgid_plural "{n} cities"\nmsgstr[0] "{n} город"\nmsgstr[1] ""\nmsgstr[2] ""\n\n'
                  'msgid "Undo"\nmsgstr ""\n\nmsgid "Redo"\nmsgstr "Повторить"\n', encoding="utf-8")
    t = gettext.GNUTranslations(io.BytesIO(compile_catalog(po)))
    assert t.ngettext("{n} city", "{n} cities", 21) == "{n} cities"
    assert t.gettext("Undo") == "Undo" and t.gettext("Redo") == "Повторить"


@pytest.mark.parametrize(("lang", "whole", "tenths"), [
    ("en", "42%", "33.3%"), ("ru", f"42{NBSP}%", f"33,3{NBSP}%"), ("kk", "42%", "33,3%"),
])
def test_share_is_the_percent_format_of_a_0_to_1_value(lang, whole, tenths):
    L = Language.get(lang)
    assert L.share(0.4167) == whole == L.percent(41.67, 0)
    assert L.share(1 / 3, 1) == tenths
    assert L.share(None) == "—"
    assert L.share(0.0) == L.percent(0.0, 0) != "—"  # a zero share is a score, not a gap


def test_the_check_finds_a_mo_that_lags_its_po(tmp_path, monkeypatch):
    """``build --check`` compares what the .mo holds with the .po: a changed plural form, a new
    context-qualified message or a missing .mo is reported; an up-to-date one is not."""
    from resilience_desktop.i18n import build

    folder = tmp_path / "resources" / "i18n"
    folder.mkdir(parents=True)
    monkeypatch.setattr(build, "data_dir", lambda name: tmp_path / name)
    head = ('msgid ""\nmsgstr ""\n"Language: ru\\n"\n'
            '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && '
            '(n%100<10 || n%100>=20) ? 1 : 2);\\n"\n\n')
    city = 'msgid "{n} city"\nmsgid_plural "{n} cities"\nmsgstr[0] "{n} город"\nmsgstr[1] "{n} города"\n'
    po = folder / "ru.po"
    po.write_text(head + city + 'msgstr[2] "{n} городов"\n', encoding="utf-8")
    assert build.stale_catalogs() == ["ru.mo"]                      # never built
    build.build()
    assert build.stale_catalogs() == []
    po.write_text(head + city + 'msgstr[2] "{n} городa"\n', encoding="utf-8")
    assert build.stale_catalogs() == ["ru.mo"]                      # one plural form changed
    build.build()
    po.write_text(head + city + 'msgstr[2] "{n} городa"\n\nmsgctxt "csv column"\nmsgid "city"\nmsgstr "город"\n',
                  encoding="utf-8")
    assert build.stale_catalogs() == ["ru.mo"]                      # a message with a context added
    assert build.main([]) == 0 and build.main(["--check"]) == 0
