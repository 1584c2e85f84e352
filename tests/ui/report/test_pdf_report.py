"""The PDF report (resilience_desktop/ui/report/pdf_report.py), read back with pypdf."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from ...pdftext import page_texts

from resilience_desktop.report import build_report
from resilience_desktop.scorecard import tr_text
from resilience_desktop.ui.exchange.report.pdf_report import render_pdf
from resilience_desktop.ui.exchange.report.report_map import render_report_map
from resilience_desktop.workspace.facade import Workspace

from ...fixtures import populate

pytestmark = [pytest.mark.ui, pytest.mark.xdist_group("demo-report")]  # one worker renders the demo report


@dataclass
class DemoReport:
    """The demo's current assessment rendered in one language, with the map, and read back."""

    report: Any
    score: Any
    card: Any
    layers: list[str]
    image: Any
    out: Path
    pages: int
    texts: list[str]


@pytest.fixture(scope="module")
def demo_report(qapp, demo_template, tmp_path_factory):
    """``demo_report(lang)``: rendered once per language for the module's tests (a render and its
    read-back take seconds; the tests only read the file)."""
    done: dict[str, DemoReport] = {}

    def get(lang: str) -> DemoReport:
        if lang not in done:
            folder = tmp_path_factory.mktemp(f"demo-report-{lang}")
            demo = Path(shutil.copyfile(demo_template, folder / "demo.rdw"))
            with Workspace.open(demo, read_only=True) as ws:
                aid = ws.list_assessments()[-1].id  # the current demo assessment (the one the app opens)
                image = render_report_map(ws, lang=lang)
                report = build_report(ws, aid, lang=lang, map_image=image)
                layers = [x.name for x in ws.list_layers() if x.visible]
                score, card = ws.score(aid), ws.scorecard_of(aid)
            out = folder / f"report-{lang}.pdf"
            pages = render_pdf(report, out)
            done[lang] = DemoReport(report, score, card, layers, image, out, pages, page_texts(out))
        return done[lang]
    return get


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_demo_report_has_every_part_and_the_right_numbers(demo_report, lang):
    d = demo_report(lang)
    report, score, card, out, pages, texts = d.report, d.score, d.card, d.out, d.pages, d.texts
    assert len(texts) == pages > 2 + len(score.essentials)  # cover, summary, one page or more per Essential, plan
    whole = " ".join(texts)

    assert report.cover.city in texts[0]
    assert f"{score.points} / {score.max}" in texts[0]  # the overall score on the cover ...
    summary = texts[1]
    assert summary.startswith({"en": "Summary", "ru": "Сводка"}[lang])
    assert f"{score.points} / {score.max}" in summary  # ... and in the summary with each Essential's points
    for e in score.essentials:
        row = f"{e.points} / {e.max} {report.summary.essentials[e.essential - 1].percent_text}"
        assert re.sub(r"\s+", " ", row) in summary, row
    # One section per Essential, each starting a page with its heading and score.
    essential = {"en": "Essential", "ru": "Принцип"}[lang]
    for e in score.essentials:
        heading = f"{essential} {e.essential}: "
        starts = [t for t in texts if t.startswith(heading)]
        assert starts, heading
        assert f"{e.points} / {e.max}" in starts[0]
    for q in card.active_questions:
        assert f"{q.id} " in whole
    first = card.active_questions[0]
    assert re.sub(r"\s+", " ", tr_text(first.topic, lang)) in whole
    if lang == "ru":
        assert tr_text(first.topic, "ru") != tr_text(first.topic, "en")  # really a Russian topic
    plan = {"en": "Action plan", "ru": "План мероприятий"}[lang]
    assert any(t.startswith(plan) for t in texts)
    for a in report.actions:
        assert re.sub(r"\s+", " ", a.action) in whole
    assert {"en": "Page 2 of", "ru": "Страница 2 из"}[lang] + f" {pages}" in texts[1]

    meta = PdfReader(out).metadata
    assert meta.title == report.title
    assert meta.title.startswith({"en": "Scorecard report: ", "ru": "Отчёт по оценочной карте: "}[lang])
    assert meta.creator.startswith("Resilience Desktop")


def test_text_is_set_in_embedded_dejavu_and_the_radar_is_vector(qapp, demo_path, tmp_path):
    with Workspace.open(demo_path, read_only=True) as ws:
        report = build_report(ws, ws.list_assessments()[-1].id, lang="ru")
    out = render_pdf(report, tmp_path / "r.pdf") and tmp_path / "r.pdf"
    reader = PdfReader(out)
    fonts = set()
    for page in reader.pages:
        resources = page["/Resources"]
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            assert "/FontFile2" in descendant["/FontDescriptor"].get_object(), font["/BaseFont"]  # embedded
            fonts.add(str(font["/BaseFont"]))
        assert not resources.get("/XObject"), "no bitmaps: the radar and all text are vector (no map given)"
    assert fonts and all("DejaVuSans" in f for f in fonts), fonts
    summary = page_texts(out, first=1, count=1)[0]
    for e in report.summary.essentials:  # the radar's axis labels are text, drawn by QPainter
        assert re.sub(r"\s+", " ", e.percent_text) in summary


def test_private_comments_stay_out_of_the_pdf_unless_asked(qapp, workspace, tmp_path):
    _city, aid = populate(workspace)
    workspace.set_answer(aid, "P2.1", comment="Treasurer <disputes> & objects", comment_private=True)
    render_pdf(build_report(workspace, aid), tmp_path / "a.pdf")
    assert "Treasurer" not in " ".join(page_texts(tmp_path / "a.pdf"))
    render_pdf(build_report(workspace, aid, include_private=True), tmp_path / "b.pdf")
    assert "Treasurer <disputes> & objects" in " ".join(page_texts(tmp_path / "b.pdf"))  # escaped, shown as typed


