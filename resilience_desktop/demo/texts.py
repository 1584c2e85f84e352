"""The demo's own words (team, comments, actions, the flood scenarios) in English and in Russian.

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
)


def demo_texts(lang: str | None = None) -> DemoTexts:
    """The demo's texts for ``lang`` (by default the language in force): Russian along a Russian chain."""
    from ..i18n.language import Language
    chain = Language.get(lang).chain if lang else current().chain
    return RUSSIAN if "ru" in chain else ENGLISH
