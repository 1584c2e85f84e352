"""Who may deliver what to the national store: city tokens, city signing keys, receipts (no Qt).

Three tables, created idempotently beside the importer's (``ensure_access_tables``):

- ``city_tokens``: one row per bearer token; only its sha256 is stored (the token is printed once
  by ``national token add``); ``revoked_at`` set by ``national token revoke``.
- ``city_public_keys``: the Ed25519 public keys registered for a city (``national key add``).
  A city with a registered key gets its bundles checked: unsigned, signed by another key, or
  altered after signing is refused.
- ``receipts``: the last receipt given for each bundle file (by sha256), for ``GET /receipts/…``.
"""

from __future__ import annotations

__all__ = ["ensure_access_tables", "add_token", "revoke_token", "list_tokens", "city_of_token", "add_public_key",
           "city_keys", "chain_key", "signature_problem", "save_receipt", "load_receipt", "TokenInfo"]

import hashlib
import json
import re
import secrets
import uuid
import weakref
from dataclasses import dataclass
from typing import Any

from ..bundle.verify import VerifiedBundle
from ..errors import InvalidInputError, NotFoundError
from ..i18n.catalog import tr
from ..workspace.common import now
from .receipt import Receipt, parse_receipt
from .store import SCHEMA_LOCK, NationalStore

_TABLES = """
CREATE TABLE IF NOT EXISTS city_tokens (
    token_id TEXT PRIMARY KEY, token_sha256 TEXT NOT NULL UNIQUE, city_id TEXT NOT NULL, label TEXT NOT NULL,
    created_at TEXT NOT NULL, revoked_at TEXT);
CREATE TABLE IF NOT EXISTS city_public_keys (
    city_id TEXT NOT NULL, key_id TEXT NOT NULL, public_key {blob} NOT NULL, added_at TEXT NOT NULL,
    PRIMARY KEY (city_id, key_id));
CREATE TABLE IF NOT EXISTS receipts (
    sha256 TEXT PRIMARY KEY, outcome TEXT NOT NULL, at TEXT NOT NULL, receipt TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS chain_keys (
    assessment_id TEXT PRIMARY KEY, key_id TEXT NOT NULL)
"""
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
TOKEN_PREFIX = "rdt_"


@dataclass(frozen=True)
class TokenInfo:
    token_id: str
    city_id: str
    label: str
    created_at: str
    revoked_at: str | None

    def to_json(self) -> dict[str, Any]:
        return {"token_id": self.token_id, "city_id": self.city_id, "label": self.label,
                "created_at": self.created_at, "revoked_at": self.revoked_at}


#: The open stores whose access tables are known to exist (each store is checked once).
_READY: weakref.WeakSet[NationalStore] = weakref.WeakSet()


def ensure_access_tables(store: NationalStore) -> None:
    """Create the access tables when missing (once per open store; outside any transaction)."""
    if store in _READY:
        return
    blob = "BYTEA" if store.kind == "postgresql" else "BLOB"
    # the same lock as the store's own schema: two sessions creating tables at once on PostgreSQL
    # otherwise collide on pg_type's unique index
    with store.transaction(lock_key=SCHEMA_LOCK):
        for statement in _TABLES.format(blob=blob).split(";"):
            if statement.strip():
                store.execute(statement)
    _READY.add(store)


def _check_city(city_id: str) -> str:
    city_id = city_id.strip().lower()
    if not _UUID.match(city_id):
        raise InvalidInputError(tr("{city_id!r} is not a city UUID", city_id=city_id))
    return city_id


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def add_token(store: NationalStore, city_id: str, label: str = "") -> tuple[str, TokenInfo]:
    """A new bearer token for ``city_id``: returns the token (shown once, stored only as a hash) and its record."""
    ensure_access_tables(store)
    city_id = _check_city(city_id)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    info = TokenInfo(uuid.uuid4().hex[:12], city_id, label, now(), None)
    with store.transaction():
        store.execute("INSERT INTO city_tokens (token_id, token_sha256, city_id, label, created_at) VALUES (?,?,?,?,?)",
                      (info.token_id, _digest(token), city_id, label, info.created_at))
    return token, info


def revoke_token(store: NationalStore, token_or_id: str) -> TokenInfo:
    """Revoke a token given by its id (``national token list``) or the token itself."""
    ensure_access_tables(store)
    key = token_or_id.strip()
    rows = store.query("SELECT * FROM city_tokens WHERE token_id = ? OR token_sha256 = ?", (key, _digest(key)))
    if not rows:
        raise NotFoundError(tr("no token {token}", token=key[:16]))
    with store.transaction():
        store.execute("UPDATE city_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE token_id = ?",
                      (now(), rows[0]["token_id"]))
    return next(t for t in list_tokens(store) if t.token_id == rows[0]["token_id"])


def list_tokens(store: NationalStore) -> list[TokenInfo]:
    ensure_access_tables(store)
    return [TokenInfo(r["token_id"], r["city_id"], r["label"], r["created_at"], r["revoked_at"])
            for r in store.query("SELECT * FROM city_tokens ORDER BY created_at, token_id")]


