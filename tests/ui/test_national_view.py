"""The national view: the country store on the map and in the tables, filters, drill-down, headless screenshot."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from resilience_desktop.ui.national import national_actions
from resilience_desktop.ui.national.rows_model import ROW_ROLE

from ..national.country import CITIES
from ..national.test_postgres import pg_url  # noqa: F401  (a fresh PostgreSQL database: the fixture)
from .helpers import LEFT
from .test_app import _run_gui

pytestmark = pytest.mark.ui


def _rows(view, proxy) -> list[dict]:
    return [proxy.data(proxy.index(r, 0), ROW_ROLE) for r in range(proxy.rowCount())]


def _cell(view, name: str, header: str) -> str:
    proxy = view.proxy
    col = next(i for i in range(proxy.columnCount()) if proxy.headerData(i, Qt.Orientation.Horizontal) == header)
    row = next(r for r in range(proxy.rowCount()) if proxy.data(proxy.index(r, 0)) == name)
    return proxy.data(proxy.index(row, col))


def test_open_store_shows_every_city_and_the_odd_ones_sensibly(main_window, country):
    assert national_actions.open_national(main_window, country.url, wait=True)
    view = main_window.national_view
    assert main_window.current_view() == "national"
    names = [r["name"] for r in _rows(view, view.proxy)]
    assert len(names) == len(CITIES) + 2 and names == sorted(names, key=str.casefold)
    assert _cell(view, "Empty-Town", "Overall") == "—" and "no answers" in _cell(view, "Empty-Town", "Status")
    assert "no coordinates" in _cell(view, "Nowhere", "Status")
    assert "overdue" in _cell(view, "Naryn-Test", "Status")
    assert "import warnings" in _cell(view, "Gap-City", "Status")
    assert len(view.map.cities) == len(names) - 1 and view.map.missing == 1  # Nowhere is not on the map
    assert "Sendai E-2" in view.headline.text()
    assert main_window.settings.value(national_actions.RECENT_KEY) in ([country.url], country.url)


def test_recorded_losses_beside_the_scores(main_window, country):
    from resilience_desktop.national import open_store
    from resilience_desktop.national.views import list_cities
    national_actions.open_national(main_window, country.url, wait=True)
    view = main_window.national_view
    with open_store(country.url) as store:
        rows = {r["name"]: r for r in list_cities(store)}
    demo = next(name for name, r in rows.items() if r["losses"] and name not in {c.name for c in CITIES})
    totals = rows[demo]["losses"]["totals"]
    assert totals["deaths"] > 0  # the demo city's thirty years of DesInventar records
    assert _cell(view, demo, "Deaths") == f"{totals['deaths']:,}"
    assert _cell(view, demo, "Loss events") == f"{rows[demo]['losses']['records']:,}"
    assert _cell(view, demo, "Loss (USD)") == f"{round(totals['loss_usd']):,}"
    headers = [view.proxy.headerData(i, Qt.Orientation.Horizontal) for i in range(view.proxy.columnCount())]
    assert headers.index("E10") < headers.index("Loss events")  # beside the scores


def test_sorting_filters_and_selection(main_window, country):
    national_actions.open_national(main_window, country.url, wait=True)
    view = main_window.national_view
    col = next(i for i in range(view.proxy.columnCount())
               if view.proxy.headerData(i, Qt.Orientation.Horizontal) == "Overall")
    view.cities_table.sortByColumn(col, Qt.SortOrder.DescendingOrder)
    scores = [r["overall_percent"] for r in _rows(view, view.proxy)]
    assert scores[-1] is None and scores[:-1] == sorted(scores[:-1], reverse=True)  # no score sorts last
    view.country.setCurrentIndex(view.country.findData("KZ"))
    assert {r["name"] for r in _rows(view, view.proxy)} == {"Empty-Town", "Gap-City", "Turkistan-Test"}
    assert {c["name"] for c in view.map.cities} == {"Empty-Town", "Gap-City", "Turkistan-Test"}
    view.search.setText("gap")
    assert [r["name"] for r in _rows(view, view.proxy)] == ["Gap-City"]
    view.search.clear()
    view.country.setCurrentIndex(0)
    bishkek = next(c for c in CITIES if c.name == "Бишкек-Тест")
    view.select_city(bishkek.city_id)
    assert len(view.trend.overall_values()) == 2 and view.revision_combo.count() == 2
    assert "Бишкек-Тест" in view.city_label.text()


def test_map_click_selects_the_city(main_window, country, qtbot):
    national_actions.open_national(main_window, country.url, wait=True)
    view = main_window.national_view
    target = next(c for c in view.map.cities if c["name"] == "Turkistan-Test")
    i = view.map.cities.index(target)
    x, y = view.map.view().to_pixels(view.map.xy[i:i + 1])[0]
    qtbot.mouseClick(view.map, LEFT, pos=QPoint(int(x), int(y)))
    assert view.city_id == target["city_id"] and "Turkistan-Test" in view.city_label.text()


def test_drill_down_opens_the_revision_read_only_with_a_comparison(main_window, country, qtbot):
    national_actions.open_national(main_window, country.url, wait=True)
    view = main_window.national_view
    bishkek = next(c for c in CITIES if c.name == "Бишкек-Тест")
    view.select_city(bishkek.city_id)
    view.compare_combo.setCurrentIndex(view.compare_combo.findData(f"{bishkek.assessment_id}#1"))
    qtbot.mouseClick(view.open_button, LEFT)
    drill = main_window._national_windows[-1]  # deletes itself on close (not given to qtbot)
    folder = drill.model.ws.path.parent
    try:
        assert drill.model.ws.read_only and drill.current_view() == "dashboard"
        assert "revision 2" in drill.windowTitle()
        assessments = drill.model.ws.list_assessments()
        assert len(assessments) == 2 and drill.dashboard_view.other is not None
        assert drill.settings.fileName() != main_window.settings.fileName()
    finally:
        drill.close()
    QApplication.processEvents()
    qtbot.waitUntil(lambda: not folder.exists(), timeout=5000)


def test_a_missing_file_is_refused_and_nothing_is_created(main_window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(national_actions, "show_error", lambda parent, exc, title=None: shown.append(str(exc)))
    assert not national_actions.open_national(main_window, str(tmp_path / "none.db"))
    assert shown and "no national store" in shown[0] and not (tmp_path / "none.db").exists()
    assert main_window.national_view.store is None


def test_screenshot_of_the_national_view(tmp_path, country):
    """The entry point (``--national URL --view national --screenshot``) in a child process, once."""
    out = tmp_path / "national-en.png"
    result = _run_gui(tmp_path, "--national", country.url, "--view", "national", "--lang", "en",
                      "--screenshot", str(out), "--size", "1600x1000")
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1600, 1000)
    assert len({image.pixel(x, y) for x in range(0, 1600, 37) for y in range(0, 1000, 23)}) > 20


def test_the_national_view_renders_in_russian(main_window, country, qtbot):
    """The same view in Russian, in this process (the child above is the entry point's test)."""
    main_window.set_ui_language("ru")
    main_window.resize(1600, 1000)
    national_actions.open_national(main_window, country.url, wait=True)
    qtbot.waitUntil(lambda: main_window.current_view() == "national")
    image = main_window.grab().toImage()
    assert len({image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 23)}) > 20
    view = main_window.national_view
    headers = [view.proxy.headerData(i, Qt.Orientation.Horizontal) for i in range(view.proxy.columnCount())]
    assert "Город" in headers, headers


