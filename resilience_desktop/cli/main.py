"""The ``resilience-desktop`` command: starts the GUI, and exposes every headless capability.

Argument parsing and output formatting only; the work is done by the core. The forms and
``--json`` keys here are a contract with scripts and national platforms: keep them stable.
Exit codes: 0 success, 2 bad input (one line on stderr, never a traceback for a user error).
"""

from __future__ import annotations

__all__ = ["main", "build_parser", "VIEWS"]

import argparse
import errno
import json
import os
import sys
from pathlib import Path
from typing import Sequence

from .. import __version__
from ..errors import ResilienceError, ScorecardValidationError
from . import bundle, excel, exposure, gis, loss, national, report, scorecard, search, sync, workspace
from ._common import (argparse_translated, asked_language, has_display, lang_arg, offscreen_without_display, Parser,
                      PROG, UsageError)
from ..i18n.catalog import language, set_language, tr
from ..safety import csv_safe

VIEWS = ("start", "assessment", "dashboard", "actions", "presentation", "map", "scenarios", "sync", "national",
         "losses")

#: The command groups, in the order ``--help`` lists them. Each module has
#: ``register(sub, groups)``; ``groups`` lets a module add actions to another's group
#: (``report`` adds ``assessment export-csv``).
COMMAND_MODULES = (scorecard, workspace, report, excel, gis, exposure, bundle, national, sync, loss, search)


def build_parser() -> argparse.ArgumentParser:
    p = Parser(prog=PROG,
               description=tr("Disaster Resilience Scorecard for Cities: assessments, maps, exposure, bundles."))
    p.add_argument("--version", action="version", version=f"{PROG} {__version__}",
                   help=tr("show program's version number and exit"))  # Python 3.11's default is not looked up
    p.add_argument("--workspace", metavar="PATH", help=tr("open this workspace file"))
    p.add_argument("--demo", action="store_true", help=tr("open the generated demo workspace"))
    p.add_argument("--read-only", action="store_true", help=tr("open the workspace read-only"))
    p.add_argument("--lang", default=None, metavar="CODE", type=lang_arg,
                   help=tr("language of the interface and content (en, ru, kk, ky, uz, tg; default: the window as last "
                           "chosen, else the system's; a command English)"))
    p.add_argument("--national", metavar="URL", help=tr("open this national store (SQLite file or postgresql://…)"))
    p.add_argument("--view", metavar="NAME", help=tr("open this view: {views}", views=", ".join(VIEWS)))
    p.add_argument("--screenshot", metavar="FILE.png", help=tr("render the window to a PNG and exit"))
    p.add_argument("--size", default="1600x1000", metavar="WxH", help=tr("window size for --screenshot"))
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    groups: dict[str, argparse._SubParsersAction] = {}
    for module in COMMAND_MODULES:
        module.register(sub, groups)
    _complete(p, _default_help())
    return p


def _default_help() -> dict[str, str]:
    """Help for the options and arguments the command modules leave without one (``--db`` in 16
    commands, ``--output`` in 10, …), keyed by ``"COMMAND PATH|OPTION"`` or by the option alone."""
    return {
        "--db": tr("the national store: an SQLite file or postgresql://…"), "--output": tr("the file to write"),
        "--json": tr("print JSON"), "--city": tr("the city's id"), "--title": tr("the title"),
        "--country": tr("the country's ISO code, e.g. KG, KZ"), "--region": tr("the region (oblast)"),
        "--scorecard": tr("the scorecard's id (preliminary, detailed, …)"),
        "--population": tr("the number of inhabitants"), "--area-km2": tr("the area in km²"),
        "--lon": tr("the longitude of the city centre (WGS 84, degrees)"),
        "--lat": tr("the latitude of the city centre (WGS 84, degrees)"),
        "--assessment": tr("the assessment's id"), "--question": tr("the question's id, e.g. P1.3"),
        "--score": tr("the score the team agreed"), "--na": tr("not applicable to this city"),
        "--comment": tr("why this score (the justification)"), "--layer": tr("the layer of a file with several"),
        "--encoding": tr("the attribute encoding when the file's own is missing or wrong, e.g. cp1251"),
        "--x-field": tr("a CSV table's column of x (or longitude)"),
        "--y-field": tr("a CSV table's column of y (or latitude)"), "--size": tr("the picture's size in pixels"),
        "--log-level": tr("how much the server writes to its log"), "--port": tr("the port to listen on"),
        "--e2-rule": tr("SCORECARD:QUESTION>=LEVEL,… (default preliminary:P1.1>=2,detailed:1.1>=4)"),
        "--id": tr("the id to give the scorecard"), "--version": tr("the scorecard's version (default: the latest)"),
        "scorecard import-sheet|--version": tr("the version number to give the definition"),
        "file": tr("the file to read"), "files": tr("the bundle files to import"),
        "folder": tr("the folder cities copy their outbox to"), "path": tr("where to write the demo workspace"),
        "city": tr("the city's id"), "crs": tr("the CRS, e.g. EPSG:32643"), "token": tr("the token or its id"),
        "id": tr("the assessment's id"), "scorecard show|id": tr("the scorecard's id"),
        "national pending accept|id": tr("the held bundle's id (national pending list)"),
        "national pending reject|id": tr("the held bundle's id (national pending list)"),
        "city add|name": tr("the city's name"), "name": tr("the destination's name"),
    }