def city_of_token(store: NationalStore, token: str) -> str | None:
    """The city a valid (known, not revoked) token belongs to, else ``None``."""
    rows = store.query("SELECT city_id FROM city_tokens WHERE token_sha256 = ? AND revoked_at IS NULL",
                       (_digest(token),))
    return rows[0]["city_id"] if rows else None


def add_public_key(store: NationalStore, city_id: str, public_raw: bytes) -> str:
    """Register a city's Ed25519 public key (32 raw bytes); returns its key id. Adding it again changes nothing."""
    from ..bundle.signing import key_id
    ensure_access_tables(store)
    city_id = _check_city(city_id)
    kid = key_id(public_raw)
    with store.transaction():
        if not store.query("SELECT 1 AS x FROM city_public_keys WHERE city_id = ? AND key_id = ?", (city_id, kid)):
            store.execute("INSERT INTO city_public_keys (city_id, key_id, public_key, added_at) VALUES (?,?,?,?)",
                          (city_id, kid, public_raw, now()))
    return kid


def city_keys(store: NationalStore, city_id: str) -> set[str]:
    """The key ids registered for a city."""
    ensure_access_tables(store)
    return {r["key_id"] for r in store.query("SELECT key_id FROM city_public_keys WHERE city_id = ?", (city_id,))}


def owning_keys(store: NationalStore, city_id: str) -> set[str]:
    """The signing keys that speak for a city: those registered for it, and those that signed the
    assessment chains already imported for it (trust on first use)."""
    ensure_access_tables(store)
    chains = store.query("SELECT DISTINCT k.key_id FROM chain_keys k JOIN bundles b ON b.assessment_id = k.assessment_id"
                         " WHERE b.city_id = ?", (city_id,))
    return city_keys(store, city_id) | {r["key_id"] for r in chains}


def chain_key(store: NationalStore, assessment_id: str) -> str | None:
    """The key that signs for an assessment chain (its first signed bundle's, or the last one a
    reviewer accepted), or ``None`` when none of its bundles was signed."""
    ensure_access_tables(store)
    rows = store.query("SELECT key_id FROM chain_keys WHERE assessment_id = ?", (assessment_id,))
    return str(rows[0]["key_id"]) if rows else None


def record_chain_key(store: NationalStore, bundle: VerifiedBundle, *, replace: bool = False) -> None:
    """Remember which key signed this bundle (the national view shows it) and its assessment chain
    (the chain's first signed bundle; with ``replace``, a bundle a reviewer accepted: its key then
    signs for the chain), inside the import's transaction."""
    if bundle.signature is None:
        return
    store.execute("INSERT INTO bundle_signatures (assessment_id, revision, key_id) VALUES (?, ?, ?)"
                  " ON CONFLICT (assessment_id, revision) DO NOTHING",
                  (bundle.identity["assessment_id"], bundle.identity["revision"], bundle.signature["key_id"]))
    store.execute("INSERT INTO chain_keys (assessment_id, key_id) VALUES (?, ?) ON CONFLICT (assessment_id) "
                  + ("DO UPDATE SET key_id = excluded.key_id" if replace else "DO NOTHING"),
                  (bundle.identity["assessment_id"], bundle.signature["key_id"]))


def signature_problem(store: NationalStore, bundle: VerifiedBundle, *, require: bool = False) -> str | None:
    """Why a verified bundle must be refused for its signature, or ``None``.

    The signature itself (present and matching its tag manifest) was checked by verification;
    here: a city with registered keys needs a bundle signed by one of them, and ``require``
    refuses every unsigned bundle.
    """
    city = str(bundle.identity.get("city_id", ""))
    keys = city_keys(store, city)
    sig = bundle.signature
    if sig is None:
        if keys:
            return tr("unsigned bundle: city {city_id} has a registered signing key", city_id=city)
        if require:
            return tr("unsigned bundle: this platform requires signed bundles")
        return None
    if keys and sig["key_id"] not in keys:
        return tr("signed by key {key_id}, which is not registered for city {city_id}",
                  key_id=sig["key_id"][:16], city_id=city)
    return None


def save_receipt(store: NationalStore, receipt: Receipt) -> None:
    """Keep the latest receipt of a bundle file (rejected files with no hash are not kept)."""
    if receipt.sha256 is None:
        return
    body = json.dumps(receipt.to_json(), ensure_ascii=False, sort_keys=True)
    with store.transaction():
        store.execute("INSERT INTO receipts (sha256, outcome, at, receipt) VALUES (?,?,?,?) ON CONFLICT (sha256)"
                      " DO UPDATE SET outcome = excluded.outcome, at = excluded.at, receipt = excluded.receipt",
                      (receipt.sha256, receipt.outcome, receipt.server_time, body))


def load_receipt(store: NationalStore, sha256: str) -> Receipt | None:
    rows = store.query("SELECT receipt FROM receipts WHERE sha256 = ?", (sha256.lower(),))
    return parse_receipt(json.loads(rows[0]["receipt"])) if rows else None
