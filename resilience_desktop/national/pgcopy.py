"""PostgreSQL's binary ``COPY`` format for the national store's feature rows (no Qt, no psycopg).

A bundle with the demo's map layers carries ~6,000 features; sending them row by row through
psycopg's ``Copy.write_row`` (even with ``set_types`` and the binary format) cost ~8 µs of Python
per row, more than PostgreSQL needed to store them. Here each row is one ``struct`` call and the
layer's rows go to the server as a single ``Copy.write`` of the whole binary stream (~1 µs a row).

The format (PostgreSQL documentation, "COPY", *Binary Format*): an 11-byte signature, a 32-bit
flags field and a 32-bit header-extension length (both 0), then per row a 16-bit field count and
per field a 32-bit length (-1 for NULL) followed by the value in the type's binary send format
(``int8``: 8 bytes big-endian; ``bytea``: the bytes; ``text``: UTF-8), and a 16-bit -1 trailer.

>>> payload = feature_rows(7, [(1, b"\\x01", "{}"), (2, None, '{"a": 1}')])
>>> payload[:11] == SIGNATURE, payload[-2:]
(True, b'\\xff\\xff')
>>> len(payload)  # header 19, rows 2+12+12+(4+1)+(4+2) and 2+12+12+4+(4+8), trailer 2
100
"""

from __future__ import annotations

__all__ = ["SIGNATURE", "FEATURE_COLUMNS", "feature_rows"]

import struct
from typing import Iterable

SIGNATURE = b"PGCOPY\n\xff\r\n\x00"
_HEADER = SIGNATURE + struct.pack("!ii", 0, 0)
_TRAILER = struct.pack("!h", -1)
#: The ``features`` columns in the order :func:`feature_rows` writes them (int8, int8, bytea, text).
FEATURE_COLUMNS = ("layer_key", "fid", "wkb", "attributes")
_KEYS = struct.Struct("!hiqiq")  # 4 fields; int8 layer key; int8 fid
_LENGTH = struct.Struct("!i")
_NULL = _LENGTH.pack(-1)


def feature_rows(layer_key: int, rows: Iterable[tuple[int, bytes | None, str]]) -> bytes:
    """The binary ``COPY`` stream of ``(layer_key, fid, wkb, attributes)`` for one layer's ``rows``
    of ``(fid, wkb or None, attributes JSON text)``."""
    parts = [_HEADER]
    add = parts.append
    keys, length = _KEYS.pack, _LENGTH.pack
    for fid, wkb, attributes in rows:
        text = attributes.encode("utf-8")
        add(keys(4, 8, layer_key, 8, fid))
        if wkb is None:
            add(_NULL)
        else:
            add(length(len(wkb)))
            add(wkb)
        add(length(len(text)))
        add(text)
    add(_TRAILER)
    return b"".join(parts)
