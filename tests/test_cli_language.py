"""The command line in the language asked for: ``--help``, argparse's own titles and errors, and the
usage errors of the commands, with English when no ``--lang`` is given (scripts read it)."""

from __future__ import annotations

import argparse
import re

import pytest

from resilience_desktop.cli._common import ARGPARSE_MESSAGES, argparse_translated
from resilience_desktop.cli.main import build_parser
from resilience_desktop.i18n.catalog import set_language
from resilience_desktop.i18n.language import Language

from .fixtures import cli_user_error, run_cli

FULL = ("ru", "kk", "ky")


def _parsers(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """Every parser of the command, with the words that reach it (``("national", "import")``)."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, (*path, name))


@pytest.mark.parametrize("lang", FULL)
def test_help_of_every_command_is_in_the_language_and_formats(lang):
    """Each command's help formats (argparse %-formats help texts: a stray % in a translation
    would raise) and every help text and section title is the catalog's, not the English."""
    set_language(lang)
    try:
        with argparse_translated():
            parser = build_parser()
            english_left = []
            for path, p in _parsers(parser):
                text = p.format_help()  # raises on a broken placeholder
                for action in p._actions:
                    if action.help and action.help is not argparse.SUPPRESS and re.search(r"[a-z]{4}", action.help) \
                            and not re.search(r"[а-яёәіңғүұқөһ]", action.help, re.I):
                        english_left.append(f"{' '.join(path) or 'main'} {action.option_strings or action.dest}:"
                                            f" {action.help}")
                assert "positional arguments" not in text and "show this help message" not in text, path
    finally:
        set_language("en")
    assert not english_left, "\n".join(english_left[:20])


def test_russian_help_and_usage_errors():
    ru = Language.get("ru")
    out = run_cli("--lang", "ru", "bundle", "--help").stdout
    assert out.startswith(ru.tr("usage: ")) and ru.tr("usage: ") != "usage: "
    assert ru.tr("export an assessment as the next revision of its bundle") in out
    assert ru.tr("show this help message and exit") in out
    # argparse's own error and the command's own check, each one translated line
    line = cli_user_error("--lang", "ru", "bundle", "verify")
    assert line.endswith(ru.tr("the following arguments are required: %s") % "FILE")
    line = cli_user_error("--lang", "ru", "map", "render", "a.shp", "-o", "out.png", "--size", "big")
    assert ru.tr("--size must look like 1920x1080, not {text!r}", text="big") in line
    assert "must look like" not in line
    # --lang after the command counts too; an unknown value of a choice is named in Russian
    line = cli_user_error("national", "cities", "--db", "x.sqlite", "--overdue-months", "soon", "--lang", "ru")
    assert line.split("error: ", 1)[1].startswith(ru.tr("argument %(argument_name)s: %(message)s").split("%")[0])
    assert ru.tr("not a number of months: {text!r}", text="soon") in line


def test_english_without_lang_even_after_a_russian_call():
    """The parser is kept per language: a Russian call leaves the next plain call in English, and
    argparse's own lookup is left as it was (pytest's parser, say, is not translated)."""
    assert "positional arguments" not in run_cli("--lang", "ru", "--help").stdout
    out = run_cli("--help").stdout
    assert out.startswith("usage: ") and "positional arguments" in out
    assert "the following arguments are required: FILE" in cli_user_error("bundle", "verify")
    assert argparse._("usage: ") == "usage: "  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", FULL)
def test_argparse_messages_are_translated_with_their_placeholders(lang):
    language = Language.get(lang)
    placeholders = re.compile(r"%(?:\([a-z_]+\))?[srd]")
    for message in ARGPARSE_MESSAGES:
        if message == "expected %s argument":  # the one plural: each form for its number
            forms = {language.trn(message, "expected %s arguments", n) for n in (1, 2, 5)}
            assert all(placeholders.findall(f) == ["%s"] and "expected" not in f for f in forms), forms
            continue
        translated = language.tr(message)
        assert translated != message, f"{lang}: {message!r} is not translated"
        assert sorted(placeholders.findall(translated)) == sorted(placeholders.findall(message)), (message, translated)


def test_every_option_and_argument_has_a_help_text():
    """A re-trial: 82 options (--db in 16 commands, --output in 10, --country, --score …) had none."""
    with argparse_translated():
        parser = build_parser()
    missing = [f"{' '.join(path) or 'main'} {a.option_strings or a.dest}" for path, p in _parsers(parser)
               for a in p._actions if not isinstance(a, argparse._SubParsersAction) and not a.help]
    assert not missing, missing
