"""The national view's numbers: cities, roll-up and Sendai E-2 checked against hand counts."""

from __future__ import annotations

import json
from datetime import datetime
from statistics import median

from resilience_desktop.national import open_store
from resilience_desktop.national.rollup import national_rollup
from resilience_desktop.national.sendai import E2Rule, e2_csv, sendai_e2
from resilience_desktop.national.views import city_trend, city_warnings, filter_cities, list_cities
from resilience_desktop.workspace.facade import Workspace

from ..fixtures import cli_ok, cli_user_error
from .country import AS_OF, CITIES, score_of


def _expected_generated(country) -> dict[str, dict]:
    """Per generated city: its latest delivered base score and the percents counted by hand."""
    by_ess: dict[int, list[str]] = {}
    for q, e in country.questions.items():
        by_ess.setdefault(e, []).append(q)
    out = {}
    for c in CITIES:
        delivered = [(i, r) for i, r in enumerate(c.revisions, start=1) if i not in c.skip]
        rev, (when, base) = delivered[-1]
        if base is None:
            ess, overall = [None] * 10, None
        else:
            ess = [round(100 * sum(score_of(base, q) for q in by_ess[n]) / (3 * len(by_ess[n])), 1) for n in range(1, 11)]
            overall = round(100 * sum(score_of(base, q) for q in country.questions) / (3 * len(country.questions)), 1)
        out[c.name] = {"revision": rev, "updated_at": when, "essentials": ess, "overall": overall, "base": base,
                       "revisions": len(delivered)}
    return out


def _expected_demo(country, registry) -> dict[str, dict]:
    out = {}
    with Workspace.open(country.folder / "demo.rdw", read_only=True, registry=registry) as ws:
        for city in ws.list_cities():
            latest = max((a for a in ws.list_assessments() if a.city_id == city.id), key=lambda a: a.started_on or "")
            score = ws.score(latest.id)
            per = {e.essential: e for e in score.essentials}
            out[city.name] = {"assessment_id": latest.id, "overall": score.percent,
                              "essentials": [per[n].percent if n in per and per[n].answered else None
                                             for n in range(1, 11)],
                              "p11": ws.answers(latest.id)["P1.1"].score if "P1.1" in ws.answers(latest.id) else None}
    return out


def test_cities_table_matches_hand_counts(country, registry):
    with open_store(country.url) as store:
        rows = {r["name"]: r for r in list_cities(store, as_of=datetime.fromisoformat(AS_OF))}
    gen = _expected_generated(country)
    demo = _expected_demo(country, registry)
    assert set(rows) == set(gen) | set(demo)
    for name, want in gen.items():
        got = rows[name]
        assert (got["revision"], got["updated_at"], got["essentials"], got["overall_percent"]) == (
            want["revision"], want["updated_at"], want["essentials"], want["overall"]), name
        assert got["revisions"] == want["revisions"]
    for name, want in demo.items():
        assert rows[name]["assessment_id"] == want["assessment_id"]
        assert rows[name]["essentials"] == want["essentials"] and rows[name]["overall_percent"] == want["overall"]
    # the odd cases: no coordinates, every answer empty, a revision gap, an overdue city
    assert rows["Nowhere"]["lon"] is None and rows["Nowhere"]["region"] is None
    assert rows["Empty-Town"]["overall_percent"] is None and rows["Empty-Town"]["answered"] == 0
    assert rows["Empty-Town"]["answered_share"] == 0.0
    assert rows["Gap-City"]["warnings"] == 1 and rows["Бишкек-Тест"]["warnings"] == 0
    assert [n for n, r in rows.items() if r["overdue"]] == ["Naryn-Test"]
    assert rows["Naryn-Test"]["months_since"] > 12


def test_filters_and_overdue_months(country):
    with open_store(country.url) as store:
        rows = list_cities(store, as_of=datetime.fromisoformat(AS_OF), overdue_months=5)
    assert {r["name"] for r in filter_cities(rows, country="kz")} == {"Empty-Town", "Gap-City", "Turkistan-Test"}
    assert {r["name"] for r in filter_cities(rows, region="almaty REGION")} == {"Empty-Town", "Gap-City"}
    assert {r["name"] for r in filter_cities(rows, country="KZ", since="2026-08-01")} == {"Gap-City", "Turkistan-Test"}
    assert {r["name"] for r in filter_cities(rows, text="бишкек")} == {"Бишкек-Тест"}
    assert {r["name"] for r in rows if r["overdue"]} == {"Naryn-Test", "Kara-Suu", "Nowhere"}


