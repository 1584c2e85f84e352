"""The receiver's ASGI application: ``create_app(db_url)`` (FastAPI; OpenAPI at ``/api/v1/openapi.json``).

Endpoints (``/api/v1``): ``POST /bundles`` (the bundle as the raw request body, a city's bearer
token) → the receipt; ``GET /receipts/{sha256}``; ``GET /cities``; ``GET /summary`` and
``/summary.csv``; ``GET /health``. Every 4xx has the JSON body ``{"error": {status, code, message}}``;
bad input never gives a 5xx (503 only when the store itself fails). Each uvicorn worker process
builds its own app and keeps a small pool of store connections; the importer's transactions
(``BEGIN IMMEDIATE`` on SQLite, advisory locks on PostgreSQL) let several workers import at once.
"""

from __future__ import annotations

__all__ = ["create_app", "ReceiverConfig", "DEFAULT_MAX_UPLOAD_BYTES", "app_from_environment", "CONFIG_ENV"]

import asyncio
import contextlib
import hashlib
import json
import os
import queue
import shutil
import tempfile
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from fastapi import APIRouter, FastAPI, Path as PathParam, Request, Security
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException as StarletteHTTPException

from ... import __version__
from ...bundle.format import Limits
from ...bundle.verify import warm_up
from ...errors import NationalStoreError
from ...i18n.catalog import tr
from ...workspace.common import now
from ..access import city_of_token, ensure_access_tables, load_receipt
from ..store import NationalStore, open_store
from ..summary import city_summary, summary_csv
from .models import CityList, ErrorBody, Health, ReceiptModel, RejectedBody, Summary, WhoAmI
from .upload import error_body, log_attempt, process_upload

#: Largest upload accepted (the whole bundle file), unless configured otherwise.
DEFAULT_MAX_UPLOAD_BYTES = 256 * 2**20
#: The environment variable through which ``national serve`` hands its settings to each worker.
CONFIG_ENV = "RESILIENCE_RECEIVER_CONFIG"


@dataclass(frozen=True)
class ReceiverConfig:
    db_url: str
    require_signatures: bool = False
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES
    pool_size: int = 4
    #: Bundles one worker process verifies and imports at once; more uploads wait (spooled to disk,
    #: holding no thread and no database connection) for a free slot. The import is CPU work under
    #: Python's GIL: with 16 at once per worker (32 cities uploading to two workers) each bundle cost
    #: ~80 ms of CPU against ~55 ms one at a time, and throughput fell from 24 to 13 bundles/s.
    import_slots: int = 1
    #: Serve the read-only web dashboard (``national/web``) at ``/`` beside the API.
    dashboard: bool = True
    #: The dashboard's viewer token (``None``: no token, for a receiver bound to loopback).
    viewer_token: str | None = None


class _StorePool:
    """Open stores shared by the request threads of one process (each used by one thread at a time)."""

    def __init__(self, url: str, size: int):
        self.url, self.size = url, size
        self._free: queue.LifoQueue[NationalStore] = queue.LifoQueue()
        self._made = 0
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def store(self) -> Iterator[NationalStore]:
        try:
            s = self._free.get_nowait()
        except queue.Empty:
            with self._lock:
                make = self._made < self.size
                self._made += make
            if make:
                try:
                    s = open_store(self.url)
                    ensure_access_tables(s)
                except BaseException:
                    with self._lock:
                        self._made -= 1
                    raise
            else:
                s = self._free.get()
        try:
            yield s
        except BaseException:
            self._discard(s)
            raise
        self._free.put(s)

    def _discard(self, s: NationalStore) -> None:
        with contextlib.suppress(Exception):
            s.close()
        with self._lock:
            self._made -= 1

    def run(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """``fn(store, ...)`` on a pooled store; a failing database becomes :class:`NationalStoreError` (503)."""
        try:
            with self.store() as s:
                return fn(s, *args, **kwargs)
        except NationalStoreError:
            raise
        except Exception as exc:
            if _database_error(exc):
                raise NationalStoreError(tr("the national store failed: {reason}",
                                            reason=str(exc).strip().splitlines()[0][:200] if str(exc).strip()
                                            else type(exc).__name__)) from exc
            raise

    def close(self) -> None:
        """Close the idle stores (each closed one may be opened again later)."""
        while True:
            try:
                s = self._free.get_nowait()
            except queue.Empty:
                return
            self._discard(s)


def _database_error(exc: Exception) -> bool:
    import sqlite3
    return isinstance(exc, sqlite3.Error) or type(exc).__module__.startswith("psycopg")


def _error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, code, message), status_code=status, headers=headers)


