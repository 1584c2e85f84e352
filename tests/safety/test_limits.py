"""Issue 16 item 5: nothing is exported that the importer would refuse, and what could not be
carried is refused when it is typed.

Before: an area of ``inf``, a comment over 100,000 characters, a title over 1,000, a city name
over 500 or a ``--report`` that is a PNG all exported with exit 0, used up a revision number, and
were then refused by ``verify`` and the importer.
"""

from __future__ import annotations

import math

import pytest

from resilience_desktop.safety.validate import MAX_NAME

from resilience_desktop.bundle import export_bundle, verify_bundle
from resilience_desktop.bundle.format import schema
from resilience_desktop.errors import BundleError, InvalidInputError
from resilience_desktop.workspace import limits
from resilience_desktop.workspace.facade import Workspace

from ..fixtures import populate


@pytest.fixture
def ws(tmp_path, mini_registry):
    w = Workspace.create(tmp_path / "ws.rdw", registry=mini_registry)
    yield w
    w.close()


def revisions(ws) -> int:
    return ws.query("SELECT COUNT(*) AS n FROM bundle_exports")[0]["n"]


def test_limits_match_the_bundle_schemas():
    a, c = schema("assessment"), schema("city")
    assert limits.MAX_TEXT == a["$defs"]["text"]["maxLength"]
    assert limits.MAX_TITLE == a["properties"]["title"]["maxLength"]
    assert limits.MAX_CITY_NAME == c["properties"]["name"]["maxLength"]
    assert limits.MAX_REGION == c["properties"]["region"]["maxLength"]


@pytest.mark.parametrize("field", ["area_km2", "lon", "lat"])
@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan])
def test_infinite_numbers_are_refused_at_entry(ws, field, value):
    kwargs = {"lon": 74.6, "lat": 42.9, field: value}
    with pytest.raises(InvalidInputError, match="finite"):
        ws.add_city("Infgrad", "KG", **kwargs)
    assert ws.list_cities() == []


def test_texts_over_the_schema_limits_are_refused_at_entry(ws):
    city, aid = populate(ws)
    # A justification is bounded by the input layer (32,767 characters, an Excel cell: it must survive
    # the Excel export too), below the bundle schema's 100,000.
    with pytest.raises(InvalidInputError, match="32768 characters"):
        ws.set_answer(aid, "P1.1", comment="x" * 32_768)
    assert ws.answer(aid, "P1.1").comment == "fully in place"
    ws.set_answer(aid, "P1.1", comment="я" * 32_767)  # exactly the limit, in Cyrillic, is fine
    # titles and names: the input layer's limit (validate.MAX_NAME, 200) is below the schema's 1,000 and 500
    assert MAX_NAME <= min(limits.MAX_TITLE, limits.MAX_CITY_NAME)
    with pytest.raises(InvalidInputError, match=str(MAX_NAME)):
        ws.update_assessment(aid, title="T" * (MAX_NAME + 1))
    with pytest.raises(InvalidInputError, match=str(MAX_NAME)):
        ws.new_assessment(city, "mini", title="T" * (MAX_NAME + 1))
    with pytest.raises(InvalidInputError, match=str(MAX_NAME)):
        ws.update_city(city, name="Ы" * (MAX_NAME + 1))
    with pytest.raises(InvalidInputError, match=str(MAX_NAME)):
        ws.add_city("Ы" * (MAX_NAME + 1), "KG")
    with pytest.raises(InvalidInputError):
        ws.add_action(aid, "P1.1", "a" * 100_001)
    with pytest.raises(InvalidInputError):
        ws.set_stakeholder_score(aid, "P1.1", "NGOs", score=2, note="n" * 100_001)
    with pytest.raises(InvalidInputError, match="cannot be stored"):
        ws.update_assessment(aid, profile={"area_km2": math.inf})


def _sneak(ws, sql: str, params: tuple) -> None:
    """Put a value in the file the way an older version (or another tool) could have."""
    with ws._db.transaction() as c:
        c.execute(sql, params)


@pytest.mark.parametrize("case", ["inf_area", "long_comment", "long_title", "long_city"])
def test_export_refuses_what_the_importer_would_and_uses_no_revision(ws, tmp_path, case):
    city, aid = populate(ws)
    if case == "inf_area":
        _sneak(ws, "UPDATE cities SET area_km2 = ? WHERE id = ?", (math.inf, city))
    elif case == "long_comment":
        _sneak(ws, "UPDATE answers SET comment = ? WHERE assessment_id = ? AND question_id = 'P1.1'", ("c" * 100_001, aid))
    elif case == "long_title":
        _sneak(ws, "UPDATE assessments SET title = ? WHERE id = ?", ("t" * 1001, aid))
    else:
        _sneak(ws, "UPDATE cities SET name = ? WHERE id = ?", ("n" * 501, city))
    out = tmp_path / "b.zip"
    with pytest.raises(BundleError, match="would be refused on import"):
        export_bundle(ws, aid, out)
    assert not out.exists() and revisions(ws) == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".b.zip")) == []


def test_a_report_that_is_not_a_pdf_is_refused_before_anything(ws, tmp_path):
    _city, aid = populate(ws)
    png = tmp_path / "report.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    with pytest.raises(BundleError, match="not a PDF"):
        export_bundle(ws, aid, tmp_path / "b.zip", report_pdf=png)
    assert revisions(ws) == 0


def test_a_good_bundle_still_exports_and_verifies(ws, tmp_path, mini_registry):
    _city, aid = populate(ws)
    result = export_bundle(ws, aid, tmp_path / "b.zip")
    assert result.revision == 1 and verify_bundle(result.path, registry=mini_registry) == []
