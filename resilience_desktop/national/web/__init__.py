"""The read-only national web dashboard (FastAPI): :func:`create_dashboard_app`, :func:`dashboard_router`."""

from .app import create_dashboard_app, dashboard_router

__all__ = ["create_dashboard_app", "dashboard_router"]