def test_trend_and_warnings(country):
    bishkek = next(c for c in CITIES if c.name == "Бишкек-Тест")
    gap = next(c for c in CITIES if c.name == "Gap-City")
    with open_store(country.url) as store:
        trend = city_trend(store, bishkek.city_id)
        warnings = city_warnings(store, gap.city_id)
    assert [t["revision"] for t in trend] == [1, 2]
    hand = [round(100 * sum(score_of(base, q) for q in country.questions) / (3 * len(country.questions)), 1)
            for base in (1, 3)]
    assert [t["overall_percent"] for t in trend] == hand and hand[0] != hand[1]
    assert trend[1]["essentials"][0] == round(100 * sum(score_of(3, q) for q, e in country.questions.items() if e == 1)
                                              / (3 * sum(1 for e in country.questions.values() if e == 1)), 1)
    assert len(trend[1]["essentials"]) == 10
    assert len(warnings) == 1 and warnings[0]["revision"] == 3 and "2" in warnings[0]["message"]


def test_regional_rollup_against_independent_medians(country, registry):
    gen = _expected_generated(country)
    demo = _expected_demo(country, registry)
    percents = {**{k: v["essentials"] for k, v in gen.items()}, **{k: v["essentials"] for k, v in demo.items()}}
    with open_store(country.url) as store:
        data = national_rollup(store)
        rows = list_cities(store)
    groups: dict = {}
    for r in rows:
        groups.setdefault((r["country"], r["region"]), []).append(r["name"])
    got = {(g["country"], g["region"]): g for g in data["regions"]}
    assert set(got) == set(groups)
    for key, names in groups.items():
        assert got[key]["cities"] == len(names)
        for n in range(10):
            values = [percents[name][n] for name in names if percents[name][n] is not None]
            e = got[key]["essentials"][n]
            assert e["essential"] == n + 1
            assert (e["median"], e["min"], e["max"]) == ((round(median(values), 1), min(values), max(values))
                                                         if values else (None, None, None)), (key, n)
    almaty = got[("KZ", "Almaty region")]
    assert almaty["cities"] == 2 and almaty["essentials"][0]["cities"] == 1  # Empty-Town has no percents


def test_sendai_e2_against_hand_count(country, registry):
    gen = _expected_generated(country)
    demo = _expected_demo(country, registry)
    want_in = {n for n, v in gen.items() if v["base"] is not None and score_of(v["base"], "P1.1") >= 2}
    want_in |= {n for n, v in demo.items() if v["p11"] is not None and v["p11"] >= 2}
    with open_store(country.url) as store:
        e2 = sendai_e2(store)
        strict = sendai_e2(store, E2Rule.parse("preliminary:P1.1>=3"))
    assert e2["local_governments"] == len(gen) + len(demo)
    assert {c["name"] for c in e2["cities"] if c["in_line"]} == want_in
    assert e2["in_line"] == len(want_in) and e2["share"] == round(len(want_in) / e2["local_governments"], 4)
    reasons = {c["name"]: c["reason"] for c in e2["cities"]}
    assert reasons["Empty-Town"] == "not_answered" and reasons["Naryn-Test"] == "below"
    assert e2["rule"] == "preliminary:P1.1>=2, detailed:1.1>=4"
    assert strict["in_line"] == len({n for n, v in gen.items() if v["base"] == 3}
                                    | {n for n, v in demo.items() if v["p11"] == 3})
    lines = e2_csv(e2).splitlines()
    assert lines[1].startswith("Sendai E-2 / SDG 11.b.2,") and len(lines) == 4 + e2["local_governments"]


