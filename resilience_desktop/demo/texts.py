"""The demo's own words (team, comments, actions, map names, the flood and fault scenarios) in English and in Russian.

The demo speaks the interface's language family: Russian for a Russian interface and for the
languages whose fallback is Russian (Kazakh, Kyrgyz, Uzbek, Tajik), English otherwise. The
scorecard texts themselves come from the scorecard, in the interface language.
"""

from __future__ import annotations

__all__ = ["DemoTexts", "demo_texts"]

from dataclasses import dataclass

from ..i18n.catalog import current


@dataclass(frozen=True)
class DemoTexts:
    lang: str
    city: str
    second_city: str
    region: str
    comments: dict[int, str]
    responsible: tuple[str, ...]
    timescales: tuple[str, ...]
    current_title: str
    baseline_title: str
    second_title: str
    team: tuple[str, ...]
    baseline_team: tuple[str, ...]
    second_team: tuple[str, ...]
    not_relevant: str
    private_note: str
    verification: str
    baseline_verification: str
    action: str  #: ``{topic}`` is the question's topic, in lower case
    plan_note: str
    plan_file_text: str
    plan_link_name: str
    hazard: str
    hazard_notes: str
    probable: str
    severe: str
    probable_likelihood: str
    severe_likelihood: str
    #: The map layers, bottom first: hazard zones, buildings, roads, river, facilities.
    layer_names: tuple[str, ...]
    #: Labels on the map: a facility's name by kind, a road's by kind (``{n}``: its number), the river's.
    facility_names: dict[str, str]
    road_names: dict[str, str]
    river_name: str
    #: Attribute values (facility kinds, hazard classes, return periods, building uses, road classes)
    #: by their English code; a code missing here is written as it is.
    values: dict[str, str]
    #: The active fault (issue 15): its layer, traces and activity, its earthquake and two scenarios.
    fault_layer: str
    fault_names: tuple[str, str]
    fault_activity: str
    fault_hazard: str
    fault_notes: str
    fault_probable: str
    fault_severe: str
    fault_probable_likelihood: str
    fault_severe_likelihood: str
    #: The rasters of the severe earthquake: its shaking map and a population grid.
    pga_raster: str
    population_raster: str


ENGLISH = DemoTexts(
    lang="en", city="Jasyl-Dala", second_city="Sary-Tala", region="Demo region (fictional)",
    comments={0: "Nothing in place yet; raised at the workshop as a priority.",
              1: "Some work exists but it is scattered across departments.",
              2: "In place for most of the city; gaps remain in the eastern districts.",
              3: "Fully in place and reviewed last year."},
    responsible=("City Emergency Department", "Urban Planning Department", "Finance Department",
                 "Water Utility", "Health Department", "Education Department", "Hydromet Service"),
    timescales=("6 months", "1 year", "2 years"),
    current_title="{city} preliminary assessment (demo)", baseline_title="{city} baseline assessment 2024 (demo)",
    second_title="{city} preliminary assessment, six Essentials (demo)",
    team=("A. Toktosunova (coordinator)", "B. Ismailov (planning)", "C. Petrova (emergency management)"),
    baseline_team=("A. Toktosunova (coordinator)", "D. Usenov (finance)"),
    second_team=("E. Mamytova (coordinator)",),
    not_relevant="Not relevant: the city has no coastline.",
    private_note=" Private note: the Finance Department disputes this score; settle before the report.",
    verification="Workshop discussion, 14 Sept; documents listed as evidence.",
    baseline_verification="Baseline workshop, March 2024.",
    action="Close the gaps found for {topic}",
    plan_note="Summary of the adopted plan",
    plan_file_text="{city} disaster risk reduction plan 2025-2030 (demo summary).\n",
    plan_link_name="Published plan (demo link)",
    hazard="Jasyl-Suu river flood",
    hazard_notes="Snow-melt floods in April–June; mudflows from the southern slopes after heavy rain.",
    probable="Spring flood filling the river's flood plain",
    severe="Flood with mudflows from the southern slopes blocking the river",
    probable_likelihood="1 in 100 years", severe_likelihood="1 in 500 years",
    layer_names=("Hazard zones", "Buildings", "Roads", "River", "Facilities"),
    facility_names={"hospital": "Hospital No. {n}", "school": "School No. {n}", "substation": "Substation No. {n}",
                    "fire_station": "Fire Station No. {n}"},
    road_names={"avenue": "Avenue {n}", "street": "Street {n}", "avenue_line": "Avenue line {n}",
                "street_line": "Street line {n}", "highway": "Ring road"},
    river_name="Jasyl-Suu", values={},
    fault_layer="Active faults", fault_names=("Jasyl-Dala fault", "Northern branch"), fault_activity="active",
    fault_hazard="Jasyl-Dala fault earthquake",
    fault_notes="Shallow crustal earthquake on the active fault north of the centre.",
    fault_probable="Magnitude 6.5 on the Jasyl-Dala fault; strongest shaking within 1 km of the fault trace",
    fault_severe="Magnitude 7.2 rupturing both branches; peak ground acceleration from the shaking map",
    fault_probable_likelihood="1 in 250 years", fault_severe_likelihood="1 in 2,500 years",
    pga_raster="Peak ground acceleration, M7.2 (g)", population_raster="Population per hectare",
)