@pytest.mark.parametrize("kind", ["pdf", "xlsx", "e2-csv", "e2-xlsx"])
def test_exports_from_the_view(main_window, country, tmp_path, monkeypatch, kind):
    from resilience_desktop.ui.exchange import file_actions
    national_actions.open_national(main_window, country.url, wait=True)
    suffix = {"pdf": ".pdf", "xlsx": ".xlsx", "e2-csv": ".csv", "e2-xlsx": ".xlsx"}[kind]
    target = tmp_path / f"out{suffix}"
    monkeypatch.setattr(file_actions, "ask_save_path", lambda *a, **k: target)
    assert national_actions.export(main_window, kind) == target
    data = target.read_bytes()
    assert data[:4] == {".pdf": b"%PDF", ".xlsx": b"PK\x03\x04", ".csv": b"\xef\xbb\xbfi"}[suffix]


def test_basemap_under_the_cities_is_remembered(main_window, country, tmp_path):
    from ..gis.samples import mbtiles
    national_actions.open_national(main_window, country.url, wait=True)
    view = main_window.national_view
    before = view.map.grab().toImage()
    path = mbtiles(tmp_path, (40, 160, 60), zoom=7, lonlat=(66.0, 39.0, 79.0, 45.0))
    assert national_actions.set_basemap(main_window, str(path))
    after = view.map.grab().toImage()
    green = sum(1 for x in range(0, after.width(), 9) for y in range(0, after.height(), 9)
                if after.pixelColor(x, y).green() > 140 and after.pixelColor(x, y).red() < 80)
    assert green > 50 and before != after
    assert main_window.settings.value(national_actions.BASEMAP_KEY) == str(path)
    bad = tmp_path / "bad.mbtiles"
    bad.write_text("not tiles")
    shown = []
    import resilience_desktop.ui.national.national_actions as na
    original = na.show_error
    na.show_error = lambda parent, exc, title=None: shown.append(str(exc))
    try:
        assert not national_actions.set_basemap(main_window, str(bad))
    finally:
        na.show_error = original
    assert shown and view.map.picture.basemap is not None  # the good one stays


