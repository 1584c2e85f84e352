"""Each city's Ed25519 signing key, kept inside the workspace (no Qt).

The key pair is made on the city's first export; the private key stays in the workspace's
``city_keys`` table and is never written into a bundle. ``city export-key`` writes the public
key as PEM for the national platform to register.
"""

from __future__ import annotations

__all__ = ["city_signing_key", "city_public_key"]

import sqlite3
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ..workspace.common import now
from .signing import key_id, new_private_key, private_key_bytes, private_key_from_bytes, public_key_bytes

if TYPE_CHECKING:
    from ..workspace.facade import Workspace


def city_signing_key(conn: sqlite3.Connection, city_id: str) -> Ed25519PrivateKey:
    """The city's private key, made and stored now if it has none (call inside a write transaction)."""
    row = conn.execute("SELECT private_key FROM city_keys WHERE city_id = ?", (city_id,)).fetchone()
    if row is not None:
        return private_key_from_bytes(bytes(row[0]))
    key = new_private_key()
    pub = public_key_bytes(key)
    conn.execute("INSERT INTO city_keys (city_id, private_key, public_key, key_id, created_at) VALUES (?,?,?,?,?)",
                 (city_id, private_key_bytes(key), pub, key_id(pub), now()))
    return key


def city_public_key(ws: "Workspace", city_id: str) -> bytes:
    """The 32 raw bytes of the city's public key (the key pair is made now if the city has none)."""
    ws.get_city(city_id)
    rows = ws._db.query("SELECT public_key FROM city_keys WHERE city_id = ?", (city_id,))
    if rows:
        return bytes(rows[0]["public_key"])
    with ws._db.transaction() as c:
        return public_key_bytes(city_signing_key(c, city_id))
