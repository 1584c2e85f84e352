"""Times as people read them: stored in UTC, shown in the computer's local time with the zone named.

A change made at 19:56 in Bishkek is stored as ``2026-12-02T13:56:00.000+00:00`` and shown as
``2026-12-02 19:56 (Asia/Bishkek)``, so nobody mistakes a UTC time for a local one.
"""

from __future__ import annotations

__all__ = ["local_zone", "zone_name", "local_time_text"]

import os
from datetime import datetime, timezone, tzinfo
from pathlib import Path

_ZONEINFO_MARK = "zoneinfo/"


def local_zone() -> tzinfo:
    """The computer's time zone (``TZ`` when set and known, else the system's)."""
    name = os.environ.get("TZ", "").lstrip(":")
    if name:
        try:
            from zoneinfo import ZoneInfo
            return ZoneInfo(name)
        except Exception:  # an unknown TZ value: fall back to what the C library uses
            pass
    zone = datetime.now().astimezone().tzinfo
    return zone if zone is not None else timezone.utc


def zone_name(moment: datetime | None = None) -> str:
    """A name for the local zone a person recognises: the IANA name (``Asia/Bishkek``) when the
    system says it, else the offset (``UTC+06:00``)."""
    name = os.environ.get("TZ", "").lstrip(":")
    if not name:
        try:
            target = os.readlink("/etc/localtime")
            if _ZONEINFO_MARK in target:
                name = target.split(_ZONEINFO_MARK, 1)[1]
        except OSError:
            name = ""
        if not name:
            try:
                name = Path("/etc/timezone").read_text(encoding="utf-8").strip()
            except OSError:
                name = ""
    if name in ("Etc/UTC", "UTC", "Etc/Universal", "Universal", "Zulu", "Etc/Zulu"):
        return "UTC"
    if name:
        return name
    when = (moment or datetime.now(timezone.utc)).astimezone(local_zone())
    offset = when.utcoffset()
    if not offset:
        return "UTC"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def local_time_text(stamp: str | None, *, seconds: bool = False, written: bool = False) -> str:
    """``stamp`` (ISO 8601; without an offset it is taken as UTC) in local time with the zone named;
    ``written``: its date as the current language writes one in prose, as a report's cover does.

    Returns ``""`` for an empty stamp and the text unchanged when it is not a time.

    Examples
    --------
    >>> import os; os.environ["TZ"] = "Asia/Bishkek"
    >>> local_time_text("2026-12-02T13:56:00.000+00:00")
    '2026-12-02 19:56 (Asia/Bishkek)'
    >>> from .language import Language
    >>> with Language.get("ru").active():
    ...     local_time_text("2026-12-02T13:56:00.000+00:00", written=True)
    '2 декабря 2026\u202fг., 19:56 (Asia/Bishkek)'
    >>> del os.environ["TZ"]
    """
    if not stamp:
        return ""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    local = moment.astimezone(local_zone())
    clock = local.strftime("%H:%M:%S" if seconds else "%H:%M")
    if written:
        from .catalog import current
        return f"{current().date(local.date(), 'long')}, {clock} ({zone_name(moment)})"
    return f"{local.strftime('%Y-%m-%d')} {clock} ({zone_name(moment)})"
