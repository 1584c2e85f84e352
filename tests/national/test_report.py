"""The national outputs: the XLSX workbook and the PDF, made by the command as a user makes them."""

from __future__ import annotations

import json

import openpyxl
import pypdf

from ..pdftext import page_texts

from resilience_desktop.national import open_store
from resilience_desktop.national.report import question_rows
from resilience_desktop.national.views import list_cities

from ..fixtures import cli_ok, cli_user_error
from .country import CITIES


def test_xlsx_has_the_four_sheets_with_every_city_and_question(country, tmp_path):
    out = tmp_path / "national.xlsx"
    cli_ok("national", "report", "--db", country.url, "-o", str(out))
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Cities", "Essentials", "Questions", "E-2"]
    with open_store(country.url) as store:
        cities = {c["name"]: c for c in list_cities(store)}
        answers = question_rows(store)
    rows = list(wb["Cities"].iter_rows(min_row=2, values_only=True))
    assert sorted(r[0] for r in rows) == sorted(cities)
    header = [c.value for c in wb["Cities"][1]]
    by_name = {r[0]: dict(zip(header, r)) for r in rows}
    assert by_name["Бишкек-Тест"]["E1 %"] == cities["Бишкек-Тест"]["essentials"][0]
    assert by_name["Empty-Town"]["Overall %"] is None
    # the share answered shows as a percent, as the columns beside it (a trial read 0.872 next to 45.7)
    answered = header.index("Answered") + 1
    assert {wb["Cities"].cell(r, answered).number_format for r in range(2, len(rows) + 2)} == {"0.0%"}
    assert 0 <= by_name["Бишкек-Тест"]["Answered"] <= 1
    # warnings and conflicts each in its column, as the JSON has them (a trial saw 2 here and 1 + 1 there)
    assert all(by_name[n]["Import warnings"] == c["warnings"] and by_name[n]["Conflicts"] == c["conflicts"]
               for n, c in cities.items())
    questions = list(wb["Questions"].iter_rows(min_row=2, values_only=True))
    assert len(questions) == len(answers) == len(country.questions) * len(CITIES) + sum(
        1 for a in answers if a["name"] in ("Jasyl-Dala", "Sary-Tala"))
    e2 = wb["E-2"]
    assert e2["A1"].value.startswith("Sendai") and e2["B3"].value == len(cities)
    # a trial's: the questions of a city as people count them (P1.1 … P2.1 … P10.1), not P1.1, P10.1, P2.1
    first = [q[5] for q in questions if q[0] == questions[0][0] and q[3] == questions[0][3]]
    numbers = [tuple(int(n) for n in q.lstrip("P").split(".")) for q in first]
    assert numbers == sorted(numbers) and len(numbers) > 10
    ru = tmp_path / "national-ru.xlsx"
    cli_ok("national", "report", "--db", country.url, "-o", str(ru), "--lang", "ru")
    assert openpyxl.load_workbook(ru).sheetnames == ["Города", "Основные принципы", "Вопросы", "E-2"]


def test_pdf_in_russian_has_cover_table_and_e2(country, tmp_path):
    out = tmp_path / "national.pdf"
    data = json.loads(cli_ok("national", "report", "--db", country.url, "-o", str(out), "--lang", "ru", "--json"))
    assert data["path"] == str(out)
    reader = pypdf.PdfReader(out)
    text = " ".join(page_texts(out))
    assert len(reader.pages) >= 3
    for name in ("Бишкек-Тест", "Turkistan-Test", "Empty-Town", "Gap-City"):
        assert name in text
    assert "Сендай" in text and "Города × принципы" in text and "нет ответов" in text
    # nothing broken across lines in the narrow columns: dates, headers; numbers as Russian writes them
    for whole in ("2026-10-10", "2024-01-15", "Страна", "Редакция", "Соответствует"):
        assert whole in text, whole
    assert "55,6" in text and "55.6" not in text


def test_bad_outputs_are_refused(country, tmp_path):
    assert ".pdf or .xlsx" in cli_user_error("national", "report", "--db", country.url, "-o", str(tmp_path / "x.doc"))
    assert not (tmp_path / "x.doc").exists()


def test_an_empty_store_reports_no_share_rather_than_zero(tmp_path):
    from resilience_desktop.national.report import national_data
    from resilience_desktop.national.report_html import national_html
    with open_store(tmp_path / "empty.db") as store:
        html = national_html(national_data(store))
    assert "0 / 0 (—)" in html and "0.0" not in html  # 0 of 0 local governments is no share at all


def test_the_pdf_says_conflicts_and_warnings_apart(country):
    """A trial: the PDF said "import warnings: 2" where the JSON said 1 warning and 1 conflict."""
    from resilience_desktop.national.report import national_data
    from resilience_desktop.national.report_html import national_html
    with open_store(country.url) as store:
        data = national_data(store)
    data["cities"][0].update(warnings=1, conflicts=1)  # a conflict is a refused revision: none in the fixture
    html = national_html(data)
    assert "conflicts: 1" in html and "import warnings: 1" in html and "import warnings: 2" not in html
