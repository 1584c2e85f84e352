"""The façade is composed of parts; its flat methods are the parts' own, delegated."""

from __future__ import annotations

import inspect

import pytest

from resilience_desktop.workspace.cities import Cities
from resilience_desktop.workspace.facade import Workspace
from resilience_desktop.workspace.hazards import Hazards
from resilience_desktop.workspace.layers import Layers

from ..fixtures import populate


@pytest.mark.parametrize("flat, part", [(Workspace.add_city, Cities.add), (Workspace.list_layers, Layers.all),
                                        (Workspace.set_scenario, Hazards.set_scenario)])
def test_flat_methods_keep_the_parts_signature_and_docs(flat, part):
    assert inspect.signature(flat) == inspect.signature(part)
    assert flat.__doc__ == part.__doc__


def test_flat_methods_and_parts_are_the_same_data(workspace):
    city, aid = populate(workspace)
    assert workspace.cities.get(city) == workspace.get_city(city)
    assert workspace.assessments.answers(aid) == workspace.answers(aid)
    hid = workspace.hazards.add(city, "flood", "Chu river")
    assert [h.id for h in workspace.list_hazards(city)] == [hid]


def test_query_reads_rows_and_refuses_to_write(workspace):
    city, _ = populate(workspace)
    assert workspace.query("SELECT name FROM cities WHERE id = ?", (city,)) == [{"name": "Testgrad"}]
    for sql in ("DELETE FROM cities", "  update cities SET name = 'x'", "WITH c AS (SELECT 1) DELETE FROM cities"):
        with pytest.raises(ValueError):
            workspace.query(sql)
    assert [c.name for c in workspace.list_cities()] == ["Testgrad"]


def test_the_user_can_change_while_open_and_every_part_records_it(workspace):
    city, aid = populate(workspace)
    workspace.user = "second editor"
    workspace.set_answer(aid, "P1.1", score=1)
    workspace.add_hazard(city, "flood")
    assert [c.who for c in workspace.history()[-2:]] == ["second editor", "second editor"]
    assert workspace.answer(aid, "P1.1").updated_by == "second editor"
