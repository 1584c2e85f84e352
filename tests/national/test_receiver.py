"""The national receiver in-process (ASGI): every refusal has its status, a JSON body and changes nothing."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient

from resilience_desktop.bundle import export_bundle
from resilience_desktop.bundle.keys import city_public_key
from resilience_desktop.bundle.signing import new_private_key
from resilience_desktop.national import open_store
from resilience_desktop.national.access import add_public_key, add_token, revoke_token
from resilience_desktop.national.receiver import create_app
from resilience_desktop.workspace.facade import Workspace

from ..bundle.helpers import read_members
from ..bundle.test_signing import _resign
from ..sync.helpers import city_assessments, copy_demo
from .test_postgres import pg_url  # noqa: F401  (fixture: a fresh database on RESILIENCE_TEST_PG)


@dataclass
class Bundles:
    city: str
    other_city: str
    public_key: bytes
    r1: Path
    r2: Path
    other: Path
    tampered: Path
    forged: Path


# One worker builds the module's fixture (two real bundles read back; ~2 s) instead of each worker.
pytestmark = pytest.mark.xdist_group("receiver")

@pytest.fixture(scope="module")
def bundles(tmp_path_factory, demo_template) -> Bundles:
    folder = tmp_path_factory.mktemp("receiver-bundles")
    with Workspace.open(copy_demo(demo_template, folder)) as ws:
        city, (aid, *_rest) = city_assessments(ws)
        other_city, (other_aid, *_x) = city_assessments(ws, "Sary-Tala")
        r1 = export_bundle(ws, aid, folder / "r1.zip").path
        r2 = export_bundle(ws, aid, folder / "r2.zip").path
        other = export_bundle(ws, other_aid, folder / "other.zip").path
        pub = city_public_key(ws, city)
    members = read_members(r2)
    doc = json.loads(members["data/assessment.json"])
    doc["title"] = "Altered after signing"
    members["data/assessment.json"] = (json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode()
    tampered = _resign(members, folder / "tampered.zip", signature=read_members(r2)["signature.json"])
    forged = _resign(read_members(r2), folder / "forged.zip", key=new_private_key())
    return Bundles(city, other_city, pub, r1, r2, other, tampered, forged)


@pytest.fixture
def platform(tmp_path, bundles):
    db = f"sqlite:///{tmp_path / 'national.db'}"
    with open_store(db) as store:
        token, _ = add_token(store, bundles.city, "Jasyl-Dala office")
        other_token, _ = add_token(store, bundles.other_city)
        revoked, info = add_token(store, bundles.city)
        revoke_token(store, info.token_id)
        add_public_key(store, bundles.city, bundles.public_key)
    app = create_app(db, max_upload_bytes=8 * 2**20)
    with TestClient(app) as client:
        yield client, db, {"city": token, "other": other_token, "revoked": revoked}


def _counts(db: str) -> tuple[dict, int]:
    with open_store(db) as store:
        return store.counts(), int(store.query("SELECT COUNT(*) AS n FROM import_log")[0]["n"])


def _post(client, path: Path | bytes, token: str | None = None, **kw):
    headers = {"Content-Type": "application/zip", **({"Authorization": f"Bearer {token}"} if token else {})}
    body = path if isinstance(path, bytes) else path.read_bytes()
    return client.post("/api/v1/bundles", content=body, headers=headers, **kw)


def _error_code(r) -> str:
    body = r.json()
    assert set(body["error"]) == {"status", "code", "message"} and body["error"]["status"] == r.status_code
    assert body["error"]["message"]
    return body["error"]["code"]


def test_upload_gives_a_receipt_and_a_replay_is_already_imported(platform, bundles):
    client, db, tokens = platform
    r = _post(client, bundles.r1, tokens["city"])
    assert r.status_code == 200, r.text
    receipt = r.json()
    assert (receipt["outcome"], receipt["revision"], receipt["city_id"]) == ("imported", 1, bundles.city)
    assert receipt["server_time"].endswith("+00:00") and len(receipt["sha256"]) == 64
    counts, log = _counts(db)
    again = _post(client, bundles.r1, tokens["city"])
    assert (again.status_code, again.json()["outcome"]) == (200, "already_imported")
    assert _counts(db) == (counts, log + 1)  # not a new record; the attempt is logged
    got = client.get(f"/api/v1/receipts/{receipt['sha256']}")
    assert (got.status_code, got.json()["outcome"]) == (200, "already_imported")


def test_an_older_revision_is_kept_in_the_history(platform, bundles):
    client, db, tokens = platform
    assert _post(client, bundles.r2, tokens["city"]).json()["outcome"] == "imported"
    older = _post(client, bundles.r1, tokens["city"]).json()
    assert older["outcome"] == "older_revision"
    cities = client.get("/api/v1/cities").json()["cities"]
    assert [(c["city_id"], c["revision"]) for c in cities] == [(bundles.city, 2)]


@pytest.mark.parametrize("who, status, code", [
    (None, 401, "unauthorized"), ("nonsense-token", 401, "unauthorized"), ("revoked", 401, "unauthorized"),
    ("other", 403, "forbidden")])
def test_refused_tokens_change_nothing(platform, bundles, who, status, code):
    client, db, tokens = platform
    counts, log = _counts(db)
    r = _post(client, bundles.r1, tokens.get(who, who))
    assert (r.status_code, _error_code(r)) == (status, code)
    if status == 401:
        assert r.headers["www-authenticate"] == "Bearer"
    assert _counts(db) == (counts, log + 1)
    outcome = "forbidden" if status == 403 else "unauthorized"
    with open_store(db) as store:
        assert store.query("SELECT outcome FROM import_log")[-1]["outcome"] == outcome


def test_a_token_delivers_only_its_own_citys_bundles(platform, bundles):
    client, db, tokens = platform
    r = _post(client, bundles.other, tokens["city"])
    assert (r.status_code, _error_code(r)) == (403, "forbidden")
    assert bundles.other_city in r.json()["error"]["message"]
    assert _post(client, bundles.other, tokens["other"]).json()["outcome"] == "imported"


def test_oversized_uploads_get_413_declared_or_streamed(platform, bundles):
    client, db, tokens = platform
    counts, log = _counts(db)
    big = b"PK" + b"\0" * (8 * 2**20 + 10)
    r = _post(client, big, tokens["city"])
    assert (r.status_code, _error_code(r)) == (413, "too_large")

    def chunks():  # no Content-Length: the size is counted while reading
        for _ in range(9):
            yield b"\0" * 2**20
    r = client.post("/api/v1/bundles", content=chunks(), headers={"Authorization": f"Bearer {tokens['city']}"})
    assert (r.status_code, _error_code(r)) == (413, "too_large")
    assert _counts(db) == (counts, log + 2)


@pytest.mark.parametrize("name, why", [("tampered", "altered after signing"), ("forged", "not registered")])
def test_tampered_and_forged_bundles_are_rejected_with_a_receipt(platform, bundles, name, why):
    client, db, tokens = platform
    counts, _log = _counts(db)
    r = _post(client, getattr(bundles, name), tokens["city"])
    assert (r.status_code, _error_code(r)) == (422, "rejected")
    assert r.json()["receipt"]["outcome"] == "rejected" and why in r.json()["receipt"]["reason"]
    assert _counts(db)[0] == counts


def test_garbage_and_empty_bodies_are_4xx_with_json(platform):
    client, db, tokens = platform
    r = _post(client, b"this is not a zip", tokens["city"])
    assert (r.status_code, _error_code(r), r.json()["receipt"]["outcome"]) == (422, "rejected", "rejected")
    r = _post(client, b"", tokens["city"])
    assert (r.status_code, _error_code(r)) == (400, "empty")


def test_read_endpoints_and_errors(platform, bundles):
    client, _db, tokens = platform
    _post(client, bundles.r1, tokens["city"])
    health = client.get("/api/v1/health").json()
    assert (health["status"], health["store"]) == ("ok", "sqlite")
    summary = client.get("/api/v1/summary").json()["cities"]
    assert summary[0]["city"] == "Jasyl-Dala" and summary[0]["essentials"]
    csv = client.get("/api/v1/summary.csv")
    assert csv.headers["content-type"].startswith("text/csv") and csv.text.splitlines()[0].startswith("city_id,city")
    assert _error_code(client.get(f"/api/v1/receipts/{'0' * 64}")) == "not_found"
    assert _error_code(client.get("/api/v1/receipts/xyz")) == "invalid_request"
    assert _error_code(client.get("/api/v1/nowhere")) == "not_found"
    assert _error_code(client.delete("/api/v1/bundles")) == "method_not_allowed"
    spec = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/bundles", "/api/v1/receipts/{sha256}", "/api/v1/cities", "/api/v1/summary",
            "/api/v1/summary.csv", "/api/v1/health"} <= set(spec["paths"])


def test_extra_routers_are_mounted_beside_the_api(tmp_path):
    extra = APIRouter()

    @extra.get("/dashboard-probe")
    def probe() -> dict:
        return {"ok": True}
    with TestClient(create_app(f"sqlite:///{tmp_path / 'n.db'}", extra_routers=[extra])) as client:
        assert client.get("/dashboard-probe").json() == {"ok": True}
        assert client.get("/api/v1/health").status_code == 200


@pytest.mark.postgres
@pytest.mark.skipif(not __import__("os").environ.get("RESILIENCE_TEST_PG"), reason="RESILIENCE_TEST_PG is not set")
def test_receiver_on_postgresql(bundles, pg_url):
    with open_store(pg_url) as store:
        token, _ = add_token(store, bundles.city)
        add_public_key(store, bundles.city, bundles.public_key)
    with TestClient(create_app(pg_url)) as client:
        assert client.get("/api/v1/health").json()["store"] == "postgresql"
        assert _post(client, bundles.r1, token).json()["outcome"] == "imported"
        counts, log = _counts(pg_url)
        assert _post(client, bundles.r1, token).json()["outcome"] == "already_imported"
        assert _post(client, bundles.other, token).status_code == 403
        assert _post(client, bundles.forged, token).status_code == 422
        assert _counts(pg_url) == (counts, log + 3)
        assert [c["revision"] for c in client.get("/api/v1/cities").json()["cities"]] == [1]


@pytest.mark.parametrize("slots", [1, 3])
def test_a_worker_imports_as_many_bundles_at_once_as_it_has_slots(tmp_path, monkeypatch, slots):
    """Uploads arriving together wait for a free import slot (spooled, holding no thread): sixteen
    imports at once per worker cost ~80 ms of CPU a bundle against ~55 ms one at a time."""
    import asyncio
    import threading
    import time

    import httpx

    from resilience_desktop.national.receiver import app as app_module
    from resilience_desktop.national.receiver.upload import Answer

    db = f"sqlite:///{tmp_path / 'national.db'}"
    with open_store(db) as store:
        token, _ = add_token(store, "7d3c59c2-5b0e-4f5e-9a55-3c1f0e0c2a11")
    running, most, lock = [0], [0], threading.Lock()

    def slow_import(store, path, sha, city, who, **kw):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.15)
        with lock:
            running[0] -= 1
        return Answer(200, {"sha256": sha})

    monkeypatch.setattr(app_module, "process_upload", slow_import)
    app = create_app(db, import_slots=slots)

    async def upload_six() -> list[int]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
            rs = await asyncio.gather(*(client.post("/api/v1/bundles", content=b"PK" + bytes([i]) * 100, headers={
                "Authorization": f"Bearer {token}", "Content-Type": "application/zip"}) for i in range(6)))
        return [r.status_code for r in rs]

    assert asyncio.run(upload_six()) == [200] * 6
    assert most[0] == slots


def test_a_held_upload_is_202_held_and_its_receipt_follows_the_reviewers_decision(tmp_path, bundles):
    """A trial: a held upload answered 422 with a receipt the city could not read ("held" was no outcome),
    which the city took for a refusal; and the reviewer's decision never reached the receipt."""
    from resilience_desktop.national.receipt import parse_receipt
    from resilience_desktop.national.review import list_pending, reject_pending
    from resilience_desktop.sync.transports import SyncJob, _from_receipt

    db = f"sqlite:///{tmp_path / 'national.db'}"
    with open_store(db) as store:  # no key registered: the chain's own key (r1's) speaks for it
        token, _ = add_token(store, bundles.city)
    with TestClient(create_app(db)) as client:
        assert _post(client, bundles.r1, token).status_code == 200
        r = _post(client, bundles.forged, token)  # signed by another key than revision 1: a person decides
        assert r.status_code == 202, r.text
        receipt = parse_receipt(r.json())
        assert receipt is not None and receipt.outcome == "held" and not receipt.delivered
        job = SyncJob("item", "national", str(bundles.forged), receipt.sha256, "a", 2, 1)
        waiting = _from_receipt(job, receipt)
        assert waiting.state == "sending" and waiting.reason.startswith("held for review at the national platform: ")
        assert "pending accept" not in waiting.reason
        with open_store(db) as store:
            [held] = list_pending(store)
            reject_pending(store, held["id"], who="reviewer", reason="not our key; call us")
        got = parse_receipt(client.get(f"/api/v1/receipts/{receipt.sha256}").json())
        assert got.outcome == "rejected" and got.reason.endswith("not our key; call us")
        assert _from_receipt(job, got).state == "rejected"
        openapi = client.get("/api/v1/openapi.json").json()
        assert "202" in openapi["paths"]["/api/v1/bundles"]["post"]["responses"]
