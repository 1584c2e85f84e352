"""Find the translatable messages in the code: the literal arguments of ``tr``, ``trn`` and ``trp``.

Used by the catalog tools (``python -m resilience_desktop.i18n.tools update``) and by the tests that
check every catalog against the code. A message is ``(context, msgid, plural)``; ``context`` and
``plural`` are ``None`` for a plain ``tr("...")``.
"""

from __future__ import annotations

__all__ = ["Message", "messages_in", "DYNAMIC_KEYS", "MAIN_VIEWS", "PACKAGE", "is_main_view"]

import ast
from pathlib import Path
from typing import NamedTuple

PACKAGE = Path(__file__).resolve().parents[1]

#: Keys translated at run time from non-literal text (the History tab's ``tr(c.field.replace("_", " "))``
#: over change-log fields, the undo text's answer fields); the scan cannot see them, the catalogs keep them.
DYNAMIC_KEYS = frozenset({
    "score", "comment", "verification", "responsible", "data sources", "created", "added", "removed",
    "restored", "name", "title", "status", "team", "action", "timescale", "proposed score", "note",
    "completed on", "comment private", "note private",
})

#: The main views (start, assessment, dashboard, map, presentation) and the window around them:
#: Uzbek and Tajik cover at least these files' messages (paths relative to the package).
MAIN_VIEWS = (
    "ui/main_window.py", "ui/start_view.py", "ui/assessment/", "ui/results/dashboard_view.py",
    "ui/results/charts/", "ui/map/map_view.py", "ui/map/layer_panel_widget.py", "ui/map/overlays.py",
    "ui/map/attributes_widget.py", "ui/presentation/",
)


class Message(NamedTuple):
    context: str | None
    msgid: str
    plural: str | None

    @property
    def key(self) -> str | tuple[str, str]:
        """How the catalogs index it: the msgid, or ``(msgid, plural)`` for a plural message."""
        return (self.msgid, self.plural) if self.plural else self.msgid


def _name(node: ast.Call) -> str | None:
    f = node.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def _literal(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _message(node: ast.Call) -> Message | None:
    name, args = _name(node), [_literal(a) for a in node.args[:3]]
    if name == "tr" and args and args[0]:
        return Message(None, args[0], None)
    if name == "trn" and len(args) >= 2 and args[0] and args[1]:
        return Message(None, args[0], args[1])
    if name == "trp" and len(args) >= 2 and args[0] and args[1]:
        return Message(args[0], args[1], None)
    if name == "N_" and args and args[0]:  # marked here, translated by the library that asks for it
        return Message(None, args[0], args[1] if len(args) > 1 else None)
    return None


def is_main_view(where: str) -> bool:
    """Whether ``where`` (``resilience_desktop/ui/...py:12``) is in one of :data:`MAIN_VIEWS`."""
    rel = where.split(":")[0].removeprefix("resilience_desktop/")
    return any(rel == p or (p.endswith("/") and rel.startswith(p)) for p in MAIN_VIEWS)


def messages_in(package: Path = PACKAGE) -> dict[Message, list[str]]:
    """Every message in the package's code, with where it occurs (``resilience_desktop/x.py:12``)."""
    root = package.parent
    found: dict[Message, list[str]] = {}
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and node.args:
                msg = _message(node)
                if msg is not None:
                    found.setdefault(msg, []).append(f"{path.relative_to(root).as_posix()}:{node.lineno}")
    return found
