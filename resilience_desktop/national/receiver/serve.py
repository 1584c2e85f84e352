"""``national serve``: run the receiver with uvicorn, one or several worker processes."""

from __future__ import annotations

__all__ = ["serve"]

import os

from ..store import open_store
from .app import CONFIG_ENV, ReceiverConfig, config_to_environment

APP_FACTORY = "resilience_desktop.national.receiver.app:app_from_environment"


def serve(config: ReceiverConfig, *, host: str = "127.0.0.1", port: int = 8765, workers: int = 1,
          ssl_certfile: str | None = None, ssl_keyfile: str | None = None, log_level: str = "info") -> None:
    """Serve until interrupted. The store is opened (and created) once first, so a bad URL is one
    clear error before any worker starts; each worker then builds its own app from the same settings."""
    import uvicorn
    open_store(config.db_url).close()
    os.environ[CONFIG_ENV] = config_to_environment(config)
    uvicorn.run(APP_FACTORY, factory=True, host=host, port=port, workers=workers if workers > 1 else None,
                ssl_certfile=ssl_certfile, ssl_keyfile=ssl_keyfile, log_level=log_level, proxy_headers=False,
                timeout_graceful_shutdown=10, server_header=False)