def test_a_pmtiles_basemap_under_the_cities(main_window, country, tmp_path):
    """The national map takes the same tile files as the city map: PMTiles as well as MBTiles."""
    from ..gis.samples import pmtiles
    national_actions.open_national(main_window, country.url, wait=True)
    view = main_window.national_view
    path = pmtiles(tmp_path, (200, 60, 160), zoom=7, lonlat=(66.0, 39.0, 79.0, 45.0))
    assert national_actions.set_basemap(main_window, str(path))
    after = view.map.grab().toImage()
    purple = sum(1 for x in range(0, after.width(), 9) for y in range(0, after.height(), 9)
                 if after.pixelColor(x, y).red() > 170 and after.pixelColor(x, y).green() < 90)
    assert purple > 50


BASEMAP_LAND = "#f6f3ec"  # gis/basemap.py: the countries' fill


def test_the_built_in_basemap_can_be_switched_off_and_stays_off(main_window, country):
    """Natural Earth under the cities by default; the Basemap menu turns it off (remembered) and on."""
    national_actions.open_national(main_window, country.url, wait=True)
    view = main_window.national_view

    def land() -> int:  # Natural Earth's land colour, sampled over the map
        image = view.map.grab().toImage()
        return sum(1 for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
                   if image.pixelColor(x, y).name() == BASEMAP_LAND)
    assert view.builtin_basemap_action.isChecked() and land() > 50
    view.builtin_basemap_action.trigger()
    assert land() == 0
    assert main_window.settings.value(national_actions.BUILTIN_BASEMAP_KEY) == "false"
    view.builtin_basemap_action.trigger()
    assert land() > 50


def test_the_store_is_read_in_the_background_and_reread_when_the_overdue_months_change(main_window, country, qtbot):
    view = main_window.national_view
    with qtbot.waitSignal(view.sig_loaded, timeout=30_000):
        assert national_actions.open_national(main_window, country.url)
        assert view.headline.text() == "Loading…" and view.proxy.rowCount() == 0  # the window is not blocked
    assert view.proxy.rowCount() == len(CITIES) + 2
    overdue = lambda: {c["name"] for c in view.data["cities"] if c["overdue"]}  # noqa: E731
    assert "Naryn-Test" in overdue()
    with qtbot.waitSignal(view.sig_loaded, timeout=30_000):
        view.overdue.setValue(120)
    assert overdue() == set() and view.data["overdue_months"] == 120


def test_one_import_warning_is_not_written_as_a_plural(main_window, country):
    national_actions.open_national(main_window, country.url, wait=True)
    view = main_window.national_view
    gap = next(c for c in CITIES if c.name == "Gap-City")
    view.select_city(gap.city_id)
    assert "import warnings: 1" in _cell(view, "Gap-City", "Status")
    assert "import warnings: 1" in view.warnings_label.text() and "1 import warnings" not in view.warnings_label.text()

def test_every_table_starts_in_ascending_order(main_window, country):
    national_actions.open_national(main_window, country.url, wait=True)
    view = main_window.national_view
    for table in (view.cities_table, view.status_table, view.e2_table):
        model = table.model()
        names = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
        assert names == sorted(names, key=str.casefold), table.objectName()
        assert table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    regions = view.regions_table.model()
    countries = [regions.data(regions.index(r, 0)) for r in range(regions.rowCount())]
    assert countries == sorted(countries)

