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

from ..i18n.catalog import tr

#: Raised while listing or reading a ZIP that is damaged or uses features Python cannot read.
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError)


def zip_reason(exc: BaseException) -> str:
    """A plain reason for ``exc`` raised by :mod:`zipfile`, in the interface language.

    >>> zip_reason(NotImplementedError("zip file version 8.4")).startswith("it was packed with")
    True
    """
    if isinstance(exc, NotImplementedError):
        return tr("it was packed with encryption, a compression method or a ZIP version this program "
                  "cannot unpack; pack it again as an ordinary ZIP")
    text = (str(exc).splitlines()[0] if str(exc) else type(exc).__name__)[:200]
    if isinstance(exc, zipfile.BadZipFile) and "not a zip file" in text.lower():
        return tr("it is not a ZIP file")
    if isinstance(exc, (zipfile.BadZipFile, zlib.error, EOFError)):
        return tr("the ZIP is damaged ({detail})", detail=text)
    return text