_E = {202: {"model": ReceiptModel, "description": "held for review at the platform (the receipt changes to "
                                                  "imported or rejected once a person has decided)"},
      401: {"model": ErrorBody, "description": "no token, unknown or revoked"},
      403: {"model": ErrorBody, "description": "the token's city is not the bundle's"},
      413: {"model": ErrorBody, "description": "larger than the upload limit"},
      422: {"model": RejectedBody, "description": "the bundle was refused (the receipt says why)"},
      503: {"model": ErrorBody, "description": "the national store is unavailable"}}
_BINARY = {"schema": {"type": "string", "format": "binary"}}


def _api(config: ReceiverConfig, pool: _StorePool) -> APIRouter:
    router = APIRouter(prefix="/api/v1")
    bearer = HTTPBearer(auto_error=False, description="a city's token from `national token add`")
    spool = Path(tempfile.gettempdir())
    slots = asyncio.Semaphore(max(1, config.import_slots))

    @router.post("/bundles", response_model=ReceiptModel, responses={k: _E[k] for k in (202, 401, 403, 413, 422, 503)},
                 summary="Upload a bundle (the ZIP as the raw body) and get its receipt",
                 openapi_extra={"requestBody": {"required": True, "content": {
                     "application/zip": _BINARY, "application/octet-stream": _BINARY}}})
    async def upload(request: Request,
                     credentials: HTTPAuthorizationCredentials | None = Security(bearer)) -> JSONResponse:
        client = request.client.host if request.client else "?"
        unauthorized = {"WWW-Authenticate": "Bearer"}
        if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
            await run_in_threadpool(pool.run, log_attempt, "unauthorized", "no bearer token", f"http:{client}")
            return _error(401, "unauthorized", tr("a city's bearer token is required to upload"), unauthorized)
        city = await run_in_threadpool(pool.run, city_of_token, credentials.credentials)
        if city is None:
            await run_in_threadpool(pool.run, log_attempt, "unauthorized", "unknown or revoked token", f"http:{client}")
            return _error(401, "unauthorized", tr("the token is unknown or revoked"), unauthorized)
        who = f"city:{city}@{client}"
        limit = config.max_upload_bytes
        too_big = tr("the upload is larger than the limit of {limit} bytes", limit=limit)
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await run_in_threadpool(pool.run, log_attempt, "too_large", too_big, who)
            return _error(413, "too_large", too_big)
        workdir = Path(tempfile.mkdtemp(prefix="rd-upload-", dir=spool))
        try:
            part = workdir / "upload.part"
            digest, size = hashlib.sha256(), 0
            with part.open("wb") as fh:
                async for chunk in request.stream():
                    size += len(chunk)
                    if size > limit:
                        break
                    digest.update(chunk)
                    fh.write(chunk)
            if size > limit:
                await run_in_threadpool(pool.run, log_attempt, "too_large", too_big, who)
                return _error(413, "too_large", too_big)
            if size == 0:
                await run_in_threadpool(pool.run, log_attempt, "rejected", "empty body", who)
                return _error(400, "empty", tr("the request body is empty: send the bundle's ZIP file"))
            sha = digest.hexdigest()
            path = part.rename(workdir / f"{sha}.zip")
            async with slots:
                answer = await run_in_threadpool(pool.run, process_upload, path, sha, city, who,
                                                 require_signatures=config.require_signatures,
                                                 limits=Limits(max_total_bytes=max(Limits().max_total_bytes, limit)))
            return JSONResponse(answer.body, status_code=answer.status)
        finally:
            await run_in_threadpool(shutil.rmtree, workdir, True)

    @router.get("/whoami", response_model=WhoAmI, responses={401: _E[401]},
                summary="The city a token belongs to (to test a city's sync settings)")
    def whoami(credentials: HTTPAuthorizationCredentials | None = Security(bearer)) -> Any:
        city = pool.run(city_of_token, credentials.credentials) if credentials is not None else None
        if city is None:
            return _error(401, "unauthorized", tr("the token is unknown or revoked"), {"WWW-Authenticate": "Bearer"})
        return {"city_id": city}

    @router.get("/receipts/{sha256}", response_model=ReceiptModel, responses={404: {"model": ErrorBody}},
                summary="The receipt of a bundle file, by the sha256 of the whole file")
    def receipt(sha256: str = PathParam(pattern="^[0-9a-fA-F]{64}$")) -> Any:
        found = pool.run(load_receipt, sha256)
        if found is None:
            return _error(404, "not_found", tr("no receipt for {sha256}", sha256=sha256.lower()))
        return found.to_json()

    @router.get("/cities", response_model=CityList, summary="Every city with its latest revision and overall score")
    def cities() -> Any:
        rows = pool.run(city_summary)
        return {"cities": [{"city_id": r["city_id"], "city": r["city"], "country": r["country"], "region": r["region"],
                            "assessment_id": r["assessment_id"], "revision": r["revision"], "scorecard": r["scorecard"],
                            "points": r["points"], "max": r["max"],
                            "percent": round(100 * r["points"] / r["max"], 1) if r["max"] else None} for r in rows]}

    @router.get("/summary", response_model=Summary, summary="The national summary: each city's latest scores")
    def summary() -> Any:
        return {"cities": pool.run(city_summary)}

    @router.get("/summary.csv", response_class=PlainTextResponse, summary="The national summary as CSV",
                responses={200: {"content": {"text/csv": {}}}})
    def summary_as_csv() -> PlainTextResponse:
        return PlainTextResponse(summary_csv(pool.run(city_summary)), media_type="text/csv; charset=utf-8")

    @router.get("/health", response_model=Health, responses={503: {"model": ErrorBody}}, summary="Is the store reachable")
    def health() -> Any:
        kind = pool.run(lambda s: (s.query("SELECT 1 AS ok"), s.kind)[1])
        return {"status": "ok", "store": kind, "server_time": now()}

    return router


