"""Compile the ``.po`` catalogs into the ``.mo`` files the application ships and reads.

Run after editing any ``resources/i18n/<lang>.po``::

    python -m resilience_desktop.i18n.build           # write every <lang>.mo
    python -m resilience_desktop.i18n.build --check   # exit 1 if a shipped .mo is out of date

A test runs the check, so a ``.po`` edit without its compiled ``.mo`` cannot be merged unnoticed.
Fuzzy and empty entries are left out of the ``.mo`` (they fall back along the language's chain).
"""

from __future__ import annotations

__all__ = ["compile_catalog", "read_catalog", "stale_catalogs", "main", "catalog_languages"]

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from ..paths import data_dir


def catalog_languages() -> list[str]:
    """The languages with a ``.po`` catalog in ``resources/i18n``."""
    return sorted(p.stem for p in (data_dir("resources") / "i18n").glob("*.po"))


def read_catalog(po: Path) -> Catalog:
    with po.open("rb") as fh:
        return read_po(fh, locale=po.stem, abort_invalid=True)


def compile_catalog(po: Path) -> bytes:
    """The ``.mo`` bytes of ``po``: only complete translations (a plural message needs every form),
    so anything else falls back along the language's chain instead of showing an empty text."""
    catalog = read_catalog(po)
    for message in list(catalog):
        if message.id and not all(f and f.strip() for f in string_forms(message)):
            catalog.delete(message.id, context=message.context)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    return buf.getvalue()


def string_forms(message: Message) -> tuple[str | None, ...]:
    """A message's translation as a tuple: one text, or one per plural form."""
    string = message.string
    return (string,) if string is None or isinstance(string, str) else tuple(string)


def _entries(mo: bytes) -> dict[tuple[str | None, str | tuple[str, ...]], tuple[str | None, ...]]:
    """What a ``.mo`` holds, its header aside (that differs by Babel version)."""
    return {(m.context, m.id if isinstance(m.id, str) else tuple(m.id)): string_forms(m)
            for m in read_mo(io.BytesIO(mo)) if m.id}


def stale_catalogs() -> list[str]:
    """The ``.mo`` files missing or not holding exactly their ``.po``'s translations."""
    out = []
    for lang in catalog_languages():
        po = data_dir("resources") / "i18n" / f"{lang}.po"
        mo = po.with_suffix(".mo")
        if not mo.exists() or _entries(mo.read_bytes()) != _entries(compile_catalog(po)):
            out.append(mo.name)
    return out


def build() -> list[Path]:
    """Compile every catalog; return the ``.mo`` paths written."""
    written = []
    for lang in catalog_languages():
        po = data_dir("resources") / "i18n" / f"{lang}.po"
        mo = po.with_suffix(".mo")
        mo.write_bytes(compile_catalog(po))
        written.append(mo)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m resilience_desktop.i18n.build", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report .mo files that are out of date")
    args = parser.parse_args(argv)
    if args.check:
        stale = stale_catalogs()
        for name in stale:
            print(f"out of date: {name} (run python -m resilience_desktop.i18n.build)")
        return 1 if stale else 0
    for mo in build():
        print(f"wrote {mo}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
