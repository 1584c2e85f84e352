"""The one way a title typed by a user (an assessment, a city) becomes a file name to suggest.

Windows, where city officials save most files, refuses ``\\ / : * ? " < > |`` and control
characters in a name, a name ending in a dot or a space, and the device names (``CON``,
``NUL``, ``COM1`` …) whatever their extension; very long names break old tools and paths.

Examples
--------
>>> safe_file_name("Бишкек: оценка 2025/26", ".pdf")
'Бишкек- оценка 2025-26.pdf'
>>> safe_file_name("  ..  ", ".csv"), safe_file_name("CON", ".xlsx"), safe_file_name("a\\tb\\nc")
('export.csv', '_CON.xlsx', 'a b c')
"""

from __future__ import annotations

__all__ = ["safe_file_name", "MAX_STEM_CHARS"]

import re

#: Characters of a suggested name before its suffix.
MAX_STEM_CHARS = 80
_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_SPACES = re.compile(r"\s+")
_DEVICES = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def safe_file_name(text: str, suffix: str = "", *, fallback: str = "export") -> str:
    """``text`` as a file name every common system accepts, ending in ``suffix`` (e.g. ``".pdf"``).

    Forbidden characters become ``-``, runs of white space one space; leading and trailing
    spaces, dots and dashes go; a device name gets a leading ``_``; the stem is cut to
    :data:`MAX_STEM_CHARS`. An empty result is ``fallback``.
    """
    stem = _FORBIDDEN.sub(lambda m: " " if m.group().isspace() else "-", text)
    stem = _SPACES.sub(" ", stem).strip(" .-")
    stem = stem[:MAX_STEM_CHARS].rstrip(" .-") or fallback
    if stem.split(".")[0].upper() in _DEVICES:
        stem = "_" + stem
    return stem + suffix
