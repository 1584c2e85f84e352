"""The national receiver: an HTTP service (FastAPI, run by uvicorn) that takes cities' bundles.

``resilience-desktop national serve --db URL`` runs it; :func:`create_app` builds the ASGI
application (other routers, such as a dashboard, can be mounted beside the API).
"""

from .app import DEFAULT_MAX_UPLOAD_BYTES, ReceiverConfig, create_app

__all__ = ["DEFAULT_MAX_UPLOAD_BYTES", "ReceiverConfig", "create_app"]
