"""Sync to the national platform: transports (folder, HTTPS) and the sync run (no Qt).

The outbox itself (destinations, items, states) is part of the workspace
(:mod:`resilience_desktop.workspace.outbox`); the platform's side is :mod:`resilience_desktop.national`.
"""

from .engine import SyncReport, apply_results, jobs_for, latest_by_destination, run_sync, status_line, sync_now
from .transports import FolderTransport, HttpsTransport, SendResult, SyncJob, transport_for

__all__ = ["FolderTransport", "HttpsTransport", "SendResult", "SyncJob", "SyncReport", "apply_results", "jobs_for",
           "run_sync", "status_line", "sync_now", "transport_for", "latest_by_destination"]
