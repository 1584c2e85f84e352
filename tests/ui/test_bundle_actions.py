"""File > Export > Bundle for the national platform… (resilience_desktop/ui/bundle_actions.py)."""

from __future__ import annotations

import pytest

from resilience_desktop.bundle import verify_bundle
from resilience_desktop.bundle.export import bundle_history

from .helpers import error_dialogs
from .test_report_actions import export_action, save_as  # noqa: F401  (fixture)

pytestmark = pytest.mark.ui


def test_export_bundle_writes_a_valid_bundle_with_the_report(demo_window, save_as, tmp_path):  # noqa: F811
    answers, asked = save_as
    w = demo_window
    action = export_action(w, "exportBundle")
    assert action.text() == "Bundle for the national platform…" and action.isEnabled()
    answers.append(tmp_path / "city")  # no suffix: .zip is added
    action.trigger()
    out = tmp_path / "city.zip"
    assert verify_bundle(out) == []
    import zipfile
    with zipfile.ZipFile(out) as zf:
        assert zf.read("data/report.pdf").startswith(b"%PDF-")
    hist = bundle_history(w.model.ws, w.model.assessment_id)
    assert [h["revision"] for h in hist] == [1]
    assert w.statusBar().currentMessage() == f"Bundle revision 1 saved to {out}"
    assert not error_dialogs()


def test_bundle_action_disabled_without_an_assessment_and_translated(main_window):
    w = main_window
    assert not export_action(w, "exportBundle").isEnabled()
    w.set_ui_language("ru")
    assert export_action(w, "exportBundle").text() == "Пакет для национальной платформы…"
