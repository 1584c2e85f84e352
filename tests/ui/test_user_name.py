"""Issue 16 item 7: history says who (the name the person gave) and when (local time, zone named).

Before: history recorded the operating-system login ("root") with nowhere to enter a name, and
times were shown in UTC without saying so (19:56 in Bishkek showed as 13:56).
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from resilience_desktop.ui.dialogs.user_name_dialog import SETTINGS_KEY, UserNameDialog, ask_if_unset
from resilience_desktop.workspace.facade import current_user, saved_user_name

pytestmark = pytest.mark.ui


def test_the_name_given_is_recorded_env_overrides(monkeypatch):
    monkeypatch.delenv("RESILIENCE_USER", raising=False)
    assert current_user("  Айгуль Т.  ") == "Айгуль Т."
    monkeypatch.setenv("RESILIENCE_USER", "script")
    assert current_user("Айгуль Т.") == "script"


def _dialog(qtbot) -> UserNameDialog:
    qtbot.waitUntil(lambda: any(isinstance(w, UserNameDialog) and w.isVisible()
                                for w in QApplication.topLevelWidgets()), timeout=2000)
    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, UserNameDialog) and w.isVisible())


def test_first_start_asks_and_history_records_the_name(assessment_window, qtbot, monkeypatch):
    monkeypatch.delenv("RESILIENCE_USER", raising=False)
    monkeypatch.setenv("TZ", "Asia/Bishkek")
    window = assessment_window
    assert ask_if_unset(window) is not None
    dialog = _dialog(qtbot)
    dialog.edit.setText("Айгуль Токтосунова")
    dialog.accept()
    assert window.settings.value(SETTINGS_KEY) == "Айгуль Токтосунова"
    assert ask_if_unset(window) is None  # asked once
    # kept where the Qt-free command line reads it too (it recorded the login name, "root")
    assert saved_user_name() == "Айгуль Токтосунова" and current_user() == "Айгуль Токтосунова"
    ws, aid = window.model.ws, window.model.assessment_id
    qid = ws.scorecard_of(aid).active_questions[0].id
    panel = window.assessment_view.panel
    panel.set_score(2)
    change = ws.history(aid, qid)[-1]
    assert change.who == "Айгуль Токтосунова"
    assert change.at.endswith("+00:00")  # stored in UTC
    assert "Айгуль Токтосунова" in panel.state_label.text() and "(Asia/Bishkek)" in panel.state_label.text()
    panel.tabs.setCurrentWidget(panel.history_tab)
    when = panel.history.item(0, 0).text()
    assert when.endswith("(Asia/Bishkek)")
    from datetime import datetime, timedelta
    utc = datetime.fromisoformat(change.at)
    assert when.startswith((utc + timedelta(hours=6)).strftime("%Y-%m-%d %H:%M"))


def test_the_menu_changes_the_name_of_an_open_workspace(assessment_window, qtbot, monkeypatch):
    monkeypatch.delenv("RESILIENCE_USER", raising=False)
    window = assessment_window
    window.findChild(type(window.close_action), "userNameAction").trigger()
    dialog = _dialog(qtbot)
    dialog.edit.setText("B. Ismailov")
    dialog.accept()
    assert window.model.ws.user == "B. Ismailov"
    window.close_workspace()
    from pathlib import Path
    assert window.open_workspace(Path(window.recent_files()[0]))
    assert window.model.ws.user == "B. Ismailov"  # every workspace opened later records it too


def test_environment_still_wins(assessment_window, monkeypatch):
    monkeypatch.setenv("RESILIENCE_USER", "batch-job")
    window = assessment_window
    assert ask_if_unset(window) is None  # nothing to ask: the environment decides
    window.settings.setValue(SETTINGS_KEY, "Someone")
    from resilience_desktop.ui.dialogs.user_name_dialog import apply_to_workspace
    apply_to_workspace(window)
    assert window.model.ws.user == "batch-job"
