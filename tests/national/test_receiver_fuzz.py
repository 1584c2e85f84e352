"""The receiver fuzzed against its own OpenAPI description (schemathesis, bounded, in-process ASGI):
no input gives a 5xx, and every 4xx has the JSON error body."""

from __future__ import annotations

import atexit
import shutil
import tempfile
import uuid

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from resilience_desktop.national import open_store
from resilience_desktop.national.access import add_token
from resilience_desktop.national.receiver import create_app

pytestmark = pytest.mark.slow


_TOKEN: list[str] = []


@pytest.fixture(scope="module")
def receiver_schema():
    """The app on a fresh store (removed at exit) with one real city token, and its OpenAPI schema.

    Built when the test runs, on the worker that runs it (schemathesis' lazy schema): at collection
    it cost every xdist worker ~2.8 s."""
    folder = tempfile.mkdtemp(prefix="rd-fuzz-")
    atexit.register(shutil.rmtree, folder, True)
    db = f"sqlite:///{folder}/national.db"
    with open_store(db) as store:
        token, _ = add_token(store, str(uuid.uuid4()))
    _TOKEN[:] = [token]
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", create_app(db, max_upload_bytes=2**20))


schemathesis.serializer.alias("application/zip", "application/octet-stream")  # a bundle is opaque bytes
schema = schemathesis.pytest.from_fixture("receiver_schema")


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_no_input_gives_a_server_error(case):
    for headers in (None, {"Authorization": f"Bearer {_TOKEN[0]}"}):
        response = case.call(headers=headers)
        case.validate_response(response, checks=[not_a_server_error])
        if 400 <= response.status_code < 500:
            body = response.json()
            assert set(body["error"]) == {"status", "code", "message"}, body
