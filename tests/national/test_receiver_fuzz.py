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


def _receiver() -> tuple[object, str]:
    """The app on a fresh store (removed at exit) with one real city token, built at collection time."""
    folder = tempfile.mkdtemp(prefix="rd-fuzz-")
    atexit.register(shutil.rmtree, folder, True)
    db = f"sqlite:///{folder}/national.db"
    with open_store(db) as store:
        token, _ = add_token(store, str(uuid.uuid4()))
    return create_app(db, max_upload_bytes=2**20), token


APP, TOKEN = _receiver()
schemathesis.serializer.alias("application/zip", "application/octet-stream")  # a bundle is opaque bytes
schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", APP)


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_no_input_gives_a_server_error(case):
    for headers in (None, {"Authorization": f"Bearer {TOKEN}"}):
        response = case.call(headers=headers)
        case.validate_response(response, checks=[not_a_server_error])
        if 400 <= response.status_code < 500:
            body = response.json()
            assert set(body["error"]) == {"status", "code", "message"}, body
