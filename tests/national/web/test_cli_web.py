"""``national web``: starts, serves the page on loopback without a token, asks for one elsewhere."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from ...fixtures import cli_user_error


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(*args: str) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, "-m", "resilience_desktop", "national", "web", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ.copy())
    first = proc.stdout.readline()
    return proc, first


def _get(url: str) -> tuple[int, str]:
    deadline = time.monotonic() + 20
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                return r.status, r.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, ""
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


@pytest.mark.slow
def test_loopback_needs_no_token(country):
    port = _free_port()
    proc, first = _serve("--db", country.url, "--port", str(port))
    try:
        assert f"http://127.0.0.1:{port}/" in first and "token" not in first
        status, body = _get(f"http://127.0.0.1:{port}/")
        assert status == 200 and "dashboard.js" in body
        status, body = _get(f"http://127.0.0.1:{port}/api/cities")
        assert status == 200 and "Turkistan-Test" in body
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.mark.slow
def test_all_interfaces_get_a_generated_viewer_token(country):
    port = _free_port()
    proc, first = _serve("--db", country.url, "--host", "0.0.0.0", "--port", str(port), "--json")
    try:
        import json
        info = json.loads(first)
        token = info["token"]
        assert info["url"].endswith(f"?token={token}") and info["port"] == port
        assert len(token) >= 20
        assert _get(f"http://127.0.0.1:{port}/api/cities")[0] == 401
        assert _get(f"http://127.0.0.1:{port}/api/cities?token={token}")[0] == 200
    finally:
        proc.terminate()
        proc.wait(10)


def test_missing_store_and_short_token_are_refused(country, tmp_path):
    assert "no national store" in cli_user_error("national", "web", "--db", str(tmp_path / "none.db"))
    assert not (tmp_path / "none.db").exists()
    assert "no national store" in cli_user_error("national", "cities", "--db", str(tmp_path / "none.db"))
    assert "12 characters" in cli_user_error("national", "web", "--db", country.url, "--token", "short")