def test_a_city_at_the_map_edge_is_labelled_on_its_other_side(qapp):
    from resilience_desktop.ui.national.map_picture import NationalMapPicture
    picture = NationalMapPicture()
    picture.set_cities([{"city_id": "a", "name": "West-Town", "lon": 70.0, "lat": 42.0, "overall_percent": 50.0},
                        {"city_id": "b", "name": "East-Town", "lon": 78.0, "lat": 42.0, "overall_percent": 50.0}])
    picture.selected = "b"
    picture.to_image(400, 300)
    assert [t for t, _box in picture.labels] == ["East-Town 50%", "West-Town 50%"]
    east = picture.labels[0][1]
    assert 0 <= east.left() and east.right() <= 400


def test_the_signature_column_tells_signed_from_unsigned(main_window, country):
    national_actions.open_national(main_window, country.url, wait=True)
    model = main_window.national_view.status_proxy
    col = next(i for i in range(model.columnCount()) if model.headerData(i, Qt.Orientation.Horizontal) == "Signature")
    shown = {model.data(model.index(r, 0)): model.data(model.index(r, col)) for r in range(model.rowCount())}
    assert shown["Gap-City"] == "not signed"  # generated bundles carry no signature
    assert shown["Jasyl-Dala"].startswith("signed, key ")  # the demo's bundles are signed by its city key


def test_open_national_store_offers_recent_stores_and_a_file_browser(main_window, country, monkeypatch, qtbot):
    from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog

    from resilience_desktop.ui.national.open_store_dialog import OpenStoreDialog
    main_window.settings.setValue(national_actions.RECENT_KEY, ["postgresql://ministry@db/national"])
    seen = {}

    def user(dialog):  # what a user does in the dialog: sees the recent store, browses to the file, OK
        seen["recent"] = dialog.address()
        dialog.combo.setEditText("")
        seen["ok_when_empty"] = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
        qtbot.mouseClick(dialog.browse_button, LEFT)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(OpenStoreDialog, "exec", user)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (country.url, "SQLite")))
    assert national_actions.choose_national(main_window)
    main_window.national_view.wait_loaded()
    assert seen == {"recent": "postgresql://ministry@db/national", "ok_when_empty": False}
    assert main_window.national_view.store is not None and main_window.national_view.store.url == country.url
    assert national_actions._recent(main_window)[0] == country.url


@pytest.mark.postgres
@pytest.mark.skipif(not os.environ.get("RESILIENCE_TEST_PG"), reason="RESILIENCE_TEST_PG is not set")
def test_a_postgresql_database_without_a_store_is_refused_and_left_untouched(main_window, pg_url, monkeypatch):
    import psycopg
    shown = []
    monkeypatch.setattr(national_actions, "show_error", lambda parent, exc, title=None: shown.append(str(exc)))
    assert not national_actions.open_national(main_window, pg_url)  # e.g. a mistyped database name
    assert shown and "no national store" in shown[0] and main_window.national_view.store is None
    with psycopg.connect(pg_url) as conn:
        tables = conn.execute("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()")
        assert tables.fetchone()[0] == 0  # the read-only view created nothing there


def test_the_map_legend_writes_percents_as_the_language_does(qapp):
    from resilience_desktop.i18n.catalog import set_language
    from resilience_desktop.ui.national.map_picture import NationalMapPicture
    set_language("ru")  # the ui conftest sets English back after the test
    picture = NationalMapPicture()
    picture.set_cities([{"city_id": "a", "name": "Ош", "lon": 72.8, "lat": 40.5, "overall_percent": 50.0}])
    picture.to_image(400, 300)
    assert [line.replace("\u00a0", " ") for line in picture.legend[1:5]] == ["0–33 %", "33–67 %", "67–99 %", "100 %"]


def test_an_empty_store_says_so_instead_of_showing_a_map_of_nowhere(main_window, tmp_path):
    from resilience_desktop.national import open_store
    open_store(tmp_path / "empty.db").close()
    assert national_actions.open_national(main_window, str(tmp_path / "empty.db"), wait=True)
    view = main_window.national_view
    assert "holds no city yet" in view.headline.text() and "0 of 0" not in view.headline.text()
    image = view.map.picture.to_image(500, 400)
    background = image.pixelColor(250, 50)
    assert (background.red(), background.green(), background.blue()) == (0xee, 0xf3, 0xf7)  # no basemap of 0°, 0°
    assert view.trend.getPlotItem().getAxis("bottom")._tickLevels == [[]]


