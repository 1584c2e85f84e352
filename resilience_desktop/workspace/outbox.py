"""The outbox: where each exported bundle must go and how far it got (no Qt, no network).

A *destination* is a folder (a USB stick, a shared network folder) or the national receiver's
HTTPS address. Every bundle export is queued, in the export's own transaction, once per
destination. An item is ``queued``, ``sending`` (an attempt started, or a folder copy waits for
the platform's receipt), ``delivered`` (only from a receipt), ``rejected`` (the receiver's
reason) or ``failed`` (with the next retry time; attempts back off). Nothing local is deleted:
the bundle file stays where the export wrote it. The network work is in :mod:`resilience_desktop.sync`.
"""

from __future__ import annotations

__all__ = ["STATES", "state_label", "Destination", "OutboxItem", "Outbox", "queue_export", "classify_target",
           "backoff_seconds", "needs_token_message"]

import ipaddress
import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ..errors import InvalidInputError, NotFoundError
from ..i18n.catalog import tr
from ..store.secrets import delete_secret, get_secret, new_ref, put_secret
from .common import UNSET, new_id, now
from .recorder import Recorder, Write
from .records import ChangeEvent, Entity

if TYPE_CHECKING:
    from ..store import Database

STATES = ("queued", "sending", "delivered", "rejected", "failed")


def state_label(state: str) -> str:
    """An outbox item's state as the interface says it (the sync view and ``sync status``)."""
    return {"queued": tr("queued"), "sending": tr("sending"), "delivered": tr("delivered"),
            "rejected": tr("rejected"), "failed": tr("failed")}.get(state, state)

#: States that still need a sync (``sending`` left by a crash is picked up again: retries are harmless).
PENDING = ("queued", "sending", "failed")
_FIRST_RETRY_S = 30
_LAST_RETRY_S = 6 * 3600


