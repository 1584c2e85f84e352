"""The read-only national web dashboard: an APIRouter (to mount in the receiver) or a whole app.

``GET /`` is the page (HTML, CSS and script shipped in ``static/``, nothing from a CDN), and the
page reads JSON from ``/api/…``: the cities table, the roll-up with Sendai E-2, one city with its
trend and revisions, the outline of the reporting cities for the offline map, and the texts in
the request's language. Every response reads the store; nothing writes to it.

Viewer token: ``token=None`` means open (the CLI allows that only on a loopback address); with
a token, every request must carry it as ``?token=``, an ``Authorization: Bearer`` header or the
cookie the page sets after the first visit with ``?token=``.
"""

from __future__ import annotations

__all__ = ["dashboard_router", "create_dashboard_app", "STATIC_DIR", "TOKEN_COOKIE"]

import contextlib
import hmac
import threading
from pathlib import Path
from typing import Any, AsyncIterator, Callable

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request, Response
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse

from ...errors import NationalStoreError
from ..rollup import regional_rollup
from ..sendai import sendai_e2
from ..store import NationalStore, open_store
from ..views import DEFAULT_OVERDUE_MONTHS, city_trend, city_warnings, list_cities
from .outline import cities_outline
from .strings import essential_names, labels, pick_language, translator

STATIC_DIR = Path(__file__).with_name("static")
TOKEN_COOKIE = "rd_viewer_token"
_ASSETS = {"dashboard.js": "text/javascript; charset=utf-8", "dashboard.css": "text/css; charset=utf-8",
           "favicon.svg": "image/svg+xml"}


class _Store:
    """One store connection shared by the request threads, one request at a time."""

    def __init__(self, source: str | NationalStore | Callable[[], NationalStore]):
        self._source = source
        self._store: NationalStore | None = source if isinstance(source, NationalStore) else None
        self.lock = threading.Lock()

    def get(self) -> NationalStore:
        if self._store is None:
            # read-only: a missing store is an error, never an empty one made here
            self._store = self._source() if callable(self._source) else open_store(str(self._source), create=False)
        return self._store

    def close(self) -> None:
        if self._store is not None and not isinstance(self._source, NationalStore):
            self._store.close()
            self._store = None


def _checker(token: str | None) -> Callable[[Request], None]:
    def check(request: Request) -> None:
        if token is None:
            return
        given = (request.query_params.get("token") or request.cookies.get(TOKEN_COOKIE)
                 or request.headers.get("authorization", "").removeprefix("Bearer ").strip())
        if not given or not hmac.compare_digest(given.encode(), token.encode()):
            raise HTTPException(status_code=401, detail="a viewer token is needed (?token=…)")
    return check


def dashboard_router(db: str | NationalStore | Callable[[], NationalStore], *, token: str | None = None,
                     overdue_months: float = DEFAULT_OVERDUE_MONTHS) -> APIRouter:
    """The dashboard's routes over the national store ``db`` (a URL, an open store, or a factory)."""
    return _routes(_Store(db), token=token, overdue_months=overdue_months)


def _routes(store: _Store, *, token: str | None, overdue_months: float, lang: str = "en") -> APIRouter:
    """The routes over ``store``; whoever made the store closes it (the dashboard app at its shutdown)."""
    router = APIRouter(dependencies=[Depends(_checker(token))])
    default_lang = lang  # the routes' own ``lang`` is the query parameter

    def read(fn: Callable[[NationalStore], Any]) -> Any:
        with store.lock:
            try:
                opened = store.get()
            except NationalStoreError as exc:  # missing or unreachable: say so, as the CLI would
                raise HTTPException(status_code=503, detail=str(exc)) from None
            return fn(opened)

    @router.get("/", response_class=HTMLResponse)
    def index(request: Request, lang: str | None = None) -> Response:
        code = pick_language(lang, request.headers.get("accept-language"), default_lang)
        html = (STATIC_DIR / "index.html").read_text(encoding="utf-8").replace("{{lang}}", code)
        html = html.replace("{{title}}", translator(code)("National resilience dashboard"))
        response = HTMLResponse(html, headers={"Cache-Control": "no-store"})
        if token is not None and request.query_params.get("token"):
            response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
        return response

    @router.get("/static/{name}")
    def asset(name: str) -> Response:
        if name not in _ASSETS:
            raise HTTPException(status_code=404)
        return FileResponse(STATIC_DIR / name, media_type=_ASSETS[name])

    @router.get("/api/strings")
    def strings(request: Request, lang: str | None = None) -> dict[str, Any]:
        code = pick_language(lang, request.headers.get("accept-language"), default_lang)
        return {"lang": code, "labels": labels(translator(code)), "essentials": essential_names(code)}

    @router.get("/api/cities")
    def cities(months: float = overdue_months) -> list[dict[str, Any]]:
        return read(lambda s: list_cities(s, overdue_months=months))

    @router.get("/api/rollup")
    def rollup(months: float = overdue_months) -> dict[str, Any]:
        return read(lambda s: {"sendai_e2": sendai_e2(s),
                               "regions": regional_rollup(list_cities(s, overdue_months=months))})

    @router.get("/api/outline")
    def outline() -> dict[str, Any]:
        return read(lambda s: cities_outline(list_cities(s)))

    @router.get("/api/city/{city_id}")
    def city(city_id: str, months: float = overdue_months) -> dict[str, Any]:
        def one(s: NationalStore) -> dict[str, Any]:
            row = next((c for c in list_cities(s, overdue_months=months) if c["city_id"] == city_id), None)
            if row is None:
                raise HTTPException(status_code=404, detail="no such city")
            return {"city": row, "trend": city_trend(s, city_id), "warnings": city_warnings(s, city_id)}
        return read(one)

    return router


def create_dashboard_app(db: str | NationalStore | Callable[[], NationalStore], *, token: str | None = None,
                         overdue_months: float = DEFAULT_OVERDUE_MONTHS, lang: str = "en") -> FastAPI:
    """A FastAPI app serving only the dashboard (``national web``); no API docs pages. ``lang``: the
    page's language for a browser that names none the app speaks."""
    store = _Store(db)
    router = _routes(store, token=token, overdue_months=overdue_months, lang=lang)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(title="Resilience Desktop — national dashboard", docs_url=None, redoc_url=None, openapi_url=None,
                  lifespan=lifespan)
    app.include_router(router)

    @app.exception_handler(HTTPException)
    async def _http_error(_request: Request, exc: HTTPException) -> JSONResponse:
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)

    return app
