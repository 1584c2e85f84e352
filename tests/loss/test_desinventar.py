"""The DesInventar reader (resilience_desktop/loss/desinventar.py) on exports written by the tests."""

from __future__ import annotations

import subprocess
import sys

import pytest

from resilience_desktop.errors import LossImportError
from resilience_desktop.loss import read_desinventar, summarize

from .desinventar_files import write_export, write_large_export


@pytest.mark.parametrize("upper, as_zip", [(False, False), (True, True)])
def test_bishkek_records_flags_drafts_and_cyrillic_events(tmp_path, upper, as_zip):
    path = write_export(tmp_path, upper=upper, as_zip=as_zip)
    imp = read_desinventar(path, city_name="г. Бишкек")
    assert imp.match is not None and imp.match.code == "KG0101" and imp.match.level == 1
    assert imp.total == 8 and imp.elsewhere == 3 and imp.excluded == 2  # a draft and a "support" record
    recs = {r.key: r for r in imp.records}
    assert sorted(recs) == ["1", "2", "4"]
    flood, mud, slide = recs["1"], recs["2"], recs["4"]
    assert (flood.event, flood.event_en, flood.hazard_kind) == ("НАВОДНЕНИЕ", "FLOOD", "flood")
    assert (mud.event, mud.hazard_kind, slide.hazard_kind) == ("СЕЛЬ", "mudflow", "landslide")
    assert flood.figures == {"deaths": 2, "injured": 5, "affected": 120, "houses_destroyed": 3,
                             "houses_damaged": 40, "loss_local": 11_000_000.0, "loss_usd": 250_000.0}
    # 0 with the flag set, and DesInventar 8's -1: "some, number unknown", never 0.
    assert "deaths" not in mud.figures and set(mud.unknown) == {"deaths", "houses_damaged"}
    assert slide.unknown == ("injured",) and "loss_usd" not in slide.figures
    assert (mud.year, mud.month, mud.day) == (2007, None, None)
    s = summarize(imp.records, excluded=imp.excluded)
    assert s.import_json() == {
        "records": 3, "excluded": 2, "years": [2005, 2010],
        "events": {"flood": 1, "landslide": 1, "mudflow": 1},
        "totals": {"deaths": 2, "missing": None, "injured": 5, "affected": 120, "houses_destroyed": 4,
                   "houses_damaged": 40, "loss_usd": 250000.0}}
    assert s.unknown == {"deaths": 1, "houses_damaged": 1, "injured": 1}


def test_drafts_kept_on_request_and_matching_by_code_or_english_name(tmp_path):
    path = write_export(tmp_path)
    assert len(read_desinventar(path, city_name="Bishkek", include_unpublished=True).records) == 5
    osh = read_desinventar(path, geo_code="kg0201")
    assert [r.key for r in osh.records] == ["7"] and osh.records[0].hazard_kind == "other"
    oblast = read_desinventar(path, geo_code="KG01")  # the oblast: every record filed in it, whole-oblast ones too
    assert sorted(r.key for r in oblast.records) == ["1", "2", "4", "5", "6"]


def test_city_not_found_or_ambiguous_or_not_desinventar(tmp_path):
    path = write_export(tmp_path)
    with pytest.raises(LossImportError, match="no geography unit of DI_export_kgz.xml is named like Naryn"):
        read_desinventar(path, city_name="Naryn")
    assert [r.key for r in read_desinventar(path, city_name="Osh").records] == ["7"]  # not "Osh Oblast"
    same = tmp_path / "same.xml"
    same.write_text(path.read_text(encoding="utf-8").replace("Ошская область", "Ош"), encoding="utf-8")
    with pytest.raises(LossImportError, match=r"several geography units .* named like Ош: Ош \(KG02\), Ош \(KG0201\)"):
        read_desinventar(same, city_name="Ош")
    with pytest.raises(LossImportError, match="no geography unit with code 'KG9999'"):
        read_desinventar(path, geo_code="KG9999")
    other = tmp_path / "other.xml"
    other.write_text("<?xml version='1.0'?><kml><Document/></kml>", encoding="utf-8")
    with pytest.raises(LossImportError, match="not a DesInventar export"):
        read_desinventar(other, city_name="Bishkek")
    broken = tmp_path / "broken.xml"
    broken.write_text(path.read_text(encoding="utf-8")[:-200], encoding="utf-8")  # cut short
    with pytest.raises(LossImportError, match="not valid XML") as caught:
        read_desinventar(broken, city_name="Bishkek")
    assert "cut short" in str(caught.value)
    text = tmp_path / "fake.xml"  # a re-trial: a text file said "syntax error", expat's English
    text.write_text("hello, this is text\n", encoding="utf-8")
    with pytest.raises(LossImportError) as caught:
        read_desinventar(text, city_name="Bishkek")
    assert str(caught.value) == "fake.xml is not valid XML (line 1): it is not XML at all (another kind of file?)"


