"""What every subcommand module shares: the parser class, workspace options, output.

Every ``cli/*`` command module registers its subcommands with ``register(sub, groups)`` and uses
these helpers, so every command behaves alike: ``--json`` output, one line and exit code 2 for
bad input.
"""

from __future__ import annotations

__all__ = ["PROG", "UsageError", "Parser", "argparse_translated", "asked_language", "output", "workspace_path",
           "open_workspace",
           "add_workspace_options", "int_nonneg", "bundle_limits", "add_limit_options", "check_output", "text_arg",
           "int_arg", "float_arg", "lang_arg", "precheck_workspace", "has_display", "offscreen_without_display",
           "add_csv_option"]

import argparse
import json
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, NoReturn, Sequence

from ..errors import InvalidInputError, ResilienceError
from ..i18n.catalog import N_, tr, trn

PROG = "resilience-desktop"


def has_display() -> bool:
    """Whether Qt has somewhere to draw: a native platform (Windows, macOS), a display server
    (``DISPLAY``, ``WAYLAND_DISPLAY``), or a platform chosen by ``QT_QPA_PLATFORM``."""
    return sys.platform.startswith(("win", "darwin")) or any(
        os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def offscreen_without_display() -> None:
    """Draw with Qt's offscreen platform when there is no display (call before importing Qt)."""
    if not has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


class UsageError(ResilienceError):
    """Bad command-line usage."""


#: argparse's own messages that reach a user (usage, section titles, the errors of parsing), marked for
#: the catalogs: argparse asks gettext for them, and :func:`argparse_translated` answers from ours.
ARGPARSE_MESSAGES = (
    N_("usage: "), N_("positional arguments"), N_("options"), N_("show this help message and exit"),
    N_("show program's version number and exit"), N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"), N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"), N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"), N_("expected one argument"), N_("expected at most one argument"),
    N_("expected at least one argument"), N_("expected %s argument", "expected %s arguments"),
    N_("ambiguous option: %(option)s could match %(matches)s"), N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"), N_("can't open '%(filename)s': %(error)s"),
)


@contextmanager
def argparse_translated() -> Iterator[None]:
    """Inside the block argparse's own messages come in the current language (argparse looks them
    up through ``gettext`` when it builds a parser, prints help and reports an error)."""
    saved = {name: getattr(argparse, name) for name in ("_", "ngettext")}  # argparse's module globals
    setattr(argparse, "_", lambda text: tr(text))
    setattr(argparse, "ngettext", lambda singular, plural, n: trn(singular, plural, n))
    try:
        yield
    finally:
        for name, function in saved.items():
            setattr(argparse, name, function)


def asked_language(argv: Sequence[str]) -> str | None:
    """The language ``--lang CODE`` (or ``--lang=CODE``) asks for, before the arguments are parsed:
    help and the errors of parsing come in it. The last one counts, as argparse reads them; none or
    an unknown code: ``None`` (argparse then reports the code as an error).

    >>> asked_language(["--lang", "ru", "bundle", "verify"]), asked_language(["x", "--lang=kk"])
    ('ru', 'kk')
    >>> asked_language(["--lang", "xx"]) is None, asked_language(["--", "--lang", "ru"]) is None
    (True, True)
    >>> asked_language(["--lang", "ru-RU"]), asked_language(["--lang=KK"])
    ('ru', 'kk')
    """
    from ..i18n.language import LANGUAGES
    found = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        code = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else arg[7:] if arg.startswith("--lang=") else None
        if code is not None:
            code = _language_code(code)
            found = code if code in LANGUAGES else None
    return found


