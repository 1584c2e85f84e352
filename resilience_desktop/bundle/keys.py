"""Each city's Ed25519 signing key, kept inside the workspace (no Qt).

The key pair is made on the city's first export; the private key stays in the workspace's
``city_keys`` table (:meth:`~resilience_desktop.workspace.cities.Cities.key_pair`) and is never
written into a bundle. ``city export-key`` writes the public key as PEM for the national
platform to register.
"""

from __future__ import annotations

__all__ = ["new_key_pair", "city_public_key"]

from typing import TYPE_CHECKING

from .signing import key_id, new_private_key, private_key_bytes, public_key_bytes

if TYPE_CHECKING:
    from ..workspace.facade import Workspace


def new_key_pair() -> tuple[bytes, bytes, str]:
    """A new Ed25519 key pair as the workspace keeps it: ``(private, public, key_id)``."""
    key = new_private_key()
    pub = public_key_bytes(key)
    return private_key_bytes(key), pub, key_id(pub)


def city_public_key(ws: "Workspace", city_id: str) -> bytes:
    """The 32 raw bytes of the city's public key (the key pair is made now if the city has none)."""
    return ws.cities.key_pair(city_id, new_key_pair)[1]
