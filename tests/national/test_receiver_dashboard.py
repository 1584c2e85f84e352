"""``national serve`` serves the read-only web dashboard at ``/`` beside the API (issues 12 and 13)."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from resilience_desktop.national import open_store
from resilience_desktop.national.receiver.app import CONFIG_ENV, ReceiverConfig, app_from_environment, config_to_environment


def _client(monkeypatch, config: ReceiverConfig) -> TestClient:
    monkeypatch.setenv(CONFIG_ENV, config_to_environment(config))
    return TestClient(app_from_environment())


def test_the_receiver_serves_the_dashboard_and_the_api(tmp_path, monkeypatch):
    db = f"sqlite:///{tmp_path / 'n.db'}"
    open_store(db).close()
    with _client(monkeypatch, ReceiverConfig(db)) as client:
        page = client.get("/")
        assert page.status_code == 200 and "text/html" in page.headers["content-type"]
        assert client.get("/api/v1/health").status_code == 200


def test_the_dashboard_asks_for_its_viewer_token_and_can_be_left_out(tmp_path, monkeypatch):
    db = f"sqlite:///{tmp_path / 'n.db'}"
    open_store(db).close()
    with _client(monkeypatch, ReceiverConfig(db, viewer_token="s3cret")) as client:
        assert client.get("/").status_code == 401
        assert client.get("/?token=s3cret").status_code == 200
        assert client.get("/api/v1/health").status_code == 200  # the API has its own (bearer) rules
    with _client(monkeypatch, ReceiverConfig(db, dashboard=False)) as client:
        assert client.get("/").status_code == 404
    assert json.loads(config_to_environment(ReceiverConfig(db)))["dashboard"] is True