def test_cli_cities_and_rollup_json_contract(country):
    cities = json.loads(cli_ok("national", "cities", "--db", country.url, "--json"))
    assert {"city_id", "name", "country", "region", "revision", "updated_at", "overall_percent", "essentials",
            "overdue"} <= set(cities[0])
    assert all(len(c["essentials"]) == 10 for c in cities)
    data = json.loads(cli_ok("national", "rollup", "--db", country.url, "--json"))
    assert set(data["sendai_e2"]) >= {"rule", "local_governments", "in_line", "share", "cities"}
    assert isinstance(data["sendai_e2"]["share"], float)
    region = data["regions"][0]
    assert set(region) >= {"country", "region", "cities", "essentials"}
    assert set(region["essentials"][0]) >= {"essential", "median", "min", "max"}
    kz = json.loads(cli_ok("national", "cities", "--db", country.url, "--country", "KZ", "--json"))
    assert sorted(c["name"] for c in kz) == ["Empty-Town", "Gap-City", "Turkistan-Test"]
    text = cli_ok("national", "rollup", "--db", country.url)
    assert "Sendai E-2" in text and "KZ / Almaty region" in text
    assert "KZ / Turkistan region: cities: 1," in text and "1 cities" not in text
    # the types the contract names, not only the keys
    e2 = data["sendai_e2"]
    assert isinstance(e2["rule"], str) and isinstance(e2["local_governments"], int) and isinstance(e2["in_line"], int)
    assert isinstance(e2["cities"], list) and len(e2["cities"]) == e2["local_governments"] == len(cities)
    assert all(isinstance(g["cities"], int) and len(g["essentials"]) == 10 for g in data["regions"])
    for c in cities:
        assert isinstance(c["overdue"], bool) and isinstance(c["revision"], int) and isinstance(c["updated_at"], str)
        assert all(v is None or isinstance(v, float) for v in c["essentials"])
        assert c["overall_percent"] is None or isinstance(c["overall_percent"], float)
    empty = next(c for c in cities if c["name"] == "Empty-Town")
    assert empty["overall_percent"] is None and empty["essentials"] == [None] * 10  # nothing answered: null, never 0


def test_cli_rollup_text_in_russian_writes_the_share_as_the_language_does(country):
    text = cli_ok("--lang", "ru", "national", "rollup", "--db", country.url)
    assert text.splitlines()[0].replace("\u00a0", " ").count(",6 %)") == 1  # 5 of 9 = 55,6 %, not 55.6%


def test_cli_e2_files_and_bad_input(country, tmp_path):
    out = tmp_path / "e2.csv"
    cli_ok("national", "e2", "--db", country.url, "-o", str(out))
    assert out.read_text(encoding="utf-8-sig").startswith("indicator,rule,")
    xlsx = tmp_path / "e2.xlsx"
    cli_ok("national", "e2", "--db", country.url, "-o", str(xlsx))
    import openpyxl
    wb = openpyxl.load_workbook(xlsx)
    assert "E-2" in wb.sheetnames
    assert "bad E-2 rule" in cli_user_error("national", "rollup", "--db", country.url, "--e2-rule", "P1.1 at 2")
    assert "months" in cli_user_error("national", "cities", "--db", country.url, "--overdue-months", "-3")
    assert ".csv or .xlsx" in cli_user_error("national", "e2", "--db", country.url, "-o", str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()


def test_empty_store(tmp_path):
    url = str(tmp_path / "empty.db")
    with open_store(url) as store:
        assert list_cities(store) == []
        data = national_rollup(store)
    assert data == {"sendai_e2": {"rule": "preliminary:P1.1>=2, detailed:1.1>=4", "local_governments": 0,
                                  "in_line": 0, "share": 0.0, "data_date": None, "cities": []}, "regions": []}
    assert json.loads(cli_ok("national", "cities", "--db", url, "--json")) == []


def test_the_signature_of_each_citys_latest_revision(country):
    """The demo's bundles are signed with the workspace's city key, the generated ones are not."""
    import zipfile
    signed = {}
    for path in country.demo_bundles:
        with zipfile.ZipFile(path) as z:
            identity = json.loads(z.read("bundle.json"))
            signed[(identity["assessment_id"], identity["revision"])] = json.loads(z.read("signature.json"))["key_id"]
    with open_store(country.url) as store:
        rows = list_cities(store)
    generated = {c.name for c in CITIES}
    assert all(r["signature"] is None for r in rows if r["name"] in generated)
    demo = [r for r in rows if r["name"] not in generated]
    assert demo and all(r["signature"] == signed[(r["assessment_id"], r["revision"])] for r in demo)
    cities = json.loads(cli_ok("national", "cities", "--db", country.url, "--json"))
    assert {c["name"]: c["signature"] for c in cities} == {r["name"]: r["signature"] for r in rows}