RUSSIAN = DemoTexts(
    lang="ru", city="Жашыл-Дала", second_city="Сары-Тала", region="Демонстрационная область (вымышленная)",
    comments={0: "Пока ничего не сделано; на семинаре названо приоритетом.",
              1: "Отдельные шаги есть, но они разрознены по ведомствам.",
              2: "Действует почти во всём городе; пробелы остаются в восточных районах.",
              3: "Действует полностью и пересмотрено в прошлом году."},
    responsible=("Городское управление по чрезвычайным ситуациям", "Управление архитектуры и градостроительства",
                 "Финансовое управление", "Водоканал", "Управление здравоохранения", "Управление образования",
                 "Гидрометеослужба"),
    timescales=("6 месяцев", "1 год", "2 года"),
    current_title="{city}: предварительная оценка (демо)", baseline_title="{city}: базовая оценка 2024 (демо)",
    second_title="{city}: предварительная оценка по шести принципам (демо)",
    team=("А. Токтосунова (координатор)", "Б. Исмаилов (планирование)", "В. Петрова (управление в ЧС)"),
    baseline_team=("А. Токтосунова (координатор)", "Д. Усенов (финансы)"),
    second_team=("Э. Мамытова (координатор)",),
    not_relevant="Не применимо: у города нет морского побережья.",
    private_note=" Личная заметка: финансовое управление оспаривает этот балл; согласовать до отчёта.",
    verification="Обсуждение на семинаре 14 сентября; документы приложены как подтверждения.",
    baseline_verification="Базовый семинар, март 2024 года.",
    action="Устранить пробелы по теме «{topic}»",
    plan_note="Краткое изложение принятого плана",
    plan_file_text="{city}: план снижения риска бедствий на 2025–2030 годы (краткое изложение, демо).\n",
    plan_link_name="Опубликованный план (демо-ссылка)",
    hazard="Паводок на реке Жашыл-Суу",
    hazard_notes="Паводки от таяния снега в апреле–июне; сели с южных склонов после сильных дождей.",
    probable="Весенний паводок, заполняющий пойму реки",
    severe="Паводок с селями с южных склонов, перекрывающими реку",
    probable_likelihood="1 раз в 100 лет", severe_likelihood="1 раз в 500 лет",
    layer_names=("Зоны опасности", "Здания", "Дороги", "Река", "Объекты"),
    facility_names={"hospital": "Больница № {n}", "school": "Школа № {n}", "substation": "Подстанция № {n}",
                    "fire_station": "Пожарная часть № {n}"},
    road_names={"avenue": "Проспект {n}", "street": "Улица {n}", "avenue_line": "Проспект, линия {n}",
                "street_line": "Улица, линия {n}", "highway": "Кольцевая дорога"},
    river_name="Жашыл-Суу",
    values={"hospital": "больница", "school": "школа", "substation": "подстанция", "fire_station": "пожарная часть",
            "flood": "паводок", "mudflow": "сель", "landslide": "оползень", "1 in 100 years": "1 раз в 100 лет",
            "1 in 50 years": "1 раз в 50 лет", "active": "активный", "residential": "жилое",
            "commercial": "торговое", "public": "общественное", "industrial": "промышленное",
            "highway": "магистраль", "avenue": "проспект", "street": "улица"},
    fault_layer="Активные разломы", fault_names=("Жашыл-Далинский разлом", "Северная ветвь"),
    fault_activity="активный",
    fault_hazard="Землетрясение на Жашыл-Далинском разломе",
    fault_notes="Неглубокое коровое землетрясение на активном разломе к северу от центра.",
    fault_probable="Магнитуда 6,5 на Жашыл-Далинском разломе; сильнейшие сотрясения в пределах 1 км от линии разлома",
    fault_severe="Магнитуда 7,2 с разрывом обеих ветвей; пиковое ускорение грунта по карте сотрясений",
    fault_probable_likelihood="1 раз в 250 лет", fault_severe_likelihood="1 раз в 2500 лет",
    pga_raster="Пиковое ускорение грунта, M7,2 (g)", population_raster="Население на гектар",
)


def demo_texts(lang: str | None = None) -> DemoTexts:
    """The demo's texts for ``lang`` (by default the language in force): Russian along a Russian chain."""
    from ..i18n.language import Language
    chain = Language.get(lang).chain if lang else current().chain
    return RUSSIAN if "ru" in chain else ENGLISH
