"""How a bundle reaches the national platform: a folder or the HTTPS receiver (no Qt).

Each transport turns one :class:`SyncJob` into a :class:`SendResult` and never raises for a
network or disk problem: that is a ``failed`` result with a plain reason (retried later). Only a
receipt makes an item ``delivered`` or ``rejected``.
"""

from __future__ import annotations

__all__ = ["SyncJob", "SendResult", "FolderTransport", "HttpsTransport", "transport_for", "check_destination", "API"]

import json
import os
import shutil
import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..i18n.catalog import tr
from ..i18n.reasons import os_reason
from ..national.folder import OUTBOX_DIR, receipt_path
from ..national.receipt import Receipt, parse_receipt
from ..workspace.outbox import Destination, is_loopback

#: The receiver's API prefix (see national/receiver).
API = "/api/v1"


@dataclass(frozen=True)
class SyncJob:
    """One outbox item to send, with everything a worker thread needs (no workspace access)."""

    item_id: str
    destination: Destination
    path: str
    sha256: str
    assessment_id: str
    revision: int
    attempts: int


@dataclass(frozen=True)
class SendResult:
    """The outcome of one attempt: the outbox state to store, the receipt (if any) and a reason."""

    item_id: str
    state: str
    receipt: dict[str, Any] | None = None
    reason: str = ""
    sent: bool = False
    offline: bool = False
    #: The receiver refused the destination's token (unknown or revoked): waiting cannot help, a new token can.
    token_refused: bool = False


def _from_receipt(job: SyncJob, receipt: Receipt) -> SendResult:
    if receipt.sha256 is not None and receipt.sha256 != job.sha256:
        return SendResult(job.item_id, "failed", None, tr("the receipt is for another file ({sha})", sha=receipt.sha256[:12]))
    if receipt.delivered:
        return SendResult(job.item_id, "delivered", receipt.to_json(), receipt.reason, sent=True)
    if receipt.held:  # a person at the platform decides; the next sync reads the receipt again
        return SendResult(job.item_id, "sending", receipt.to_json(),
                          tr("held for review at the national platform: {reason}", reason=_held_reason(receipt.reason)),
                          sent=True)
    return SendResult(job.item_id, "rejected", receipt.to_json(), receipt.reason or tr("rejected by the platform"),
                      sent=True)


def _held_reason(reason: str) -> str:
    """The platform's reason for holding a bundle, without the importer's instructions to its own operator
    ("held for review as ID (national pending accept|reject ID): …")."""
    head, sep, rest = reason.partition("): ")
    return rest if sep and "pending accept" in head else reason


class FolderTransport:
    """Copy bundles atomically into ``FOLDER/outbox/``; read ``FOLDER/receipts/<sha256>.json`` back."""

    def __init__(self, destination: Destination):
        self.folder = Path(destination.url)

    def close(self) -> None:
        pass

    def send(self, job: SyncJob) -> SendResult:
        if not self.folder.is_dir():
            return SendResult(job.item_id, "failed", reason=tr("the folder {path} is not available", path=self.folder),
                              offline=True)
        rpath = receipt_path(self.folder, job.sha256)
        if rpath.is_file():
            try:
                receipt = parse_receipt(json.loads(rpath.read_text(encoding="utf-8")))
            except (OSError, ValueError):
                receipt = None
            if receipt is not None:
                return _from_receipt(job, receipt)
        name = f"{job.assessment_id}_r{job.revision}_{job.sha256[:12]}.zip"
        target = self.folder / OUTBOX_DIR / name
        try:
            target.parent.mkdir(exist_ok=True)
            if not _holds(target, job.sha256):  # absent, or altered on the stick: (re)write our copy
                tmp = target.parent / f".{name}.part"
                with open(job.path, "rb") as src, open(tmp, "wb") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
                    dst.flush()
                    os.fsync(dst.fileno())
                os.replace(tmp, target)
        except OSError as exc:
            return SendResult(job.item_id, "failed", reason=tr("cannot write to {path}: {reason}", path=target.parent,
                                                                reason=os_reason(exc)))
        return SendResult(job.item_id, "sending", reason=tr("copied to the folder; waiting for the platform's receipt"),
                          sent=True)