def create_app(db_url: str, *, require_signatures: bool = False, max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES,
               pool_size: int = 4, import_slots: int = 1, extra_routers: Sequence[APIRouter] = ()) -> FastAPI:
    """The receiver for the national store at ``db_url``; ``extra_routers`` are included after the API."""
    config = ReceiverConfig(db_url, require_signatures, max_upload_bytes, pool_size, import_slots)
    pool = _StorePool(db_url, pool_size)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> Any:
        await run_in_threadpool(pool.run, lambda s: None)  # open (and create) the store before the first request
        await run_in_threadpool(warm_up)  # and what the first verification would do (~0.5 s), before listening
        yield
        pool.close()

    app = FastAPI(title="Resilience Desktop national receiver", version=__version__, lifespan=lifespan,
                  openapi_url="/api/v1/openapi.json", docs_url="/api/v1/docs", redoc_url=None,
                  description="Cities upload signed bundles of their Disaster Resilience Scorecard assessments; "
                              "the platform verifies, imports and answers with a receipt.")
    app.state.receiver_config = config
    app.include_router(_api(config, pool))
    for router in extra_routers:
        app.include_router(router)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {404: "not_found", 405: "method_not_allowed"}
        return _error(exc.status_code, codes.get(exc.status_code, "http_error"), str(exc.detail),
                      getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return _error(422, "invalid_request", f"{where}: {first.get('msg', 'invalid request')}")

    @app.exception_handler(NationalStoreError)
    async def store_down(request: Request, exc: NationalStoreError) -> JSONResponse:
        return _error(503, "store_unavailable", str(exc))

    return app


def app_from_environment() -> FastAPI:
    """The app for one uvicorn worker, configured by ``national serve`` through :data:`CONFIG_ENV`."""
    config = ReceiverConfig(**json.loads(os.environ[CONFIG_ENV]))
    routers = []
    if config.dashboard:
        from ..web.app import dashboard_router
        routers.append(dashboard_router(config.db_url, token=config.viewer_token))
    return create_app(config.db_url, require_signatures=config.require_signatures,
                      max_upload_bytes=config.max_upload_bytes, pool_size=config.pool_size,
                      import_slots=config.import_slots, extra_routers=routers)


def config_to_environment(config: ReceiverConfig) -> str:
    return json.dumps(asdict(config))