def test_control_characters_in_free_text_do_not_spoil_the_file(tmp_path):
    # The exporter escapes only the five XML specials, so a control character typed into a place or a
    # comment is written raw (format notes §2): a strict parser would refuse the whole national file.
    path = write_export(tmp_path)
    text = path.read_text(encoding="utf-8").replace("ул. Советская", "ул.\x01 Советская\x0b\x1f", 1)
    path.write_text(text, encoding="utf-8")
    imp = read_desinventar(path, city_name="Bishkek")
    assert sorted(r.key for r in imp.records) == ["1", "2", "4"]
    assert imp.records[0].place == "ул.  Советская"  # each control character became a space (the end trimmed)


def test_no_geography_tables_matches_the_records_own_names(tmp_path):
    path = write_export(tmp_path)
    text = path.read_text(encoding="utf-8")
    start, end = text.index("<lev0>"), text.index("<fichas>")
    text = text[:start] + text[end:]
    text = text.replace("<level1>KG0101</level1><level2></level2><name0></name0><name1></name1>",
                        "<level1>KG0101</level1><level2></level2><name0></name0><name1>Бишкек</name1>")
    path.write_text(text, encoding="utf-8")
    imp = read_desinventar(path, city_name="Бишкек")
    assert sorted(r.key for r in imp.records) == ["1", "2", "4"] and imp.match.code == "KG0101"


@pytest.mark.slow
def test_a_100000_record_file_streams_in_under_300_mb(tmp_path):
    path = write_large_export(tmp_path / "DI_export_big.xml")
    assert path.stat().st_size > 60_000_000
    # VmHWM: this process's own peak (ru_maxrss would carry the forking pytest process's size over exec).
    code = (f"from resilience_desktop.loss import read_desinventar, summarize\n"
            f"imp = read_desinventar({str(path)!r}, city_name='Bishkek')\n"
            f"s = summarize(imp.records)\n"
            f"hwm = [int(x.split()[1]) for x in open('/proc/self/status') if x.startswith('VmHWM')][0]\n"
            f"print(len(imp.records), s.totals['deaths'], s.unknown.get('deaths', 0), s.years, hwm // 1024)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    n, deaths, unknown = int(out[0]), int(out[1]), int(out[2])
    assert n == 100_000
    # i % 3 deaths: 0, 1, 2 repeating → sum; every record with 0 deaths has no flag (not reported).
    assert deaths == sum(i % 3 for i in range(100_000)) and unknown == 0
    assert int(out[-1]) < 300, f"peak memory {out[-1]} MB"
    print(f"peak memory {out[-1]} MB")


def test_units_for_the_confirm_dialog(tmp_path):
    from resilience_desktop.loss.desinventar import read_units, suggest_unit
    units = read_units(write_export(tmp_path, upper=True, as_zip=True))
    assert [u.code for u in units] == ["KG01", "KG02", "KG0101", "KG0102", "KG0201"]
    assert suggest_unit(units, "Бишкек").code == "KG0101" and suggest_unit(units, "Naryn") is None


def test_people_affected_has_its_own_word_beside_assets_affected():
    """The Losses view's note speaks of «Пострадавшие»; the column said «Затронуто», the assets' word."""
    from resilience_desktop.i18n.catalog import set_language, tr
    from resilience_desktop.loss.records import figure_label

    set_language("ru")
    try:
        assert figure_label("affected") == "Пострадавшие"
        assert tr("Affected") == "Затронуто"  # exposure: assets in the hazard zone
    finally:
        set_language("en")
