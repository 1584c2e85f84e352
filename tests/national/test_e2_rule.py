"""An E-2 rule naming a scorecard, question or level that does not exist is refused with one
sentence (a trial's typos — ``p1.1``, ``P99``, ``>=9``, ``prelim`` — gave E-2 0 % and exit 0)."""

from __future__ import annotations

import pytest

from resilience_desktop.errors import InvalidInputError
from resilience_desktop.national import import_bundle, open_store
from resilience_desktop.national.sendai import DEFAULT_E2_RULE, E2Rule, check_rule

from ..bundle.conftest import small_bundle  # noqa: F401 (a bundle of the 'mini' scorecard)
from ..fixtures import run_cli


@pytest.mark.parametrize("text, message", [
    ("preliminary:p1.1>=2", "scorecard preliminary has no question 'p1.1' (did you mean P1.1?)"),
    ("preliminary:P99>=2", "scorecard preliminary has no question 'P99'"),
    ("preliminary:P1.1>=9", "level 9 is outside the scores of preliminary (0–3)"),
    ("prelim:P1.1>=2", "there is no scorecard 'prelim'; the scorecards: detailed, preliminary, public-health"),
])
def test_typos_are_refused(text, message, registry):
    with pytest.raises(InvalidInputError) as caught:
        check_rule(E2Rule.parse(text), registry=registry)  # the shipped scorecards only
    assert str(caught.value) == "E-2 rule: " + message


def test_the_default_rule_and_a_scorecard_only_the_store_knows_pass(tmp_path, small_bundle, mini_registry):  # noqa: F811
    assert check_rule(DEFAULT_E2_RULE) == DEFAULT_E2_RULE
    with open_store(tmp_path / "n.db") as store:
        assert import_bundle(store, small_bundle, registry=mini_registry).outcome == "imported"
        card = store.query("SELECT scorecard_json FROM bundles")[0]["scorecard_json"]
        question = __import__("json").loads(card)["questions"][0]["id"]
        rule = E2Rule.parse(f"mini:{question}>=1")
        assert check_rule(rule, store) == rule  # 'mini' is not installed here: its bundles carry it
        with pytest.raises(InvalidInputError, match="outside the scores of mini"):
            check_rule(E2Rule.parse(f"mini:{question}>=99"), store)
    r = run_cli("--lang", "ru", "national", "e2", "--db", tmp_path / "n.db", "--e2-rule", "preliminary:P1.1>=9")
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "уровень 9 вне баллов" in r.stderr, r.stderr
