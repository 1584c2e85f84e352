"""The shipped basemap (gis/basemap.py and resources/basemap, issue 14): its layers, names and labels by scale."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import numpy as np
import pyogrio
import pytest
import shapely

from resilience_desktop.gis.basemap import BASEMAP_FILE, PLACE_TIERS, basemap_labels, basemap_layers
from resilience_desktop.gis.crs import transform_geometries
from resilience_desktop.gis.display import View
from resilience_desktop.gis.labels import place_labels

CYRILLIC = re.compile(r"^[А-Яа-яЁё][А-Яа-яЁё .\-]*$")
#: Regions' Russian names may also hold a comma or a dash (Республика Северная Осетия — Алания).
CYRILLIC_REGION = re.compile(r"^[А-Яа-яЁё][А-Яа-яЁё .,\-—]*$")
#: Central Asia's detail box (``DETAIL`` in tools/build_basemap.py).
DETAIL = shapely.box(44, 32, 96, 56)
UTM43 = "EPSG:32643"


def _layer(name: str) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    meta, _fid, wkb, fields = pyogrio.raw.read(str(BASEMAP_FILE), layer=name)
    return shapely.from_wkb(wkb), dict(zip(meta["fields"], fields))


def _country(name: str) -> shapely.Geometry:
    geoms, fields = _layer("countries")
    return geoms[list(fields["name"]).index(name)]


def _labels_at(lon: float, lat: float, resolution: float, lang: str, crs: str = UTM43,
               size: tuple[int, int] = (1600, 1000)) -> list[str]:
    """The basemap labels placed on a map centred on (lon, lat) at ``resolution`` map units per pixel."""
    centre = shapely.get_coordinates(transform_geometries(np.array([shapely.Point(lon, lat)]), "EPSG:4326", crs))[0]
    view = View(float(centre[0]), float(centre[1]), resolution, *size)
    pairs = []
    for spec in basemap_labels(crs, lang):
        if spec.shown_at(resolution):
            px = np.full_like(spec.anchors, np.nan)
            ok = np.isfinite(spec.anchors).all(axis=1)
            px[ok] = view.to_pixels(spec.anchors[ok])
            pairs.append((spec, px))
    placed = place_labels(pairs, lambda text, s: (0.6 * s * len(text), 1.3 * s), view.width, view.height)
    return [label.text for label in placed]


def test_rivers_cross_central_asia():
    rivers, _ = _layer("rivers")
    for country in ("Kazakhstan", "Uzbekistan", "Kyrgyzstan"):
        assert shapely.intersects(rivers, _country(country)).any(), country
    assert len(rivers) > 400  # the world's 1:50m rivers, not only Central Asia's
    assert set(shapely.get_type_id(rivers).tolist()) <= {1, 5}  # lines only


def test_regions_are_named_in_english_and_russian():
    geoms, f = _layer("regions")
    names = dict(zip(f["name"], f["name_ru"]))
    assert names["Chuy"] == "Чуйская область" and names["Osh"] == "Ошская область"
    assert names["Issyk-Kul"] == "Иссык-Кульская область" and names["Almaty Region"] == "Алматинская область"
    assert names["Sughd"] == "Согдийская область" and names["Karakalpakstan"] == "Республика Каракалпакстан"
    assert {"KG", "KZ", "TJ", "TM", "UZ"} <= set(f["country"])
    assert (f["country"] == "KG").sum() == 8
    chuy = geoms[list(f["name"]).index("Chuy")]
    assert shapely.contains(chuy, shapely.Point(74.2, 42.6)) and shapely.within(chuy, _country("Kyrgyzstan").buffer(0.05))
    # cities with the status of a region are polygons but get no region label (the place's label names them)
    label_names = set(_layer("region_labels")[1]["name"])
    assert "Chuy" in label_names and "Bishkek" not in label_names and "Almaty" not in label_names
    points, lf = _layer("region_labels")
    osh = points[list(lf["name"]).index("Osh")]
    assert shapely.contains(geoms[list(f["name"]).index("Osh")], osh)


def _region_at(lon: float, lat: float) -> tuple[str, str, str]:
    """(name, name_ru, country) of the region polygon containing (lon, lat)."""
    geoms, f = _layer("regions")
    hits = np.nonzero(shapely.contains(geoms, shapely.Point(lon, lat)))[0]
    assert len(hits) == 1, (lon, lat, [f["name"][i] for i in hits])
    i = hits[0]
    return f["name"][i], f["name_ru"][i], f["country"][i]


def test_the_neighbours_regions_in_the_central_asia_box_are_named():
    assert _region_at(55.10, 51.77) == ("Orenburg", "Оренбургская область", "RU")  # Orenburg
    name, ru, country = _region_at(87.62, 43.83)  # Urumqi
    assert (name, country) == ("Xinjiang", "CN") and "Синьцзян" in ru
    name, ru, country = _region_at(67.11, 36.71)  # Mazar-i-Sharif
    assert (name, country) == ("Balkh", "AF") and "Балх" in ru
    assert _region_at(83.76, 53.35)[:2] == ("Altai Krai", "Алтайский край")  # Barnaul
    assert _region_at(55.96, 54.74)[:2] == ("Bashkortostan", "Республика Башкортостан")  # Ufa
    assert _region_at(59.61, 36.30)[:2] == ("Razavi Khorasan", "провинция Хорасан-Резави")  # Mashhad
    assert _region_at(91.64, 48.00)[1] == "Ховдский аймак"  # Khovd
    # Natural Earth's outdated names and units corrected: Peshawar in Khyber Pakhtunkhwa (N.W.F.P. until
    # 2010), and the former Tribal Areas joined to it; Daykundi no longer listed as Uruzgan
    assert _region_at(71.58, 34.01)[0] == _region_at(70.10, 32.98)[0] == "Khyber Pakhtunkhwa"
    assert _region_at(66.13, 33.72)[:2] == ("Daykundi", "провинция Дайкунди")
    assert _region_at(65.88, 32.63)[0] == "Uruzgan"
    # the neighbours' regions are clipped to the box, so the file stays small
    geoms, f = _layer("regions")
    assert shapely.within(geoms, DETAIL.buffer(1e-6)).all()
    assert {"RU", "CN", "AF", "IR", "PK", "MN", "AZ", "GE", "AM"} <= set(f["country"])
    assert (f["country"] == "AF").sum() == 34


def test_every_region_has_a_russian_name():
    _geoms, f = _layer("regions")
    assert len(f["name_ru"]) > 200
    assert all(ru and CYRILLIC_REGION.match(ru) for ru in f["name_ru"]), \
        [ru for ru in f["name_ru"] if not (ru and CYRILLIC_REGION.match(ru))]
    assert all(name for name in f["name"])
    points, lf = _layer("region_labels")
    assert all(ru and CYRILLIC_REGION.match(ru) for ru in lf["name_ru"])
    # labels stand inside the box (a region mostly outside it, such as Tomsk, is not labelled)
    assert shapely.within(points, DETAIL).all() and "Tomsk" not in set(lf["name"])


def test_a_map_of_the_volga_and_west_kazakhstan_names_russian_and_kazakh_regions():
    shown = _labels_at(52.0, 51.0, 1_250.0, "ru", crs="EPSG:3857")
    assert {"Оренбургская область", "Саратовская область", "Самарская область", "Волгоградская область",
            "Западно-Казахстанская область", "Актюбинская область", "Оренбург"} <= set(shown)
    shown = _labels_at(84.0, 43.0, 1_500.0, "ru", crs="EPSG:3857")
    assert {"Синьцзян-Уйгурский автономный район", "Алматинская область", "Урумчи"} <= set(shown)


def test_places_beyond_the_capitals_with_russian_names():
    geoms, f = _layer("places")
    by_name = {n: i for i, n in enumerate(f["name"])}
    expected = {"Almaty": ("Алматы", 1), "Osh": ("Ош", 2), "Khujand": ("Худжанд", 2), "Shymkent": ("Шымкент", 1),
                "Bishkek": ("Бишкек", 1), "Karaganda": ("Караганда", 2), "Ust-Kamenogorsk": ("Усть-Каменогорск", 2),
                "Samarkand": ("Самарканд", 2), "Turkmenabat": ("Туркменабад", 2), "Karakol": ("Каракол", 3)}
    for name, (ru, tier) in expected.items():
        i = by_name[name]
        assert (f["name_ru"][i], int(f["tier"][i])) == (ru, tier), name
    almaty = geoms[by_name["Almaty"]]
    assert abs(almaty.x - 76.91) < 0.05 and abs(almaty.y - 43.25) < 0.05 and f["population"][by_name["Almaty"]] > 1e6
    capitals = {f["name"][i]: f["name_ru"][i] for i in np.nonzero(f["capital"])[0]}
    assert {"Moscow": "Москва", "Beijing": "Пекин", "Paris": "Париж", "Tehran": "Тегеран", "Kabul": "Кабул",
            "Tashkent": "Ташкент", "Ashgabat": "Ашхабад"}.items() <= capitals.items()
    assert "Yunusobod" not in by_name  # a district of Tashkent, not a town
    # tier 3 (towns) only in Central Asia; the file stays small
    tier3 = geoms[f["tier"] == 3]
    assert shapely.within(tier3, shapely.box(44, 32, 96, 56)).all()
    assert BASEMAP_FILE.stat().st_size < 6_000_000


@pytest.mark.parametrize(("lang", "almaty", "town"), [("en", "Almaty", "Talgar"), ("ru", "Алматы", "Талгар")])
def test_a_city_region_map_of_almaty_names_it_and_its_towns(lang, almaty, town):
    shown = _labels_at(76.95, 43.3, 60.0, lang)
    assert almaty in shown and town in shown


def test_a_country_map_names_regions_and_cities_but_no_towns():
    shown = _labels_at(75.0, 41.3, 700.0, "ru")
    assert {"Бишкек", "Ош", "Чуйская область", "Кыргызстан"} <= set(shown)
    shown = _labels_at(75.0, 41.3, 2_000.0, "en")
    assert {"Bishkek", "Osh", "Kyrgyzstan"} <= set(shown) and "Karakol" not in shown  # tier 3 waits for 1 km/px
    assert "Chuy" in shown


def test_no_town_labels_on_a_world_map():
    tier3_names = set(_layer("places")[1]["name"][_layer("places")[1]["tier"] == 3])
    shown = _labels_at(60.0, 40.0, 25_000.0, "en", crs="EPSG:3857")
    assert "Kazakhstan" in shown and not tier3_names & set(shown)
    assert not {"Chuy", "Osh", "Almaty"} & set(shown)  # no regions, and no places at all at 25 km/px
    assert min(t.max_res for t in PLACE_TIERS) < max(t.max_res for t in PLACE_TIERS) < 25_000


def test_the_national_map_can_leave_the_places_out():
    layers = basemap_layers("EPSG:3857")
    assert {x.id for x in layers} >= {"basemap:rivers", "basemap:places1", "basemap:places3"}
    assert not [x for x in basemap_layers("EPSG:3857", places=False) if x.id.startswith("basemap:places")]
    # rivers are drawn under the boundaries and coastlines, places over everything
    ids = [x.id for x in layers]
    assert ids.index("basemap:rivers") < ids.index("basemap:admin1_lines") < ids.index("basemap:places1")


def _names_module():
    path = Path(__file__).resolve().parents[2] / "tools" / "basemap_names.py"
    spec = importlib.util.spec_from_file_location("basemap_names", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_russian_name_heuristic():
    names = _names_module()
    khujand = ["Khodzhent", "Khudzhand", "Khujand", "Leninabad", "Ходжент", "Худжанд", "Хуҷанд", "Хужант"]
    assert names.guess_russian("Khujand", khujand) == "Худжанд"
    # Russian exonyms agree with the other Slavic languages' forms, not with the spelling
    paris = ["Paris", "Parizh", "Парис", "Париж", "Парыж", "Паріж", "Париз"]
    assert names.guess_russian("Paris", paris) == "Париж"
    # Russia's own places: the spelling decides, and the soft sign the Latin name drops is kept
    assert names.guess_russian("Kazan", ["Kazan", "Kazan'", "Казан", "Казань", "Къазан"], native=True) == "Казань"
    assert names.guess_russian("Osh", ["Osh", "Өш"]) is None  # Kyrgyz letters only: no Russian name
    assert names.russian_name("KG", "Osh", ["Osh", "Өш"]) == "Osh"  # then the English name


def test_the_region_names_table_is_russian():
    names = _names_module()
    pairs = list(names.REGIONS.values()) + [(en, ru) for parts in names.REGIONS_BY_POINT.values()
                                            for _point, en, ru in parts]
    assert len(pairs) > 250
    assert all(en and CYRILLIC_REGION.match(ru) for en, ru in pairs), \
        [ru for _en, ru in pairs if not CYRILLIC_REGION.match(ru)]
    assert names.CITY_REGIONS <= {en for en, _ru in pairs}


def test_cyrillic_interface_languages_read_the_russian_names_uzbek_the_latin_ones():
    """Kazakh, Kyrgyz and Tajik readers get Алматы, Бишкек, Ош (the basemap has no names in their
    languages; Cyrillic ones are the ones they know), Uzbek (written in Latin) and English the Latin ones."""
    for lang in ("kk", "ky", "tg"):
        assert {"Бишкек", "Алматы"} <= set(_labels_at(75.5, 43.0, 600.0, lang)), lang
    for lang in ("uz", "en"):
        shown = set(_labels_at(75.5, 43.0, 600.0, lang))
        assert {"Bishkek", "Almaty"} <= shown and "Бишкек" not in shown, lang