def _complete(parser: argparse.ArgumentParser, helps: dict[str, str], path: tuple[str, ...] = ()) -> None:
    """Every command's options and arguments with a help text (``_default_help`` for those left
    without one), and ``--lang`` after any command too (``layer info --lang ru FILE`` was
    "unrecognized arguments" for the commands that had not added it themselves)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                if sub is not parser:
                    _complete(sub, helps, (*path, name))
            return
    for action in parser._actions:
        if action.help is None:
            key = action.option_strings[-1] if action.option_strings else action.dest
            action.help = helps.get(f"{' '.join(path)}|{key}") or helps.get(key)
    if path and "--lang" not in parser._option_string_actions:
        parser.add_argument("--lang", default=argparse.SUPPRESS, metavar="CODE", type=lang_arg,
                            help=tr("language of texts shown (en, ru, kk, ky, uz, tg)"))


_built: dict[str, argparse.ArgumentParser] = {}


def _parser() -> argparse.ArgumentParser:
    """The parser in the current language (its help texts and argparse's own titles are translated
    when it is built), built once per process and language: parsing never changes it, and a process
    that calls :func:`main` many times (a script, the test suite: ~1,000 calls) paid 15-40 ms for each."""
    lang = language()
    if lang not in _built:
        with argparse_translated():
            _built[lang] = build_parser()
    return _built[lang]


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from ..safety.tempfiles import sweep_temp_dir
    sweep_temp_dir()  # what killed instances left in the temporary folder
    # --help and the errors of parsing in the language asked for; the command's own below
    set_language(asked_language(argv) or "en")
    parser = _parser()
    try:
        if any("\x00" in a for a in argv):  # impossible from a shell; possible from main([...]) callers
            raise UsageError(tr("an argument contains a NUL character"))
        with argparse_translated():
            args, rest = parser.parse_known_args(argv)
            if rest:
                # Global options given after a subcommand, or unknown options: parse strictly for the message.
                args = parser.parse_args(argv)
        if args.command is None:
            return _gui(args)  # no --lang: the language chosen in Settings, else the system's
        if not hasattr(args, "lang") or args.lang is None:
            args.lang = getattr(args, "lang", None) or "en"
        set_language(args.lang)  # the command's messages, default titles and labels in the language asked for
        csv_safe.set_separator(getattr(args, "csv_separator", None) or "comma")  # each call its own (main() runs many times)
        return int(args.func(args))
    except ScorecardValidationError as exc:
        for p in exc.problems:
            _error(str(p))
        return 2
    except ResilienceError as exc:
        _error(str(exc))
        return 2
    except BrokenPipeError:
        if not _stdout_gone():
            raise  # a socket's or a child's pipe: not the reader of our output
        # the reader of our output stopped (``… --json | head``): not an error of ours; nothing more to say
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the interpreter's last flush does not fail again
        return 141  # as a shell reports a command ended by SIGPIPE
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):  # a sentence the user can act on, not "[Errno 28] …"
            _error(tr("cannot write {name}: the disk is full; free some space and try again",
                      name=Path(exc.filename).name) if exc.filename else
                   tr("the disk is full: free some space and try again"))
        else:
            from ..i18n.reasons import os_reason
            _error(tr("{path}: {reason}", path=exc.filename, reason=os_reason(exc)) if exc.filename else os_reason(exc))
        return 2
    except json.JSONDecodeError as exc:
        _error(str(exc))
        return 2
    except KeyboardInterrupt:
        return 130


def _stdout_gone() -> bool:
    """Whether standard output is a pipe whose reader has gone (POLLERR on its write end)."""
    try:
        import select
        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLOUT)
        return any(events & (select.POLLERR | select.POLLHUP) for _fd, events in poller.poll(0))
    except (AttributeError, OSError, ValueError):  # no poll (Windows), no real file descriptor (tests)
        return False


def _error(message: str) -> None:
    """One line on stderr; control characters and undecodable bytes (surrogates) of a file name are shown
    escaped, never an error of their own."""
    line = " ".join(message.strip().split("\n"))
    # control characters (in a file name, say) escaped, so the message stays one line
    line = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in line)
    print(f"{PROG}: error: " + line.encode("utf-8", "backslashreplace").decode("utf-8"), file=sys.stderr)


def _gui(args: argparse.Namespace) -> int:
    if args.view and args.view not in VIEWS:
        raise UsageError(tr("unknown view {view!r}; valid views: {views}", view=args.view, views=", ".join(VIEWS)))
    if args.workspace and args.demo:
        raise UsageError(tr("give --workspace or --demo, not both"))
    if args.screenshot and not args.screenshot.lower().endswith(".png"):
        raise UsageError(tr("--screenshot needs a .png file name"))
    if args.screenshot:
        from ..safety.targets import check_output_target
        check_output_target(args.screenshot, [args.workspace])
    try:
        w, h = (int(v) for v in args.size.lower().split("x"))
    except ValueError:
        raise UsageError(tr("--size must look like 1600x1000, not {size!r}", size=args.size)) from None
    if not args.screenshot and not has_display():
        raise UsageError(tr("no display to show the window on (DISPLAY is not set); start it from a desktop session, "
                            "or render a view with --screenshot FILE.png"))
    offscreen_without_display()  # a screenshot needs no display
    from ..ui.app import run_gui
    return run_gui(workspace=Path(args.workspace) if args.workspace else None,
                   demo=args.demo, read_only=args.read_only, lang=args.lang, view=args.view,
                   screenshot=args.screenshot, size=(w, h), national=args.national)

