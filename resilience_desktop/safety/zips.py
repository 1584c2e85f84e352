"""What a damaged or unfamiliar ZIP raises, and one sentence for it (no Qt).

Python's :mod:`zipfile` raises ``BadZipFile`` for a damaged archive, but ``NotImplementedError``
for a well-formed one it cannot unpack: a member that asks for a newer ZIP version than 6.3 or is
packed with a method Python lacks (WinZip's AES, PPMd, Deflate64). Every reader of a user's or a
city's ZIP (bundles, zipped Shapefiles, DesInventar exports, workbooks) catches :data:`ZIP_ERRORS`
and words the failure with :func:`zip_reason`.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from ..i18n.catalog import tr

#: Raised while listing or reading a ZIP that is damaged or uses features Python cannot read.
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError)


def zip_reason(exc: BaseException, path: str | Path | None = None) -> str:
    """A plain reason for ``exc`` raised by :mod:`zipfile`, in the interface language; ``path``, the
    archive, tells a ZIP cut short (it starts like one) from a file that is no ZIP at all.

    >>> zip_reason(NotImplementedError("zip file version 8.4")).startswith("it was packed with")
    True
    >>> zip_reason(zipfile.BadZipFile("Bad CRC-32 for file 'data/city.json'"))
    "the ZIP is damaged: a member's checksum does not match its contents"
    """
    if isinstance(exc, NotImplementedError):
        return tr("it was packed with encryption, a compression method or a ZIP version this program "
                  "cannot unpack; pack it again as an ordinary ZIP")
    text = (str(exc).splitlines()[0] if str(exc) else type(exc).__name__)[:200]
    if isinstance(exc, zipfile.BadZipFile) and "not a zip file" in text.lower():
        if path is not None and _starts_like_a_zip(Path(path)):
            return tr("it is cut short: the end of the ZIP, which lists what it holds, is missing (an incomplete "
                      "download or copy); fetch or copy it again")
        return tr("it is not a ZIP file")
    if isinstance(exc, EOFError) or "truncated" in text.lower():
        return tr("it is cut short (an incomplete download or copy); fetch or copy it again")
    if isinstance(exc, zlib.error):
        return tr("the ZIP is damaged: a member's compressed data is corrupt")
    if isinstance(exc, zipfile.BadZipFile):
        lowered = text.lower()
        if "crc" in lowered:
            return tr("the ZIP is damaged: a member's checksum does not match its contents")
        if "file name in directory" in lowered or "magic number" in lowered or "overlap" in lowered:
            return tr("the ZIP is damaged: its list of contents does not match what it holds")
        return tr("the ZIP is damaged")
    return text


def _starts_like_a_zip(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(4) == b"PK\x03\x04"
    except OSError:
        return False
