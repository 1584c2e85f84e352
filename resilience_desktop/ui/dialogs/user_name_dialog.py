""""Your name": who the history says made each change.

The name is kept in the app's settings (``user/name``), asked for at the first start and
changeable at any time (Edit > Your name…). ``RESILIENCE_USER`` still overrides it, for scripts
and shared machines; without either, the operating-system login name is recorded.
"""

from __future__ import annotations

__all__ = ["UserNameDialog", "user_name", "set_user_name", "install", "ask_if_unset", "SETTINGS_KEY"]

import os

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QMenu, QVBoxLayout, QWidget

from ...i18n.catalog import tr
from ...workspace.facade import current_user, save_user_name, saved_user_name
from ...workspace.limits import MAX_CITY_NAME

SETTINGS_KEY = "user/name"


def user_name(settings: QSettings) -> str:
    """The name saved in the settings, else the one the command line reads ('' when none was given)."""
    return str(settings.value(SETTINGS_KEY, "") or "").strip() or saved_user_name()


def set_user_name(window, name: str) -> None:
    """Save ``name`` (for the app and for the command line) and record it from now on in the open
    workspace's history. A name that cannot be kept for the command line still works in the app."""
    window.settings.setValue(SETTINGS_KEY, name.strip())
    try:
        save_user_name(name)
    except OSError:
        pass  # the app's own settings hold it; the command line falls back to the login name
    apply_to_workspace(window)


def apply_to_workspace(window) -> None:
    """Make the open workspace record the current name (``RESILIENCE_USER`` first)."""
    ws = window.model.ws
    if ws is not None:
        ws.user = current_user(user_name(window.settings))


class UserNameDialog(QDialog):
    """Asks for the name to record in the history of every change."""

    def __init__(self, current: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("userNameDialog")
        self.setWindowTitle(tr("Your name"))
        layout = QVBoxLayout(self)
        text = QLabel(tr("Every change is recorded with the name of who made it, so the team can see who scored "
                         "what. Enter your name as colleagues know it (for example \"A. Toktosunova, planning\")."))
        text.setWordWrap(True)
        layout.addWidget(text)
        self.edit = QLineEdit(current, objectName="userNameEdit")
        self.edit.setMaxLength(MAX_CITY_NAME)
        self.edit.setPlaceholderText(tr("Your name"))
        layout.addWidget(self.edit)
        if os.environ.get("RESILIENCE_USER"):
            note = QLabel(tr("RESILIENCE_USER is set to {name!r}; it is recorded instead while it is set.",
                             name=os.environ["RESILIENCE_USER"]), objectName="muted")
            note.setWordWrap(True)
            layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())


def show_dialog(window) -> UserNameDialog:
    """Open the dialog (non-blocking); saving the name when it is accepted."""
    dialog = UserNameDialog(user_name(window.settings), window)
    dialog.accepted.connect(lambda: dialog.edit.text().strip() and set_user_name(window, dialog.edit.text()))
    dialog.open()
    return dialog


def install(window, menu: QMenu) -> None:
    """Add Edit > Your name… and keep every opened workspace recording the name."""
    window._action(menu, tr("Your &name…"), lambda: show_dialog(window), name="userNameAction")
    if not getattr(window, "_user_name_hooked", False):  # menus are rebuilt when the language changes
        window.model.sig_workspace_replaced.connect(lambda: apply_to_workspace(window))
        window._user_name_hooked = True


def ask_if_unset(window) -> UserNameDialog | None:
    """At the first start (no name saved, no ``RESILIENCE_USER``), ask for the name."""
    if user_name(window.settings) or os.environ.get("RESILIENCE_USER"):
        return None
    return show_dialog(window)