def test_a_city_name_tells_its_status_on_hover(main_window, country):
    national_actions.open_national(main_window, country.url, wait=True)
    proxy = main_window.national_view.proxy
    tips = {proxy.data(proxy.index(r, 0)): proxy.data(proxy.index(r, 0), Qt.ItemDataRole.ToolTipRole)
            for r in range(proxy.rowCount())}
    assert tips["Naryn-Test"] == "overdue" and tips["Empty-Town"] == "no answers"


def test_the_e2_rule_is_set_in_the_view_remembered_and_used_by_its_exports(main_window, country, tmp_path,
                                                                           monkeypatch, qtbot):
    from resilience_desktop.national import open_store
    from resilience_desktop.national.sendai import E2Rule, sendai_e2
    from resilience_desktop.ui.exchange import file_actions
    national_actions.open_national(main_window, country.url, wait=True)
    view = main_window.national_view
    before = view.data["e2"]["in_line"]
    view.rule_edit.setText("P1.1 at 2")
    qtbot.mouseClick(view.rule_button, LEFT)
    assert not view.rule_error.isHidden() and "bad E-2 rule" in view.rule_error.text()
    assert view.data["e2"]["in_line"] == before  # a rule that does not parse changes nothing
    view.rule_edit.setText("preliminary:P1.1>=3")
    with qtbot.waitSignal(view.sig_loaded, timeout=30_000):
        qtbot.mouseClick(view.rule_button, LEFT)
    with open_store(country.url) as store:
        expected = sendai_e2(store, E2Rule.parse("preliminary:P1.1>=3"))["in_line"]
    assert view.rule_error.isHidden() and view.data["e2"]["in_line"] == expected != before
    assert f"{expected} of " in view.headline.text() and "preliminary:P1.1>=3" in view.e2_label.text()
    assert main_window.settings.value(national_actions.RULE_KEY) == "preliminary:P1.1>=3"
    target = tmp_path / "e2.csv"
    monkeypatch.setattr(file_actions, "ask_save_path", lambda *a, **k: target)
    assert national_actions.export(main_window, "e2-csv") == target
    assert "preliminary:P1.1>=3" in target.read_text(encoding="utf-8-sig")


def test_the_scorecard_is_named_in_the_interface_language(main_window, country):
    from resilience_desktop.i18n.catalog import set_language
    set_language("ru")  # the ui conftest sets English back after the test
    national_actions.open_national(main_window, country.url, wait=True)
    view = main_window.national_view
    view.select_city(next(c for c in CITIES if c.name == "Бишкек-Тест").city_id)
    revisions = [view.revision_combo.itemText(i) for i in range(view.revision_combo.count())]
    assert revisions and all("предварительный уровень" in t and "preliminary" not in t for t in revisions), revisions
    filters = [view.scorecard.itemText(i) for i in range(view.scorecard.count())]
    assert "предварительный уровень" in filters and "preliminary" not in filters, filters
    assert view.scorecard.itemData(filters.index("предварительный уровень")) == "preliminary"


def test_without_a_store_the_banner_says_so_instead_of_being_an_empty_bar(main_window):
    main_window.show_view("national")
    assert main_window.national_view.store is None
    assert main_window.national_view.headline.text() == "No national store is open."