class HttpsTransport:
    """Upload to the national receiver (``POST /api/v1/bundles``) with the city's bearer token.

    TLS certificates are always checked (against the system's authorities, or only the given CA
    file); plain ``http://`` is accepted only to a loopback address.
    """

    def __init__(self, destination: Destination, *, timeout: float = 120.0):
        import httpx
        parts = urlsplit(destination.url)
        if parts.scheme != "https" and not (parts.scheme == "http" and is_loopback(parts.hostname or "")):
            raise ValueError("plain http only to loopback")  # add_destination refuses it; a safety net
        verify: Any = True
        if destination.ca_file:
            verify = ssl.create_default_context(cafile=destination.ca_file)
        headers = {"User-Agent": "resilience-desktop-sync"}
        if destination.token:
            headers["Authorization"] = f"Bearer {destination.token}"
        self.base = destination.url.rstrip("/")
        self.client = httpx.Client(verify=verify, timeout=httpx.Timeout(timeout, connect=15.0), headers=headers,
                                   follow_redirects=False, trust_env=False)

    def close(self) -> None:
        self.client.close()

    def _error(self, response: Any) -> str:
        try:
            body = response.json()
            message = body.get("error", {}).get("message") if isinstance(body, dict) else None
        except ValueError:
            message = None
        return message or tr("HTTP {status}", status=response.status_code)

    def send(self, job: SyncJob) -> SendResult:
        import httpx
        try:
            if job.attempts > 1:  # an earlier attempt may have arrived unanswered: ask before uploading again
                r = self.client.get(f"{self.base}{API}/receipts/{job.sha256}")
                if r.status_code == 200 and (receipt := parse_receipt(r.json())) is not None:
                    return _from_receipt(job, receipt)
            data = Path(job.path).read_bytes()
            r = self.client.post(f"{self.base}{API}/bundles", content=data,
                                 headers={"Content-Type": "application/zip", "X-Bundle-SHA256": job.sha256})
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            return SendResult(job.item_id, "failed", reason=tr("cannot reach {url}: {reason}", url=self.base,
                                                                reason=_short(exc)), offline=True)
        except httpx.HTTPError as exc:
            return SendResult(job.item_id, "failed", reason=tr("the connection to {url} failed: {reason}",
                                                                url=self.base, reason=_short(exc)))
        except (OSError, ValueError) as exc:
            return SendResult(job.item_id, "failed", reason=tr("cannot read the answer or the file: {reason}",
                                                                reason=_short(exc)))
        receipt = None
        try:
            receipt = parse_receipt(r.json().get("receipt", r.json()) if isinstance(r.json(), dict) else None)
        except ValueError:
            pass
        if receipt is not None and r.status_code in (200, 201, 202, 422):
            return _from_receipt(job, receipt)
        if r.status_code in (400, 413, 422):
            return SendResult(job.item_id, "rejected", None, self._error(r), sent=True)
        if r.status_code == 403:  # this token may not deliver this bundle (another city's): retrying cannot help
            return SendResult(job.item_id, "rejected", None,
                              tr("the receiver refused the token: {reason}", reason=self._error(r)), sent=True)
        if r.status_code == 401:  # unknown or revoked: a new token (sync set-token) makes it due again
            return SendResult(job.item_id, "failed", None,
                              tr("the receiver refused the token: {reason}", reason=self._error(r)), token_refused=True)
        return SendResult(job.item_id, "failed", None, tr("the receiver answered: {reason}", reason=self._error(r)))


def _holds(path: Path, sha256: str) -> bool:
    """Whether ``path`` exists with exactly the content whose sha256 is given."""
    import hashlib
    try:
        h = hashlib.sha256()
        with path.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
    except OSError:
        return False
    return h.hexdigest() == sha256


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


def check_destination(destination: Destination, *, progress: Any = None, cancelled: Any = None) -> tuple[bool, str]:
    """Test a destination without sending anything: ``(ok, one line)``. For a worker thread."""
    if destination.kind == "folder":
        folder = Path(destination.url)
        probe = folder / OUTBOX_DIR / ".resilience-probe"
        try:
            probe.parent.mkdir(parents=True, exist_ok=True)
            probe.write_bytes(b"probe")
            probe.unlink()
        except OSError as exc:
            return False, tr("cannot write to {path}: {reason}", path=folder, reason=os_reason(exc))
        return True, tr("the folder is ready")
    import httpx
    transport = HttpsTransport(destination, timeout=15)
    try:
        r = transport.client.get(f"{transport.base}{API}/health")
        if r.status_code != 200:
            return False, tr("the receiver answered: {reason}", reason=transport._error(r))
        if not destination.token:
            return True, tr("the receiver is reachable; no token is set, so uploads will be refused")
        r = transport.client.get(f"{transport.base}{API}/whoami")
        if r.status_code != 200:
            return False, tr("the receiver refused the token: {reason}", reason=transport._error(r))
        return True, tr("connected; the token belongs to city {city_id}", city_id=r.json().get("city_id"))
    except httpx.HTTPError as exc:
        return False, tr("cannot reach {url}: {reason}", url=transport.base, reason=_short(exc))
    except ValueError as exc:
        return False, tr("cannot read the answer or the file: {reason}", reason=_short(exc))
    finally:
        transport.close()


def transport_for(destination: Destination) -> FolderTransport | HttpsTransport:
    return FolderTransport(destination) if destination.kind == "folder" else HttpsTransport(destination)