class Parser(argparse.ArgumentParser):
    """argparse with a one-line error and exit code 2 (argparse prints usage too; we don't)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def output(args: argparse.Namespace, data: Any, text: str | Callable[[], str]) -> None:
    if getattr(args, "json", False):
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write((text() if callable(text) else text).rstrip("\n") + "\n")


# ------------------------------------------------------------------ workspace helpers
def no_raster_crs(path: str | Path, option: str) -> str:
    """The sentence for a raster file that gives no CRS, naming the option that gives it (``--crs``,
    ``--hazard-crs``, ...)."""
    return tr("{name} does not say which coordinate system its cells are in: add it with {option} EPSG:… (the "
              "system its coordinates are in)", name=Path(path).name, option=option)


def warn(text: str) -> None:
    """One warning line on stderr, in text and JSON modes alike (the JSON documents keep their keys)."""
    print(f"{PROG}: warning: {text}", file=sys.stderr)


def workspace_path(args: argparse.Namespace) -> Path:
    from ..demo.workspace import demo_workspace_path, ensure_demo
    from ..workspace.facade import default_workspace_path
    if getattr(args, "demo", False):
        path = demo_workspace_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        return ensure_demo(path)
    return Path(args.workspace) if args.workspace else default_workspace_path()


def open_workspace(args: argparse.Namespace, *, write: bool, create: bool = False):
    from ..workspace.facade import Workspace
    path = workspace_path(args)
    if not path.exists() and not create:
        raise InvalidInputError(tr("no workspace at {path} (create one with 'city add' or choose --workspace)",
                                   path=path))
    if not path.exists() and path.suffix.lower() != ".rdw":
        # a slip of the keys («bishkek.rwd») made a second, empty workspace beside the real one (a trial)
        raise InvalidInputError(tr("no workspace at {path}; a new workspace file must end in .rdw{hint}", path=path,
                                   hint=_did_you_mean(path)))
    ws = Workspace.open(path, read_only=not write, create=create, backup_min_age_s=600)
    try:
        expand_id_starts(args, ws)
    except BaseException:
        ws.close()
        raise
    return ws


def _did_you_mean(path: Path) -> str:
    """`` (did you mean X?)`` naming the workspace beside ``path`` that it was likely meant to be, or ``""``."""
    near = path.with_suffix(".rdw")
    return tr(" (did you mean {path}?)", path=near) if near.exists() else ""


def expand_id_starts(args: argparse.Namespace, ws: Any) -> None:
    """The assessment (or the city) a command names by the start of its id (``b0e0d714`` for
    ``b0e0d714-…``, as git takes a commit's), made whole in ``args``: at least 4 characters, and only
    when exactly one assessment (city) of the workspace starts so; several starting so, or a start of
    fewer characters that fits one, is refused; an exact id, or none starting so, is left to the command
    (which names what it cannot find)."""
    names = ["assessment"] + (["id"] if getattr(args, "command", None) == "assessment" else [])
    for name in [*names, "city"]:
        text = getattr(args, name, None)
        if not isinstance(text, str) or not text.strip():
            continue
        ids = [c.id for c in ws.list_cities()] if name == "city" else [a.id for a in ws.list_assessments()]
        start = text.strip().lower()
        found = [i for i in ids if i.startswith(start)]
        if name == "city" and text not in ids and not found:  # a city named, not its id: "--city Каракол"
            from ..workspace.cities import name_key
            named = [c.id for c in ws.list_cities() if name_key(c.name) == name_key(text)]
            if len(named) == 1:
                setattr(args, name, named[0])
            elif named:
                raise InvalidInputError(tr("several cities are named {text!r}: {ids}; give the id of one",
                                           text=text, ids=", ".join(named[:5])))
            continue
        if text in ids or not found:
            continue
        if len(start) < 4:
            raise InvalidInputError(tr("{text!r} is too short to name an id: give at least 4 of its characters",
                                       text=text))
        if len(found) == 1:
            setattr(args, name, found[0])
        elif name == "city":
            raise InvalidInputError(tr("several cities start with {text!r}: {ids}; give more of the id",
                                       text=text, ids=", ".join(found[:5])))
        else:
            raise InvalidInputError(tr("several assessments start with {text!r}: {ids}; give more of the id",
                                       text=text, ids=", ".join(found[:5])))


def add_workspace_options(p: argparse.ArgumentParser) -> None:
    # SUPPRESS: a subcommand's default must not overwrite the same option given before the
    # subcommand ("resilience-desktop --workspace X city add ..." must use X, not the default).
    p.add_argument("--workspace", metavar="PATH", default=argparse.SUPPRESS,
                   help=tr("workspace file (default: your own workspace)"))
    p.add_argument("--demo", action="store_true", default=argparse.SUPPRESS, help=tr("use the demo workspace"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.add_argument("--lang", default=argparse.SUPPRESS, metavar="CODE", type=lang_arg,
                   help=tr("language of texts shown (en, ru, kk, ky, uz, tg)"))


def add_csv_option(p: argparse.ArgumentParser) -> None:
    """``--csv-separator``, for a command that writes CSV (commas unless asked; :mod:`~..safety.csv_safe`)."""
    p.add_argument("--csv-separator", choices=("comma", "semicolon"), default=None,
                   help=tr("semicolon: semicolons and decimal commas, what Excel opens into columns where the "
                           "decimal separator is a comma (Russian, Kazakh, Kyrgyz settings); default comma"))


def check_csv_option(args: argparse.Namespace, writes_csv: bool, *, flag: str) -> None:
    """Refuse ``--csv-separator`` on a call that writes no CSV (it would be ignored in silence); ``flag``
    says what makes the command write one (``--csv``, ``-o FILE.csv``)."""
    if getattr(args, "csv_separator", None) and not writes_csv:
        raise UsageError(tr("--csv-separator applies only when a CSV is written ({flag}); nothing was written",
                            flag=flag))


# ------------------------------------------------------------------ argument types
# Every value from the command line is checked by resilience_desktop.safety.validate while argparse
# reads it: a bad value is refused before any workspace or store is opened.
def _arg_type(check: Callable[[str], Any], name: str) -> Callable[[str], Any]:
    def convert(text: str) -> Any:
        try:
            return check(text)
        except InvalidInputError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
    convert.__name__ = name
    return convert


def text_arg(field: str, *, limit: int | None = None, required: bool = False) -> Callable[[str], str]:
    """An argparse type: valid Unicode text without NUL, at most ``limit`` characters."""
    from ..safety.validate import MAX_NAME, check_text
    return _arg_type(lambda t: check_text(t, field, limit=limit or MAX_NAME, required=required), "text")


def int_arg(field: str, *, low: int | None = None, high: int | None = None) -> Callable[[str], int]:
    """An argparse type: a whole number in ASCII digits within ``low..high``."""
    from ..safety.validate import parse_int
    return _arg_type(lambda t: parse_int(t, field, low=low, high=high), "int")


def float_arg(field: str, *, low: float | None = None, high: float | None = None) -> Callable[[str], float]:
    """An argparse type: a finite number in ASCII digits within ``low..high``."""
    from ..safety.validate import parse_float
    return _arg_type(lambda t: parse_float(t, field, low=low, high=high), "float")


def _language_code(text: str) -> str:
    """``RU``, ``ru-RU`` or ``ru_RU.UTF-8`` as the code the app knows them by (``ru``); anything else unchanged."""
    from ..i18n.language import LANGUAGES
    code = text.strip().split(".")[0].replace("-", "_").split("_")[0].lower()
    return code if code in LANGUAGES else text


def lang_arg(text: str) -> str:
    """An argparse type: a language code the app has a catalog for (``RU``, ``ru-RU`` are ``ru``)."""
    from ..safety.validate import check_language
    try:
        return check_language(_language_code(text))
    except InvalidInputError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def int_nonneg(text: str) -> int:
    """A whole number of 0 or more in ASCII digits (versions, counts)."""
    return int_arg("the value", low=0, high=10**9)(text)


def precheck_workspace(args: argparse.Namespace, check: Callable[[Any], Any]) -> None:
    """Run ``check(ws)`` on the workspace opened READ-ONLY, before a command opens it for writing.

    A command refused here (an unknown id, a score out of range) leaves the file byte-for-byte
    unchanged: no write lock, no backup, no header change. A workspace that can only be read
    after an upgrade (an older format) is checked by the write itself instead.
    """
    from ..errors import WorkspaceLockedError, WorkspaceNeedsUpgradeError
    from ..workspace.facade import Workspace
    path = workspace_path(args)
    if not path.exists():
        return
    try:
        ws = Workspace.open(path, read_only=True)
    except (WorkspaceLockedError, WorkspaceNeedsUpgradeError):
        return
    with ws:
        expand_id_starts(args, ws)
        check(ws)


def bundle_limits(args: argparse.Namespace):
    from ..bundle import Limits
    mib = 2**20
    return Limits(max_member_bytes=args.max_member_mib * mib, max_total_bytes=args.max_total_mib * mib)


def add_limit_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--max-member-mib", type=int_arg("--max-member-mib", low=1, high=2**20), default=512,
                   metavar="MIB", help=tr("largest member accepted"))
    p.add_argument("--max-total-mib", type=int_arg("--max-total-mib", low=1, high=2**20), default=2048,
                   metavar="MIB", help=tr("largest bundle (uncompressed)"))


def check_output(args: argparse.Namespace, output_path: str | Path, *inputs: Any) -> Path:
    """Refuse ``-o`` when it is the command's workspace, one of ``inputs``, a workspace or a national
    store (see :func:`resilience_desktop.safety.targets.check_output_target`); return it as a path."""
    from ..safety.targets import check_output_target
    out = Path(output_path)
    check_output_target(out, [workspace_path(args), *inputs])
    return out
