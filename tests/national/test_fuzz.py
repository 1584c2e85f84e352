"""Property: whatever is done to a valid bundle, importing it is a clean import or a clean
rejection — never a crash, never a partial write."""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from resilience_desktop.bundle.format import canonical_json
from resilience_desktop.national import import_bundle, open_store

from ..bundle.helpers import raw_zip, read_members, rebag

_MUTATIONS = ("flip", "drop", "duplicate", "rename", "json", "json_rebagged", "truncate")


def _json_change(value, rnd):
    """Change one value somewhere in a JSON document (a leaf replaced by a random value)."""
    path, node = [], value
    while isinstance(node, (dict, list)) and node:
        key = rnd.choice(sorted(node) if isinstance(node, dict) else range(len(node)))
        path.append(key)
        if not isinstance(node[key], (dict, list)) or rnd.random() < 0.2:
            break
        node = node[key]
    if not path:
        return rnd.choice([None, 1, "x"])
    new = rnd.choice([None, -1, 0, 3, 4, 99, "", "x" * 3, True, 2.5, [], {}])
    parent = value
    for k in path[:-1]:
        parent = parent[k]
    parent[path[-1]] = new
    return value


def _mutate(src: Path, dst: Path, kind: str, rnd) -> Path:
    members = read_members(src)
    names = list(members)
    name = rnd.choice(names)
    if kind == "flip":
        data = bytearray(src.read_bytes())
        for _ in range(rnd.randint(1, 4)):
            data[rnd.randrange(len(data))] ^= 1 << rnd.randrange(8)
        dst.write_bytes(bytes(data))
        return dst
    if kind == "truncate":
        data = src.read_bytes()
        dst.write_bytes(data[:rnd.randrange(len(data))])
        return dst
    if kind == "drop":
        return raw_zip(dst, [(n, b) for n, b in members.items() if n != name])
    if kind == "duplicate":
        return raw_zip(dst, list(members.items()) + [(name, members[name])])
    if kind == "rename":
        new = rnd.choice(["data/x.json", "../" + name, name.upper(), "/" + name, name + "/", "data/evidence/" + "0" * 64])
        return raw_zip(dst, [((new if n == name else n), b) for n, b in members.items()])
    jsons = [n for n in names if n.endswith(".json")]
    target = rnd.choice(jsons)
    changed = canonical_json(_json_change(json.loads(members[target]), rnd))
    if kind == "json":
        return raw_zip(dst, [(n, changed if n == target else b) for n, b in members.items()])

    def change(payload, identity):
        if target == "bundle.json":
            identity.clear()
            identity.update(json.loads(changed))
        else:
            payload[target] = changed
    try:
        return rebag(src, dst, change)
    except (TypeError, KeyError, AttributeError, ValueError):  # the identity no longer has what bag-info needs
        return raw_zip(dst, [(n, changed if n == target else b) for n, b in members.items()])


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(_MUTATIONS), rnd=st.randoms(use_true_random=False))
def test_mutated_bundles_import_cleanly_or_are_cleanly_rejected(small_bundle, mini_registry, kind, rnd):
    folder = Path(tempfile.mkdtemp(prefix="rd-fuzz-"))
    try:
        bad = _mutate(small_bundle, folder / "m.zip", kind, rnd)
        with open_store(folder / "n.db") as store:
            before = store.counts()
            result = import_bundle(store, bad, registry=mini_registry)
            after = store.counts()
            log = store.query("SELECT outcome, message FROM import_log")
        assert result.outcome in ("imported", "rejected")
        assert [r["outcome"] for r in log] == [result.outcome]
        if result.outcome == "rejected":
            assert after == before, "a rejected bundle wrote data"
            assert result.reason and "\n" not in result.reason and "Traceback" not in result.reason
        else:
            # a re-bagged change can be a valid bundle with other answers (e.g. none): the store
            # holds exactly what the bundle that was imported says
            answers = json.loads(read_members(bad)["data/assessment.json"])["answers"]
            assert after["bundles"] == 1 and after["answers"] == len(answers)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_a_valid_bundle_still_imports(small_bundle, mini_registry, tmp_path):
    with open_store(tmp_path / "n.db") as store:
        assert import_bundle(store, small_bundle, registry=mini_registry).outcome == "imported"
        assert zipfile.is_zipfile(small_bundle)
