"""The national view's queries give the same answers on PostgreSQL as on SQLite (RESILIENCE_TEST_PG)."""

from __future__ import annotations

import os
from datetime import datetime

import pytest

from resilience_desktop.national import open_store
from resilience_desktop.national.report import question_rows
from resilience_desktop.national.rollup import national_rollup
from resilience_desktop.national.views import city_trend, city_warnings, list_cities

from .country import AS_OF, build_country
from .test_postgres import pg_url  # noqa: F401  (a fresh database on the server)

pytestmark = [pytest.mark.postgres,
              pytest.mark.skipif(not os.environ.get("RESILIENCE_TEST_PG"), reason="RESILIENCE_TEST_PG is not set")]


def _without_ids(rows: list[dict]) -> list[dict]:
    # the demo part of each store is its own export (new ids, new export times); compare what the store computed
    drop = {"city_id", "assessment_id", "updated_at", "first_delivery", "months_since", "overdue", "exported_at"}
    # each demo signs with its own new city key: compare whether a revision is signed, not by which key
    return [{k: (v is not None if k == "signature" else v) for k, v in r.items() if k not in drop} for r in rows]


def test_same_numbers_on_both_backends(country, pg_url, registry, tmp_path):
    pg = build_country(tmp_path / "pg", registry, url=pg_url)
    as_of = datetime.fromisoformat(AS_OF)
    with open_store(country.url) as lite, open_store(pg.url) as post:
        assert post.kind == "postgresql"
        assert _without_ids(list_cities(lite, as_of=as_of)) == _without_ids(list_cities(post, as_of=as_of))
        a, b = national_rollup(lite), national_rollup(post)
        assert a["regions"] == b["regions"]
        assert {k: v for k, v in a["sendai_e2"].items() if k not in ("cities", "data_date")} == {
            k: v for k, v in b["sendai_e2"].items() if k not in ("cities", "data_date")}
        assert _without_ids(a["sendai_e2"]["cities"]) == _without_ids(b["sendai_e2"]["cities"])
        assert len(question_rows(lite)) == len(question_rows(post))
        gap = next(c for c in pg.cities if c.name == "Gap-City")
        assert [t["revision"] for t in city_trend(post, gap.city_id)] == [1, 3]
        assert len(city_warnings(post, gap.city_id)) == 1
