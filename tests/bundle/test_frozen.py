"""Bundles written by earlier versions keep verifying and importing (tests/data/bundles/)."""

from __future__ import annotations

from pathlib import Path

from resilience_desktop.bundle import verify_bundle
from resilience_desktop.national import import_bundle, open_store

FROZEN = Path(__file__).resolve().parents[1] / "data" / "bundles"


def test_frozen_v1_bundle_verifies_and_imports(tmp_path, mini_registry):
    bundle = FROZEN / "v1.zip"
    assert verify_bundle(bundle, registry=mini_registry) == []
    with open_store(tmp_path / "n.db") as store:
        result = import_bundle(store, bundle, registry=mini_registry)
        assert result.outcome == "imported" and result.revision == 1
        answers = store.query("SELECT question_id, score, na, comment FROM answers ORDER BY question_id")
        assert [(r["question_id"], r["score"], r["na"]) for r in answers] == [("P1.1", 3, 0), ("P1.2", None, 1), ("P2.1", 0, 0)]
        assert answers[2]["comment"] == ""  # private when exported
        assert store.query("SELECT SUM(feature_count) AS n FROM layers")[0]["n"] == 4
