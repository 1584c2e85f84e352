"""Catalog maintenance: bring messages from the code or a YAML file into the ``.po`` catalogs.

Commands (each rewrites the ``.po`` files sorted by message, then recompiles the ``.mo`` files)::

    python -m resilience_desktop.i18n.tools update
        add every tr()/trn()/trp() message of the code to every catalog (untranslated), and
        drop messages no code asks for (except the dynamic keys of i18n/extract.py)
    python -m resilience_desktop.i18n.tools merge-yaml resources/i18n/ru.yaml ru [--overwrite]
        take "English: translation" entries of an old-style YAML catalog into <lang>.po
        (fills empty or missing entries; --overwrite also replaces differing ones)
    python -m resilience_desktop.i18n.tools coverage
        print, per language, how much of the interface and of the main views is translated
"""

from __future__ import annotations

__all__ = ["load_po", "save_po", "merge_yaml", "update", "coverage", "main", "REVIEW_NOTE"]

import argparse
import sys
from datetime import datetime, timezone
from pathlib import Path

import yaml
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from .build import build, string_forms
from .extract import DYNAMIC_KEYS, Message, is_main_view, messages_in
from .language import LANGUAGES, SOURCE_LANG, po_path

REVIEW_NOTE = "NEEDS REVIEW BY A NATIVE SPEAKER: the project's own translation, following scorecards/glossary"
_FIXED = datetime(2026, 1, 1, tzinfo=timezone.utc)


def load_po(lang: str) -> Catalog:
    """The catalog of ``lang`` (a new, empty one marked for review when there is none yet)."""
    path = po_path(lang)
    if path.exists():
        with path.open("rb") as fh:
            return read_po(fh, locale=lang)
    reviewed = lang == "ru"
    return Catalog(
        locale=lang, project="Resilience Desktop", version="0.1", creation_date=_FIXED, revision_date=_FIXED,
        header_comment=f"# {LANGUAGES.get(lang, lang)} interface catalog of Resilience Desktop."
        + ("" if reviewed else f"\n# {REVIEW_NOTE}."),
        last_translator="Resilience Desktop project", language_team=f"{lang}" + ("" if reviewed else f" ({REVIEW_NOTE})"),
        fuzzy=False)


def save_po(catalog: Catalog, lang: str) -> Path:
    path = po_path(lang)
    with path.open("wb") as fh:
        write_po(fh, catalog, width=0, sort_output=True, no_location=True, omit_header=False,
                 include_previous=False, ignore_obsolete=True)
    return path


def _id(msg: Message) -> str | tuple[str, str]:
    return (msg.msgid, msg.plural) if msg.plural else msg.msgid


def merge_yaml(yaml_file: str | Path, lang: str, *, overwrite: bool = False) -> dict[str, int]:
    """Copy the ``English: translation`` pairs of ``yaml_file`` into ``lang``'s catalog; return counts."""
    data = yaml.safe_load(Path(yaml_file).read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{yaml_file} is not a mapping of English text to its translation")
    cat = load_po(lang)
    counts = {"added": 0, "filled": 0, "replaced": 0, "kept": 0}
    for source, target in data.items():
        if not isinstance(source, str) or not isinstance(target, str) or not target.strip():
            continue
        have = cat.get(source)
        if have is None:
            cat.add(source, target)
            counts["added"] += 1
        elif not have.string:
            have.string = target
            counts["filled"] += 1
        elif have.string != target:
            if overwrite:
                have.string = target
                counts["replaced"] += 1
            else:
                counts["kept"] += 1
    save_po(cat, lang)
    return counts


def update(langs: list[str] | None = None) -> dict[str, tuple[int, int]]:
    """Add the code's new messages to each catalog and drop stale ones; return ``{lang: (added, dropped)}``."""
    code = set(messages_in())
    wanted = {(m.context, _id(m)) for m in code} | {(None, k) for k in DYNAMIC_KEYS}
    out = {}
    for lang in langs or [c for c in LANGUAGES if c != SOURCE_LANG]:
        cat = load_po(lang)
        have = {(m.context, m.id) for m in cat if m.id}
        added = 0
        for ctx, mid in sorted(wanted - have, key=str):
            cat.add(mid, ("",) * cat.num_plurals if isinstance(mid, tuple) else "", context=ctx)
            added += 1
        stale = list(have - wanted)
        for ctx, old_id in stale:
            cat.delete(old_id, context=ctx)
        save_po(cat, lang)
        out[lang] = (added, len(stale))
    return out


def _translated(cat: Catalog, msg: Message) -> bool:
    m = cat.get(_id(msg), context=msg.context)
    if m is None or m.fuzzy:
        return False
    forms = string_forms(m)
    return bool(forms) and all(f and f.strip() for f in forms)


def coverage(lang: str, *, main_views_only: bool = False) -> tuple[int, int, list[Message]]:
    """``(translated, total, missing)`` over the interface messages (or only the main views')."""
    found = messages_in()
    msgs = [m for m, where in found.items() if not main_views_only or any(is_main_view(w) for w in where)]
    if not main_views_only:
        msgs += [Message(None, k, None) for k in sorted(DYNAMIC_KEYS) if Message(None, k, None) not in found]
    cat = load_po(lang)
    missing = [m for m in msgs if not _translated(cat, m)]
    return len(msgs) - len(missing), len(msgs), missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m resilience_desktop.i18n.tools",
                                     description="Maintain the gettext catalogs in resources/i18n.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("update", help="add the code's messages to every catalog, drop stale ones")
    m = sub.add_parser("merge-yaml", help="merge an old-style YAML catalog into <lang>.po")
    m.add_argument("yaml_file")
    m.add_argument("lang", choices=[c for c in LANGUAGES if c != SOURCE_LANG])
    m.add_argument("--overwrite", action="store_true", help="replace translations that differ")
    sub.add_parser("coverage", help="how much of each catalog is translated")
    args = parser.parse_args(argv)
    if args.command == "update":
        # Write every catalog before printing: a closed pipe (``| head``) must not stop half-way.
        changes = update()
        build()
        for lang, (added, dropped) in changes.items():
            print(f"{lang}.po: {added} added, {dropped} dropped")
    elif args.command == "merge-yaml":
        try:
            counts = merge_yaml(args.yaml_file, args.lang, overwrite=args.overwrite)
        except (OSError, yaml.YAMLError, ValueError) as exc:
            print(f"cannot merge {args.yaml_file}: {exc}", file=sys.stderr)
            return 2
        build()
        print(f"{args.lang}.po: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    else:
        for lang in (c for c in LANGUAGES if c != SOURCE_LANG):
            done, total, _ = coverage(lang)
            mdone, mtotal, _ = coverage(lang, main_views_only=True)
            print(f"{lang}: interface {done}/{total} ({100 * done / max(total, 1):.1f} %), "
                  f"main views {mdone}/{mtotal} ({100 * mdone / max(mtotal, 1):.1f} %)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
