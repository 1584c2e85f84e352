"""fastjsonschema (the compiled first check) and jsonschema (the authority that names problems) give the
same verdict on every bundle schema: for real members, for hand-picked edge cases, and for documents
hypothesis derives from real members by changing, removing or adding one value anywhere."""

from __future__ import annotations

import copy
import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import fastjsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resilience_desktop.bundle import export_bundle
from resilience_desktop.bundle.format import JSON_MEMBERS, _fast, _validator, validate_json
from resilience_desktop.workspace.facade import Workspace


# One worker builds the module's fixture (two real bundles read back; ~2 s) instead of each worker.
pytestmark = pytest.mark.xdist_group("schema-engines")

@pytest.fixture(scope="module")
def members(tmp_path_factory, demo_template, small_bundle) -> dict[str, list[Any]]:
    """Every JSON member of two real bundles: the demo's fullest assessment (layers, risk, losses) and the
    small mini-scorecard one; long arrays cut to three items so that jsonschema stays quick."""
    folder = tmp_path_factory.mktemp("engines")
    demo = Path(shutil.copy(demo_template, folder / "demo.rdw"))
    with Workspace.open(demo) as ws:
        aid = max(ws.list_assessments(), key=lambda a: len(ws.answers(a.id))).id
        full = export_bundle(ws, aid, folder / "demo.zip", queue=False).path
    out: dict[str, list[Any]] = {}
    for bundle in (full, small_bundle):
        with zipfile.ZipFile(bundle) as zf:
            for name in JSON_MEMBERS:
                if name in zf.namelist():
                    out.setdefault(name, []).append(_cut(json.loads(zf.read(name))))
    assert set(out) == set(JSON_MEMBERS), "the demo bundle must carry every kind of member"
    return out


def _cut(value: Any) -> Any:
    if isinstance(value, list):
        return [_cut(v) for v in value[:3]]
    if isinstance(value, dict):
        return {k: _cut(v) for k, v in value.items()}
    return value


def _verdicts(name: str, doc: Any) -> tuple[bool, bool]:
    schema_name = JSON_MEMBERS[name]
    try:
        _fast(schema_name)(doc)
        fast = True
    except fastjsonschema.JsonSchemaException:
        fast = False
    return fast, _validator(schema_name).is_valid(doc)


def test_real_members_are_valid_for_both(members):
    for name, docs in members.items():
        for doc in docs:
            assert _verdicts(name, doc) == (True, True), name
            assert validate_json(JSON_MEMBERS[name], doc) == []


def _paths(doc: Any, prefix: tuple = ()) -> list[tuple]:
    """Every place in ``doc``: dict keys and list indexes, the root included."""
    out = [prefix]
    if isinstance(doc, dict):
        for k, v in doc.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            out += _paths(v, (*prefix, i))
    return out


def _get(doc: Any, path: tuple) -> Any:
    for p in path:
        doc = doc[p]
    return doc


# Values chosen where schemas draw lines: integer vs number vs bool, empty and over-long text, ids with a
# trailing newline (Python's "$" would accept them), nulls, containers of the wrong kind.
EDGE = st.sampled_from([None, True, False, 0, -1, 1, 1.0, 2.5, 10**12, -0.0, "", "x", "KG", "KG\n",
                        "0" * 64, "0" * 64 + "\n", "00000000-0000-4000-8000-000000000000\n", "layer_000",
                        "layer_000\n", "x" * 5000, "ы" * 300, [], {}, [1], {"x": 1}, "-12", "12\n"])
JSON = st.recursive(st.none() | st.booleans() | st.integers(-(2**40), 2**40)
                    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
                    max_leaves=4)


@st.composite
def mutated(draw, docs: list[Any]) -> Any:
    doc = copy.deepcopy(draw(st.sampled_from(docs)))
    path = draw(st.sampled_from(_paths(doc)))
    value = draw(st.one_of(EDGE, JSON))
    if not path:
        return value
    parent, key = _get(doc, path[:-1]), path[-1]
    action = draw(st.sampled_from(["replace", "remove", "add"]))
    if action == "replace":
        parent[key] = value
    elif action == "remove":
        del parent[key]
    elif isinstance(parent, dict):
        parent[draw(st.sampled_from(["extra", "id", "name", "score", "na"]))] = value
    else:
        parent.append(value)
    return doc


@pytest.mark.parametrize("name", sorted(JSON_MEMBERS))
# twice the profile's examples (60 per member in the suite, 1,200 with HYPOTHESIS_PROFILE=thorough)
@settings(max_examples=2 * settings().max_examples, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_both_engines_agree_on_changed_documents(members, name, data):
    doc = data.draw(mutated(members[name]))
    fast, slow = _verdicts(name, doc)
    assert fast == slow, f"{name}: fastjsonschema says {fast}, jsonschema says {slow} for {json.dumps(doc)[:400]}"
    assert (validate_json(JSON_MEMBERS[name], doc) == []) == slow


@pytest.mark.parametrize("name, change, valid", [
    ("data/city.json", {"country": "KG\n"}, False),
    ("data/city.json", {"country": "kg"}, False),
    ("bundle.json", {"revision": 1.0}, True),      # 1.0 is an integer in JSON Schema, for both
    ("bundle.json", {"revision": True}, False),    # a boolean is not
    ("bundle.json", {"revision": 0}, False),
    ("bundle.json", {"extra": 1}, False),
])
def test_edge_cases(members, name, change, valid):
    doc = {**members[name][0], **change}
    assert _verdicts(name, doc) == (valid, valid)
    assert (validate_json(JSON_MEMBERS[name], doc) == []) == valid