def backoff_seconds(attempts: int) -> int:
    """Seconds to wait after ``attempts`` failed attempts: 30 s, 1 min, 2 min, … at most 6 hours.

    >>> [backoff_seconds(n) for n in (1, 2, 3, 20)]
    [30, 60, 120, 21600]
    """
    return int(min(_FIRST_RETRY_S * 2 ** max(attempts - 1, 0), _LAST_RETRY_S))


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine (plain HTTP is allowed only there).

    >>> is_loopback("127.0.0.1"), is_loopback("[::1]"), is_loopback("localhost"), is_loopback("10.0.0.1")
    (True, True, True, False)
    """
    host = host.strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def classify_target(target: str) -> tuple[str, str]:
    """``("https", url)`` or ``("folder", absolute path)`` for what the user typed; one clear error otherwise."""
    text = target.strip()
    if not text:
        raise InvalidInputError(tr("give the receiver's https:// address or a folder"))
    if "://" in text:
        parts = urlsplit(text)
        scheme = parts.scheme.lower()
        if scheme == "file":
            text = parts.path
        elif scheme in ("https", "http"):
            try:
                host = parts.hostname or ""
                parts.port  # noqa: B018 - raises ValueError for a bad port
            except ValueError:
                raise InvalidInputError(tr("{url} is not a valid address", url=text)) from None
            if not host:
                raise InvalidInputError(tr("{url} names no host", url=text))
            if scheme == "http" and not is_loopback(host):
                raise InvalidInputError(tr("plain http:// is allowed only to this machine (127.0.0.1, ::1,"
                                           " localhost); use https:// for {host}", host=host))
            return "https", text.rstrip("/")
        else:
            raise InvalidInputError(tr("unknown address scheme {scheme!r} (use https:// or a folder)", scheme=scheme))
    folder = Path(text).expanduser()
    if not folder.is_dir():
        raise InvalidInputError(tr("{path} is not a folder (connect the drive or create the folder first)",
                                   path=folder))
    return "folder", str(folder.resolve())


@dataclass(frozen=True)
class Destination:
    """Where bundles are synced: a folder or an HTTPS receiver (the token is never printed).

    ``token`` is read from this computer's keyring or token file (``store/secrets.py``) through
    ``token_ref``; the workspace file holds only the reference.
    """

    name: str
    kind: str
    url: str
    token: str | None
    ca_file: str | None
    created_at: str
    updated_at: str
    token_ref: str | None = None

    @property
    def needs_token(self) -> bool:
        """The workspace refers to a token this computer does not have (copied from another one)."""
        return self.token_ref is not None and self.token is None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "url": self.url, "has_token": bool(self.token),
                "ca_file": self.ca_file, "created_at": self.created_at, "updated_at": self.updated_at,
                "needs_token": self.needs_token}


def needs_token_message(name: str) -> str:
    """The one sentence for a destination whose token is not on this computer."""
    return tr("the destination {name} needs its token again: tokens stay on the computer where they were entered,"
              " not in the workspace file", name=name)


@dataclass(frozen=True)
class OutboxItem:
    """One bundle revision on its way to one destination."""

    id: str
    destination: str
    assessment_id: str
    revision: int
    sha256: str
    bundle_path: str
    state: str
    attempts: int
    queued_at: str
    last_attempt_at: str | None
    next_retry_at: str | None
    sent_at: str | None
    delivered_at: str | None
    receipt: dict[str, Any] | None
    reason: str

    @property
    def bundle(self) -> str:
        return Path(self.bundle_path).name

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "bundle": self.bundle, "path": self.bundle_path, "assessment_id": self.assessment_id,
                "revision": self.revision, "sha256": self.sha256, "destination": self.destination,
                "state": self.state, "receipt": self.receipt, "reason": self.reason, "attempts": self.attempts,
                "next_retry_at": self.next_retry_at, "queued_at": self.queued_at,
                "last_attempt_at": self.last_attempt_at, "sent_at": self.sent_at, "delivered_at": self.delivered_at}


def queue_export(conn: "sqlite3.Connection | Write", assessment_id: str, revision: int, sha256: str,
                 path: str | Path) -> tuple[str, ...]:
    """Queue one exported revision for every destination (inside the export's transaction)."""
    names = [r[0] for r in conn.execute("SELECT name FROM sync_destinations ORDER BY name")]
    at = now()
    for name in names:
        conn.execute("INSERT OR IGNORE INTO outbox (id, destination, assessment_id, revision, sha256, bundle_path,"
                     " queued_at) VALUES (?,?,?,?,?,?,?)", (new_id(), name, assessment_id, revision, sha256,
                                                              str(path), at))
    return tuple(names)


def _item(r: dict[str, Any]) -> OutboxItem:
    return OutboxItem(r["id"], r["destination"], r["assessment_id"], r["revision"], r["sha256"], r["bundle_path"],
                      r["state"], r["attempts"], r["queued_at"], r["last_attempt_at"], r["next_retry_at"],
                      r["sent_at"], r["delivered_at"], json.loads(r["receipt"]) if r["receipt"] else None, r["reason"])


def _destination(r: dict[str, Any]) -> Destination:
    ref = r.get("token_ref")
    token = get_secret(ref) if ref else r["token"]
    return Destination(r["name"], r["kind"], r["url"], token, r["ca_file"], r["created_at"], r["updated_at"], ref)


def _later(seconds: int) -> str:
    return (datetime.now(timezone.utc) + timedelta(seconds=seconds)).isoformat(timespec="milliseconds")


def _save_token(ref: str | None, token: str | None) -> str | None:
    """Save ``token`` outside the workspace (under ``ref``, or a new reference); ``None`` forgets it."""
    if token is None:
        if ref is not None:
            delete_secret(ref)
        return None
    ref = ref or new_ref()
    put_secret(ref, token)
    return ref


class Outbox:
    """The workspace's destinations and outbox items (``ws.outbox``); every change is one
    transaction and one ``Entity.DESTINATION`` or ``Entity.OUTBOX`` event.

    Not in the change log: sending a bundle must not change the payload of the next one.

    Parameters
    ----------
    database, recorder
        Reads; writes.
    """

    def __init__(self, database: "Database", recorder: Recorder):
        self._db = database
        self._recorder = recorder

    # ------------------------------------------------------------ destinations
    def destinations(self) -> list[Destination]:
        return [_destination(r) for r in self._db.query("SELECT * FROM sync_destinations ORDER BY name")]

    def destination(self, name: str) -> Destination:
        rows = self._db.query("SELECT * FROM sync_destinations WHERE name = ?", (name,))
        if not rows:
            raise NotFoundError(tr("no sync destination named {name!r}", name=name))
        return _destination(rows[0])

    @staticmethod
    def _check(name: str, kind: str, token: str | None, ca_file: str | None) -> None:
        if not name.strip() or len(name) > 64 or any(ord(c) < 32 for c in name):
            raise InvalidInputError(tr("a destination name has 1 to 64 characters (no control characters)"))
        if kind == "folder" and (token or ca_file):
            raise InvalidInputError(tr("a token and a CA file are used only by an HTTPS destination"))
        if token is not None and (not token.strip() or any(c.isspace() for c in token)):
            raise InvalidInputError(tr("the token must not be empty or contain spaces"))
        if ca_file is not None and not Path(ca_file).is_file():
            raise InvalidInputError(tr("no CA file at {path}", path=ca_file))

    def add_destination(self, name: str, target: str, *, token: str | None = None,
                        ca_file: str | None = None) -> tuple[Destination, int]:
        """Add a destination and queue the latest exported revision of each assessment for it.

        Returns the destination and how many bundles were queued (files no longer on disk are skipped).
        """
        kind, url = classify_target(target)
        ca_file = str(Path(ca_file).expanduser().resolve()) if ca_file else None
        self._check(name, kind, token, ca_file)
        if self._db.query("SELECT 1 FROM sync_destinations WHERE name = ?", (name,)):
            raise InvalidInputError(tr("a sync destination named {name!r} already exists", name=name))
        at = now()
        latest = self._db.query("SELECT e.assessment_id, e.revision, e.sha256, e.path FROM bundle_exports e JOIN"
                                " (SELECT assessment_id, MAX(revision) AS r FROM bundle_exports GROUP BY assessment_id) m"
                                " ON e.assessment_id = m.assessment_id AND e.revision = m.r WHERE e.path IS NOT NULL")
        queued = 0
        ref = _save_token(None, token)
        try:
            with self._recorder.write() as c:
                c.execute("INSERT INTO sync_destinations (name, kind, url, token_ref, ca_file, created_at, updated_at)"
                          " VALUES (?,?,?,?,?,?,?)", (name, kind, url, ref, ca_file, at, at))
                for r in latest:
                    if Path(r["path"]).is_file():
                        c.execute("INSERT INTO outbox (id, destination, assessment_id, revision, sha256, bundle_path,"
                                  " queued_at) VALUES (?,?,?,?,?,?,?)",
                                  (new_id(), name, r["assessment_id"], r["revision"], r["sha256"], r["path"], at))
                        queued += 1
                c.emit(ChangeEvent(Entity.DESTINATION, name, fields=("created",)))
        except BaseException:
            if ref is not None:
                delete_secret(ref)
            raise
        return self.destination(name), queued

    def update_destination(self, name: str, *, target: str = UNSET, token: str | None = UNSET,
                           ca_file: str | None = UNSET) -> Destination:
        """Change a destination; its failed items become due now (a fixed token should be tried at once).

        A new token (or address) also queues again the items rejected without a receipt, i.e. refused
        before the platform looked at the bundle (the receiver's 403: the old token belonged to another
        city); never those the platform rejected with a receipt."""
        old = self.destination(name)
        kind, url = classify_target(target) if target is not UNSET else (old.kind, old.url)
        token = old.token if token is UNSET else (token or None)
        ca_file = old.ca_file if ca_file is UNSET else (str(Path(ca_file).expanduser().resolve()) if ca_file else None)
        self._check(name, kind, token, ca_file)
        ref = old.token_ref if token == old.token else _save_token(old.token_ref, token)
        with self._recorder.write() as c:
            c.execute("UPDATE sync_destinations SET kind = ?, url = ?, token = NULL, token_ref = ?, ca_file = ?,"
                      " updated_at = ? WHERE name = ?", (kind, url, ref, ca_file, now(), name))
            c.execute("UPDATE outbox SET next_retry_at = NULL WHERE destination = ? AND state = 'failed'", (name,))
            if token != old.token or kind != old.kind or url != old.url:
                c.execute("UPDATE outbox SET state = 'queued', reason = '', next_retry_at = NULL WHERE destination = ?"
                          " AND state = 'rejected' AND receipt IS NULL", (name,))
            c.emit(ChangeEvent(Entity.DESTINATION, name, fields=("updated",)))
        return self.destination(name)

    def remove_destination(self, name: str) -> int:
        """Remove a destination and its outbox items (the bundle files stay); returns how many items went."""
        old = self.destination(name)
        with self._recorder.write() as c:
            n = c.execute("SELECT COUNT(*) FROM outbox WHERE destination = ?", (name,)).fetchone()[0]
            c.execute("DELETE FROM outbox WHERE destination = ?", (name,))
            c.execute("DELETE FROM sync_destinations WHERE name = ?", (name,))
            c.emit(ChangeEvent(Entity.DESTINATION, name, fields=("removed",)))
        if old.token_ref is not None:
            delete_secret(old.token_ref)
        return int(n)

    # ------------------------------------------------------------ items
    def items(self, *, destination: str | None = None) -> list[OutboxItem]:
        """Every item, newest export first."""
        sql = "SELECT * FROM outbox"
        params: tuple[str, ...] = ()
        if destination is not None:
            sql, params = sql + " WHERE destination = ?", (destination,)
        return [_item(r) for r in self._db.query(sql + " ORDER BY queued_at DESC, assessment_id, revision DESC,"
                                                       " destination", params)]

    def item(self, item_id: str) -> OutboxItem:
        rows = self._db.query("SELECT * FROM outbox WHERE id = ?", (item_id,))
        if not rows:
            raise NotFoundError(tr("no outbox item {id}", id=item_id))
        return _item(rows[0])

    def claim(self, *, due_only: bool = False) -> list[OutboxItem]:
        """Mark the items to send now as ``sending`` (one more attempt each) and return them.

        Without ``due_only`` (the user pressed *Sync now*) every item not yet delivered or rejected is
        taken; with it, a failed item only once its retry time has come. An item left ``sending`` by a
        crash is taken again: the receiver's ``(assessment, revision)`` key makes a second send harmless.
        """
        at = now()
        due = " AND (state != 'failed' OR next_retry_at IS NULL OR next_retry_at <= ?)" if due_only else ""
        with self._recorder.write() as c:
            ids = [r[0] for r in c.execute(f"SELECT id FROM outbox WHERE state IN ('queued', 'sending', 'failed'){due}"
                                           " ORDER BY assessment_id, revision, destination", (at,) if due_only else ())]
            for item_id in ids:
                c.execute("UPDATE outbox SET state = 'sending', attempts = attempts + 1, last_attempt_at = ?,"
                          " next_retry_at = NULL WHERE id = ?", (at, item_id))
            if ids:
                c.emit(ChangeEvent(Entity.OUTBOX, ids[0], fields=("sending",)))
        return [self.item(i) for i in ids]

    def record(self, item_id: str, state: str, *, receipt: dict[str, Any] | None = None, reason: str = "",
               sent: bool = False) -> OutboxItem:
        """Store the outcome of one attempt: delivered/rejected (with a receipt or reason), failed
        (the next retry time follows from the attempts) or still ``sending`` (sent, awaiting the receipt)."""
        if state not in STATES or state == "queued":
            raise InvalidInputError(tr("unknown outbox state {state!r}", state=state))
        item = self.item(item_id)
        at = now()
        retry = _later(backoff_seconds(item.attempts)) if state == "failed" else None
        with self._recorder.write() as c:
            c.execute("UPDATE outbox SET state = ?, receipt = COALESCE(?, receipt), reason = ?, next_retry_at = ?,"
                      " sent_at = CASE WHEN ? THEN COALESCE(sent_at, ?) ELSE sent_at END,"
                      " delivered_at = CASE WHEN ? = 'delivered' THEN ? ELSE delivered_at END WHERE id = ?",
                      (state, json.dumps(receipt, ensure_ascii=False) if receipt is not None else None, reason, retry,
                       sent or state in ("delivered", "rejected"), at, state, at, item_id))
            c.emit(ChangeEvent(Entity.OUTBOX, item_id, item.assessment_id, fields=(state,)))
        return self.item(item_id)

    def release(self, item_ids: list[str]) -> None:
        """Give back claimed items that were not attempted (the sync was cancelled): queued again."""
        if not item_ids:
            return
        with self._recorder.write() as c:
            for item_id in item_ids:
                c.execute("UPDATE outbox SET state = CASE WHEN sent_at IS NULL THEN 'queued' ELSE 'sending' END,"
                          " attempts = MAX(attempts - 1, 0) WHERE id = ? AND state = 'sending'", (item_id,))
            c.emit(ChangeEvent(Entity.OUTBOX, item_ids[0], fields=("released",)))

    def counts(self) -> dict[str, int]:
        """Items per state (every state present, zero when none)."""
        out = dict.fromkeys(STATES, 0)
        for r in self._db.query("SELECT state, COUNT(*) AS n FROM outbox GROUP BY state"):
            out[r["state"]] = r["n"]
        return out
