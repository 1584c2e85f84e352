"""What every subcommand module shares: the parser class, workspace options, output.

Every ``cli/*`` command module registers its subcommands with ``register(sub, groups)`` and uses
these helpers, so every command behaves alike: ``--json`` output, one line and exit code 2 for
bad input.
"""

from __future__ import annotations

__all__ = ["PROG", "UsageError", "Parser", "output", "workspace_path", "open_workspace",
           "add_workspace_options", "int_nonneg", "bundle_limits", "add_limit_options"]

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Callable

from ..errors import InvalidInputError, ResilienceError

PROG = "resilience-desktop"


class UsageError(ResilienceError):
    """Bad command-line usage."""


class Parser(argparse.ArgumentParser):
    """argparse with a one-line error and exit code 2 (argparse prints usage too; we don't)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def output(args: argparse.Namespace, data: Any, text: str | Callable[[], str]) -> None:
    if getattr(args, "json", False):
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write((text() if callable(text) else text).rstrip("\n") + "\n")


# ------------------------------------------------------------------ workspace helpers
def workspace_path(args: argparse.Namespace) -> Path:
    from ..demo.workspace import demo_workspace_path, write_demo
    from ..workspace.facade import default_workspace_path
    if getattr(args, "demo", False):
        path = demo_workspace_path()
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            write_demo(path)
        return path
    return Path(args.workspace) if args.workspace else default_workspace_path()


def open_workspace(args: argparse.Namespace, *, write: bool, create: bool = False):
    from ..workspace.facade import Workspace
    path = workspace_path(args)
    if not path.exists() and not create:
        raise InvalidInputError(f"no workspace at {path} (create one with 'city add' or choose --workspace)")
    return Workspace.open(path, read_only=not write, create=create, backup_min_age_s=600)



def add_workspace_options(p: argparse.ArgumentParser) -> None:
    # SUPPRESS: a subcommand's default must not overwrite the same option given before the
    # subcommand ("resilience-desktop --workspace X city add ..." must use X, not the default).
    p.add_argument("--workspace", metavar="PATH", default=argparse.SUPPRESS,
                   help="workspace file (default: your own workspace)")
    p.add_argument("--demo", action="store_true", default=argparse.SUPPRESS, help="use the demo workspace")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--lang", default=argparse.SUPPRESS, metavar="CODE", help="language of texts shown (en, ru, kk, ky, uz, tg)")


def int_nonneg(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None


def bundle_limits(args: argparse.Namespace):
    from ..bundle import Limits
    mib = 2**20
    return Limits(max_member_bytes=args.max_member_mib * mib, max_total_bytes=args.max_total_mib * mib)


def add_limit_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--max-member-mib", type=int, default=512, metavar="MIB", help="largest member accepted")
    p.add_argument("--max-total-mib", type=int, default=2048, metavar="MIB", help="largest bundle (uncompressed)")
