"""Issue 16 item 8: the official workbook laid out exactly like the real Info sheet reads right.

The real sheet says "Total city population:" at B11 and "Population that are youth (15-24) (%):"
at B14; the old anchor missed the first and anchored on the second, so every profile value landed
three rows off ("'Mudflow after heavy rain' is not a number"). Score cells holding a formula with
no saved result were imported as unanswered without a word.
"""

from __future__ import annotations

import pytest

from resilience_desktop.excel import read_workbook

from .workbooks import INFO, REAL_LABELS, official_workbook

REAL_INFO = {**INFO, "most_probable_disaster": "Earthquake of magnitude 7", "most_severe_disaster": "Mudflow after heavy rain"}


@pytest.mark.parametrize("info_shift", [0, 2])
def test_the_real_info_labels_put_every_value_in_its_field(tmp_path, info_shift):
    path = official_workbook(tmp_path / "real.xlsm", info=REAL_INFO, labels=REAL_LABELS, info_shift=info_shift)
    content = read_workbook(path)
    p = content.profile
    assert content.city.name == "Testgrad" and content.city.iso2 == "KG"
    assert content.city.population == INFO["population"] and content.city.area_km2 == INFO["area_km2"]
    assert p["density"] == INFO["density"] and p["youth_share"] == INFO["youth_share"]
    assert p["not_in_poverty_share"] == INFO["not_in_poverty_share"]
    assert p["most_probable_disaster"] == "Earthquake of magnitude 7"
    assert p["most_severe_disaster"] == "Mudflow after heavy rain"
    assert p["households"] == INFO["households"] and p["gini"] == INFO["gini"]
    assert p["lead_name"] == INFO["lead_name"] and content.team == [INFO["lead_name"]]
    assert not [w for w in content.warnings if "not a number" in w]
    shifted = [w for w in content.warnings if "shifted" in w]
    assert bool(shifted) == bool(info_shift)


def test_the_real_labels_keep_their_trailing_spaces_and_colons(tmp_path):
    import openpyxl
    book = openpyxl.load_workbook(official_workbook(tmp_path / "real.xlsx", labels=REAL_LABELS, macros=False))
    info = book["Info"]
    assert info["B11"].value == "Total city population:" and info["B14"].value == "Population that are youth (15-24) (%):"
    assert info["B13"].value == "Population density (per square kilometer): "
    assert info["B33"].value.startswith("Name of person leading / coordinating")


def test_formulas_without_a_saved_result_are_named_in_a_warning(tmp_path):
    path = official_workbook(tmp_path / "f.xlsx", macros=False, labels=REAL_LABELS,
                             options={"P1.1": "=IF(TRUE,2,1)", "P3.2": "=1+1"})
    content = read_workbook(path)
    entries = {e.question_id: e for e in content.entries}
    assert entries["P1.1"].score is None and entries["P3.2"].score is None
    formula = [w for w in content.warnings if "formulas" in w]
    assert len(formula) == 1 and "P1.1, P3.2" in formula[0]
    # questions simply left empty are not blamed on formulas
    assert "P2.4" not in formula[0] and entries["P2.4"].score is None