def test_a_citys_assessments_sent_the_same_day_trend_in_the_order_they_were_started(tmp_path, demo_template, registry,
                                                                                     main_window):
    """The demo city's 2026 assessment exported before its 2024 baseline: the trend still runs
    2024 → 2026, and its labels tell the two first revisions apart (both were 'r1 · <today>')."""
    import shutil

    from resilience_desktop.bundle import export_bundle
    from resilience_desktop.national import import_bundle, open_store
    from resilience_desktop.national.views import city_trend
    from resilience_desktop.ui.national.trend_widget import trend_labels
    from resilience_desktop.workspace.facade import Workspace

    demo = Path(shutil.copyfile(demo_template, tmp_path / "demo.rdw"))
    with Workspace.open(demo, registry=registry) as ws:
        mine = [a for a in ws.list_assessments() if a.city == ws.list_assessments()[0].city]
        newest_first = sorted(mine, key=lambda a: a.started_on or "", reverse=True)
        assert len(newest_first) >= 2 and newest_first[0].started_on > newest_first[-1].started_on
        city_id = ws.get_assessment(newest_first[0].id).city_id
        bundles = [export_bundle(ws, a.id, tmp_path / f"{n}.zip").path for n, a in enumerate(newest_first)]
    with open_store(tmp_path / "n.db") as store:
        for b in bundles:
            assert import_bundle(store, b, registry=registry).outcome == "imported"
        trend = city_trend(store, city_id)
    started = [t["started_on"] for t in trend]
    assert started == sorted(started) and started[0] == newest_first[-1].started_on
    labels = [text for _i, text in trend_labels(trend)]
    assert len(set(labels)) == len(labels) and labels[0].startswith(newest_first[-1].started_on[:7])
    national_actions.open_national(main_window, str(tmp_path / "n.db"), wait=True)
    view = main_window.national_view
    view.select_city(city_id)
    for combo in (view.revision_combo, view.compare_combo):
        texts = [combo.itemText(i) for i in range(combo.count())]
        assert len(set(texts)) == len(texts)  # each revision says which assessment
        assert any(newest_first[-1].title in t for t in texts)


def test_conflicts_and_warnings_are_said_apart_as_the_json_has_them(main_window, country):
    """A trial: the panel said "import warnings: 2" for 1 warning and 1 conflict (the JSON: 1 and 1)."""
    national_actions.open_national(main_window, country.url, wait=True)
    view = main_window.national_view
    gap = next(c for c in CITIES if c.name == "Gap-City")
    city = next(c for c in view.data["cities"] if c["city_id"] == gap.city_id)
    city.update(warnings=1, conflicts=1)  # a conflict is a refused revision: none in the fixture's store
    view.select_city(gap.city_id)
    assert "conflicts: 1" in view.warnings_label.text() and "import warnings: 1" in view.warnings_label.text()


def test_each_import_warning_is_said_with_its_file_revision_and_reason(main_window, country):
    """A trial: the panel said «conflicts: 1» and left the analyst to find out which revision and why."""
    national_actions.open_national(main_window, country.url, wait=True)
    view = main_window.national_view
    gap = next(c for c in CITIES if c.name == "Gap-City")
    view.select_city(gap.city_id)
    text = view.warnings_label.text()
    assert "import warnings: 1" in text
    assert "Gap-City-3.zip · revision 3 · imported: revision gap: revision 2 not received yet" in text, text
    assert "revision gap" in view.warnings_label.toolTip()
    bishkek = next(c for c in CITIES if c.name == "Бишкек-Тест")
    view.select_city(bishkek.city_id)  # no warning: nothing said, nothing left from the city before
    assert view.warnings_label.text() == "" and view.warnings_label.toolTip() == ""


def test_the_trend_legend_is_beside_the_plot_and_another_assessment_is_a_dotted_step(main_window, country, qtbot):
    """A trial: the legend sat over the lines near 100 %, and the demo city's 2024 baseline ran into its
    2026 assessment as if it were one more revision of it."""
    from PySide6.QtCore import Qt as QtCore_Qt

    national_actions.open_national(main_window, country.url, wait=True)
    view = main_window.national_view
    demo_city = next(c for c in view.data["cities"] if c["assessments"] == 2)
    view.select_city(demo_city["city_id"])
    trend = view.trend
    plot = trend.getPlotItem()
    qtbot.waitUntil(lambda: trend.legend.pos().x() > 0)  # laid out
    box = plot.vb.sceneBoundingRect()
    assert len(trend.legend.items) == 11  # E1 … E10 and Overall, once each
    assert trend.legend.sceneBoundingRect().left() >= box.right() - 1  # beside the data, never over it
    def dotted():
        return [i for i in plot.listDataItems() if i.opts["pen"].style() == QtCore_Qt.PenStyle.DotLine
                and i.getData()[0] is not None and len(i.getData()[0])]
    assert len(dotted()) == 11  # one step from the baseline to the next assessment for each line
    assert all(list(i.getData()[0]) == [0, 1] for i in dotted())
    assert "dotted: the next assessment" in plot.titleLabel.text
    view.select_city(next(c for c in CITIES if c.name == "Gap-City").city_id)  # one assessment: solid lines only
    assert not dotted()
    assert len(trend.legend.items) == 11 and "dotted" not in plot.titleLabel.text
    assert len(trend.overall_values()) == 2 and len(plot.listDataItems()) == 22  # the same items, new data
