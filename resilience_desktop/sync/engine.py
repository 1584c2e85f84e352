"""Running a sync: claim the outbox items, send them, store each outcome (no Qt).

:func:`run_sync` is the pure part (files and network only, no workspace), run on a worker thread
by the GUI; :func:`sync_now` is the whole thing for the command line, storing each outcome as
soon as it is known so a crash loses nothing that was confirmed.
"""

from __future__ import annotations

__all__ = ["SyncReport", "jobs_for", "run_sync", "apply_results", "sync_now", "status_line", "latest_by_destination"]

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from ..i18n.catalog import tr
from ..workspace.outbox import Outbox, OutboxItem, needs_token_message
from .transports import SendResult, SyncJob, transport_for

if TYPE_CHECKING:
    from ..workspace.facade import Workspace

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


@dataclass
class SyncReport:
    """What one sync did: every result, and the outbox's items after it."""

    results: list[SendResult] = field(default_factory=list)
    items: list[OutboxItem] = field(default_factory=list)

    @property
    def waiting(self) -> list[OutboxItem]:
        return [i for i in self.items if i.state in ("queued", "sending", "failed")]

    @property
    def offline(self) -> bool:
        return any(r.offline for r in self.results)

    def to_json(self) -> dict[str, Any]:
        states = [i.state for i in self.items]
        return {"attempted": len(self.results),
                "delivered": sum(r.state == "delivered" for r in self.results),
                "rejected": sum(r.state == "rejected" for r in self.results),
                "waiting": len(self.waiting), "offline": self.offline,
                "counts": {s: states.count(s) for s in ("queued", "sending", "delivered", "rejected", "failed")},
                "items": [i.to_json() for i in self.items]}


def jobs_for(outbox: Outbox, items: list[OutboxItem]) -> list[SyncJob]:
    """The jobs for claimed items (the destination read now, on the workspace's thread)."""
    dests = {d.name: d for d in outbox.destinations()}
    return [SyncJob(i.id, dests[i.destination], i.bundle_path, i.sha256, i.assessment_id, i.revision, i.attempts)
            for i in items if i.destination in dests]


def _file_problem(job: SyncJob) -> str | None:
    path = Path(job.path)
    try:
        h = hashlib.sha256()
        with path.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
    except OSError:
        return tr("the bundle file {path} is missing; export the assessment again", path=path)
    if h.hexdigest() != job.sha256:
        return tr("the bundle file {path} changed after the export; export the assessment again", path=path)
    return None


def run_sync(jobs: list[SyncJob], *, progress: Progress | None = None, cancelled: Cancelled | None = None,
             on_result: Callable[[SendResult], None] | None = None) -> list[SendResult]:
    """Send each job through its destination's transport; one result per job attempted, in order.

    When a destination is unreachable the rest of its jobs fail with the same reason without
    trying (offline is not an error). Stops early when ``cancelled()``; the jobs not attempted
    get no result.
    """
    step = progress or (lambda done, total: None)
    stop = cancelled or (lambda: False)
    out: list[SendResult] = []
    transports: dict[str, Any] = {}
    unreachable: dict[str, str] = {}
    try:
        for n, job in enumerate(jobs):
            if stop():
                break
            step(n, len(jobs))
            name = job.destination.name
            problem = _file_problem(job)
            if job.destination.needs_token:  # not sent: the receiver would only refuse it
                result = SendResult(job.item_id, "failed", reason=needs_token_message(name))
            elif problem is not None:
                result = SendResult(job.item_id, "failed", reason=problem)
            elif name in unreachable:
                result = SendResult(job.item_id, "failed", reason=unreachable[name], offline=True)
            else:
                if name not in transports:
                    transports[name] = transport_for(job.destination)
                result = transports[name].send(job)
                if result.offline:
                    unreachable[name] = result.reason
            out.append(result)
            if on_result is not None:
                on_result(result)
        step(len(out), len(jobs))
    finally:
        for t in transports.values():
            t.close()
    return out


def apply_results(outbox: Outbox, results: list[SendResult], claimed: list[str]) -> None:
    """Store every result; claimed items with no result (cancelled) are queued again."""
    for r in results:
        outbox.record(r.item_id, r.state, receipt=r.receipt, reason=r.reason, sent=r.sent)
    done = {r.item_id for r in results}
    outbox.release([i for i in claimed if i not in done])


def sync_now(ws: "Workspace", *, due_only: bool = False, progress: Progress | None = None,
             cancelled: Cancelled | None = None) -> SyncReport:
    """Claim, send and record, each outcome stored as soon as it is known (the command line's sync)."""
    outbox = ws.outbox
    claimed = outbox.claim(due_only=due_only)
    jobs = jobs_for(outbox, claimed)
    done: set[str] = set()

    def record(r: SendResult) -> None:
        outbox.record(r.item_id, r.state, receipt=r.receipt, reason=r.reason, sent=r.sent)
        done.add(r.item_id)

    try:
        results = run_sync(jobs, progress=progress, cancelled=cancelled, on_result=record)
    finally:
        outbox.release([i.id for i in claimed if i.id not in done])
    return SyncReport(results, outbox.items())


def latest_by_destination(results: list[SendResult], items: list[OutboxItem]) -> dict[str, SendResult]:
    """Each destination's last result in ``results`` (``items`` tell each result's destination)."""
    destination_of = {i.id: i.destination for i in items}
    return {destination_of[r.item_id]: r for r in results if r.item_id in destination_of}


def status_line(items: list[OutboxItem], *, offline: bool = False, token_refused: frozenset[str] = frozenset()) -> str:
    """One line for the status bar: what was delivered last, or what waits.

    ``"delivered rev 3 to national · 10:42"``, ``"2 waiting (offline)"`` or ``""`` with no items.
    ``token_refused``: destinations whose receiver refused the token at the last attempt (waiting
    cannot help them; a new token can).
    """
    waiting = [i for i in items if i.state in ("queued", "sending", "failed")]
    if waiting:
        if any(i.destination in token_refused for i in waiting):
            return tr("{n} waiting (a new token is needed)", n=len(waiting))
        if offline or any(i.state == "failed" for i in waiting):
            return tr("{n} waiting (offline)", n=len(waiting)) if offline else tr("{n} waiting (retry later)",
                                                                                   n=len(waiting))
        return tr("{n} waiting", n=len(waiting))
    delivered = sorted((i for i in items if i.state == "delivered" and i.delivered_at), key=lambda i: i.delivered_at or "")
    if delivered:
        last = delivered[-1]
        return tr("delivered rev {revision} to {destination} · {time}", revision=last.revision,
                  destination=last.destination, time=_local_time(last.delivered_at or ""))
    rejected = [i for i in items if i.state == "rejected"]
    if rejected:
        return tr("{n} rejected by the platform", n=len(rejected))
    return ""


def _local_time(iso: str) -> str:
    from datetime import datetime
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%H:%M")
    except ValueError:
        return iso
