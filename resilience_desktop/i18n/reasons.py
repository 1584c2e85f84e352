"""Operating-system errors in the interface language (no Qt).

``OSError.strerror`` is the C library's English ("No such file or directory"); a user reading
Russian or Kazakh gets the same facts in their language, for the errors people meet with files.
"""

from __future__ import annotations

__all__ = ["os_reason"]

import errno

from .catalog import tr


def os_reason(exc: BaseException) -> str:
    """Why a file operation failed, in the interface language.

    >>> os_reason(FileNotFoundError(errno.ENOENT, "No such file or directory", "x.zip"))
    'there is no such file or folder'
    >>> os_reason(OSError(errno.EIO, "Input/output error"))
    'Input/output error'
    """
    code = getattr(exc, "errno", None)
    reasons = {
        errno.ENOENT: lambda: tr("there is no such file or folder"),
        errno.EACCES: lambda: tr("permission denied"),
        errno.EPERM: lambda: tr("permission denied"),
        errno.EISDIR: lambda: tr("it is a folder, not a file"),
        errno.ENOTDIR: lambda: tr("a part of the path is not a folder"),
        errno.ENOSPC: lambda: tr("the disk is full"),
        errno.EDQUOT: lambda: tr("the disk is full"),
        errno.EROFS: lambda: tr("the disk is read-only"),
        errno.EBUSY: lambda: tr("it is in use by another program"),
        errno.ENAMETOOLONG: lambda: tr("the name is too long"),
        errno.EEXIST: lambda: tr("it already exists"),
    }
    if code in reasons:
        return reasons[code]()
    return str(getattr(exc, "strerror", None) or exc)
