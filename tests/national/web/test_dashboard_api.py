"""The web dashboard's routes: the page, its own assets, the JSON it reads, languages, the viewer token."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from resilience_desktop.national.web import create_dashboard_app, dashboard_router
from resilience_desktop.national.web.app import STATIC_DIR

from ..country import CITIES


@pytest.fixture
def client(country):
    with TestClient(create_dashboard_app(country.url)) as c:
        yield c


def test_page_and_assets_are_served_by_the_app_without_any_cdn(client):
    page = client.get("/")
    assert page.status_code == 200 and 'lang="en"' in page.text
    for name in ("dashboard.js", "dashboard.css", "favicon.svg"):
        r = client.get(f"/static/{name}")
        assert r.status_code == 200 and r.content == (STATIC_DIR / name).read_bytes()
    for name in ("index.html", "dashboard.js", "dashboard.css"):
        text = (STATIC_DIR / name).read_text(encoding="utf-8")
        assert "http://" not in text.replace("http://www.w3.org/2000/svg", "") and "https://" not in text, name
    assert client.get("/static/../app.py").status_code == 404
    assert client.get("/static/app.py").status_code == 404


def test_language_from_query_or_browser(client):
    assert 'lang="ru"' in client.get("/", headers={"Accept-Language": "ru-RU,ru;q=0.9"}).text
    assert 'lang="en"' in client.get("/?lang=en", headers={"Accept-Language": "ru"}).text
    ru = client.get("/api/strings?lang=ru").json()
    assert ru["lang"] == "ru" and ru["labels"]["cities"] == "Города" and len(ru["essentials"]) == 10
    assert client.get("/api/strings").json()["labels"]["cities"] == "Cities"


def test_the_language_national_web_names_is_the_default(country):
    """A trial: `national web --lang ru` served the page in English to a browser (or curl) naming no
    language the app speaks."""
    with TestClient(create_dashboard_app(country.url, lang="ru")) as c:
        assert 'lang="ru"' in c.get("/").text and c.get("/api/strings").json()["labels"]["cities"] == "Города"
        assert 'lang="en"' in c.get("/", headers={"Accept-Language": "en-GB"}).text  # the browser's own choice wins


def test_json_matches_the_core(client, country):
    cities = client.get("/api/cities").json()
    assert len(cities) == len(CITIES) + 2
    rollup = client.get("/api/rollup").json()
    assert rollup["sendai_e2"]["local_governments"] == len(cities)
    outline = client.get("/api/outline").json()
    assert outline["without_coordinates"] == 1 and len(outline["outline"]) > 8
    lon0, lat0, lon1, lat1 = outline["bounds"]
    assert all(lon0 <= c["lon"] <= lon1 and lat0 <= c["lat"] <= lat1 for c in cities if c["lon"] is not None)
    gap = next(c for c in CITIES if c.name == "Gap-City")
    one = client.get(f"/api/city/{gap.city_id}").json()
    assert one["city"]["name"] == "Gap-City" and [t["revision"] for t in one["trend"]] == [1, 3]
    assert len(one["warnings"]) == 1
    assert client.get("/api/city/nope").status_code == 404


def test_nothing_writes(client, country):
    from resilience_desktop.national import open_store
    with open_store(country.url) as s:
        before = s.counts()
    for path in ("/", "/api/cities", "/api/rollup", "/api/outline"):
        assert client.get(path).status_code == 200
        assert client.post(path).status_code == 405
    with open_store(country.url) as s:
        assert s.counts() == before


def test_a_missing_store_is_an_error_and_never_made(tmp_path):
    missing = tmp_path / "national.db"
    with TestClient(create_dashboard_app(str(missing))) as c:
        answer = c.get("/api/cities")
    assert answer.status_code == 503 and "no national store" in answer.json()["detail"]
    assert not missing.exists()  # the read-only dashboard made no empty store


def test_viewer_token(country):
    with TestClient(create_dashboard_app(country.url, token="s3cret-viewer-token")) as c:
        assert c.get("/").status_code == 401 and c.get("/api/cities").status_code == 401
        assert c.get("/api/cities?token=wrong").status_code == 401
        assert c.get("/api/cities", headers={"Authorization": "Bearer s3cret-viewer-token"}).status_code == 200
        page = c.get("/?token=s3cret-viewer-token")
        assert page.status_code == 200 and "rd_viewer_token" in page.headers["set-cookie"]
        assert c.get("/api/cities").status_code == 200  # the cookie the page set


def test_router_mounts_in_another_app(country):
    app = FastAPI()
    app.include_router(dashboard_router(country.url))

    @app.get("/receiver")
    def receiver() -> dict:
        return {"ok": True}
    with TestClient(app) as c:
        assert c.get("/").status_code == 200 and c.get("/receiver").json() == {"ok": True}
        assert len(c.get("/api/cities").json()) == len(CITIES) + 2
