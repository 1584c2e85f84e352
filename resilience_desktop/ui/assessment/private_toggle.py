"""The lock beside "Why this score": private text stays off the projector, reports and bundles."""

from __future__ import annotations

__all__ = ["PrivateToggle"]

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QToolButton, QWidget

from ...i18n.catalog import tr
from .lock_icon import lock_icon


class PrivateToggle(QToolButton):
    """A checkable lock: closed and labelled "Private" when the text is private, open otherwise.

    It only shows the state; a click asks the panel to change it through an undoable command.
    """

    def __init__(self, parent: QWidget | None = None, *, objectName: str = "") -> None:  # noqa: N803 (Qt style)
        super().__init__(parent)
        if objectName:
            self.setObjectName(objectName)
        self.setCheckable(True)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        self.setIconSize(QSize(22, 22))
        self.setAutoRaise(True)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.set_private(False)

    def set_private(self, private: bool) -> None:
        was = self.blockSignals(True)
        try:
            self.setChecked(private)
        finally:
            self.blockSignals(was)
        self.setIcon(lock_icon(private, "#b3261e" if private else "#5b6472"))
        self.setText(tr("Private") if private else tr("Shared"))
        self.setToolTip(tr("Private: never projected in presentation mode, and left out of reports, "
                           "exports and bundles unless you include private text. Click to share it.")
                        if private else tr("Shared: shown in presentation mode and in reports. "
                                           "Click to make it private."))
        self.setAccessibleName(self.text())