def test_a_failed_write_leaves_nothing_behind(qapp, workspace, tmp_path):
    _city, aid = populate(workspace)
    report = build_report(workspace, aid)
    with pytest.raises(OSError):
        render_pdf(report, tmp_path / "missing" / "r.pdf")
    out = tmp_path / "out"
    out.mkdir()
    (out / "r.pdf").write_bytes(b"old")
    assert render_pdf(report, out / "r.pdf") > 1
    assert (out / "r.pdf").read_bytes().startswith(b"%PDF")
    assert [p.name for p in out.iterdir()] == ["r.pdf"]


def page_images(page) -> list[tuple[int, int]]:
    """``(width, height)`` of each bitmap drawn on ``page`` (read from the PDF, no Pillow needed)."""
    xobjects = page["/Resources"].get("/XObject") or {}
    return [(int(x["/Width"]), int(x["/Height"])) for x in (v.get_object() for v in xobjects.values())
            if x.get("/Subtype") == "/Image"]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_demo_report_has_the_exposure_results_and_the_map(demo_report, lang):
    d = demo_report(lang)
    image, report, layers, texts = d.image, d.report, d.layers, d.texts
    assert image is not None and image.png.startswith(b"\x89PNG")
    reader = PdfReader(d.out)

    heading = {"en": "Exposure results", "ru": "Результаты анализа подверженности"}[lang]
    (exposure,) = [i for i, t in enumerate(texts) if t.startswith(heading)]
    table, _fault, shaking = report.exposure  # the flood, the fault's buffer, the shaking-map raster
    text = texts[exposure]
    assert table.title in text
    assert "1 in 100 years" in text  # the scenario's likelihood, as the team wrote it
    buildings = next(row for row in table.rows if row[0] == "Buildings")
    assert re.sub(r"\s+", " ", " ".join(buildings)) in text, buildings  # the numbers, in one row
    for row in table.rows:
        assert re.sub(r"\s+", " ", row[1]) in text and re.sub(r"\s+", " ", row[4]) in text
    assert {"en": "875 / 6,215", "ru": "875 / 6 215"}[lang] in text

    map_heading = {"en": "Map", "ru": "Карта"}[lang]
    (map_page,) = [i for i, t in enumerate(texts) if t.startswith(map_heading + " ")]
    losses_heading = {"en": "Recorded disaster losses", "ru": "Записанный ущерб от бедствий"}[lang]
    (losses_page,) = [i for i, t in enumerate(texts) if t.startswith(losses_heading)]
    assert exposure < losses_page < map_page  # exposure, the recorded losses, then the map
    section = re.sub(r"\s+", " ", " ".join(texts[exposure:losses_page]))
    raster = dict(shaking.facts)[{"en": "Hazard raster", "ru": "Растр опасности"}[lang]]
    assert shaking.title in section and raster.endswith("0.1, 0.2, 0.4 g" if lang == "en" else "0,1, 0,2, 0,4 g")
    assert re.sub(r"\s+", " ", raster) in section  # the raster and its thresholds, in the PDF
    assert {"en": "Sendai targets A–D", "ru": "Задачи Сендайской рамочной программы A–D"}[lang] in \
        "".join(texts[losses_page:map_page])
    assert page_images(reader.pages[map_page]) == [(1600, 1000)]
    assert all(not page_images(p) for i, p in enumerate(reader.pages) if i != map_page)
    caption = {"en": "Visible map layers: ", "ru": "Видимые слои карты: "}[lang]
    assert caption + ", ".join(layers) in texts[map_page]
    assert {"River", "Hazard zones: flood", "Facilities: school"} <= {label for label, _colour in image.legend}
    for label, _colour in image.legend:  # the legend under the map, e.g. "Hazard zones: flood"
        assert label in texts[map_page], label


def test_no_visible_layers_no_map_page(qapp, workspace):
    populate(workspace)
    assert render_report_map(workspace) is None


@pytest.mark.parametrize(("lang", "month"), [("ru", "сентября"), ("kk", "қыркүйек"), ("ky", "сентябрь"), ("en", "September")])
def test_cover_dates_and_scorecard_level_in_the_report_language(demo_path, lang, month):
    from resilience_desktop.report.content import build_report
    from resilience_desktop.ui.exchange.report.report_html import report_html
    from resilience_desktop.i18n.language import Language
    from resilience_desktop.workspace.facade import Workspace

    with Workspace.open(demo_path, read_only=True) as ws, Language.get(lang).active():
        aid = ws.list_assessments()[-1].id
        html = report_html(build_report(ws, aid, lang=lang))
    assert month in html  # the demo assessment started on 2026-09-14
    assert "2026-09-14" not in html
    level = {"en": "preliminary level", "ru": "предварительный уровень", "kk": "алдын ала деңгей",
             "ky": "алдын ала деңгээл"}[lang]
    assert level in html.casefold()
    assert html.casefold().count(level) == 1  # the title names it; the version line does not repeat it


def test_the_report_map_shows_the_assessments_own_city(qapp, workspace, tmp_path, monkeypatch):
    """A workspace of two cities: the second city's report draws the map round that city, not the first."""
    from resilience_desktop.ui.exchange.report import pdf_report, report_map
    populate(workspace)                                       # Testgrad, the first located city
    osh = workspace.add_city("Osh", "KG", lon=72.8, lat=40.5)
    aid = workspace.new_assessment(osh, "mini", title="Osh 2026")
    asked = []
    monkeypatch.setattr(report_map, "render_report_map", lambda ws, **kw: asked.append(kw.get("city_id")))
    pdf_report.write_report_pdf(workspace, aid, tmp_path / "osh.pdf", lang="en")
    assert asked == [osh]
